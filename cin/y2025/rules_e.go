package y2025

import (
	"strings"
	"time"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/returns"
	"github.com/sightline-uk/sightline/rules"
)

type assessmentsKeyE struct{}

// assessmentE is one Assessments group: the table has a row per factor
// identified, so an assessment is a run of rows.
type assessmentE struct {
	episode episode
	rows    []int
	first   int // a representative row for the assessment's dates
}

// assessmentsByEpisodeE are a return's assessments, by episode.
type assessmentsByEpisodeE struct {
	all     []assessmentE
	episode map[episode][]int // indices into all
}

// assessmentsE groups the Assessments table into assessments, once per
// table. The reader writes an assessment's factor rows one after another
// with the same dates, so a run of adjacent rows agreeing on child,
// episode and dates is one assessment (two identical assessments side by
// side would read as one; nothing in the census tells them apart).
func assessmentsE(t *cin.Table) *assessmentsByEpisodeE {
	return t.Derived(assessmentsKeyE{}, func() any {
		cols := [][]string{t.Column("LAchildID"), t.Column("CINdetailsID"), t.Column("AssessmentActualStartDate"),
			t.Column("AssessmentInternalReviewDate"), t.Column("AssessmentAuthorisationDate")}
		same := func(i, j int) bool {
			for _, c := range cols {
				if c[i] != c[j] {
					return false
				}
			}
			return true
		}
		out := &assessmentsByEpisodeE{episode: map[episode][]int{}}
		for i := 0; i < t.Len(); i++ {
			if n := len(out.all); n > 0 && same(out.all[n-1].first, i) {
				out.all[n-1].rows = append(out.all[n-1].rows, i)
				continue
			}
			ep := episode{cols[0][i], cols[1][i]}
			out.all = append(out.all, assessmentE{episode: ep, rows: []int{i}, first: i})
			if ep.child != "" {
				out.episode[ep] = append(out.episode[ep], len(out.all)-1)
			}
		}
		return out
	}).(*assessmentsByEpisodeE)
}

// trueE reads an XML boolean (true, false, 1, 0).
func trueE(s string) bool { return strings.EqualFold(s, "true") || s == "1" }

// weekendE reports whether a readable date is a Saturday or Sunday.
func weekendE(d returns.Date) bool {
	return d.OK && (d.Weekday() == time.Saturday || d.Weekday() == time.Sunday)
}

// startsDuringE reports whether start falls on or between another period's
// start and end, or from its start to the reference date when the other
// period is still open (end blank). An unreadable date bounds nothing, so
// it never matches.
func startsDuringE(start, otherStart, otherEnd returns.Date, otherOpen bool, ref time.Time) bool {
	if !start.OK || !otherStart.OK || start.Before(otherStart.Time) {
		return false
	}
	if otherOpen {
		return !start.After(ref)
	}
	return otherEnd.OK && !start.After(otherEnd.Time)
}

func hitE(t *cin.Table, row int) rules.Hit { return rules.Hit{Table: t.Name, Row: row} }

func hitsE(t *cin.Table, rows []int) []rules.Hit {
	h := make([]rules.Hit, len(rows))
	for i, r := range rows {
		h[i] = hitE(t, r)
	}
	return h
}

// Within one CIN episode an assessment must not start on or between the
// start and authorisation (or, unauthorised, the reference date) of another.
var _ = declare("8863Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Assessments)
	a := assessmentsE(t)
	start, auth := t.DateColumn("AssessmentActualStartDate"), t.DateColumn("AssessmentAuthorisationDate")
	authCell := t.Column("AssessmentAuthorisationDate")
	ref := r.CollectionEnd()
	var h []rules.Hit
	for _, idx := range a.episode {
		for _, i := range idx {
			x := a.all[i].first
			for _, j := range idx {
				y := a.all[j].first
				if i != j && startsDuringE(start[x], start[y], auth[y], authCell[y] == "", ref) {
					h = append(h, hitsE(t, a.all[i].rows)...)
					h = append(h, hitsE(t, a.all[j].rows)...)
				}
			}
		}
	}
	return h
})

// referralSourcesE are the CIN census's sources of referral.
var referralSourcesE = map[string]bool{
	"1A": true, "1B": true, "1C": true, "1D": true, "2A": true, "2B": true,
	"3A": true, "3B": true, "3C": true, "3D": true, "3E": true, "3F": true,
	"4": true, "5A": true, "5B": true, "5C": true, "5D": true,
	"6": true, "7": true, "8": true, "9": true, "10": true,
}

// A referral on or after 1 April 2013 must have a valid source of referral.
var _ = declare("8866", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	from := time.Date(2013, time.April, 1, 0, 0, 0, 0, time.UTC)
	ref, src := t.DateColumn("CINreferralDate"), t.Column("ReferralSource")
	return rowsWhere(t, func(i int) bool {
		return ref[i].OK && !ref[i].Before(from) && !referralSourcesE[src[i]]
	})
})

// A closed CIN episode's assessments must all have an authorisation date.
var _ = declare("8867", func(r *cin.Return) []rules.Hit {
	cd, as := r.T(cin.CINdetails), r.T(cin.Assessments)
	closed, auth := cd.Column("CINclosureDate"), as.Column("AssessmentAuthorisationDate")
	byEp := byEpisode(as)
	var h []rules.Hit
	for ep, rows := range byEpisode(cd) {
		for _, c := range rows {
			if closed[c] == "" {
				continue
			}
			for _, a := range byEp[ep] {
				if auth[a] == "" {
					h = append(h, hitE(cd, c), hitE(as, a))
				}
			}
		}
	}
	return h
})

// A closed CIN episode's section 47 enquiries must each have either an
// initial conference date or the ICPC-not-required flag, not both.
var _ = declare("8868", func(r *cin.Return) []rules.Hit {
	cd, s47 := r.T(cin.CINdetails), r.T(cin.Section47)
	closed := cd.Column("CINclosureDate")
	cpc, notReq := s47.Column("DateOfInitialCPC"), s47.Column("ICPCnotRequired")
	byEp := byEpisode(s47)
	var h []rules.Hit
	for ep, rows := range byEpisode(cd) {
		for _, c := range rows {
			if closed[c] == "" {
				continue
			}
			for _, s := range byEp[ep] {
				if (cpc[s] == "") == trueE(notReq[s]) {
					continue // exactly one of the two
				}
				h = append(h, hitE(cd, c), hitE(s47, s))
			}
		}
	}
	return h
})

// Factor 21 (no factors identified) must be an assessment's only factor.
var _ = declare("8869", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Assessments)
	f := t.Column("AssessmentFactors")
	var h []rules.Hit
	for _, a := range assessmentsE(t).all {
		has21 := false
		for _, i := range a.rows {
			has21 = has21 || f[i] == "21"
		}
		if !has21 {
			continue
		}
		for _, i := range a.rows {
			if f[i] != "21" && f[i] != "" {
				h = append(h, hitE(t, i))
			}
		}
	}
	return h
})

// The target date for the initial child protection conference should not
// be a weekend.
var _ = declare("8870Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Section47)
	d := t.DateColumn("InitialCPCtarget")
	return rowsWhere(t, func(i int) bool { return weekendE(d[i]) })
})

// An episode whose only assessment found no factors (21) should close with
// reason RC8 or RC9.
var _ = declare("8873Q", func(r *cin.Return) []rules.Hit {
	as, cd := r.T(cin.Assessments), r.T(cin.CINdetails)
	f, reason := as.Column("AssessmentFactors"), cd.Column("ReasonForClosure")
	a := assessmentsE(as)
	cinRows := byEpisode(cd)
	var h []rules.Hit
	for ep, idx := range a.episode {
		if len(idx) != 1 {
			continue
		}
		var rows21 []int
		for _, i := range a.all[idx[0]].rows {
			if f[i] == "21" {
				rows21 = append(rows21, i)
			}
		}
		if len(rows21) == 0 {
			continue
		}
		bad := len(cinRows[ep]) == 0 // no episode record, so no reason given
		for _, c := range cinRows[ep] {
			if reason[c] != "RC8" && reason[c] != "RC9" {
				bad = true
				h = append(h, hitE(cd, c))
			}
		}
		if bad {
			h = append(h, hitsE(as, rows21)...)
		}
	}
	return h
})

// The date of the initial child protection conference cannot be a weekend.
var _ = declare("8875", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Section47)
	d := t.DateColumn("DateOfInitialCPC")
	return rowsWhere(t, func(i int) bool { return weekendE(d[i]) })
})

// Within one CIN episode a section 47 enquiry must not start on or between
// the start and initial conference of another, or its start and the
// reference date when that one has no conference and one is not ruled out.
var _ = declare("8890", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Section47)
	start, cpc := t.DateColumn("S47ActualStartDate"), t.DateColumn("DateOfInitialCPC")
	cpcCell, notReq := t.Column("DateOfInitialCPC"), t.Column("ICPCnotRequired")
	ref := r.CollectionEnd()
	var h []rules.Hit
	for _, rows := range byEpisode(t) {
		for _, i := range rows {
			for _, j := range rows {
				if i == j {
					continue
				}
				open := cpcCell[j] == ""
				if open && trueE(notReq[j]) {
					continue // ended without a conference: no period to fall in
				}
				if startsDuringE(start[i], start[j], cpc[j], open, ref) {
					h = append(h, hitE(t, i), hitE(t, j))
				}
			}
		}
	}
	return h
})

// A CIN episode may have at most one assessment without an authorisation
// date.
var _ = declare("8896", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Assessments)
	a := assessmentsE(t)
	auth := t.Column("AssessmentAuthorisationDate")
	var h []rules.Hit
	for _, idx := range a.episode {
		var open []int
		for _, i := range idx {
			if auth[a.all[i].first] == "" {
				open = append(open, i)
			}
		}
		if len(open) > 1 {
			for _, i := range open {
				h = append(h, hitsE(t, a.all[i].rows)...)
			}
		}
	}
	return h
})
