package y2024

import (
	"strings"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Range e: missing or away from placement without authorisation.

// 564: a missing (M) or away (A) period needs its start date.
var _ = declare("564", func(r *ssda903.Return) []rules.Hit {
	m := r.T(ssda903.Missing)
	return rowsWhere(m, func(i int) bool {
		return ssda903.In(strings.ToUpper(m.Str(i, "MISSING")), "M", "A") && m.Blank(i, "MIS_START")
	})
})

// 565: a period with a start date must say whether the child was missing
// or away.
var _ = declare("565", func(r *ssda903.Return) []rules.Hit {
	m := r.T(ssda903.Missing)
	return rowsWhere(m, func(i int) bool { return !m.Blank(i, "MIS_START") && m.Blank(i, "MISSING") })
})

// 566: a period with an end date must say whether the child was missing or
// away.
var _ = declare("566", func(r *ssda903.Return) []rules.Hit {
	m := r.T(ssda903.Missing)
	return rowsWhere(m, func(i int) bool { return !m.Blank(i, "MIS_END") && m.Blank(i, "MISSING") })
})

// 567: a period cannot end before it started.
var _ = declare("567", func(r *ssda903.Return) []rules.Hit {
	m := r.T(ssda903.Missing)
	starts, ends := m.DateColumn("MIS_START"), m.DateColumn("MIS_END")
	return rowsWhere(m, func(i int) bool {
		s, e := starts[i], ends[i]
		return s.OK && e.OK && e.Before(s.Time)
	})
})

// 570: a period cannot start after the collection year.
var _ = declare("570", func(r *ssda903.Return) []rules.Hit {
	m := r.T(ssda903.Missing)
	starts, end := m.DateColumn("MIS_START"), r.CollectionEnd()
	return rowsWhere(m, func(i int) bool {
		s := starts[i]
		return s.OK && s.After(end)
	})
})

// 571: a period's end date must fall within the collection year.
var _ = declare("571", func(r *ssda903.Return) []rules.Hit {
	m := r.T(ssda903.Missing)
	ends, start, end := m.DateColumn("MIS_END"), r.CollectionStart(), r.CollectionEnd()
	return rowsWhere(m, func(i int) bool {
		e := ends[i]
		return e.OK && (e.Before(start) || e.After(end))
	})
})

// 574: a child's periods cannot overlap, and none can start while an
// earlier one is open.
var _ = declare("574", func(r *ssda903.Return) []rules.Hit {
	m := r.T(ssda903.Missing)
	starts, ends := m.DateColumn("MIS_START"), m.DateColumn("MIS_END")
	// Order as the periods close: an open period counts as closing on the
	// day it started, so any period after it is faulted.
	closes := func(i int) ssda903.Date {
		if ends[i].OK {
			return ends[i]
		}
		return starts[i]
	}
	order := func(a, b int) int {
		if c := dateCmp(closes(a), closes(b)); c != 0 {
			return c
		}
		return dateCmp(starts[a], starts[b])
	}
	var hits []rules.Hit
	eachChildE(m, order, func(rows []int) {
		for k := 1; k < len(rows); k++ {
			p, c := rows[k-1], rows[k]
			if !ends[p].OK || starts[c].OK && starts[c].Before(ends[p].Time) {
				hits = append(hits, hit(m, c))
			}
		}
	})
	return hits
})

// 575: a period that began during an episode which has ended must itself
// have ended.
var _ = declare("575", func(r *ssda903.Return) []rules.Hit {
	e, m := r.T(ssda903.Episodes), r.T(ssda903.Missing)
	eps, decoms, decs, starts := e.ByChild(), e.DateColumn("DECOM"), e.DateColumn("DEC"), m.DateColumn("MIS_START")
	return rowsWhere(m, func(i int) bool {
		s := starts[i]
		if !s.OK || !m.Blank(i, "MIS_END") {
			return false
		}
		for _, j := range eps[m.Str(i, "CHILD")] {
			decom, dec := decoms[j], decs[j]
			if decom.OK && dec.OK && !s.Before(decom.Time) && !s.After(dec.Time) {
				return true
			}
		}
		return false
	})
})

// 576: a period open at the end of last year must be this year's first
// period for the child, with the same start date.
var _ = declare("576", func(r *ssda903.Return) []rules.Hit {
	if !r.HasPrev(ssda903.Missing) {
		return nil
	}
	m, last := r.T(ssda903.Missing), r.Prev(ssda903.Missing)
	starts, lastStarts := m.DateColumn("MIS_START"), last.DateColumn("MIS_START")
	var hits []rules.Hit
	openLast := map[string][]ssda903.Date{}
	for j := range last.Len() {
		if s := lastStarts[j]; s.OK && last.Blank(j, "MIS_END") {
			c := last.Str(j, "CHILD")
			openLast[c] = append(openLast[c], s)
		}
	}
	for c, rows := range m.ByChild() {
		open := openLast[c]
		if len(open) == 0 {
			continue
		}
		first := firstByDate(rows, starts) // undated periods count as latest
		s := starts[first]
		for _, o := range open {
			if !s.OK || !s.Equal(o.Time) {
				hits = append(hits, hit(m, first))
				break
			}
		}
	}
	return hits
})

// 577: a period must fall within one of the child's periods of care, and
// must have ended if that period of care has.
var _ = declare("577", func(r *ssda903.Return) []rules.Hit {
	e, m := r.T(ssda903.Episodes), r.T(ssda903.Missing)
	pocs, starts, ends := periodsOfCare(e), m.DateColumn("MIS_START"), m.DateColumn("MIS_END")
	return rowsWhere(m, func(i int) bool {
		s, end := starts[i], ends[i]
		if !s.OK {
			return false
		}
		ps := pocs[m.Str(i, "CHILD")]
		if len(ps) == 0 {
			return false
		}
		for _, p := range ps {
			outside := !end.OK && (p.End.OK || s.Before(p.Start)) ||
				end.OK && (p.End.OK && end.After(p.End.Time) || end.Before(p.Start))
			if !outside {
				return false
			}
		}
		return true
	})
})

// 578: a period cannot start outside the child's periods of care (after
// they ceased to be looked after, or before they started).
var _ = declare("578", func(r *ssda903.Return) []rules.Hit {
	e, m := r.T(ssda903.Episodes), r.T(ssda903.Missing)
	pocs, starts := periodsOfCare(e), m.DateColumn("MIS_START")
	return rowsWhere(m, func(i int) bool {
		s := starts[i]
		if !s.OK {
			return false
		}
		ps := pocs[m.Str(i, "CHILD")]
		if len(ps) == 0 {
			return false
		}
		for _, p := range ps {
			if !s.Before(p.Start) && !(p.End.OK && s.After(p.End.Time)) {
				return false
			}
		}
		return true
	})
})

// 580: a child still missing on their 18th birthday, when they ceased care,
// must have ceased with reason E8.
var _ = declare("580", func(r *ssda903.Return) []rules.Hit {
	e, m := r.T(ssda903.Episodes), r.T(ssda903.Missing)
	eps, decs, dobs, ends := e.ByChild(), e.DateColumn("DEC"), m.DateColumn("DOB"), m.DateColumn("MIS_END")
	var hits []rules.Hit
	for i := range m.Len() {
		dob, end := dobs[i], ends[i]
		if !dob.OK || !end.OK || !addYears(dob.Time, 18).Equal(end.Time) {
			continue
		}
		for _, j := range eps[m.Str(i, "CHILD")] {
			if dec := decs[j]; dec.OK && dec.Equal(end.Time) && e.Str(j, "REC") != "E8" {
				hits = append(hits, hit(e, j))
			}
		}
	}
	return hits
})

// 581: a child cannot be missing outside their episodes of care.
var _ = declare("581", func(r *ssda903.Return) []rules.Hit {
	e, m := r.T(ssda903.Episodes), r.T(ssda903.Missing)
	eps, decoms, decs, starts := e.ByChild(), e.DateColumn("DECOM"), e.DateColumn("DEC"), m.DateColumn("MIS_START")
	return rowsWhere(m, func(i int) bool {
		s := starts[i]
		if !s.OK {
			return false
		}
		rows := eps[m.Str(i, "CHILD")]
		if len(rows) == 0 {
			return false
		}
		for _, j := range rows {
			decom, dec := decoms[j], decs[j]
			if decom.OK && !s.Before(decom.Time) && (!dec.OK || !s.After(dec.Time)) {
				return false
			}
		}
		return true
	})
})

// 586: a period cannot start on or before the child's date of birth.
var _ = declare("586", func(r *ssda903.Return) []rules.Hit {
	m := r.T(ssda903.Missing)
	starts, dobs := m.DateColumn("MIS_START"), m.DateColumn("DOB")
	return rowsWhere(m, func(i int) bool {
		s, dob := starts[i], dobs[i]
		return s.OK && dob.OK && !s.After(dob.Time)
	})
})
