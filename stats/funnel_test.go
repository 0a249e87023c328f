package stats_test

import (
	"math"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/indicators/indicatorstest"
	"github.com/sightline-uk/sightline/stats"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// handUnits have z-scores of exactly 1, −1, 2, −2, 3, −3 around 0.2:
// denominators 16, 64 and 400 give standard errors sqrt(0.16/n) = 0.1,
// 0.05 and 0.02, and proportions 0.3, 0.1, 0.3, 0.1, 0.26, 0.14. As in
// the over-dispersion worked example, unwinsorised φ̂ = 28/6 and
// τ̂² = 23/3860 = 0.0059585.
var handUnits = []stats.Unit{{O: 4.8, N: 16}, {O: 1.6, N: 16}, {O: 19.2, N: 64}, {O: 6.4, N: 64}, {O: 104, N: 400}, {O: 56, N: 400}}

func TestFunnelAdditiveByHand(t *testing.T) {
	f := stats.FitFunnel(stats.Binomial, 0.2, append(handUnits, stats.Unit{O: 3, N: 0}), stats.Additive, 0)
	if f.Over.Units != 6 || !near(f.Over.Tau2, 23.0/3860, 1e-12) || !f.Over.Adjusted() {
		t.Fatalf("fit %+v", f.Over)
	}
	// At n = 100: s = sqrt(0.16/100) = 0.04, SE = sqrt(0.0016 + 0.0059585)
	// = 0.0869399, and 1.959964 × 0.0869399 = 0.170399, so the 95% limits
	// are 0.029601 and 0.370399.
	lo, hi := f.Limits(100, stats.P95)
	if !near(lo, 0.029601, 1e-6) || !near(hi, 0.370399, 1e-6) {
		t.Fatalf("95%% limits at n=100: %v–%v, want 0.029601–0.370399", lo, hi)
	}
	for _, c := range []struct {
		u    stats.Unit
		want int
	}{{stats.Unit{O: 40, N: 100}, 1}, {stats.Unit{O: 36, N: 100}, 0}, {stats.Unit{O: 2, N: 100}, -1}, {stats.Unit{O: 3, N: 0}, 0}} {
		if got := f.Outside(c.u, stats.P95); got != c.want {
			t.Errorf("Outside(%v) = %d, want %d", c.u, got, c.want)
		}
	}
	// z = 0.2/0.0869399 = 2.30044.
	if z := f.Z(stats.Unit{O: 40, N: 100}); !near(z, 2.300439, 1e-5) {
		t.Errorf("z %v, want 2.300439", z)
	}
	if !math.IsNaN(f.Z(stats.Unit{O: 1, N: 0})) {
		t.Error("z with no denominator must be NaN")
	}
	// At n = 4 the 99.8% limits would be 0.2 ± 3.090232 × sqrt(0.04 +
	// 0.0059585) = 0.2 ± 0.662482: the lower is clamped to 0.
	lo, hi = f.Limits(4, stats.P998)
	if lo != 0 || !near(hi, 0.862482, 1e-6) {
		t.Errorf("99.8%% limits at n=4: %v–%v", lo, hi)
	}
	if _, hi := f.Limits(1, stats.P998); hi != 1 {
		t.Errorf("upper limit at n=1 is %v, want clamped to 1", hi)
	}
}

func TestFunnelMultiplicativeByHand(t *testing.T) {
	// φ̂ = 28/6: SE at n = 100 is 0.04 × sqrt(4.6667) = 0.0864099, limits
	// 0.2 ± 1.959964 × 0.0864099 = 0.030640 and 0.369360.
	f := stats.FitFunnel(stats.Binomial, 0.2, handUnits, stats.Multiplicative, 0)
	lo, hi := f.Limits(100, stats.P95)
	if !near(lo, 0.030640, 1e-6) || !near(hi, 0.369360, 1e-6) {
		t.Fatalf("limits %v–%v, want 0.030640–0.369360", lo, hi)
	}
}

// TestUnadjustedFunnelIsExact checks that a funnel with no significant
// over-dispersion places every whole count exactly as the exact
// interpolated limits (Limit and Outside) do, and draws those limits.
func TestUnadjustedFunnelIsExact(t *testing.T) {
	type tc struct {
		m      stats.Model
		thetas []float64
		ns     []float64
	}
	for _, c := range []tc{
		{stats.Binomial, []float64{0.02, 0.2, 0.6}, []float64{1, 7, 30, 250, 2000}},
		{stats.Poisson, []float64{0.001, 0.01, 0.05}, []float64{50, 1000, 20000}},
	} {
		for _, th := range c.thetas {
			for _, n := range c.ns {
				f := stats.Funnel{Model: c.m, Target: th}
				top := n
				if c.m == stats.Poisson {
					top = 3*th*n + 20
				}
				for _, p := range []float64{stats.P95, stats.P998} {
					lo, hi := f.Limits(n, p)
					if lo != math.Max(stats.Limit(c.m, th, n, p), 0) || hi != stats.Limit(c.m, th, n, 1-p) {
						t.Fatalf("limits differ from Limit at θ=%v n=%v", th, n)
					}
					for o := 0.0; o <= top; o++ {
						u := stats.Unit{O: o, N: n}
						if got, want := f.Outside(u, p), stats.Outside(c.m, th, o, n, p); got != want {
							t.Fatalf("model %v θ=%v n=%v o=%v p=%v: Outside %d, exact %d", c.m, th, n, o, p, got, want)
						}
					}
				}
			}
		}
	}
	// A fractional count takes the same decision through the limits.
	f := stats.Funnel{Model: stats.Binomial, Target: 0.2}
	if got, want := f.Outside(stats.Unit{O: 30.5, N: 100}, stats.P95), stats.Outside(stats.Binomial, 0.2, 30.5, 100, stats.P95); got != want {
		t.Fatalf("fractional count: %d, want %d", got, want)
	}
}

func TestNullSE(t *testing.T) {
	if !near(stats.NullSE(stats.Binomial, 0.2, 100), 0.04, 1e-15) || !near(stats.NullSE(stats.Poisson, 0.01, 10000), 0.001, 1e-15) {
		t.Fatal("null standard errors")
	}
	if !math.IsNaN(stats.NullSE(stats.Binomial, 0.2, 0)) || !math.IsNaN(stats.NullSE(stats.NoModel, 0.2, 10)) {
		t.Fatal("NaN expected")
	}
}

// TestRealRereferralFunnel fits funnels to every council's re-referrals
// (indicator rereferral_pct) in the latest year of the bundled published
// statistics, imported into a real DuckDB file.
func TestRealRereferralFunnel(t *testing.T) {
	tab := indicatorstest.Snapshot(t).Table
	const ind = "rereferral_pct"
	year := tab.Latest(ind)
	units := func(y int) (theta float64, codes []string, us map[string]stats.Unit) {
		eng, ok := tab.Cell(ind, sightline.EnglandCode, y)
		if !ok || !eng.HasCounts || eng.Den <= 0 {
			t.Fatalf("no England counts for %d", y)
		}
		us = map[string]stats.Unit{}
		for _, c := range tab.Units(ind, y) {
			if cell, ok := tab.Cell(ind, c, y); ok && cell.HasCounts && cell.Den > 0 {
				codes = append(codes, c)
				us[c] = stats.Unit{O: cell.Num, N: cell.Den}
			}
		}
		return eng.Num / eng.Den, codes, us
	}
	theta, codes, byCode := units(year)
	var us []stats.Unit
	for _, c := range codes {
		us = append(us, byCode[c])
	}
	if len(us) < 140 {
		t.Fatalf("only %d councils with counts in %d", len(us), year)
	}
	ns := make([]float64, len(us))
	for i, u := range us {
		ns[i] = u.N
	}
	medianN := stats.Median(ns)
	count := func(f stats.Funnel, p float64) int {
		k := 0
		for _, u := range us {
			if f.Outside(u, p) != 0 {
				k++
			}
		}
		return k
	}
	none := stats.FitFunnel(stats.Binomial, theta, us, stats.NoDispersion, stats.DefaultWinsor)
	n95, n998 := count(none, stats.P95), count(none, stats.P998)
	t.Logf("%d: %d councils, England %.4f, median referrals %.0f; exact limits: %d outside 95%%, %d outside 99.8%%",
		year, len(us), theta, medianN, n95, n998)
	if none.Over.Phi <= 1 || !none.Over.Significant {
		t.Fatalf("re-referrals should be over-dispersed: φ %v", none.Over.Phi)
	}
	lo0, hi0 := none.Limits(medianN, stats.P95)
	for _, kind := range []stats.Dispersion{stats.Additive, stats.RobustAdditive, stats.Multiplicative} {
		f := stats.FitFunnel(stats.Binomial, theta, us, kind, stats.DefaultWinsor)
		a95, a998 := count(f, stats.P95), count(f, stats.P998)
		lo, hi := f.Limits(medianN, stats.P95)
		t.Logf("%s: φ %.2f, τ² %.6f (τ %.4f), p %.3g; 95%% limits at the median council %.4f–%.4f (exact %.4f–%.4f); %d outside 95%%, %d outside 99.8%%",
			kind, f.Over.Phi, f.Over.Tau2, math.Sqrt(f.Over.Tau2), f.Over.PValue, lo, hi, lo0, hi0, a95, a998)
		if !f.Over.Adjusted() || lo >= lo0 || hi <= hi0 {
			t.Errorf("%s: adjusted limits should be wider than the exact ones", kind)
		}
		if a95 >= n95 || a998 > n998 {
			t.Errorf("%s: adjustment should leave fewer councils outside (%d, %d vs %d, %d)", kind, a95, a998, n95, n998)
		}
	}
	dl := stats.FitFunnel(stats.Binomial, theta, us, stats.Additive, stats.DefaultWinsor)
	rb := stats.FitFunnel(stats.Binomial, theta, us, stats.RobustAdditive, stats.DefaultWinsor)
	if rb.Over.Tau2 <= dl.Over.Tau2 {
		t.Errorf("the robust τ² (%v) should exceed the winsorised DerSimonian–Laird one (%v), which clips the large councils", rb.Over.Tau2, dl.Over.Tau2)
	}

	// Change since the year before, for the councils with counts in both.
	theta1, _, before := units(year - 1)
	var b, a []stats.Unit
	for _, c := range codes {
		if u, ok := before[c]; ok {
			b = append(b, u)
			a = append(a, byCode[c])
		}
	}
	for _, kind := range []stats.Dispersion{stats.NoDispersion, stats.Additive, stats.RobustAdditive} {
		ch := stats.FitChange(stats.Binomial, theta1, theta, b, a, kind, stats.DefaultWinsor)
		k95, k998 := 0, 0
		for i := range b {
			if ch.Outside(b[i], a[i], stats.P95) != 0 {
				k95++
			}
			if ch.Outside(b[i], a[i], stats.P998) != 0 {
				k998++
			}
		}
		t.Logf("change %d→%d (%s): %d councils, England %+.4f, φ %.2f, τ %.4f; %d outside 95%%, %d outside 99.8%%",
			year-1, year, kind, len(b), theta-theta1, ch.Over.Phi, math.Sqrt(ch.Over.Tau2), k95, k998)
		if kind == stats.NoDispersion && !(ch.Over.Phi > 1 && ch.Over.Significant) {
			t.Errorf("councils' changes should be over-dispersed too: φ %v", ch.Over.Phi)
		}
	}
}
