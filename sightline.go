// Package sightline holds Sightline's domain: the councils, published
// observations, indicators and judgements that every other package reads or
// writes, and the Store interface that the storage packages implement.
//
// It imports nothing outside the standard library so that any package may
// depend on it without pulling in a database, a web framework or a parser.
package sightline

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// England's and the regions' ONS codes, used where a series is compared with
// the national or regional figure.
const (
	EnglandCode = "E92000001"
	EnglandName = "England"
)

// Level is the EES geographic level of a row. Sightline keeps the three levels
// the children's social care publications use; others are rejected on import.
type Level string

// The geographic levels Sightline reads.
const (
	National       Level = "National"
	Regional       Level = "Regional"
	LocalAuthority Level = "Local authority"
)

// Symbols used by EES files in place of a number. They carry meaning (a
// suppressed count is not a zero) so they are kept, never coerced.
var Symbols = map[string]string{
	"c":   "confidential: suppressed to protect individuals",
	"x":   "not available",
	"z":   "not applicable",
	"low": "rounds to zero but is not zero",
	"k":   "below 0.5%",
	"~":   "rounds to zero (legacy symbol)",
	":":   "not available (legacy symbol)",
	"u":   "low reliability",
}

// IsSymbol reports whether s is one of the EES symbols.
func IsSymbol(s string) bool { _, ok := Symbols[s]; return ok }

var (
	thousandsRe = regexp.MustCompile(`^-?\d{1,3}(,\d{3})+(\.\d+)?$`)
	numberRe    = regexp.MustCompile(`^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$`)
)

// Value is a published figure: a number, or a symbol standing in for one.
// The zero Value is the number 0; use Missing for "no figure at all".
type Value struct {
	Num    float64
	Symbol string // non-empty when there is no number
}

// Number makes a numeric Value.
func Number(f float64) Value { return Value{Num: f} }

// Sym makes a symbolic Value.
func Sym(s string) Value { return Value{Symbol: s} }

// Missing is the value of a cell that a publication left empty or never had.
// It is shown as "x" (not available), the EES symbol for that case.
var Missing = Value{Symbol: "x"}

// IsNumber reports whether v carries a number.
func (v Value) IsNumber() bool { return v.Symbol == "" }

// Format renders v to the given number of decimal places, or as its symbol.
func (v Value) Format(dp int) string {
	if !v.IsNumber() {
		return v.Symbol
	}
	return strconv.FormatFloat(Round(v.Num, dp), 'f', dp, 64)
}

// String renders v as it would appear in an EES CSV cell.
func (v Value) String() string {
	if !v.IsNumber() {
		return v.Symbol
	}
	return strconv.FormatFloat(v.Num, 'f', -1, 64)
}

// ParseValue reads an EES cell: a number (thousands separators allowed), a
// symbol, or empty (Missing). ok is false for anything else.
func ParseValue(s string) (v Value, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Missing, true
	}
	if IsSymbol(s) {
		return Sym(s), true
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") && IsSymbol(strings.ToLower(s[1:len(s)-1])) {
		return Sym(strings.ToLower(s[1 : len(s)-1])), true
	}
	if strings.Contains(s, ",") {
		// Thousands separators only where they group thousands: "1,234"
		// is a number, "1,2,3" is not.
		if !thousandsRe.MatchString(s) {
			return Value{}, false
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	if !numberRe.MatchString(s) {
		return Value{}, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return Value{}, false
	}
	return Number(f), true
}

// ValueJSON is the API's shape of a Value: value is null whenever symbol is set.
type ValueJSON struct {
	Value  *float64 `json:"value"`
	Symbol *string  `json:"symbol"`
}

// JSON converts v into its API shape.
func (v Value) JSON() ValueJSON {
	if v.IsNumber() {
		n := v.Num
		return ValueJSON{Value: &n}
	}
	s := v.Symbol
	return ValueJSON{Symbol: &s}
}

// Round rounds half away from zero to dp decimal places, as DfE's published
// tables do.
func Round(f float64, dp int) float64 {
	p := math.Pow(10, float64(dp))
	return math.Round(f*p) / p
}

// Unit is what an indicator's value counts or measures.
type Unit string

// Units of indicators.
const (
	Percent        Unit = "%"
	PerTenThousand Unit = "per 10,000"
	Count          Unit = "number"
	Pounds         Unit = "£"
	Months         Unit = "months"
	Score          Unit = "score"
	Ratio          Unit = "cases per worker"
)

// Observation is one cell of a published table in long form: which dataset,
// which period and area, which filter combination, which measure, and its value.
type Observation struct {
	Dataset string
	Period  string // time_period as published: "2025", "202425"
	TimeID  string // time_identifier as published: "Reporting year", "Academic year"…
	Year    int    // the calendar year the period ends in, for lining series up
	Level   Level
	Area    string // ONS code of the country, region or council
	Filters string // canonical filter combination, see Filters
	Measure string
	Value   Value
}

// Filters is a canonical, comparable rendering of a row's filter columns:
// "col=value" pairs joined by "|" in the file's column order.
type Filters string

// MakeFilters builds the canonical string from column names and values.
func MakeFilters(cols, vals []string) string {
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(c)
		b.WriteByte('=')
		b.WriteString(vals[i])
	}
	return b.String()
}

// Matches reports whether every filter in want has the same value in f.
// Filters not named in want may take any value.
func (f Filters) Matches(want map[string]string) bool {
	if len(want) == 0 {
		return true
	}
	n := 0
	for _, kv := range strings.Split(string(f), "|") {
		k, v, _ := strings.Cut(kv, "=")
		if w, ok := want[k]; ok {
			if !strings.EqualFold(strings.TrimSpace(w), strings.TrimSpace(v)) {
				return false
			}
			n++
		}
	}
	return n == len(want)
}

// Area is a country, region or council as named in a publication.
type Area struct {
	Code       string // nine-character ONS code
	OldCode    string // DfE's three-digit LA number, for councils
	Name       string
	Level      Level
	RegionCode string
	RegionName string
	FirstYear  int // first and last year the area appears in the data
	LastYear   int
}

// Council is a local authority with children's services responsibilities,
// with its place in the history of reorganisations.
type Council struct {
	Code         string   `json:"code"`
	OldCode      string   `json:"old_la_code"`
	Name         string   `json:"name"`
	RegionCode   string   `json:"region_code"`
	RegionName   string   `json:"region_name"`
	Current      bool     `json:"current"`
	FirstYear    int      `json:"first_year,omitempty"` // first reporting year, for councils created by a reorganisation
	LastYear     int      `json:"last_year,omitempty"`  // last reporting year, for councils abolished by one
	Predecessors []string `json:"predecessors"`
	Successors   []string `json:"successors"`
}

// Grade is an Ofsted judgement.
type Grade string

// Ofsted's four grades.
const (
	Outstanding         Grade = "Outstanding"
	Good                Grade = "Good"
	RequiresImprovement Grade = "Requires improvement to be good"
	Inadequate          Grade = "Inadequate"
)

// Judgement is an Ofsted ILACS inspection outcome.
type Judgement struct {
	Council           string    `json:"council"`
	CouncilName       string    `json:"council_name"`
	InspectionDate    time.Time `json:"inspection_date"`
	PublicationDate   time.Time `json:"publication_date"`
	Type              string    `json:"inspection_type"`
	Overall           Grade     `json:"overall_effectiveness"`
	Leaders           Grade     `json:"leaders"`
	HelpAndProtection Grade     `json:"help_and_protection"`
	ChildrenInCare    Grade     `json:"children_in_care"`
	CareLeavers       Grade     `json:"care_leavers"`
}

// Neighbour is one of a council's statistical neighbours under a model
// ("2021" groupings or the "2025" model), closest first.
type Neighbour struct {
	Model     string `json:"model"`
	Council   string `json:"council"`
	Neighbour string `json:"neighbour"`
	Rank      int    `json:"rank"`
	Closeness string `json:"closeness"`
}

// Dataset describes one imported source file.
type Dataset struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	File       string    `json:"file"`
	Kind       string    `json:"kind"` // ees, neighbours, ofsted, spend, fingertips, lookup
	SHA256     string    `json:"sha256"`
	Rows       int       `json:"rows"`
	ImportedAt time.Time `json:"imported_at"`
	// Filters and Measures are the file's columns in header order, so an
	// export can give the table back in the shape it was published in.
	Filters  []string `json:"filters"`
	Measures []string `json:"measures"`
}

// Batch is everything one source file contributes to the store. A Batch is
// imported atomically: all of it replaces what the same dataset held before,
// or none of it does.
type Batch struct {
	Dataset      Dataset
	Observations []Observation
	Areas        []Area
	Judgements   []Judgement
	Neighbours   []Neighbour
}

// ObservationQuery selects observations from one dataset.
type ObservationQuery struct {
	Dataset  string
	Measures []string // empty: all measures
}

// Store keeps imported data. The embedded DuckDB store and the PostgreSQL
// server store implement it; callers never see SQL.
type Store interface {
	// Import replaces the batch's dataset atomically. It reports false when
	// the same file (by SHA-256) was already imported and nothing changed.
	Import(ctx context.Context, b *Batch) (changed bool, err error)
	Datasets(ctx context.Context) ([]Dataset, error)
	Observations(ctx context.Context, q ObservationQuery) ([]Observation, error)
	Areas(ctx context.Context) ([]Area, error)
	Judgements(ctx context.Context) ([]Judgement, error)
	Neighbours(ctx context.Context) ([]Neighbour, error)
	Close() error
}

// InputError is a problem with an input file, located precisely enough for a
// person to open the file and fix it.
type InputError struct {
	File   string
	Line   int    // 1-based line (or row) number; 0 when the whole file is at fault
	Column string // column name or letter; empty when not about one column
	Msg    string
}

// Error reads "file: line N, column \"c\": message", the form editors and
// terminals link to.
func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// TextFile prepares a text file for a reader: it drops a UTF-8 byte-order
// mark and refuses a file saved as UTF-16 or holding nothing but blank
// lines, with an InputError naming the file, so that every reader says the
// same thing about the same mistake. hint, when given, is added to the
// empty-file message (what the file should have held).
func TextFile(name string, data []byte, hint string) ([]byte, error) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return nil, &InputError{File: name, Line: 1, Msg: "file is encoded as UTF-16; save it as UTF-8 (CSV UTF-8 in Excel)"}
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if len(bytes.TrimSpace(data)) == 0 {
		msg := "file is empty"
		if hint != "" {
			msg += "; " + hint
		}
		return nil, &InputError{File: name, Msg: msg}
	}
	return data, nil
}
