package cinsynth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/synth/synthkit"
)

// planter breaks one record of a census so that it fails one rule, and says
// which; ok is false when the census has no record it can break.
type planter struct {
	also []string
	fn   func(p *plantCtx) (plantRec, bool)
}

// plantRec is a planted error before the census is flattened: the table
// and record (the first row of which, plus offset, is where the rule
// reports it).
type plantRec struct {
	code   string
	table  string
	key    any
	offset int
	child  *child
	more   []*child
	also   []string
}

func (p plantRec) others() []string {
	var out []string
	for _, c := range p.more {
		out = append(out, c.id)
	}
	return out
}

// PlantableCodes lists the rules the generator can plant errors for.
func PlantableCodes() []string { return synthkit.Codes(planters) }

// PlantAlso lists the rules that planting an error for code breaks too,
// because the change cannot break the one without the others.
func PlantAlso(code string) []string {
	if p := planters[code]; p != nil {
		return p.also
	}
	return nil
}

type plantCtx struct {
	g    *gen
	r    *rand.Rand
	used map[*child]bool
}

func (g *gen) plant(want map[string]int, r *rand.Rand) error {
	codes := make([]string, 0, len(want))
	for c := range want {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool { return rules.CodeLess(codes[i], codes[j]) })
	p := &plantCtx{g: g, r: r, used: map[*child]bool{}}
	for _, code := range codes {
		pl := planters[code]
		for range want[code] {
			rec, ok := pl.fn(p)
			if !ok {
				return fmt.Errorf("no record left to plant an error for rule %s", code)
			}
			rec.code, rec.also = code, pl.also
			if rec.child != nil {
				p.used[rec.child] = true
			}
			for _, c := range rec.more {
				p.used[c] = true
			}
			g.planted = append(g.planted, rec)
		}
	}
	return nil
}

// Pickers choose a random record, of a child not yet given an error, for
// which ok holds.

func (p *plantCtx) child(ok func(c *child) bool) (*child, bool) {
	var cands []*child
	for _, c := range p.g.kids {
		if !p.used[c] && ok(c) {
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 {
		return nil, false
	}
	return cands[p.r.IntN(len(cands))], true
}

func (p *plantCtx) episode(ok func(e *episode) bool) (*episode, bool) {
	var cands []*episode
	for _, c := range p.g.kids {
		if p.used[c] {
			continue
		}
		for _, e := range c.episodes {
			if ok(e) {
				cands = append(cands, e)
			}
		}
	}
	if len(cands) == 0 {
		return nil, false
	}
	return cands[p.r.IntN(len(cands))], true
}

func pickIn[T any](p *plantCtx, list func(e *episode) []T, ok func(e *episode, x T) bool) (*episode, T, bool) {
	type cand struct {
		e *episode
		x T
	}
	var cands []cand
	for _, c := range p.g.kids {
		if p.used[c] {
			continue
		}
		for _, e := range c.episodes {
			for _, x := range list(e) {
				if ok(e, x) {
					cands = append(cands, cand{e, x})
				}
			}
		}
	}
	if len(cands) == 0 {
		var zero T
		return nil, zero, false
	}
	k := cands[p.r.IntN(len(cands))]
	return k.e, k.x, true
}

func (p *plantCtx) assessment(ok func(e *episode, a *assessment) bool) (*episode, *assessment, bool) {
	return pickIn(p, func(e *episode) []*assessment { return e.assessments }, ok)
}

func (p *plantCtx) plan(ok func(e *episode, pl *cinPlan) bool) (*episode, *cinPlan, bool) {
	return pickIn(p, func(e *episode) []*cinPlan { return e.plans }, ok)
}

func (p *plantCtx) s47(ok func(e *episode, s *s47) bool) (*episode, *s47, bool) {
	return pickIn(p, func(e *episode) []*s47 { return e.s47s }, ok)
}

func (p *plantCtx) cpp(ok func(e *episode, c *cpp) bool) (*episode, *cpp, bool) {
	return pickIn(p, func(e *episode) []*cpp { return e.cpps }, ok)
}

// Conditions planters share.

func (p *plantCtx) inYear(e *episode) bool { return !e.referral.Before(p.g.cs) }

func single(e *episode) bool { return len(e.child.episodes) == 1 }

// quiet is an episode with nothing in it but the referral.
func quiet(e *episode) bool {
	return len(e.assessments)+len(e.plans)+len(e.s47s)+len(e.cpps) == 0
}

func (p *plantCtx) nfaOnly(e *episode) bool {
	return e.kind == kindNFA && single(e) && !e.child.unborn && e.child.dod.IsZero()
}

// further reports whether the child has a referral going on to further
// action.
func further(c *child) bool {
	return slices.ContainsFunc(c.episodes, func(e *episode) bool { return e.nfa == "0" })
}

func hasCPP(c *child) bool {
	return slices.ContainsFunc(c.episodes, func(e *episode) bool { return len(e.cpps) > 0 })
}

// Records, as planters return them (nothing when the picker found none).

func atChild(c *child) plantRec {
	if c == nil {
		return plantRec{}
	}
	return plantRec{table: cin.ChildIdentifiers, key: c, child: c}
}

func atEpisode(e *episode) plantRec {
	if e == nil {
		return plantRec{}
	}
	return plantRec{table: cin.CINdetails, key: e, child: e.child}
}

func atAssessment(e *episode, a *assessment, factor int) plantRec {
	if e == nil {
		return plantRec{}
	}
	return plantRec{table: cin.Assessments, key: a, offset: factor, child: e.child}
}

func atPlan(e *episode, pl *cinPlan) plantRec {
	if e == nil {
		return plantRec{}
	}
	return plantRec{table: cin.CINplanDates, key: pl, child: e.child}
}

func atS47(e *episode, s *s47) plantRec {
	if e == nil {
		return plantRec{}
	}
	return plantRec{table: cin.Section47, key: s, child: e.child}
}

func atCPP(e *episode, c *cpp) plantRec {
	if e == nil {
		return plantRec{}
	}
	return plantRec{table: cin.ChildProtectionPlans, key: c, child: e.child}
}

func atReview(e *episode, c *cpp, i int) plantRec {
	if e == nil {
		return plantRec{}
	}
	return plantRec{table: cin.Reviews, key: c, offset: i, child: e.child}
}

func atDisability(c *child, i int) plantRec {
	if c == nil {
		return plantRec{}
	}
	return plantRec{table: cin.Disabilities, key: c, offset: i, child: c}
}

// saturday is the first Saturday after d.
func saturday(d time.Time) time.Time {
	d = synthkit.AddDays(d, 1)
	for d.Weekday() != time.Saturday {
		d = synthkit.AddDays(d, 1)
	}
	return d
}

// planters are keyed by rule code; each comment says what it breaks.
var planters = map[string]*planter{}

func plantable(code string, also []string, fn func(p *plantCtx) (plantRec, bool)) {
	planters[code] = &planter{also: also, fn: fn}
}

func init() {
	// 100: the reference date is not 31 March.
	plantable("100", nil, func(p *plantCtx) (plantRec, bool) {
		if p.g.header["ReferenceDate"] != iso(p.g.ce) {
			return plantRec{}, false
		}
		p.g.header["ReferenceDate"] = iso(synthkit.AddDays(p.g.ce, -1))
		return plantRec{table: cin.Header}, true
	})
	// 1103: an assessment started before the referral.
	plantable("1103", nil, func(p *plantCtx) (plantRec, bool) {
		e, a, ok := p.assessment(func(e *episode, a *assessment) bool {
			return p.inYear(e) && !a.auth.IsZero() && len(e.assessments) == 1
		})
		if ok {
			a.start = synthkit.AddDays(e.referral, -synthkit.Between(p.r, 1, 5))
		}
		return atAssessment(e, a, 0), ok
	})
	// 1104: a conference before the referral (the enquiry, before it, is
	// then before the referral too).
	plantable("1104", []string{"2889"}, func(p *plantCtx) (plantRec, bool) {
		e, s, ok := p.s47(func(e *episode, s *s47) bool {
			return !s.icpc.IsZero() && len(e.cpps) == 0 && e.referral.After(synthkit.AddDays(p.g.cs, 20))
		})
		if ok {
			s.start, s.icpc = subWD(e.referral, 3), subWD(e.referral, 1)
		}
		return atS47(e, s), ok
	})
	// 1105: a plan (from last year) starting before its referral.
	plantable("1105", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool {
			return e.kind == kindCarriedCPP && single(e) && len(e.plans) == 0 && synthkit.DaysBetween(c.start, p.g.cs) > 3
		})
		if ok {
			e.referral = synthkit.DateIn(p.r, synthkit.AddDays(c.start, 1), synthkit.AddDays(p.g.cs, -2))
		}
		return atCPP(e, c), ok
	})
	// 1510: a UPN's check letter is wrong.
	plantable("1510", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return c.upn != "" })
		if ok {
			i := (slices.Index([]byte(checkLetters), c.upn[0]) + 1) % len(checkLetters)
			c.upn = string(checkLetters[i]) + c.upn[1:]
		}
		return atChild(c), ok
	})
	// 1520: two children share a UPN.
	plantable("1520", nil, func(p *plantCtx) (plantRec, bool) {
		a, ok := p.child(func(c *child) bool { return c.upn != "" })
		if !ok {
			return plantRec{}, false
		}
		p.used[a] = true
		b, ok := p.child(func(c *child) bool { return c.upn != "" })
		if !ok {
			return plantRec{}, false
		}
		b.upn = a.upn
		rec := atChild(b)
		rec.more = []*child{a}
		return rec, true
	})
	// 1530: a UPN's LA code is not one.
	plantable("1530", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return c.upn != "" })
		if ok {
			c.upn = upnWithCheck("999" + c.upn[4:])
		}
		return atChild(c), ok
	})
	// 1540: a letter among a UPN's digits.
	plantable("1540", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return c.upn != "" })
		if ok {
			c.upn = c.upn[:5] + "X" + c.upn[6:]
		}
		return atChild(c), ok
	})
	// 1550: a UPN ending in I.
	plantable("1550", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return c.upn != "" })
		if ok {
			c.upn = c.upn[:12] + "I"
		}
		return atChild(c), ok
	})
	// 1560Q: a former UPN that is not a UPN.
	plantable("1560Q", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return c.upn != "" && c.formerUPN == "" })
		if ok {
			c.formerUPN = "X" + c.upn[1:8]
		}
		return atChild(c), ok
	})
	// 1570: an LA child id over 20 characters.
	plantable("1570", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return true })
		if ok {
			c.id += "LONGSUFFIX0123"
		}
		return atChild(c), ok
	})
	// 1580: an LA child id with a hyphen.
	plantable("1580", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return true })
		if ok {
			c.id = c.id[:3] + "-" + c.id[3:]
		}
		return atChild(c), ok
	})
	// 2884: a conference recorded on the enquiry and on the CIN details.
	plantable("2884", nil, func(p *plantCtx) (plantRec, bool) {
		e, s, ok := p.s47(func(e *episode, s *s47) bool { return !s.icpc.IsZero() && len(e.cpps) == 0 })
		if ok {
			e.icpc = s.icpc
		}
		return atS47(e, s), ok
	})
	// 2885: a plan starting the day after its conference.
	plantable("2885", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool {
			return e.kind == kindCPP && (c.end.IsZero() || c.end.After(addWD(c.start, 1))) && addWD(c.start, 1).Before(p.g.ce)
		})
		if ok {
			c.start = addWD(c.start, 1)
		}
		return atCPP(e, c), ok
	})
	// 2889: an enquiry starting before the referral.
	plantable("2889", nil, func(p *plantCtx) (plantRec, bool) {
		e, s, ok := p.s47(func(e *episode, s *s47) bool {
			return p.inYear(e) && s.notRequired == "1" && s.icpc.IsZero() && e.referral.After(synthkit.AddDays(p.g.cs, 10))
		})
		if ok {
			s.start = synthkit.AddDays(e.referral, -synthkit.Between(p.r, 1, 5))
		}
		return atS47(e, s), ok
	})
	// 2990: a case closed after assessment (RC8) that had a CIN plan.
	plantable("2990", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool {
			return e.kind == kindInNeed && !e.open() && len(e.plans) > 0 && len(e.s47s) == 0 && e.reason == "RC7"
		})
		if ok {
			e.reason = "RC8"
		}
		return atEpisode(e), ok
	})
	// 2991Q: an enquiry with no assessment in its episode.
	plantable("2991Q", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool {
			return e.kind == kindInNeed && e.open() && len(e.s47s) == 1 && len(e.assessments) == 1
		})
		if ok {
			e.assessments = nil
		}
		return atEpisode(e), ok
	})
	// 4000: a CIN plan on a referral marked no further action (whose
	// assessment is then activity on such a referral too).
	plantable("4000", []string{"8831"}, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool {
			return e.kind == kindInNeed && p.inYear(e) && len(e.plans) > 0 && len(e.s47s) == 0
		})
		if ok {
			e.nfa = "1"
		}
		return atEpisode(e), ok
	})
	// 4001: an open CIN plan and an open child protection plan in one
	// episode (the CIN plan, begun before, then overlaps the plan's start).
	plantable("4001", []string{"4017"}, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool { return c.end.IsZero() && c.before != nil && len(c.reviews) == 0 })
		if ok {
			c.before.end = time.Time{}
		}
		return atCPP(e, c), ok
	})
	// 4003: a review held after the plan stepped down to a CIN plan.
	plantable("4003", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool {
			return c.stepDown != nil && len(c.reviews) > 0 && (c.stepDown.end.IsZero() || c.stepDown.end.After(synthkit.AddDays(c.end, 10)))
		})
		if !ok {
			return plantRec{}, false
		}
		c.reviews[len(c.reviews)-1] = addWD(c.end, 1)
		return atReview(e, c, len(c.reviews)-1), true
	})
	// 4008: a CIN plan starting after the child died.
	plantable("4008", nil, func(p *plantCtx) (plantRec, bool) {
		e, pl, ok := p.plan(func(e *episode, pl *cinPlan) bool {
			return single(e) && len(e.plans) == 1 && !hasCPP(e.child) && !e.child.unborn && e.child.dod.IsZero() && pl.end.IsZero() &&
				pl.start.After(synthkit.AddDays(synthkit.Later(p.g.cs, e.referral), 2)) && e.child.dob.Before(synthkit.AddDays(pl.start, -1))
		})
		if ok {
			e.child.dod = synthkit.AddDays(pl.start, -1)
		}
		return atPlan(e, pl), ok
	})
	// 4009Q: a CIN plan ending after the child died.
	plantable("4009Q", nil, func(p *plantCtx) (plantRec, bool) {
		e, pl, ok := p.plan(func(e *episode, pl *cinPlan) bool {
			return single(e) && len(e.plans) == 1 && !hasCPP(e.child) && !e.child.unborn && e.child.dod.IsZero() && !pl.end.IsZero() &&
				pl.end.After(synthkit.AddDays(synthkit.Later(p.g.cs, pl.start), 2)) && e.child.dob.Before(synthkit.AddDays(pl.end, -1))
		})
		if ok {
			e.child.dod = synthkit.AddDays(pl.end, -1)
		}
		return atPlan(e, pl), ok
	})
	// 4010: a CIN plan starting after the reference date.
	plantable("4010", nil, func(p *plantCtx) (plantRec, bool) {
		e, pl, ok := p.plan(func(e *episode, pl *cinPlan) bool {
			return e.open() && pl.end.IsZero() && len(e.plans) == 1 && !hasCPP(e.child)
		})
		if ok {
			pl.start = synthkit.AddDays(p.g.ce, 5)
		}
		return atPlan(e, pl), ok
	})
	// 4011: a CIN plan ending the day before it starts.
	plantable("4011", nil, func(p *plantCtx) (plantRec, bool) {
		e, pl, ok := p.plan(func(e *episode, pl *cinPlan) bool {
			return !pl.end.IsZero() && pl.start.After(synthkit.AddDays(p.g.cs, 2)) && !hasCPP(e.child)
		})
		if ok {
			pl.end = synthkit.AddDays(pl.start, -1)
		}
		return atPlan(e, pl), ok
	})
	// 4012Q: a CIN plan starting and ending on one day.
	plantable("4012Q", nil, func(p *plantCtx) (plantRec, bool) {
		e, pl, ok := p.plan(func(e *episode, pl *cinPlan) bool {
			return !pl.end.IsZero() && !pl.start.Before(p.g.cs) && !hasCPP(e.child)
		})
		if ok {
			pl.end = pl.start
		}
		return atPlan(e, pl), ok
	})
	// 4013: a CIN plan ending after the reference date.
	plantable("4013", nil, func(p *plantCtx) (plantRec, bool) {
		e, pl, ok := p.plan(func(e *episode, pl *cinPlan) bool {
			return e.open() && pl.end.IsZero() && !hasCPP(e.child)
		})
		if ok {
			pl.end = synthkit.AddDays(p.g.ce, 10)
		}
		return atPlan(e, pl), ok
	})
	// 4015: a CIN plan starting before its referral.
	plantable("4015", nil, func(p *plantCtx) (plantRec, bool) {
		e, pl, ok := p.plan(func(e *episode, pl *cinPlan) bool {
			return e.kind == kindInNeed && single(e) && len(e.plans) == 1 && e.referral.After(synthkit.AddDays(p.g.cs, 5))
		})
		if ok {
			pl.start = synthkit.AddDays(e.referral, -synthkit.Between(p.r, 1, 3))
		}
		return atPlan(e, pl), ok
	})
	// 4016: a step-down CIN plan starting the day before the child
	// protection plan ended.
	plantable("4016", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool {
			return c.stepDown != nil && c.end.After(synthkit.AddDays(c.start, 2)) && !slices.ContainsFunc(c.reviews, func(r time.Time) bool {
				return r.Equal(synthkit.AddDays(c.end, -1))
			})
		})
		if !ok {
			return plantRec{}, false
		}
		c.stepDown.start = synthkit.AddDays(c.end, -1)
		return atPlan(e, c.stepDown), true
	})
	// 4017: a child protection plan starting the day before the CIN plan it
	// replaced ended.
	plantable("4017", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool { return c.before != nil })
		if ok {
			c.before.end = synthkit.AddDays(c.start, 1)
		}
		return atCPP(e, c), ok
	})
	// 4180: a sex that is not M, F or U.
	plantable("4180", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return !c.unborn })
		if ok {
			c.sex = "X"
		}
		return atChild(c), ok
	})
	// 4220: an ethnicity that is not a code.
	plantable("4220", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return true })
		if ok {
			c.ethnicity = "WXYZ"
		}
		if !ok {
			return plantRec{}, false
		}
		return plantRec{table: cin.ChildCharacteristics, key: c, child: c}, true
	})
	// 8500: a child with no LA child id.
	plantable("8500", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return len(c.episodes) == 1 && p.nfaOnly(c.episodes[0]) })
		if ok {
			c.id = ""
		}
		return atChild(c), ok
	})
	// 8510: two children with one LA child id.
	plantable("8510", nil, func(p *plantCtx) (plantRec, bool) {
		only := func(c *child) bool {
			return len(c.episodes) == 1 && p.nfaOnly(c.episodes[0]) && c.upnUnknown != "UN7" && len(c.disabilities) == 0
		}
		a, ok := p.child(only)
		if !ok {
			return plantRec{}, false
		}
		p.used[a] = true
		b, ok := p.child(only)
		if !ok {
			return plantRec{}, false
		}
		b.id = a.id
		rec := atChild(b)
		rec.more = []*child{a}
		return rec, true
	})
	// 8520: a birth date after the reference date.
	plantable("8520", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool {
			return len(c.episodes) == 1 && p.nfaOnly(c.episodes[0]) && c.episodes[0].referral.After(synthkit.AddDays(p.g.ce, -250))
		})
		if ok {
			c.dob = synthkit.AddDays(p.g.ce, 10)
		}
		return atChild(c), ok
	})
	// 8525Q: a birth date and an expected birth date.
	plantable("8525Q", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool {
			return len(c.episodes) == 1 && p.nfaOnly(c.episodes[0]) && c.episodes[0].referral.After(synthkit.AddDays(p.g.ce, -240))
		})
		if ok {
			c.edb = synthkit.AddDays(p.g.ce, 30)
		}
		return atChild(c), ok
	})
	// 8530Q: an unborn child due more than a month before the reference date.
	plantable("8530Q", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return c.unborn })
		if ok {
			c.edb = synthkit.AddDays(p.g.ce, -40)
		}
		return atChild(c), ok
	})
	// 8535Q: a child who died the day before being born.
	plantable("8535Q", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool {
			if len(c.episodes) != 1 || !p.nfaOnly(c.episodes[0]) {
				return false
			}
			r := c.episodes[0].referral
			return r.After(p.g.cs) && r.Before(synthkit.AddDays(p.g.ce, -1))
		})
		if ok {
			c.dod = c.episodes[0].referral
			c.dob = synthkit.AddDays(c.dod, 1)
		}
		return atChild(c), ok
	})
	// 8540: a child in need with no disability recorded (not even NONE).
	plantable("8540", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return !c.unborn && further(c) && slices.Equal(c.disabilities, []string{"NONE"}) })
		if ok {
			c.disabilities = nil
		}
		return atChild(c), ok
	})
	// 8545Q: a date of death after the reference date.
	plantable("8545Q", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return !c.unborn && c.dod.IsZero() })
		if ok {
			c.dod = synthkit.AddDays(p.g.ce, 5)
		}
		return atChild(c), ok
	})
	// 8555Q: a referral the day after the child died.
	plantable("8555Q", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool {
			if len(c.episodes) != 1 || !p.nfaOnly(c.episodes[0]) {
				return false
			}
			r := c.episodes[0].referral
			return r.After(synthkit.AddDays(p.g.cs, 2)) && c.dob.Before(synthkit.AddDays(r, -2))
		})
		if !ok {
			return plantRec{}, false
		}
		c.dod = synthkit.AddDays(c.episodes[0].referral, -1)
		return atEpisode(c.episodes[0]), true
	})
	// 8565: an assessment authorised after its case closed.
	plantable("8565", nil, func(p *plantCtx) (plantRec, bool) {
		e, a, ok := p.assessment(func(e *episode, a *assessment) bool {
			return e.kind == kindNotInNeed && !e.open() && len(e.assessments) == 1 && e.closure.Before(synthkit.AddDays(p.g.ce, -5))
		})
		if ok {
			a.auth = synthkit.AddDays(e.closure, 3)
		}
		return atAssessment(e, a, 0), ok
	})
	// 8568: a ReferralNFA flag that is neither 0 nor 1.
	plantable("8568", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool {
			return (e.kind == kindNotInNeed || e.kind == kindInNeed) && p.inYear(e) && e.child.upnUnknown != "UN7"
		})
		if ok {
			e.nfa = "2"
		}
		return atEpisode(e), ok
	})
	// 8569Q: a referral from before the year marked no further action.
	plantable("8569Q", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool { return e.kind == kindCarried && single(e) && quiet(e) })
		if ok {
			e.nfa = "1"
		}
		return atEpisode(e), ok
	})
	// 8585Q: closed as died (RC2) with no date of death.
	plantable("8585Q", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool { return e.kind == kindInNeed && e.reason == "RC7" && e.child.dod.IsZero() })
		if ok {
			e.reason = "RC2"
		}
		return atEpisode(e), ok
	})
	// 8590: a child with no CIN episode.
	plantable("8590", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return len(c.episodes) == 1 && p.nfaOnly(c.episodes[0]) })
		if ok {
			c.episodes = nil
		}
		return atChild(c), ok
	})
	// 8600: a referral with no date.
	plantable("8600", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool { return p.nfaOnly(e) })
		if ok {
			e.referral = time.Time{}
		}
		return atEpisode(e), ok
	})
	// 8606: a referral more than 40 weeks before the birth.
	plantable("8606", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool { return p.nfaOnly(e) && e.referral.Before(synthkit.AddDays(p.g.ce, -320)) })
		if ok {
			e.child.dob = synthkit.AddDays(e.referral, 300)
		}
		return atEpisode(e), ok
	})
	// 8608: an assessment authorised the day before it started.
	plantable("8608", nil, func(p *plantCtx) (plantRec, bool) {
		e, a, ok := p.assessment(func(e *episode, a *assessment) bool {
			return e.open() && len(e.assessments) == 1 && !a.auth.IsZero() && a.auth.Before(p.g.ce)
		})
		if ok {
			a.start = synthkit.AddDays(a.auth, 1)
		}
		return atAssessment(e, a, 0), ok
	})
	// 8610: a referral going on to further action with no primary need.
	plantable("8610", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool { return e.kind == kindInNeed && p.inYear(e) })
		if ok {
			e.need = ""
		}
		return atEpisode(e), ok
	})
	// 8614: factors recorded for an assessment not yet authorised.
	plantable("8614", nil, func(p *plantCtx) (plantRec, bool) {
		e, a, ok := p.assessment(func(e *episode, a *assessment) bool {
			return e.open() && len(e.assessments) == 1 && !a.auth.IsZero() && !a.start.Before(p.g.lim44)
		})
		if ok {
			a.auth = time.Time{}
		}
		return atAssessment(e, a, 0), ok
	})
	// 8615: an enquiry starting the day after its conference.
	plantable("8615", nil, func(p *plantCtx) (plantRec, bool) {
		e, s, ok := p.s47(func(e *episode, s *s47) bool { return e.open() && !s.icpc.IsZero() })
		if ok {
			s.start = synthkit.AddDays(s.icpc, 1)
		}
		return atS47(e, s), ok
	})
	// 8620: a closure after the reference date.
	plantable("8620", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool { return e.kind == kindNotInNeed && single(e) && !e.open() })
		if ok {
			e.closure = synthkit.AddDays(p.g.ce, 3)
		}
		return atEpisode(e), ok
	})
	// 8630: a closure the day before the referral.
	plantable("8630", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool { return p.nfaOnly(e) && e.referral.After(synthkit.AddDays(p.g.cs, 2)) })
		if ok {
			e.closure = synthkit.AddDays(e.referral, -1)
		}
		return atEpisode(e), ok
	})
	// 8640: a reason for closure that is not a code.
	plantable("8640", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool { return e.reason == "RC7" && e.kind != kindNFA })
		if ok {
			e.reason = "RC0"
		}
		return atEpisode(e), ok
	})
	// 8650: a primary need that is not a code.
	plantable("8650", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool { return e.need != "" })
		if ok {
			e.need = "N11"
		}
		return atEpisode(e), ok
	})
	// 8670Q: an assessment left open for more than 45 working days.
	plantable("8670Q", nil, func(p *plantCtx) (plantRec, bool) {
		e, a, ok := p.assessment(func(e *episode, a *assessment) bool {
			return e.open() && len(e.assessments) == 1 && !a.auth.IsZero() && a.start.Before(p.g.lim44) && !a.start.Before(p.g.cs)
		})
		if ok {
			a.auth, a.factors = time.Time{}, nil
		}
		return atAssessment(e, a, 0), ok
	})
	// 8675Q: an enquiry awaiting its conference for more than 15 working days.
	plantable("8675Q", nil, func(p *plantCtx) (plantRec, bool) {
		e, s, ok := p.s47(func(e *episode, s *s47) bool {
			return e.open() && s.notRequired == "1" && s.start.Before(p.g.lim14) && len(e.s47s) == 1
		})
		if ok {
			s.notRequired = "0"
		}
		return atS47(e, s), ok
	})
	// 8696: an assessment authorised after the reference date.
	plantable("8696", nil, func(p *plantCtx) (plantRec, bool) {
		e, a, ok := p.assessment(func(e *episode, a *assessment) bool { return e.open() && !a.auth.IsZero() })
		if ok {
			a.auth = synthkit.AddDays(p.g.ce, 5)
		}
		return atAssessment(e, a, 0), ok
	})
	// 8715: a conference after the reference date.
	plantable("8715", nil, func(p *plantCtx) (plantRec, bool) {
		e, s, ok := p.s47(func(e *episode, s *s47) bool { return e.open() && !s.icpc.IsZero() && len(e.cpps) == 0 })
		if ok {
			s.icpc = nextWD(synthkit.AddDays(p.g.ce, 3))
		}
		return atS47(e, s), ok
	})
	// 8720: a plan starting after the reference date.
	plantable("8720", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool {
			return c.end.IsZero() && len(c.reviews) == 0 && !c.start.Before(p.g.cs)
		})
		if ok {
			c.start = synthkit.AddDays(p.g.ce, 5)
		}
		return atCPP(e, c), ok
	})
	// 8730: no number of previous plans.
	plantable("8730", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool { return true })
		if ok {
			c.previous = ""
		}
		return atCPP(e, c), ok
	})
	// 8736: an open assessment starting after the reference date.
	plantable("8736", nil, func(p *plantCtx) (plantRec, bool) {
		e, a, ok := p.assessment(func(e *episode, a *assessment) bool {
			return e.open() && a.auth.IsZero() && len(e.assessments) == 1
		})
		if ok {
			a.start = synthkit.AddDays(p.g.ce, 2)
		}
		return atAssessment(e, a, 0), ok
	})
	// 8740: an enquiry awaiting its conference that starts after the
	// reference date.
	plantable("8740", nil, func(p *plantCtx) (plantRec, bool) {
		e, s, ok := p.s47(func(e *episode, s *s47) bool { return e.open() && s.icpc.IsZero() && len(e.s47s) == 1 })
		if ok {
			s.notRequired, s.start = "0", synthkit.AddDays(p.g.ce, 2)
		}
		return atS47(e, s), ok
	})
	// 8750: an unborn child recorded as male.
	plantable("8750", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return c.unborn })
		if ok {
			c.sex = "M"
		}
		return atChild(c), ok
	})
	// 8770Q: a school-age child in need with no UPN and reason UN1.
	plantable("8770Q", nil, func(p *plantCtx) (plantRec, bool) {
		school := day(p.g.year-6, time.August, 31)
		c, ok := p.child(func(c *child) bool {
			return !c.unborn && c.upn != "" && c.formerUPN == "" && further(c) && !c.dob.After(school)
		})
		if ok {
			c.upn, c.upnUnknown = "", "UN1"
		}
		return atChild(c), ok
	})
	// 8772: UPN unknown as a no-further-action referral (UN7) for a child
	// whose referral went on to further action.
	plantable("8772", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return c.upnUnknown == "UN1" && !c.unborn && further(c) })
		if ok {
			c.upnUnknown = "UN7"
		}
		return atChild(c), ok
	})
	// 8775Q: a child in need aged 26.
	plantable("8775Q", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool {
			return c.upn != "" && slices.ContainsFunc(c.episodes, func(e *episode) bool { return e.open() })
		})
		if ok {
			c.dob = p.g.ce.AddDate(-26, 0, 0)
		}
		return atChild(c), ok
	})
	// 8790: NONE and a disability.
	plantable("8790", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return slices.Equal(c.disabilities, []string{"NONE"}) })
		if ok {
			c.disabilities = append(c.disabilities, "MOB")
		}
		return atDisability(c, 1), ok
	})
	// 8794: one disability recorded twice.
	plantable("8794", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool { return len(c.disabilities) > 0 && c.disabilities[0] != "NONE" })
		if ok {
			c.disabilities = append(c.disabilities, c.disabilities[0])
		}
		return atDisability(c, 0), ok
	})
	// 8805: a closure date with no reason.
	plantable("8805", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool { return !e.open() && e.kind == kindInNeed })
		if ok {
			e.reason = ""
		}
		return atEpisode(e), ok
	})
	// 8810: a reason for closure with no closure date.
	plantable("8810", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool { return p.nfaOnly(e) })
		if ok {
			e.closure = time.Time{}
		}
		return atEpisode(e), ok
	})
	// 8815: two open cases for a child: an earlier one left without its
	// closure (which is then not the latest, and overlaps the next).
	plantable("8815", []string{"8816", "8820"}, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool {
			n := len(c.episodes)
			return n == 2 && c.episodes[0].kind == kindInNeed && !c.episodes[0].open() && c.episodes[1].open() && c.episodes[1].nfa == "0"
		})
		if !ok {
			return plantRec{}, false
		}
		c.episodes[0].closure, c.episodes[0].reason = time.Time{}, ""
		return atEpisode(c.episodes[0]), true
	})
	// 8816: an open case that is not the child's latest (the later referral
	// then falls within it).
	plantable("8816", []string{"8820"}, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool {
			n := len(c.episodes)
			return n == 2 && c.episodes[0].kind == kindInNeed && !c.episodes[0].open() && c.episodes[1].nfa == "1"
		})
		if !ok {
			return plantRec{}, false
		}
		c.episodes[0].closure, c.episodes[0].reason = time.Time{}, ""
		return atEpisode(c.episodes[0]), true
	})
	// 8820: a case closing the day after the child's next referral.
	plantable("8820", nil, func(p *plantCtx) (plantRec, bool) {
		c, ok := p.child(func(c *child) bool {
			n := len(c.episodes)
			return n == 2 && !c.episodes[0].open() && !c.episodes[1].open() && c.episodes[1].referral.Before(p.g.ce)
		})
		if !ok {
			return plantRec{}, false
		}
		c.episodes[0].closure = synthkit.AddDays(c.episodes[1].referral, 1)
		return atEpisode(c.episodes[0]), true
	})
	// 8825Q: closed after assessment (RC8) with no assessment.
	plantable("8825Q", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool { return e.kind == kindNFA && !e.open() })
		if ok {
			e.reason = "RC8"
		}
		return atEpisode(e), ok
	})
	// 8831: an assessment on a referral marked no further action.
	plantable("8831", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool {
			return e.kind == kindInNeed && p.inYear(e) && len(e.assessments) > 0 && len(e.plans)+len(e.s47s)+len(e.cpps) == 0
		})
		if ok {
			e.nfa = "1"
		}
		return atEpisode(e), ok
	})
	// 8832: a plan on a referral marked no further action (the referral,
	// from before the year, may not be one).
	plantable("8832", []string{"8569Q"}, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool {
			return e.kind == kindCarriedCPP && single(e) && len(e.plans)+len(e.assessments)+len(e.s47s) == 0
		})
		if ok {
			e.nfa = "1"
		}
		return atCPP(e, c), ok
	})
	// 8840: a plan starting and ending on one day.
	plantable("8840", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool {
			return !c.end.IsZero() && c.stepDown == nil && !c.start.Before(p.g.cs)
		})
		if ok {
			c.end = c.start
		}
		return atCPP(e, c), ok
	})
	// 8841: a review on the day the plan started.
	plantable("8841", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool { return len(c.reviews) > 0 })
		if ok {
			c.reviews[0] = c.start
		}
		return atReview(e, c, 0), ok
	})
	// 8842Q: a review with no date.
	plantable("8842Q", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool { return len(c.reviews) > 0 })
		if ok {
			c.reviews[0] = time.Time{}
		}
		return atReview(e, c, 0), ok
	})
	// 8863Q: an assessment starting the day the previous one was
	// authorised.
	plantable("8863Q", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool {
			return c.assessmentBefore != nil && len(e.assessments) == 2 && !e.assessments[1].auth.IsZero()
		})
		if !ok {
			return plantRec{}, false
		}
		a := e.assessments[1]
		a.start = c.assessmentBefore.auth
		return atAssessment(e, a, 0), true
	})
	// 8866: a source of referral that is not a code.
	plantable("8866", nil, func(p *plantCtx) (plantRec, bool) {
		e, ok := p.episode(func(e *episode) bool { return true })
		if ok {
			e.source = "11"
		}
		return atEpisode(e), ok
	})
	// 8867: a case closed with its assessment not authorised.
	plantable("8867", nil, func(p *plantCtx) (plantRec, bool) {
		e, a, ok := p.assessment(func(e *episode, a *assessment) bool {
			return e.kind == kindNotInNeed && !e.open() && len(e.assessments) == 1 && !a.start.Before(p.g.lim44)
		})
		if ok {
			a.auth, a.factors = time.Time{}, nil
		}
		return atAssessment(e, a, 0), ok
	})
	// 8868: a closed case's enquiry with a conference and marked not
	// required.
	plantable("8868", nil, func(p *plantCtx) (plantRec, bool) {
		e, s, ok := p.s47(func(e *episode, s *s47) bool { return !e.open() && !s.icpc.IsZero() })
		if ok {
			s.notRequired = "1"
		}
		return atS47(e, s), ok
	})
	// 8869: factor 21 (none) beside another factor.
	plantable("8869", nil, func(p *plantCtx) (plantRec, bool) {
		e, a, ok := p.assessment(func(e *episode, a *assessment) bool {
			return e.kind == kindNotInNeed && len(a.factors) >= 2
		})
		if ok {
			a.factors[0] = "21"
		}
		return atAssessment(e, a, 1), ok
	})
	// 8870Q: a conference target date on a Saturday.
	plantable("8870Q", nil, func(p *plantCtx) (plantRec, bool) {
		e, s, ok := p.s47(func(e *episode, s *s47) bool { return !s.target.IsZero() })
		if ok {
			s.target = saturday(s.target)
		}
		return atS47(e, s), ok
	})
	// 8873Q: no factors found (21), yet closed other than after assessment.
	plantable("8873Q", nil, func(p *plantCtx) (plantRec, bool) {
		e, a, ok := p.assessment(func(e *episode, a *assessment) bool {
			return e.kind == kindNotInNeed && len(e.assessments) == 1 && slices.Equal(a.factors, []string{"21"}) && !e.open()
		})
		if ok {
			e.reason = "RC7"
		}
		return atAssessment(e, a, 0), ok
	})
	// 8875: a conference on a Saturday.
	plantable("8875", nil, func(p *plantCtx) (plantRec, bool) {
		e, s, ok := p.s47(func(e *episode, s *s47) bool {
			return e.open() && !s.icpc.IsZero() && len(e.cpps) == 0 && !saturday(s.icpc).After(p.g.ce)
		})
		if ok {
			s.icpc = saturday(s.icpc)
		}
		return atS47(e, s), ok
	})
	// 8897Q: an authorised assessment with no factors.
	plantable("8897Q", nil, func(p *plantCtx) (plantRec, bool) {
		e, a, ok := p.assessment(func(e *episode, a *assessment) bool { return e.kind == kindInNeed && len(a.factors) > 0 })
		if ok {
			a.factors = nil
		}
		return atAssessment(e, a, 0), ok
	})
	// 8898: one factor recorded twice.
	plantable("8898", nil, func(p *plantCtx) (plantRec, bool) {
		e, a, ok := p.assessment(func(e *episode, a *assessment) bool { return len(a.factors) > 0 && a.factors[0] != "21" })
		if ok {
			a.factors = append(a.factors, a.factors[0])
		}
		return atAssessment(e, a, 0), ok
	})
	// 8905 and 8910: a category of abuse that is not a code.
	plantable("8905", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool { return true })
		if ok {
			c.initial = "ABC"
		}
		return atCPP(e, c), ok
	})
	plantable("8910", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool { return true })
		if ok {
			c.latest = "ABC"
		}
		return atCPP(e, c), ok
	})
	// 8915: a plan starting the day after the child died.
	plantable("8915", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool {
			return single(e) && e.kind == kindCPP && c.end.IsZero() && len(e.plans) == 0 && !e.child.unborn &&
				c.start.After(synthkit.AddDays(p.g.cs, 2)) && e.child.dob.Before(synthkit.AddDays(c.start, -2)) && e.referral.Before(synthkit.AddDays(c.start, -1))
		})
		if ok {
			e.child.dod = synthkit.AddDays(c.start, -1)
		}
		return atCPP(e, c), ok
	})
	// 8920: a plan ending the day after the child died.
	plantable("8920", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool {
			return single(e) && !c.end.IsZero() && len(e.plans) == 0 && !e.child.unborn && c.end.After(synthkit.AddDays(synthkit.Later(p.g.cs, c.start), 2)) &&
				e.child.dob.Before(synthkit.AddDays(c.end, -2))
		})
		if ok {
			e.child.dod = synthkit.AddDays(c.end, -1)
		}
		return atCPP(e, c), ok
	})
	// 8925: a plan ending the day before it started.
	plantable("8925", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool {
			return !c.end.IsZero() && c.stepDown == nil && c.start.After(synthkit.AddDays(p.g.cs, 2))
		})
		if ok {
			c.end = synthkit.AddDays(c.start, -1)
		}
		return atCPP(e, c), ok
	})
	// 8930: a plan ending after the reference date.
	plantable("8930", nil, func(p *plantCtx) (plantRec, bool) {
		e, c, ok := p.cpp(func(e *episode, c *cpp) bool { return !c.end.IsZero() && c.stepDown == nil && e.open() })
		if ok {
			c.end = synthkit.AddDays(p.g.ce, 5)
		}
		return atCPP(e, c), ok
	})
	// 8945Q and 8950Q: the retired factors 18A and 19A.
	for code, factor := range map[string]string{"8945Q": "18A", "8950Q": "19A"} {
		plantable(code, nil, func(p *plantCtx) (plantRec, bool) {
			e, a, ok := p.assessment(func(e *episode, a *assessment) bool {
				return e.kind == kindInNeed && len(a.factors) > 0 && !slices.Contains(a.factors, factor)
			})
			if ok {
				a.factors[0] = factor
			}
			return atAssessment(e, a, 0), ok
		})
	}
}
