package y2024

import (
	"slices"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Helpers and rules of range e: episode sequences (501–504), adopters
// (511–525), placement providers (526–531, 550), health and offending
// (542–547), placement for adoption (551–563, 579, 583, 584) and missing
// periods (564–586).

var (
	adoptionPlaceE  = codeSet("A3", "A4", "A5", "A6")
	adoptedRecE     = codeSet("E11", "E12")
	formerCarerE    = codeSet("U1", "U2", "U3", "U4", "U5", "U6")
	notPR1PR2PlaceE = codeSet("P1", "R2", "R5")
	notPR3PlaceE    = codeSet("A3", "A4", "A5", "A6", "K1", "K2", "P1", "U1", "U2", "U3", "U4", "U5", "U6")
)

// latestE maps each child to their row with the latest valid date in col.
func latestE(t *ssda903.Table, col string) map[string]int {
	d := t.DateColumn(col)
	out := map[string]int{}
	for c, rows := range t.ByChild() {
		if i := latestRow(rows, d, nil); i >= 0 {
			out[c] = i
		}
	}
	return out
}

// eachChildE calls f with each child's rows ordered by cmp (table order
// among equals). Grouping by child first keeps sorting cheap on a national
// return; rows is reused between calls.
func eachChildE(t *ssda903.Table, cmp func(a, b int) int, f func(rows []int)) {
	var buf []int
	for _, rows := range t.ByChild() {
		buf = append(buf[:0], rows...)
		if len(buf) > 1 {
			slices.SortStableFunc(buf, cmp)
		}
		f(buf)
	}
}

// pairsE calls f for each pair of a child's rows adjacent in order of the
// date in col (undated last, table order on a tie): unlike childRuns, the
// order does not look at when the rows end.
func pairsE(t *ssda903.Table, col string, f func(prev, cur int)) {
	order, child := t.SortedBy(col), t.Column("CHILD")
	for k := 1; k < len(order); k++ {
		if p, c := order[k-1], order[k]; child[p] == child[c] {
			f(p, c)
		}
	}
}

type carriedKeyE struct{ last *ssda903.Table }

// carriedOverE pairs each child's first episode this year (the earliest
// valid start) with last year's latest episode when that was still open
// (no valid end date); the six 503 rules compare the same pairs.
func carriedOverE(r *ssda903.Return) [][2]int {
	e, last := r.T(ssda903.Episodes), r.Prev(ssda903.Episodes)
	return cached(e, carriedKeyE{last}, func() [][2]int {
		decoms, lastDECOM, lastDEC := e.DateColumn("DECOM"), last.DateColumn("DECOM"), last.DateColumn("DEC")
		lastRows := last.ByChild()
		var pairs [][2]int
		for child, rows := range e.ByChild() {
			prev, ok := lastRows[child]
			if !ok {
				continue
			}
			i, j := earliestRow(rows, decoms, nil), latestRow(prev, lastDECOM, nil)
			if i >= 0 && j >= 0 && !lastDEC[j].OK {
				pairs = append(pairs, [2]int{i, j})
			}
		}
		return pairs
	})
}

// 501: an episode cannot start before the previous episode ended.
var _ = declare("501", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	decoms, decs := e.DateColumn("DECOM"), e.DateColumn("DEC")
	var hits []rules.Hit
	pairsE(e, "DECOM", func(p, c int) {
		decom, prevDEC := decoms[c], decs[p]
		if decom.OK && prevDEC.OK && decom.Before(prevDEC.Time) {
			hits = append(hits, hit(e, c))
		}
	})
	return hits
})

// 502: a child whose episode was open at the end of last year must start
// this year with that same episode (same DECOM).
var _ = declare("502", func(r *ssda903.Return) []rules.Hit {
	if !r.HasPrev(ssda903.Episodes) {
		return nil
	}
	e, last := r.T(ssda903.Episodes), r.Prev(ssda903.Episodes)
	decoms, lastDECOM, lastDEC := e.DateColumn("DECOM"), last.DateColumn("DECOM"), last.DateColumn("DEC")
	lastRows := last.ByChild()
	var hits []rules.Hit
	for c, rows := range e.ByChild() {
		i := earliestRow(rows, decoms, nil)
		if i < 0 {
			continue
		}
		for _, j := range lastRows[c] {
			if !lastDEC[j].OK && (!lastDECOM[j].OK || !lastDECOM[j].Equal(decoms[i].Time)) {
				hits = append(hits, hit(e, i))
			}
		}
	}
	return hits
})

// differsFromLastE faults a child's first episode this year when last
// year's latest episode was still open and recorded a different value in
// col. same, if given, excuses a pair of values.
func differsFromLastE(r *ssda903.Return, col string, same func(now, before string) bool) []rules.Hit {
	if !r.HasPrev(ssda903.Episodes) {
		return nil
	}
	e, last := r.T(ssda903.Episodes), r.Prev(ssda903.Episodes)
	now, before := e.Column(col), last.Column(col)
	var hits []rules.Hit
	for _, p := range carriedOverE(r) {
		a, b := now[p[0]], before[p[1]]
		if a != b && (same == nil || !same(a, b)) {
			hits = append(hits, hit(e, p[0]))
		}
	}
	return hits
}

// 503A: the first episode's reason for new episode must match last year's
// open episode.
var _ = declare("503A", func(r *ssda903.Return) []rules.Hit { return differsFromLastE(r, "RNE", nil) })

// 503B: the first episode's legal status must match last year's open
// episode.
var _ = declare("503B", func(r *ssda903.Return) []rules.Hit { return differsFromLastE(r, "LS", nil) })

// 503C: the first episode's category of need must match last year's open
// episode.
var _ = declare("503C", func(r *ssda903.Return) []rules.Hit { return differsFromLastE(r, "CIN", nil) })

// 503D: the first episode's placement type must match last year's open
// episode; K3 now for H5 last year is the 2024/25 recoding, not a change.
var _ = declare("503D", func(r *ssda903.Return) []rules.Hit {
	return differsFromLastE(r, "PLACE", func(now, before string) bool { return now == "K3" && before == "H5" })
})

// 503E: the first episode's placement provider must match last year's open
// episode.
var _ = declare("503E", func(r *ssda903.Return) []rules.Hit { return differsFromLastE(r, "PLACE_PROVIDER", nil) })

// 503F: the first episode's Ofsted URN must match last year's open episode.
var _ = declare("503F", func(r *ssda903.Return) []rules.Hit { return differsFromLastE(r, "URN", nil) })

// 504: an episode continuing a period of care (previous episode ended X1 on
// the day this one began) keeps the category of need.
var _ = declare("504", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	decoms, decs := e.DateColumn("DECOM"), e.DateColumn("DEC")
	rec, cin := e.Column("REC"), e.Column("CIN")
	var hits []rules.Hit
	pairsE(e, "DECOM", func(p, c int) {
		prevDEC, decom := decs[p], decoms[c]
		if prevDEC.OK && decom.OK && prevDEC.Equal(decom.Time) && rec[p] == "X1" && cin[c] != cin[p] {
			hits = append(hits, hit(e, c))
		}
	})
	return hits
})

// adopterSexE faults AD1 rows whose legal status of adopters is ls and
// whose adopters' sexes are not one of allowed (blank included).
func adopterSexE(r *ssda903.Return, ls string, allowed ...string) []rules.Hit {
	a := r.T(ssda903.AD1)
	ok := codeSet(allowed...)
	return rowsWhere(a, func(i int) bool { return a.Str(i, "LS_ADOPTR") == ls && !ok[a.Str(i, "SEX_ADOPTR")] })
}

// 511: two adopters cannot be recorded with a single adopter's sex code
// (M1 or F1).
var _ = declare("511", func(r *ssda903.Return) []rules.Hit {
	a := r.T(ssda903.AD1)
	return rowsWhere(a, func(i int) bool {
		n, ok := a.Float(i, "NB_ADOPTR")
		return ok && n == 2 && ssda903.In(a.Str(i, "SEX_ADOPTR"), "M1", "F1")
	})
})

// 514: a single adopter (L0) must have a single adopter's sex code.
var _ = declare("514", func(r *ssda903.Return) []rules.Hit { return adopterSexE(r, "L0", "M1", "F1") })

// 516: a child ceasing care to stay with former foster carers (E45, E46)
// must be in a U1–U6 placement.
var _ = declare("516", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	rec, place := e.Column("REC"), e.Column("PLACE")
	return rowsWhere(e, func(i int) bool { return ssda903.In(rec[i], "E45", "E46") && !formerCarerE[place[i]] })
})

// 517: adopters with legal status L3 must be coded MF.
var _ = declare("517", func(r *ssda903.Return) []rules.Hit { return adopterSexE(r, "L3", "MF") })

// 518: adopters with legal status L4 must be coded MM or FF.
var _ = declare("518", func(r *ssda903.Return) []rules.Hit { return adopterSexE(r, "L4", "MM", "FF") })

// 519: a civil partnership couple (L2) must be coded as a couple.
var _ = declare("519", func(r *ssda903.Return) []rules.Hit { return adopterSexE(r, "L2", "MM", "FF", "MF") })

// 520: a different-sex married couple (L11) must be coded MF.
var _ = declare("520", func(r *ssda903.Return) []rules.Hit { return adopterSexE(r, "L11", "MF") })

// 524: adopters with legal status L12 must be coded MM or FF.
var _ = declare("524", func(r *ssda903.Return) []rules.Hit { return adopterSexE(r, "L12", "MM", "FF") })

// 521: the decision that adoption is in the child's best interests
// (DATE_INT) cannot be after a placement for adoption (A3–A6) began.
var _ = declare("521", func(r *ssda903.Return) []rules.Hit {
	e, a := r.T(ssda903.Episodes), r.T(ssda903.AD1)
	ad, decoms, ints := a.ByChild(), e.DateColumn("DECOM"), a.DateColumn("DATE_INT")
	place := e.Column("PLACE")
	var hits []rules.Hit
	for i := range e.Len() {
		decom := decoms[i]
		if !decom.OK || !adoptionPlaceE[place[i]] {
			continue
		}
		for _, j := range ad[e.Str(i, "CHILD")] {
			if d := ints[j]; d.OK && d.After(decom.Time) {
				hits = append(hits, hit(e, i), hit(a, j))
			}
		}
	}
	return hits
})

// 522: a decision to place for adoption cannot cease before it was made.
var _ = declare("522", func(r *ssda903.Return) []rules.Hit {
	p := r.T(ssda903.PlacedAdoption)
	placeds, ceaseds := p.DateColumn("DATE_PLACED"), p.DateColumn("DATE_PLACED_CEASED")
	return rowsWhere(p, func(i int) bool {
		placed, ceased := placeds[i], ceaseds[i]
		return placed.OK && ceased.OK && ceased.Before(placed.Time)
	})
})

// 523: the decision to place for adoption and the best-interests decision
// should be on the same date.
var _ = declare("523", func(r *ssda903.Return) []rules.Hit {
	p, a := r.T(ssda903.PlacedAdoption), r.T(ssda903.AD1)
	ad, placeds, ints := a.ByChild(), p.DateColumn("DATE_PLACED"), a.DateColumn("DATE_INT")
	var hits []rules.Hit
	for i := range p.Len() {
		placed := placeds[i]
		if !placed.OK {
			continue
		}
		for _, j := range ad[p.Str(i, "CHILD")] {
			if d := ints[j]; d.OK && !d.Equal(placed.Time) {
				hits = append(hits, hit(p, i), hit(a, j))
			}
		}
	}
	return hits
})

// 525: a child whose decision to place for adoption was reversed cannot
// have adoption details this year.
var _ = declare("525", func(r *ssda903.Return) []rules.Hit {
	p, a := r.T(ssda903.PlacedAdoption), r.T(ssda903.AD1)
	ad, details := a.ByChild(), columns(a, adoptionFields)
	var hits []rules.Hit
	for i := range p.Len() {
		if p.Blank(i, "DATE_PLACED_CEASED") {
			continue
		}
		for _, j := range ad[p.Str(i, "CHILD")] {
			if anyFilled(details, j) {
				hits = append(hits, hit(p, i), hit(a, j))
			}
		}
	}
	return hits
})

// 526: every placement other than temporary ones (T0–T4) and Z1 needs a
// placement provider.
var _ = declare("526", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	place, provider := e.Column("PLACE"), e.Column("PLACE_PROVIDER")
	return rowsWhere(e, func(i int) bool { return provider[i] == "" && !noProviderPlaces[place[i]] })
})

// providerPlaceE faults episodes with a provider whose placement is one of
// places.
func providerPlaceE(r *ssda903.Return, provider string, places map[string]bool) []rules.Hit {
	e := r.T(ssda903.Episodes)
	place, prov := e.Column("PLACE"), e.Column("PLACE_PROVIDER")
	return rowsWhere(e, func(i int) bool { return prov[i] == provider && places[place[i]] })
}

// 527: provider PR1 (own council) cannot provide P1, R2 or R5.
var _ = declare("527", func(r *ssda903.Return) []rules.Hit { return providerPlaceE(r, "PR1", notPR1PR2PlaceE) })

// 528: provider PR2 (other council) cannot provide P1, R2 or R5.
var _ = declare("528", func(r *ssda903.Return) []rules.Hit { return providerPlaceE(r, "PR2", notPR1PR2PlaceE) })

// 529: provider PR3 (other public body) cannot provide P1, A3–A6, K1, K2 or
// U1–U6.
var _ = declare("529", func(r *ssda903.Return) []rules.Hit { return providerPlaceE(r, "PR3", notPR3PlaceE) })

// 530: provider PR4 (private) cannot provide P1.
var _ = declare("530", func(r *ssda903.Return) []rules.Hit { return providerPlaceE(r, "PR4", codeSet("P1")) })

// 531: provider PR5 (voluntary) cannot provide P1.
var _ = declare("531", func(r *ssda903.Return) []rules.Hit { return providerPlaceE(r, "PR5", codeSet("P1")) })

// 550: provider PR0 (parent) only goes with placement P1.
var _ = declare("550", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	place, provider := e.Column("PLACE"), e.Column("PLACE_PROVIDER")
	return rowsWhere(e, func(i int) bool { return provider[i] == "PR0" && place[i] != "P1" })
})

// 542: a child under 10 on 31 March has no conviction information.
var _ = declare("542", func(r *ssda903.Return) []rules.Hit {
	o := r.T(ssda903.OC2)
	ageOf := ageAtYearEnd(r, o)
	return rowsWhere(o, func(i int) bool {
		age, ok := ageOf(i)
		return ok && age < 10 && !o.Blank(i, "CONVICTED")
	})
})

// 543: a child aged 10 or over on 31 March, looked after continuously for
// the year, needs conviction information.
var _ = declare("543", func(r *ssda903.Return) []rules.Hit {
	o := r.T(ssda903.OC2)
	cla, ageOf := lookedAfter12Months(r), ageAtYearEnd(r, o)
	return rowsWhere(o, func(i int) bool {
		age, ok := ageOf(i)
		return ok && age >= 10 && cla[o.Str(i, "CHILD")] && o.Blank(i, "CONVICTED")
	})
})

// healthCompleteE faults OC2 rows where flag is 1 but any of the
// immunisation, teeth, health assessment or substance misuse items is
// blank.
func healthCompleteE(r *ssda903.Return, flag string) []rules.Hit {
	o := r.T(ssda903.OC2)
	flags, required := o.Column(flag), columns(o, oc2Required)
	return rowsWhere(o, func(i int) bool { return flags[i] == "1" && anyBlank(required, i) })
}

// 544: a child with conviction information must have the health items
// completed.
var _ = declare("544", func(r *ssda903.Return) []rules.Hit { return healthCompleteE(r, "CONVICTED") })

// 547: a child with health promotion information must have the health items
// completed.
var _ = declare("547", func(r *ssda903.Return) []rules.Hit { return healthCompleteE(r, "HEALTH_CHECK") })

// 545: a child under 5 on 31 March, looked after continuously for the year,
// needs health promotion information.
var _ = declare("545", func(r *ssda903.Return) []rules.Hit {
	o := r.T(ssda903.OC2)
	cla, ageOf := lookedAfter12Months(r), ageAtYearEnd(r, o)
	return rowsWhere(o, func(i int) bool {
		age, ok := ageOf(i)
		return ok && age < 5 && cla[o.Str(i, "CHILD")] && o.Blank(i, "HEALTH_CHECK")
	})
})

// 546: a child aged 5 or over on 31 March, looked after continuously for
// the year, has no health promotion information.
var _ = declare("546", func(r *ssda903.Return) []rules.Hit {
	o := r.T(ssda903.OC2)
	cla, ageOf := lookedAfter12Months(r), ageAtYearEnd(r, o)
	return rowsWhere(o, func(i int) bool {
		age, ok := ageOf(i)
		return ok && age >= 5 && cla[o.Str(i, "CHILD")] && !o.Blank(i, "HEALTH_CHECK")
	})
})
