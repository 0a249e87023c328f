package y2025

import (
	"strings"
	"time"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/rules"
)

// childrenD is t's rows by child, without the rows that lack a child id.
func childrenD(t *cin.Table) map[string][]int {
	m := t.ByChild()
	if _, blank := m[""]; !blank {
		return m
	}
	out := make(map[string][]int, len(m))
	for k, v := range m {
		if k != "" {
			out[k] = v
		}
	}
	return out
}

// yesD and noD read an XML boolean (true/1, false/0); a blank or other
// value is neither.
func yesD(s string) bool { return s == "1" || strings.EqualFold(s, "true") }

func noD(s string) bool { return s == "0" || strings.EqualFold(s, "false") }

// periodD is the census year, 1 April to the reference date; ok is false
// when the return's year is unknown (no usable header), and rules that
// need the period then check nothing rather than guess it.
func periodD(r *cin.Return) (start, end time.Time, ok bool) {
	if r.Year == 0 {
		return time.Time{}, time.Time{}, false
	}
	return r.CollectionStart(), r.CollectionEnd(), true
}

// addYearsD moves a date by whole years, keeping 29 February in February
// (28 February in a common year) as DfE's tools do, where time.AddDate
// would roll over into March.
func addYearsD(d time.Time, n int) time.Time {
	y := d.Year() + n
	day := d.Day()
	if d.Month() == time.February && day == 29 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		day = 28
	}
	return time.Date(y, d.Month(), day, 0, 0, 0, 0, time.UTC)
}

// hitsD collects a rule's hits; the engine drops repeats.
type hitsD []rules.Hit

func (h *hitsD) add(t *cin.Table, rows ...int) {
	for _, r := range rows {
		*h = append(*h, rules.Hit{Table: t.Name, Row: r})
	}
}

// 8740: a section 47 enquiry still awaiting its initial conference (none
// held, one required) must have started within the census year.
var _ = declare("8740", func(r *cin.Return) []rules.Hit {
	start, end, ok := periodD(r)
	if !ok {
		return nil
	}
	t := r.T(cin.Section47)
	began, icpc, notRequired := t.DateColumn("S47ActualStartDate"), t.Column("DateOfInitialCPC"), t.Column("ICPCnotRequired")
	return rowsWhere(t, func(i int) bool {
		return icpc[i] == "" && noD(notRequired[i]) && began[i].OK && (began[i].Before(start) || began[i].After(end))
	})
})

// 8750: an unborn child (expected birth date, no birth date) must have Sex U.
var _ = declare("8750", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	born, expected, sex := t.Column("PersonBirthDate"), t.Column("ExpectedPersonBirthDate"), t.Column("Sex")
	return rowsWhere(t, func(i int) bool {
		return born[i] == "" && expected[i] != "" && sex[i] != "U"
	})
})

// upnUnknownSchoolAgeD are the reasons a UPN may be missing for a child of
// school age: every UPNunknown code but UN1 (child not of school age).
var upnUnknownSchoolAgeD = map[string]bool{"UN2": true, "UN3": true, "UN4": true, "UN5": true, "UN6": true, "UN7": true}

// 8770Q: a child of school age (in reception or above when the census year
// began: born on or before 31 August six years before the reference year)
// with a referral going on to further action should have a UPN or a reason
// for its absence other than UN1.
var _ = declare("8770Q", func(r *cin.Return) []rules.Hit {
	if _, _, ok := periodD(r); !ok {
		return nil
	}
	cutoff := time.Date(r.Year-6, time.August, 31, 0, 0, 0, 0, time.UTC)
	details := r.T(cin.CINdetails)
	further := map[string]bool{}
	for i, nfa := range details.Column("ReferralNFA") {
		if noD(nfa) {
			further[details.Str(i, "LAchildID")] = true
		}
	}
	t := r.T(cin.ChildIdentifiers)
	child, dob := t.Column("LAchildID"), t.DateColumn("PersonBirthDate")
	upn, unknown := t.Column("UPN"), t.Column("UPNunknown")
	return rowsWhere(t, func(i int) bool {
		return child[i] != "" && further[child[i]] && dob[i].OK && !dob[i].After(cutoff) &&
			upn[i] == "" && !upnUnknownSchoolAgeD[strings.ToUpper(unknown[i])]
	})
})

// 8772: UPNunknown UN7 (referral with no further action) requires every
// CIN episode of the child to be a referral with no further action.
var _ = declare("8772", func(r *cin.Return) []rules.Hit {
	ids, details := r.T(cin.ChildIdentifiers), r.T(cin.CINdetails)
	episodes := childrenD(details)
	nfa := details.Column("ReferralNFA")
	child, unknown := ids.Column("LAchildID"), ids.Column("UPNunknown")
	var h hitsD
	for i := range child {
		if unknown[i] != "UN7" {
			continue
		}
		for _, j := range episodes[child[i]] {
			if !yesD(nfa[j]) {
				h.add(ids, i)
				h.add(details, j)
			}
		}
	}
	return h
})

// 8775Q: a child who is over 25 at the reference date should have had
// every CIN episode closed by the 25th birthday.
var _ = declare("8775Q", func(r *cin.Return) []rules.Hit {
	_, end, ok := periodD(r)
	if !ok {
		return nil
	}
	limit := addYearsD(end, -25)
	ids, details := r.T(cin.ChildIdentifiers), r.T(cin.CINdetails)
	episodes := childrenD(details)
	closed := details.DateColumn("CINclosureDate")
	child, dob := ids.Column("LAchildID"), ids.DateColumn("PersonBirthDate")
	var h hitsD
	for i := range child {
		if !dob[i].OK || !dob[i].Before(limit) {
			continue
		}
		rows := episodes[child[i]]
		if len(rows) == 0 {
			// Over 25 with no episode to explain it: still worth a look.
			h.add(ids, i)
			continue
		}
		turned25 := addYearsD(dob[i].Time, 25)
		for _, j := range rows {
			if !closed[j].OK || closed[j].After(turned25) {
				h.add(ids, i)
				h.add(details, j)
			}
		}
	}
	return h
})

// 8790: a child whose disabilities include NONE may have no other disability.
var _ = declare("8790", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Disabilities)
	code := t.Column("Disability")
	var h hitsD
	for _, rows := range childrenD(t) {
		none := false
		for _, i := range rows {
			none = none || strings.EqualFold(code[i], "NONE")
		}
		if !none {
			continue
		}
		for _, i := range rows {
			if code[i] != "" && !strings.EqualFold(code[i], "NONE") {
				h.add(t, i)
			}
		}
	}
	return h
})

// 8794: a child may not have the same disability code twice.
var _ = declare("8794", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Disabilities)
	code := t.Column("Disability")
	var h hitsD
	for _, rows := range childrenD(t) {
		if len(rows) < 2 {
			continue
		}
		count := map[string]int{}
		for _, i := range rows {
			count[code[i]]++
		}
		for _, i := range rows {
			if code[i] != "" && count[code[i]] > 1 {
				h.add(t, i)
			}
		}
	}
	return h
})

// 8805: a CIN closure date needs a reason for closure.
var _ = declare("8805", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	closed, reason := t.Column("CINclosureDate"), t.Column("ReasonForClosure")
	return rowsWhere(t, func(i int) bool { return closed[i] != "" && reason[i] == "" })
})

// 8810: a reason for closure needs a CIN closure date.
var _ = declare("8810", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	closed, reason := t.Column("CINclosureDate"), t.Column("ReasonForClosure")
	return rowsWhere(t, func(i int) bool { return reason[i] != "" && closed[i] == "" })
})

// openD reports whether CIN episode i is open and going on to further
// action: no closure date, ReferralNFA false. A malformed closure date is
// a closure date (other rules report its format).
func openD(closed, nfa []string, i int) bool { return closed[i] == "" && noD(nfa[i]) }

// 8815: a child may have only one open CIN episode that is not a referral
// with no further action.
var _ = declare("8815", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	closed, nfa := t.Column("CINclosureDate"), t.Column("ReferralNFA")
	var h hitsD
	for _, rows := range childrenD(t) {
		var open []int
		for _, i := range rows {
			if openD(closed, nfa, i) {
				open = append(open, i)
			}
		}
		if len(open) > 1 {
			h.add(t, open...)
		}
	}
	return h
})

// 8816: an open CIN episode going on to further action must be the
// child's latest referral; the episode and the latest one are faulted.
var _ = declare("8816", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	closed, nfa := t.Column("CINclosureDate"), t.Column("ReferralNFA")
	referred := t.DateColumn("CINreferralDate")
	var h hitsD
	for _, rows := range childrenD(t) {
		latest := -1
		for _, i := range rows {
			if referred[i].OK && (latest < 0 || referred[i].After(referred[latest].Time)) {
				latest = i
			}
		}
		for _, i := range rows {
			// An undated referral cannot be placed; other rules report it.
			if openD(closed, nfa, i) && referred[i].OK && !referred[i].Equal(referred[latest].Time) {
				h.add(t, i, latest)
			}
		}
	}
	return h
})

// 8820: a child's CIN episodes may not overlap: no referral may fall on or
// after another episode's referral and before its closure (or, for an open
// episode going on to further action, on or before the reference date).
// One episode may close on the day the next is referred.
var _ = declare("8820", func(r *cin.Return) []rules.Hit {
	_, end, known := periodD(r)
	t := r.T(cin.CINdetails)
	referred, closedOn := t.DateColumn("CINreferralDate"), t.DateColumn("CINclosureDate")
	closed, nfa := t.Column("CINclosureDate"), t.Column("ReferralNFA")
	var h hitsD
	for _, rows := range childrenD(t) {
		for _, a := range rows {
			if !referred[a].OK {
				continue
			}
			for _, b := range rows {
				if a == b || !referred[b].OK || referred[a].Before(referred[b].Time) {
					continue
				}
				during := closedOn[b].OK && referred[a].Before(closedOn[b].Time)
				stillOpen := known && openD(closed, nfa, b) && !referred[a].After(end)
				if during || stillOpen {
					h.add(t, a, b)
				}
			}
		}
	}
	return h
})

// 8825Q: an episode closed with RC8 or RC9 (closed after assessment) should
// have an assessment.
var _ = declare("8825Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	assessed := byEpisode(r.T(cin.Assessments))
	child, id, reason := t.Column("LAchildID"), t.Column("CINdetailsID"), t.Column("ReasonForClosure")
	return rowsWhere(t, func(i int) bool {
		return (reason[i] == "RC8" || reason[i] == "RC9") && len(assessed[episode{child[i], id[i]}]) == 0
	})
})

// nfaEpisodesD are the CIN rows of each episode marked as a referral with
// no further action.
func nfaEpisodesD(details *cin.Table) map[episode][]int {
	nfa := details.Column("ReferralNFA")
	out := map[episode][]int{}
	for k, rows := range byEpisode(details) {
		for _, i := range rows {
			if yesD(nfa[i]) {
				out[k] = append(out[k], i)
			}
		}
	}
	return out
}

// 8831: a referral with no further action may have no assessment, section
// 47 enquiry or initial child protection conference dates.
var _ = declare("8831", func(r *cin.Return) []rules.Hit {
	details := r.T(cin.CINdetails)
	nfa := nfaEpisodesD(details)
	var h hitsD
	icpc := details.Column("DateOfInitialCPC")
	for _, rows := range nfa {
		for _, i := range rows {
			if icpc[i] != "" {
				h.add(details, i)
			}
		}
	}
	// activity faults each row of t holding one of the date columns, with
	// its episode's CIN rows.
	activity := func(t *cin.Table, cols ...string) {
		cells := make([][]string, len(cols))
		for c, col := range cols {
			cells[c] = t.Column(col)
		}
		for k, rows := range byEpisode(t) {
			cinRows := nfa[k]
			if len(cinRows) == 0 {
				continue
			}
			for _, i := range rows {
				for c := range cells {
					if cells[c][i] != "" {
						h.add(t, i)
						h.add(details, cinRows...)
						break
					}
				}
			}
		}
	}
	activity(r.T(cin.Assessments), "AssessmentActualStartDate", "AssessmentAuthorisationDate")
	activity(r.T(cin.Section47), "S47ActualStartDate", "DateOfInitialCPC")
	return h
})

// 8832: a referral with no further action may have no child protection plan.
var _ = declare("8832", func(r *cin.Return) []rules.Hit {
	details, plans := r.T(cin.CINdetails), r.T(cin.ChildProtectionPlans)
	nfa := nfaEpisodesD(details)
	var h hitsD
	for k, rows := range byEpisode(plans) {
		if cinRows := nfa[k]; len(cinRows) > 0 {
			h.add(plans, rows...)
			h.add(details, cinRows...)
		}
	}
	return h
})

// 8839: a CIN episode may have only one open section 47 enquiry: one with
// no initial conference date and the conference not marked not required.
var _ = declare("8839", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Section47)
	icpc, notRequired := t.Column("DateOfInitialCPC"), t.Column("ICPCnotRequired")
	var h hitsD
	for _, rows := range byEpisode(t) {
		var open []int
		for _, i := range rows {
			if icpc[i] == "" && !yesD(notRequired[i]) {
				open = append(open, i)
			}
		}
		if len(open) > 1 {
			h.add(t, open...)
		}
	}
	return h
})

// 8840: a child protection plan may not start and end on the same day.
var _ = declare("8840", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildProtectionPlans)
	start, end := t.DateColumn("CPPstartDate"), t.DateColumn("CPPendDate")
	return rowsWhere(t, func(i int) bool { return start[i].OK && end[i].OK && start[i].Equal(end[i].Time) })
})

// 8841: a plan's review must fall after the plan's start date.
var _ = declare("8841", func(r *cin.Return) []rules.Hit {
	plans, reviews := r.T(cin.ChildProtectionPlans), r.T(cin.Reviews)
	planRows := byPlan(plans)
	start := plans.DateColumn("CPPstartDate")
	reviewed := reviews.DateColumn("CPPreviewDate")
	var h hitsD
	for k, rows := range byPlan(reviews) {
		for _, p := range planRows[k] {
			if !start[p].OK {
				continue
			}
			for _, i := range rows {
				if reviewed[i].OK && !reviewed[i].After(start[p].Time) {
					h.add(plans, p)
					h.add(reviews, i)
				}
			}
		}
	}
	return h
})

// 8842Q: a review record should hold a valid review date.
var _ = declare("8842Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Reviews)
	reviewed := t.DateColumn("CPPreviewDate")
	return rowsWhere(t, func(i int) bool { return !reviewed[i].OK })
})
