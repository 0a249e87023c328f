package y2024

import (
	"math"
	"time"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// oc2CheckB faults OC2 rows by whether the child was looked after for 12
// months; it applies only when episodes were given to tell.
func oc2CheckB(f func(t *ssda903.Table, i int, cla bool) bool) Check {
	return func(r *ssda903.Return) []rules.Hit {
		if !supplied(r, ssda903.Episodes) {
			return nil
		}
		cla := lookedAfter12Months(r)
		t := r.T(ssda903.OC2)
		child := t.Column("CHILD")
		return rowsWhere(t, func(i int) bool { return f(t, i, cla[child[i]]) })
	}
}

var sdqFieldsB = []string{"SDQ_SCORE", "SDQ_REASON"}

// 157: SDQ1 (no score because of the child's age) is not a valid reason for
// a child looked after for 12 months who was 4 or over at the start of the
// year and has not passed 16 by the end.
var _ = declare("157", func(r *ssda903.Return) []rules.Hit {
	start, end := r.CollectionStart(), r.CollectionEnd()
	dobs := r.T(ssda903.OC2).DateColumn("DOB")
	return oc2CheckB(func(t *ssda903.Table, i int, cla bool) bool {
		dob := dobs[i]
		return cla && dob.OK && !addYears(dob.Time, 4).After(start) && !addYears(dob.Time, 16).Before(end) &&
			t.Blank(i, "SDQ_SCORE") && t.Str(i, "SDQ_REASON") == "SDQ1"
	})(r)
})

// 180: an SDQ score, where given, must be a whole number from 0 to 40.
var _ = declare("180", func(r *ssda903.Return) []rules.Hit {
	t := r.T(ssda903.OC2)
	return rowsWhere(t, func(i int) bool {
		if t.Blank(i, "SDQ_SCORE") {
			return false
		}
		f, ok := t.Float(i, "SDQ_SCORE")
		return !ok || f < 0 || f > 40 || f != math.Trunc(f)
	})
})

// 181: the 12-month items, where given, must be 0 or 1.
var _ = declare("181", func(r *ssda903.Return) []rules.Hit {
	t := r.T(ssda903.OC2)
	items := columns(t, oc2Items)
	return rowsWhere(t, func(i int) bool {
		for _, c := range items {
			if v := c[i]; v != "" && !zeroOne[v] {
				return true
			}
		}
		return false
	})
})

// 182: once any other 12-month item is given, immunisations, teeth check,
// health assessment and substance misuse must all be.
var _ = declare("182", func(r *ssda903.Return) []rules.Hit {
	t := r.T(ssda903.OC2)
	required := columns(t, oc2Required)
	others := columns(t, []string{"CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"})
	return rowsWhere(t, func(i int) bool { return anyBlank(required, i) && anyFilled(others, i) })
})

// 184: the decision to place for adoption cannot precede the child's birth.
var _ = declare("184", func(r *ssda903.Return) []rules.Hit {
	h, pa := r.T(ssda903.Header), r.T(ssda903.PlacedAdoption)
	births, dobs := h.ByChild(), h.DateColumn("DOB")
	child, placed := pa.Column("CHILD"), pa.DateColumn("DATE_PLACED")
	return rowsWhere(pa, func(i int) bool {
		if !placed[i].OK {
			return false
		}
		for _, j := range births[child[i]] {
			if dobs[j].OK && placed[i].Before(dobs[j].Time) {
				return true
			}
		}
		return false
	})
})

// 185: only children looked after for 12 months have an SDQ score.
var _ = declare("185", oc2CheckB(func(t *ssda903.Table, i int, cla bool) bool {
	return !cla && !t.Blank(i, "SDQ_SCORE")
}))

// 186: a child looked after for 12 months, 4 or over at the start of the
// year and under 17 at the end, needs an SDQ score or a reason for none.
var _ = declare("186", func(r *ssda903.Return) []rules.Hit {
	start, end := r.CollectionStart(), r.CollectionEnd()
	dobs := r.T(ssda903.OC2).DateColumn("DOB")
	return oc2CheckB(func(t *ssda903.Table, i int, cla bool) bool {
		dob := dobs[i]
		return cla && dob.OK && !addYears(dob.Time, 4).After(start) && addYears(dob.Time, 17).After(end) &&
			t.Blank(i, "SDQ_SCORE") && t.Blank(i, "SDQ_REASON")
	})(r)
})

// 187: a child looked after for 12 months has neither care leaver (OC3) nor
// adoption (AD1) data.
var _ = declare("187", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.Episodes) {
		return nil
	}
	cla := lookedAfter12Months(r)
	var hits []rules.Hit
	for _, x := range []struct {
		table  string
		fields []string
	}{{ssda903.OC3, oc3Fields}, {ssda903.AD1, adoptionFields}} {
		t := r.T(x.table)
		child, data := t.Column("CHILD"), columns(t, x.fields)
		hits = append(hits, rowsWhere(t, func(i int) bool { return cla[child[i]] && anyFilled(data, i) })...)
	}
	return hits
})

// 188: a child under 4 at the end of the year has no SDQ score or reason.
var _ = declare("188", func(r *ssda903.Return) []rules.Hit {
	t, end := r.T(ssda903.OC2), r.CollectionEnd()
	sdq, dobs := columns(t, sdqFieldsB), t.DateColumn("DOB")
	return rowsWhere(t, func(i int) bool {
		dob := dobs[i]
		return dob.OK && addYears(dob.Time, 4).After(end) && anyFilled(sdq, i)
	})
})

// 189: a child 17 or over at the start of the year has no SDQ score or
// reason.
var _ = declare("189", func(r *ssda903.Return) []rules.Hit {
	t, start := r.T(ssda903.OC2), r.CollectionStart()
	sdq, dobs := columns(t, sdqFieldsB), t.DateColumn("DOB")
	return rowsWhere(t, func(i int) bool {
		dob := dobs[i]
		return dob.OK && !addYears(dob.Time, 17).After(start) && anyFilled(sdq, i)
	})
})

// 190: only children looked after for 12 months have the 12-month items.
var _ = declare("190", func(r *ssda903.Return) []rules.Hit {
	items := columns(r.T(ssda903.OC2), oc2Items)
	return oc2CheckB(func(t *ssda903.Table, i int, cla bool) bool { return !cla && anyFilled(items, i) })(r)
})

// 191: a child looked after for 12 months must have an OC2 row with
// immunisations, teeth check, health assessment and substance misuse; a
// child with no OC2 row is reported at their first episode.
var _ = declare("191", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.Episodes, ssda903.OC2) {
		return nil
	}
	cla := lookedAfter12Months(r)
	oc2, e := r.T(ssda903.OC2), r.T(ssda903.Episodes)
	child, required := oc2.Column("CHILD"), columns(oc2, oc2Required)
	hits := rowsWhere(oc2, func(i int) bool { return cla[child[i]] && anyBlank(required, i) })
	inOC2 := oc2.ByChild()
	decom, rows := e.DateColumn("DECOM"), e.ByChild()
	for c := range cla {
		if len(inOC2[c]) > 0 {
			continue
		}
		hits = append(hits, hit(e, firstByDate(rows[c], decom)))
	}
	return hits
})

// 192: a child with a substance misuse problem must have "intervention
// received" completed.
var _ = declare("192", func(r *ssda903.Return) []rules.Hit {
	t := r.T(ssda903.OC2)
	return rowsWhere(t, func(i int) bool {
		return t.Str(i, "SUBSTANCE_MISUSE") == "1" && t.Blank(i, "INTERVENTION_RECEIVED")
	})
})

// 193: a child without a substance misuse problem has neither intervention
// item completed.
var _ = declare("193", func(r *ssda903.Return) []rules.Hit {
	t := r.T(ssda903.OC2)
	interventions := columns(t, []string{"INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"})
	return rowsWhere(t, func(i int) bool {
		sm := t.Str(i, "SUBSTANCE_MISUSE")
		return (sm == "" || sm == "0") && anyFilled(interventions, i)
	})
})

// 196: the reason for no SDQ score, where given, must be SDQ1–SDQ5.
var _ = declare("196", codeCheck(ssda903.OC2, "SDQ_REASON", sdqReasonCodesB))

// 197B: a child looked after for 12 months who turns 4 or 17 during the
// year needs an SDQ score or a reason for none. A child whose 17th birthday
// is 1 April, the year's first day, is left out: rule 189 forbids a score
// or reason for a child 17 at the start of the year, and DfE's wording of
// the two rules would otherwise fault that child whatever the council sent.
var _ = declare("197B", func(r *ssda903.Return) []rules.Hit {
	start, end := r.CollectionStart(), r.CollectionEnd()
	turns := func(dob ssda903.Date, age int) bool { return between(addYears(dob.Time, age), start, end) }
	dobs := r.T(ssda903.OC2).DateColumn("DOB")
	return oc2CheckB(func(t *ssda903.Table, i int, cla bool) bool {
		dob := dobs[i]
		turns17 := turns(dob, 17) && !addYears(dob.Time, 17).Equal(start)
		return cla && dob.OK && (turns(dob, 4) || turns17) && t.Blank(i, "SDQ_SCORE") && t.Blank(i, "SDQ_REASON")
	})(r)
})

// 197a: a reason for no SDQ score is not given alongside a score.
var _ = declare("197a", func(r *ssda903.Return) []rules.Hit {
	t := r.T(ssda903.OC2)
	return rowsWhere(t, func(i int) bool { return !t.Blank(i, "SDQ_SCORE") && !t.Blank(i, "SDQ_REASON") })
})

// 198: only children looked after for 12 months have a reason for no SDQ
// score.
var _ = declare("198", oc2CheckB(func(t *ssda903.Table, i int, cla bool) bool {
	return !cla && !t.Blank(i, "SDQ_REASON")
}))

// episodeKeyB places an episode in a child's sequence: by start date, then
// this year's return before last year's (an episode open at the year's
// start is in both, and its current copy is the one that counts), then row.
type episodeKeyB struct {
	start time.Time
	prev  bool
	row   int
}

func (a episodeKeyB) before(b episodeKeyB) bool {
	if !a.start.Equal(b.start) {
		return a.start.Before(b.start)
	}
	if a.prev != b.prev {
		return !a.prev
	}
	return a.row < b.row
}

// 199: a child adopted from care (an episode ceasing E11 or E12) cannot
// have a later episode; the previous year's episodes count when given.
var _ = declare("199", func(r *ssda903.Return) []rules.Hit {
	adoption := func(rec string) bool { return rec == "E11" || rec == "E12" }
	// Each child's first adoption in the sequence.
	first := map[string]episodeKeyB{}
	note := func(t *ssda903.Table, prev bool) {
		child, rec, decom := t.Column("CHILD"), t.Column("REC"), t.DateColumn("DECOM")
		for i := 0; i < t.Len(); i++ {
			if !decom[i].OK || !adoption(rec[i]) {
				continue
			}
			k := episodeKeyB{decom[i].Time, prev, i}
			if f, ok := first[child[i]]; !ok || k.before(f) {
				first[child[i]] = k
			}
		}
	}
	e := r.T(ssda903.Episodes)
	note(e, false)
	if r.HasPrev(ssda903.Episodes) {
		note(r.Prev(ssda903.Episodes), true)
	}
	child, decom := e.Column("CHILD"), e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool {
		f, ok := first[child[i]]
		return ok && decom[i].OK && f.before(episodeKeyB{decom[i].Time, false, i})
	})
})
