package y2025

import (
	"strconv"
	"strings"
	"time"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/returns"
	"github.com/sightline-uk/sightline/rules"
)

// Range c: child identifiers, referral and closure dates, codes and the
// census-year bounds of assessments, enquiries and plans. Joins between
// tables skip rows without a child id, so they never pair different
// children.

// periodC is the census year, first and last day inclusive. DfE's
// open-source validator starts it a day early (31 March, a year before the
// reference date); the census year is 1 April to 31 March, so those dates
// are kept here, in one place.
func periodC(r *cin.Return) (start, end time.Time) {
	return r.CollectionStart(), r.CollectionEnd()
}

// duringC reports whether a valid date falls within [start, end].
func duringC(d returns.Date, start, end time.Time) bool {
	return d.OK && !d.Before(start) && !d.After(end)
}

// falseC reads an XML boolean as false ("false" or "0"); a blank or invalid
// flag is neither true nor false.
func falseC(s string) bool { return s == "false" || s == "0" }

// workingDaysBeforeC steps back n working days from d as numpy's
// busday_offset(d, -n, roll="forward") does, which is how DfE's tools
// compute "ReferenceDate minus N working days": a d that is not a working
// day first rolls forward to the next one.
func workingDaysBeforeC(d time.Time, n int) time.Time {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	for !returns.IsWorkingDay(d) {
		d = d.AddDate(0, 0, 1)
	}
	for n > 0 {
		d = d.AddDate(0, 0, -1)
		if returns.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// lastWorkingDayBeforeC is the latest working day strictly before d.
func lastWorkingDayBeforeC(d time.Time) time.Time {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	for !returns.IsWorkingDay(d) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

type episodesKeyC struct{ col string }

// closedEpisodesC maps each CIN episode with a valid closure date to its
// CINdetails rows, built once per table. Rows without a child id are left
// out, so they never join across children.
func closedEpisodesC(t *cin.Table) map[episode][]int {
	return t.Derived(episodesKeyC{"CINclosureDate"}, func() any {
		child, id := t.Column("LAchildID"), t.Column("CINdetailsID")
		closed := t.DateColumn("CINclosureDate")
		m := map[episode][]int{}
		for i := range child {
			if child[i] != "" && closed[i].OK {
				k := episode{child[i], id[i]}
				m[k] = append(m[k], i)
			}
		}
		return m
	}).(map[episode][]int)
}

// hitsC collects a rule's hits; the engine drops repeats.
type hitsC []rules.Hit

func (h *hitsC) add(t *cin.Table, row int) { *h = append(*h, rules.Hit{Table: t.Name, Row: row}) }

// LAchildID must be present.
var _ = declare("8500", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	id := t.Column("LAchildID")
	return rowsWhere(t, func(i int) bool { return id[i] == "" })
})

// Each LAchildID must be unique in the return. Missing ids are 8500's
// concern, so blanks are not counted as duplicates of each other.
var _ = declare("8510", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	var h hitsC
	for id, rows := range t.ByChild() {
		if id != "" && len(rows) > 1 {
			for _, i := range rows {
				h.add(t, i)
			}
		}
	}
	return h
})

// PersonBirthDate must be on or before the ReferenceDate.
var _ = declare("8520", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	_, end := periodC(r)
	dob := t.DateColumn("PersonBirthDate")
	return rowsWhere(t, func(i int) bool { return dob[i].OK && dob[i].After(end) })
})

// Exactly one of PersonBirthDate and ExpectedPersonBirthDate must be given.
var _ = declare("8525Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	dob, exp := t.DateColumn("PersonBirthDate"), t.DateColumn("ExpectedPersonBirthDate")
	return rowsWhere(t, func(i int) bool { return dob[i].OK == exp[i].OK })
})

// An ExpectedPersonBirthDate should lie strictly between the ReferenceDate
// minus 30 days and the ReferenceDate plus 9 months.
var _ = declare("8530Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	_, end := periodC(r)
	earliest, latest := end.AddDate(0, 0, -30), end.AddDate(0, 9, 0)
	exp := t.DateColumn("ExpectedPersonBirthDate")
	return rowsWhere(t, func(i int) bool {
		return exp[i].OK && (!exp[i].After(earliest) || !exp[i].Before(latest))
	})
})

// A PersonDeathDate must not be before the PersonBirthDate. A child who
// died before its expected birth date (unborn) is not queried; otherwise a
// death date with no birth date is.
var _ = declare("8535Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	dob, exp, dod := t.DateColumn("PersonBirthDate"), t.DateColumn("ExpectedPersonBirthDate"), t.DateColumn("PersonDeathDate")
	return rowsWhere(t, func(i int) bool {
		if !dod[i].OK || exp[i].OK && exp[i].After(dod[i].Time) {
			return false
		}
		return !dob[i].OK || dob[i].After(dod[i].Time)
	})
})

// disabilitiesC are the CIN census's disability codes.
var disabilitiesC = map[string]bool{
	"NONE": true, "MOB": true, "HAND": true, "PC": true, "INC": true, "COMM": true, "LD": true,
	"HEAR": true, "VIS": true, "BEH": true, "CON": true, "AUT": true, "DDA": true,
}

// A born child with at least one referral that went on to further action
// (ReferralNFA false or 0) must have one or more Disability codes, all
// valid. Faults the child, its further-action episodes and any invalid
// codes.
var _ = declare("8540", func(r *cin.Return) []rules.Hit {
	ci, cd, dis := r.T(cin.ChildIdentifiers), r.T(cin.CINdetails), r.T(cin.Disabilities)
	dob := ci.DateColumn("PersonBirthDate")
	nfa, code := cd.Column("ReferralNFA"), dis.Column("Disability")
	episodes, disabilities := cd.ByChild(), dis.ByChild()
	var h hitsC
	for i, child := range ci.Column("LAchildID") {
		if child == "" || !dob[i].OK {
			continue
		}
		var further []int
		for _, j := range episodes[child] {
			if falseC(nfa[j]) {
				further = append(further, j)
			}
		}
		if len(further) == 0 {
			continue
		}
		var invalid []int
		for _, j := range disabilities[child] {
			if !disabilitiesC[code[j]] {
				invalid = append(invalid, j)
			}
		}
		if len(disabilities[child]) > 0 && len(invalid) == 0 {
			continue
		}
		h.add(ci, i)
		for _, j := range further {
			h.add(cd, j)
		}
		for _, j := range invalid {
			h.add(dis, j)
		}
	}
	return h
})

// A PersonDeathDate should fall within the census year.
var _ = declare("8545Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildIdentifiers)
	start, end := periodC(r)
	dod := t.DateColumn("PersonDeathDate")
	return rowsWhere(t, func(i int) bool { return dod[i].OK && !duringC(dod[i], start, end) })
})

// A CINreferralDate must be on or before the child's PersonDeathDate.
var _ = declare("8555Q", func(r *cin.Return) []rules.Hit {
	ci, cd := r.T(cin.ChildIdentifiers), r.T(cin.CINdetails)
	dod, ref := ci.DateColumn("PersonDeathDate"), cd.DateColumn("CINreferralDate")
	children := ci.ByChild()
	var h hitsC
	for j, child := range cd.Column("LAchildID") {
		if child == "" || !ref[j].OK {
			continue
		}
		for _, i := range children[child] {
			if dod[i].OK && dod[i].Before(ref[j].Time) {
				h.add(cd, j)
				h.add(ci, i)
			}
		}
	}
	return h
})

// When a CIN episode has a CINclosureDate, every date of activity in the
// episode (initial CPC, assessment start and authorisation, S47 start and
// initial CPC, plan end, CIN plan start and end) must be on or before it.
var _ = declare("8565", func(r *cin.Return) []rules.Hit {
	cd := r.T(cin.CINdetails)
	closedAt := cd.DateColumn("CINclosureDate")
	closed := closedEpisodesC(cd)
	var h hitsC
	icpc := cd.DateColumn("DateOfInitialCPC")
	for i := range icpc {
		if closedAt[i].OK && icpc[i].OK && closedAt[i].Before(icpc[i].Time) {
			h.add(cd, i)
		}
	}
	// after checks the rows of t against the closure date of their episode.
	after := func(t *cin.Table, cols ...string) {
		child, id := t.Column("LAchildID"), t.Column("CINdetailsID")
		dates := make([][]returns.Date, len(cols))
		for k, c := range cols {
			dates[k] = t.DateColumn(c)
		}
		for j := range child {
			rows := closed[episode{child[j], id[j]}]
			for _, i := range rows {
				for _, d := range dates {
					if d[j].OK && closedAt[i].Before(d[j].Time) {
						h.add(cd, i)
						h.add(t, j)
					}
				}
			}
		}
	}
	after(r.T(cin.Assessments), "AssessmentActualStartDate", "AssessmentAuthorisationDate")
	after(r.T(cin.Section47), "S47ActualStartDate", "DateOfInitialCPC")
	after(r.T(cin.ChildProtectionPlans), "CPPendDate")
	after(r.T(cin.CINplanDates), "CINPlanStartDate", "CINPlanEndDate")
	return h
})

// ReferralNFA must be present and one of 1, 0, true, false.
var _ = declare("8568", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	nfa := t.Column("ReferralNFA")
	return rowsWhere(t, func(i int) bool {
		switch strings.ToLower(nfa[i]) {
		case "1", "0", "true", "false":
			return false
		}
		return true
	})
})

// A referral dated before the last working day before the census year
// began must have ReferralNFA false: a referral with no further action
// belongs to the census of the year it was made.
var _ = declare("8569Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	start, _ := periodC(r)
	limit := lastWorkingDayBeforeC(start)
	ref, nfa := t.DateColumn("CINreferralDate"), t.Column("ReferralNFA")
	return rowsWhere(t, func(i int) bool { return ref[i].OK && ref[i].Before(limit) && !falseC(nfa[i]) })
})

// An episode closed for reason RC2 (died) should have a PersonDeathDate
// for its child.
var _ = declare("8585Q", func(r *cin.Return) []rules.Hit {
	ci, cd := r.T(cin.ChildIdentifiers), r.T(cin.CINdetails)
	dod := ci.DateColumn("PersonDeathDate")
	reason := cd.Column("ReasonForClosure")
	children := ci.ByChild()
	var h hitsC
	for j, child := range cd.Column("LAchildID") {
		if child == "" || reason[j] != "RC2" {
			continue
		}
		for _, i := range children[child] {
			if !dod[i].OK {
				h.add(cd, j)
				h.add(ci, i)
			}
		}
	}
	return h
})

// Each child must have at least one CIN episode.
var _ = declare("8590", func(r *cin.Return) []rules.Hit {
	ci := r.T(cin.ChildIdentifiers)
	episodes := r.T(cin.CINdetails).ByChild()
	id := ci.Column("LAchildID")
	return rowsWhere(ci, func(i int) bool { return len(episodes[id[i]]) == 0 })
})

// CINreferralDate must be present and on or before the ReferenceDate.
var _ = declare("8600", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	_, end := periodC(r)
	ref := t.DateColumn("CINreferralDate")
	return rowsWhere(t, func(i int) bool { return !ref[i].OK || ref[i].After(end) })
})

// A CINreferralDate cannot be more than 280 days (40 weeks) before the
// child's PersonBirthDate or ExpectedPersonBirthDate.
var _ = declare("8606", func(r *cin.Return) []rules.Hit {
	ci, cd := r.T(cin.ChildIdentifiers), r.T(cin.CINdetails)
	dob, exp := ci.DateColumn("PersonBirthDate"), ci.DateColumn("ExpectedPersonBirthDate")
	ref := cd.DateColumn("CINreferralDate")
	children := ci.ByChild()
	tooEarly := func(ref time.Time, birth returns.Date) bool {
		return birth.OK && ref.Before(birth.AddDate(0, 0, -280))
	}
	var h hitsC
	for j, child := range cd.Column("LAchildID") {
		if child == "" || !ref[j].OK {
			continue
		}
		for _, i := range children[child] {
			if tooEarly(ref[j].Time, dob[i]) || tooEarly(ref[j].Time, exp[i]) {
				h.add(cd, j)
				h.add(ci, i)
			}
		}
	}
	return h
})

// An AssessmentAuthorisationDate must be on or after the
// AssessmentActualStartDate.
var _ = declare("8608", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Assessments)
	start, auth := t.DateColumn("AssessmentActualStartDate"), t.DateColumn("AssessmentAuthorisationDate")
	return rowsWhere(t, func(i int) bool { return start[i].OK && auth[i].OK && start[i].After(auth[i].Time) })
})

// A referral going on to further action (ReferralNFA false or 0) must have
// a PrimaryNeedCode.
var _ = declare("8610", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	nfa, need := t.Column("ReferralNFA"), t.Column("PrimaryNeedCode")
	return rowsWhere(t, func(i int) bool { return falseC(nfa[i]) && need[i] == "" })
})

// Factors identified at assessment may only be recorded for an assessment
// with an AssessmentAuthorisationDate (a completed one).
var _ = declare("8614", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Assessments)
	auth, factor := t.DateColumn("AssessmentAuthorisationDate"), t.Column("AssessmentFactors")
	return rowsWhere(t, func(i int) bool { return !auth[i].OK && factor[i] != "" })
})

// Where a Section 47 enquiry has a DateOfInitialCPC, its S47ActualStartDate
// must be present and on or before it.
var _ = declare("8615", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Section47)
	start, icpc := t.DateColumn("S47ActualStartDate"), t.DateColumn("DateOfInitialCPC")
	return rowsWhere(t, func(i int) bool { return icpc[i].OK && (!start[i].OK || start[i].After(icpc[i].Time)) })
})

// A CINclosureDate must fall within the census year.
var _ = declare("8620", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	start, end := periodC(r)
	closed := t.DateColumn("CINclosureDate")
	return rowsWhere(t, func(i int) bool { return closed[i].OK && !duringC(closed[i], start, end) })
})

// A CINclosureDate must be on or after the episode's CINreferralDate.
var _ = declare("8630", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	ref, closed := t.DateColumn("CINreferralDate"), t.DateColumn("CINclosureDate")
	return rowsWhere(t, func(i int) bool { return ref[i].OK && closed[i].OK && closed[i].Before(ref[i].Time) })
})

// reasonsForClosureC are the CIN census's reasons for closure.
var reasonsForClosureC = map[string]bool{
	"RC1": true, "RC2": true, "RC3": true, "RC4": true, "RC5": true, "RC6": true, "RC7": true, "RC8": true, "RC9": true,
}

// A ReasonForClosure, where given, must be a valid code.
var _ = declare("8640", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	reason := t.Column("ReasonForClosure")
	return rowsWhere(t, func(i int) bool { return reason[i] != "" && !reasonsForClosureC[reason[i]] })
})

// primaryNeedsC are the CIN census's primary need codes.
var primaryNeedsC = map[string]bool{
	"N0": true, "N1": true, "N2": true, "N3": true, "N4": true, "N5": true, "N6": true, "N7": true, "N8": true, "N9": true,
}

// A PrimaryNeedCode, where given, must be a valid code.
var _ = declare("8650", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.CINdetails)
	need := t.Column("PrimaryNeedCode")
	return rowsWhere(t, func(i int) bool { return need[i] != "" && !primaryNeedsC[need[i]] })
})

// An assessment with no AssessmentAuthorisationDate should not have started
// before the ReferenceDate minus 45 working days. DfE's tools count the
// reference date as the 45th day, so the limit is 44 working days back.
var _ = declare("8670Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Assessments)
	_, end := periodC(r)
	limit := workingDaysBeforeC(end, 44)
	start, auth := t.DateColumn("AssessmentActualStartDate"), t.DateColumn("AssessmentAuthorisationDate")
	return rowsWhere(t, func(i int) bool { return !auth[i].OK && start[i].OK && start[i].Before(limit) })
})

// A Section 47 enquiry with no DateOfInitialCPC and ICPCnotRequired false
// should not have started before the ReferenceDate minus 15 working days
// (14 back, the reference date counting as the 15th, as for 8670Q).
var _ = declare("8675Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Section47)
	_, end := periodC(r)
	limit := workingDaysBeforeC(end, 14)
	start, icpc := t.DateColumn("S47ActualStartDate"), t.DateColumn("DateOfInitialCPC")
	notRequired := t.Column("ICPCnotRequired")
	return rowsWhere(t, func(i int) bool {
		return !icpc[i].OK && falseC(notRequired[i]) && start[i].OK && start[i].Before(limit)
	})
})

// An AssessmentAuthorisationDate must fall within the census year.
var _ = declare("8696", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Assessments)
	start, end := periodC(r)
	auth := t.DateColumn("AssessmentAuthorisationDate")
	return rowsWhere(t, func(i int) bool { return auth[i].OK && !duringC(auth[i], start, end) })
})

// A Section 47 enquiry's DateOfInitialCPC must fall within the census year.
var _ = declare("8715", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Section47)
	start, end := periodC(r)
	icpc := t.DateColumn("DateOfInitialCPC")
	return rowsWhere(t, func(i int) bool { return icpc[i].OK && !duringC(icpc[i], start, end) })
})

// A child protection plan must have a CPPstartDate on or before the
// ReferenceDate (plans may have started in earlier years).
var _ = declare("8720", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildProtectionPlans)
	_, end := periodC(r)
	cpp, start := t.Column("CPPID"), t.DateColumn("CPPstartDate")
	return rowsWhere(t, func(i int) bool { return cpp[i] != "" && (!start[i].OK || start[i].After(end)) })
})

// A child protection plan's NumberOfPreviousCPP must be a whole number of
// zero or more.
var _ = declare("8730", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildProtectionPlans)
	n := t.Column("NumberOfPreviousCPP")
	return rowsWhere(t, func(i int) bool {
		v, err := strconv.Atoi(n[i])
		return err != nil || v < 0
	})
})

// An assessment with no AssessmentAuthorisationDate must have an
// AssessmentActualStartDate within the census year.
var _ = declare("8736", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Assessments)
	from, to := periodC(r)
	id := t.Column("CINdetailsID")
	start, auth := t.DateColumn("AssessmentActualStartDate"), t.DateColumn("AssessmentAuthorisationDate")
	return rowsWhere(t, func(i int) bool { return id[i] != "" && !auth[i].OK && !duringC(start[i], from, to) })
})
