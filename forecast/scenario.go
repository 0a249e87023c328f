package forecast

import (
	"fmt"
	"strconv"
	"strings"
)

// Scenario is a change to the fitted rates that a council is considering,
// compared with the baseline on the same simulation runs. The zero
// Scenario is the baseline.
type Scenario struct {
	Name    string
	Changes []Change
}

// Change kinds.
const (
	// ChangeEntry multiplies the entry rate into category From (every
	// category when From is empty) by Factor.
	ChangeEntry = "entry"
	// ChangeEntrants places Share of the entrants who would have gone to
	// From in To instead.
	ChangeEntrants = "entrants"
	// ChangeMoves sends Share of moves into From to To instead (a move
	// from To itself then does not happen).
	ChangeMoves = "moves"
	// ChangeRate multiplies the rate of moving from From to To by Factor
	// (residential to fostering ×1.5 is faster step-down).
	ChangeRate = "rate"
	// ChangeLeave multiplies the rate of leaving care from From (every
	// category when empty) by Factor.
	ChangeLeave = "leave"
)

// Change is one alteration to the rates; categories are named as in the
// state space.
type Change struct {
	Kind     string
	From, To string
	Factor   float64
	Share    float64
}

// ParseScenario reads NAME=CHANGE[,CHANGE…], where CHANGE is one of
//
//	entry=-10%              every entry rate 10% lower (entry=x0.9 is the same)
//	entry:residential=-20%  entries into one category
//	entrants:residential>fostering=20%  a fifth of residential entrants fostered instead
//	moves:residential>fostering=20%     a fifth of moves into residential go to fostering
//	rate:residential>fostering=x1.5     step-down from residential to fostering 1.5 times as fast
//	leave:residential=+10%  leaving care from a category
//
// Categories are checked against the state space.
func ParseScenario(s string, sp StateSpace) (Scenario, error) {
	name, rest, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.TrimSpace(rest) == "" {
		return Scenario{}, fmt.Errorf("scenario %q: write NAME=CHANGE[,CHANGE…], e.g. fewer-entries=entry=-10%%", s)
	}
	sc := Scenario{Name: name}
	for _, part := range strings.Split(rest, ",") {
		c, err := parseChange(strings.TrimSpace(part), sp)
		if err != nil {
			return Scenario{}, fmt.Errorf("scenario %s: %q: %v", name, part, err)
		}
		sc.Changes = append(sc.Changes, c)
	}
	return sc, nil
}

func parseChange(s string, sp StateSpace) (Change, error) {
	lhs, val, ok := strings.Cut(s, "=")
	if !ok {
		return Change{}, fmt.Errorf("say what changes and by how much, e.g. entry=-10%%")
	}
	kind, cats, _ := strings.Cut(lhs, ":")
	from, to, hasTo := strings.Cut(cats, ">")
	c := Change{Kind: strings.ToLower(strings.TrimSpace(kind)), From: strings.TrimSpace(from), To: strings.TrimSpace(to)}
	check := func(name string, need bool) error {
		if name == "" {
			if need {
				return fmt.Errorf("name the categories as FROM>TO (categories: %s)", sp.categoryNames())
			}
			return nil
		}
		if _, ok := sp.CategoryIndex(name); !ok {
			return fmt.Errorf("no category %q (categories: %s)", name, sp.categoryNames())
		}
		return nil
	}
	switch c.Kind {
	case ChangeEntry, ChangeLeave:
		if hasTo {
			return c, fmt.Errorf("%s takes one category, not FROM>TO", c.Kind)
		}
		if err := check(c.From, false); err != nil {
			return c, err
		}
		f, err := parseFactor(val)
		c.Factor = f
		return c, err
	case ChangeRate:
		if err := check(c.From, true); err != nil {
			return c, err
		}
		if err := check(c.To, true); err != nil {
			return c, err
		}
		if strings.EqualFold(c.From, c.To) {
			return c, fmt.Errorf("a move must be between two different categories")
		}
		f, err := parseFactor(val)
		c.Factor = f
		return c, err
	case ChangeEntrants, ChangeMoves:
		if err := check(c.From, true); err != nil {
			return c, err
		}
		if err := check(c.To, true); err != nil {
			return c, err
		}
		v := strings.TrimSpace(val)
		p, ok := strings.CutSuffix(v, "%")
		share, err := strconv.ParseFloat(p, 64)
		if !ok || err != nil || share < 0 || share > 100 {
			return c, fmt.Errorf("the share must be a percentage from 0%% to 100%%, not %q", v)
		}
		c.Share = share / 100
		return c, nil
	}
	return c, fmt.Errorf("unknown change %q; use entry, entrants, moves, rate or leave", c.Kind)
}

// parseFactor reads "x1.5", "-10%" or "+5%" as a multiplier.
func parseFactor(v string) (float64, error) {
	v = strings.TrimSpace(v)
	if x, ok := strings.CutPrefix(strings.ToLower(v), "x"); ok {
		f, err := strconv.ParseFloat(x, 64)
		if err != nil || f < 0 {
			return 0, fmt.Errorf("%q is not a factor like x1.5", v)
		}
		return f, nil
	}
	if p, ok := strings.CutSuffix(v, "%"); ok {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil || f < -100 {
			return 0, fmt.Errorf("%q is not a change like -10%%", v)
		}
		return 1 + f/100, nil
	}
	return 0, fmt.Errorf("%q: write a percentage change (-10%%) or a factor (x1.5)", v)
}

// String reads back the scenario's changes, for reports.
func (sc Scenario) String() string {
	if len(sc.Changes) == 0 {
		return "the fitted rates"
	}
	var parts []string
	for _, c := range sc.Changes {
		switch c.Kind {
		case ChangeEntry, ChangeLeave:
			what := "all categories"
			if c.From != "" {
				what = c.From
			}
			parts = append(parts, fmt.Sprintf("%s rate (%s) ×%g", c.Kind, what, c.Factor))
		case ChangeRate:
			parts = append(parts, fmt.Sprintf("moves %s→%s ×%g", c.From, c.To, c.Factor))
		default:
			parts = append(parts, fmt.Sprintf("%g%% of %s into %s go to %s instead", c.Share*100, c.Kind, c.From, c.To))
		}
	}
	return strings.Join(parts, "; ")
}

// apply changes a run's rates (already drawn) in place, in the order the
// changes are given.
func (sc Scenario) apply(r *rates, sp StateSpace) {
	nc := len(sp.Categories)
	idx := func(name string) int {
		i, _ := sp.CategoryIndex(name)
		return i
	}
	for _, c := range sc.Changes {
		for b := range sp.Bands {
			switch c.Kind {
			case ChangeEntry:
				for k := 0; k < nc; k++ {
					if c.From == "" || k == idx(c.From) {
						r.entry[sp.State(b, k)] *= c.Factor
					}
				}
			case ChangeLeave:
				for k := 0; k < nc; k++ {
					if c.From == "" || k == idx(c.From) {
						r.leave[sp.State(b, k)] *= c.Factor
					}
				}
			case ChangeRate:
				r.move[sp.State(b, idx(c.From))][idx(c.To)] *= c.Factor
			case ChangeEntrants:
				from, to := sp.State(b, idx(c.From)), sp.State(b, idx(c.To))
				moved := r.entry[from] * c.Share
				r.entry[from] -= moved
				r.entry[to] += moved
			case ChangeMoves:
				f, t := idx(c.From), idx(c.To)
				for k := 0; k < nc; k++ {
					if k == f {
						continue
					}
					s := sp.State(b, k)
					moved := r.move[s][f] * c.Share
					r.move[s][f] -= moved
					if k != t {
						r.move[s][t] += moved
					}
				}
			}
		}
	}
}
