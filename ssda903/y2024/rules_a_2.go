package y2024

import (
	"time"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Range a, continued: care leaver (OC3) information, which only some young
// people should have, and data for children with no episodes this year.

// leaverAfterBirthdayA faults the OC3 rows giving care leaver information
// of young people 17 or 18 at the end of the year (by the OC3 row's date
// of birth) who have an episode j for which ended(j, bday) holds, bday
// being their latest birthday. The birthday is counted with time.AddDate,
// so a 29 February birthday falls on 1 March in a common year.
func leaverAfterBirthdayA(r *ssda903.Return, ended func(e *ssda903.Table, j int, bday time.Time) bool) []rules.Hit {
	e, oc3 := r.T(ssda903.Episodes), r.T(ssda903.OC3)
	byChild, leaver, ageOf := e.ByChild(), columns(oc3, oc3Fields), ageAtYearEnd(r, oc3)
	return rowsWhere(oc3, func(i int) bool {
		age, ok := ageOf(i)
		if !ok || !anyFilled(leaver, i) || age != 17 && age != 18 {
			return false
		}
		bday := oc3.Date(i, "DOB").AddDate(age, 0, 0)
		for _, j := range byChild[oc3.Str(i, "CHILD")] {
			if ended(e, j, bday) {
				return true
			}
		}
		return false
	})
}

// 1000: a child who died in care (an episode ending E2, this year or last)
// should have no care leaver information.
var _ = declare("1000", func(r *ssda903.Return) []rules.Hit {
	years := []*ssda903.Table{r.T(ssda903.Episodes)}
	if r.HasPrev(ssda903.Episodes) {
		years = append(years, r.Prev(ssda903.Episodes))
	}
	oc3 := r.T(ssda903.OC3)
	return rowsWhere(oc3, func(i int) bool {
		for _, e := range years {
			for _, j := range e.ByChild()[oc3.Str(i, "CHILD")] {
				if ssda903.Upper(e.Str(j, "REC")) == "E2" {
					return true
				}
			}
		}
		return false
	})
})

// episodeA is one episode as 1001 counts it: its dates, and its row for
// the codes.
type episodeA struct {
	start, end time.Time
	ended      bool
	t          *ssda903.Table
	row        int
}

// yearA is one year's episodes table with the columns 1001 reads, fetched
// once per check.
type yearA struct {
	t            *ssda903.Table
	starts, ends []ssda903.Date
	byChild      map[string][]int
}

func newYearA(e *ssda903.Table) yearA {
	return yearA{e, e.DateColumn("DECOM"), e.DateColumn("DEC"), e.ByChild()}
}

// episodesA appends to buf a child's episodes over the years, one per
// start date: an episode open at the end of last year reappears this year,
// and the copy with an end date (the earliest, if both have one) is the one
// that counts.
func episodesA(buf []episodeA, child string, years ...yearA) []episodeA {
	eps := buf[:0]
	for _, y := range years {
		for _, i := range y.byChild[child] {
			s, d := y.starts[i], y.ends[i]
			if !s.OK {
				continue
			}
			ep := episodeA{start: s.Time, end: d.Time, ended: d.OK, t: y.t, row: i}
			dup := false
			for k, old := range eps { // a child has a handful of episodes
				if old.start.Equal(ep.start) {
					if ep.ended && (!old.ended || ep.end.Before(old.end)) {
						eps[k] = ep
					}
					dup = true
					break
				}
			}
			if !dup {
				eps = append(eps, ep)
			}
		}
	}
	return eps
}

// 1001: care leaver information is only for relevant and former relevant
// children: looked after for at least 13 weeks (91 days) since their 14th
// birthday, some of it after their 16th, not counting short breaks (legal
// status V3/V4), and not adopted at the end. DfE's check sees only this
// year's and last year's episodes, so it needs last year's and skips young
// people 20 or over at the end of the year, most of whose care would be
// older than that. When the council supplies earlier years' episodes they
// count too, and nobody is skipped for age. Young people without a valid
// date of birth are skipped; rule 102 faults them.
var _ = declare("1001", func(r *ssda903.Return) []rules.Hit {
	if !r.HasPrev(ssda903.Episodes) {
		return nil
	}
	cur, prev := r.T(ssda903.Episodes), r.Prev(ssda903.Episodes)
	oc3, hdr := r.T(ssda903.OC3), r.T(ssda903.Header)
	if cur.Len() == 0 || prev.Len() == 0 || oc3.Len() == 0 || hdr.Len() == 0 {
		return nil
	}
	end := r.CollectionEnd()
	years := []yearA{newYearA(cur), newYearA(prev)}
	if r.Earlier != nil {
		years = append(years, newYearA(r.Earlier))
	}
	dobs := headerDOB(r)
	var buf []episodeA
	return rowsWhere(oc3, func(i int) bool {
		c := oc3.Str(i, "CHILD")
		born, ok := dobs.of(c)
		if !ok || r.Earlier == nil && !born.AddDate(20, 0, 0).After(end) {
			return false
		}
		buf = episodesA(buf, c, years...)
		last := -1
		for k, ep := range buf {
			if last < 0 || ep.start.After(buf[last].start) {
				last = k
			}
		}
		if last >= 0 && ssda903.In(ssda903.Upper(buf[last].t.Str(buf[last].row, "REC")), "E11", "E12") {
			return true // adopted
		}
		at14, at16 := born.AddDate(14, 0, 0), born.AddDate(16, 0, 0)
		since14, since16 := 0, 0
		for k, ep := range buf {
			stop, ended := ep.end, ep.ended
			if !ended && k == last {
				stop, ended = end, true // still looked after
			}
			if !ended || isRespite(ssda903.Upper(ep.t.Str(ep.row, "LS"))) {
				continue
			}
			since14 += max(0, daysBetween(later(ep.start, at14), stop))
			since16 += max(0, daysBetween(later(ep.start, at16), stop))
		}
		return since14 < 91 || since16 < 1
	})
})

// 1002: a young person with no episodes this year or last should have no
// care leaver information. Earlier years' episodes, when the council
// supplies them, count as well: without them every care leaver who left
// care before last year is faulted, the false positive DfE's note admits.
var _ = declare("1002", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.Episodes) || !r.HasPrev(ssda903.Episodes) {
		return nil
	}
	now, then := r.T(ssda903.Episodes).ByChild(), r.Prev(ssda903.Episodes).ByChild()
	var before map[string][]int
	if r.Earlier != nil {
		before = r.Earlier.ByChild()
	}
	oc3 := r.T(ssda903.OC3)
	return rowsWhere(oc3, func(i int) bool {
		c := oc3.Str(i, "CHILD")
		return len(now[c]) == 0 && len(then[c]) == 0 && len(before[c]) == 0
	})
})

// 1007: a 17- or 18-year-old who was still looked after on their latest
// birthday (an episode begun by then and ending after it, or not ended)
// should have no care leaver information.
var _ = declare("1007", func(r *ssda903.Return) []rules.Hit {
	return leaverAfterBirthdayA(r, func(e *ssda903.Table, j int, bday time.Time) bool {
		s, d := e.Date(j, "DECOM"), e.Date(j, "DEC")
		return s.OK && !s.After(bday) && (e.Blank(j, "DEC") || d.OK && d.After(bday))
	})
})

// 1010: a young person whose last episode of the previous year was still
// open should have episodes this year if care leaver information is given.
var _ = declare("1010", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.Episodes) || !r.HasPrev(ssda903.Episodes) {
		return nil
	}
	prev, now := r.Prev(ssda903.Episodes), r.T(ssda903.Episodes).ByChild()
	oc3 := r.T(ssda903.OC3)
	return rowsWhere(oc3, func(i int) bool {
		c := oc3.Str(i, "CHILD")
		if len(now[c]) > 0 {
			return false
		}
		j := latestRow(prev.ByChild()[c], prev.DateColumn("DECOM"), nil)
		return j >= 0 && prev.Blank(j, "DEC")
	})
})

// 1011: a young person whose care was transferred to another council at
// the end of their latest episode (REC E3) should have no care leaver
// information.
var _ = declare("1011", func(r *ssda903.Return) []rules.Hit {
	e, oc3 := r.T(ssda903.Episodes), r.T(ssda903.OC3)
	byChild, starts, leaver := e.ByChild(), e.DateColumn("DECOM"), columns(oc3, oc3Fields)
	return rowsWhere(oc3, func(i int) bool {
		if !anyFilled(leaver, i) {
			return false
		}
		j := latestRow(byChild[oc3.Str(i, "CHILD")], starts, nil)
		return j >= 0 && ssda903.Upper(e.Str(j, "REC")) == "E3"
	})
})

// Tables of looked-after children's data that 1012 expects only for
// children with an episode this year.
var episodeDataTablesA = []string{ssda903.PlacedAdoption, ssda903.Missing, ssda903.Reviews, ssda903.AD1,
	ssda903.PrevPerm, ssda903.OC2}

// 1012: children with no episode this year (care leavers only in OC3)
// should have no other data: adoption, missing, reviews, permanence or OC2.
var _ = declare("1012", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.Episodes) {
		return nil
	}
	has := r.T(ssda903.Episodes).ByChild()
	var hits []rules.Hit
	for _, name := range episodeDataTablesA {
		t := r.T(name)
		hits = append(hits, rowsWhere(t, func(i int) bool { return len(has[t.Str(i, "CHILD")]) == 0 })...)
	}
	return hits
})

// 1014: a care leaver (care leaver information given and no episode in the
// collection year) should have no UASC information; both rows are faulted.
var _ = declare("1014", func(r *ssda903.Return) []rules.Hit {
	if !supplied(r, ssda903.Episodes) {
		return nil
	}
	e, u, oc3 := r.T(ssda903.Episodes), r.T(ssda903.UASC), r.T(ssda903.OC3)
	start, end := r.CollectionStart(), r.CollectionEnd()
	starts, ends, leaver := e.DateColumn("DECOM"), e.DateColumn("DEC"), columns(oc3, oc3Fields)
	inYear := func(c string) bool {
		for _, j := range e.ByChild()[c] {
			if overlaps(starts[j], ends[j], start, end) {
				return true
			}
		}
		return false
	}
	var hits []rules.Hit
	for i := 0; i < u.Len(); i++ {
		c := u.Str(i, "CHILD")
		var info []int // the child's OC3 rows giving care leaver information
		for _, j := range oc3.ByChild()[c] {
			if anyFilled(leaver, j) {
				info = append(info, j)
			}
		}
		if len(info) == 0 || inYear(c) {
			continue
		}
		hits = append(hits, hit(u, i))
		hits = append(hits, hitRows(oc3, info)...)
	}
	return hits
})

// 1016: a 17- or 18-year-old who ceased to be looked after on or after
// their latest birthday should have no care leaver information.
var _ = declare("1016", func(r *ssda903.Return) []rules.Hit {
	return leaverAfterBirthdayA(r, func(e *ssda903.Table, j int, bday time.Time) bool {
		d := e.Date(j, "DEC")
		return d.OK && !d.Before(bday)
	})
})
