package y2024

import (
	"math"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Rules on the fields DfE derives from postcodes with the ONS Postcode
// Directory (PL_LA, PL_LOCATION, PL_DISTANCE; see postcodes.go). Each runs
// only when the council supplied the directory, and is otherwise reported
// as not checked. Rules comparing a placement with the council's own area
// (1015, 411, 503J) also need the council's LA number and check nothing
// without it.

var needPostcodes = []string{ssda903.NeedPostcodes}

// fosterAdoptPlacesP are the foster and adoption placements, which rule
// 1015 leaves out.
var fosterAdoptPlacesP = codeSet("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6")

// urnExemptPlacesP are the placements that need no Ofsted URN (rule 218).
var urnExemptPlacesP = codeSet("P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1")

// 1015: an episode the council provides itself (PR1), other than foster or
// adoption placements and short breaks, must be in the council's own area.
// As in DfE's tool, a placement whose area cannot be derived is faulted.
var _ = declareNeeding("1015", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	if r.LA == "" {
		return nil
	}
	e := r.T(ssda903.Episodes)
	place, ls, provider := e.Column("PLACE"), e.Column("LS"), e.Column("PLACE_PROVIDER")
	pl := derivedPlacement(r, e)
	return rowsWhere(e, func(i int) bool {
		return provider[i] == "PR1" && place[i] != "" && ls[i] != "" && !fosterAdoptPlacesP[place[i]] &&
			!isRespite(ls[i]) && pl.la[i] != r.LA
	})
})

// 164: a placement distance, where one can be derived, must be between 0
// and 999.9 miles, for children who are not and were not UASC (where the
// return says who was).
var _ = declareNeeding("164", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	if !uascKnown(r) {
		return nil
	}
	e := r.T(ssda903.Episodes)
	child, uasc, pl := e.Column("CHILD"), formerUASCD(r), derivedPlacement(r, e)
	return rowsWhere(e, func(i int) bool {
		d := pl.distance[i]
		return !uasc[child[i]] && !math.IsNaN(d) && (d < 0 || d > 999.9)
	})
})

// 169: an episode other than a short break must have a placement area:
// PL_POST given and in the directory, in England, Wales, Scotland or
// Northern Ireland.
var _ = declareNeeding("169", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	ls, pl := e.Column("LS"), derivedPlacement(r, e)
	return rowsWhere(e, func(i int) bool { return !isRespite(ls[i]) && pl.la[i] == "" })
})

// 179: an episode other than a short break must have a placement location
// (IN or OUT of the council's area): PL_POST given and in the directory.
var _ = declareNeeding("179", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	ls, pl := e.Column("LS"), derivedPlacement(r, e)
	return rowsWhere(e, func(i int) bool { return !isRespite(ls[i]) && pl.location[i] == "" })
})

// 218: an episode open on or after 1 April needs an Ofsted URN unless its
// placement needs none or it is outside England. As in DfE's tool, a
// placement whose area cannot be derived is treated as outside England
// (the tool reads the missing PL_LA as "nan", which starts with N).
var _ = declareNeeding("218", needPostcodes, URNRequired(urnExemptPlacesP))

// URNRequired is rule 218's check given a year's placements that need no
// URN: DfE changed the list between years (2022/23 also exempted H5 and P2)
// but not the rule, so older rule sets build their 218 from it.
func URNRequired(exempt map[string]bool) func(r *ssda903.Return) []rules.Hit {
	return func(r *ssda903.Return) []rules.Hit {
		e := r.T(ssda903.Episodes)
		dec, decs, urn, place := e.Column("DEC"), e.DateColumn("DEC"), e.Column("URN"), e.Column("PLACE")
		pl, start := derivedPlacement(r, e), r.CollectionStart()
		return rowsWhere(e, func(i int) bool {
			open := dec[i] == "" || decs[i].OK && !decs[i].Before(start)
			return open && urn[i] == "" && !exempt[place[i]] && inEnglandP(pl.la[i])
		})
	}
}

// PlacementLA gives each episode's placement area (PL_LA) as DfE's tool
// derives it from the placement postcode: a DfE LA number, WAL, SCO, NIR,
// or "" when the postcode is missing or not in the directory. Older rule
// sets' rules on placement areas read it.
func PlacementLA(r *ssda903.Return) []string {
	return derivedPlacement(r, r.T(ssda903.Episodes)).la
}

// inEnglandP reports whether a derived PL_LA is an English council (not
// WAL, SCO or NIR, and not blank).
func inEnglandP(la string) bool {
	return la != "" && la[0] != 'N' && la[0] != 'W' && la[0] != 'S' && la[0] != 'C'
}

// 392a: for a child who is not and was not UASC, an episode other than a
// short break must have a distance: both postcodes given and in the
// directory. It applies where the return says who was UASC.
var _ = declareNeeding("392a", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	if !uascKnown(r) {
		return nil
	}
	e := r.T(ssda903.Episodes)
	child, ls := e.Column("CHILD"), e.Column("LS")
	uasc, pl := formerUASCD(r), derivedPlacement(r, e)
	return rowsWhere(e, func(i int) bool {
		return !uasc[child[i]] && !isRespite(ls[i]) && math.IsNaN(pl.distance[i])
	})
})

// 392c: HOME_POST and PL_POST, where given, must be postcodes the
// directory has.
var _ = declareNeeding("392c", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	home, place := e.Column("HOME_POST"), e.Column("PL_POST")
	return rowsWhere(e, func(i int) bool {
		return home[i] != "" && !postcodeKnown(r, home[i]) || place[i] != "" && !postcodeKnown(r, place[i])
	})
})

// 406: a child who is or was UASC should have no placement distance: the
// home postcode should be left blank, so none can be derived.
var _ = declareNeeding("406", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	if !uascKnown(r) {
		return nil
	}
	e := r.T(ssda903.Episodes)
	child, uasc, pl := e.Column("CHILD"), formerUASCD(r), derivedPlacement(r, e)
	return rowsWhere(e, func(i int) bool { return uasc[child[i]] && !math.IsNaN(pl.distance[i]) })
})

// 411: a placement located IN the council's area must have the council as
// its placement LA. With both derived from PL_POST the two always agree,
// as in DfE's tool; the rule is kept for completeness.
var _ = declareNeeding("411", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	if r.LA == "" {
		return nil
	}
	e := r.T(ssda903.Episodes)
	pl := derivedPlacement(r, e)
	return rowsWhere(e, func(i int) bool { return pl.location[i] == "IN" && pl.la[i] != r.LA })
})

// 420: a short break (legal status V3 or V4) should have no placement LA:
// PL_POST should be left blank.
var _ = declareNeeding("420", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	ls, pl := e.Column("LS"), derivedPlacement(r, e)
	return rowsWhere(e, func(i int) bool { return isRespite(ls[i]) && pl.la[i] != "" })
})

// 452: a child's first episode this year, continuing last year's open
// latest episode (same reason for new episode), must have the same
// placement LA.
var _ = declareNeeding("452", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	e, last := r.T(ssda903.Episodes), r.Prev(ssda903.Episodes)
	var hits []rules.Hit
	for _, p := range firstAndLastOpenP(r) {
		if derivedPlacement(r, e).la[p[0]] != derivedPlacement(r, last).la[p[1]] {
			hits = append(hits, hit(e, p[0]))
		}
	}
	return hits
})

// 453: a child's first episode this year, continuing last year's open
// latest episode (same reason for new episode), must have a placement
// distance within 0.2 miles of last year's, where both are known.
var _ = declareNeeding("453", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	e, last := r.T(ssda903.Episodes), r.Prev(ssda903.Episodes)
	var hits []rules.Hit
	for _, p := range firstAndLastOpenP(r) {
		now, before := derivedPlacement(r, e).distance[p[0]], derivedPlacement(r, last).distance[p[1]]
		if math.Abs(now-before) >= 0.2 { // false where either is NaN
			hits = append(hits, hit(e, p[0]))
		}
	}
	return hits
})

// 503G: the first episode's distance must match last year's open episode:
// within 0.2 miles, and known last year where it is known this year.
var _ = declareNeeding("503G", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	if !r.HasPrev(ssda903.Episodes) {
		return nil
	}
	e, last := r.T(ssda903.Episodes), r.Prev(ssda903.Episodes)
	now, before := derivedPlacement(r, e).distance, derivedPlacement(r, last).distance
	var hits []rules.Hit
	for _, p := range carriedOverE(r) {
		a, b := now[p[0]], before[p[1]]
		if math.Abs(a-b) >= 0.2 || math.IsNaN(b) && !math.IsNaN(a) {
			hits = append(hits, hit(e, p[0]))
		}
	}
	return hits
})

// 503H: the first episode's placement LA must match last year's open
// episode (two blanks match).
var _ = declareNeeding("503H", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	return derivedDiffersP(r, func(f placementFields) []string { return f.la })
})

// 503J: the first episode's placement location (IN or OUT) must match last
// year's open episode (two blanks match).
var _ = declareNeeding("503J", needPostcodes, func(r *ssda903.Return) []rules.Hit {
	if r.LA == "" {
		return nil
	}
	return derivedDiffersP(r, func(f placementFields) []string { return f.location })
})

// derivedDiffersP is differsFromLastE for a derived field: it faults a
// child's first episode this year when last year's latest episode was
// still open and the field differs.
func derivedDiffersP(r *ssda903.Return, field func(placementFields) []string) []rules.Hit {
	if !r.HasPrev(ssda903.Episodes) {
		return nil
	}
	e, last := r.T(ssda903.Episodes), r.Prev(ssda903.Episodes)
	now, before := field(derivedPlacement(r, e)), field(derivedPlacement(r, last))
	var hits []rules.Hit
	for _, p := range carriedOverE(r) {
		if now[p[0]] != before[p[1]] {
			hits = append(hits, hit(e, p[0]))
		}
	}
	return hits
}
