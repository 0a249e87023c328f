package synth

import (
	"math"
	"time"

	"github.com/sightline-uk/sightline/synth/synthkit"
)

// kid is one child or young person in a council's return.
type kid struct {
	id, sex, ethnic, upn string
	dob                  time.Time
	uasc, respite        bool
	home                 string
	periods              []*period
	eps                  []ep // every generated episode, in order
	cur, last            []ep // the episodes in this and last year's returns

	mother, motherLast string
	mcdob              time.Time

	// Adoption: the decision that the child should be placed for adoption,
	// its reversal, matching and placement with adopters.
	decision, decisionCeased time.Time
	decisionReason           string
	match, adoptPlaced       time.Time
	fosterCare               string

	oc3          []string // IN_TOUCH, ACTIV, ACCOM
	inLastHeader bool
	starter      bool
}

// Ages of children looked after on 31 March (DfE, 2024): 5% under 1, 14%
// 1–4, 18% 5–9, 38% 10–15 and 25% 16–17.
var ageAtMarch = synthkit.Weighted("0", 5, "1", 3.5, "2", 3.5, "3", 3.5, "4", 3.5, "5", 3.6, "6", 3.6, "7", 3.6, "8", 3.6,
	"9", 3.6, "10", 6.3, "11", 6.3, "12", 6.3, "13", 6.3, "14", 6.4, "15", 6.4, "16", 12.5, "17", 12.5)

// Ages of children starting to be looked after (DfE, 2024).
var ageAtEntry = synthkit.Weighted("0", 19, "1", 3.8, "2", 3.7, "3", 3.7, "4", 3.8, "5", 3, "6", 3, "7", 3, "8", 3, "9", 3,
	"10", 5.5, "11", 5.5, "12", 5.5, "13", 5.5, "14", 5.5, "15", 5.5, "16", 9, "17", 9)

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// dobAged is a date of birth making the child a years old on t (never 29
// February, so birthdays are exact).
func (g *gen) dobAged(a int, t time.Time) time.Time {
	for {
		d := synthkit.AddDays(t.AddDate(-a-1, 0, 0), 1+g.r.IntN(365))
		if d.Month() == time.February && d.Day() == 29 || age(d, t) != a || d.After(t) {
			continue
		}
		return d
	}
}

func (g *gen) newKid(dob time.Time, uasc bool) *kid {
	r := g.r
	k := &kid{dob: dob, uasc: uasc}
	for {
		n := synthkit.Between(r, 100000, 999999)
		if !g.ids[n] {
			g.ids[n] = true
			k.id = itoa6(n)
			break
		}
	}
	k.sex = "M"
	if uasc && synthkit.Chance(r, 0.07) || !uasc && synthkit.Chance(r, 0.44) {
		k.sex = "F"
	}
	k.ethnic = ethnicMix.Pick(r)
	if uasc {
		k.ethnic = uascEthnicMix.Pick(r)
	}
	g.assignUPN(k)
	k.home = g.localPost()
	g.kids = append(g.kids, k)
	return k
}

// assignUPN gives the child a UPN, or a code for an unknown one.
func (g *gen) assignUPN(k *kid) {
	r, dob, uasc := g.r, k.dob, k.uasc
	// Children not yet of school age have no UPN (UN1); DfE counts a
	// child as of school age from the 31 August after their fourth
	// birthday, judged at the year before the collection year.
	schoolAge := !birthday(dob, 4).After(day(g.cs.Year()-1, time.August, 31))
	switch {
	case uasc && synthkit.Chance(r, 0.4):
		k.upn = "UN3"
	case !schoolAge && synthkit.Chance(r, 0.85):
		k.upn = "UN1"
	case schoolAge && synthkit.Chance(r, 0.01):
		k.upn = "UN2"
	default:
		k.upn = makeUPN(r, g.c.LA, dob.Year()+5)
	}
}

// people makes the council's children: those looked after on 1 April,
// those starting during the year, children on short breaks, and the care
// leavers whose 19th–21st birthdays fall in the year.
func (g *gen) people() {
	r := g.r
	c := g.c
	n31, starting, ceasing := c.CLAStart, c.Starting, c.Ceasing
	ceasing = min(ceasing, n31+starting)

	// Children looked after on 1 April.
	type carriedKid struct {
		k       *kid
		fate    string // stay, adopt, wait, cease, age18
		tooLate bool
	}
	carried := make([]*carriedKid, 0, n31)
	for range n31 {
		a := atoi(ageAtMarch.Pick(r))
		dob := g.dobAged(a, synthkit.AddDays(g.cs, -1))
		if !dob.Before(synthkit.AddDays(g.cs, -2)) {
			dob = synthkit.AddDays(g.cs, -2-r.IntN(200))
		}
		uasc := a >= 16 && synthkit.Chance(r, 0.25) || a >= 14 && a < 16 && synthkit.Chance(r, 0.08)
		ck := &carriedKid{k: g.newKid(dob, uasc), fate: "stay"}
		if b := birthday(dob, 18); b.Before(g.ce) {
			ck.fate = "age18"
		}
		carried = append(carried, ck)
	}
	n18 := 0
	var young, others []*carriedKid
	for _, ck := range carried {
		switch {
		case ck.fate == "age18":
			n18++
		case !ck.k.uasc && age(ck.k.dob, g.cs) <= 3:
			young = append(young, ck)
		default:
			others = append(others, ck)
		}
	}
	r.Shuffle(len(young), func(i, j int) { young[i], young[j] = young[j], young[i] })
	nAdopt := min(len(young), int(math.Round(0.09*float64(ceasing))))
	nWait := min(len(young)-nAdopt, int(math.Round(0.035*float64(n31))))
	for i := range nAdopt {
		young[i].fate = "adopt"
	}
	for i := nAdopt; i < nAdopt+nWait; i++ {
		young[i].fate = "wait"
	}
	others = append(others, young[nAdopt+nWait:]...)
	starterCeasing := int(math.Round(0.32 * float64(starting)))
	nOther := ceasing - nAdopt - n18 - starterCeasing
	if nOther < 0 {
		starterCeasing = max(0, starterCeasing+nOther)
		nOther = 0
	}
	r.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
	for i := range min(nOther, len(others)) {
		others[i].fate = "cease"
	}
	for _, ck := range carried {
		k := ck.k
		switch ck.fate {
		case "adopt":
			g.adoptedChild(k)
		case "wait":
			from := synthkit.AddDays(g.cs, -synthkit.Between(r, 150, 700))
			if from.Before(k.dob) {
				from = synthkit.AddDays(k.dob, synthkit.Between(r, 0, 20))
			}
			if !from.Before(g.cs) {
				from = synthkit.AddDays(g.cs, -1)
			}
			g.addPeriod(k, from, true, time.Time{}, "adopt")
		default:
			end := time.Time{}
			switch ck.fate {
			case "age18":
				end = birthday(k.dob, 18)
			case "cease":
				end = synthkit.DateIn(r, g.cs, synthkit.AddDays(g.ce, -1))
			}
			g.longPeriod(k, end)
		}
	}

	// Children starting to be looked after.
	starters := make([]*kid, 0, starting)
	starts := make([]time.Time, 0, starting)
	for range starting {
		start := synthkit.DateIn(r, synthkit.AddDays(g.cs, 1), g.ce)
		a := atoi(ageAtEntry.Pick(r))
		dob := g.dobAged(a, start)
		uasc := a >= 16 && synthkit.Chance(r, 0.4) || a >= 14 && a < 16 && synthkit.Chance(r, 0.2)
		k := g.newKid(dob, uasc)
		k.starter = true
		starters = append(starters, k)
		starts = append(starts, start)
	}
	for i, k := range starters {
		start := starts[i]
		a := age(k.dob, start)
		track := "normal"
		switch {
		case !k.uasc && a >= 11 && synthkit.Chance(r, 0.03) && start.Before(synthkit.AddDays(g.ce, -3)):
			track = "pace"
		case !k.uasc && a >= 12 && synthkit.Chance(r, 0.02):
			track = "remand"
		}
		end := time.Time{}
		switch {
		case track == "pace":
			end = synthkit.AddDays(start, synthkit.Between(r, 1, 2))
		case track == "remand":
			end = synthkit.AddDays(start, synthkit.Between(r, 14, 120))
		case i < starterCeasing:
			d := synthkit.Weighted("short", 35, "medium", 40, "long", 25).Pick(r)
			switch d {
			case "short":
				end = synthkit.AddDays(start, synthkit.Between(r, 2, 30))
			case "medium":
				end = synthkit.AddDays(start, synthkit.Between(r, 31, 180))
			default:
				end = synthkit.AddDays(start, synthkit.Between(r, 181, 360))
			}
		}
		if i < starterCeasing && track == "normal" && !end.Before(g.ce) && synthkit.AddDays(start, 1).Before(synthkit.AddDays(g.ce, -1)) {
			end = synthkit.DateIn(r, synthkit.AddDays(start, 1), synthkit.AddDays(g.ce, -1))
		}
		if b := birthday(k.dob, 18); b.Before(g.ce) && (end.IsZero() || b.Before(end)) {
			end = b
		}
		if !end.IsZero() && !end.Before(g.ce) {
			end = time.Time{}
			if track != "normal" {
				track = "normal"
			}
		}
		g.addPeriod(k, start, true, end, track)
	}

	// Children on short breaks: a few days at a time, a handful of times.
	for range int(math.Round(0.03 * float64(n31))) {
		a := synthkit.Between(r, 5, 16)
		k := g.newKid(g.dobAged(a, g.cs), false)
		k.respite = true
		g.shortBreaks(k)
	}

	// Care leavers: those who left at 18 last year (19 this year), with
	// last year's episodes, and those turning 20 or 21, whose care ended
	// before last year's return (in the earlier years' episodes).
	for range int(math.Round(0.33 * float64(c.CeasingBefore))) {
		b18 := synthkit.DateIn(r, g.ps, synthkit.AddDays(g.pe, -1))
		dob := b18.AddDate(-18, 0, 0)
		if dob.Month() == time.February && dob.Day() == 29 {
			dob = synthkit.AddDays(dob, -1)
			b18 = birthday(dob, 18)
		}
		k := g.newKid(dob, false)
		from := synthkit.AddDays(g.ps, -synthkit.Between(r, 120, 700))
		p := g.buildPeriod(k, from, false, b18, "normal")
		g.finishPeriod(k, p)
		k.oc3 = g.careLeaver(k)
	}
	for _, n := range []int{20, 21} {
		for range int(math.Round(0.33 * float64(ceasing))) {
			b := synthkit.DateIn(r, g.cs, g.ce)
			dob := b.AddDate(-n, 0, 0)
			if dob.Month() == time.February && dob.Day() == 29 {
				dob = synthkit.AddDays(dob, 1)
			}
			k := g.newKid(dob, false)
			// Looked after for a while before their 18th birthday, so
			// they are former relevant children; the episodes appear in
			// the earlier years' tables.
			b18 := birthday(dob, 18)
			p := g.buildPeriod(k, synthkit.AddDays(b18, -synthkit.Between(r, 120, 700)), false, b18, "normal")
			g.finishPeriod(k, p)
			k.oc3 = g.careLeaver(k)
			k.inLastHeader = true
		}
	}
}

// adoptedChild is a young child adopted during the year.
func (g *gen) adoptedChild(k *kid) {
	r := g.r
	adopted := synthkit.DateIn(r, synthkit.AddDays(g.cs, 1), synthkit.AddDays(g.ce, -1))
	from := synthkit.AddDays(adopted, -synthkit.Between(r, 450, 900))
	if from.Before(k.dob) {
		k.dob = g.dobAged(synthkit.Between(r, 0, 2), from)
		g.assignUPN(k)
	}
	if !from.Before(g.cs) {
		from = synthkit.AddDays(g.cs, -synthkit.Between(r, 1, 30))
	}
	g.addPeriod(k, from, true, adopted, "adopt")
}

// longPeriod is a period of care under way on 1 April: generated from its
// start when recent, otherwise from part-way through.
func (g *gen) longPeriod(k *kid, end time.Time) {
	r := g.r
	inCare := synthkit.Weighted("0", 30, "1", 20, "2", 28, "5", 22).Pick(r)
	var days int
	switch inCare {
	case "0":
		days = synthkit.Between(r, 1, 364)
	case "1":
		days = synthkit.Between(r, 365, 729)
	case "2":
		days = synthkit.Between(r, 730, 1824)
	default:
		days = synthkit.Between(r, 1825, 5000)
	}
	if k.uasc {
		days = synthkit.Between(r, 20, 700)
	}
	from := synthkit.AddDays(g.cs, -days)
	if from.Before(k.dob) {
		from = synthkit.DateIn(r, k.dob, synthkit.AddDays(g.cs, -1))
	}
	if a := age(k.dob, from); k.uasc && a < 13 {
		from = synthkit.Later(from, birthday(k.dob, 13))
	}
	if !end.IsZero() && !from.Before(end) {
		from = synthkit.AddDays(end, -1)
	}
	if from.Before(synthkit.AddDays(g.ps, -700)) {
		g.addPeriod(k, synthkit.AddDays(g.ps, -synthkit.Between(r, 120, 700)), false, end, "normal")
		return
	}
	g.addPeriod(k, from, true, end, "normal")
}

// addPeriod builds a period, chooses why it ended, and adds its episodes.
func (g *gen) addPeriod(k *kid, from time.Time, real bool, end time.Time, track string) {
	p := g.buildPeriod(k, from, real, end, track)
	g.finishPeriod(k, p)
}

func (g *gen) finishPeriod(k *kid, p *period) {
	if !p.end.IsZero() {
		p.rec = g.exitReason(k, p)
	}
	k.periods = append(k.periods, p)
	k.eps = append(k.eps, p.episodes(k.home, g.r)...)
}

// exitReason chooses why a period of care ended, from the child's age and
// last placement, as DfE's rules allow.
func (g *gen) exitReason(k *kid, p *period) string {
	r := g.r
	last := p.segs[len(p.segs)-1]
	a := age(k.dob, p.end)
	place := last.pl.place
	switch {
	case p.track == "adopt":
		return synthkit.Weighted("E11", 88, "E12", 12).Pick(r)
	case last.ls == "J1":
		return synthkit.Weighted("E14", 75, "E9", 25).Pick(r)
	case last.ls == "J2":
		return synthkit.Weighted("E13", 80, "E8", 20).Pick(r)
	case a >= 18:
		switch {
		case fosterPlace[place]:
			return synthkit.Weighted("E17", 50, "E8", 25, "E5", 25).Pick(r)
		case place == "K3" || place == "P2":
			return synthkit.Weighted("E5", 50, "E6", 20, "E8", 30).Pick(r)
		case place == "K2" || place == "R1" || place == "R2":
			return synthkit.Weighted("E7", 15, "E5", 35, "E8", 50).Pick(r)
		}
		return "E8"
	case synthkit.Chance(r, 0.003):
		return "E2"
	case k.uasc:
		if a >= 16 {
			return synthkit.Weighted("E8", 35, "E15", 15, "E3", 10, "E13", 10, "E16", 5, "E5", 25).Pick(r)
		}
		return synthkit.Weighted("E8", 50, "E15", 20, "E3", 15, "E13", 10, "E16", 5).Pick(r)
	}
	var c synthkit.Choice
	switch {
	case place == "U1" || place == "U2" || place == "U3":
		c = synthkit.Weighted("E45", 35, "E41", 15, "E13", 30, "E4A", 10, "E8", 10)
	case fosterPlace[place]:
		c = synthkit.Weighted("E46", 15, "E13", 35, "E4A", 20, "E4B", 5, "E8", 15, "E3", 5, "E47", 5)
	case place == "P1":
		c = synthkit.Weighted("E13", 40, "E4A", 35, "E41", 15, "E8", 10)
	case a >= 16:
		c = synthkit.Weighted("E5", 25, "E6", 10, "E13", 30, "E4A", 15, "E8", 17, "E7", 3)
	case a >= 14:
		c = synthkit.Weighted("E5", 10, "E13", 45, "E4A", 25, "E8", 15, "E3", 5)
	default:
		c = synthkit.Weighted("E13", 45, "E4A", 25, "E8", 25, "E3", 5)
	}
	return c.Pick(r)
}

// shortBreaks gives a disabled child a series of short breaks in the
// year, each its own episode (legal status V3, or V4 for a planned series).
func (g *gen) shortBreaks(k *kid) {
	r := g.r
	ls := "V3"
	if synthkit.Chance(r, 0.3) {
		ls = "V4"
	}
	place := synthkit.Weighted("K2", 60, "U6", 40).Pick(r)
	prov := "PR1"
	if place == "K2" && synthkit.Chance(r, 0.4) {
		prov = "PR4"
	}
	n := synthkit.Between(r, 3, 12)
	t := synthkit.AddDays(g.cs, synthkit.Between(r, 1, 30))
	for range n {
		d := synthkit.Between(r, 1, 4)
		end := synthkit.AddDays(t, d)
		if !end.Before(g.ce) {
			break
		}
		k.eps = append(k.eps, ep{decom: t, dec: end, rne: "S", ls: ls, cin: "N2", place: place, prov: prov, rec: "E13"})
		t = synthkit.AddDays(end, synthkit.Between(r, 7, 40))
	}
}

// careLeaver is a care leaver's OC3 information.
func (g *gen) careLeaver(k *kid) []string {
	r := g.r
	touch := synthkit.Weighted("YES", 86, "NO", 4, "REFU", 3, "NREQ", 3, "RHOM", 3.7, "DIED", 0.3).Pick(r)
	if touch != "YES" {
		return []string{touch, "0", "0"}
	}
	activ := synthkit.Weighted("F1", 8, "P1", 1, "F2", 25, "P2", 5, "F4", 8, "P4", 3, "F5", 12, "P5", 5, "G4", 6, "G5", 22, "G6", 5).Pick(r)
	accom := synthkit.Weighted("B", 10, "C", 2, "D", 15, "E", 8, "G", 1, "K", 5, "R", 2, "S", 1, "T", 3, "U", 35, "V", 1, "W", 1,
		"X", 2, "Y", 5, "Z", 8).Pick(r)
	// No fixed abode (S) and custody (X) are never suitable.
	if synthkit.Chance(r, 0.88) && accom != "S" && accom != "X" {
		accom += "1"
	} else {
		accom += "2"
	}
	return []string{touch, activ, accom}
}
