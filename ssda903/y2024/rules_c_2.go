package y2024

import (
	"sort"
	"time"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Episode rules of range c.

// tempPlaceC are the temporary placements (T0–T4), which need no provider
// and no reason for a placement change.
var tempPlaceC = codeSet("T0", "T1", "T2", "T3", "T4")

// noURNPlaceC are placements that Ofsted does not register, so have no URN.
var noURNPlaceC = codeSet("P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1")

// 213: temporary placements (T0–T4) must have no placement provider.
var _ = declare("213", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	place, provider := colC(e, "PLACE"), colC(e, "PLACE_PROVIDER")
	return rowsWhere(e, func(i int) bool { return tempPlaceC[cellC(e, i, place)] && cellC(e, i, provider) != "" })
})

// 214: short breaks (legal status V3, V4) must have no placement postcode
// or URN.
var _ = declare("214", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	ls, post, urn := colC(e, "LS"), colC(e, "PL_POST"), colC(e, "URN")
	return rowsWhere(e, func(i int) bool {
		return ssda903.In(cellC(e, i, ls), "V3", "V4") && (cellC(e, i, post) != "" || cellC(e, i, urn) != "")
	})
})

// 217: placements for adoption with current foster carers (A3, A5) that
// began on or after 1 April 2015 must have reason for new episode S, T or U.
var _ = declare("217", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	from := time.Date(2015, time.April, 1, 0, 0, 0, 0, time.UTC)
	place, rne, start := colC(e, "PLACE"), colC(e, "RNE"), e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool {
		return ssda903.In(cellC(e, i, place), "A3", "A5") && start[i].OK && !start[i].Before(from) &&
			!ssda903.In(cellC(e, i, rne), "S", "T", "U")
	})
})

// 222: placements Ofsted does not register must have no URN (XXXXXXX, the
// code for a placement without one, is allowed).
var _ = declare("222", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	place, urn := colC(e, "PLACE"), colC(e, "URN")
	return rowsWhere(e, func(i int) bool {
		u := cellC(e, i, urn)
		return noURNPlaceC[cellC(e, i, place)] && u != "" && u != "XXXXXXX"
	})
})

// colC is a column's index in t, or -1, so hot loops index rows directly
// rather than look the column up per cell.
func colC(t *ssda903.Table, name string) int {
	for j, c := range t.Columns {
		if c == name {
			return j
		}
	}
	return -1
}

// cellC is row i's cell in column j ("" when the row is short or the
// column absent).
func cellC(t *ssda903.Table, i, j int) string {
	if j < 0 || j >= len(t.Rows[i]) {
		return ""
	}
	return t.Rows[i][j]
}

// byDateC orders one child's rows by a date column, undated rows last,
// keeping table order on ties. Rows already in order (the usual case) are
// returned as they are; otherwise a sorted copy, since rows may be shared.
func byDateC(rows []int, d []ssda903.Date) []int {
	sorted := true
	for k := 1; k < len(rows) && sorted; k++ {
		sorted = !beforeC(d, rows[k], rows[k-1])
	}
	if sorted {
		return rows
	}
	out := append([]int(nil), rows...)
	sort.SliceStable(out, func(a, b int) bool { return beforeC(d, out[a], out[b]) })
	return out
}

// beforeC orders rows a and b by date d, undated last, then by position.
func beforeC(d []ssda903.Date, a, b int) bool {
	if d[a].OK != d[b].OK {
		return d[a].OK
	}
	if !d[a].Equal(d[b].Time) {
		return d[a].Before(d[b].Time)
	}
	return a < b
}

// neighbourC is the child's episode just before (or, with after, just
// after) row i in order of start, or -1. Rules look up few such rows, so a
// scan of the child's episodes beats sorting every child.
func neighbourC(e *ssda903.Table, starts []ssda903.Date, child string, i int, after bool) int {
	best := -1
	for _, j := range e.ByChild()[child] {
		if j == i || beforeC(starts, j, i) == after {
			continue
		}
		if best < 0 || beforeC(starts, j, best) == after {
			best = j
		}
	}
	return best
}

// 225: a placement that ended with a change of placement (REC X1), from a
// non-temporary placement into another non-temporary one (the next
// episode's RNE P, B, T or U), must give the reason for the change.
var _ = declare("225", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	child, rec, why, place, rne := colC(e, "CHILD"), colC(e, "REC"), colC(e, "REASON_PLACE_CHANGE"), colC(e, "PLACE"), colC(e, "RNE")
	starts := e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool {
		if cellC(e, i, rec) != "X1" || cellC(e, i, why) != "" || tempPlaceC[cellC(e, i, place)] {
			return false
		}
		n := neighbourC(e, starts, cellC(e, i, child), i, true)
		return n >= 0 && ssda903.In(cellC(e, n, rne), "P", "B", "T", "U") && !tempPlaceC[cellC(e, n, place)]
	})
})

// 226: a temporary placement (T0–T4) must have no reason for placement
// change, nor may the child's episode before it.
var _ = declare("226", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	child, place, why := colC(e, "CHILD"), colC(e, "PLACE"), colC(e, "REASON_PLACE_CHANGE")
	starts := e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool {
		if !tempPlaceC[cellC(e, i, place)] {
			return false
		}
		if cellC(e, i, why) != "" {
			return true
		}
		p := neighbourC(e, starts, cellC(e, i, child), i, false)
		return p >= 0 && cellC(e, p, why) != ""
	})
})

// fosterOrAdoptC are the placements that may immediately precede a
// placement for adoption with current foster carers: foster placements
// (U1–U6) or an earlier placement for adoption (A3–A6).
var fosterOrAdoptC = codeSet("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6")

// 336: a placement for adoption with current foster carers (A3, A5) must
// follow a foster placement, unless it is the child's first episode.
var _ = declare("336", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	child, place := colC(e, "CHILD"), colC(e, "PLACE")
	starts := e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool {
		if !ssda903.In(cellC(e, i, place), "A3", "A5") {
			return false
		}
		p := neighbourC(e, starts, cellC(e, i, child), i, false)
		return p >= 0 && !fosterOrAdoptC[cellC(e, p, place)]
	})
})

// 352: a child must be under 18 when starting to be looked after (RNE S).
var _ = declare("352", func(r *ssda903.Return) []rules.Hit {
	h, e := r.T(ssda903.Header), r.T(ssda903.Episodes)
	hdr, births := h.ByChild(), h.DateColumn("DOB")
	child, rne, start := colC(e, "CHILD"), colC(e, "RNE"), e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool {
		if !start[i].OK || ssda903.Upper(cellC(e, i, rne)) != "S" {
			return false
		}
		for _, j := range hdr[cellC(e, i, child)] {
			if dob := births[j]; dob.OK && !addYearsC(dob.Time, 18).After(start[i].Time) {
				return true
			}
		}
		return false
	})
})

// 353: no episode may start before 14 October 1991, when the Children Act
// 1989 came into force.
var _ = declare("353", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	act := time.Date(1991, time.October, 14, 0, 0, 0, 0, time.UTC)
	start := e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool { return start[i].OK && start[i].Before(act) })
})

// 354: no episode may start after the collection year ends.
var _ = declare("354", func(r *ssda903.Return) []rules.Hit {
	e, end := r.T(ssda903.Episodes), r.CollectionEnd()
	start := e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool { return start[i].OK && start[i].After(end) })
})

// 355: an episode must not end on the day it started.
var _ = declare("355", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	decom, dec := colC(e, "DECOM"), colC(e, "DEC")
	starts, ends := e.DateColumn("DECOM"), e.DateColumn("DEC")
	return rowsWhere(e, func(i int) bool {
		s, f := cellC(e, i, decom), cellC(e, i, dec)
		if s == "" || f == "" {
			return false
		}
		return s == f || starts[i].OK && ends[i].OK && starts[i].Equal(ends[i].Time)
	})
})

// 356: an episode must not end before it started.
var _ = declare("356", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	starts, ends := e.DateColumn("DECOM"), e.DateColumn("DEC")
	return rowsWhere(e, func(i int) bool { return starts[i].OK && ends[i].OK && ends[i].Before(starts[i].Time) })
})

// 357: a child's first episode, when it starts in the collection year,
// must have reason for new episode S (started to be looked after).
var _ = declare("357", func(r *ssda903.Return) []rules.Hit {
	e, start := r.T(ssda903.Episodes), r.CollectionStart()
	starts, rne := e.DateColumn("DECOM"), colC(e, "RNE")
	var hits []rules.Hit
	for _, rows := range e.ByChild() {
		i := firstDatedC(rows, starts)
		if i >= 0 && !starts[i].Before(start) && cellC(e, i, rne) != "S" {
			hits = append(hits, rules.Hit{Table: e.Name, Row: i})
		}
	}
	return hits
})

// 358: a child with legal status J1, J2 or J3 must have been over 10 when
// the episode began; the episode and the Header row are faulted.
var _ = declare("358", func(r *ssda903.Return) []rules.Hit {
	h, e := r.T(ssda903.Header), r.T(ssda903.Episodes)
	hdr, births := h.ByChild(), h.DateColumn("DOB")
	child, ls, start := colC(e, "CHILD"), colC(e, "LS"), e.DateColumn("DECOM")
	var hits []rules.Hit
	for i := 0; i < e.Len(); i++ {
		if !start[i].OK || !ssda903.In(cellC(e, i, ls), "J1", "J2", "J3") {
			continue
		}
		for _, j := range hdr[cellC(e, i, child)] {
			if dob := births[j]; dob.OK && !addYearsC(dob.Time, 10).Before(start[i].Time) {
				hits = append(hits, rules.Hit{Table: e.Name, Row: i}, rules.Hit{Table: h.Name, Row: j})
			}
		}
	}
	return hits
})

// 359: a child 18 or over before the collection year ends whose episode is
// still open must be accommodated under section 20(5) (V2) in a community
// home (K2).
var _ = declare("359", func(r *ssda903.Return) []rules.Hit {
	h, e, end := r.T(ssda903.Header), r.T(ssda903.Episodes), r.CollectionEnd()
	hdr, births := h.ByChild(), h.DateColumn("DOB")
	child, dec, ls, place := colC(e, "CHILD"), colC(e, "DEC"), colC(e, "LS"), colC(e, "PLACE")
	return rowsWhere(e, func(i int) bool {
		if cellC(e, i, dec) != "" || cellC(e, i, ls) == "V2" && cellC(e, i, place) == "K2" {
			return false
		}
		for _, j := range hdr[cellC(e, i, child)] {
			if dob := births[j]; dob.OK && addYearsC(dob.Time, 18).Before(end) {
				return true
			}
		}
		return false
	})
})

// statusSpellsC faults episodes under one legal status whose spell lasted
// longer than max days. A spell is a child's run of such episodes in order
// of start, each starting no later than the previous one ended; its length
// runs from its first start to its last end, an open episode ending at the
// collection year's end. Episodes with an unreadable start, or an end that
// is given but unreadable, are left to the date rules.
func statusSpellsC(r *ssda903.Return, ls string, max int) []rules.Hit {
	e, end := r.T(ssda903.Episodes), r.CollectionEnd()
	child, lsCol, decCol := colC(e, "CHILD"), colC(e, "LS"), colC(e, "DEC")
	starts, ends := e.DateColumn("DECOM"), e.DateColumn("DEC")
	byChild := map[string][]int{}
	for i := 0; i < e.Len(); i++ {
		if cellC(e, i, lsCol) == ls && starts[i].OK && (ends[i].OK || cellC(e, i, decCol) == "") {
			c := cellC(e, i, child)
			byChild[c] = append(byChild[c], i)
		}
	}
	longest := time.Duration(max) * 24 * time.Hour
	var hits []rules.Hit
	var spell []int
	var from, to time.Time
	flush := func() {
		if len(spell) > 0 && to.Sub(from) > longest {
			hits = append(hits, hitsC(e, spell)...)
		}
		spell = spell[:0]
	}
	for _, rows := range byChild {
		for _, i := range byDateC(rows, starts) {
			stop := end
			if ends[i].OK {
				stop = ends[i].Time
			}
			if len(spell) > 0 && !starts[i].After(to) {
				if stop.After(to) {
					to = stop
				}
				spell = append(spell, i)
				continue
			}
			flush()
			from, to = starts[i].Time, stop
			spell = append(spell, i)
		}
		flush()
	}
	return hits
}

// 361: police protection (L1) must not last more than 72 hours (3 days).
var _ = declare("361", func(r *ssda903.Return) []rules.Hit { return statusSpellsC(r, "L1", 3) })

// 362: an emergency protection order (L2) must not last more than 21 days.
var _ = declare("362", func(r *ssda903.Return) []rules.Hit { return statusSpellsC(r, "L2", 21) })

// 363: a child assessment order (L3) must not last more than 7 days.
var _ = declare("363", func(r *ssda903.Return) []rules.Hit { return statusSpellsC(r, "L3", 7) })

// 364: detention under PACE in council accommodation (J2) must not last
// more than 21 days.
var _ = declare("364", func(r *ssda903.Return) []rules.Hit { return statusSpellsC(r, "J2", 21) })

// 365: a single short-term respite episode (V3) must not exceed 17 days;
// an open one is measured to the collection year's end.
var _ = declare("365", func(r *ssda903.Return) []rules.Hit {
	e, end := r.T(ssda903.Episodes), r.CollectionEnd()
	ls, dec := colC(e, "LS"), colC(e, "DEC")
	starts, ends := e.DateColumn("DECOM"), e.DateColumn("DEC")
	return rowsWhere(e, func(i int) bool {
		if cellC(e, i, ls) != "V3" || !starts[i].OK {
			return false
		}
		stop := end
		if cellC(e, i, dec) != "" {
			if !ends[i].OK {
				return false
			}
			stop = ends[i].Time
		}
		return stop.After(starts[i].AddDate(0, 0, 17))
	})
})

// 366: a short-term respite episode (V3) must start a new period of care
// (RNE S): a child cannot change placement during a respite break.
var _ = declare("366", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	ls, rne := colC(e, "LS"), colC(e, "RNE")
	return rowsWhere(e, func(i int) bool { return cellC(e, i, ls) == "V3" && cellC(e, i, rne) != "S" })
})

// 367: a child may have at most 75 days of respite care (V3) in the
// collection year; every respite episode counted is faulted.
var _ = declare("367", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	start, end := r.CollectionStart(), r.CollectionEnd()
	ls, dec := colC(e, "LS"), colC(e, "DEC")
	starts, ends := e.DateColumn("DECOM"), e.DateColumn("DEC")
	child := colC(e, "CHILD")
	respite := map[string][]int{}
	for i := 0; i < e.Len(); i++ {
		if cellC(e, i, ls) == "V3" && starts[i].OK {
			respite[cellC(e, i, child)] = append(respite[cellC(e, i, child)], i)
		}
	}
	var hits []rules.Hit
	for _, rows := range respite {
		var counted []int
		total := 0
		for _, i := range rows {
			stop := end
			if cellC(e, i, dec) != "" {
				if !ends[i].OK {
					continue
				}
				if ends[i].Before(end) {
					stop = ends[i].Time
				}
			}
			from := starts[i].Time
			if from.Before(start) {
				from = start
			}
			if days := int(stop.Sub(from).Hours() / 24); days > 0 {
				total += days
				counted = append(counted, i)
			}
		}
		if total > 75 {
			hits = append(hits, hitsC(e, counted)...)
		}
	}
	return hits
})
