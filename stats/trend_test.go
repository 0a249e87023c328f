package stats

import (
	"math"
	"strings"
	"testing"
)

// base is a six-year baseline: mean 75/6 = 12.5; moving ranges 2, 1, 4, 2,
// 1, mean 2, so sigma = 2/1.128 = 1.773050. The lines: 1σ 14.2730, 2σ
// 16.0461, 3σ 17.8191 above; 3σ below 7.1809.
var base = []float64{10, 12, 11, 15, 13, 14}

func series(after ...float64) []float64 { return append(append([]float64(nil), base...), after...) }

func TestXmRByHand(t *testing.T) {
	c, s := XmR(base)
	if c != 12.5 || !near(s, 2/1.128, 1e-12) {
		t.Fatalf("centre %v sigma %v, want 12.5 and 1.773050", c, s)
	}
	// A missing year drops its two moving ranges: 10, 12, NaN, 15, 13, 14
	// has ranges 2, 2, 1 (mean 5/3) and mean 64/5 = 12.8.
	c, s = XmR([]float64{10, 12, math.NaN(), 15, 13, 14})
	if !near(c, 12.8, 1e-12) || !near(s, 5.0/3/1.128, 1e-12) {
		t.Fatalf("with a gap: centre %v sigma %v", c, s)
	}
	if _, s := XmR([]float64{3}); !math.IsNaN(s) {
		t.Fatal("one point has no sigma")
	}
}

func only(sigs []Signal, rule string) []Signal {
	var out []Signal
	for _, s := range sigs {
		if s.Rule == rule {
			out = append(out, s)
		}
	}
	return out
}

func TestRunRulesFireAndHold(t *testing.T) {
	b := len(base)
	cases := []struct {
		name  string
		xs    []float64
		rule  Rule
		index []int // points that signal
		dir   int
	}{
		// 18 > 17.8191; 17.5 is not.
		{"beyond 3σ", series(17.5, 18), Beyond3Sigma, []int{7}, 1},
		{"beyond 3σ below", series(7), Beyond3Sigma, []int{6}, -1},
		{"beyond 3σ holds", series(17.5, 8), Beyond3Sigma, nil, 0},
		// 16.5 and 16.2 beyond 16.0461 with 12 between: fires at the
		// second; 15.9 would not.
		{"2 of 3", series(16.5, 12, 16.2), TwoOfThree, []int{8}, 1},
		{"2 of 3 holds", series(16.5, 12, 15.9), TwoOfThree, nil, 0},
		// The point completing the pattern must itself be beyond: 16.5,
		// 16.3 fire at 7, and 12 after them does not fire again.
		{"2 of 3 at the completing point", series(16.5, 16.3, 12), TwoOfThree, []int{7}, 1},
		// Beyond 14.2730: 14.5, 15, (12), 14.8, 15.5 — four of the five
		// points 6–10, fires at 10; at 9 the window 5–9 has only three.
		{"4 of 5", series(14.5, 15, 12, 14.8, 15.5), FourOfFive, []int{10}, 1},
		{"4 of 5 holds", series(14.5, 15, 12, 14.8, 14.0), FourOfFive, nil, 0},
		// 13 is above 12.5: points 3–9 (15, 13, 14 from the baseline and
		// four 13s) are seven in a row at 9; at 8 the run 2–8 meets 11.
		{"7 on one side", series(13, 13, 13, 13), SameSide(7), []int{9}, 1},
		{"7 on one side holds", series(13, 13, 13, 12), SameSide(7), nil, 0},
		// Six rising points 6–11, across the centre line.
		{"6 rising", series(11, 11.4, 11.8, 12.2, 12.6, 13), Steady(6), []int{11}, 1},
		{"6 falling", series(14, 13.6, 13.2, 12.8, 12.4, 12), Steady(6), []int{11}, -1},
		{"6 rising holds", series(11, 11.4, 11.8, 11.8, 12.6, 13), Steady(6), nil, 0},
	}
	for _, c := range cases {
		sigs := Signals(c.xs, b, []Rule{c.rule})
		var idx []int
		for _, s := range sigs {
			idx = append(idx, s.Index)
			if s.Direction != c.dir || s.Rule != c.rule.Name() || s.Words == "" {
				t.Errorf("%s: %+v", c.name, s)
			}
		}
		if len(idx) != len(c.index) || (len(idx) > 0 && idx[0] != c.index[0]) {
			t.Errorf("%s: signals at %v, want %v", c.name, idx, c.index)
		}
	}
}

func TestDefaultRulesQuietOnSteadySeries(t *testing.T) {
	// Thirteen years wandering within a sigma of the baseline's level.
	xs := series(12, 13.5, 11.5, 12.8, 13.9, 11.2, 12.4)
	if s := Signals(xs, len(base), DefaultRules()); len(s) != 0 {
		t.Fatalf("no signal expected, got %+v", s)
	}
	if s := CUSUMSignals(xs, len(base), DefaultCUSUMK, DefaultCUSUMH); len(s) != 0 {
		t.Fatalf("no CUSUM signal expected, got %+v", s)
	}
}

func TestSignalWords(t *testing.T) {
	s := Signals(series(14.5, 15, 12, 14.8, 15.5), len(base), DefaultRules())
	if len(s) != 1 || s[0].Words != "4 of the last 5 years were more than one standard deviation above the council's usual level" {
		t.Fatalf("%+v", s)
	}
	s = Signals(series(14, 13.6, 13.2, 12.8, 12.4, 12), len(base), []Rule{Steady(6)})
	if len(s) != 1 || s[0].Words != "the figure has fallen every year for the last 5 years" {
		t.Fatalf("%+v", s)
	}
}

func TestCUSUMByHand(t *testing.T) {
	// Points 1.6 sigma above the centre: z = 1.6, so with k = 0.5 the upper
	// sum grows by 1.1 a year: 1.1, 2.2, 3.3, 4.4 — beyond h = 4 at the
	// fourth point (index 9) and after.
	x := 12.5 + 1.6*2/1.128
	xs := series(x, x, x, x, x)
	up, lo := CUSUMPath(xs, len(base), 0.5)
	for i, want := range []float64{1.1, 2.2, 3.3, 4.4, 5.5} {
		if !near(up[6+i], want, 1e-9) || lo[6+i] != 0 {
			t.Fatalf("upper sums %v, lower %v", up, lo)
		}
	}
	if !math.IsNaN(up[5]) {
		t.Fatal("no sum inside the baseline")
	}
	sigs := CUSUMSignals(xs, len(base), 0.5, 4)
	if len(sigs) != 2 || sigs[0].Index != 9 || sigs[0].Direction != 1 || !strings.Contains(sigs[0].Words, "above") {
		t.Fatalf("%+v", sigs)
	}
	// The lower sum, for points 1.6 sigma below.
	x = 12.5 - 1.6*2/1.128
	sigs = CUSUMSignals(series(x, x, x, x), len(base), 0.5, 4)
	if len(sigs) != 1 || sigs[0].Index != 9 || sigs[0].Direction != -1 {
		t.Fatalf("%+v", sigs)
	}
}

func TestSignalsNeedEnoughPoints(t *testing.T) {
	if Signals([]float64{1, 2, 3, 4, 30}, 4, DefaultRules()) != nil {
		t.Fatal("a baseline of 4 is below MinBaseline")
	}
	if Signals(base, len(base), DefaultRules()) != nil {
		t.Fatal("nothing after the baseline")
	}
	if Signals([]float64{5, 5, 5, 5, 5, 9}, 5, DefaultRules()) != nil {
		t.Fatal("a flat baseline has no sigma")
	}
	// A missing year after the baseline cannot signal or carry a run.
	xs := series(18, math.NaN(), 18)
	s := Signals(xs, len(base), []Rule{Beyond3Sigma, SameSide(2)})
	for _, g := range s {
		if g.Index == 7 || (g.Rule == "side2" && g.Index == 8) {
			t.Fatalf("signal through a missing year: %+v", g)
		}
	}
	if len(s) != 3 { // 3σ at 6 and 8; two on one side at 6 (with 14 before it)
		t.Fatalf("%+v", s)
	}
}

func TestSignalsWithKnownSigma(t *testing.T) {
	// Centre 50, sigma 2 from elsewhere: 57 is 3.5 sigma above; a run of
	// four points at 53 (1.5 sigma) fires 4 of 5.
	xs := []float64{50, 57, 53, 53, 53, 53}
	s := SignalsWith(xs, 50, 2, 1, DefaultRules())
	var rules []string
	for _, g := range s {
		rules = append(rules, g.Rule)
	}
	if got := strings.Join(rules, ","); got != "3sigma,4of5,4of5" {
		t.Fatalf("signals %s", got)
	}
	if SignalsWith(xs, 50, 0, 1, DefaultRules()) != nil {
		t.Fatal("sigma 0")
	}
}
