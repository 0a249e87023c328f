package y2025

import (
	"strings"
	"time"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/returns"
	"github.com/sightline-uk/sightline/rules"
)

// episodeKeysB gives each row of t its CIN episode.
func episodeKeysB(t *cin.Table) []episode {
	child, id := t.Column("LAchildID"), t.Column("CINdetailsID")
	out := make([]episode, len(child))
	for i := range child {
		out[i] = episode{child[i], id[i]}
	}
	return out
}

// trueB reads an XML boolean (true, false, 1, 0).
func trueB(s string) bool { return strings.EqualFold(s, "true") || s == "1" }

// hitsB collects a rule's hits; the engine drops repeats.
type hitsB []rules.Hit

func (h *hitsB) add(t *cin.Table, row int) { *h = append(*h, rules.Hit{Table: t.Name, Row: row}) }

// withinB reports whether d falls in a period [start, end), or from start
// to the reference date inclusive when the period has no end (blank); a
// malformed start or end tells nothing, so it never matches.
func withinB(d time.Time, start returns.Date, end returns.Date, endBlank bool, ref time.Time) bool {
	if !start.OK || d.Before(start.Time) {
		return false
	}
	if endBlank {
		return !d.After(ref)
	}
	return end.OK && d.Before(end.Time)
}

// A CIN episode whose referral led to no further action has no CIN plan.
var _ = declare("4000", func(r *cin.Return) []rules.Hit {
	det, plans := r.T(cin.CINdetails), r.T(cin.CINplanDates)
	byEp := byEpisode(plans)
	nfa := det.Column("ReferralNFA")
	var h hitsB
	for i, k := range episodeKeysB(det) {
		if !trueB(nfa[i]) || len(byEp[k]) == 0 {
			continue
		}
		h.add(det, i)
		for _, p := range byEp[k] {
			h.add(plans, p)
		}
	}
	return h
})

// Within a CIN episode an open child protection plan (no end date) and an
// open CIN plan cannot both be present.
var _ = declare("4001", func(r *cin.Return) []rules.Hit {
	cpp, plans := r.T(cin.ChildProtectionPlans), r.T(cin.CINplanDates)
	planEnd := plans.Column("CINPlanEndDate")
	openPlans := map[episode][]int{}
	for k, rows := range byEpisode(plans) {
		for _, p := range rows {
			if planEnd[p] == "" {
				openPlans[k] = append(openPlans[k], p)
			}
		}
	}
	cppEnd := cpp.Column("CPPendDate")
	var h hitsB
	faulted := map[episode]bool{}
	for i, k := range episodeKeysB(cpp) {
		if cppEnd[i] != "" || len(openPlans[k]) == 0 {
			continue
		}
		h.add(cpp, i)
		if !faulted[k] {
			faulted[k] = true
			for _, p := range openPlans[k] {
				h.add(plans, p)
			}
		}
	}
	return h
})

// Within a CIN episode no CPP review may fall on or after a CIN plan's
// start and before its end (or at all once an open plan has started),
// unless the review is the day the protection plan ended.
var _ = declare("4003", func(r *cin.Return) []rules.Hit {
	rev, cpp, plans := r.T(cin.Reviews), r.T(cin.ChildProtectionPlans), r.T(cin.CINplanDates)
	planRows := byEpisode(plans)
	cppRows := byPlan(cpp)
	revDate := rev.DateColumn("CPPreviewDate")
	cppEnd := cpp.DateColumn("CPPendDate")
	start, end := plans.DateColumn("CINPlanStartDate"), plans.DateColumn("CINPlanEndDate")
	endText := plans.Column("CINPlanEndDate")
	child, id, cppID := rev.Column("LAchildID"), rev.Column("CINdetailsID"), rev.Column("CPPID")
	var h hitsB
	for i := range child {
		d := revDate[i]
		if !d.OK {
			continue
		}
		k := plan{episode{child[i], id[i]}, cppID[i]}
		exempt := false
		for _, c := range cppRows[k] {
			if cppEnd[c].OK && cppEnd[c].Equal(d.Time) {
				exempt = true
			}
		}
		if exempt {
			continue
		}
		for _, p := range planRows[k.episode] {
			// An open plan runs on: no reference-date bound, a review after
			// the census year is another rule's fault.
			if !start[p].OK || d.Before(start[p].Time) {
				continue
			}
			if endText[p] != "" && !(end[p].OK && d.Before(end[p].Time)) {
				continue
			}
			h.add(rev, i)
			h.add(plans, p)
			for _, c := range cppRows[k] {
				h.add(cpp, c)
			}
		}
	}
	return h
})

// A CIN episode has at most one open CIN plan (one with no end date).
var _ = declare("4004", func(r *cin.Return) []rules.Hit {
	plans := r.T(cin.CINplanDates)
	end := plans.Column("CINPlanEndDate")
	var h hitsB
	for _, rows := range byEpisode(plans) {
		var open []int
		for _, p := range rows {
			if end[p] == "" {
				open = append(open, p)
			}
		}
		if len(open) > 1 {
			for _, p := range open {
				h.add(plans, p)
			}
		}
	}
	return h
})

// deathRuleB faults a child's identifiers and each CIN plan whose date in
// col is after the child's date of death.
func deathRuleB(r *cin.Return, col string) []rules.Hit {
	ids, plans := r.T(cin.ChildIdentifiers), r.T(cin.CINplanDates)
	death := ids.DateColumn("PersonDeathDate")
	child := ids.Column("LAchildID")
	byChild := plans.ByChild()
	date := plans.DateColumn(col)
	var h hitsB
	for i := range child {
		if !death[i].OK || child[i] == "" {
			continue
		}
		for _, p := range byChild[child[i]] {
			if date[p].OK && date[p].After(death[i].Time) {
				h.add(ids, i)
				h.add(plans, p)
			}
		}
	}
	return h
}

// A CIN plan cannot start after the child's date of death.
var _ = declare("4008", func(r *cin.Return) []rules.Hit { return deathRuleB(r, "CINPlanStartDate") })

// A CIN plan should not end after the child's date of death.
var _ = declare("4009Q", func(r *cin.Return) []rules.Hit { return deathRuleB(r, "CINPlanEndDate") })

// A CIN plan's start date must be present (and a date) and on or before the
// reference date.
var _ = declare("4010", func(r *cin.Return) []rules.Hit {
	plans := r.T(cin.CINplanDates)
	start := plans.DateColumn("CINPlanStartDate")
	ref := r.CollectionEnd()
	return rowsWhere(plans, func(i int) bool { return !start[i].OK || start[i].After(ref) })
})

// A CIN plan's end date, where given, is on or after its start date.
var _ = declare("4011", func(r *cin.Return) []rules.Hit {
	plans := r.T(cin.CINplanDates)
	start, end := plans.DateColumn("CINPlanStartDate"), plans.DateColumn("CINPlanEndDate")
	return rowsWhere(plans, func(i int) bool { return start[i].OK && end[i].OK && end[i].Before(start[i].Time) })
})

// A CIN plan should not start and end on the same day.
var _ = declare("4012Q", func(r *cin.Return) []rules.Hit {
	plans := r.T(cin.CINplanDates)
	start, end := plans.DateColumn("CINPlanStartDate"), plans.DateColumn("CINPlanEndDate")
	return rowsWhere(plans, func(i int) bool { return start[i].OK && end[i].OK && end[i].Equal(start[i].Time) })
})

// A CIN plan's end date, where given, falls within the census year.
var _ = declare("4013", func(r *cin.Return) []rules.Hit {
	plans := r.T(cin.CINplanDates)
	end := plans.DateColumn("CINPlanEndDate")
	from, to := r.CollectionStart(), r.CollectionEnd()
	return rowsWhere(plans, func(i int) bool { return end[i].OK && (end[i].Before(from) || end[i].After(to)) })
})

// No CIN plan of a child may start within another of the child's CIN plans
// (start to end inclusive, or start to the reference date if it is open);
// both plans are faulted.
var _ = declare("4014", func(r *cin.Return) []rules.Hit {
	plans := r.T(cin.CINplanDates)
	start, end := plans.DateColumn("CINPlanStartDate"), plans.DateColumn("CINPlanEndDate")
	endText := plans.Column("CINPlanEndDate")
	ref := r.CollectionEnd()
	var h hitsB
	for child, rows := range plans.ByChild() {
		if child == "" {
			continue
		}
		for _, a := range rows {
			if !start[a].OK {
				continue
			}
			for _, b := range rows {
				if a == b || !start[b].OK || start[a].Before(start[b].Time) {
					continue
				}
				within := false
				switch {
				case endText[b] == "":
					within = !start[a].After(ref)
				case end[b].OK:
					within = !start[a].After(end[b].Time)
				}
				if within {
					h.add(plans, a)
					h.add(plans, b)
				}
			}
		}
	}
	return h
})

// A CIN plan cannot start before its episode's referral date.
var _ = declare("4015", func(r *cin.Return) []rules.Hit {
	det, plans := r.T(cin.CINdetails), r.T(cin.CINplanDates)
	byEp := byEpisode(plans)
	ref := det.DateColumn("CINreferralDate")
	start := plans.DateColumn("CINPlanStartDate")
	var h hitsB
	for i, k := range episodeKeysB(det) {
		if !ref[i].OK {
			continue
		}
		for _, p := range byEp[k] {
			if start[p].OK && start[p].Before(ref[i].Time) {
				h.add(det, i)
				h.add(plans, p)
			}
		}
	}
	return h
})

// overlapB faults each pair of a child's rows in a and b where the date
// column at of a's row falls within b's row's period from its start column
// (inclusive) to its end column (exclusive), or to the reference date when
// b's end is blank: the day one plan ends the other may start.
func overlapB(r *cin.Return, a *cin.Table, at string, b *cin.Table, bStart, bEnd string) []rules.Hit {
	d := a.DateColumn(at)
	start, end := b.DateColumn(bStart), b.DateColumn(bEnd)
	endText := b.Column(bEnd)
	ref := r.CollectionEnd()
	bRows := b.ByChild()
	var h hitsB
	for child, rows := range a.ByChild() {
		if child == "" {
			continue
		}
		for _, i := range rows {
			if !d[i].OK {
				continue
			}
			for _, j := range bRows[child] {
				if withinB(d[i].Time, start[j], end[j], endText[j] == "", ref) {
					h.add(a, i)
					h.add(b, j)
				}
			}
		}
	}
	return h
}

// A CIN plan cannot start while a child protection plan is open (from its
// start to the day before it ends, or to the reference date if open).
var _ = declare("4016", func(r *cin.Return) []rules.Hit {
	return overlapB(r, r.T(cin.CINplanDates), "CINPlanStartDate", r.T(cin.ChildProtectionPlans), "CPPstartDate", "CPPendDate")
})

// A child protection plan cannot start while a CIN plan is open (from its
// start to the day before it ends, or to the reference date if open).
var _ = declare("4017", func(r *cin.Return) []rules.Hit {
	return overlapB(r, r.T(cin.ChildProtectionPlans), "CPPstartDate", r.T(cin.CINplanDates), "CINPlanStartDate", "CINPlanEndDate")
})

// Sex must be given and be M, F or U.
var _ = declare("4180", func(r *cin.Return) []rules.Hit {
	ids := r.T(cin.ChildIdentifiers)
	sex := ids.Column("Sex")
	return rowsWhere(ids, func(i int) bool { return !returns.In(sex[i], "M", "F", "U") })
})

// ethnicitiesB are DfE's ethnicity codes for the CIN census.
var ethnicitiesB = map[string]bool{
	"ABAN": true, "AIND": true, "AOTH": true, "APKN": true, "BAFR": true,
	"BCRB": true, "BOTH": true, "CHNE": true, "MOTH": true, "MWAS": true,
	"MWBA": true, "MWBC": true, "NOBT": true, "OOTH": true, "REFU": true,
	"WBRI": true, "WIRI": true, "WIRT": true, "WOTH": true, "WROM": true,
}

// Ethnicity must be given and be one of DfE's codes.
var _ = declare("4220", func(r *cin.Return) []rules.Hit {
	chars := r.T(cin.ChildCharacteristics)
	eth := chars.Column("Ethnicity")
	return rowsWhere(chars, func(i int) bool { return !ethnicitiesB[eth[i]] })
})
