// Package ssda903 reads the SSDA903 children looked after return (CSV
// tables or XML) into a Return that validation rules and indicators read.
// Rules live in sub-packages, one per collection year (y2024 for 2024/25),
// each layered on the year before.
package ssda903

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Table names, as DfE's rule specification uses them.
const (
	Header         = "Header"
	Episodes       = "Episodes"
	Reviews        = "Reviews"
	UASC           = "UASC"
	OC2            = "OC2"
	OC3            = "OC3"
	AD1            = "AD1"
	PlacedAdoption = "PlacedAdoption"
	PrevPerm       = "PrevPerm"
	Missing        = "Missing"
	SWEpisodes     = "SWEpisodes"
	DoLo           = "DoLo"
)

// Columns are each table's columns in the 2024/25 specification. Tables are
// recognised by these, not by file names.
var Columns = map[string][]string{
	Header:         {"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"},
	Episodes:       {"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"},
	Reviews:        {"CHILD", "DOB", "REVIEW", "REVIEW_CODE"},
	UASC:           {"CHILD", "SEX", "DOB", "DUC"},
	OC2:            {"CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"},
	OC3:            {"CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"},
	AD1:            {"CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"},
	PlacedAdoption: {"CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"},
	PrevPerm:       {"CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"},
	Missing:        {"CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"},
	SWEpisodes:     {"CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"},
	DoLo:           {"CHILD", "DOB", "DOLO_START", "DOLO_END"},
}

// TableNames lists the tables in the order reports present them.
var TableNames = []string{Header, Episodes, Reviews, UASC, OC2, OC3, AD1, PlacedAdoption, PrevPerm, Missing, SWEpisodes, DoLo}

// Table is one table of a return: cells as published (trimmed strings), with
// typed views parsed once on first use.
type Table struct {
	Name    string
	File    string
	Columns []string
	Rows    [][]string
	// Lines gives each row's place in its source: the CSV line number, or
	// the CHILD element's position in the XML file.
	Lines []int

	once   sync.Once
	colIdx map[string]int
	mu     sync.Mutex
	child  map[string][]int
	// Per-column caches, filled on first use and read without locking:
	// rules run in parallel and read the same columns many times.
	dates   sync.Map // column → []Date
	columns sync.Map // column → []string
	sorted  sync.Map // column → []int
	derived sync.Map // caller's key → *derived
}

type derived struct {
	once sync.Once
	v    any
}

// Date is a parsed dd/mm/yyyy cell; OK is false for empty or malformed cells.
type Date struct {
	time.Time
	OK bool
}

func (t *Table) init() {
	t.once.Do(func() {
		t.colIdx = make(map[string]int, len(t.Columns))
		for i, c := range t.Columns {
			t.colIdx[c] = i
		}
	})
}

// Len is the number of rows; a nil table has none.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	return len(t.Rows)
}

// Has reports whether the table has a column.
func (t *Table) Has(col string) bool {
	if t == nil {
		return false
	}
	t.init()
	_, ok := t.colIdx[col]
	return ok
}

// Str is a cell's text, "" for a missing column or row.
func (t *Table) Str(row int, col string) string {
	if t == nil || row < 0 || row >= len(t.Rows) {
		return ""
	}
	t.init()
	i, ok := t.colIdx[col]
	if !ok || i >= len(t.Rows[row]) {
		return ""
	}
	return t.Rows[row][i]
}

// Blank reports whether a cell is empty.
func (t *Table) Blank(row int, col string) bool { return t.Str(row, col) == "" }

// Int parses a cell as a whole number.
func (t *Table) Int(row int, col string) (int, bool) {
	n, err := strconv.Atoi(t.Str(row, col))
	return n, err == nil
}

// Float parses a cell as a number ("1.0" as some exports write integers).
func (t *Table) Float(row int, col string) (float64, bool) {
	f, err := strconv.ParseFloat(t.Str(row, col), 64)
	return f, err == nil
}

// Date parses a dd/mm/yyyy cell. A column is parsed once, on first use, and
// kept, because many rules read the same dates.
func (t *Table) Date(row int, col string) Date {
	if t == nil || row < 0 || row >= len(t.Rows) {
		return Date{}
	}
	return t.DateColumn(col)[row]
}

// DateColumn is a whole column parsed as dates; index it by row.
func (t *Table) DateColumn(col string) []Date {
	if d, ok := t.dates.Load(col); ok {
		return d.([]Date)
	}
	cells := t.Column(col)
	d := make([]Date, len(cells))
	for i, c := range cells {
		d[i] = ParseDate(c)
	}
	v, _ := t.dates.LoadOrStore(col, d)
	return v.([]Date)
}

// Column is a whole column's cells in row order ("" throughout for a
// column the table lacks); index it by row. Loops over many rows should
// take a column once rather than call Str per cell.
func (t *Table) Column(col string) []string {
	if t == nil {
		return nil
	}
	if c, ok := t.columns.Load(col); ok {
		return c.([]string)
	}
	t.init()
	out := make([]string, len(t.Rows))
	if i, ok := t.colIdx[col]; ok {
		for r, row := range t.Rows {
			if i < len(row) {
				out[r] = row[i]
			}
		}
	}
	v, _ := t.columns.LoadOrStore(col, out)
	return v.([]string)
}

// ParseDate reads DfE's dd/mm/yyyy dates (one-digit days and months are
// accepted, as spreadsheets write them).
func ParseDate(s string) Date {
	if s == "" {
		return Date{}
	}
	for _, layout := range []string{"02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{Time: t, OK: true}
		}
	}
	return Date{}
}

// ByChild maps each child's id to its rows, in table order.
func (t *Table) ByChild() map[string][]int {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.child == nil {
		t.child = map[string][]int{}
		for i := range t.Rows {
			c := t.Str(i, "CHILD")
			t.child[c] = append(t.child[c], i)
		}
	}
	return t.child
}

// SortedBy returns row indices ordered by child, then by a date column
// (undated rows last), the order episode-sequence rules walk.
//
// The order is computed once per column and shared: callers must not
// modify the returned slice.
func (t *Table) SortedBy(dateCol string) []int {
	if s, ok := t.sorted.Load(dateCol); ok {
		return s.([]int)
	}
	idx := make([]int, t.Len())
	for i := range idx {
		idx[i] = i
	}
	d := t.DateColumn(dateCol)
	child := t.Column("CHILD")
	sort.SliceStable(idx, func(a, b int) bool {
		ca, cb := child[idx[a]], child[idx[b]]
		if ca != cb {
			return ca < cb
		}
		da, db := d[idx[a]], d[idx[b]]
		if da.OK != db.OK {
			return da.OK
		}
		return da.Before(db.Time)
	})
	v, _ := t.sorted.LoadOrStore(dateCol, idx)
	return v.([]int)
}

// Derived is the value compute gives, computed once per table and key and
// then shared: several rules, running in parallel, need the same view of a
// table (an ordering of its rows, a cohort of children), and it lives as
// long as the table does. The key must be comparable and name whatever
// else the value depends on (another table, the collection year); callers
// must not modify the value.
func (t *Table) Derived(key any, compute func() any) any {
	v, ok := t.derived.Load(key)
	if !ok {
		v, _ = t.derived.LoadOrStore(key, &derived{})
	}
	d := v.(*derived)
	d.once.Do(func() { d.v = compute() })
	return d.v
}

// Return is one council's SSDA903 return for a collection year, with the
// previous year's return where given (several rules compare the two).
type Return struct {
	// Year is the year the collection ends: 2025 is 1 April 2024 to
	// 31 March 2025.
	Year int
	// LA is the council's three-digit DfE LA number, for rules that compare
	// placements with the council's own area.
	LA     string
	Tables map[string]*Table
	Last   map[string]*Table
	// Reference data the council supplied; nil when not.
	PostcodeDirectory Postcodes
	ProviderRegister  Providers
}

// T returns a current table, or an empty one when the return lacks it, so
// rules need not test for nil.
func (r *Return) T(name string) *Table {
	if t := r.Tables[name]; t != nil {
		return t
	}
	return &Table{Name: name, Columns: Columns[name]}
}

// Prev returns a previous-year table, or an empty one.
func (r *Return) Prev(name string) *Table {
	if t := r.Last[name]; t != nil {
		return t
	}
	return &Table{Name: name + "_last", Columns: Columns[name]}
}

// SetPrevious attaches the previous year's return. Its tables are named
// with the suffix "_last", so a finding in them is reported against last
// year's table, not this year's.
func (r *Return) SetPrevious(prev *Return) {
	r.Last = map[string]*Table{}
	for name, t := range prev.Tables {
		t.Name = name + "_last"
		r.Last[name] = t
	}
}

// HasPrev reports whether the previous year's table was provided, since
// rules comparing years only apply when it was.
func (r *Return) HasPrev(name string) bool { return r.Last[name] != nil }

// CollectionStart is 1 April of the year before Year.
func (r *Return) CollectionStart() time.Time {
	return time.Date(r.Year-1, time.April, 1, 0, 0, 0, 0, time.UTC)
}

// CollectionEnd is 31 March of Year.
func (r *Return) CollectionEnd() time.Time {
	return time.Date(r.Year, time.March, 31, 0, 0, 0, 0, time.UTC)
}

// Age is the whole years between birth and a date.
func Age(dob, on time.Time) int {
	y := on.Year() - dob.Year()
	if on.Month() < dob.Month() || on.Month() == dob.Month() && on.Day() < dob.Day() {
		y--
	}
	return y
}

// In reports whether s is one of the codes (trimmed, case as given).
func In(s string, codes ...string) bool {
	for _, c := range codes {
		if s == c {
			return true
		}
	}
	return false
}

// Upper is s in upper case, for codes that some systems lower-case.
func Upper(s string) string { return strings.ToUpper(s) }

// Locate gives a faulted row's file, source line and child, for reports.
// Previous-year tables are named with the suffix "_last".
func (r *Return) Locate(table string, row int) (string, int, string) {
	t := r.table(table)
	if t == nil || row < 0 || row >= t.Len() {
		return "", 0, ""
	}
	line := row + 2
	if row < len(t.Lines) {
		line = t.Lines[row]
	}
	return t.File, line, t.Str(row, "CHILD")
}

// HasColumn reports whether a table of the return has a field.
func (r *Return) HasColumn(table, field string) bool {
	if t := r.table(table); t != nil {
		return t.Has(field)
	}
	base := strings.TrimSuffix(table, "_last")
	for _, c := range Columns[base] {
		if c == field {
			return true
		}
	}
	return false
}

func (r *Return) table(name string) *Table {
	if base, ok := strings.CutSuffix(name, "_last"); ok {
		return r.Last[base]
	}
	return r.Tables[name]
}

// Reference data that some rules need and Sightline cannot bundle: the ONS
// Postcode Directory (placement distances and areas) and Ofsted's register
// of children's social care providers. A council supplies the published
// files; rules needing data that was not supplied are reported as not
// checked.
const (
	NeedPostcodes = "postcodes"
	NeedProviders = "providers"
)

// Postcodes places postcodes, from the ONS Postcode Directory.
type Postcodes interface {
	// Locate returns a postcode's grid reference (metres east and north)
	// and upper-tier council (DfE LA number); ok is false for a postcode
	// the directory does not have.
	Locate(postcode string) (east, north float64, la string, ok bool)
}

// Providers describes registered placements by URN, from Ofsted's register.
type Providers interface {
	Provider(urn string) (Provider, bool)
}

// Provider is one registered setting as Ofsted lists it.
type Provider struct {
	URN        string
	Postcode   string
	LA         string   // DfE LA number of the setting's area
	Places     []string // placement codes the setting is registered for
	Providers  []string // placement provider codes (PR0–PR5)
	Registered Date
	Closed     Date
}

// Supplied reports whether reference data came with the return, so the
// rule engine can skip rules that need what is missing.
func (r *Return) Supplied(need string) bool {
	switch need {
	case NeedPostcodes:
		return r.PostcodeDirectory != nil
	case NeedProviders:
		return r.ProviderRegister != nil
	}
	return false
}
