package y2024

import (
	"slices"
	"sync"
	"time"

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
	noProviderE     = codeSet("T0", "T1", "T2", "T3", "T4", "Z1")
	notPR1PR2PlaceE = codeSet("P1", "R2", "R5")
	notPR3PlaceE    = codeSet("A3", "A4", "A5", "A6", "K1", "K2", "P1", "U1", "U2", "U3", "U4", "U5", "U6")
)

// presentE reports whether a current table was supplied: rules joining two
// tables say nothing when one is absent, rather than fault every row.
func presentE(r *ssda903.Return, name string) bool { return r.Tables[name] != nil }

func hitE(t *ssda903.Table, i int) rules.Hit { return rules.Hit{Table: t.Name, Row: i} }

// cellsE reads one column by row, finding the column once rather than on
// every read as Table.Str does; this matters in loops over every episode
// of a national return. Missing columns and short rows read as "".
func cellsE(t *ssda903.Table, col string) func(i int) string {
	k := slices.Index(t.Columns, col)
	return func(i int) string {
		if k < 0 || i < 0 || i >= len(t.Rows) || k >= len(t.Rows[i]) {
			return ""
		}
		return t.Rows[i][k]
	}
}

// pickE returns the row among rows with the earliest (or, with latest, the
// latest) valid date in d, the first such row on ties; -1 if none is dated.
func pickE(rows []int, d []ssda903.Date, latest bool) int {
	best := -1
	for _, i := range rows {
		if d[i].OK && (best < 0 || latest && d[i].After(d[best].Time) || !latest && d[i].Before(d[best].Time)) {
			best = i
		}
	}
	return best
}

// latestE maps each child to their row with the latest valid date in col.
func latestE(t *ssda903.Table, col string) map[string]int {
	d := t.DateColumn(col)
	out := map[string]int{}
	for c, rows := range t.ByChild() {
		if i := pickE(rows, d, true); i >= 0 {
			out[c] = i
		}
	}
	return out
}

// sameDateE compares two non-blank date cells: as dates when both parse
// (so 1/2/2020 equals 01/02/2020), otherwise as text.
func sameDateE(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	da, db := ssda903.ParseDate(a), ssda903.ParseDate(b)
	if da.OK && db.OK {
		return da.Equal(db.Time)
	}
	return a == b
}

// birthdayE is the n-th birthday; a 29 February birthday falls on
// 28 February in common years.
func birthdayE(dob time.Time, n int) time.Time {
	y := dob.Year() + n
	d := dob.Day()
	if dob.Month() == time.February && d == 29 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		d = 28
	}
	return time.Date(y, dob.Month(), d, 0, 0, 0, 0, time.UTC)
}

// dateCmpE orders dates, undated last.
func dateCmpE(a, b ssda903.Date) int {
	switch {
	case a.OK != b.OK:
		if a.OK {
			return -1
		}
		return 1
	case !a.OK:
		return 0
	}
	return a.Compare(b.Time)
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

// pairsE calls f for each pair of a child's rows adjacent in date order.
func pairsE(t *ssda903.Table, col string, f func(prev, cur int)) {
	d := t.DateColumn(col)
	eachChildE(t, func(a, b int) int { return dateCmpE(d[a], d[b]) }, func(rows []int) {
		for k := 1; k < len(rows); k++ {
			f(rows[k-1], rows[k])
		}
	})
}

// periodE is a period of care: a run of episodes each starting no later
// than the previous one ended. End is the last episode's DEC (OK false
// while the period is open).
type periodE struct {
	Start time.Time
	End   ssda903.Date
}

// periodsE returns a function giving a child's periods of care, built on
// demand from their dated episodes, since only children with missing
// periods need them.
func periodsE(e *ssda903.Table) func(child string) []periodE {
	decom, dec := e.DateColumn("DECOM"), e.DateColumn("DEC")
	eps := e.ByChild()
	var buf []int
	var ps []periodE
	return func(child string) []periodE {
		buf = append(buf[:0], eps[child]...)
		slices.SortStableFunc(buf, func(a, b int) int { return dateCmpE(decom[a], decom[b]) })
		ps = ps[:0]
		for k, i := range buf {
			if !decom[i].OK {
				break // undated rows sort last
			}
			if k == 0 || dec[buf[k-1]].OK && decom[i].After(dec[buf[k-1]].Time) {
				ps = append(ps, periodE{Start: decom[i].Time})
			}
			ps[len(ps)-1].End = dec[i]
		}
		return ps
	}
}

// continuousE reports, per child, whether they were looked after
// continuously through the collection year: in care at some point in the
// year, with no episode starting care (RNE S) after 1 April, none ceasing
// care (REC other than X1) during the year, and no respite (V3/V4) episode
// in the year.
func continuousE(r *ssda903.Return) map[string]bool {
	e := r.T(ssda903.Episodes)
	return continuousMemoE.get(r, e, e, func() map[string]bool {
		start, end := r.CollectionStart(), r.CollectionEnd()
		decoms, decs := e.DateColumn("DECOM"), e.DateColumn("DEC")
		child, rne, rec, ls := cellsE(e, "CHILD"), cellsE(e, "RNE"), cellsE(e, "REC"), cellsE(e, "LS")
		during, broken := map[string]bool{}, map[string]bool{}
		for i := range e.Len() {
			c := child(i)
			decom, dec := decoms[i], decs[i]
			inYear := decom.OK && !decom.After(end) && (!dec.OK || !dec.Before(start))
			if inYear {
				during[c] = true
			}
			enters := decom.OK && decom.After(start) && !decom.After(end) && rne(i) == "S"
			leaves := dec.OK && !dec.Before(start) && dec.Before(end) && rec(i) != "X1"
			respite := inYear && (ls(i) == "V3" || ls(i) == "V4")
			if enters || leaves || respite {
				broken[c] = true
			}
		}
		out := map[string]bool{}
		for c := range during {
			out[c] = !broken[c]
		}
		return out
	})
}

// continuousMemoE shares continuousE between rules 543, 545 and 546.
var continuousMemoE memoE[map[string]bool]

// 501: an episode cannot start before the previous episode ended.
var _ = declare("501", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	decoms, decs := e.DateColumn("DECOM"), e.DateColumn("DEC")
	var hits []rules.Hit
	pairsE(e, "DECOM", func(p, c int) {
		decom, prevDEC := decoms[c], decs[p]
		if decom.OK && prevDEC.OK && decom.Before(prevDEC.Time) {
			hits = append(hits, hitE(e, c))
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
		i := pickE(rows, decoms, false)
		if i < 0 {
			continue
		}
		for _, j := range lastRows[c] {
			if !lastDEC[j].OK && (!lastDECOM[j].OK || !lastDECOM[j].Equal(decoms[i].Time)) {
				hits = append(hits, hitE(e, i))
			}
		}
	}
	return hits
})

// memoE keeps one value computed from the most recent return checked, for
// work several rules share (a pass over every child of a national return).
// The tables read are part of the key, so a return whose tables are
// replaced or grown is not served a stale value; holding the return also
// stops its address being reused while it is the key.
type memoE[T any] struct {
	mu     sync.Mutex
	r      *ssda903.Return
	tables [2]*ssda903.Table
	lens   [2]int
	v      T
}

func (m *memoE[T]) get(r *ssda903.Return, a, b *ssda903.Table, compute func() T) T {
	m.mu.Lock()
	defer m.mu.Unlock()
	tables, lens := [2]*ssda903.Table{a, b}, [2]int{a.Len(), b.Len()}
	if m.r != r || m.tables != tables || m.lens != lens {
		m.r, m.tables, m.lens, m.v = r, tables, lens, compute()
	}
	return m.v
}

// carriedE pairs each child's first episode this year with last year's
// latest episode when that was still open; the six 503 rules compare the
// same pairs.
var carriedE memoE[[][2]int]

func carriedOverE(r *ssda903.Return) [][2]int {
	e, last := r.T(ssda903.Episodes), r.Prev(ssda903.Episodes)
	return carriedE.get(r, e, last, func() [][2]int {
		decoms, lastDECOM, lastDEC := e.DateColumn("DECOM"), last.DateColumn("DECOM"), last.DateColumn("DEC")
		lastRows := last.ByChild()
		var pairs [][2]int
		for child, rows := range e.ByChild() {
			prev, ok := lastRows[child]
			if !ok {
				continue
			}
			i, j := pickE(rows, decoms, false), pickE(prev, lastDECOM, true)
			if i >= 0 && j >= 0 && !lastDEC[j].OK {
				pairs = append(pairs, [2]int{i, j})
			}
		}
		return pairs
	})
}

// differsFromLastE faults a child's first episode this year when last
// year's latest episode was still open and recorded a different value in
// col. same, if given, excuses a pair of values.
func differsFromLastE(r *ssda903.Return, col string, same func(now, before string) bool) []rules.Hit {
	if !r.HasPrev(ssda903.Episodes) {
		return nil
	}
	e, last := r.T(ssda903.Episodes), r.Prev(ssda903.Episodes)
	now, before := cellsE(e, col), cellsE(last, col)
	var hits []rules.Hit
	for _, p := range carriedOverE(r) {
		a, b := now(p[0]), before(p[1])
		if a != b && (same == nil || !same(a, b)) {
			hits = append(hits, hitE(e, p[0]))
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
	rec, cin := cellsE(e, "REC"), cellsE(e, "CIN")
	var hits []rules.Hit
	pairsE(e, "DECOM", func(p, c int) {
		prevDEC, decom := decs[p], decoms[c]
		if prevDEC.OK && decom.OK && prevDEC.Equal(decom.Time) && rec(p) == "X1" && cin(c) != cin(p) {
			hits = append(hits, hitE(e, c))
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
	rec, place := cellsE(e, "REC"), cellsE(e, "PLACE")
	return rowsWhere(e, func(i int) bool { return ssda903.In(rec(i), "E45", "E46") && !formerCarerE[place(i)] })
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
	place := cellsE(e, "PLACE")
	var hits []rules.Hit
	for i := range e.Len() {
		decom := decoms[i]
		if !decom.OK || !adoptionPlaceE[place(i)] {
			continue
		}
		for _, j := range ad[e.Str(i, "CHILD")] {
			if d := ints[j]; d.OK && d.After(decom.Time) {
				hits = append(hits, hitE(e, i), hitE(a, j))
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
				hits = append(hits, hitE(p, i), hitE(a, j))
			}
		}
	}
	return hits
})

// 525: a child whose decision to place for adoption was reversed cannot
// have adoption details this year.
var _ = declare("525", func(r *ssda903.Return) []rules.Hit {
	p, a := r.T(ssda903.PlacedAdoption), r.T(ssda903.AD1)
	ad := a.ByChild()
	cols := []string{"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"}
	var hits []rules.Hit
	for i := range p.Len() {
		if p.Blank(i, "DATE_PLACED_CEASED") {
			continue
		}
		for _, j := range ad[p.Str(i, "CHILD")] {
			for _, col := range cols {
				if !a.Blank(j, col) {
					hits = append(hits, hitE(p, i), hitE(a, j))
					break
				}
			}
		}
	}
	return hits
})

// 526: every placement other than temporary ones (T0–T4) and Z1 needs a
// placement provider.
var _ = declare("526", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	place, provider := cellsE(e, "PLACE"), cellsE(e, "PLACE_PROVIDER")
	return rowsWhere(e, func(i int) bool { return provider(i) == "" && !noProviderE[place(i)] })
})

// providerPlaceE faults episodes with a provider whose placement is one of
// places.
func providerPlaceE(r *ssda903.Return, provider string, places map[string]bool) []rules.Hit {
	e := r.T(ssda903.Episodes)
	place, prov := cellsE(e, "PLACE"), cellsE(e, "PLACE_PROVIDER")
	return rowsWhere(e, func(i int) bool { return prov(i) == provider && places[place(i)] })
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
	place, provider := cellsE(e, "PLACE"), cellsE(e, "PLACE_PROVIDER")
	return rowsWhere(e, func(i int) bool { return provider(i) == "PR0" && place(i) != "P1" })
})

// agesAtEndE gives each row's age on 31 March from its DOB (false when the
// DOB is missing or malformed).
func agesAtEndE(r *ssda903.Return, t *ssda903.Table) func(i int) (int, bool) {
	dobs, end := t.DateColumn("DOB"), r.CollectionEnd()
	return func(i int) (int, bool) {
		if !dobs[i].OK {
			return 0, false
		}
		return ssda903.Age(dobs[i].Time, end), true
	}
}

// 542: a child under 10 on 31 March has no conviction information.
var _ = declare("542", func(r *ssda903.Return) []rules.Hit {
	o := r.T(ssda903.OC2)
	ageOf := agesAtEndE(r, o)
	return rowsWhere(o, func(i int) bool {
		age, ok := ageOf(i)
		return ok && age < 10 && !o.Blank(i, "CONVICTED")
	})
})

// 543: a child aged 10 or over on 31 March, looked after continuously for
// the year, needs conviction information.
var _ = declare("543", func(r *ssda903.Return) []rules.Hit {
	o := r.T(ssda903.OC2)
	cla, ageOf := continuousE(r), agesAtEndE(r, o)
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
	return rowsWhere(o, func(i int) bool {
		if o.Str(i, flag) != "1" {
			return false
		}
		for _, col := range []string{"IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"} {
			if o.Blank(i, col) {
				return true
			}
		}
		return false
	})
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
	cla, ageOf := continuousE(r), agesAtEndE(r, o)
	return rowsWhere(o, func(i int) bool {
		age, ok := ageOf(i)
		return ok && age < 5 && cla[o.Str(i, "CHILD")] && o.Blank(i, "HEALTH_CHECK")
	})
})

// 546: a child aged 5 or over on 31 March, looked after continuously for
// the year, has no health promotion information.
var _ = declare("546", func(r *ssda903.Return) []rules.Hit {
	o := r.T(ssda903.OC2)
	cla, ageOf := continuousE(r), agesAtEndE(r, o)
	return rowsWhere(o, func(i int) bool {
		age, ok := ageOf(i)
		return ok && age >= 5 && cla[o.Str(i, "CHILD")] && !o.Blank(i, "HEALTH_CHECK")
	})
})
