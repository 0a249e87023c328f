package y2024

import (
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// 141: the date an episode began must be a valid date.
var _ = declare("141", requiredDate(ssda903.Episodes, "DECOM"))

// 1003: the decision to place for adoption cannot precede the child's
// first episode with reason for new episode S (started to be looked after).
var _ = declare("1003", func(r *ssda903.Return) []rules.Hit {
	e, pa := r.T(ssda903.Episodes), r.T(ssda903.PlacedAdoption)
	rne, decom, eps := e.Column("RNE"), e.DateColumn("DECOM"), e.ByChild()
	startsCare := func(i int) bool { return rne[i] == "S" }
	var hits []rules.Hit
	for i := 0; i < pa.Len(); i++ {
		j := earliestRow(eps[pa.Str(i, "CHILD")], decom, startsCare)
		placed := pa.Date(i, "DATE_PLACED")
		if j >= 0 && placed.OK && placed.Before(decom[j].Time) {
			hits = append(hits, hit(e, j), hit(pa, i))
		}
	}
	return hits
})
