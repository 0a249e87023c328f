package y2024

import (
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// 141: the date an episode began must be a valid date.
var _ = declare("141", func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	return rowsWhere(e, func(i int) bool { return !e.Date(i, "DECOM").OK })
})

// 1003: the decision to place for adoption cannot precede the child's
// first episode with reason for new episode S (started to be looked after).
var _ = declare("1003", func(r *ssda903.Return) []rules.Hit {
	e, pa := r.T(ssda903.Episodes), r.T(ssda903.PlacedAdoption)
	first := map[string]int{} // child → row of earliest RNE=S episode
	for i := 0; i < e.Len(); i++ {
		if e.Str(i, "RNE") != "S" || !e.Date(i, "DECOM").OK {
			continue
		}
		c := e.Str(i, "CHILD")
		if j, ok := first[c]; !ok || e.Date(i, "DECOM").Before(e.Date(j, "DECOM").Time) {
			first[c] = i
		}
	}
	var hits []rules.Hit
	for i := 0; i < pa.Len(); i++ {
		j, ok := first[pa.Str(i, "CHILD")]
		placed := pa.Date(i, "DATE_PLACED")
		if ok && placed.OK && placed.Before(e.Date(j, "DECOM").Time) {
			hits = append(hits, rules.Hit{Table: e.Name, Row: j}, rules.Hit{Table: pa.Name, Row: i})
		}
	}
	return hits
})
