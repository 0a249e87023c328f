package y2022

import (
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/rulekit"
	"github.com/sightline-uk/sightline/ssda903/y2024"
)

// Placements Ofsted does not register, so without a URN: in 2022/23 H5
// (semi-independent living) too, until it needed one from 28 October 2023.
var noURNPlaces = codeSet("H5", "P1", "P2", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1")

// 222: placements Ofsted does not register, H5 among them, must have no URN
// (XXXXXXX, the code for a placement without one, is allowed).
var rule222 = &rule{
	Code: "222", Message: "Ofsted Unique reference number (URN) should not be recorded for this placement type.",
	Fields: []string{"URN"}, Tables: []string{"Episodes"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit {
		e := r.T(ssda903.Episodes)
		return rowsWhere(e, func(i int) bool {
			u := e.Str(i, "URN")
			return noURNPlaces[e.Str(i, "PLACE")] && u != "" && u != "XXXXXXX"
		})
	},
}

// 370: a child in independent living (P2) must be at least 15 when the
// episode starts (16 from 2023/24).
var rule370 = &rule{
	Code: "370", Message: "Child in independent living should be at least 15.",
	Fields: []string{"DECOM", "PLACE"}, Tables: []string{"Episodes", "Header"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit { return rulekit.TooYoungAtStart(r, "P2", 15) },
}

// 371: a child in semi-independent living not subject to children's homes
// regulations (H5) must be at least 14 when the episode starts (16 from
// 2023/24).
var rule371 = &rule{
	Code: "371", Message: "Child in semi-independent living accommodation not subject to children’s homes regulations should be at least 14.",
	Fields: []string{"DECOM", "PLACE"}, Tables: []string{"Episodes", "Header"}, Kind: "error",
	Check: func(r *ssda903.Return) []rules.Hit { return rulekit.TooYoungAtStart(r, "H5", 14) },
}

// 218: an episode open on or after 1 April needs an Ofsted URN unless its
// placement needs none or it is outside England. 2022/23 also exempted H5
// (semi-independent living, registered from 28 October 2023) and P2
// (independent living, abolished then); the rule is otherwise 2024/25's.
var rule218 = &rule{
	Code: "218", Message: "Ofsted Unique reference number (URN) is required.", Fields: []string{"URN"}, Tables: []string{"Episodes"}, Kind: "error",
	Needs: []string{ssda903.NeedPostcodes},
	Check: y2024.URNRequired(noURNPlaces),
}
