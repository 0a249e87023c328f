package y2024

import (
	"math"
	"reflect"

	"github.com/sightline-uk/sightline/ssda903"
)

// The fields DfE's validator derives from postcodes with the ONS Postcode
// Directory when it loads a return (lac_validator/datastore.py), for the
// rules that need them (declared with ssda903.NeedPostcodes, so they run
// only when the council supplied the directory):
//
//   - PL_LA, the placement's council: the upper-tier council of PL_POST's
//     local authority district (here its DfE LA number), WAL, SCO or NIR
//     for a placement in Wales, Scotland or Northern Ireland, and blank
//     where PL_POST is blank or unknown or its district has no council
//     (the Channel Islands, the Isle of Man).
//   - PL_LOCATION, IN where PL_LA is the council's own area, else OUT, and
//     blank only where PL_POST is blank or not in the directory.
//   - PL_DISTANCE, the straight-line distance between HOME_POST and PL_POST
//     in miles to one decimal place, from the postcodes' grid references;
//     unknown where either postcode is blank, unknown or has no grid
//     reference.

// placementFields are PL_LA, PL_LOCATION and PL_DISTANCE for each row of an
// episodes table; index them by row. A distance is NaN where unknown.
type placementFields struct {
	la, location []string
	distance     []float64
}

// plFieldsKey caches the fields per table, council and directory. A
// directory whose type cannot be compared (a test's map) is left out of
// the key: a return has one directory.
type plFieldsKey struct {
	la  string
	dir any
}

// derivedPlacement derives PL_LA, PL_LOCATION and PL_DISTANCE for t (this
// or last year's episodes) once, as DfE does on loading; several rules
// share them. The return must have a postcode directory.
func derivedPlacement(r *ssda903.Return, t *ssda903.Table) placementFields {
	key := plFieldsKey{la: r.LA}
	if d := r.PostcodeDirectory; d != nil && reflect.TypeOf(d).Comparable() {
		key.dir = d
	}
	return cached(t, key, func() placementFields {
		dir := r.PostcodeDirectory
		home, pl := t.Column("HOME_POST"), t.Column("PL_POST")
		n := t.Len()
		f := placementFields{la: make([]string, n), location: make([]string, n), distance: make([]float64, n)}
		for i := 0; i < n; i++ {
			f.distance[i] = math.NaN()
			if pl[i] == "" {
				continue
			}
			pe, pn, la, ok := dir.Locate(pl[i])
			if !ok {
				continue
			}
			f.la[i], f.location[i] = la, "OUT"
			if la != "" && la == r.LA {
				f.location[i] = "IN"
			}
			if home[i] == "" {
				continue
			}
			if he, hn, _, ok := dir.Locate(home[i]); ok {
				f.distance[i] = plMiles(he, hn, pe, pn)
			}
		}
		return f
	})
}

// plMiles is PL_DISTANCE between two grid references in metres: miles as
// DfE's guidance computes them (kilometres over 1.6093), rounded to one
// decimal place half to even, with the same floating-point steps as DfE's
// validator, so distances compared against 0.2 miles agree with it. NaN
// where either grid reference is unknown.
func plMiles(e1, n1, e2, n2 float64) float64 {
	de, dn := e1-e2, n1-n2
	d := math.Sqrt(de*de+dn*dn) / 1000 / 1.6093
	return math.RoundToEven(d*10) / 10
}

// postcodeKnown reports whether a given postcode is in the directory.
func postcodeKnown(r *ssda903.Return, pc string) bool {
	_, _, _, ok := r.PostcodeDirectory.Locate(pc)
	return ok
}

// uascKnown reports whether the return says who was UASC in either year:
// a Header with a UASC flag (XML), or a UASC table. DfE's tool runs its
// UASC-dependent distance rules (164, 392a, 406) only then.
func uascKnown(r *ssda903.Return) bool {
	_, cur := uascYearOfC(r.Tables[ssda903.Header], r.Tables[ssda903.UASC])
	_, last := uascYearOfC(r.Last[ssda903.Header], r.Last[ssda903.UASC])
	return cur || last
}

// firstAndLastOpenP pairs each child's first episode this year (earliest
// valid DECOM) with last year's latest episode (latest valid DECOM) where
// that was left open (DEC blank as given) and both record the same,
// given, reason for new episode: rules 452 and 453 compare a placement
// carried over the year end this way. Pairs are [this year's row, last
// year's row].
func firstAndLastOpenP(r *ssda903.Return) [][2]int {
	if !r.HasPrev(ssda903.Episodes) {
		return nil
	}
	e, last := r.T(ssda903.Episodes), r.Prev(ssda903.Episodes)
	decoms, lastDECOM := e.DateColumn("DECOM"), last.DateColumn("DECOM")
	rne, lastRNE, lastDEC := e.Column("RNE"), last.Column("RNE"), last.Column("DEC")
	lastRows := last.ByChild()
	var pairs [][2]int
	for child, rows := range e.ByChild() {
		prev, ok := lastRows[child]
		if !ok {
			continue
		}
		i, j := earliestRow(rows, decoms, nil), latestRow(prev, lastDECOM, nil)
		if i >= 0 && j >= 0 && lastDEC[j] == "" && rne[i] != "" && rne[i] == lastRNE[j] {
			pairs = append(pairs, [2]int{i, j})
		}
	}
	return pairs
}
