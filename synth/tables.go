package synth

import (
	"slices"
	"strings"
	"time"

	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/synth/synthkit"
)

// Files are the CSV file names the generator gives each table, as
// councils' systems commonly name them.
var Files = map[string]string{
	ssda903.Header: "header.csv", ssda903.Episodes: "episodes.csv", ssda903.Reviews: "reviews.csv",
	ssda903.UASC: "uasc.csv", ssda903.OC2: "oc2.csv", ssda903.OC3: "oc3.csv", ssda903.AD1: "ad1.csv",
	ssda903.PlacedAdoption: "placed_for_adoption.csv", ssda903.PrevPerm: "previous_permanence.csv",
	ssda903.Missing: "missing.csv", ssda903.SWEpisodes: "sw_episodes.csv",
}

// GeneratedTables are the current-year tables every generated return has.
var GeneratedTables = []string{ssda903.Header, ssda903.Episodes, ssda903.Reviews, ssda903.UASC, ssda903.OC2,
	ssda903.OC3, ssda903.AD1, ssda903.PlacedAdoption, ssda903.PrevPerm, ssda903.Missing, ssda903.SWEpisodes}

// window is the episodes a year's return holds: those open at some time in
// [from, to], with an end after to not yet known.
func window(eps []ep, from, to time.Time) []ep {
	var out []ep
	for _, e := range eps {
		if e.decom.After(to) || !e.dec.IsZero() && e.dec.Before(from) {
			continue
		}
		if !e.dec.IsZero() && e.dec.After(to) {
			e.dec, e.rec, e.reason = time.Time{}, "", ""
		}
		out = append(out, e)
	}
	return out
}

func newTable(name string, last bool) *ssda903.Table {
	t := &ssda903.Table{Name: name, File: Files[name], Columns: ssda903.Columns[name]}
	if last {
		t.Name = name + "_last"
	}
	return t
}

func add(t *ssda903.Table, row ...string) {
	t.Rows = append(t.Rows, row)
	t.Lines = append(t.Lines, len(t.Rows)+1)
}

func (g *gen) tables() (*ssda903.Return, Stats) {
	r := g.r
	slices.SortFunc(g.kids, func(a, b *kid) int { return strings.Compare(a.id, b.id) })
	cur := map[string]*ssda903.Table{}
	for _, name := range GeneratedTables {
		cur[name] = newTable(name, false)
	}
	last := map[string]*ssda903.Table{ssda903.Header: newTable(ssda903.Header, true), ssda903.Episodes: newTable(ssda903.Episodes, true)}
	earlier := newTable(ssda903.Episodes, false)
	earlier.Name, earlier.File = ssda903.Episodes+"_earlier", "earlier/episodes.csv"
	var st Stats
	for _, k := range g.kids {
		k.cur = window(k.eps, g.cs, g.ce)
		k.last = window(k.eps, g.ps, g.pe)
		if len(k.last) > 0 {
			k.inLastHeader = true
		}
		if len(k.cur) == 0 && k.oc3 == nil {
			continue
		}
		dob := formatDate(k.dob)
		nonRespite := !k.respite && len(k.cur) > 0
		g.motherhood(k)

		// Header, this year and last.
		add(cur[ssda903.Header], k.id, k.sex, dob, k.ethnic, k.upn, k.mother, formatDate(k.mcdobNow()))
		if k.inLastHeader {
			mc := time.Time{}
			if k.motherLast == "1" {
				mc = k.mcdob
			}
			add(last[ssda903.Header], k.id, k.sex, dob, k.ethnic, k.upn, k.motherLast, formatDate(mc))
		}
		for _, e := range k.cur {
			add(cur[ssda903.Episodes], k.id, formatDate(e.decom), e.rne, e.ls, e.cin, e.place, e.prov, formatDate(e.dec),
				e.rec, e.reason, e.home, e.post, e.urn)
		}
		for _, e := range k.last {
			add(last[ssda903.Episodes], k.id, formatDate(e.decom), e.rne, e.ls, e.cin, e.place, e.prov, formatDate(e.dec),
				e.rec, e.reason, e.home, e.post, e.urn)
		}
		for _, e := range window(k.eps, time.Time{}, g.ps.AddDate(0, 0, -1)) {
			add(earlier, k.id, formatDate(e.decom), e.rne, e.ls, e.cin, e.place, e.prov, formatDate(e.dec),
				e.rec, e.reason, e.home, e.post, e.urn)
		}
		if len(k.cur) > 0 {
			st.Children++
			st.Episodes += len(k.cur)
			if k.cur[len(k.cur)-1].dec.IsZero() && nonRespite {
				st.LookedAfterAtEnd++
			}
			if k.cur[len(k.cur)-1].rec != "" && k.cur[len(k.cur)-1].rec != "X1" && nonRespite {
				st.Ceasing++
			}
		}
		if k.oc3 != nil {
			add(cur[ssda903.OC3], k.id, dob, k.oc3[0], k.oc3[1], k.oc3[2])
			st.CareLeavers++
		}
		if len(k.cur) == 0 {
			continue
		}
		started := false
		for _, e := range k.cur {
			if e.rne == "S" && !e.decom.Before(g.cs) {
				started = true
			}
		}
		if started && nonRespite {
			st.Starting++
		}
		if started {
			add(cur[ssda903.PrevPerm], g.prevPerm(k)...)
		}
		if k.uasc {
			add(cur[ssda903.UASC], k.id, k.sex, dob, formatDate(birthday(k.dob, 18)))
		}
		if k.respite {
			continue
		}
		for _, rv := range g.reviews(k) {
			code := "PN0"
			if age(k.dob, rv) >= 4 {
				code = synthkit.Weighted("PN1", 45, "PN2", 8, "PN3", 10, "PN4", 12, "PN5", 10, "PN6", 8, "PN7", 7).Pick(r)
			}
			add(cur[ssda903.Reviews], k.id, dob, formatDate(rv), code)
		}
		if g.continuous(k) {
			add(cur[ssda903.OC2], g.oc2(k)...)
		}
		g.adoptionRows(k, cur[ssda903.AD1], cur[ssda903.PlacedAdoption])
		for _, m := range g.missing(k) {
			add(cur[ssda903.Missing], k.id, dob, m.kind, formatDate(m.start), formatDate(m.end))
		}
		for _, s := range g.socialWorkers(k) {
			add(cur[ssda903.SWEpisodes], k.id, dob, s.id, formatDate(s.start), formatDate(s.end), s.reason)
		}
	}
	return &ssda903.Return{Year: g.year, LA: g.c.LA, Tables: cur, Last: last, Earlier: earlier}, st
}

// motherhood sets whether a girl looked after this year is a mother, and
// what last year's return said. Care leavers with no episodes this year
// have no motherhood details.
func (g *gen) motherhood(k *kid) {
	k.mother, k.motherLast = "", ""
	if k.sex != "F" || k.respite {
		return
	}
	if len(k.last) > 0 {
		k.motherLast = "0"
	}
	if len(k.cur) == 0 {
		return
	}
	k.mother = "0"
	lastEp := k.cur[len(k.cur)-1]
	hi := synthkit.AddDays(g.ce, -1)
	if !lastEp.dec.IsZero() {
		hi = synthkit.Earlier(hi, lastEp.dec)
	}
	lo := synthkit.Later(birthday(k.dob, 14), synthkit.AddDays(g.cs, -700))
	if age(k.dob, g.ce) >= 15 && lo.Before(hi) && synthkit.Chance(g.r, 0.03) {
		k.mother = "1"
		k.mcdob = synthkit.DateIn(g.r, lo, hi)
		if k.mcdob.Before(g.cs) && len(k.last) > 0 {
			k.motherLast = "1"
		}
	}
}

func (k *kid) mcdobNow() time.Time {
	if k.mother == "1" {
		return k.mcdob
	}
	return time.Time{}
}

// continuous reports whether the child was looked after throughout the
// year (OC2's cohort): in care on 1 April and still in care on 31 March,
// with no short breaks.
func (g *gen) continuous(k *kid) bool {
	if len(k.cur) == 0 || k.respite {
		return false
	}
	for _, e := range k.cur {
		if e.rne == "S" && e.decom.After(g.cs) {
			return false
		}
		if e.rec != "" && e.rec != "X1" && !e.dec.Before(g.cs) && e.dec.Before(g.ce) {
			return false
		}
	}
	return true
}

// oc2 is the outcomes row of a child looked after for 12 months.
func (g *gen) oc2(k *kid) []string {
	r := g.r
	four, sixteen, seventeen := birthday(k.dob, 4), birthday(k.dob, 16), birthday(k.dob, 17)
	sdqScore, sdqReason := "", ""
	if !four.After(g.ce) && seventeen.After(g.cs) {
		sdq1 := four.After(g.cs) || sixteen.Before(g.ce)
		switch {
		case sdq1 && synthkit.Chance(r, 0.3):
			sdqReason = "SDQ1"
		case synthkit.Chance(r, 0.2):
			sdqReason = synthkit.Weighted("SDQ2", 20, "SDQ3", 25, "SDQ4", 35, "SDQ5", 20).Pick(r)
		default:
			sdqScore = itoa(synthkit.Between(r, 0, 25) + synthkit.Between(r, 0, 15))
		}
	}
	bit := func(p float64) string {
		if synthkit.Chance(r, p) {
			return "1"
		}
		return "0"
	}
	a := age(k.dob, g.ce)
	convicted, healthCheck := "", ""
	if a >= 10 {
		convicted = bit(0.03)
	}
	if a < 5 {
		healthCheck = bit(0.88)
	}
	sm := bit(0.005)
	if a >= 12 {
		sm = bit(0.08)
	}
	received, offered := "", ""
	if sm == "1" {
		received = bit(0.55)
		if received == "0" {
			offered = bit(0.6)
		}
	}
	return []string{k.id, formatDate(k.dob), sdqScore, sdqReason, convicted, healthCheck, bit(0.85), bit(0.78),
		bit(0.9), sm, received, offered}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// reviews are the child's looked-after reviews in the year: the first
// within 20 working days of care starting, the second three months later,
// then every six months.
func (g *gen) reviews(k *kid) []time.Time {
	r := g.r
	var out []time.Time
	for _, p := range k.periods {
		start := p.segs[0].from
		end := g.ce
		if !p.end.IsZero() {
			end = synthkit.AddDays(p.end, -1)
		}
		if end.Before(g.cs) || start.After(g.ce) {
			continue
		}
		var t time.Time
		if p.real {
			t = synthkit.AddDays(start, synthkit.Between(r, 14, 28))
			if t.After(end) {
				continue
			}
			if !t.Before(g.cs) {
				out = append(out, t)
			}
			t = synthkit.AddDays(t, synthkit.Between(r, 75, 92))
		} else {
			t = synthkit.AddDays(start, synthkit.Between(r, 10, 180))
		}
		for ; !t.After(end); t = synthkit.AddDays(t, synthkit.Between(r, 150, 183)) {
			if !t.Before(g.cs) {
				out = append(out, t)
			}
		}
	}
	return out
}

type missingSpell struct {
	kind       string
	start, end time.Time
}

// missing are the times a child went missing (M) or was away from
// placement without authorisation (A), mostly teenagers.
func (g *gen) missing(k *kid) []missingSpell {
	r := g.r
	a := age(k.dob, g.ce)
	if a < 11 || !synthkit.Chance(r, 0.13) {
		return nil
	}
	n := 1 + int(r.ExpFloat64()*3)
	var out []missingSpell
	var after time.Time // spells follow each other
	for range n {
		e := k.cur[r.IntN(len(k.cur))]
		from := synthkit.Later(e.decom, g.cs)
		to := g.ce
		if !e.dec.IsZero() {
			to = synthkit.AddDays(e.dec, -1)
		}
		if !after.IsZero() && !from.After(after) {
			from = synthkit.AddDays(after, 1)
		}
		if !from.Before(to) {
			continue
		}
		s := synthkit.DateIn(r, from, to)
		end := synthkit.Earlier(synthkit.AddDays(s, int(r.ExpFloat64()*2)), to)
		if end.Equal(birthday(k.dob, 18)) {
			continue
		}
		kind := "M"
		if synthkit.Chance(r, 0.2) {
			kind = "A"
		}
		out = append(out, missingSpell{kind, s, end})
		after = end
	}
	slices.SortFunc(out, func(a, b missingSpell) int { return a.start.Compare(b.start) })
	// Drop overlaps (a spell chosen in an earlier episode after a later one).
	keep := out[:0]
	for _, m := range out {
		if len(keep) > 0 && !m.start.After(keep[len(keep)-1].end) {
			continue
		}
		keep = append(keep, m)
	}
	return keep
}

type swEpisode struct {
	id, reason string
	start, end time.Time
}

var swReasonMix = synthkit.Weighted("MANAGE", 10, "FCONTA", 2, "LEFTRL", 25, "ORGRST", 15, "TSPROC", 20, "ABSENC", 5,
	"CHCHAN", 5, "PCCHAN", 10, "OTHERS", 8)

// socialWorkers are the social worker episodes of a child looked after on
// 31 March, from the start of the year (or before their care began) on.
func (g *gen) socialWorkers(k *kid) []swEpisode {
	r := g.r
	lastEp := k.cur[len(k.cur)-1]
	if !lastEp.dec.IsZero() {
		return nil
	}
	first := k.cur[0].decom
	var t time.Time
	if first.After(g.cs) {
		t = synthkit.AddDays(first, -synthkit.Between(r, 0, 60))
	} else {
		t = synthkit.AddDays(g.cs, -synthkit.Between(r, 1, 300))
	}
	var out []swEpisode
	for {
		s := swEpisode{id: g.p.socialWorks[r.IntN(len(g.p.socialWorks))], reason: swReasonMix.Pick(r), start: t}
		next := synthkit.AddDays(t, synthkit.Between(r, 90, 600))
		if !next.Before(g.ce) {
			out = append(out, s)
			return out
		}
		s.end = next
		out = append(out, s)
		t = next
	}
}

// prevPerm is the previous permanence row of a child starting care.
func (g *gen) prevPerm(k *kid) []string {
	r := g.r
	first := k.cur[0].decom
	code := synthkit.Weighted("Z1", 85, "P1", 3, "P2", 6, "P3", 4, "P4", 2).Pick(r)
	lo, hi := synthkit.AddDays(k.dob, 60), synthkit.AddDays(first, -60)
	if code == "Z1" || !lo.Before(hi) {
		return []string{k.id, formatDate(k.dob), "Z1", "", ""}
	}
	la := g.c.LA
	if synthkit.Chance(r, 0.3) {
		la = "999"
	}
	d := formatDate(synthkit.DateIn(r, lo, hi))
	if synthkit.Chance(r, 0.1) {
		d = "ZZ" + d[2:]
	}
	return []string{k.id, formatDate(k.dob), code, la, d}
}

// adoptionRows adds the decision to place for adoption and, for children
// adopted in the year, the adoption details.
func (g *gen) adoptionRows(k *kid, ad1, pa *ssda903.Table) {
	r := g.r
	if k.decision.IsZero() && len(k.cur) > 0 && age(k.dob, g.cs) <= 6 && !k.uasc && synthkit.Chance(r, 0.03) {
		// A decision made and reversed during the year.
		lastEp := k.cur[len(k.cur)-1]
		if lastEp.dec.IsZero() && lastEp.ls != "E1" && k.cur[0].decom.Before(g.cs) {
			k.decision = synthkit.DateIn(r, synthkit.AddDays(g.cs, 10), synthkit.AddDays(g.ce, -70))
			k.decisionCeased = synthkit.AddDays(k.decision, synthkit.Between(r, 20, 60))
			k.decisionReason = synthkit.Weighted("RD1", 40, "RD2", 20, "RD3", 20, "RD4", 20).Pick(r)
		}
	}
	if k.decision.IsZero() || k.decision.After(g.ce) {
		return
	}
	add(pa, k.id, formatDate(k.dob), formatDate(k.decision), formatDate(k.decisionCeased), k.decisionReason)
	lastEp := k.cur[len(k.cur)-1]
	if lastEp.rec != "E11" && lastEp.rec != "E12" {
		return
	}
	ls := synthkit.Weighted("L0", 20, "L11", 50, "L12", 8, "L2", 7, "L3", 10, "L4", 5).Pick(r)
	nb, sex := "2", ""
	switch ls {
	case "L0":
		nb, sex = "1", synthkit.Weighted("F1", 80, "M1", 20).Pick(r)
	case "L11", "L3":
		sex = "MF"
	case "L12", "L4":
		sex = synthkit.Weighted("MM", 45, "FF", 55).Pick(r)
	case "L2":
		sex = synthkit.Weighted("MM", 40, "FF", 45, "MF", 15).Pick(r)
	}
	add(ad1, k.id, formatDate(k.dob), formatDate(k.decision), formatDate(k.match), k.fosterCare, nb, sex, ls)
}
