package y2024

import (
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Range e: decisions to place for adoption.

// firstForE finds, for each child with rows in t, their earliest-starting
// episode (valid DECOM) for which keep holds. Children are taken from t,
// usually a small table, so the episodes of children without rows there
// are never read.
func firstForE(e, t *ssda903.Table, keep func(i int) bool) map[string]int {
	decoms, eps := e.DateColumn("DECOM"), e.ByChild()
	out := map[string]int{}
	for c := range t.ByChild() {
		if best := earliestRow(eps[c], decoms, keep); best >= 0 {
			out[c] = best
		}
	}
	return out
}

// 551: a child placed for adoption (A3–A6) needs a date of the decision to
// place for adoption.
var _ = declare("551", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.Episodes) || !supplied(r, ssda903.PlacedAdoption) {
		return nil
	}
	e, p := r.T(ssda903.Episodes), r.T(ssda903.PlacedAdoption)
	pa, place, child := p.ByChild(), e.Column("PLACE"), e.Column("CHILD")
	return rowsWhere(e, func(i int) bool {
		if !adoptionPlaceE[place[i]] {
			return false
		}
		rows := pa[child[i]]
		if len(rows) == 0 {
			return true
		}
		for _, j := range rows {
			if p.Blank(j, "DATE_PLACED") {
				return true
			}
		}
		return false
	})
})

// 552: the latest decision to place for adoption cannot be after the child
// was first placed for adoption (A3–A6).
var _ = declare("552", func(r *ssda903.Return) []rules.Hit {
	e, p := r.T(ssda903.Episodes), r.T(ssda903.PlacedAdoption)
	decision := latestE(p, "DATE_PLACED")
	decoms, placeds := e.DateColumn("DECOM"), p.DateColumn("DATE_PLACED")
	place := e.Column("PLACE")
	first := firstForE(e, p, func(i int) bool { return adoptionPlaceE[place[i]] })
	var hits []rules.Hit
	for c, i := range first {
		if j, ok := decision[c]; ok && decoms[i].Before(placeds[j].Time) {
			hits = append(hits, hit(e, i), hit(p, j))
		}
	}
	return hits
})

// orderWithoutDecisionE is 553 (placement order, E1) and 555 (freeing
// order, D1): an episode under the order needs a decision to place for
// adoption, and while the order's episode is open that decision cannot be
// recorded as ceased.
func orderWithoutDecisionE(r *ssda903.Return, ls string) []rules.Hit {
	if !supplied(r, ssda903.Episodes) || !supplied(r, ssda903.PlacedAdoption) {
		return nil
	}
	e, p := r.T(ssda903.Episodes), r.T(ssda903.PlacedAdoption)
	pa, legal, child := p.ByChild(), e.Column("LS"), e.Column("CHILD")
	var hits []rules.Hit
	for i := range e.Len() {
		if legal[i] != ls {
			continue
		}
		rows := pa[child[i]]
		if len(rows) == 0 {
			hits = append(hits, hit(e, i))
			continue
		}
		if !e.Blank(i, "DEC") {
			continue
		}
		for _, j := range rows {
			if !p.Blank(j, "DATE_PLACED_CEASED") || !p.Blank(j, "REASON_PLACED_CEASED") {
				hits = append(hits, hit(p, j))
			}
		}
	}
	return hits
}

// 553: a placement order (E1) needs an open decision to place for adoption.
var _ = declare("553", func(r *ssda903.Return) []rules.Hit { return orderWithoutDecisionE(r, "E1") })

// 555: a freeing order (D1) needs an open decision to place for adoption.
var _ = declare("555", func(r *ssda903.Return) []rules.Hit { return orderWithoutDecisionE(r, "D1") })

// 554: the decision to place for adoption cannot be after the placement
// order was granted (the first E1 episode).
var _ = declare("554", func(r *ssda903.Return) []rules.Hit {
	e, p := r.T(ssda903.Episodes), r.T(ssda903.PlacedAdoption)
	ls := e.Column("LS")
	first := firstForE(e, p, func(i int) bool { return ls[i] == "E1" })
	pa, decoms, placeds := p.ByChild(), e.DateColumn("DECOM"), p.DateColumn("DATE_PLACED")
	var hits []rules.Hit
	for c, i := range first {
		for _, j := range pa[c] {
			if d := placeds[j]; d.OK && d.After(decoms[i].Time) {
				hits = append(hits, hit(e, i), hit(p, j))
			}
		}
	}
	return hits
})

// 556: the decision to place for adoption cannot be after a freeing order
// (D1 episode) was granted.
var _ = declare("556", func(r *ssda903.Return) []rules.Hit {
	e, p := r.T(ssda903.Episodes), r.T(ssda903.PlacedAdoption)
	pa, decoms, placeds := p.ByChild(), e.DateColumn("DECOM"), p.DateColumn("DATE_PLACED")
	ls := e.Column("LS")
	return rowsWhere(e, func(i int) bool {
		decom := decoms[i]
		if !decom.OK || ls[i] != "D1" {
			return false
		}
		for _, j := range pa[e.Str(i, "CHILD")] {
			if d := placeds[j]; d.OK && d.After(decom.Time) {
				return true
			}
		}
		return false
	})
})

// 557: a child placed for adoption (A3–A6) or under a placement order (E1)
// who left care other than by adoption needs the date and reason the
// decision to place for adoption ceased.
var _ = declare("557", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.Episodes) || !supplied(r, ssda903.PlacedAdoption) {
		return nil
	}
	e, p := r.T(ssda903.Episodes), r.T(ssda903.PlacedAdoption)
	pa, recs, place, ls, child := p.ByChild(), e.Column("REC"), e.Column("PLACE"), e.Column("LS"), e.Column("CHILD")
	var hits []rules.Hit
	for i := range e.Len() {
		rec := recs[i]
		if rec == "" || rec == "X1" || adoptedRecE[rec] || !adoptionPlaceE[place[i]] && ls[i] != "E1" {
			continue
		}
		rows := pa[child[i]]
		if len(rows) == 0 {
			hits = append(hits, hit(e, i))
		}
		for _, j := range rows {
			if p.Blank(j, "DATE_PLACED_CEASED") || p.Blank(j, "REASON_PLACED_CEASED") {
				hits = append(hits, hit(e, i), hit(p, j))
			}
		}
	}
	return hits
})

// 558: an adopted child (REC E11 or E12) must still have an open decision
// to place for adoption: one of their decisions without a ceased date.
var _ = declare("558", func(r *ssda903.Return) []rules.Hit {
	e, p := r.T(ssda903.Episodes), r.T(ssda903.PlacedAdoption)
	pa, rec := p.ByChild(), e.Column("REC")
	return rowsWhere(e, func(i int) bool {
		if !adoptedRecE[rec[i]] {
			return false
		}
		rows := pa[e.Str(i, "CHILD")]
		for _, j := range rows {
			if p.Blank(j, "DATE_PLACED_CEASED") {
				return false
			}
		}
		return len(rows) > 0
	})
})

// 559: a decision to place for adoption made before this year must have
// been reported, with its date, last year.
var _ = declare("559", func(r *ssda903.Return) []rules.Hit {
	if !r.HasPrev(ssda903.PlacedAdoption) {
		return nil
	}
	p, last := r.T(ssda903.PlacedAdoption), r.Prev(ssda903.PlacedAdoption)
	lastPlaced, placeds, start := last.DateColumn("DATE_PLACED"), p.DateColumn("DATE_PLACED"), r.CollectionStart()
	dated := map[string]bool{}
	for i := range last.Len() {
		if lastPlaced[i].OK {
			dated[last.Str(i, "CHILD")] = true
		}
	}
	return rowsWhere(p, func(i int) bool {
		d := placeds[i]
		return d.OK && d.Before(start) && !dated[p.Str(i, "CHILD")]
	})
})

// 560: a decision still open at the end of last year must be reported with
// the same date this year.
var _ = declare("560", func(r *ssda903.Return) []rules.Hit {
	if !r.HasPrev(ssda903.PlacedAdoption) {
		return nil
	}
	p, last := r.T(ssda903.PlacedAdoption), r.Prev(ssda903.PlacedAdoption)
	pa := p.ByChild()
	var hits []rules.Hit
	for j := range last.Len() {
		before := last.Str(j, "DATE_PLACED")
		if before == "" || !last.Blank(j, "DATE_PLACED_CEASED") {
			continue
		}
		rows := pa[last.Str(j, "CHILD")]
		carried := false
		for _, i := range rows {
			if sameGivenDate(p.Str(i, "DATE_PLACED"), before) {
				carried = true
				break
			}
		}
		if !carried {
			for _, i := range rows {
				hits = append(hits, hit(p, i))
			}
		}
	}
	return hits
})

// 561: a decision that ceased last year cannot be reported again this year
// with the same date.
var _ = declare("561", func(r *ssda903.Return) []rules.Hit {
	if !r.HasPrev(ssda903.PlacedAdoption) {
		return nil
	}
	p, last := r.T(ssda903.PlacedAdoption), r.Prev(ssda903.PlacedAdoption)
	prev := last.ByChild()
	return rowsWhere(p, func(i int) bool {
		for _, j := range prev[p.Str(i, "CHILD")] {
			ceased := !last.Blank(j, "DATE_PLACED_CEASED") || !last.Blank(j, "REASON_PLACED_CEASED")
			if ceased && sameGivenDate(p.Str(i, "DATE_PLACED"), last.Str(j, "DATE_PLACED")) {
				return true
			}
		}
		return false
	})
})

// 584: a decision this year for a child whose decision ceased last year
// must be a new one, dated after last year's.
var _ = declare("584", func(r *ssda903.Return) []rules.Hit {
	if !r.HasPrev(ssda903.PlacedAdoption) {
		return nil
	}
	p, last := r.T(ssda903.PlacedAdoption), r.Prev(ssda903.PlacedAdoption)
	prev, placeds, lastPlaced := last.ByChild(), p.DateColumn("DATE_PLACED"), last.DateColumn("DATE_PLACED")
	return rowsWhere(p, func(i int) bool {
		now := placeds[i]
		for _, j := range prev[p.Str(i, "CHILD")] {
			if last.Blank(j, "DATE_PLACED_CEASED") && last.Blank(j, "REASON_PLACED_CEASED") {
				continue
			}
			if p.Blank(i, "DATE_PLACED") {
				return true
			}
			if before := lastPlaced[j]; now.OK && before.OK && !now.After(before.Time) {
				return true
			}
		}
		return false
	})
})

// 563: a decision recorded as ceased needs the date it was made.
var _ = declare("563", func(r *ssda903.Return) []rules.Hit {
	p := r.T(ssda903.PlacedAdoption)
	return rowsWhere(p, func(i int) bool {
		return !p.Blank(i, "REASON_PLACED_CEASED") && !p.Blank(i, "DATE_PLACED_CEASED") && p.Blank(i, "DATE_PLACED")
	})
})

// 579: a new decision cannot be made while the previous one is open, nor
// before the previous one ceased.
var _ = declare("579", func(r *ssda903.Return) []rules.Hit {
	p := r.T(ssda903.PlacedAdoption)
	ceaseds, placeds := p.DateColumn("DATE_PLACED_CEASED"), p.DateColumn("DATE_PLACED")
	var hits []rules.Hit
	pairsE(p, "DATE_PLACED", func(prev, cur int) {
		ceased, placed := ceaseds[prev], placeds[cur]
		if !ceased.OK || placed.OK && placed.Before(ceased.Time) {
			hits = append(hits, hit(p, cur))
		}
	})
	return hits
})

// 583: when a child has several decisions, every one but the latest must
// have ceased.
var _ = declare("583", func(r *ssda903.Return) []rules.Hit {
	p := r.T(ssda903.PlacedAdoption)
	latest := latestE(p, "DATE_PLACED")
	var hits []rules.Hit
	for c, rows := range p.ByChild() {
		var open []int
		for _, i := range rows {
			if p.Blank(i, "DATE_PLACED_CEASED") {
				open = append(open, i)
			}
		}
		newest, ok := latest[c]
		if !ok {
			newest = rows[0]
		}
		for _, i := range open {
			if len(open) > 1 || i != newest {
				hits = append(hits, hit(p, i))
			}
		}
	}
	return hits
})

// 582: an adopted child's date of adoption (DEC of an E11/E12 episode) is
// expected to be after the date they were matched with adopters.
var _ = declare("582", func(r *ssda903.Return) []rules.Hit {
	e, a := r.T(ssda903.Episodes), r.T(ssda903.AD1)
	ad, decs, matches := a.ByChild(), e.DateColumn("DEC"), a.DateColumn("DATE_MATCH")
	rec := e.Column("REC")
	return rowsWhere(e, func(i int) bool {
		dec := decs[i]
		if !dec.OK || !adoptedRecE[rec[i]] {
			return false
		}
		for _, j := range ad[e.Str(i, "CHILD")] {
			if m := matches[j]; m.OK && m.Equal(dec.Time) {
				return true
			}
		}
		return false
	})
})

// 562: an episode that began before this year must be last year's latest
// episode, carried over with the same start date.
var _ = declare("562", func(r *ssda903.Return) []rules.Hit {
	if !r.HasPrev(ssda903.Episodes) {
		return nil
	}
	e, last := r.T(ssda903.Episodes), r.Prev(ssda903.Episodes)
	decoms, lastDECOM, start := e.DateColumn("DECOM"), last.DateColumn("DECOM"), r.CollectionStart()
	lastRows := last.ByChild()
	var hits []rules.Hit
	for c, rows := range e.ByChild() {
		i := earliestRow(rows, decoms, nil)
		if i < 0 || !decoms[i].Before(start) {
			continue
		}
		j := latestRow(lastRows[c], lastDECOM, nil)
		if j < 0 || !lastDECOM[j].Equal(decoms[i].Time) {
			hits = append(hits, hit(e, i))
		}
	}
	return hits
})
