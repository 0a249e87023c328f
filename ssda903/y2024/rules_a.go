package y2024

import (
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Range a: field validity for missing spells, UASC, adoption and placement
// change reasons, and the adoption-decision dates checked against episodes.
// The care leaver (OC3) rules are in rules_a_2.go.

var (
	missingTypesA = codeSet("M", "A")
	// 2024/25 reasons for a change of placement.
	placeChangeReasonsA = codeSet("CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ",
		"PLACE", "CUSTOD", "OTHER")
	fosterCareA          = codeSet("0", "1")
	placedCeasedReasonsA = codeSet("RD1", "RD2", "RD3", "RD4")
)

// badDateA reports a cell that holds something other than a valid date;
// blank cells are left to the rules that require the field.
func badDateA(t *ssda903.Table, i int, col string) bool {
	return !t.Blank(i, col) && !t.Date(i, col).OK
}

// presentA reports whether the return includes a table at all, for rules
// that fault rows of one table for lacking rows in another: without the
// other table there is nothing to compare with.
func presentA(r *ssda903.Return, name string) bool { return r.Tables[name] != nil }

// pickEpisodeA is the row among rows with the latest valid start date, or
// the earliest when first is set (the first such row on a tie), among those
// keep accepts; -1 when there is none.
func pickEpisodeA(e *ssda903.Table, rows []int, first bool, keep func(i int) bool) int {
	best := -1
	starts := e.DateColumn("DECOM")
	for _, i := range rows {
		d := starts[i]
		if !d.OK || keep != nil && !keep(i) {
			continue
		}
		if best < 0 || !first && d.After(starts[best].Time) || first && d.Before(starts[best].Time) {
			best = i
		}
	}
	return best
}

// 1004: a missing or away-from-placement spell must have a valid start date.
var _ = declare("1004", func(r *ssda903.Return) []rules.Hit {
	m := r.T(ssda903.Missing)
	return rowsWhere(m, func(i int) bool { return !m.Date(i, "MIS_START").OK })
})

// 1005: a missing spell's end date, when given, must be a valid date.
var _ = declare("1005", func(r *ssda903.Return) []rules.Hit {
	m := r.T(ssda903.Missing)
	return rowsWhere(m, func(i int) bool { return badDateA(m, i, "MIS_END") })
})

// 1006: the missing type, when given, must be M (missing) or A (away).
var _ = declare("1006", func(r *ssda903.Return) []rules.Hit {
	m := r.T(ssda903.Missing)
	return rowsWhere(m, func(i int) bool { return notIn(m, i, "MISSING", missingTypesA) })
})

// 1009: the reason for a placement change, when given, must be a valid code.
var _ = declare("1009", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	return rowsWhere(e, func(i int) bool { return notIn(e, i, "REASON_PLACE_CHANGE", placeChangeReasonsA) })
})

// 104: the date UASC status ceased, when given, must be a valid date and
// not before the collection year.
var _ = declare("104", func(r *ssda903.Return) []rules.Hit {
	u := r.T(ssda903.UASC)
	start := r.CollectionStart()
	return rowsWhere(u, func(i int) bool {
		d := u.Date(i, "DUC")
		return badDateA(u, i, "DUC") || d.OK && d.Before(start)
	})
})

// 105: the header's UASC flag must be 0 or 1. Only XML returns carry the
// flag in the header (a CSV return says it by the UASC table instead), so
// the rule applies only when the Header table has a UASC column.
var _ = declare("105", func(r *ssda903.Return) []rules.Hit {
	h := r.T(ssda903.Header)
	if !h.Has("UASC") {
		return nil
	}
	return rowsWhere(h, func(i int) bool {
		f, ok := h.Float(i, "UASC")
		return !ok || f != 0 && f != 1
	})
})

// 112: the date the child should be placed for adoption, when given, must
// be a valid date.
var _ = declare("112", func(r *ssda903.Return) []rules.Hit {
	a := r.T(ssda903.AD1)
	return rowsWhere(a, func(i int) bool { return badDateA(a, i, "DATE_INT") })
})

// 113: the date the child was matched with adopters, when given, must be a
// valid date.
var _ = declare("113", func(r *ssda903.Return) []rules.Hit {
	a := r.T(ssda903.AD1)
	return rowsWhere(a, func(i int) bool { return badDateA(a, i, "DATE_MATCH") })
})

// 114: whether the adopters were the child's foster carers, when given,
// must be 0 or 1.
var _ = declare("114", func(r *ssda903.Return) []rules.Hit {
	a := r.T(ssda903.AD1)
	return rowsWhere(a, func(i int) bool { return notIn(a, i, "FOSTER_CARE", fosterCareA) })
})

// 115: the date of the decision to place for adoption, when given, must be
// a valid date.
var _ = declare("115", func(r *ssda903.Return) []rules.Hit {
	p := r.T(ssda903.PlacedAdoption)
	return rowsWhere(p, func(i int) bool { return badDateA(p, i, "DATE_PLACED") })
})

// 116: the date of the decision no longer to place for adoption, when
// given, must be a valid date.
var _ = declare("116", func(r *ssda903.Return) []rules.Hit {
	p := r.T(ssda903.PlacedAdoption)
	return rowsWhere(p, func(i int) bool { return badDateA(p, i, "DATE_PLACED_CEASED") })
})

// 117: neither adoption decision may be after the collection year, nor
// after the child ceased to be looked after (the end of the child's latest
// episode that is not a continuation, REC X1).
var _ = declare("117", func(r *ssda903.Return) []rules.Hit {
	e, p := r.T(ssda903.Episodes), r.T(ssda903.PlacedAdoption)
	end := r.CollectionEnd()
	byChild := e.ByChild()
	notX1 := func(j int) bool { return ssda903.Upper(e.Str(j, "REC")) != "X1" }
	var hits []rules.Hit
	for i := 0; i < p.Len(); i++ {
		j := pickEpisodeA(e, byChild[p.Str(i, "CHILD")], false, notX1)
		hasEp := j >= 0
		ceased := e.Date(j, "DEC")
		late := func(col string) (afterYear, afterCare bool) {
			d := p.Date(i, col)
			if !d.OK {
				return false, false
			}
			return d.After(end), hasEp && ceased.OK && d.After(ceased.Time)
		}
		y1, c1 := late("DATE_PLACED")
		y2, c2 := late("DATE_PLACED_CEASED")
		// A date beyond the year is wrong whatever the episodes say; the
		// episode is named when the child has one to compare with.
		if y1 || c1 || y2 || c2 {
			hits = append(hits, rules.Hit{Table: p.Name, Row: i})
			if hasEp {
				hits = append(hits, rules.Hit{Table: e.Name, Row: j})
			}
		}
	}
	return hits
})

// 118: the decision no longer to place for adoption cannot be before the
// collection year, nor before the child's first episode that is not a short
// break (legal status V3/V4).
var _ = declare("118", func(r *ssda903.Return) []rules.Hit {
	e, p := r.T(ssda903.Episodes), r.T(ssda903.PlacedAdoption)
	start := r.CollectionStart()
	byChild := e.ByChild()
	notRespite := func(j int) bool { return !ssda903.In(ssda903.Upper(e.Str(j, "LS")), "V3", "V4") }
	var hits []rules.Hit
	for i := 0; i < p.Len(); i++ {
		d := p.Date(i, "DATE_PLACED_CEASED")
		if !d.OK {
			continue
		}
		j := pickEpisodeA(e, byChild[p.Str(i, "CHILD")], true, notRespite)
		hasEp := j >= 0
		beforeCare := hasEp && d.Before(e.Date(j, "DECOM").Time)
		if d.Before(start) || beforeCare {
			hits = append(hits, rules.Hit{Table: p.Name, Row: i})
			if hasEp {
				hits = append(hits, rules.Hit{Table: e.Name, Row: j})
			}
		}
	}
	return hits
})

// 119: the date of a decision no longer to place for adoption and its
// reason go together: both or neither.
var _ = declare("119", func(r *ssda903.Return) []rules.Hit {
	p := r.T(ssda903.PlacedAdoption)
	return rowsWhere(p, func(i int) bool {
		return p.Blank(i, "DATE_PLACED_CEASED") != p.Blank(i, "REASON_PLACED_CEASED")
	})
})

// 120: the reason the adoption decision was reversed, when given, must be
// RD1–RD4.
var _ = declare("120", func(r *ssda903.Return) []rules.Hit {
	p := r.T(ssda903.PlacedAdoption)
	return rowsWhere(p, func(i int) bool { return notIn(p, i, "REASON_PLACED_CEASED", placedCeasedReasonsA) })
})
