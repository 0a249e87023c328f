// Package ssda903 reads the SSDA903 children looked after return (CSV
// tables or XML) into a Return that validation rules and indicators read.
// Rules live in sub-packages, one per collection year (y2024 for 2024/25),
// each layered on the year before.
package ssda903

import (
	"strings"
	"time"

	"github.com/sightline-uk/sightline/returns"
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

// Table, Date and the helpers on them are the shared statutory-return
// table (package returns); the SSDA903 names them here so rules read as
// before.
type (
	Table = returns.Table
	Date  = returns.Date
)

// ParseDate reads DfE's dd/mm/yyyy dates.
func ParseDate(s string) Date { return returns.ParseDate(s) }

// Age is the whole years between birth and a date.
func Age(dob, on time.Time) int { return returns.Age(dob, on) }

// In reports whether s is one of the codes (trimmed, case as given).
func In(s string, codes ...string) bool { return returns.In(s, codes...) }

// Upper is s in upper case, for codes that some systems lower-case.
func Upper(s string) string { return strings.ToUpper(s) }

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
	// Earlier holds episodes from the years before last, when the council
	// supplies them: rules 1001 and 1002 judge whether a care leaver was
	// ever looked after, which two years of episodes cannot show. Nil when
	// not supplied.
	Earlier *Table
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

// SetEarlier attaches episodes tables from years before the previous one,
// as one table named "Episodes_earlier". An episode that spans two years
// appears in both years' tables; rules dedupe by start date.
func (r *Return) SetEarlier(tables ...*Table) {
	e := &Table{Name: Episodes + "_earlier", Columns: Columns[Episodes]}
	for _, t := range tables {
		if !t.Has("CHILD") || !t.Has("DECOM") {
			continue
		}
		if e.File == "" {
			e.File = t.File
		}
		for i := range t.Rows {
			out := make([]string, len(e.Columns))
			for k, c := range e.Columns {
				out[k] = t.Str(i, c)
			}
			line := i + 2
			if i < len(t.Lines) {
				line = t.Lines[i]
			}
			e.Rows = append(e.Rows, out)
			e.Lines = append(e.Lines, line)
		}
	}
	r.Earlier = e
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
	if name == Episodes+"_earlier" {
		return r.Earlier
	}
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
