package published

import (
	"math"
	"sync"
	"testing"

	"github.com/sightline-uk/sightline/indicators/indicatorstest"
)

var (
	loadOnce sync.Once
	loaded   map[string]*Panel
)

// realPanels imports the bundled snapshot into a DuckDB file once and reads
// both measures' panels from the indicator table it computes; the panels
// live in memory, so later tests share them.
func realPanels(t testing.TB) map[string]*Panel {
	loadOnce.Do(func() {
		l := indicatorstest.Snapshot(t)
		loaded = map[string]*Panel{}
		for _, m := range Measures {
			loaded[m.ID] = Load(l.Table, l.Reg, m)
		}
	})
	if loaded == nil {
		t.Fatal("snapshot not loaded")
	}
	return loaded
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f", what, got, want)
	}
}

// panelOf builds a one-council panel for worked examples.
func panelOf(origin int, count, pop map[int]float64) (*Panel, *Series) {
	p := &Panel{Measure: LookedAfter, Origin: origin, England: map[int]float64{},
		Councils: []Series{{Code: "E06000001", Name: "Example", Count: count, Pop: pop}}}
	return p, &p.Councils[0]
}

// TestWorkedForecasts checks each model against forecasts worked by hand.
func TestWorkedForecasts(t *testing.T) {
	// 100, 110, 121: a log drift of log 1.1 a year.
	p, s := panelOf(2023, map[int]float64{2021: 100, 2022: 110, 2023: 121},
		map[int]float64{2021: 10000, 2022: 10000, 2023: 10100})
	cases := []struct {
		model  string
		target int
		want   float64
	}{
		{"naive", 2025, 121},
		{"drift", 2024, 133.1},
		{"drift", 2025, 146.41},
		// damped: 121 × 1.1^(0.8 + 0.64)
		{"damped", 2025, 121 * math.Pow(1.1, 1.44)},
		// the line through (2021,100), (2022,110), (2023,121) has slope 10.5
		// and passes through (2022, 110.333…): 2024 is 110.333 + 21.
		{"linear", 2024, 110 + 1.0/3 + 21},
		// rate 121/10100 times the population 10100 grown by its drift
		// (10100/10000)^(1/2) a year, for one year.
		{"rate_x_population", 2024, 121 * math.Sqrt(1.01)},
		{"mean3", 2026, 110.33333333},
	}
	for _, c := range cases {
		pred := ModelByName(c.model).Fit(p)
		got, ok := pred(s, c.target)
		if !ok {
			t.Fatalf("%s gave no forecast", c.model)
		}
		near(t, c.model, got, c.want, 1e-6)
	}
}

// TestSuppressedYearIsSpanned: a suppressed middle year is absent, and the
// drift runs from first to last published year; a forecast from a council
// whose origin year was suppressed runs from its last published year.
func TestSuppressedYearIsSpanned(t *testing.T) {
	p, s := panelOf(2024, map[int]float64{2021: 100, 2023: 121}, map[int]float64{})
	got, _ := ModelByName("drift").Fit(p)(s, 2025)
	near(t, "drift over a gap, two years from the last figure", got, 146.41, 1e-6)
	got, _ = ModelByName("naive").Fit(p)(s, 2025)
	near(t, "naive", got, 121, 0)
	// One figure only (a council just created): no drift, the last figure.
	p, s = panelOf(2024, map[int]float64{2024: 482}, map[int]float64{2024: 52019})
	for _, m := range Models {
		got, ok := m.Fit(p)(s, 2026)
		if !ok || got <= 0 {
			t.Errorf("%s: no forecast for a one-year series", m.Name)
		}
		if m.Name != "national" && m.Name != "pooled" && m.Name != "pooled_damped" && got != 482 {
			t.Errorf("%s: a one-year series forecast %v, want its last figure", m.Name, got)
		}
	}
}

// TestPoolingByHand: two councils whose yearly excesses over England's
// change are (0.1, 0.3) and (−0.1, −0.3): σ² is the within-council spread
// (0.02+0.02)/2 = 0.02; the means ±0.2 vary by 0.08, less the 0.01 noise
// in a mean of two, so τ² = 0.07 and each weight is 0.07/0.08.
func TestPoolingByHand(t *testing.T) {
	e := math.Exp
	p := &Panel{Origin: 2023, England: map[int]float64{2021: 100, 2022: 100, 2023: 100}, Councils: []Series{
		{Code: "A", Count: map[int]float64{2021: 100, 2022: 100 * e(0.1), 2023: 100 * e(0.4)}},
		{Code: "B", Count: map[int]float64{2021: 100, 2022: 100 * e(-0.1), 2023: 100 * e(-0.4)}},
	}}
	pl := FitPooling(p)
	near(t, "σ²", pl.Sigma2, 0.02, 1e-12)
	near(t, "τ²", pl.Tau2, 0.07, 1e-12)
	near(t, "weight", pl.Weight["A"], 0.875, 1e-12)
	got, _ := ModelByName("pooled").Fit(p)(&p.Councils[0], 2024)
	near(t, "pooled forecast", got, 100*e(0.4+0.875*0.2), 1e-9)
}

func TestConformalQuantileByHand(t *testing.T) {
	scores := []float64{9, 1, 8, 2, 7, 3, 6, 4, 5}
	// ⌈10 × 0.8⌉ = 8th smallest; ⌈10 × 0.95⌉ = 10 > 9, so the largest.
	near(t, "80%", ConformalQuantile(scores, 0.8), 8, 0)
	near(t, "95%", ConformalQuantile(scores, 0.95), 9, 0)
}

// TestSpreadAndInterval: errors built as exactly √(0.01 + 2/size) are
// fitted back, every scaled error is 1, so the interval for a council of
// 500 has half-width √(0.01 + 0.004) on the log scale, √2 wider two years
// ahead when only one-year errors exist.
func TestSpreadAndInterval(t *testing.T) {
	var es []Error
	for i := range 40 {
		size := float64(50 + 50*i)
		es = append(es, Error{Abs: math.Sqrt(0.01 + 2/size), Size: size})
	}
	sp := FitSpread(es)
	near(t, "A", sp.A, 0.01, 1e-9)
	near(t, "B", sp.B, 2, 1e-6)
	cal := Calibration{1: es}
	iv, ok := cal.Rule(1)
	if !ok {
		t.Fatal("no interval from 40 errors")
	}
	near(t, "h=1 half-width", iv.HalfWidth(500, 0.8), math.Sqrt(0.014), 1e-6)
	iv2, ok := cal.Rule(2)
	if !ok || iv2.Source != 1 {
		t.Fatalf("two years ahead should widen one-year errors: %+v", iv2)
	}
	near(t, "h=2 half-width", iv2.HalfWidth(500, 0.95), math.Sqrt(0.014)*math.Sqrt2, 1e-6)
	if _, ok := (Calibration{1: es[:MinCalibration-1]}).Rule(1); ok {
		t.Error("an interval from fewer than MinCalibration errors")
	}
}

// TestBacktestByHand: forty councils of 1,000 children in 2021 and 2022;
// half rise to 1,100 in 2023, half fall to 900, and both stay in 2024. The
// naive forecast is scored from 2022 (the first origin with checked
// errors) and 2023:
//   - one year ahead, from 2022 the errors are 100/1100 and 100/900 with an
//     interval of zero width (2021's forecasts of 2022 were exact), so none
//     is covered; from 2023 every forecast is exact and covered. MAPE is
//     (9.0909 + 11.1111)/4 = 5.0505%, coverage 40/80.
//   - two years ahead, from 2022 only: MAPE 10.101%, coverage 0.
func TestBacktestByHand(t *testing.T) {
	p := &Panel{Measure: LookedAfter, Origin: 2024, England: map[int]float64{2021: 40000, 2022: 40000, 2023: 40000, 2024: 40000}}
	for i := range 40 {
		v := 1100.0
		if i%2 == 1 {
			v = 900
		}
		p.Councils = append(p.Councils, Series{Code: string(rune('A'+i%26)) + string(rune('a'+i/26)),
			Count: map[int]float64{2021: 1000, 2022: 1000, 2023: v, 2024: v}})
	}
	sc := Backtest(p, []Model{*ModelByName("naive")}, 3)
	if len(sc) != 2 {
		t.Fatalf("scored %d horizons, want 2 (no origin has three years ahead with an interval): %+v", len(sc), sc)
	}
	h1, h2 := sc[0], sc[1]
	near(t, "h=1 MAPE", h1.MAPE, (100.0/1100+100.0/900)/4*100, 1e-9)
	near(t, "h=1 coverage", h1.Coverage80, 0.5, 0)
	if h1.N != 80 || len(h1.Origins) != 2 {
		t.Errorf("h=1 scored %d forecasts from %v", h1.N, h1.Origins)
	}
	near(t, "h=2 MAPE", h2.MAPE, (100.0/1100+100.0/900)/2*100, 1e-9)
	near(t, "h=2 coverage", h2.Coverage80, 0, 0)
}

// TestChooseByHand: the lowest MAPE averaged over the horizons wins, and a
// model missing a horizon is not chosen.
func TestChooseByHand(t *testing.T) {
	sc := []Score{
		{Model: "a", Horizon: 1, MAPE: 5}, {Model: "a", Horizon: 2, MAPE: 9},
		{Model: "b", Horizon: 1, MAPE: 6}, {Model: "b", Horizon: 2, MAPE: 7},
		{Model: "c", Horizon: 1, MAPE: 1},
	}
	if got := Choose(sc, 2); got != "b" {
		t.Errorf("Choose = %q, want b (mean 6.5 against 7)", got)
	}
}

// TestRealPanel checks the series read from the bundled snapshot against
// the published file: code changes continue, splits start afresh,
// suppressed figures are absent.
func TestRealPanel(t *testing.T) {
	p := realPanels(t)[LookedAfter.ID]
	if p.Origin != 2025 || len(p.Councils) < 150 {
		t.Fatalf("origin %d, %d councils", p.Origin, len(p.Councils))
	}
	checks := []struct {
		code string
		year int
		want float64 // 0: absent
	}{
		{"E06000066", 2021, 517}, // Somerset, published under E10000027 then
		{"E06000066", 2025, 624},
		{"E06000063", 2023, 0}, // Cumberland: Cumbria's figures are not spliced on
		{"E06000063", 2024, 482},
		{"E06000061", 2021, 0}, // North Northamptonshire began in 2022
		{"E06000061", 2022, 525},
		{"E09000001", 2025, 0}, // City of London, suppressed
		{"E09000001", 2024, 7},
		{"E06000010", 2021, 947}, // Kingston upon Hull
	}
	for _, c := range checks {
		s := p.Council(c.code)
		if s == nil {
			t.Fatalf("%s missing", c.code)
		}
		got, ok := s.Count[c.year]
		if c.want == 0 && ok || c.want != 0 && got != c.want {
			t.Errorf("%s %d = %v (published %v), want %v", s.Name, c.year, got, ok, c.want)
		}
	}
	if p.Council("E10000006") != nil || p.Council("E10000027") != nil {
		t.Error("an abolished or renamed council has its own series")
	}
	if s := p.Council("E06000063"); s.FirstYear != 2024 {
		t.Errorf("Cumberland's series starts %d", s.FirstYear)
	}
}

// TestNoLaterFigureIsUsed: a forecast from 2023 does not move when every
// figure after 2023 is changed.
func TestNoLaterFigureIsUsed(t *testing.T) {
	p := realPanels(t)[LookedAfter.ID]
	for _, m := range Models {
		before, err := Forecasts(p, m, 2023, 2)
		if err != nil {
			t.Fatal(err)
		}
		q := p.AsOf(2025)
		for i := range q.Councils {
			c := map[int]float64{}
			for y, v := range q.Councils[i].Count {
				c[y] = v
				if y > 2023 {
					c[y] = v * 3
				}
			}
			q.Councils[i].Count = c
		}
		q.England = map[int]float64{}
		for y, v := range p.England {
			q.England[y] = v * 2
			if y <= 2023 {
				q.England[y] = v
			}
		}
		after, _ := Forecasts(q, m, 2023, 2)
		if len(before) != len(after) || len(before) == 0 {
			t.Fatalf("%s: %d forecasts then %d", m.Name, len(before), len(after))
		}
		for i := range before {
			if before[i] != after[i] {
				t.Fatalf("%s: %+v became %+v when later figures changed", m.Name, before[i], after[i])
			}
		}
	}
}

// TestBacktestOnPublishedData runs every model from rolling origins over
// the published figures and checks what the shipped choice rests on.
func TestBacktestOnPublishedData(t *testing.T) {
	for _, m := range Measures {
		p := realPanels(t)[m.ID]
		sc := Backtest(p, Models, 3)
		if len(sc) != 3*len(Models) {
			t.Fatalf("%s: %d scores, want every model at three horizons", m.ID, len(sc))
		}
		byKey := map[string]Score{}
		for _, s := range sc {
			t.Logf("%-6s %-18s h=%d origins=%v n=%3d MAPE=%6.2f%% cov80=%.3f cov95=%.3f (all councils: n=%d cov80=%.3f)",
				s.Measure, s.Model, s.Horizon, s.Origins, s.N, s.MAPE, s.Coverage80, s.Coverage95, s.NAll, s.Coverage80All)
			byKey[s.Model+string(rune('0'+s.Horizon))] = s
		}
		// Every model is scored on the same forecasts.
		for h := 1; h <= 3; h++ {
			n := byKey["naive"+string(rune('0'+h))].N
			for _, mod := range Models {
				if got := byKey[mod.Name+string(rune('0'+h))].N; got != n {
					t.Errorf("%s h=%d: %s scored %d forecasts, naive %d", m.ID, h, mod.Name, got, n)
				}
			}
		}
		// The naive one-year MAPE, computed directly from the series.
		var apes []float64
		for _, s := range p.Councils {
			for o := 2022; o <= 2024; o++ {
				v, _, ok := last(s.Count, o)
				a, okA := s.Count[o+1]
				if ok && okA && v > MinSize && a > 0 {
					apes = append(apes, math.Abs(a-v)/a*100)
				}
			}
		}
		near(t, m.ID+" naive h=1 MAPE", byKey["naive1"].MAPE, mean(apes), 1e-9)
		if got := Choose(sc, 3); got != Shipped[m.ID] {
			t.Errorf("%s: the backtest now picks %s, but %s is shipped", m.ID, got, Shipped[m.ID])
		}
		ship := byKey[Shipped[m.ID]+"1"]
		if ship.Coverage80 < 0.75 || ship.Coverage80 > 0.85 {
			t.Errorf("%s: shipped model's one-year 80%% coverage %.3f outside 0.75–0.85", m.ID, ship.Coverage80)
		}
		if ship.Coverage95 < 0.9 {
			t.Errorf("%s: shipped model's one-year 95%% coverage %.3f", m.ID, ship.Coverage95)
		}
	}
}

// TestForecastsForEveryCouncil: every council with a published series gets
// three years of forecasts with intervals that contain the point.
func TestForecastsForEveryCouncil(t *testing.T) {
	for _, m := range Measures {
		p := realPanels(t)[m.ID]
		fs, err := Forecasts(p, ShippedModel(m), p.Origin, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 3*len(p.Councils) {
			t.Errorf("%s: %d forecasts for %d councils", m.ID, len(fs), len(p.Councils))
		}
		for _, f := range fs {
			if !f.HasInterval || !(f.Lo95 <= f.Lo80 && f.Lo80 <= f.Point && f.Point <= f.Hi80 && f.Hi80 <= f.Hi95) {
				t.Fatalf("%+v", f)
			}
		}
		if _, err := Forecasts(p, ShippedModel(m), p.Origin+1, 3); err == nil {
			t.Error("a forecast from a year not yet published")
		}
	}
}

func BenchmarkBacktest(b *testing.B) {
	ps := realPanels(b)
	panels := []*Panel{ps[LookedAfter.ID], ps[Starters.ID]}
	b.ResetTimer()
	for b.Loop() {
		for _, p := range panels {
			Backtest(p, Models, 3)
		}
	}
}

// TestIntervalsNeverNarrowAhead: a council's interval three years ahead is
// at least as wide as two years ahead, on the log scale.
func TestIntervalsNeverNarrowAhead(t *testing.T) {
	for _, m := range Measures {
		p := realPanels(t)[m.ID]
		fs, _ := Forecasts(p, ShippedModel(m), p.Origin, 3)
		prev := map[string]float64{}
		for _, f := range fs {
			w := math.Log(f.Hi80 / f.Lo80)
			if w < prev[f.Code]-1e-12 {
				t.Errorf("%s %s: %d's interval is narrower than the year before's", m.ID, f.Name, f.Target)
			}
			prev[f.Code] = w
		}
	}
}
