package y2025

import (
	"strings"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/rules"
)

// factorCodesE are the CIN census's factors identified at assessment.
var factorCodesE = map[string]bool{
	"1A": true, "1B": true, "1C": true, "2A": true, "2B": true, "2C": true,
	"3A": true, "3B": true, "3C": true, "4A": true, "4B": true, "4C": true,
	"5A": true, "5B": true, "5C": true, "6A": true, "6B": true, "6C": true,
	"7A": true, "8B": true, "8C": true, "8D": true, "8E": true, "8F": true,
	"9A": true, "10A": true, "11A": true, "12A": true, "13A": true, "14A": true,
	"15A": true, "16A": true, "17A": true, "18A": true, "18B": true, "18C": true,
	"19A": true, "19B": true, "19C": true, "20": true, "21": true,
	"22A": true, "23A": true, "24A": true,
}

// abuseCategoriesE are the CIN census's categories of abuse.
var abuseCategoriesE = map[string]bool{"NEG": true, "PHY": true, "SAB": true, "EMO": true, "MUL": true}

// An assessment authorised on or after the start of the census year should
// record one or more factors, each a valid code.
var _ = declare("8897Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Assessments)
	auth, f := t.DateColumn("AssessmentAuthorisationDate"), t.Column("AssessmentFactors")
	start := r.CollectionStart()
	// A row with no factor is an assessment that recorded none.
	return rowsWhere(t, func(i int) bool {
		return auth[i].OK && !auth[i].Before(start) && !factorCodesE[f[i]]
	})
})

// An assessment must not record the same factor twice.
var _ = declare("8898", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Assessments)
	f := t.Column("AssessmentFactors")
	var h []rules.Hit
	for _, a := range assessmentsE(t).all {
		if len(a.rows) < 2 {
			continue
		}
		n := map[string]int{}
		for _, i := range a.rows {
			n[f[i]]++
		}
		for _, i := range a.rows {
			if f[i] != "" && n[f[i]] > 1 {
				h = append(h, hitE(t, i))
			}
		}
	}
	return h
})

// A child protection plan's initial category of abuse must be a valid code.
var _ = declare("8905", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildProtectionPlans)
	c := t.Column("InitialCategoryOfAbuse")
	return rowsWhere(t, func(i int) bool { return !abuseCategoriesE[c[i]] })
})

// A child protection plan's latest category of abuse must be a valid code.
var _ = declare("8910", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildProtectionPlans)
	c := t.Column("LatestCategoryOfAbuse")
	return rowsWhere(t, func(i int) bool { return !abuseCategoriesE[c[i]] })
})

// planAfterDeathE faults plans whose date in col is after the child's date
// of death, with the child's identifiers.
func planAfterDeathE(r *cin.Return, col string) []rules.Hit {
	cpp, ci := r.T(cin.ChildProtectionPlans), r.T(cin.ChildIdentifiers)
	death := ci.DateColumn("PersonDeathDate")
	d := cpp.DateColumn(col)
	ids := ci.ByChild()
	var h []rules.Hit
	for child, rows := range cpp.ByChild() {
		if child == "" {
			continue
		}
		for _, c := range ids[child] {
			if !death[c].OK {
				continue
			}
			for _, p := range rows {
				if d[p].OK && d[p].After(death[c].Time) {
					h = append(h, hitE(cpp, p), hitE(ci, c))
				}
			}
		}
	}
	return h
}

// A child protection plan must start on or before the child's date of death.
var _ = declare("8915", func(r *cin.Return) []rules.Hit { return planAfterDeathE(r, "CPPstartDate") })

// A child protection plan must end on or before the child's date of death.
var _ = declare("8920", func(r *cin.Return) []rules.Hit { return planAfterDeathE(r, "CPPendDate") })

// A child protection plan cannot end before it starts.
var _ = declare("8925", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildProtectionPlans)
	start, end := t.DateColumn("CPPstartDate"), t.DateColumn("CPPendDate")
	return rowsWhere(t, func(i int) bool { return start[i].OK && end[i].OK && end[i].Before(start[i].Time) })
})

// A child protection plan's end date must fall within the census year.
var _ = declare("8930", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildProtectionPlans)
	end := t.DateColumn("CPPendDate")
	from, to := r.CollectionStart(), r.CollectionEnd()
	return rowsWhere(t, func(i int) bool { return end[i].OK && (end[i].Before(from) || end[i].After(to)) })
})

// A child may have only one open child protection plan (no end date),
// across all its CIN episodes.
var _ = declare("8935", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildProtectionPlans)
	end := t.Column("CPPendDate")
	var h []rules.Hit
	for child, rows := range t.ByChild() {
		if child == "" {
			continue
		}
		var open []int
		for _, i := range rows {
			if end[i] == "" {
				open = append(open, i)
			}
		}
		if len(open) > 1 {
			h = append(h, hitsE(t, open)...)
		}
	}
	return h
})

// A child's child protection plans must not overlap: none may start on or
// between another's start and end (or the reference date, when open).
var _ = declare("8940", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.ChildProtectionPlans)
	start, end := t.DateColumn("CPPstartDate"), t.DateColumn("CPPendDate")
	endCell := t.Column("CPPendDate")
	ref := r.CollectionEnd()
	var h []rules.Hit
	for child, rows := range t.ByChild() {
		if child == "" {
			continue
		}
		for _, i := range rows {
			for _, j := range rows {
				if i != j && startsDuringE(start[i], start[j], end[j], endCell[j] == "", ref) {
					h = append(h, hitE(t, i), hitE(t, j))
				}
			}
		}
	}
	return h
})

// Factor 18A should not be used: 18B or 18C instead.
var _ = declare("8945Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Assessments)
	f := t.Column("AssessmentFactors")
	return rowsWhere(t, func(i int) bool { return strings.EqualFold(f[i], "18A") })
})

// Factor 19A should not be used: 19B or 19C instead.
var _ = declare("8950Q", func(r *cin.Return) []rules.Hit {
	t := r.T(cin.Assessments)
	f := t.Column("AssessmentFactors")
	return rowsWhere(t, func(i int) bool { return strings.EqualFold(f[i], "19A") })
})
