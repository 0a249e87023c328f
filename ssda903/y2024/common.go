package y2024

import (
	"time"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Helpers shared by the rules of every range. Rules read whole columns
// (Table.Column, Table.DateColumn) rather than call Table.Str per cell,
// because they run over every episode of a national return.

// supplied reports whether the return includes every named table. Rules
// that relate tables apply only when all were given: a table left out would
// otherwise look like missing data and fault every row.
func supplied(r *ssda903.Return, names ...string) bool {
	for _, n := range names {
		if r.Tables[n] == nil {
			return false
		}
	}
	return true
}

// hit is a finding on row i of t.
func hit(t *ssda903.Table, i int) rules.Hit { return rules.Hit{Table: t.Name, Row: i} }

// hitRows is a finding on each of rows of t.
func hitRows(t *ssda903.Table, rows []int) []rules.Hit {
	h := make([]rules.Hit, 0, len(rows))
	for _, i := range rows {
		h = append(h, hit(t, i))
	}
	return h
}

// Groups of fields that rules test together.
var (
	// oc3Fields are the care leaver items: a row with any of them gives
	// care leaver information.
	oc3Fields = []string{"IN_TOUCH", "ACTIV", "ACCOM"}
	// adoptionFields are AD1's adoption details.
	adoptionFields = []string{"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"}
	// oc2Items are the items completed for children looked after for 12
	// months.
	oc2Items = []string{"CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
		"SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"}
	// oc2Required are the OC2 items that go together: every child looked
	// after for 12 months has them, and so does one with other items.
	oc2Required = []string{"IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"}
)

// columns is several of t's columns, for anyFilled and anyBlank.
func columns(t *ssda903.Table, names []string) [][]string {
	out := make([][]string, len(names))
	for k, n := range names {
		out[k] = t.Column(n)
	}
	return out
}

// anyFilled reports whether any of the columns is non-blank in row i.
func anyFilled(cols [][]string, i int) bool {
	for _, c := range cols {
		if c[i] != "" {
			return true
		}
	}
	return false
}

// anyBlank reports whether any of the columns is blank in row i.
func anyBlank(cols [][]string, i int) bool {
	for _, c := range cols {
		if c[i] == "" {
			return true
		}
	}
	return false
}

// Code tests written out rather than looked up in a set, because they run
// on every one of a national year's ~400,000 episodes, and code lists more
// than one range uses.

// isTemp reports a temporary placement (T0–T4), which has no provider and
// can neither start nor end a period of care.
func isTemp(place string) bool {
	return len(place) == 2 && place[0] == 'T' && place[1] >= '0' && place[1] <= '4'
}

// isRespite reports a short-break (respite care) legal status: V3 or V4.
func isRespite(ls string) bool { return ls == "V3" || ls == "V4" }

// noProviderPlaces are the placements with no provider: temporary absences
// (T0–T4) and Z1.
var noProviderPlaces = codeSet("T0", "T1", "T2", "T3", "T4", "Z1")

// zeroOne are the codes of a yes/no item.
var zeroOne = codeSet("0", "1")

// Checks from which many rules are made: one field of every row, or a
// field compared with last year's.

// codeCheck faults rows whose cell is given but not one of the codes.
func codeCheck(table, col string, codes map[string]bool) Check {
	return func(r *ssda903.Return) []rules.Hit {
		t := r.T(table)
		c := t.Column(col)
		return rowsWhere(t, func(i int) bool { return c[i] != "" && !codes[c[i]] })
	}
}

// requiredCodeCheck faults rows whose cell is blank or not one of the
// codes.
func requiredCodeCheck(table, col string, codes map[string]bool) Check {
	return func(r *ssda903.Return) []rules.Hit {
		t := r.T(table)
		c := t.Column(col)
		return rowsWhere(t, func(i int) bool { return !codes[c[i]] })
	}
}

// badDate reports a cell that holds something other than a valid date;
// blank cells are left to the rules that require the field.
func badDate(t *ssda903.Table, i int, col string) bool {
	return t.Str(i, col) != "" && !t.Date(i, col).OK
}

// invalidDate faults rows whose cell is given but not a valid date.
func invalidDate(table, col string) Check {
	return func(r *ssda903.Return) []rules.Hit {
		t := r.T(table)
		c, d := t.Column(col), t.DateColumn(col)
		return rowsWhere(t, func(i int) bool { return c[i] != "" && !d[i].OK })
	}
}

// requiredDate faults rows whose cell is blank or not a valid date.
func requiredDate(table, col string) Check {
	return func(r *ssda903.Return) []rules.Hit {
		t := r.T(table)
		d := t.DateColumn(col)
		return rowsWhere(t, func(i int) bool { return !d[i].OK })
	}
}

// allOrNone faults rows where some but not all of the columns are given.
func allOrNone(table string, cols []string) Check {
	return func(r *ssda903.Return) []rules.Hit {
		t := r.T(table)
		cs := columns(t, cols)
		return rowsWhere(t, func(i int) bool { return anyFilled(cs, i) && anyBlank(cs, i) })
	}
}

// headerChanged faults current Header rows of children in last year's
// Header whose value of a field differs, as compared by same(h, i, l, j)
// for this year's row i and last year's row j.
func headerChanged(r *ssda903.Return, same func(h *ssda903.Table, i int, l *ssda903.Table, j int) bool) []rules.Hit {
	if !supplied(r, ssda903.Header) || !r.HasPrev(ssda903.Header) {
		return nil
	}
	h, l := r.T(ssda903.Header), r.Prev(ssda903.Header)
	last := l.ByChild()
	return rowsWhere(h, func(i int) bool {
		for _, j := range last[h.Str(i, "CHILD")] {
			if !same(h, i, l, j) {
				return true
			}
		}
		return false
	})
}

// Dates. An unreadable date has OK false and a zero time.

// dateCmp orders dates, undated (blank or malformed) last.
func dateCmp(a, b ssda903.Date) int {
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

// dateLess orders dates as dateCmp does.
func dateLess(a, b ssda903.Date) bool { return dateCmp(a, b) < 0 }

// addYears is t plus n years, a 29 February falling back to 28 February in
// a common year: DfE's tool counts birthdays, and "N years prior to" a
// date, this way. time.AddDate and ssda903.Age, which other rules use, put
// that birthday on 1 March instead.
func addYears(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	y += n
	if last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); d > last {
		d = last
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// between reports whether t is within [from, to], both inclusive.
func between(t, from, to time.Time) bool { return !t.Before(from) && !t.After(to) }

// inCollectionYear reports whether a valid date falls in the collection
// year.
func inCollectionYear(r *ssda903.Return, d ssda903.Date) bool {
	return d.OK && between(d.Time, r.CollectionStart(), r.CollectionEnd())
}

// overlaps reports whether an episode from start to end overlaps [from,
// to]: it began by to and had not ended before from. A blank or malformed
// end counts as still open.
func overlaps(start, end ssda903.Date, from, to time.Time) bool {
	return start.OK && !start.After(to) && (!end.OK || !end.Before(from))
}

// daysBetween is the whole days from a to b.
func daysBetween(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

// later is the later of two times.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// sameDate compares two date cells: as dates when both parse (so 1/2/2020
// equals 01/02/2020), otherwise as text, so two blanks are the same.
func sameDate(a, b string) bool {
	da, db := ssda903.ParseDate(a), ssda903.ParseDate(b)
	if da.OK && db.OK {
		return da.Equal(db.Time)
	}
	return a == b
}

// sameGivenDate is sameDate for rules that need both dates given: a blank
// matches nothing, not even another blank.
func sameGivenDate(a, b string) bool { return a != "" && b != "" && sameDate(a, b) }

// Picking one of a child's rows by date.

// earliestRow is the row among rows with the earliest valid date in d (the
// first in rows on a tie) among those keep accepts (all, when keep is nil);
// -1 when there is none.
func earliestRow(rows []int, d []ssda903.Date, keep func(i int) bool) int {
	return pickRow(rows, d, false, keep)
}

// latestRow is earliestRow for the latest date.
func latestRow(rows []int, d []ssda903.Date, keep func(i int) bool) int {
	return pickRow(rows, d, true, keep)
}

func pickRow(rows []int, d []ssda903.Date, latest bool, keep func(i int) bool) int {
	best := -1
	for _, i := range rows {
		if !d[i].OK || keep != nil && !keep(i) {
			continue
		}
		if best < 0 || latest && d[i].After(d[best].Time) || !latest && d[i].Before(d[best].Time) {
			best = i
		}
	}
	return best
}

// firstByDate is the first of rows in date order: the earliest valid date
// (the first in rows on a tie), or the first row when none is dated; -1
// only when rows is empty.
func firstByDate(rows []int, d []ssda903.Date) int {
	best := -1
	for _, i := range rows {
		if best < 0 || dateLess(d[i], d[best]) {
			best = i
		}
	}
	return best
}

// Children's dates of birth and ages.

// dobIndex finds a child's date of birth in the Header.
type dobIndex struct {
	by  map[string][]int
	dob []ssda903.Date
}

func headerDOB(r *ssda903.Return) dobIndex {
	h := r.T(ssda903.Header)
	return dobIndex{by: h.ByChild(), dob: h.DateColumn("DOB")}
}

// of is the child's first valid date of birth where the Header lists them
// more than once.
func (d dobIndex) of(child string) (ssda903.Date, bool) {
	for _, j := range d.by[child] {
		if d.dob[j].OK {
			return d.dob[j], true
		}
	}
	return ssda903.Date{}, false
}

// ageAtYearEnd gives each row's age on 31 March from t's own DOB column
// (false when the DOB is missing or malformed).
func ageAtYearEnd(r *ssda903.Return, t *ssda903.Table) func(i int) (int, bool) {
	dobs, end := t.DateColumn("DOB"), r.CollectionEnd()
	return func(i int) (int, bool) {
		if !dobs[i].OK {
			return 0, false
		}
		return ssda903.Age(dobs[i].Time, end), true
	}
}

// Derived data that several rules share, computed once per table (see
// Table.Derived). Each key type is private, so no other package's key can
// collide with one of these.

// cached is Table.Derived for a value of type T.
func cached[T any](t *ssda903.Table, key any, compute func() T) T {
	return t.Derived(key, func() any { return compute() }).(T)
}

type runsKey struct{ start, end string }

// childRuns lists each child's rows in date order: by the start column,
// then the end column, undated last, then table order. Children come in no
// particular order. Rules walking a child's episodes in sequence share it.
// Contrast Table.SortedBy, which orders by the start column alone.
func childRuns(t *ssda903.Table, start, end string) [][]int {
	return cached(t, runsKey{start, end}, func() [][]int {
		by := t.ByChild()
		from, to := t.DateColumn(start), t.DateColumn(end)
		less := func(x, y int) bool {
			if c := dateCmp(from[x], from[y]); c != 0 {
				return c < 0
			}
			return dateLess(to[x], to[y])
		}
		buf := make([]int, 0, t.Len())
		runs := make([][]int, 0, len(by))
		for _, rows := range by {
			lo := len(buf)
			buf = append(buf, rows...)
			run := buf[lo:len(buf):len(buf)]
			// Insertion sort: stable, and a child's few episodes usually
			// come already in date order.
			for k := 1; k < len(run); k++ {
				for m := k; m > 0 && less(run[m], run[m-1]); m-- {
					run[m], run[m-1] = run[m-1], run[m]
				}
			}
			runs = append(runs, run)
		}
		return runs
	})
}

type cohortKey struct{ year int }

// lookedAfter12Months finds the children looked after continuously for the
// whole collection year, as DfE defines it for OC2: in care at some point in
// the year, and with no episode in the year that starts care (RNE S after
// 1 April), ends it (a reason other than X1 before 31 March) or is a
// short-term break (legal status V3/V4). Only those children are in the
// map. Eleven rules read it, and it costs a pass over every episode.
func lookedAfter12Months(r *ssda903.Return) map[string]bool {
	e := r.T(ssda903.Episodes)
	return cached(e, cohortKey{r.Year}, func() map[string]bool {
		start, end := r.CollectionStart(), r.CollectionEnd()
		rne, rec, ls := e.Column("RNE"), e.Column("REC"), e.Column("LS")
		decoms, decs := e.DateColumn("DECOM"), e.DateColumn("DEC")
		out := map[string]bool{}
		for c, rows := range e.ByChild() {
			inCare, broken := false, false
			for _, i := range rows {
				decom, dec := decoms[i], decs[i]
				during := overlaps(decom, dec, start, end)
				enters := decom.OK && decom.After(start) && !decom.After(end) && rne[i] == "S"
				leaves := dec.OK && !dec.Before(start) && dec.Before(end) && rec[i] != "X1"
				inCare = inCare || during
				broken = broken || enters || leaves || during && isRespite(ls[i])
			}
			if inCare && !broken {
				out[c] = true
			}
		}
		return out
	})
}

// period is a period of care: a run of a child's episodes in order of
// start, each starting no later than the one before it ended. End is the
// last episode's DEC (OK false while the period is open).
type period struct {
	Start time.Time
	End   ssda903.Date
}

type periodsKey struct{}

// periodsOfCare maps each child with a dated episode to their periods of
// care, in order. Episodes are ordered by start alone (table order on a
// tie), and undated ones are left out.
func periodsOfCare(e *ssda903.Table) map[string][]period {
	return cached(e, periodsKey{}, func() map[string][]period {
		decom, dec, child := e.DateColumn("DECOM"), e.DateColumn("DEC"), e.Column("CHILD")
		order := e.SortedBy("DECOM")
		out := map[string][]period{}
		for k, i := range order {
			if !decom[i].OK {
				continue // undated rows sort last among the child's
			}
			c := child[i]
			ps := out[c]
			if len(ps) == 0 {
				ps = append(ps, period{Start: decom[i].Time})
			} else if p := order[k-1]; dec[p].OK && decom[i].After(dec[p].Time) {
				ps = append(ps, period{Start: decom[i].Time})
			}
			ps[len(ps)-1].End = dec[i]
			out[c] = ps
		}
		return out
	})
}
