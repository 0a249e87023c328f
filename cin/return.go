// Package cin reads the children in need (CIN) census return, the statutory
// return of every referral, assessment, section 47 enquiry and child
// protection plan, into tables that the shared rule engine checks. Rules
// live in sub-packages by collection year.
package cin

import (
	"strings"
	"time"

	"github.com/sightline-uk/sightline/returns"
)

// Table names, as DfE's rule specification (and the open-source validator's
// flattening of the XML) uses them.
const (
	Header               = "Header"
	ChildIdentifiers     = "ChildIdentifiers"
	ChildCharacteristics = "ChildCharacteristics"
	Disabilities         = "Disabilities"
	CINdetails           = "CINdetails"
	Assessments          = "Assessments"
	CINplanDates         = "CINplanDates"
	Section47            = "Section47"
	ChildProtectionPlans = "ChildProtectionPlans"
	Reviews              = "Reviews"
	// PreProceedings are the 2026 census's pre-proceedings and family group
	// decision making records, one per CIN episode.
	PreProceedings = "PreProceedings"
)

// Columns are each table's columns. CINdetailsID and CPPID number a child's
// CIN episodes and plans from 1, as DfE's tools do, so that rows of
// different tables can be joined; Assessments has one row per factor
// identified at assessment.
var Columns = map[string][]string{
	Header:               {"Collection", "Year", "ReferenceDate", "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"},
	ChildIdentifiers:     {"LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate", "Sex", "PersonDeathDate"},
	ChildCharacteristics: {"LAchildID", "Ethnicity"},
	Disabilities:         {"LAchildID", "Disability"},
	CINdetails:           {"LAchildID", "CINdetailsID", "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA"},
	Assessments:          {"LAchildID", "CINdetailsID", "AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate", "AssessmentFactors"},
	CINplanDates:         {"LAchildID", "CINdetailsID", "CINPlanStartDate", "CINPlanEndDate"},
	Section47:            {"LAchildID", "CINdetailsID", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"},
	ChildProtectionPlans: {"LAchildID", "CINdetailsID", "CPPID", "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"},
	Reviews:              {"LAchildID", "CINdetailsID", "CPPID", "CPPreviewDate"},
	PreProceedings: {"LAchildID", "CINdetailsID", "PPStartDate", "LBPSentDate", "FGDMMeetingOffer", "FGDMMeetingFac", "InitialPPMeetingDate",
		"ReviewMeetingsCount", "StepDecisionDate", "PPOutcome", "CourtAppDate", "LetterInitCPDate"},
}

// TableNames lists the tables in the order reports present them.
var TableNames = []string{Header, ChildIdentifiers, ChildCharacteristics, Disabilities, CINdetails, Assessments, CINplanDates, Section47, ChildProtectionPlans, Reviews, PreProceedings}

// Layouts are the CIN census's date layouts (XML dates; DateTime in the
// header has a time as well).
var Layouts = []string{"2006-01-02", "2006-01-02T15:04:05"}

// Table is a table of the return, keyed by LAchildID with ISO dates.
type Table = returns.Table

// Return is one council's CIN census for a collection year.
type Return struct {
	// Year is the year the census period ends: 2025 covers 1 April 2024 to
	// 31 March 2025, with ReferenceDate 31 March 2025.
	Year   int
	LA     string // DfE three-digit LA number, from the header's LEA
	File   string
	Tables map[string]*Table
}

// T returns a table, or an empty one when the return has none, so rules
// need not test for nil.
func (r *Return) T(name string) *Table {
	if t := r.Tables[name]; t != nil {
		return t
	}
	return newTable(name, "")
}

func newTable(name, file string) *Table {
	return &Table{Name: name, File: file, Columns: Columns[name], Key: "LAchildID", Layouts: Layouts}
}

// CollectionStart is 1 April of the year before Year.
func (r *Return) CollectionStart() time.Time {
	return time.Date(r.Year-1, time.April, 1, 0, 0, 0, 0, time.UTC)
}

// CollectionEnd is 31 March of Year, the census reference date.
func (r *Return) CollectionEnd() time.Time {
	return time.Date(r.Year, time.March, 31, 0, 0, 0, 0, time.UTC)
}

// Locate gives a faulted row's file, position (the Child element's number
// in the file; 0 for the header) and child, for reports.
func (r *Return) Locate(table string, row int) (string, int, string) {
	t := r.Tables[table]
	if t == nil || row < 0 || row >= t.Len() {
		return r.File, 0, ""
	}
	line := 0
	if row < len(t.Lines) {
		line = t.Lines[row]
	}
	return r.File, line, t.Str(row, "LAchildID")
}

// HasColumn reports whether a table has a field.
func (r *Return) HasColumn(table, field string) bool {
	for _, c := range Columns[table] {
		if strings.EqualFold(c, field) {
			return true
		}
	}
	return false
}
