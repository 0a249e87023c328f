package cinsynth

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/sightline-uk/sightline/synth/synthkit"
)

// gen is one council's generator. It builds the census in four passes:
// child protection plans first (each anchored on its conference, with the
// enquiry and referral behind it), then the year's other referrals, then
// the cases carried in from earlier years (as many left open as make the
// published number in need on 31 March), then each child's identifiers.
type gen struct {
	r            *rand.Rand
	v            Volumes
	year         int
	cs, ce       time.Time
	lim44, lim14 time.Time
	kids         []*child
	// pool holds children whose episodes have all closed, who may be
	// referred again.
	pool        []*child
	carriedUsed int
	refsUsed    int
	// s47Left and icpcLeft are the section 47 enquiries still to place
	// that end without a conference, or with one but no plan.
	s47Left, icpcLeft int
	sexUnknown        bool
	upnSerial         int
	upnOffset         int
	header            map[string]string
	planted           []plantRec
}

func newGen(v Volumes, year int, r *rand.Rand) *gen {
	g := &gen{r: r, v: v, year: year, cs: day(year-1, time.April, 1), ce: day(year, time.March, 31)}
	g.lim44, g.lim14 = limitWD(g.ce, 44), limitWD(g.ce, 14)
	// Nationally about 3.2 section 47 enquiries and 1.27 initial conferences
	// for each plan started.
	g.s47Left = int(math.Round(1.95 * float64(v.CPPStarts)))
	g.icpcLeft = int(math.Round(0.27 * float64(v.CPPStarts)))
	// A council with few children records no unknown sex: one such child
	// would be over DfE's 2% threshold.
	g.sexUnknown = v.Referrals+v.CarriedIn > 2000
	g.upnOffset = r.IntN(1_000_000_000)
	g.header = map[string]string{
		"Collection": "CIN", "Year": strconv.Itoa(year), "ReferenceDate": iso(g.ce), "SourceLevel": "L", "LEA": v.LA,
		"SoftwareCode": "Sightline synthetic census", "Release": "1.0", "SerialNo": "001",
		"DateTime": iso(g.ce.AddDate(0, 0, 36)) + "T09:30:00",
	}
	return g
}

func iso(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func (g *gen) run() {
	g.plans()
	g.referrals()
	g.carried()
	g.trim()
	g.finish()
}

// wdIn is a working day in [lo, hi] (hi itself when none is).
func (g *gen) wdIn(lo, hi time.Time) time.Time {
	d := nextWD(synthkit.DateIn(g.r, lo, hi))
	if d.After(hi) {
		d = prevWD(hi)
	}
	return d
}

// newChild makes a child first referred on first, with a birth date that
// fits: at most 17 on the reference date, and born no more than 40 weeks
// after the referral (an unborn child's expected birth date likewise).
func (g *gen) newChild(first time.Time, unbornOK bool) *child {
	c := &child{ethnicity: ethnicities.Pick(g.r)}
	g.kids = append(g.kids, c)
	if unbornOK && first.After(synthkit.AddDays(g.ce, -250)) && synthkit.Chance(g.r, 0.05) {
		lo, hi := synthkit.AddDays(g.ce, 1), synthkit.Earlier(synthkit.AddDays(first, 270), g.ce.AddDate(0, 8, 0))
		if !hi.Before(lo) {
			c.unborn, c.edb, c.sex = true, synthkit.DateIn(g.r, lo, hi), "U"
			return c
		}
	}
	oldest := synthkit.AddDays(g.ce.AddDate(-18, 0, 0), 1)
	latest := synthkit.AddDays(first, 270)
	for try := 0; try < 8; try++ {
		age, _ := strconv.Atoi(ages.Pick(g.r))
		dob := synthkit.AddDays(g.ce.AddDate(-age, 0, 0), -synthkit.Between(g.r, 0, 364))
		if !dob.After(latest) && !dob.Before(oldest) {
			c.dob = dob
			break
		}
	}
	if c.dob.IsZero() {
		c.dob = synthkit.Later(synthkit.AddDays(first, -synthkit.Between(g.r, 0, 365)), synthkit.AddDays(oldest, synthkit.Between(g.r, 0, 60)))
	}
	if c.dob.Month() == time.February && c.dob.Day() == 29 {
		c.dob = synthkit.AddDays(c.dob, 1)
	}
	switch x := g.r.Float64(); {
	case g.sexUnknown && x < 0.003:
		c.sex = "U"
	case x < 0.52:
		c.sex = "M"
	default:
		c.sex = "F"
	}
	return c
}

func (g *gen) addEpisode(c *child, e *episode) *episode {
	e.child = c
	c.episodes = append(c.episodes, e)
	if e.source == "" {
		e.source = referralSources.Pick(g.r)
	}
	if e.nfa == "" {
		e.nfa = "0"
	}
	if e.referral.Before(g.cs) {
		g.carriedUsed++
	} else {
		g.refsUsed++
	}
	return e
}

// age is the child's age in whole years on d (0 when unborn).
func (c *child) age(d time.Time) int {
	if c.unborn || c.dob.After(d) {
		return 0
	}
	a := d.Year() - c.dob.Year()
	if d.Month() < c.dob.Month() || d.Month() == c.dob.Month() && d.Day() < c.dob.Day() {
		a--
	}
	return a
}

// close closes an episode on d with a reason fitting the child: RC6
// (adult services) only at 17, RC1 (adopted) only for young children, RC2
// (died) with the date of death.
func (g *gen) close(e *episode, d time.Time) {
	e.closure = d
	c := e.child
	reason := closures.Pick(g.r)
	switch reason {
	case "RC6":
		if c.age(d) < 17 {
			reason = "RC7"
		}
	case "RC1":
		if c.unborn || c.age(d) > 9 {
			reason = "RC7"
		}
	case "RC2":
		if c.unborn || !c.dod.IsZero() || !c.dob.Before(d) {
			reason = "RC7"
		}
	}
	e.reason = reason
	if reason == "RC2" {
		c.dod = d
		return
	}
	if d.Before(synthkit.AddDays(g.ce, -1)) {
		g.pool = append(g.pool, c)
	}
}

// lastActivity is the latest date recorded in an episode, or false when
// something in it is still open that a closed episode may not have (an
// assessment not yet authorised, an enquiry awaiting its conference).
func (e *episode) lastActivity() (time.Time, bool) {
	last := e.referral
	for _, a := range e.assessments {
		if a.auth.IsZero() {
			return last, false
		}
		last = synthkit.Later(last, a.auth)
	}
	for _, s := range e.s47s {
		if s.icpc.IsZero() && s.notRequired != "1" {
			return last, false
		}
		last = synthkit.Later(synthkit.Later(last, s.start), s.icpc)
	}
	for _, p := range e.plans {
		last = synthkit.Later(synthkit.Later(last, p.start), p.end)
	}
	for _, p := range e.cpps {
		if p.end.IsZero() {
			return last, false
		}
		last = synthkit.Later(last, p.end)
		for _, r := range p.reviews {
			last = synthkit.Later(last, r)
		}
	}
	return last, true
}

// closeAt closes an episode on d, or later if something in it happened
// later; an episode that cannot close by the reference date stays open.
func (g *gen) closeAt(e *episode, d time.Time) {
	last, ok := e.lastActivity()
	if !ok {
		return
	}
	d = synthkit.Later(d, last)
	if d.After(g.ce) {
		return
	}
	g.close(e, d)
}

// startDelay is the working days from referral to assessment.
func (g *gen) startDelay() int {
	return int(weightedInt(g.r, []float64{50, 25, 15, 10}))
}

func weightedInt(r *rand.Rand, w []float64) int {
	t := 0.0
	for _, x := range w {
		t += x
	}
	x := r.Float64() * t
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

// assess adds an assessment starting on a: most are authorised within 45
// working days, some take longer; one not authorised by the reference date
// stays open, but only if it started within the last 45 working days (an
// older one would have been finished). Factors come from fs.
func (g *gen) assess(e *episode, a time.Time, fs func() []string) *assessment {
	dur := synthkit.Between(g.r, 8, 45)
	if synthkit.Chance(g.r, 0.15) {
		dur = synthkit.Between(g.r, 46, 70)
	}
	auth := addWD(a, dur)
	if auth.After(g.ce) && a.Before(g.lim44) {
		auth = addWD(a, synthkit.Between(g.r, 5, 44))
		if auth.After(g.ce) {
			auth = prevWD(g.ce)
		}
	}
	as := &assessment{start: a}
	if !auth.After(g.ce) {
		as.auth = auth
		as.factors = fs()
	}
	e.assessments = append(e.assessments, as)
	return as
}

// inNeedFactors are one to six factors, never 21.
func (g *gen) inNeedFactors() []string {
	n, _ := strconv.Atoi(factorCounts.Pick(g.r))
	return factors.Distinct(g.r, n)
}

// notInNeedFactors are 21 (no factors) for about a third, else one or two.
func (g *gen) notInNeedFactors() []string {
	if synthkit.Chance(g.r, 0.35) {
		return []string{"21"}
	}
	return factors.Distinct(g.r, synthkit.Between(g.r, 1, 2))
}

func (g *gen) previousPlans() string {
	if !synthkit.Chance(g.r, g.v.CPPSubsequentPercent/100) {
		return "0"
	}
	return strconv.Itoa(1 + weightedInt(g.r, []float64{70, 20, 7, 3}))
}

// reviewDates are a plan's review conferences from its start to until:
// the first within three months, then every six months, on working days.
func (g *gen) reviewDates(start, until time.Time) []time.Time {
	var out []time.Time
	d := prevWD(synthkit.AddDays(start.AddDate(0, 3, 0), -synthkit.Between(g.r, 0, 12)))
	for !d.After(until) {
		if d.After(start) {
			out = append(out, d)
		}
		d = prevWD(synthkit.AddDays(d.AddDate(0, 6, 0), -synthkit.Between(g.r, 0, 12)))
	}
	return out
}

// plans places the year's child protection plans: those open on 31 March
// by how long they had lasted (d5), the rest of the year's starts (d3)
// ending within it, and the plans inherited from last year.
func (g *gen) plans() {
	v := g.v
	b := v.CPPByDuration
	longOpen := b[3] + b[4]
	inYearOpen := b[0] + b[1] + b[2]
	starts := max(v.CPPStarts, inYearOpen)
	ended := starts - inYearOpen
	carriedEnded := max(v.CPPAt31Before-longOpen, 0)
	ce, cs := g.ce, g.cs
	windows := [][2]time.Time{
		{synthkit.AddDays(ce.AddDate(0, -3, 0), 1), ce},
		{synthkit.AddDays(ce.AddDate(0, -6, 0), 1), ce.AddDate(0, -3, 0)},
		{cs, ce.AddDate(0, -6, 0)},
		{synthkit.AddDays(ce.AddDate(-2, 0, 0), 1), synthkit.AddDays(cs, -1)},
		{ce.AddDate(-3, 0, 0), ce.AddDate(-2, 0, 0)},
	}
	for i, n := range b {
		for range n {
			d := g.wdIn(windows[i][0], windows[i][1])
			if i < 3 {
				g.planEpisode(d, true)
			} else {
				g.carriedPlan(d, true)
			}
		}
	}
	for range ended {
		g.planEpisode(g.wdIn(cs, synthkit.AddDays(ce, -30)), false)
	}
	for range carriedEnded {
		g.carriedPlan(g.wdIn(synthkit.AddDays(cs.AddDate(0, -15, 0), 0), synthkit.AddDays(cs, -1)), false)
	}
}

func (g *gen) category() (string, string) {
	initial := categories.Pick(g.r)
	latest := initial
	if synthkit.Chance(g.r, 0.08) {
		latest = categories.Pick(g.r)
	}
	return initial, latest
}

// planEpisode builds the episode behind a plan starting on d, the day of
// its initial conference: the section 47 enquiry up to 15 working days
// before (a few take longer), the referral a few days before that — or,
// for some, months before, a case already open that escalated — and the
// assessments.
func (g *gen) planEpisode(d time.Time, open bool) {
	k := synthkit.Between(g.r, 3, 15)
	if synthkit.Chance(g.r, 0.2) {
		k = synthkit.Between(g.r, 16, 30)
	}
	s := subWD(d, k)
	escalate := synthkit.Chance(g.r, 0.22)
	var r time.Time
	if escalate {
		r = synthkit.AddDays(s, -synthkit.Between(g.r, 25, 420))
	} else {
		r = subWD(s, weightedInt(g.r, []float64{45, 25, 15, 10, 5}))
	}
	need := "N1"
	if synthkit.Chance(g.r, 0.12) {
		need = primaryNeeds.Pick(g.r)
	}
	c := g.newChild(r, true)
	e := g.addEpisode(c, &episode{referral: r, need: need, kind: kindCPP})
	p := &cpp{start: d, previous: g.previousPlans(), escalated: escalate}
	p.initial, p.latest = g.category()
	if escalate {
		a0 := addWD(r, g.startDelay())
		auth0 := synthkit.Earlier(addWD(a0, synthkit.Between(g.r, 10, 40)), subWD(s, 1))
		if !auth0.Before(g.cs) {
			as := &assessment{start: a0, auth: auth0, factors: g.inNeedFactors()}
			e.assessments = append(e.assessments, as)
			p.assessmentBefore = as
		}
		if synthkit.Chance(g.r, 0.6) {
			ps := nextWD(synthkit.AddDays(auth0, synthkit.Between(g.r, 0, 10)))
			if ps.Before(d) {
				p.before = &cinPlan{start: ps, end: d}
				e.plans = append(e.plans, p.before)
			}
		}
		if as := g.assess(e, s, g.inNeedFactors); !as.auth.IsZero() && as.auth.Before(g.cs) {
			as.auth = g.wdIn(g.cs, synthkit.AddDays(g.cs, 20))
		}
	} else {
		a := synthkit.Earlier(addWD(r, g.startDelay()), s)
		as := g.assess(e, a, g.inNeedFactors)
		if !as.auth.IsZero() && as.auth.Before(g.cs) {
			// The enquiry's assessment is in this census: it finished after 1 April.
			as.auth = g.wdIn(g.cs, synthkit.AddDays(g.cs, 20))
		}
	}
	e.s47s = append(e.s47s, &s47{start: s, target: addWD(s, 15), icpc: d, notRequired: "0"})
	e.cpps = append(e.cpps, p)
	if open {
		p.reviews = g.reviewDates(d, g.ce)
		return
	}
	g.endPlan(e, p, g.reviewDates(d, synthkit.AddDays(g.ce, -1)))
}

// endPlan ends a plan within the year: mostly at a review conference,
// sometimes between reviews (the child became looked after, or moved), then
// steps the case down to a CIN plan, closes it, or leaves it open.
func (g *gen) endPlan(e *episode, p *cpp, reviews []time.Time) {
	var inYear []time.Time
	for _, r := range reviews {
		if !r.Before(g.cs) {
			inYear = append(inYear, r)
		}
	}
	if len(inYear) > 0 && synthkit.Chance(g.r, 0.8) {
		i := min(weightedInt(g.r, []float64{40, 35, 20, 5}), len(inYear)-1)
		p.end = inYear[i]
		p.reviews = inYear[:i+1]
	} else {
		lo := synthkit.Later(synthkit.AddDays(p.start, 14), g.cs)
		p.end = g.wdIn(lo, synthkit.AddDays(g.ce, -1))
		if !p.end.After(p.start) {
			p.end = addWD(p.start, 5)
		}
		for _, r := range inYear {
			if r.Before(p.end) {
				p.reviews = append(p.reviews, r)
			}
		}
	}
	switch x := g.r.Float64(); {
	case x < 0.55:
		sd := &cinPlan{start: p.end}
		if end := synthkit.AddDays(p.end, synthkit.Between(g.r, 60, 270)); !end.After(g.ce) {
			sd.end = end
		}
		p.stepDown = sd
		e.plans = append(e.plans, sd)
		if !sd.end.IsZero() && synthkit.Chance(g.r, 0.85) {
			g.closeAt(e, synthkit.AddDays(sd.end, synthkit.Between(g.r, 0, 10)))
		}
	case x < 0.8:
		g.closeAt(e, synthkit.AddDays(p.end, synthkit.Between(g.r, 0, 14)))
	case x < 0.88:
		g.closeAt(e, synthkit.DateIn(g.r, synthkit.AddDays(p.end, 20), synthkit.AddDays(g.ce, 60)))
	}
}

// carriedPlan builds a case open on 1 April on a plan that began on d,
// before the year: its enquiry, conference and assessment were last
// year's and are not in this census; its reviews in the year are.
func (g *gen) carriedPlan(d time.Time, open bool) {
	s := subWD(d, synthkit.Between(g.r, 3, 15))
	r := subWD(s, weightedInt(g.r, []float64{45, 25, 15, 10, 5}))
	if synthkit.Chance(g.r, 0.22) {
		r = synthkit.AddDays(s, -synthkit.Between(g.r, 25, 600))
	}
	need := "N1"
	if synthkit.Chance(g.r, 0.12) {
		need = primaryNeeds.Pick(g.r)
	}
	c := g.newChild(r, false)
	e := g.addEpisode(c, &episode{referral: r, need: need, kind: kindCarriedCPP})
	p := &cpp{start: d, previous: g.previousPlans()}
	p.initial, p.latest = g.category()
	e.cpps = append(e.cpps, p)
	if open {
		for _, rv := range g.reviewDates(d, g.ce) {
			if !rv.Before(g.cs) {
				p.reviews = append(p.reviews, rv)
			}
		}
		return
	}
	g.endPlan(e, p, g.reviewDates(d, synthkit.AddDays(g.ce, -1)))
}

// fromPool takes a child whose cases have all closed, for a re-referral,
// and the date of the new referral: within a year of the last closure.
func (g *gen) fromPool() (*child, time.Time, bool) {
	for len(g.pool) > 0 {
		i := g.r.IntN(len(g.pool))
		c := g.pool[i]
		g.pool[i] = g.pool[len(g.pool)-1]
		g.pool = g.pool[:len(g.pool)-1]
		last := c.episodes[len(c.episodes)-1]
		if last.open() || !c.dod.IsZero() || !last.closure.Before(g.ce) {
			continue
		}
		gap := min(365, synthkit.DaysBetween(last.closure, g.ce))
		return c, synthkit.AddDays(last.closure, synthkit.Between(g.r, 1, gap)), true
	}
	return nil, time.Time{}, false
}

// referrals adds the year's other referrals: no further action, assessed
// as not in need, and in need (some with a section 47 enquiry ending
// without a conference, or with a conference but no plan), a share of
// them re-referrals of children seen earlier in the year.
func (g *gen) referrals() {
	v := g.v
	left := max(v.Referrals-g.refsUsed, 0)
	nfa := min(int(math.Round(float64(v.Referrals)*v.NFAPercent/100)), left)
	nin := min(int(math.Round(float64(v.Referrals)*v.NotInNeedPercent/100)), left-nfa)
	in := left - nfa - nin
	kinds := make([]kind, 0, left)
	for range nfa {
		kinds = append(kinds, kindNFA)
	}
	for range nin {
		kinds = append(kinds, kindNotInNeed)
	}
	for range in {
		kinds = append(kinds, kindInNeed)
	}
	g.r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	// Most of the enquiries go to the year's new cases; the rest to cases
	// carried in.
	pS47 := 0.0
	if in > 0 {
		pS47 = math.Min(0.8, 0.8*float64(g.s47Left+g.icpcLeft)/float64(in))
	}
	reref := v.RereferralPercent / 100 * 0.6
	for _, k := range kinds {
		var c *child
		var r time.Time
		if synthkit.Chance(g.r, reref) {
			c, r, _ = g.fromPool()
		}
		if c == nil {
			r = synthkit.DateIn(g.r, g.cs, g.ce)
			c = g.newChild(r, true)
		}
		switch k {
		case kindNFA:
			need := ""
			if synthkit.Chance(g.r, 0.3) {
				need = "N9"
			}
			e := g.addEpisode(c, &episode{referral: r, need: need, nfa: "1", kind: kindNFA})
			e.closure, e.reason = r, "RC7"
			if r.Before(synthkit.AddDays(g.ce, -1)) {
				g.pool = append(g.pool, c)
			}
		case kindNotInNeed:
			g.notInNeed(c, r)
		default:
			g.inNeed(c, r, synthkit.Chance(g.r, pS47))
		}
	}
}

// notInNeed is a referral assessed as not in need: closed the day the
// assessment was authorised (or a few days after) with RC8 or RC9.
func (g *gen) notInNeed(c *child, r time.Time) {
	need := "N9"
	if synthkit.Chance(g.r, 0.55) {
		need = primaryNeeds.Pick(g.r)
	}
	e := g.addEpisode(c, &episode{referral: r, need: need, kind: kindNotInNeed})
	a := addWD(r, g.startDelay())
	if a.After(g.ce) {
		return // awaiting assessment on 31 March
	}
	as := g.assess(e, a, g.notInNeedFactors)
	if as.auth.IsZero() {
		return
	}
	d := synthkit.Earlier(synthkit.AddDays(as.auth, synthkit.Between(g.r, 0, 3)), g.ce)
	e.closure = d
	e.reason = "RC8"
	if synthkit.Chance(g.r, 0.45) {
		e.reason = "RC9"
	}
	if d.Before(synthkit.AddDays(g.ce, -1)) {
		g.pool = append(g.pool, c)
	}
}

// inNeed is a referral assessed as in need: perhaps a section 47 enquiry
// alongside the assessment, then a CIN plan for some, and closure when the
// work is done.
func (g *gen) inNeed(c *child, r time.Time, enquiry bool) {
	e := g.addEpisode(c, &episode{referral: r, need: primaryNeeds.Pick(g.r), kind: kindInNeed})
	a := addWD(r, g.startDelay())
	var sv *s47
	if enquiry && (g.s47Left > 0 || g.icpcLeft > 0) {
		if s := addWD(r, synthkit.Between(g.r, 0, 3)); !s.After(g.ce) {
			a = synthkit.Earlier(a, s)
			sv = &s47{start: s, target: addWD(s, 15)}
			conference := g.r.IntN(g.s47Left+g.icpcLeft) < g.icpcLeft
			g.placeS47(sv, conference)
			e.s47s = append(e.s47s, sv)
		}
	}
	if a.After(g.ce) {
		return // awaiting assessment on 31 March
	}
	as := g.assess(e, a, g.inNeedFactors)
	if as.auth.IsZero() {
		return
	}
	var ps time.Time
	switch {
	case sv != nil && !sv.icpc.IsZero():
		ps = nextWD(synthkit.AddDays(synthkit.Later(sv.icpc, as.auth), synthkit.Between(g.r, 0, 10)))
	case synthkit.Chance(g.r, 0.45):
		ps = nextWD(synthkit.AddDays(as.auth, synthkit.Between(g.r, 0, 10)))
	}
	if !ps.IsZero() && !ps.After(g.ce) {
		p := &cinPlan{start: ps}
		if end := synthkit.AddDays(ps, synthkit.Between(g.r, 60, 365)); !end.After(g.ce) {
			p.end = end
		}
		e.plans = append(e.plans, p)
		if !p.end.IsZero() {
			g.closeAt(e, synthkit.AddDays(p.end, synthkit.Between(g.r, 0, 10)))
		}
		return
	}
	g.closeAt(e, synthkit.AddDays(as.auth, synthkit.Between(g.r, 0, 240)))
}

// placeS47 dates an enquiry's outcome: a conference within 15 working days
// (a few later), or none needed; one started in the last 15 working days
// may still be awaiting its conference on 31 March.
func (g *gen) placeS47(sv *s47, conference bool) {
	recent := !sv.start.Before(g.lim14)
	if conference {
		g.icpcLeft--
		k := synthkit.Between(g.r, 5, 15)
		if synthkit.Chance(g.r, 0.2) {
			k = synthkit.Between(g.r, 16, 25)
		}
		icpc := addWD(sv.start, k)
		switch {
		case !icpc.After(g.ce):
			sv.icpc, sv.notRequired = icpc, "0"
		case recent:
			sv.notRequired = "0" // awaiting conference
		default:
			sv.icpc, sv.notRequired = prevWD(g.ce), "0"
		}
		return
	}
	g.s47Left--
	sv.notRequired = "1"
	if recent && synthkit.Chance(g.r, 0.5) {
		sv.notRequired = "0"
	}
}

// carried adds the cases open on 1 April that are not on a plan: some on a
// CIN plan, some recently referred with an assessment finishing in the
// year, some with an enquiry in the year; as many stay open on 31 March as
// make the published number in need then.
func (g *gen) carried() {
	n := max(g.v.CarriedIn-g.carriedUsed, 0)
	openNow := g.openAt31()
	stayOpen := min(max(g.v.InNeedAt31-openNow, 0), n)
	pS47 := 0.0
	if n > 0 {
		pS47 = math.Min(0.3, float64(max(g.s47Left, 0))/float64(n))
	}
	for i := range n {
		var x int
		switch w := g.r.Float64(); {
		case w < 0.35:
			x = synthkit.Between(g.r, 1, 120)
		case w < 0.7:
			x = synthkit.Between(g.r, 121, 540)
		default:
			x = synthkit.Between(g.r, 541, 2200)
		}
		r := synthkit.AddDays(g.cs, -x)
		c := g.newChild(r, false)
		e := g.addEpisode(c, &episode{referral: r, need: primaryNeeds.Pick(g.r), kind: kindCarried})
		done := synthkit.AddDays(r, synthkit.Between(g.r, 20, 60)) // when last year's assessment finished
		if x <= 100 {
			a := addWD(r, g.startDelay())
			auth := addWD(a, synthkit.Between(g.r, 8, 45))
			done = auth
			if !auth.Before(g.cs) {
				e.assessments = append(e.assessments, &assessment{start: a, auth: auth, factors: g.inNeedFactors()})
			}
		}
		var plan *cinPlan
		if synthkit.Chance(g.r, 0.55) {
			plan = &cinPlan{start: nextWD(synthkit.AddDays(done, synthkit.Between(g.r, 0, 10)))}
			if plan.start.After(g.ce) {
				plan = nil
			} else {
				e.plans = append(e.plans, plan)
			}
		}
		last := done
		if plan != nil {
			last = plan.start
		}
		if synthkit.Chance(g.r, pS47) && g.s47Left > 0 {
			lo := synthkit.Later(g.cs, synthkit.AddDays(last, 1))
			if !lo.After(g.ce) {
				s := g.wdIn(lo, g.ce)
				sv := &s47{start: s, target: addWD(s, 15)}
				g.placeS47(sv, false)
				e.s47s = append(e.s47s, sv)
				g.assess(e, s, g.inNeedFactors)
			}
		}
		if i < stayOpen {
			if plan != nil && synthkit.Chance(g.r, 0.15) {
				if lo := synthkit.Later(g.cs, synthkit.AddDays(plan.start, 30)); lo.Before(g.ce) {
					plan.end = synthkit.DateIn(g.r, lo, g.ce)
				}
			}
			continue
		}
		la, ok := e.lastActivity()
		if !ok {
			continue
		}
		d := synthkit.DateIn(g.r, synthkit.Later(g.cs, synthkit.AddDays(la, 1)), g.ce)
		if d.After(g.ce) {
			continue
		}
		if plan != nil {
			end := synthkit.Later(synthkit.Later(synthkit.AddDays(d, -synthkit.Between(g.r, 0, 7)), synthkit.AddDays(plan.start, 1)), g.cs)
			if end.After(d) {
				d = end
			}
			if d.After(g.ce) {
				continue
			}
			plan.end = end
		}
		g.close(e, d)
	}
}

// trim closes cases, in random order, while more are open on 31 March
// than published: where the year's own referrals alone leave too many open,
// some of them finished sooner.
func (g *gen) trim() {
	excess := g.openAt31() - g.v.InNeedAt31
	if excess <= 0 {
		return
	}
	var cands []*episode
	for _, c := range g.kids {
		for _, e := range c.episodes {
			if e.open() && e.nfa == "0" && (e.kind == kindInNeed || e.kind == kindCarried) {
				cands = append(cands, e)
			}
		}
	}
	g.r.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	for _, e := range cands {
		if excess == 0 {
			return
		}
		if g.closeEarly(e) {
			excess--
		}
	}
}

// closeEarly closes an open case between its last activity and the
// reference date, ending an open CIN plan with it.
func (g *gen) closeEarly(e *episode) bool {
	var open *cinPlan
	for _, p := range e.plans {
		if p.end.IsZero() {
			open = p
		}
	}
	la, ok := e.lastActivity()
	if !ok {
		return false
	}
	if open != nil {
		la = synthkit.Later(la, synthkit.AddDays(open.start, 1))
	}
	d := synthkit.DateIn(g.r, synthkit.Later(g.cs, synthkit.AddDays(la, 1)), g.ce)
	if d.After(g.ce) {
		return false
	}
	if open != nil {
		open.end = synthkit.Later(synthkit.Later(synthkit.AddDays(d, -synthkit.Between(g.r, 0, 7)), synthkit.AddDays(open.start, 1)), g.cs)
		if open.end.After(d) {
			d = open.end
		}
	}
	g.close(e, d)
	return true
}

// openAt31 counts further-action episodes open on the reference date.
func (g *gen) openAt31() int {
	n := 0
	for _, c := range g.kids {
		for _, e := range c.episodes {
			if e.open() && e.nfa == "0" {
				n++
			}
		}
	}
	return n
}

// finish gives each child its identifiers and characteristics, now its
// cases are known: disabilities for children whose referrals went on to
// further action, a UPN for most school-age children, and ids in a
// shuffled order.
func (g *gen) finish() {
	schoolAge := day(g.year-6, time.August, 31)
	for _, c := range g.kids {
		slices.SortStableFunc(c.episodes, func(a, b *episode) int { return a.referral.Compare(b.referral) })
		further := false
		for _, e := range c.episodes {
			further = further || e.nfa == "0"
		}
		switch {
		case c.unborn:
		case further && synthkit.Chance(g.r, 0.13):
			c.disabilities = disabilities.Distinct(g.r, 1+weightedInt(g.r, []float64{65, 25, 7, 3}))
		case further || synthkit.Chance(g.r, 0.6):
			c.disabilities = []string{"NONE"}
		}
		switch {
		case c.unborn:
			c.upnUnknown = "UN1"
		case !c.dob.After(schoolAge):
			switch {
			case synthkit.Chance(g.r, 0.93):
				c.upn = g.newUPN()
			case further:
				c.upnUnknown = upnMissingReasons.Pick(g.r)
			default:
				c.upnUnknown = "UN7"
			}
		case c.age(g.ce) >= 3 && synthkit.Chance(g.r, 0.35):
			c.upn = g.newUPN()
		case !further && synthkit.Chance(g.r, 0.3):
			c.upnUnknown = "UN7"
		default:
			c.upnUnknown = "UN1"
		}
		if c.upn != "" && synthkit.Chance(g.r, 0.01) {
			c.formerUPN = g.newUPN()
		}
	}
	g.spreadDisabilities()
	g.r.Shuffle(len(g.kids), func(i, j int) { g.kids[i], g.kids[j] = g.kids[j], g.kids[i] })
	for i, c := range g.kids {
		c.id = g.v.LA + strconv.Itoa(1_000_000 + i)[1:]
		if len(g.kids) >= 1_000_000 {
			c.id = g.v.LA + strconv.Itoa(10_000_000 + i)[1:]
		}
	}
}

// minDisabilityCodes is how many disability codes a census uses at least
// before DfE's query 2887Q asks about it.
const minDisabilityCodes = 8

// spreadDisabilities makes a small council's census use enough different
// disability codes that query 2887Q does not fire on clean data: a council
// with a hundred children in need draws few codes by chance, where a real
// one's caseload would be more varied. Unused codes are given first as a
// further code of disabled children (at most four each), then to children
// in need recorded with NONE. It draws nothing random, so councils already
// using enough codes are unchanged.
func (g *gen) spreadDisabilities() {
	used := map[string]bool{}
	for _, c := range g.kids {
		for _, d := range c.disabilities {
			if d != "NONE" {
				used[d] = true
			}
		}
	}
	var unused []string
	for _, d := range disabilities.Codes() {
		if !used[d] {
			unused = append(unused, d)
		}
	}
	need := minDisabilityCodes - len(used)
	give := func(ok func(c *child) bool, set func(c *child, d string)) {
		for _, c := range g.kids {
			if need <= 0 || len(unused) == 0 {
				return
			}
			if ok(c) {
				set(c, unused[0])
				unused, need = unused[1:], need-1
			}
		}
	}
	give(func(c *child) bool {
		return len(c.disabilities) > 0 && len(c.disabilities) < 4 && c.disabilities[0] != "NONE"
	},
		func(c *child, d string) { c.disabilities = append(c.disabilities, d) })
	give(func(c *child) bool { return slices.Equal(c.disabilities, []string{"NONE"}) },
		func(c *child, d string) { c.disabilities = []string{d} })
}

// checkLetters are the UPN check letters for 0 to 22.
const checkLetters = "ABCDEFGHJKLMNPQRTUVWXYZ"

// upnWithCheck puts the right check letter before twelve characters.
func upnWithCheck(rest string) string {
	sum := 0
	for i := 0; i < 12; i++ {
		v := int(rest[i] - '0')
		if rest[i] < '0' || rest[i] > '9' {
			v = 0
			for j := 0; j < len(checkLetters); j++ {
				if checkLetters[j] == rest[i] {
					v = j
				}
			}
		}
		sum += v * (i + 2)
	}
	return string(checkLetters[sum%23]) + rest
}

// newUPN is a permanent UPN unique in the council: the council's LA number,
// then nine digits that no other child of the council has.
func (g *gen) newUPN() string {
	n := (int64(g.upnSerial)*48271 + int64(g.upnOffset)) % 1_000_000_000
	g.upnSerial++
	digits := strconv.FormatInt(1_000_000_000+n, 10)[1:]
	return upnWithCheck(g.v.LA + digits)
}
