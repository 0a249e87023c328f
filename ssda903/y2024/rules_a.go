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
	placedCeasedReasonsA = codeSet("RD1", "RD2", "RD3", "RD4")
)

// 1004: a missing or away-from-placement spell must have a valid start date.
var _ = declare("1004", requiredDate(ssda903.Missing, "MIS_START"))

// 1005: a missing spell's end date, when given, must be a valid date.
var _ = declare("1005", invalidDate(ssda903.Missing, "MIS_END"))

// 1006: the missing type, when given, must be M (missing) or A (away).
var _ = declare("1006", codeCheck(ssda903.Missing, "MISSING", missingTypesA))

// 1009: the reason for a placement change, when given, must be a valid code.
var _ = declare("1009", codeCheck(ssda903.Episodes, "REASON_PLACE_CHANGE", placeChangeReasonsA))

// 104: the date UASC status ceased, when given, must be a valid date and
// not before the collection year.
var _ = declare("104", func(r *ssda903.Return) []rules.Hit {
	u := r.T(ssda903.UASC)
	start := r.CollectionStart()
	return rowsWhere(u, func(i int) bool {
		d := u.Date(i, "DUC")
		return badDate(u, i, "DUC") || d.OK && d.Before(start)
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
var _ = declare("112", invalidDate(ssda903.AD1, "DATE_INT"))

// 113: the date the child was matched with adopters, when given, must be a
// valid date.
var _ = declare("113", invalidDate(ssda903.AD1, "DATE_MATCH"))

// 114: whether the adopters were the child's foster carers, when given,
// must be 0 or 1.
var _ = declare("114", codeCheck(ssda903.AD1, "FOSTER_CARE", zeroOne))

// 115: the date of the decision to place for adoption, when given, must be
// a valid date.
var _ = declare("115", invalidDate(ssda903.PlacedAdoption, "DATE_PLACED"))

// 116: the date of the decision no longer to place for adoption, when
// given, must be a valid date.
var _ = declare("116", invalidDate(ssda903.PlacedAdoption, "DATE_PLACED_CEASED"))

// 117: neither adoption decision may be after the collection year, nor
// after the child ceased to be looked after (the end of the child's latest
// episode that is not a continuation, REC X1).
var _ = declare("117", func(r *ssda903.Return) []rules.Hit {
	e, p := r.T(ssda903.Episodes), r.T(ssda903.PlacedAdoption)
	end := r.CollectionEnd()
	byChild, starts := e.ByChild(), e.DateColumn("DECOM")
	notX1 := func(j int) bool { return ssda903.Upper(e.Str(j, "REC")) != "X1" }
	var hits []rules.Hit
	for i := 0; i < p.Len(); i++ {
		j := latestRow(byChild[p.Str(i, "CHILD")], starts, notX1)
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
			hits = append(hits, hit(p, i))
			if hasEp {
				hits = append(hits, hit(e, j))
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
	byChild, starts := e.ByChild(), e.DateColumn("DECOM")
	notRespite := func(j int) bool { return !isRespite(ssda903.Upper(e.Str(j, "LS"))) }
	var hits []rules.Hit
	for i := 0; i < p.Len(); i++ {
		d := p.Date(i, "DATE_PLACED_CEASED")
		if !d.OK {
			continue
		}
		j := earliestRow(byChild[p.Str(i, "CHILD")], starts, notRespite)
		hasEp := j >= 0
		beforeCare := hasEp && d.Before(starts[j].Time)
		if d.Before(start) || beforeCare {
			hits = append(hits, hit(p, i))
			if hasEp {
				hits = append(hits, hit(e, j))
			}
		}
	}
	return hits
})

// 119: the date of a decision no longer to place for adoption and its
// reason go together: both or neither.
var _ = declare("119", allOrNone(ssda903.PlacedAdoption, []string{"DATE_PLACED_CEASED", "REASON_PLACED_CEASED"}))

// 120: the reason the adoption decision was reversed, when given, must be
// RD1–RD4.
var _ = declare("120", codeCheck(ssda903.PlacedAdoption, "REASON_PLACED_CEASED", placedCeasedReasonsA))
