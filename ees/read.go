// Package ees reads and writes the Explore Education Statistics (EES) tidy CSV
// format in which DfE publishes its statistics: one row per period, area and
// filter combination, one column per measure, with symbols such as "c"
// (suppressed) standing in for numbers.
package ees

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sightline-uk/sightline"
)

// Time and geography columns that every EES file may carry; they are neither
// filters nor measures.
var standardColumns = map[string]bool{
	"time_period": true, "time_identifier": true, "geographic_level": true,
	"country_code": true, "country_name": true, "region_code": true, "region_name": true,
	"old_la_code": true, "new_la_code": true, "la_name": true,
}

// Required columns: without them a file is not an EES tidy CSV.
var required = []string{"time_period", "time_identifier", "geographic_level"}

var (
	laCodeRe     = regexp.MustCompile(`^E(06|08|09|10)\d{6}$`)
	oldLACodeRe  = regexp.MustCompile(`^\d{3}$`)
	regionCodeRe = regexp.MustCompile(`^E1[23]\d{6}$`)
	countryRe    = regexp.MustCompile(`^[EKWSN]92\d{6}$`)
	columnNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_]*$`)
	periodRe     = regexp.MustCompile(`^(\d{4})(\d{2})?$`)
)

// Options tune a read.
type Options struct {
	// Dataset names the observations; defaults to the file name without ".csv".
	Dataset string
	// Columns, when set, is the exact set of filter and measure columns this
	// dataset is known to have; any other column is an error. It guards against
	// a renamed or misplaced file silently changing what an indicator reads.
	Columns []string
	// Measures forces these columns to be read as measures (as an EES
	// .meta.csv would); other non-standard columns are classified by content.
	Measures []string
	// Durations are measures published as "years:months" (such as "01:04"),
	// read as a number of months.
	Durations []string
	// CheckCouncil, when set, is asked about every local authority row's codes
	// and name, and returns an error for codes it does not know.
	CheckCouncil func(code, oldCode, name string) error
}

// Table is a parsed EES file.
type Table struct {
	File         string
	Dataset      string
	Columns      []string // as in the header
	Filters      []string // filter columns, in header order
	Measures     []string // measure columns, in header order
	Rows         int
	Observations []sightline.Observation
	Areas        []sightline.Area
}

// Read parses an EES tidy CSV completely, or returns an *sightline.InputError
// naming the file, line and column of the first problem. It never returns a
// partial table.
func Read(r io.Reader, file string, opt Options) (*Table, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &sightline.InputError{File: file, Msg: "cannot read: " + err.Error()}
	}
	return Parse(data, file, opt)
}

// Parse is Read on bytes already in memory.
func Parse(data []byte, file string, opt Options) (*Table, error) {
	fail := func(line int, col, format string, a ...any) error {
		return &sightline.InputError{File: file, Line: line, Column: col, Msg: fmt.Sprintf(format, a...)}
	}
	data, err := sightline.TextFile(file, data, "")
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(data) {
		line, col := invalidUTF8At(data)
		return nil, fail(line, "", "byte %d of the line is not valid UTF-8 (the file looks Windows-1252 or Latin-1 encoded); save it as UTF-8", col)
	}
	if data[len(data)-1] != '\n' {
		// Every EES file ends its last row with a line ending; a missing one
		// means the download or copy was cut short.
		return nil, fail(bytes.Count(data, []byte{'\n'})+1, "", "file ends in the middle of a line: it looks truncated (re-download it)")
	}

	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(file, data, nil, err)
	}
	cols := make([]string, len(header))
	seen := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		cols[i] = h
		if h == "" {
			return nil, fail(1, colLetter(i), "column %d has no name", i+1)
		}
		if !columnNameRe.MatchString(h) {
			return nil, fail(1, h, "column name %q is not an EES column name (letters, digits and underscores)", h)
		}
		if j, dup := seen[h]; dup {
			return nil, fail(1, h, "column %q appears twice (columns %d and %d)", h, j+1, i+1)
		}
		seen[h] = i
	}
	for _, c := range required {
		if _, ok := seen[c]; !ok {
			return nil, fail(1, c, "not an EES tidy CSV: required column %q is missing (a file from Explore Education Statistics has time_period, time_identifier and geographic_level)", c)
		}
	}
	idx := func(c string) int {
		if i, ok := seen[c]; ok {
			return i
		}
		return -1
	}
	if opt.Columns != nil {
		known := map[string]bool{}
		for _, c := range opt.Columns {
			known[c] = true
		}
		for _, c := range cols {
			if !standardColumns[c] && !known[c] {
				return nil, fail(1, c, "unknown column %q for dataset %s (expected columns: %s)", c, opt.Dataset, strings.Join(opt.Columns, ", "))
			}
		}
		for _, c := range opt.Columns {
			if _, ok := seen[c]; !ok {
				return nil, fail(1, c, "column %q of dataset %s is missing", c, opt.Dataset)
			}
		}
	}

	var records [][]string
	lines := []int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(file, data, cols, err)
		}
		line, _ := cr.FieldPos(0)
		records = append(records, append([]string(nil), rec...))
		lines = append(lines, line)
	}
	if len(records) == 0 {
		return nil, fail(2, "", "file has a header but no rows")
	}

	t := &Table{File: file, Dataset: opt.Dataset, Columns: cols, Rows: len(records)}
	if t.Dataset == "" {
		t.Dataset = DatasetID(file)
	}
	forced := map[string]bool{}
	for _, m := range opt.Measures {
		forced[m] = true
	}
	for i, c := range cols {
		if standardColumns[c] {
			continue
		}
		if forced[c] || looksLikeMeasure(records, i) || slices.Contains(opt.Durations, c) {
			t.Measures = append(t.Measures, c)
		} else {
			t.Filters = append(t.Filters, c)
		}
	}
	if len(t.Measures) == 0 {
		return nil, fail(1, "", "no measure columns: no column other than time, geography and filters holds numbers")
	}
	filterIdx := make([]int, len(t.Filters))
	for i, f := range t.Filters {
		filterIdx[i] = seen[f]
	}
	measureIdx := make([]int, len(t.Measures))
	duration := make([]bool, len(t.Measures))
	for i, m := range t.Measures {
		measureIdx[i] = seen[m]
		duration[i] = slices.Contains(opt.Durations, m)
	}

	get := func(rec []string, c string) string {
		if i := idx(c); i >= 0 {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	areas := map[string]*sightline.Area{}
	rowKeys := map[string]int{}
	fvals := make([]string, len(t.Filters))
	t.Observations = make([]sightline.Observation, 0, len(records)*len(t.Measures))
	for n, rec := range records {
		line := lines[n]
		period := get(rec, "time_period")
		pm := periodRe.FindStringSubmatch(period)
		if pm == nil {
			return nil, fail(line, "time_period", "time period %q is not a year (2025) or a span of years (202425)", period)
		}
		year, _ := strconv.Atoi(pm[1])
		if pm[2] != "" {
			end, _ := strconv.Atoi(pm[2])
			if (year+1)%100 != end {
				return nil, fail(line, "time_period", "time period %q is not two consecutive years", period)
			}
			year++
		}
		timeID := get(rec, "time_identifier")
		if timeID == "" {
			return nil, fail(line, "time_identifier", "time identifier is empty")
		}
		level := sightline.Level(get(rec, "geographic_level"))
		var area sightline.Area
		switch level {
		case sightline.National:
			area = sightline.Area{Code: get(rec, "country_code"), Name: get(rec, "country_name"), Level: level}
			if !countryRe.MatchString(area.Code) {
				return nil, fail(line, "country_code", "country code %q is not an ONS country code such as E92000001", area.Code)
			}
		case sightline.Regional:
			area = sightline.Area{Code: get(rec, "region_code"), Name: get(rec, "region_name"), Level: level}
			if !regionCodeRe.MatchString(area.Code) {
				return nil, fail(line, "region_code", "region code %q is not an ONS region code such as E12000001", area.Code)
			}
		case sightline.LocalAuthority:
			area = sightline.Area{Code: get(rec, "new_la_code"), OldCode: get(rec, "old_la_code"), Name: get(rec, "la_name"),
				Level: level, RegionCode: get(rec, "region_code"), RegionName: get(rec, "region_name")}
			if !eachPart(area.Code, laCodeRe) {
				return nil, fail(line, "new_la_code", "local authority code %q is not a nine-character ONS code for a council with children's services (E06, E08, E09 or E10)", area.Code)
			}
			if area.OldCode != "" && !eachPart(area.OldCode, oldLACodeRe) {
				return nil, fail(line, "old_la_code", "old LA code %q is not a three-digit DfE LA number", area.OldCode)
			}
			if opt.CheckCouncil != nil {
				if err := opt.CheckCouncil(area.Code, area.OldCode, area.Name); err != nil {
					return nil, fail(line, "new_la_code", "%v", err)
				}
			}
		case "":
			return nil, fail(line, "geographic_level", "geographic level is empty")
		default:
			// Other levels (Local authority district, Parliamentary
			// constituency…) are valid EES but not what Sightline measures.
			continue
		}
		for i, fi := range filterIdx {
			fvals[i] = strings.TrimSpace(rec[fi])
		}
		filters := sightline.MakeFilters(t.Filters, fvals)
		key := period + "\x00" + string(level) + "\x00" + area.Code + "\x00" + filters
		if prev, dup := rowKeys[key]; dup {
			return nil, fail(line, "", "duplicate row: same period, area and filters as line %d (%s, %s %s)", prev, period, level, area.Code)
		}
		rowKeys[key] = line
		if a := areas[area.Code]; a == nil {
			area.FirstYear, area.LastYear = year, year
			areas[area.Code] = &area
		} else {
			if year < a.FirstYear {
				a.FirstYear = year
			}
			if year >= a.LastYear {
				a.LastYear = year
				if area.Name != "" {
					a.Name = area.Name
				}
			}
		}
		for i, mi := range measureIdx {
			v, ok := sightline.ParseValue(rec[mi])
			if !ok && duration[i] {
				v, ok = parseDuration(rec[mi])
			}
			if !ok {
				return nil, fail(line, t.Measures[i], "value %q is neither a number nor an EES symbol (c, x, z, low, k, ~, :)", rec[mi])
			}
			t.Observations = append(t.Observations, sightline.Observation{
				Dataset: t.Dataset, Period: period, TimeID: timeID, Year: year, Level: level, Area: area.Code,
				Filters: filters, Measure: t.Measures[i], Value: v,
			})
		}
	}
	for _, a := range areas {
		t.Areas = append(t.Areas, *a)
	}
	return t, nil
}

// parseDuration reads "YY:MM" as a number of months.
func parseDuration(s string) (sightline.Value, bool) {
	y, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return sightline.Value{}, false
	}
	yi, err1 := strconv.Atoi(y)
	mi, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || yi < 0 || mi < 0 || mi > 11 {
		return sightline.Value{}, false
	}
	return sightline.Number(float64(yi*12 + mi)), true
}

// eachPart matches every part of a code that may name a jointly reported
// service ("E09000021 / E09000027").
func eachPart(code string, re *regexp.Regexp) bool {
	for _, p := range strings.Split(code, "/") {
		if !re.MatchString(strings.TrimSpace(p)) {
			return false
		}
	}
	return true
}

// looksLikeMeasure classifies a column by its cells: a measure when most of
// its non-empty cells are numbers or symbols. A measure column with the odd
// stray word is still a measure, so that word is then reported as an error
// rather than silently turning the column into a filter.
func looksLikeMeasure(records [][]string, col int) bool {
	num, text := 0, 0
	for _, r := range records {
		s := strings.TrimSpace(r[col])
		if s == "" {
			continue
		}
		if _, ok := sightline.ParseValue(s); ok {
			num++
		} else {
			text++
		}
	}
	return num > 0 && text*10 < num
}

// DatasetID derives a dataset id from a file name: the base name without
// directories or a .csv ending.
func DatasetID(file string) string {
	if i := strings.LastIndexAny(file, `/\`); i >= 0 {
		file = file[i+1:]
	}
	return strings.TrimSuffix(strings.TrimSuffix(file, ".gz"), ".csv")
}

// csvError locates a CSV syntax error: encoding/csv reports the byte
// column of the line, which is turned into the column's name when the
// header is known.
func csvError(file string, data []byte, cols []string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		ie := &sightline.InputError{File: file, Line: pe.Line, Msg: pe.Err.Error()}
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			ie.Msg = "wrong number of fields: the row does not have as many cells as the header (a truncated or hand-edited file?)"
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			ie.Msg = fmt.Sprintf("unbalanced quotation mark at character %d of line %d: %s", pe.Column, pe.Line, pe.Err)
			if pe.StartLine != pe.Line {
				ie.Msg += fmt.Sprintf(" (the row starts on line %d)", pe.StartLine)
			}
			if f := fieldAt(data, pe.StartLine, pe.Line, pe.Column); f >= 0 && f < len(cols) {
				ie.Column = cols[f]
			}
		}
		return ie
	}
	return &sightline.InputError{File: file, Msg: err.Error()}
}

// fieldAt returns the 0-based index of the field holding the byte at line
// and col (both 1-based) of the row that starts on startLine, by counting the
// commas outside quotation marks; -1 if the position is not in data.
func fieldAt(data []byte, startLine, line, col int) int {
	lineStart := func(n int) int {
		off := 0
		for l := 1; l < n; l++ {
			i := bytes.IndexByte(data[off:], '\n')
			if i < 0 {
				return -1
			}
			off += i + 1
		}
		return off
	}
	from, to := lineStart(startLine), lineStart(line)
	if from < 0 || to < 0 {
		return -1
	}
	to = min(to+col-1, len(data))
	field, quoted := 0, false
	for _, c := range data[from:to] {
		switch {
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			field++
		}
	}
	return field
}

func invalidUTF8At(data []byte) (line, col int) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for line = 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if !utf8.Valid(b) {
			for i := 0; i < len(b); {
				r, size := utf8.DecodeRune(b[i:])
				if r == utf8.RuneError && size == 1 {
					return line, i + 1
				}
				i += size
			}
		}
	}
	return line, 0
}

func colLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}
