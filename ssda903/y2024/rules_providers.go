package y2024

import (
	"slices"
	"strings"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Rules checking a placement's Ofsted URN against Ofsted's register of
// children's social care providers (DfE's "Provider Info" table), which a
// council supplies (package ssda903/providers); without it these rules are
// skipped and reported as not checked. They follow DfE's definitions as the
// open-source validator keeps them (lac2024_25 for 221, lac2022_23 for the
// rest, unchanged since).

// urnPlaceholder is the URN given for a placement with no Ofsted registration.
const urnPlaceholder = "XXXXXXX"

var needsRegister = []string{ssda903.NeedProviders}

// withRegisteredURN walks the episodes whose URN names a setting (given and not
// XXXXXXX), with the register's entry for each (ok false when the register
// does not list the URN).
func withRegisteredURN(r *ssda903.Return, e *ssda903.Table, f func(i int, p ssda903.Provider, ok bool) bool) []rules.Hit {
	urn := e.Column("URN")
	return rowsWhere(e, func(i int) bool {
		u := ssda903.Upper(urn[i])
		if u == "" || u == urnPlaceholder {
			return false
		}
		p, ok := r.ProviderRegister.Provider(u)
		return f(i, p, ok)
	})
}

// urnRegisteredFor faults episodes whose code in col is blank or not one of
// the codes the register gives for the URN (a URN it does not list has
// none): 219 (PLACE) and 224 (PLACE_PROVIDER).
func urnRegisteredFor(col string, codes func(p ssda903.Provider) []string) Check {
	return func(r *ssda903.Return) []rules.Hit {
		e := r.T(ssda903.Episodes)
		c := e.Column(col)
		return withRegisteredURN(r, e, func(i int, p ssda903.Provider, ok bool) bool {
			return c[i] == "" || !ok || !slices.Contains(codes(p), ssda903.Upper(c[i]))
		})
	}
}

// 1008: a URN other than XXXXXXX must be in Ofsted's register.
var _ = declareNeeding("1008", needsRegister, func(r *ssda903.Return) []rules.Hit {
	return withRegisteredURN(r, r.T(ssda903.Episodes), func(_ int, _ ssda903.Provider, ok bool) bool { return !ok })
})

// 219: the placement type must be one the URN is registered for.
var _ = declareNeeding("219", needsRegister, urnRegisteredFor("PLACE", func(p ssda903.Provider) []string { return p.Places }))

// 224: the placement provider must be one the URN is registered for.
var _ = declareNeeding("224", needsRegister, urnRegisteredFor("PLACE_PROVIDER", func(p ssda903.Provider) []string { return p.Providers }))

// urnPostcodePlaces are the placements whose postcode 221 compares with the
// register's: children's homes (K1, K2), homes and hostels (R3) and
// semi-independent living (S1). 2024/25 dropped H5.
var urnPostcodePlaces = codeSet("K1", "K2", "R3", "S1")

// urnPostcodeKey is a postcode in upper case without spaces.
func urnPostcodeKey(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }

// 221: outside short breaks (V3, V4), a K1, K2, R3 or S1 placement with a
// URN and a placement postcode must be at the setting's registered
// postcode. A URN the register does not list, or lists without a postcode,
// matches no postcode, as in DfE's tool.
var _ = declareNeeding("221", needsRegister, func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	ls, place, post := e.Column("LS"), e.Column("PLACE"), e.Column("PL_POST")
	return withRegisteredURN(r, e, func(i int, p ssda903.Provider, ok bool) bool {
		if isRespite(ssda903.Upper(ls[i])) || !urnPostcodePlaces[ssda903.Upper(place[i])] || post[i] == "" {
			return false
		}
		return !ok || urnPostcodeKey(post[i]) != urnPostcodeKey(p.Postcode)
	})
})

// 227: an episode cannot start on or after the day its setting closed.
var _ = declareNeeding("227", needsRegister, func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	decom := e.DateColumn("DECOM")
	return withRegisteredURN(r, e, func(i int, p ssda903.Provider, ok bool) bool {
		return ok && p.Closed.OK && decom[i].OK && !decom[i].Before(p.Closed.Time)
	})
})

// 228: an episode cannot end after its setting closed, and an open one
// (blank or unreadable DEC, as DfE's tool reads it) needs the setting open
// on 31 March. DfE notes it may fault open episodes at settings that closed
// during the year.
var _ = declareNeeding("228", needsRegister, func(r *ssda903.Return) []rules.Hit {
	e := r.T(ssda903.Episodes)
	dec, end := e.DateColumn("DEC"), r.CollectionEnd()
	return withRegisteredURN(r, e, func(i int, p ssda903.Provider, ok bool) bool {
		if !ok || !p.Closed.OK {
			return false
		}
		if dec[i].OK {
			return dec[i].After(p.Closed.Time)
		}
		return end.After(p.Closed.Time)
	})
})

// 229: a placement with the council's own provision (PR1) must be in its
// own area, and one with another council's (PR2) outside it. The setting's
// council is its postcode's upper-tier council in the ONS Postcode
// Directory, as DfE's tool infers it (DfE notes this may be inaccurate). As
// in that tool, PR1 is faulted when the setting's council cannot be found
// (a URN the register lacks, or a postcode the directory lacks), PR2 is not.
// Without the council's own LA number the rule has nothing to compare.
var _ = declareNeeding("229", []string{ssda903.NeedProviders, ssda903.NeedPostcodes}, func(r *ssda903.Return) []rules.Hit {
	if r.LA == "" {
		return nil
	}
	e := r.T(ssda903.Episodes)
	prov := e.Column("PLACE_PROVIDER")
	return withRegisteredURN(r, e, func(i int, p ssda903.Provider, ok bool) bool {
		pr := ssda903.Upper(prov[i])
		if pr != "PR1" && pr != "PR2" {
			return false
		}
		la := ""
		if ok && p.Postcode != "" {
			if _, _, l, found := r.PostcodeDirectory.Locate(p.Postcode); found {
				la = l
			}
		}
		if pr == "PR1" {
			return la != r.LA
		}
		return la != "" && la == r.LA
	})
})
