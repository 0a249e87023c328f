package measure

import (
	"sort"
	"time"

	"github.com/sightline-uk/sightline/ssda903"
)

// ep is one episode of care as the measures read it.
type ep struct {
	decom, dec     time.Time
	open           bool // no DEC: still open at the end of the return's year
	rne, ls, place string
	rec, urn, post string
	cur            bool // from the current year's return, not the previous one
}

// respite legal statuses: an agreed series of short-term placements (short
// breaks). DfE's figures "exclude children looked after under an agreed
// series of short term placements" (Children looked after in England
// including adoptions, data guidance), so these episodes are dropped before
// anything is counted. V1 is the code's predecessor in older returns.
var respite = map[string]bool{"V1": true, "V3": true, "V4": true}

// temporary placements (hospital, holiday, carer's holiday, seven days or
// less) do not start a placement of their own.
var temporary = map[string]bool{"T0": true, "T1": true, "T2": true, "T3": true, "T4": true}

// adoptive placements: placed for adoption (A1, A2 in older returns).
var adoptive = map[string]bool{"A1": true, "A2": true, "A3": true, "A4": true, "A5": true, "A6": true}

// children reads each child's episodes, oldest first, respite episodes
// dropped, the previous year's return (where given) supplying the history
// before the current year. An episode in both returns (open at the start of
// the year) is taken from the current one.
func children(r *ssda903.Return) map[string][]ep {
	read := func(t *ssda903.Table, cur bool) map[string][]ep {
		out := map[string][]ep{}
		decoms, decs := t.DateColumn("DECOM"), t.DateColumn("DEC")
		for i := range t.Rows {
			ls := ssda903.Upper(t.Str(i, "LS"))
			if respite[ls] || !decoms[i].OK {
				continue
			}
			e := ep{decom: decoms[i].Time, dec: decs[i].Time, open: !decs[i].OK,
				rne: ssda903.Upper(t.Str(i, "RNE")), ls: ls, place: ssda903.Upper(t.Str(i, "PLACE")),
				rec: ssda903.Upper(t.Str(i, "REC")), urn: t.Str(i, "URN"), post: t.Str(i, "PL_POST"), cur: cur}
			c := t.Str(i, "CHILD")
			out[c] = append(out[c], e)
		}
		return out
	}
	out := read(r.T(ssda903.Episodes), true)
	if r.HasPrev(ssda903.Episodes) {
		for c, es := range read(r.Prev(ssda903.Episodes), false) {
			have := map[time.Time]bool{}
			for _, e := range out[c] {
				have[e.decom] = true
			}
			for _, e := range es {
				if !have[e.decom] {
					out[c] = append(out[c], e)
				}
			}
		}
	}
	for _, es := range out {
		sort.SliceStable(es, func(a, b int) bool { return es[a].decom.Before(es[b].decom) })
	}
	return out
}

// continues reports whether episode i carries on the period of care of
// episode i−1: the earlier one ended with X1 (a new episode follows) on the
// day this one began, and this one does not start a new period.
func continues(es []ep, i int) bool {
	if i <= 0 || i >= len(es) {
		return false
	}
	p := es[i-1]
	return !p.open && p.rec == "X1" && p.dec.Equal(es[i].decom) && es[i].rne != "S"
}

// periodStart is when the period of care holding episode i began: the first
// episode reached by walking back through continuing episodes. known is
// false when that episode does not itself start a period (RNE S), so the
// period began earlier than the returns given show.
func periodStart(es []ep, i int) (start time.Time, known bool) {
	k := i
	for continues(es, k) {
		k--
	}
	return es[k].decom, es[k].rne == "S"
}

// newPlacement reports whether episode i starts a placement with a new
// carer: a new period of care (S), or a change of carer (P, B). A change of
// legal status only (L), or of placement with the same carer (T, U), is the
// same placement; a temporary placement (T0–T4) does not start one, and the
// return from it to the same placement (same type and the same URN or
// postcode) is not a new one either.
func newPlacement(es []ep, i int) bool {
	if !continues(es, i) {
		return true
	}
	e := es[i]
	if temporary[e.place] {
		return false
	}
	switch e.rne {
	case "S":
		return true
	case "P", "B":
		j := i - 1
		if !temporary[es[j].place] {
			return true
		}
		for j >= 0 && temporary[es[j].place] && continues(es, j) {
			j--
		}
		if j < 0 || temporary[es[j].place] {
			return true
		}
		same := es[j].place == e.place && (e.urn != "" && es[j].urn == e.urn || e.post != "" && es[j].post == e.post)
		return !same
	}
	return false
}

// placementStart is the first episode of the placement holding episode i,
// and when it began. known is false when the returns given do not reach
// back to the placement's start.
func placementStart(es []ep, i int) (k int, start time.Time, known bool) {
	k = i
	for !newPlacement(es, k) {
		k--
	}
	e := es[k]
	return k, e.decom, e.rne == "S" || e.rne == "P" || e.rne == "B" || continues(es, k)
}

// overlaps reports whether an episode was open at any time from from to to.
func (e ep) overlaps(from, to time.Time) bool {
	return !e.decom.After(to) && (e.open || !e.dec.Before(from))
}

// openAt reports whether an episode was open at the end of the day t: it
// began on or before t and had not ended by then.
func (e ep) openAt(t time.Time) bool {
	return !e.decom.After(t) && (e.open || e.dec.After(t))
}

// in reports whether t falls within [from, to].
func in(t, from, to time.Time) bool { return !t.Before(from) && !t.After(to) }
