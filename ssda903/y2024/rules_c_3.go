package y2024

import (
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Adoption (AD1) and outcomes (OC2, OC3) rules of range c.

// 215: a care leaver (with OC3 information) must not also have the OC2
// items of children looked after for 12 months; both rows are faulted.
var _ = declare("215", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.OC2) || !supplied(r, ssda903.OC3) {
		return nil
	}
	oc2, oc3 := r.T(ssda903.OC2), r.T(ssda903.OC3)
	byChild, leaver, items := oc2.ByChild(), columns(oc3, oc3Fields), columns(oc2, oc2Items)
	var hits []rules.Hit
	for i := 0; i < oc3.Len(); i++ {
		if !anyFilled(leaver, i) {
			continue
		}
		for _, j := range byChild[oc3.Str(i, "CHILD")] {
			if anyFilled(items, j) {
				hits = append(hits, hit(oc3, i), hit(oc2, j))
			}
		}
	}
	return hits
})

// 331: the child must have been matched with adopters on or before the
// start of the placement that ended in adoption (REC E11, E12).
var _ = declare("331", func(r *ssda903.Return) []rules.Hit {
	e, ad := r.T(ssda903.Episodes), r.T(ssda903.AD1)
	byChild := ad.ByChild()
	child, rec, start := e.Column("CHILD"), e.Column("REC"), e.DateColumn("DECOM")
	var hits []rules.Hit
	for i := 0; i < e.Len(); i++ {
		if !start[i].OK || !ssda903.In(rec[i], "E11", "E12") {
			continue
		}
		for _, j := range byChild[child[i]] {
			if m := ad.Date(j, "DATE_MATCH"); m.OK && m.After(start[i].Time) {
				hits = append(hits, hit(e, i), hit(ad, j))
			}
		}
	}
	return hits
})

// 333: when a match date is given, the date of the decision that the child
// should be placed for adoption must be given too, and not be after it.
var _ = declare("333", func(r *ssda903.Return) []rules.Hit {
	ad := r.T(ssda903.AD1)
	return rowsWhere(ad, func(i int) bool {
		m, d := ad.Date(i, "DATE_MATCH"), ad.Date(i, "DATE_INT")
		return m.OK && (!d.OK || d.After(m.Time))
	})
})

// 334: the decision that the child should be placed for adoption must not
// precede the start of their latest period of care (latest RNE S episode).
var _ = declare("334", func(r *ssda903.Return) []rules.Hit {
	e, ad := r.T(ssda903.Episodes), r.T(ssda903.AD1)
	byChild := ad.ByChild()
	decom, rne := e.DateColumn("DECOM"), e.Column("RNE")
	startsCare := func(i int) bool { return rne[i] == "S" }
	var hits []rules.Hit
	for c, rows := range e.ByChild() {
		if len(byChild[c]) == 0 {
			continue
		}
		i := latestRow(rows, decom, startsCare)
		if i < 0 {
			continue
		}
		for _, j := range byChild[c] {
			if d := ad.Date(j, "DATE_INT"); d.OK && d.Before(decom[i].Time) {
				hits = append(hits, hit(e, i), hit(ad, j))
			}
		}
	}
	return hits
})

// 335: for a placement ending in adoption (REC E1, E11, E12), adoption by
// current foster carers (FOSTER_CARE 1) must match a placement with them
// (A2, A3, A5), and adoption by others (0) a placement not with them (A1,
// A4, A6).
var _ = declare("335", func(r *ssda903.Return) []rules.Hit {
	e, ad := r.T(ssda903.Episodes), r.T(ssda903.AD1)
	byChild := ad.ByChild()
	child, rec, place := e.Column("CHILD"), e.Column("REC"), e.Column("PLACE")
	var hits []rules.Hit
	for i := 0; i < e.Len(); i++ {
		if !ssda903.In(rec[i], "E1", "E11", "E12") {
			continue
		}
		withFosterer := ssda903.In(place[i], "A2", "A3", "A5")
		notWithFosterer := ssda903.In(place[i], "A1", "A4", "A6")
		for _, j := range byChild[child[i]] {
			f := ad.Str(j, "FOSTER_CARE")
			if withFosterer && f == "0" || notWithFosterer && f == "1" {
				hits = append(hits, hit(e, i), hit(ad, j))
			}
		}
	}
	return hits
})

// 344: a young person who has died (DIED) or returned home for six months
// or more (RHOM) must have activity and accommodation coded 0.
var _ = declare("344", func(r *ssda903.Return) []rules.Hit {
	oc3 := r.T(ssda903.OC3)
	return rowsWhere(oc3, func(i int) bool {
		return ssda903.In(oc3.Str(i, "IN_TOUCH"), "DIED", "RHOM") && (oc3.Str(i, "ACTIV") != "0" || oc3.Str(i, "ACCOM") != "0")
	})
})

// 345: a young person the council is in touch with (YES) must have
// activity and accommodation other than 0.
var _ = declare("345", func(r *ssda903.Return) []rules.Hit {
	oc3 := r.T(ssda903.OC3)
	return rowsWhere(oc3, func(i int) bool {
		return oc3.Str(i, "IN_TOUCH") == "YES" && (oc3.Str(i, "ACTIV") == "0" || oc3.Str(i, "ACCOM") == "0")
	})
})

// 347: a care leaver accommodated in a foyer (ACCOM T) must have been 18
// when the collection year began.
var _ = declare("347", func(r *ssda903.Return) []rules.Hit {
	oc3, start := r.T(ssda903.OC3), r.CollectionStart()
	return rowsWhere(oc3, func(i int) bool {
		dob := oc3.Date(i, "DOB")
		return oc3.Str(i, "ACCOM") == "T" && dob.OK && ssda903.Age(dob.Time, start) < 18
	})
})
