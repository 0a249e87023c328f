package y2024

import (
	"strconv"
	"strings"
	"time"

	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// numIsF reports whether a cell holds the number v ("1" or "1.0").
func numIsF(t *ssda903.Table, i int, col string, v float64) bool {
	f, ok := t.Float(i, col)
	return ok && f == v
}

// adoptedF maps each child to its episodes that ended in the year with
// adoption (E11, E12).
func adoptedF(r *ssda903.Return) map[string][]int {
	e := r.T(ssda903.Episodes)
	dec := e.DateColumn("DEC")
	out := map[string][]int{}
	for i := 0; i < e.Len(); i++ {
		if ssda903.In(e.Str(i, "REC"), "E11", "E12") && inCollectionYear(r, dec[i]) {
			c := e.Str(i, "CHILD")
			out[c] = append(out[c], i)
		}
	}
	return out
}

// 601: a child adopted in the year needs every AD1 adoption detail.
var _ = declare("601", func(r *ssda903.Return) []rules.Hit {
	ad1, e := r.T(ssda903.AD1), r.T(ssda903.Episodes)
	adopted, details := adoptedF(r), columns(ad1, adoptionFields)
	var hits []rules.Hit
	for i := 0; i < ad1.Len(); i++ {
		eps := adopted[ad1.Str(i, "CHILD")]
		if len(eps) > 0 && anyBlank(details, i) {
			hits = append(hits, hit(ad1, i))
			hits = append(hits, hitRows(e, eps)...)
		}
	}
	return hits
})

// 602: adoption details are only for children whose episodes show an
// adoption (E11, E12) during the year.
var _ = declare("602", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.Episodes) {
		return nil
	}
	ad1 := r.T(ssda903.AD1)
	adopted, details := adoptedF(r), columns(ad1, adoptionFields)
	return rowsWhere(ad1, func(i int) bool {
		return len(adopted[ad1.Str(i, "CHILD")]) == 0 && anyFilled(details, i)
	})
})

// 607: a girl who ceased to be looked after in the year (other than from
// short breaks) must have the mother field completed.
var _ = declare("607", func(r *ssda903.Return) []rules.Hit {
	e, h := r.T(ssda903.Episodes), r.T(ssda903.Header)
	heads, dec := h.ByChild(), e.DateColumn("DEC")
	var hits []rules.Hit
	for i := 0; i < e.Len(); i++ {
		rec := e.Str(i, "REC")
		if rec == "" || rec == "X1" || isRespite(e.Str(i, "LS")) || !inCollectionYear(r, dec[i]) {
			continue
		}
		for _, j := range heads[e.Str(i, "CHILD")] {
			if h.Str(j, "SEX") == "F" && h.Blank(j, "MOTHER") {
				hits = append(hits, hit(e, i), hit(h, j))
			}
		}
	}
	return hits
})

// 611: a mother must have her first child's date of birth.
var _ = declare("611", func(r *ssda903.Return) []rules.Hit {
	h := r.T(ssda903.Header)
	return rowsWhere(h, func(i int) bool { return numIsF(h, i, "MOTHER", 1) && h.Blank(i, "MC_DOB") })
})

// 612: a girl recorded as not a mother (or with motherhood blank) must not
// have a first child's date of birth.
var _ = declare("612", func(r *ssda903.Return) []rules.Hit {
	h := r.T(ssda903.Header)
	return rowsWhere(h, func(i int) bool {
		notMother := h.Blank(i, "MOTHER") || numIsF(h, i, "MOTHER", 0)
		return notMother && h.Str(i, "SEX") == "F" && !h.Blank(i, "MC_DOB")
	})
})

// 620: a mother must be at least 11 at the start of the year.
var _ = declare("620", func(r *ssda903.Return) []rules.Hit {
	h := r.T(ssda903.Header)
	dobs := h.DateColumn("DOB")
	return rowsWhere(h, func(i int) bool {
		dob := dobs[i]
		return numIsF(h, i, "MOTHER", 1) && dob.OK && ssda903.Age(dob.Time, r.CollectionStart()) < 11
	})
})

// 621: a mother's first child must be born after her.
var _ = declare("621", func(r *ssda903.Return) []rules.Hit {
	h := r.T(ssda903.Header)
	mcs, dobs := h.DateColumn("MC_DOB"), h.DateColumn("DOB")
	return rowsWhere(h, func(i int) bool {
		mc, dob := mcs[i], dobs[i]
		return mc.OK && dob.OK && !mc.After(dob.Time)
	})
})

// 624: the first child's date of birth must match the one given last year.
var _ = declare("624", func(r *ssda903.Return) []rules.Hit {
	return headerChanged(r, func(h *ssda903.Table, i int, l *ssda903.Table, j int) bool {
		p := l.Str(j, "MC_DOB")
		return p == "" || sameDate(h.Str(i, "MC_DOB"), p)
	})
})

// 625: the first child's date of birth cannot be after the collection year
// or after the mother's latest episode ended.
var _ = declare("625", func(r *ssda903.Return) []rules.Hit {
	h, e := r.T(ssda903.Header), r.T(ssda903.Episodes)
	eps, decom, dec, mcs := e.ByChild(), e.DateColumn("DECOM"), e.DateColumn("DEC"), h.DateColumn("MC_DOB")
	var hits []rules.Hit
	for i := 0; i < h.Len(); i++ {
		mc := mcs[i]
		if !mc.OK {
			continue
		}
		j := latestRow(eps[h.Str(i, "CHILD")], decom, nil) // the episode with the latest start
		hasEp := j >= 0
		late := mc.After(r.CollectionEnd())
		if hasEp {
			if end := dec[j]; end.OK && mc.After(end.Time) {
				late = true
			}
		}
		if late {
			hits = append(hits, hit(h, i))
			if hasEp {
				hits = append(hits, hit(e, j))
			}
		}
	}
	return hits
})

// 626: a girl who was not a mother last year cannot now be a mother of a
// child born before this year.
var _ = declare("626", func(r *ssda903.Return) []rules.Hit {
	if !r.HasPrev(ssda903.Header) {
		return nil
	}
	h, hl := r.T(ssda903.Header), r.Prev(ssda903.Header)
	prev, mcs := hl.ByChild(), h.DateColumn("MC_DOB")
	return rowsWhere(h, func(i int) bool {
		mc := mcs[i]
		if !mc.OK || !mc.Before(r.CollectionStart()) || !numIsF(h, i, "MOTHER", 1) {
			return false
		}
		for _, j := range prev[h.Str(i, "CHILD")] {
			if numIsF(hl, j, "MOTHER", 0) {
				return true
			}
		}
		return false
	})
})

// 628: care leavers with no episodes this year (only OC3 information)
// should not have motherhood details.
var _ = declare("628", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.Episodes) || !supplied(r, ssda903.OC3) {
		return nil
	}
	h, oc3 := r.T(ssda903.Header), r.T(ssda903.OC3)
	eps, info := r.T(ssda903.Episodes).ByChild(), columns(oc3, oc3Fields)
	leaver := map[string]bool{}
	for i := 0; i < oc3.Len(); i++ {
		if anyFilled(info, i) {
			leaver[oc3.Str(i, "CHILD")] = true
		}
	}
	return rowsWhere(h, func(i int) bool {
		c := h.Str(i, "CHILD")
		return leaver[c] && len(eps[c]) == 0 && !h.Blank(i, "MOTHER")
	})
})

// 630: a child who started to be looked after this year needs previous
// permanence information: a PREV_PERM code, and for any option other than
// Z1 (none) the LA and date of the order.
var _ = declare("630", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.PrevPerm) {
		return nil
	}
	e, pp := r.T(ssda903.Episodes), r.T(ssda903.PrevPerm)
	perms, decom := pp.ByChild(), e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool {
		d := decom[i]
		if e.Str(i, "RNE") != "S" || !d.OK || d.Before(r.CollectionStart()) {
			return false
		}
		rows := perms[e.Str(i, "CHILD")]
		if len(rows) == 0 {
			return true
		}
		for _, j := range rows {
			code := pp.Str(j, "PREV_PERM")
			if code == "" || code != "Z1" && (pp.Blank(j, "LA_PERM") || pp.Blank(j, "DATE_PERM")) {
				return true
			}
		}
		return false
	})
})

// 631: previous permanence option must be one of DfE's codes.
var _ = declare("631", codeCheck(ssda903.PrevPerm, "PREV_PERM", codeSet("P1", "P2", "P3", "P4", "Z1")))

// partialDateF reads a dd/mm/yyyy date in which unknown parts may be
// written ZZ (day, month) or ZZZZ (year). It returns the earliest date the
// value could mean, whether the year is known, and whether it is valid.
func partialDateF(s string) (earliest time.Time, yearKnown, ok bool) {
	p := strings.Split(s, "/")
	if len(p) != 3 {
		return time.Time{}, false, false
	}
	num := func(v string, minLen, maxLen int) (int, bool) {
		if len(v) < minLen || len(v) > maxLen {
			return 0, false
		}
		for _, c := range v {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(v)
		return n, err == nil
	}
	year, yearKnown := 2000, true // a leap year, so 29/02/ZZZZ stays valid
	if p[2] == "ZZZZ" {
		yearKnown = false
	} else if n, good := num(p[2], 4, 4); good {
		year = n
	} else {
		return time.Time{}, false, false
	}
	month := 1
	if p[1] != "ZZ" {
		n, good := num(p[1], 1, 2)
		if !good || n < 1 || n > 12 {
			return time.Time{}, false, false
		}
		month = n
	}
	day := 1
	if p[0] != "ZZ" {
		n, good := num(p[0], 1, 2)
		lastDay := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if !good || n < 1 || n > lastDay {
			return time.Time{}, false, false
		}
		day = n
	}
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), yearKnown, true
}

// 632: the previous permanence order's date (parts may be ZZ) must be valid
// and before the child's first episode began; a partial date is judged by
// the earliest day it could be, so it is faulted only when surely late.
var _ = declare("632", func(r *ssda903.Return) []rules.Hit {
	e, pp := r.T(ssda903.Episodes), r.T(ssda903.PrevPerm)
	eps, decom := e.ByChild(), e.DateColumn("DECOM")
	var hits []rules.Hit
	for i := 0; i < pp.Len(); i++ {
		s := pp.Str(i, "DATE_PERM")
		if s == "" {
			continue
		}
		j := earliestRow(eps[pp.Str(i, "CHILD")], decom, nil) // the child's first episode
		if j < 0 {
			continue
		}
		d, yearKnown, valid := partialDateF(s)
		if !valid || yearKnown && !d.Before(decom[j].Time) {
			hits = append(hits, hit(pp, i), hit(e, j))
		}
	}
	return hits
})

// laPermF are the codes allowed for where a previous permanence order was
// arranged: the DfE LA number of any English council since 2013, current or
// since reorganised (from the bundled council register, so new councils
// such as 940 North Northamptonshire are valid), 999 (not known), and the
// other UK nations.
var laPermF = func() map[string]bool {
	m := codeSet("999", "WAL", "SCO", "NUK", "NIR")
	for _, c := range geography.Default().Councils() {
		m[c.OldCode] = true
	}
	return m
}()

// 633: the LA where a previous permanence option was arranged must be a
// valid code.
var _ = declare("633", codeCheck(ssda903.PrevPerm, "LA_PERM", laPermF))

// 634: previous permanence details are only for children with an episode
// starting on or after 1 April 2016.
var _ = declare("634", func(r *ssda903.Return) []rules.Hit {
	e, pp := r.T(ssda903.Episodes), r.T(ssda903.PrevPerm)
	cutoff := time.Date(2016, time.April, 1, 0, 0, 0, 0, time.UTC)
	eps, decom := e.ByChild(), e.DateColumn("DECOM")
	var hits []rules.Hit
	for i := 0; i < pp.Len(); i++ {
		if pp.Blank(i, "PREV_PERM") && pp.Blank(i, "LA_PERM") && pp.Blank(i, "DATE_PERM") {
			continue
		}
		rows := eps[pp.Str(i, "CHILD")]
		dated, recent := false, false
		for _, j := range rows {
			if d := decom[j]; d.OK {
				dated = true
				recent = recent || !d.Before(cutoff)
			}
		}
		if dated && !recent {
			hits = append(hits, hit(pp, i))
			for _, j := range rows {
				hits = append(hits, hit(e, j))
			}
		}
	}
	return hits
})

// 635: an LA or date of a previous permanence order needs a previous
// permanence option other than Z1 (none).
var _ = declare("635", func(r *ssda903.Return) []rules.Hit {
	pp := r.T(ssda903.PrevPerm)
	return rowsWhere(pp, func(i int) bool {
		code := pp.Str(i, "PREV_PERM")
		return (code == "" || code == "Z1") && (!pp.Blank(i, "LA_PERM") || !pp.Blank(i, "DATE_PERM"))
	})
})

// EPI: every child in the header needs episodes (or, for a care leaver,
// OC3 information).
var _ = declare("EPI", func(r *ssda903.Return) []rules.Hit {
	h := r.T(ssda903.Header)
	eps, oc3 := r.T(ssda903.Episodes).ByChild(), r.T(ssda903.OC3).ByChild()
	return rowsWhere(h, func(i int) bool {
		c := h.Str(i, "CHILD")
		return len(eps[c]) == 0 && len(oc3[c]) == 0
	})
})

// NoE: a child whose episode began before this year must appear in last
// year's episodes.
var _ = declare("NoE", func(r *ssda903.Return) []rules.Hit {
	if !r.HasPrev(ssda903.Episodes) {
		return nil
	}
	e := r.T(ssda903.Episodes)
	last, decom := r.Prev(ssda903.Episodes).ByChild(), e.DateColumn("DECOM")
	return rowsWhere(e, func(i int) bool {
		d := decom[i]
		return d.OK && d.Before(r.CollectionStart()) && len(last[e.Str(i, "CHILD")]) == 0
	})
})

// notInHeaderF faults rows of a table whose child is not in the header.
func notInHeaderF(table string) Check {
	return func(r *ssda903.Return) []rules.Hit {
		if !supplied(r, ssda903.Header) {
			return nil
		}
		heads := r.T(ssda903.Header).ByChild()
		t := r.T(table)
		return rowsWhere(t, func(i int) bool { return len(heads[t.Str(i, "CHILD")]) == 0 })
	}
}

// INT01–INT09: every child in a table must be in the header.
var (
	_ = declare("INT01", notInHeaderF(ssda903.AD1))
	_ = declare("INT02", notInHeaderF(ssda903.PlacedAdoption))
	_ = declare("INT03", notInHeaderF(ssda903.Episodes))
	_ = declare("INT04", notInHeaderF(ssda903.Missing))
	_ = declare("INT05", notInHeaderF(ssda903.OC2))
	_ = declare("INT06", notInHeaderF(ssda903.OC3))
	_ = declare("INT07", notInHeaderF(ssda903.PrevPerm))
	_ = declare("INT08", notInHeaderF(ssda903.Reviews))
	_ = declare("INT09", notInHeaderF(ssda903.UASC))
)

// differsFromHeaderF faults rows of a table whose value of col differs from
// the child's header, both being given (and, for dates, valid).
func differsFromHeaderF(table, col string, isDate bool) Check {
	return func(r *ssda903.Return) []rules.Hit {
		h, t := r.T(ssda903.Header), r.T(table)
		heads := h.ByChild()
		var dates, headDates []ssda903.Date
		if isDate {
			dates, headDates = t.DateColumn(col), h.DateColumn(col)
		}
		return rowsWhere(t, func(i int) bool {
			v := t.Str(i, col)
			if v == "" || isDate && !dates[i].OK {
				return false
			}
			for _, j := range heads[t.Str(i, "CHILD")] {
				if isDate {
					if hd := headDates[j]; hd.OK && !hd.Equal(dates[i].Time) {
						return true
					}
				} else if hv := h.Str(j, col); hv != "" && hv != v {
					return true
				}
			}
			return false
		})
	}
}

// INT11–INT18: a child's date of birth must agree with the header's;
// INT21: so must the sex given in UASC.
var (
	_ = declare("INT11", differsFromHeaderF(ssda903.AD1, "DOB", true))
	_ = declare("INT12", differsFromHeaderF(ssda903.PlacedAdoption, "DOB", true))
	_ = declare("INT13", differsFromHeaderF(ssda903.Missing, "DOB", true))
	_ = declare("INT14", differsFromHeaderF(ssda903.OC2, "DOB", true))
	_ = declare("INT15", differsFromHeaderF(ssda903.OC3, "DOB", true))
	_ = declare("INT16", differsFromHeaderF(ssda903.PrevPerm, "DOB", true))
	_ = declare("INT17", differsFromHeaderF(ssda903.Reviews, "DOB", true))
	_ = declare("INT18", differsFromHeaderF(ssda903.UASC, "DOB", true))
	_ = declare("INT21", differsFromHeaderF(ssda903.UASC, "SEX", false))
)

// repeatedChildF faults every row of a child who appears more than once
// in a one-row-per-child table (rows without a child id are left to
// other rules).
func repeatedChildF(table string) Check {
	return func(r *ssda903.Return) []rules.Hit {
		t := r.T(table)
		rows := t.ByChild()
		return rowsWhere(t, func(i int) bool {
			c := t.Str(i, "CHILD")
			return c != "" && len(rows[c]) > 1
		})
	}
}

// INT31–INT36: a child appears at most once in each of these tables.
var (
	_ = declare("INT31", repeatedChildF(ssda903.AD1))
	_ = declare("INT32", repeatedChildF(ssda903.Header))
	_ = declare("INT33", repeatedChildF(ssda903.OC2))
	_ = declare("INT34", repeatedChildF(ssda903.OC3))
	_ = declare("INT35", repeatedChildF(ssda903.PrevPerm))
	_ = declare("INT36", repeatedChildF(ssda903.UASC))
)
