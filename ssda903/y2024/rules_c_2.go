package y2024

import (
	"sort"
	"time"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Episode rules of range c.

// noURNPlaceC are placements that Ofsted does not register, so have no URN.
var noURNPlaceC = codeSet("P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1")

// 213: temporary placements (T0–T4) must have no placement provider.
var _ = declare("213", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	place, provider := e.Column("PLACE"), e.Column("PLACE_PROVIDER")
	return rowsWhere(e, func(i int) bool { return isTemp(place[i]) && provider[i] != "" })
})

// 214: short breaks (legal status V3, V4) must have no placement postcode
// or URN.
var _ = declare("214", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	ls, post, urn := e.Column("LS"), e.Column("PL_POST"), e.Column("URN")
	return rowsWhere(e, func(i int) bool {
		return isRespite(ls[i]) && (post[i] != "" || urn[i] != "")
	})
})

// 217: placements for adoption with current foster carers (A3, A5) that
// began on or after 1 April 2015 must have reason for new episode S, T or U.
var _ = declare("217", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	from := time.Date(2015, time.April, 1, 0, 0, 0, 0, time.UTC)
	place, rne, start := e.Column("PLACE"), e.Column("RNE"), e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool {
		return ssda903.In(place[i], "A3", "A5") && start[i].OK && !start[i].Before(from) &&
			!ssda903.In(rne[i], "S", "T", "U")
	})
})

// 222: placements Ofsted does not register must have no URN (XXXXXXX, the
// code for a placement without one, is allowed).
var _ = declare("222", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	place, urn := e.Column("PLACE"), e.Column("URN")
	return rowsWhere(e, func(i int) bool {
		u := urn[i]
		return noURNPlaceC[place[i]] && u != "" && u != "XXXXXXX"
	})
})

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
	if c := dateCmp(d[a], d[b]); c != 0 {
		return c < 0
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
	child, rec, why, place, rne := e.Column("CHILD"), e.Column("REC"), e.Column("REASON_PLACE_CHANGE"), e.Column("PLACE"), e.Column("RNE")
	starts := e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool {
		if rec[i] != "X1" || why[i] != "" || isTemp(place[i]) {
			return false
		}
		n := neighbourC(e, starts, child[i], i, true)
		return n >= 0 && ssda903.In(rne[n], "P", "B", "T", "U") && !isTemp(place[n])
	})
})

// 226: a temporary placement (T0–T4) must have no reason for placement
// change, nor may the child's episode before it.
var _ = declare("226", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	child, place, why := e.Column("CHILD"), e.Column("PLACE"), e.Column("REASON_PLACE_CHANGE")
	starts := e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool {
		if !isTemp(place[i]) {
			return false
		}
		if why[i] != "" {
			return true
		}
		p := neighbourC(e, starts, child[i], i, false)
		return p >= 0 && why[p] != ""
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
	child, place := e.Column("CHILD"), e.Column("PLACE")
	starts := e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool {
		if !ssda903.In(place[i], "A3", "A5") {
			return false
		}
		p := neighbourC(e, starts, child[i], i, false)
		return p >= 0 && !fosterOrAdoptC[place[p]]
	})
})

// 352: a child must be under 18 when starting to be looked after (RNE S).
var _ = declare("352", func(r *ssda903.Return) []rules.Hit {
	h, e := r.T(ssda903.Header), r.T(ssda903.Episodes)
	hdr, births := h.ByChild(), h.DateColumn("DOB")
	child, rne, start := e.Column("CHILD"), e.Column("RNE"), e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool {
		if !start[i].OK || ssda903.Upper(rne[i]) != "S" {
			return false
		}
		for _, j := range hdr[child[i]] {
			if dob := births[j]; dob.OK && !addYears(dob.Time, 18).After(start[i].Time) {
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
	decom, dec := e.Column("DECOM"), e.Column("DEC")
	starts, ends := e.DateColumn("DECOM"), e.DateColumn("DEC")
	return rowsWhere(e, func(i int) bool {
		s, f := decom[i], dec[i]
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
	starts, rne := e.DateColumn("DECOM"), e.Column("RNE")
	var hits []rules.Hit
	for _, rows := range e.ByChild() {
		i := earliestRow(rows, starts, nil)
		if i >= 0 && !starts[i].Before(start) && rne[i] != "S" {
			hits = append(hits, hit(e, i))
		}
	}
	return hits
})

// 358: a child with legal status J1, J2 or J3 must have been over 10 when
// the episode began; the episode and the Header row are faulted.
var _ = declare("358", func(r *ssda903.Return) []rules.Hit {
	h, e := r.T(ssda903.Header), r.T(ssda903.Episodes)
	hdr, births := h.ByChild(), h.DateColumn("DOB")
	child, ls, start := e.Column("CHILD"), e.Column("LS"), e.DateColumn("DECOM")
	var hits []rules.Hit
	for i := 0; i < e.Len(); i++ {
		if !start[i].OK || !ssda903.In(ls[i], "J1", "J2", "J3") {
			continue
		}
		for _, j := range hdr[child[i]] {
			if dob := births[j]; dob.OK && !addYears(dob.Time, 10).Before(start[i].Time) {
				hits = append(hits, hit(e, i), hit(h, j))
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
	child, dec, ls, place := e.Column("CHILD"), e.Column("DEC"), e.Column("LS"), e.Column("PLACE")
	return rowsWhere(e, func(i int) bool {
		if dec[i] != "" || ls[i] == "V2" && place[i] == "K2" {
			return false
		}
		for _, j := range hdr[child[i]] {
			if dob := births[j]; dob.OK && addYears(dob.Time, 18).Before(end) {
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
	child, lsCol, decCol := e.Column("CHILD"), e.Column("LS"), e.Column("DEC")
	starts, ends := e.DateColumn("DECOM"), e.DateColumn("DEC")
	byChild := map[string][]int{}
	for i := 0; i < e.Len(); i++ {
		if lsCol[i] == ls && starts[i].OK && (ends[i].OK || decCol[i] == "") {
			c := child[i]
			byChild[c] = append(byChild[c], i)
		}
	}
	longest := time.Duration(max) * 24 * time.Hour
	var hits []rules.Hit
	var spell []int
	var from, to time.Time
	flush := func() {
		if len(spell) > 0 && to.Sub(from) > longest {
			hits = append(hits, hitRows(e, spell)...)
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
				to = later(stop, to)
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
	ls, dec := e.Column("LS"), e.Column("DEC")
	starts, ends := e.DateColumn("DECOM"), e.DateColumn("DEC")
	return rowsWhere(e, func(i int) bool {
		if ls[i] != "V3" || !starts[i].OK {
			return false
		}
		stop := end
		if dec[i] != "" {
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
	ls, rne := e.Column("LS"), e.Column("RNE")
	return rowsWhere(e, func(i int) bool { return ls[i] == "V3" && rne[i] != "S" })
})

// 367: a child may have at most 75 days of respite care (V3) in the
// collection year; every respite episode counted is faulted.
var _ = declare("367", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	start, end := r.CollectionStart(), r.CollectionEnd()
	ls, dec := e.Column("LS"), e.Column("DEC")
	starts, ends := e.DateColumn("DECOM"), e.DateColumn("DEC")
	child := e.Column("CHILD")
	respite := map[string][]int{}
	for i := 0; i < e.Len(); i++ {
		if ls[i] == "V3" && starts[i].OK {
			respite[child[i]] = append(respite[child[i]], i)
		}
	}
	var hits []rules.Hit
	for _, rows := range respite {
		var counted []int
		total := 0
		for _, i := range rows {
			stop := end
			if dec[i] != "" {
				if !ends[i].OK {
					continue
				}
				if ends[i].Before(end) {
					stop = ends[i].Time
				}
			}
			if days := daysBetween(later(starts[i].Time, start), stop); days > 0 {
				total += days
				counted = append(counted, i)
			}
		}
		if total > 75 {
			hits = append(hits, hitRows(e, counted)...)
		}
	}
	return hits
})
