// Package providers reads Ofsted's register of children's social care
// providers and children's homes (the "Provider Info" table of DfE's
// SSDA903 rules) from a CSV file, so the rules that check a placement's
// Ofsted URN (1008, 219, 221, 224, 227, 228, 229) can run. The file is not
// bundled: a council supplies it (see README.md).
package providers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/ssda903"
)

// Register is a provider register keyed by URN. It implements
// ssda903.Providers; a nil *Register has no providers.
type Register struct {
	byURN map[string]ssda903.Provider
}

var _ ssda903.Providers = (*Register)(nil)

// Provider returns the setting registered under a URN (case, spaces and an
// Excel ".0" ignored); ok is false when the register does not list it.
func (r *Register) Provider(urn string) (ssda903.Provider, bool) {
	if r == nil {
		return ssda903.Provider{}, false
	}
	p, ok := r.byURN[NormaliseURN(urn)]
	return p, ok
}

// Len is the number of distinct URNs in the register.
func (r *Register) Len() int {
	if r == nil {
		return 0
	}
	return len(r.byURN)
}

// FromRows builds a register from providers given in code (for tests and
// for callers that read another format). Fields are normalised as Read
// normalises them, and rows sharing a URN are merged as Read merges them.
func FromRows(rows []ssda903.Provider) *Register {
	r := &Register{byURN: make(map[string]ssda903.Provider, len(rows))}
	for _, p := range rows {
		p.URN = NormaliseURN(p.URN)
		if p.URN == "" {
			continue
		}
		p.Postcode = NormalisePostcode(p.Postcode)
		p.LA = strings.TrimSpace(p.LA)
		p.Places = codes(strings.Join(p.Places, ","))
		p.Providers = codes(strings.Join(p.Providers, ","))
		r.add(p)
	}
	return r
}

// add records p, merging it into an earlier row with the same URN: the
// codes of both, the first postcode and LA given, and the earliest
// registration and closure dates. (DfE's tool faults a placement if any of
// a URN's rows faults it, which the earliest closure reproduces.)
func (r *Register) add(p ssda903.Provider) {
	q, ok := r.byURN[p.URN]
	if !ok {
		r.byURN[p.URN] = p
		return
	}
	if q.Postcode == "" {
		q.Postcode = p.Postcode
	}
	if q.LA == "" {
		q.LA = p.LA
	}
	q.Places = union(q.Places, p.Places)
	q.Providers = union(q.Providers, p.Providers)
	q.Registered = earlier(q.Registered, p.Registered)
	q.Closed = earlier(q.Closed, p.Closed)
	r.byURN[p.URN] = q
}

func union(a, b []string) []string {
	for _, c := range b {
		if !slices.Contains(a, c) {
			a = append(slices.Clip(a), c)
		}
	}
	return a
}

// earlier is the earlier of two dates, either of which may be missing.
func earlier(a, b ssda903.Date) ssda903.Date {
	if !a.OK || b.OK && b.Before(a.Time) {
		return b
	}
	return a
}

// Load reads a register CSV file (see Read).
func Load(path string) (*Register, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Read(path, data)
}

// field is one item of the register, and the column names (compared
// after key folds them) that give it in the files Ofsted and DfE publish.
type field struct {
	name     string
	required bool
	aliases  []string
}

const (
	fURN = iota
	fPostcode
	fLA
	fPlaces
	fProviders
	fRegistered
	fClosed
)

// fields are the columns Read recognises, in the order of the constants
// above. The children's homes list calls its placement codes "Provider
// Code" and its provider codes "Provider Placement Code"; the social care
// providers list calls them "Placement code" and "Placement provider code".
var fields = []field{
	fURN:        {"URN", true, []string{"urn"}},
	fPostcode:   {"postcode", true, []string{"postcode", "setting postcode", "setting address postcode", "provider postcode"}},
	fLA:         {"local authority", false, []string{"la", "la code", "local authority", "provider local authority"}},
	fPlaces:     {"placement codes", true, []string{"place codes", "placement code", "placement codes", "provider code"}},
	fProviders:  {"placement provider codes", true, []string{"provider codes", "placement provider code", "placement provider codes", "provider placement code"}},
	fRegistered: {"registration date", false, []string{"reg start", "registration date", "registered date", "date of registration"}},
	fClosed:     {"closure date", true, []string{"reg end", "closed date", "closure date", "deregistration date", "date closed"}},
}

var nonAlnum = regexp.MustCompile(`[^a-z0-9]+`)

// key folds a column name for matching: lower case, runs of anything but
// letters and digits as one space.
func key(s string) string {
	return strings.TrimSpace(nonAlnum.ReplaceAllString(strings.ToLower(s), " "))
}

// Read reads a register from CSV: a header row, then one setting a row.
// Columns are recognised by name, in any order, case and punctuation
// ignored (README.md lists the names); other columns are ignored. URN,
// postcode, placement codes, placement provider codes and closure date are
// required columns, though a row's cells may be blank; rows without a URN
// are skipped. A UTF-8 byte-order mark is allowed. Columns not read may
// hold anything (Excel's Windows-1252 apostrophes in provider names), but
// the cells read must be UTF-8. Errors name the file, line and column.
func Read(name string, data []byte) (*Register, error) {
	fail := func(line int, col, format string, a ...any) error {
		return &sightline.InputError{File: name, Line: line, Column: col, Msg: fmt.Sprintf(format, a...)}
	}
	data, err := sightline.TextFile(name, data, "it should be Ofsted's provider register saved as CSV")
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return nil, csvErr(name, err)
	}
	col := make([]int, len(fields)) // field → column index, -1 when absent
	for f := range col {
		col[f] = -1
	}
	for j, h := range header {
		k := key(h)
		for f, fd := range fields {
			if !slices.Contains(fd.aliases, k) {
				continue
			}
			if col[f] >= 0 {
				return nil, fail(1, h, "column %q also gives the %s; keep one of them", header[col[f]], fd.name)
			}
			col[f] = j
		}
	}
	var missing []string
	for f, fd := range fields {
		if fd.required && col[f] < 0 {
			missing = append(missing, fmt.Sprintf("%s (%s)", fd.name, strings.Join(fd.aliases, ", ")))
		}
	}
	if len(missing) > 0 {
		return nil, fail(1, "", "not a provider register: no column for %s", strings.Join(missing, "; "))
	}
	la := laCodes()
	reg := &Register{byURN: map[string]ssda903.Provider{}}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(name, err)
		}
		line, _ := cr.FieldPos(0)
		cell := func(f int) (string, error) {
			j := col[f]
			if j < 0 || j >= len(rec) {
				return "", nil
			}
			if !utf8.ValidString(rec[j]) {
				return "", fail(line, header[j], "text is not valid UTF-8 (the file looks Windows-1252 encoded); save it as UTF-8 CSV")
			}
			return strings.TrimSpace(rec[j]), nil
		}
		var v [7]string
		for f := range fields {
			if v[f], err = cell(f); err != nil {
				return nil, err
			}
		}
		urn := NormaliseURN(v[fURN])
		if urn == "" {
			continue // blank lines, and the notes some lists end with
		}
		p := ssda903.Provider{
			URN:       urn,
			Postcode:  NormalisePostcode(v[fPostcode]),
			LA:        la(v[fLA]),
			Places:    codes(v[fPlaces]),
			Providers: codes(v[fProviders]),
		}
		for _, d := range []struct {
			f   int
			dst *ssda903.Date
		}{{fRegistered, &p.Registered}, {fClosed, &p.Closed}} {
			if v[d.f] == "" {
				continue
			}
			if *d.dst = parseDate(v[d.f]); !d.dst.OK {
				return nil, fail(line, header[col[d.f]], "%q is not a date (dd/mm/yyyy or yyyy-mm-dd)", v[d.f])
			}
		}
		reg.add(p)
	}
	return reg, nil
}

func csvErr(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &sightline.InputError{File: name, Line: pe.Line, Msg: pe.Err.Error()}
	}
	return &sightline.InputError{File: name, Msg: err.Error()}
}

// NormaliseURN is a URN as the register keys it: trimmed, upper case, and
// without the ".0" Excel adds to a numeric URN saved as CSV.
func NormaliseURN(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if d, ok := strings.CutSuffix(s, ".0"); ok && d != "" && strings.Trim(d, "0123456789") == "" {
		s = d
	}
	return s
}

// NormalisePostcode is a postcode in upper case with one space before the
// inward code ("ab12cd" → "AB1 2CD"); text too short to be a postcode is
// only upper-cased with its spaces removed.
func NormalisePostcode(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) >= 5 && len(s) <= 8 {
		s = s[:len(s)-3] + " " + s[len(s)-3:]
	}
	return s
}

// codes splits a cell of codes ("K2/PR1, PR2") into upper-case codes, each
// once; commas, slashes, semicolons and spaces separate them.
func codes(s string) []string {
	var out []string
	for _, c := range strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool {
		return r == ',' || r == '/' || r == ';' || r == ' ' || r == '\t' || r == '|'
	}) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

var dateLayouts = []string{"2006-01-02", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "02-01-2006", "2 Jan 2006", "2 January 2006", "02-Jan-2006", "02-Jan-06"}

// parseDate reads the register's dates: DfE's dd/mm/yyyy, or the ISO and
// spelled-out forms spreadsheets save.
func parseDate(s string) ssda903.Date {
	if d := ssda903.ParseDate(s); d.OK {
		return d
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			y, m, d := t.Date()
			return ssda903.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), OK: true}
		}
	}
	return ssda903.Date{}
}

// laCodes is a function giving a local authority cell's three-digit
// DfE LA number: the cell itself when it is one, else the number of the
// council with that GSS code or name (Ofsted's lists give names); "" when
// none matches.
var laCodes = sync.OnceValue(func() func(string) string {
	byName := map[string]string{}
	byCode := map[string]string{}
	for _, c := range geography.Default().Councils() {
		byCode[c.Code] = c.OldCode
		n := councilKey(c.Name)
		if _, dup := byName[n]; !dup || c.Current {
			byName[n] = c.OldCode
		}
	}
	return func(s string) string {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			return ""
		case len(s) == 3 && strings.Trim(s, "0123456789") == "":
			return s
		}
		if c, ok := byCode[strings.ToUpper(s)]; ok {
			return c
		}
		return byName[councilKey(s)]
	}
})

// councilKey folds a council's name so that Ofsted's and ONS's spellings
// meet: "Bristol, City of" and "City of Bristol" and "Bristol" alike.
func councilKey(s string) string {
	k := " " + key(strings.ReplaceAll(s, "&", " and ")) + " "
	for _, w := range []string{" royal borough of ", " borough of ", " city of ", " county of ", " county ", " council ", " the "} {
		k = strings.ReplaceAll(k, w, " ")
	}
	return strings.Join(strings.Fields(k), " ")
}
