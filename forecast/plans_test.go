package forecast

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sightline-uk/sightline"
)

func TestScenarioArithmetic(t *testing.T) {
	sp := DefaultStateSpace()
	r := newRates(sp.NumStates(), len(sp.Categories))
	const fost, res, sup = 0, 1, 2
	s := sp.State(3, res)
	r.entry[sp.State(3, fost)], r.entry[s] = 0.10, 0.02
	r.move[s][fost], r.move[sp.State(3, fost)][res], r.move[sp.State(3, sup)][res] = 0.004, 0.001, 0.002
	r.leave[s] = 0.003
	sc, err := ParseScenario("plan=entry=-10%,entrants:residential>fostering=50%,moves:residential>fostering=25%,rate:residential>fostering=x1.5,leave:residential=+20%", sp)
	if err != nil {
		t.Fatal(err)
	}
	sc.apply(r, sp)
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		// Entry ×0.9, then half of residential's 0.018 moves to fostering.
		{"fostering entry", r.entry[sp.State(3, fost)], 0.10*0.9 + 0.018*0.5},
		{"residential entry", r.entry[s], 0.018 * 0.5},
		// A quarter of moves into residential go to fostering; from
		// fostering itself they simply do not happen.
		{"fostering to residential", r.move[sp.State(3, fost)][res], 0.00075},
		{"supported to residential", r.move[sp.State(3, sup)][res], 0.0015},
		{"supported to fostering", r.move[sp.State(3, sup)][fost], 0.0005},
		{"step-down", r.move[s][fost], 0.006},
		{"leaving residential", r.leave[s], 0.0036},
	} {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
	for _, bad := range []string{"noname", "x=entry", "x=entry=10", "x=rate:residential=x2", "x=rate:homes>fostering=x2", "x=entrants:residential>fostering=120%", "x=swap=1%"} {
		if _, err := ParseScenario(bad, sp); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

// Scenarios share the baseline's seeds: a scenario that changes nothing
// differs by exactly zero in every run, and one that stops all entry
// differs by exactly the baseline's entrants.
func TestScenariosArePairedWithTheBaseline(t *testing.T) {
	_, h := bundled(t)
	f, err := Estimate(h, 2)
	if err != nil {
		t.Fatal(err)
	}
	same, _ := ParseScenario("same=entry=x1", f.Space)
	none, _ := ParseScenario("none=entry=-100%", f.Space)
	step, _ := ParseScenario("step=rate:residential>fostering=x3", f.Space)
	p, err := Project(f, Options{Months: 24, Runs: 300, Seed: 5}, same, none, step)
	if err != nil {
		t.Fatal(err)
	}
	d := Diff(p.StockRuns(1, 24, All), p.StockRuns(0, 24, All))
	if d.P2_5 != 0 || d.P97_5 != 0 {
		t.Errorf("an unchanged scenario differs: %+v", d)
	}
	if got := Summarise(p.FlowRuns(2, 0, 24, false)); got.P97_5 != 0 {
		t.Errorf("no entry, yet entrants %+v", got)
	}
	res, _ := f.Space.CategoryIndex("residential")
	sd := Diff(p.StockRuns(3, 12, Scope{-1, res}), p.StockRuns(0, 12, Scope{-1, res}))
	if sd.Mean >= 0 {
		t.Errorf("faster step-down should leave fewer in residential: %+v", sd)
	}
	// Paired differences are far tighter than the spread of either.
	base := Summarise(p.StockRuns(0, 12, Scope{-1, res}))
	if sd.P90-sd.P10 >= base.P90-base.P10 {
		t.Errorf("paired difference %+v is no tighter than the baseline %+v", sd, base)
	}
}

// Spend is care days times the daily cost: with no moves or leaving, 10
// fostered children for the year to 31 March 2022 cost 10 × 365 × £100.
func TestCostsAndSufficiencyByHand(t *testing.T) {
	sp := DefaultStateSpace()
	asOf := day(2021, time.March, 31)
	f := handFit(sp, asOf)
	for range 10 {
		f.Stock = append(f.Stock, Member{DOB: dayOf(day(2010, time.June, 1)), Cat: 0})
	}
	for range 3 {
		f.Stock = append(f.Stock, Member{DOB: dayOf(day(2010, time.June, 1)), Cat: 1})
	}
	p, err := Project(f, Options{Months: 24, Runs: 5, Seed: 1, FixedRates: true})
	if err != nil {
		t.Fatal(err)
	}
	costs, err := ReadCosts("costs.csv", []byte("category,per_day\nfostering,100\nresidential,£800\nsupported,200\nother,150\n"), sp)
	if err != nil {
		t.Fatal(err)
	}
	if got := Summarise(p.SpendRuns(0, 0, 12, 0, costs)).Mean; math.Abs(got-10*365*100) > 0.5 {
		t.Errorf("a year's fostering: £%v, want £365,000", got)
	}
	if got := Summarise(p.SpendRuns(0, 12, 24, -1, costs)).Mean; math.Abs(got-(10*100+3*800)*365) > 0.5 {
		t.Errorf("the second year's spend: £%v, want £1,241,000", got)
	}
	if got := Summarise(p.SpendRuns(0, 0, 1, 1, costs)).Mean; math.Abs(got-3*30*800) > 0.5 {
		t.Errorf("April's residential: £%v, want 3 × 30 days × £800", got)
	}
	if j, err := ReadCosts("c.json", []byte(`{"fostering": 90, "Residential": 700, "supported": 1, "other": 2}`), sp); err != nil || j.PerDay("residential") != 700 {
		t.Errorf("JSON costs: %v %v", j, err)
	}
	for name, c := range map[string]struct{ data, where string }{
		"not a number":  {"category,per_day\nfostering,lots\n", `line 2, column "per_day"`},
		"no such thing": {"category,per_day\nhomes,1\n", `line 2, column "category"`},
		"missing":       {"category,per_day\nfostering,1\n", "no cost for residential"},
		"header":        {"type,cost\n", "line 1"},
	} {
		_, err := ReadCosts("costs.csv", []byte(c.data), sp)
		var ie *sightline.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.where) || ie.File != "costs.csv" {
			t.Errorf("%s: %v", name, err)
		}
	}

	capacity, err := ReadCapacity("places.csv", []byte("category,month,places\nfostering,,8\nresidential,,4\nresidential,2022-01,2\n"), sp)
	if err != nil {
		t.Fatal(err)
	}
	gaps := p.Sufficiency(0, capacity)
	check := func(month time.Time, cat string, places, gap float64) {
		t.Helper()
		for _, g := range gaps {
			if g.Month.Equal(month) && g.Category == cat {
				if g.Places != places || g.GapP50 != gap || g.GapP90 != gap {
					t.Errorf("%s %s: %+v, want places %v gap %v", month.Format("2006-01"), cat, g, places, gap)
				}
				return
			}
		}
		t.Errorf("no gap for %s %s", month.Format("2006-01"), cat)
	}
	check(day(2021, time.December, 31), "fostering", 8, 2)
	check(day(2021, time.December, 31), "residential", 4, -1)
	check(day(2022, time.January, 31), "residential", 2, 1)
	for _, g := range gaps {
		if g.Category == "supported" {
			t.Fatal("a category the file does not list is not assessed")
		}
	}
	for name, c := range map[string]struct{ data, where string }{
		"month":     {"category,month,places\nfostering,,1\nfostering,Jan 2022,3\n", `line 3, column "month"`},
		"places":    {"category,month,places\nfostering,,-1\n", `line 2, column "places"`},
		"category":  {"category,month,places\nfoster,,1\n", `line 2, column "category"`},
		"twice":     {"category,month,places\nfostering,,1\nfostering,,2\n", `line 3, column "month"`},
		"no start":  {"category,month,places\nfostering,2022-01,2\n", "no row with a blank month"},
		"bad shape": {"category,month,places\nfostering,1\n", "line 2"},
	} {
		_, err := ReadCapacity("places.csv", []byte(c.data), sp)
		if err == nil || !strings.Contains(err.Error(), c.where) || !strings.HasPrefix(err.Error(), "places.csv") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Parameter uncertainty and drift widen the intervals beyond those of
// fixed rates, on the same data.
func TestParameterUncertaintyWidensIntervals(t *testing.T) {
	_, h := bundled(t)
	f, err := Estimate(h, 2)
	if err != nil {
		t.Fatal(err)
	}
	fixed, err := Project(f, Options{Months: 36, Runs: 400, Seed: 2, FixedRates: true})
	if err != nil {
		t.Fatal(err)
	}
	full, err := Project(f, Options{Months: 36, Runs: 400, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	a, b := fixed.Stock(0, 36, All), full.Stock(0, 36, All)
	if b.P90-b.P10 <= a.P90-a.P10 {
		t.Errorf("80%% interval with parameter uncertainty %v–%v, without %v–%v", b.P10, b.P90, a.P10, a.P90)
	}
	// Same seed, same figures.
	again, _ := Project(f, Options{Months: 36, Runs: 400, Seed: 2})
	if again.Stock(0, 36, All) != b {
		t.Error("the same seed gave different figures")
	}
}
