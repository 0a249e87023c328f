package synth

import (
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/sightline-uk/sightline/synth/synthkit"
)

// placement is where a child lives: placement type, provider, Ofsted URN
// and postcode. Two episodes are in the same placement when all four agree.
type placement struct{ place, prov, urn, post string }

// seg is a stretch of one legal status in one placement.
type seg struct {
	from time.Time
	ls   string
	pl   placement
	// same is set when the placement changed but the carers did not (a
	// foster carer becoming the adopter), which DfE codes T or U.
	same bool
}

// period is a period of care: segments from its start to its end (zero
// while open), and the reason it ended.
type period struct {
	segs []seg
	// real is false when the generated history starts part-way through an
	// older period; the first segment then continues it (RNE firstRNE).
	real     bool
	firstRNE string
	end      time.Time
	rec      string
	cin      string
	track    string
}

// ep is one episode row.
type ep struct {
	decom, dec                                              time.Time
	rne, ls, cin, place, prov, rec, reason, home, post, urn string
}

var (
	tempPlaces  = map[string]bool{"T0": true, "T1": true, "T2": true, "T3": true, "T4": true}
	fosterPlace = map[string]bool{"U1": true, "U2": true, "U3": true, "U4": true, "U5": true, "U6": true}
	adoptPlace  = map[string]bool{"A3": true, "A4": true, "A5": true, "A6": true}
	// Reasons for a change of placement, roughly as councils report them.
	placeChangeMix = synthkit.Weighted("CARPL", 14, "CLOSE", 3, "ALLEG", 2, "STAND", 5, "APPRR", 8, "CREQB", 9, "CREQO", 8,
		"CHILD", 12, "LAREQ", 15, "PLACE", 19, "OTHER", 5)
	cinMix = synthkit.Weighted("N1", 65, "N2", 3, "N3", 3, "N4", 7, "N5", 13, "N6", 1.5, "N7", 0.2, "N8", 5)
)

// provider is a placement provider a council uses: a fostering agency,
// children's home, supported accommodation or adoption agency.
type provider struct{ urn, post, code string }

// pools are a council's placement providers.
type pools struct {
	fostering   provider   // the council's own fostering service
	adoption    provider   // its adoption agency (or regional agency)
	ifas        []provider // independent fostering agencies
	homes       []provider // children's homes (K2)
	ownHomes    []provider // the council's own homes
	secure      []provider // secure children's homes (K1)
	supported   []provider // supported accommodation (K3)
	agencies    []provider // voluntary adoption agencies
	schools     []provider // residential special schools
	areas       []string   // the council's postcode areas
	otherAreas  []string
	socialWorks []string
}

func (g *gen) newPools() {
	r := g.r
	var p pools
	a := postcodeAreas[synthkit.Hash(g.c.LA)%uint64(len(postcodeAreas))]
	p.areas = []string{a}
	if synthkit.Chance(r, 0.5) {
		p.areas = append(p.areas, postcodeAreas[r.IntN(len(postcodeAreas))])
	}
	p.otherAreas = postcodeAreas
	urn := func() string { return "SC" + itoa6(synthkit.Between(r, 10000, 999999)) }
	local := func() string { return postcode(r, p.areas[r.IntN(len(p.areas))]) }
	away := func() string { return postcode(r, p.otherAreas[r.IntN(len(p.otherAreas))]) }
	where := func(pLocal float64) string {
		if synthkit.Chance(r, pLocal) {
			return local()
		}
		return away()
	}
	size := g.c.CLAStart + g.c.Starting
	n := func(per int, lo int) int { return max(lo, size/per) }
	p.fostering = provider{urn(), local(), "PR1"}
	p.adoption = provider{urn(), local(), "PR1"}
	for range n(60, 3) {
		p.ifas = append(p.ifas, provider{urn(), where(0.6), "PR4"})
	}
	for range n(25, 4) {
		code := "PR4"
		if synthkit.Chance(r, 0.1) {
			code = "PR5"
		}
		p.homes = append(p.homes, provider{urn(), where(0.4), code})
	}
	for range n(150, 1) {
		p.ownHomes = append(p.ownHomes, provider{urn(), local(), "PR1"})
	}
	for range 3 {
		p.secure = append(p.secure, provider{urn(), away(), "PR2"})
	}
	for range n(40, 3) {
		p.supported = append(p.supported, provider{urn(), where(0.5), "PR4"})
	}
	for range 4 {
		p.agencies = append(p.agencies, provider{urn(), away(), "PR5"})
	}
	for range 3 {
		p.schools = append(p.schools, provider{urn(), away(), "PR4"})
	}
	for range n(15, 3) {
		p.socialWorks = append(p.socialWorks, "SW"+itoa6(synthkit.Between(r, 100000, 999999)))
	}
	g.p = p
}

func itoa6(n int) string {
	b := [6]byte{}
	for i := 5; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[:])
}

func pickProv(r *rand.Rand, ps []provider) provider { return ps[r.IntN(len(ps))] }

func (g *gen) localPost() string { return postcode(g.r, g.p.areas[g.r.IntN(len(g.p.areas))]) }

func (g *gen) anyPost(pLocal float64) string {
	if synthkit.Chance(g.r, pLocal) {
		return g.localPost()
	}
	return postcode(g.r, g.p.otherAreas[g.r.IntN(len(g.p.otherAreas))])
}

// placementMix is the placement types children of an age move into.
func placementMix(a int, ls string, uasc bool) synthkit.Choice {
	switch {
	case uasc && a >= 16:
		return synthkit.Weighted("K3", 70, "U6", 18, "K2", 8, "P2", 4)
	case uasc:
		return synthkit.Weighted("U6", 65, "U4", 10, "K2", 25)
	case ls == "J1":
		return synthkit.Weighted("K1", 40, "R5", 30, "K2", 30)
	case ls == "J2":
		return synthkit.Weighted("K2", 50, "U6", 50)
	}
	parents := ls == "C1" || ls == "C2"
	p1 := 0.0
	if parents {
		p1 = 1
	}
	switch {
	case a < 1:
		return synthkit.Weighted("U6", 55, "U3", 20, "U5", 8, "P1", 7*p1, "R3", 3)
	case a < 5:
		return synthkit.Weighted("U6", 50, "U3", 20, "U4", 6, "U1", 5, "P1", 9*p1, "U5", 3)
	case a < 10:
		return synthkit.Weighted("U6", 35, "U4", 20, "U1", 10, "U3", 15, "P1", 8*p1, "K2", 3, "S1", 1)
	case a < 16:
		return synthkit.Weighted("U6", 25, "U4", 22, "U1", 8, "U3", 10, "K2", 20, "P1", 5*p1, "K1", 0.7, "S1", 2,
			"R1", 0.3, "Z1", 0.5, "R2", 0.3)
	}
	return synthkit.Weighted("U6", 16, "U4", 15, "U1", 5, "U3", 5, "K2", 15, "K3", 30, "P2", 5, "P1", 3*p1, "Z1", 1, "R2", 0.3)
}

// newPlacement finds a placement of a type for a child.
func (g *gen) newPlacement(k *kid, place string, home string) placement {
	r := g.r
	switch {
	case fosterPlace[place]:
		switch x := r.Float64(); {
		case x < 0.65:
			return placement{place, "PR1", g.p.fostering.urn, g.notHome(home, 0.85)}
		case x < 0.95:
			f := pickProv(r, g.p.ifas)
			return placement{place, "PR4", f.urn, g.notHome(home, 0.55)}
		default:
			f := pickProv(r, g.p.ifas)
			return placement{place, "PR5", f.urn, g.notHome(home, 0.55)}
		}
	case place == "K2":
		if synthkit.Chance(r, 0.2) {
			h := pickProv(r, g.p.ownHomes)
			return placement{place, "PR1", h.urn, h.post}
		}
		h := pickProv(r, g.p.homes)
		return placement{place, h.code, h.urn, h.post}
	case place == "K1":
		h := pickProv(r, g.p.secure)
		return placement{place, h.code, h.urn, h.post}
	case place == "K3":
		h := pickProv(r, g.p.supported)
		code := h.code
		if synthkit.Chance(r, 0.2) {
			code = "PR1"
		}
		return placement{place, code, h.urn, h.post}
	case place == "P2":
		code := "PR1"
		if synthkit.Chance(r, 0.4) {
			code = "PR4"
		}
		return placement{place, code, "XXXXXXX", g.notHome(home, 0.8)}
	case place == "P1":
		return placement{place, "PR0", "", home}
	case place == "R1":
		return placement{place, "PR4", "", g.notHome(home, 0.5)}
	case place == "R2":
		return placement{place, "PR3", "", g.notHome(home, 0.7)}
	case place == "R3":
		return placement{place, "PR4", "SC" + itoa6(synthkit.Between(r, 10000, 999999)), g.notHome(home, 0.5)}
	case place == "R5":
		return placement{place, "PR3", "", g.notHome(home, 0.1)}
	case place == "S1":
		s := pickProv(r, g.p.schools)
		return placement{place, s.code, s.urn, s.post}
	case place == "Z1":
		return placement{place, "", "", g.notHome(home, 0.6)}
	case adoptPlace[place]:
		if synthkit.Chance(r, 0.7) {
			return placement{place, "PR1", g.p.adoption.urn, g.notHome(home, 0.5)}
		}
		a := pickProv(r, g.p.agencies)
		return placement{place, "PR5", a.urn, g.notHome(home, 0.3)}
	case tempPlaces[place]:
		return placement{place, "", "", g.notHome(home, 0.7)}
	}
	panic("synth: no provider for placement " + place)
}

// notHome is a postcode other than the child's home.
func (g *gen) notHome(home string, pLocal float64) string {
	for {
		if p := g.anyPost(pLocal); p != home {
			return p
		}
	}
}

// event is a change during a period of care: a new legal status, a new
// placement, or both.
type event struct {
	at   time.Time
	ls   string
	pl   *placement
	same bool
}

// buildPeriod lays out a period of care from its first generated day to
// its end (zero: still open at the collection year's end).
func (g *gen) buildPeriod(k *kid, from time.Time, real bool, end time.Time, track string) *period {
	r := g.r
	horizon := g.ce
	if !end.IsZero() {
		horizon = end
	}
	p := &period{real: real, end: end, track: track, firstRNE: "P"}
	p.cin = cinMix.Pick(r)
	if k.uasc {
		p.cin = "N8"
	}
	a := age(k.dob, from)
	var ls0 string
	var evs []event
	lsAt := func(at time.Time, ls string) { evs = append(evs, event{at: at, ls: ls}) }
	switch {
	case track == "pace":
		ls0 = "J2"
	case track == "remand":
		ls0 = "J1"
	case k.uasc:
		ls0 = "V2"
	case track == "adopt":
		ls0 = "C1"
		if real && synthkit.Chance(r, 0.2) {
			ls0 = "L2"
			lsAt(synthkit.AddDays(from, synthkit.Between(r, 5, 20)), "C1")
		}
	case !real: // the middle of a long period of care
		ls0 = synthkit.Weighted("C2", 80, "V2", 17, "C1", 3).Pick(r)
		if ls0 == "C1" {
			lsAt(synthkit.AddDays(from, synthkit.Between(r, 30, 200)), "C2")
		}
	default:
		if a < 10 {
			ls0 = synthkit.Weighted("C1", 45, "V2", 25, "L1", 15, "L2", 15).Pick(r)
		} else {
			ls0 = synthkit.Weighted("V2", 55, "C1", 22, "L1", 17, "L2", 6).Pick(r)
		}
		t := from
		next := ls0
		switch ls0 {
		case "L1":
			t = synthkit.AddDays(t, synthkit.Between(r, 1, 3))
			next = synthkit.Weighted("V2", 60, "C1", 40).Pick(r)
			lsAt(t, next)
		case "L2":
			t = synthkit.AddDays(t, synthkit.Between(r, 5, 21))
			next = "C1"
			lsAt(t, next)
		}
		if next == "V2" && synthkit.Chance(r, 0.3) {
			t = synthkit.AddDays(t, synthkit.Between(r, 40, 300))
			next = "C1"
			lsAt(t, next)
		}
		if next == "C1" {
			lsAt(synthkit.AddDays(t, synthkit.Between(r, 90, 330)), "C2")
		}
	}
	place0 := placementMix(a, ls0, k.uasc).Pick(r)
	if ls0 == "L1" || ls0 == "L2" {
		place0 = synthkit.Weighted("U6", 70, "K2", float64(min(a, 12))).Pick(r)
		if a < 10 {
			place0 = "U6"
		}
	}
	if track == "adopt" {
		place0 = synthkit.Weighted("U6", 65, "U5", 25, "U3", 10).Pick(r)
	}
	pl0 := g.newPlacement(k, place0, k.home)
	segs := []seg{{from: from, ls: ls0, pl: pl0}}

	switch track {
	case "pace", "remand":
		// No moves: the period is short and ends as planned.
	case "adopt":
		aevs := g.adoptionEvents(k, from, end, pl0)
		order := aevs[0].at
		// Nothing else changes the legal status once the placement order is made.
		kept := evs[:0]
		for _, ev := range evs {
			if ev.at.Before(order) {
				kept = append(kept, ev)
			}
		}
		evs = append(kept, aevs...)
	default:
		// Placement moves: about one every two years, more for teenagers.
		rate := 0.45
		if a >= 11 {
			rate = 0.8
		}
		t := from
		for {
			t = synthkit.AddDays(t, int(math.Max(7, r.ExpFloat64()/rate*365)))
			if !t.Before(horizon) {
				break
			}
			evs = append(evs, event{at: t})
		}
	}

	sort.SliceStable(evs, func(i, j int) bool { return evs[i].at.Before(evs[j].at) })
	cur := segs[0]
	for _, ev := range evs {
		at := ev.at
		if !at.After(cur.from) {
			at = synthkit.AddDays(cur.from, 1)
		}
		if !at.Before(horizon) || end.IsZero() && at.After(g.ce) {
			continue
		}
		next := seg{from: at, ls: cur.ls, pl: cur.pl}
		if ev.ls != "" {
			next.ls = ev.ls
		}
		switch {
		case ev.pl != nil:
			next.pl, next.same = *ev.pl, ev.same
		case ev.ls == "": // a move of placement
			mix := placementMix(age(k.dob, at), next.ls, k.uasc)
			for try := 0; try < 5; try++ {
				next.pl = g.newPlacement(k, mix.Pick(r), k.home)
				if next.pl != cur.pl {
					break
				}
			}
			if next.pl == cur.pl {
				continue
			}
		}
		if next.ls == "V2" && next.pl.place == "P1" {
			continue
		}
		if at.Equal(cur.from) {
			continue
		}
		segs = append(segs, next)
		cur = next
	}
	if track != "adopt" && track != "pace" && track != "remand" {
		segs = g.temporaryPlacements(k, segs, horizon, end.IsZero())
	}
	p.segs = segs
	return p
}

// adoptionEvents plans a young child's way to adoption: a decision that
// the child should be placed for adoption, a placement order (E1),
// matching, the placement with adopters and the adoption order, which ends
// the period (end). When end is zero the child is still waiting.
func (g *gen) adoptionEvents(k *kid, from, end time.Time, pl0 placement) []event {
	r := g.r
	k.decision = synthkit.AddDays(from, synthkit.Between(r, 90, 240))
	order := synthkit.AddDays(k.decision, synthkit.Between(r, 30, 150))
	k.match = synthkit.AddDays(order, synthkit.Between(r, 30, 150))
	placed := synthkit.AddDays(k.match, synthkit.Between(r, 10, 40))
	if !end.IsZero() {
		// Squeeze the plan into the period: adopters are usually found
		// 3–10 months before the order.
		placed = synthkit.AddDays(end, -synthkit.Between(r, 90, 240))
		k.match = synthkit.AddDays(placed, -synthkit.Between(r, 10, 40))
		order = synthkit.AddDays(k.match, -synthkit.Between(r, 30, 120))
		k.decision = synthkit.AddDays(order, -synthkit.Between(r, 20, 100))
		if !k.decision.After(from) {
			k.decision = synthkit.AddDays(from, 1)
			order = synthkit.Later(order, synthkit.AddDays(k.decision, 2))
			k.match = synthkit.Later(k.match, synthkit.AddDays(order, 2))
			placed = synthkit.Later(placed, synthkit.AddDays(k.match, 2))
		}
	}
	evs := []event{{at: order, ls: "E1"}}
	var apl placement
	same := false
	if pl0.place == "U5" {
		apl = placement{"A5", pl0.prov, g.p.adoption.urn, pl0.post}
		same = true
	} else {
		apl = g.newPlacement(k, "A6", k.home)
	}
	evs = append(evs, event{at: placed, pl: &apl, same: same})
	k.fosterCare = "0"
	if same {
		k.fosterCare = "1"
	}
	k.adoptPlaced = placed
	return evs
}

// temporaryPlacements adds a few short breaks from foster placements: the
// carers' holiday (T3), a hospital stay (T1), or an unspecified reason
// (T4). The child returns to the same placement afterwards.
func (g *gen) temporaryPlacements(k *kid, segs []seg, horizon time.Time, open bool) []seg {
	r := g.r
	var out []seg
	for i, s := range segs {
		out = append(out, s)
		to := horizon
		if i+1 < len(segs) {
			to = segs[i+1].from
		}
		n := synthkit.DaysBetween(s.from, to)
		if !fosterPlace[s.pl.place] || n < 40 || !synthkit.Chance(r, math.Min(0.5, float64(n)/365*0.15)) {
			continue
		}
		kind := synthkit.Weighted("T3", 60, "T4", 25, "T1", 15).Pick(r)
		length := map[string][2]int{"T3": {3, 14}, "T4": {2, 6}, "T1": {2, 20}}[kind]
		d := synthkit.Between(r, length[0], length[1])
		start := synthkit.AddDays(s.from, synthkit.Between(r, 10, n-d-10))
		back := synthkit.AddDays(start, d)
		if !start.After(s.from) || !back.Before(to) || !open && !back.Before(horizon) {
			continue
		}
		tmp := seg{from: start, ls: s.ls, pl: g.newPlacement(k, kind, k.home)}
		ret := s
		ret.from, ret.same = back, false
		out = append(out, tmp, ret)
	}
	return out
}

// episodes turns a period into episode rows.
func (p *period) episodes(home string, r *rand.Rand) []ep {
	out := make([]ep, 0, len(p.segs))
	for i, s := range p.segs {
		e := ep{decom: s.from, ls: s.ls, cin: p.cin, place: s.pl.place, prov: s.pl.prov, urn: s.pl.urn,
			post: s.pl.post, home: home, rec: "X1"}
		switch {
		case i == 0 && p.real:
			e.rne = "S"
		case i == 0:
			e.rne = p.firstRNE
		default:
			prev := p.segs[i-1]
			lsCh, plCh := s.ls != prev.ls, s.pl != prev.pl
			switch {
			case lsCh && plCh && s.same:
				e.rne = "U"
			case lsCh && plCh:
				e.rne = "B"
			case lsCh:
				e.rne = "L"
			case s.same:
				e.rne = "T"
			default:
				e.rne = "P"
			}
		}
		if i+1 < len(p.segs) {
			e.dec = p.segs[i+1].from
		} else {
			e.dec, e.rec = p.end, p.rec
			if p.end.IsZero() {
				e.rec = ""
			}
		}
		out = append(out, e)
	}
	// Reasons for a change of placement go on the episode that ended with
	// the move, except around temporary placements.
	for i := 0; i+1 < len(out); i++ {
		next := out[i+1]
		if (next.rne == "P" || next.rne == "B" || next.rne == "T" || next.rne == "U") &&
			!tempPlaces[out[i].place] && !tempPlaces[next.place] {
			out[i].reason = placeChangeMix.Pick(r)
			if next.place == "R5" {
				out[i].reason = "CUSTOD"
			}
		}
	}
	return out
}
