package stats

import (
	"math"
	"testing"
)

func TestChangeZByHand(t *testing.T) {
	// England 20% then 22%. A council goes from 20 of 100 to 30 of 100: its
	// change is 0.10 against England's 0.02. Variance
	// 0.2×0.8/100 + 0.22×0.78/100 = 0.0016 + 0.001716 = 0.003316,
	// SE 0.0575847, z = 0.08/0.0575847 = 1.38926: within 95%.
	c := Change{Model: Binomial, T1: 0.20, T2: 0.22}
	before := Unit{O: 20, N: 100}
	if z := c.Z(before, Unit{O: 30, N: 100}); !near(z, 1.389257, 1e-5) {
		t.Fatalf("z %v, want 1.389257", z)
	}
	if c.Outside(before, Unit{O: 30, N: 100}, P95) != 0 {
		t.Fatal("a z of 1.39 is within 95%")
	}
	// To 35 of 100: z = 0.13/0.0575847 = 2.25754, above 1.96 but not 3.09.
	after := Unit{O: 35, N: 100}
	if z := c.Z(before, after); !near(z, 2.257543, 1e-5) {
		t.Fatalf("z %v, want 2.257543", z)
	}
	if c.Outside(before, after, P95) != 1 || c.Outside(before, after, P998) != 0 {
		t.Fatal("expected above 95% only")
	}
	// And down to 10 of 100: z = (−0.10 − 0.02)/0.0575847 = −2.08389.
	if c.Outside(before, Unit{O: 10, N: 100}, P95) != -1 {
		t.Fatal("expected below 95%")
	}
	// The limits at n1 = n2 = 100 are 0.02 ± 1.959964 × 0.0575847.
	lo, hi := c.Limits(100, 100, P95)
	if !near(lo, 0.02-1.959964*0.0575847, 1e-6) || !near(hi, 0.02+1.959964*0.0575847, 1e-6) {
		t.Fatalf("limits %v %v", lo, hi)
	}
	// Poisson: rates 0.01 per head of 1000 then 0.012 of 1200: variance
	// 0.01/1000 + 0.012/1200 = 0.00002, SE 0.00447214. From 10 to 24
	// events (0.01 → 0.02) the change 0.01 exceeds England's 0.002 by
	// 0.008: z = 1.78885.
	p := Change{Model: Poisson, T1: 0.01, T2: 0.012}
	if z := p.Z(Unit{O: 10, N: 1000}, Unit{O: 24, N: 1200}); !near(z, 1.788854, 1e-5) {
		t.Fatalf("Poisson z %v", z)
	}
	if !math.IsNaN(c.Z(Unit{O: 1, N: 0}, after)) || c.Outside(Unit{O: 1, N: 0}, after, P95) != 0 {
		t.Fatal("missing denominator")
	}
}

func TestFitChangeByHand(t *testing.T) {
	// England steady at 0.2. Councils of 32, 128 and 800 in both years have
	// change SEs sqrt(2×0.16/n) = 0.1, 0.05 and 0.02; their changes are set
	// to z = 1, −1, 2, −2, 3, −3 SEs, as in the over-dispersion worked
	// example, so unwinsorised φ̂ = 28/6 and τ̂² = 23/3860 = 0.0059585.
	ns := []float64{32, 32, 128, 128, 800, 800}
	zs := []float64{1, -1, 2, -2, 3, -3}
	ses := []float64{0.1, 0.1, 0.05, 0.05, 0.02, 0.02}
	var b, a []Unit
	for i, n := range ns {
		b = append(b, Unit{O: 0.2 * n, N: n})
		a = append(a, Unit{O: (0.2 + zs[i]*ses[i]) * n, N: n})
	}
	b = append(b, Unit{O: 1, N: 0})
	a = append(a, Unit{O: 1, N: 10})
	c := FitChange(Binomial, 0.2, 0.2, b, a, Additive, 0)
	if c.Over.Units != 6 || !near(c.Over.Phi, 28.0/6, 1e-9) || !near(c.Over.Tau2, 23.0/3860, 1e-12) {
		t.Fatalf("fit %+v", c.Over)
	}
	// The third council's z, adjusted: 0.1/sqrt(0.0025 + 0.0059585) =
	// 0.1/0.0919704 = 1.087307.
	if z := c.Z(b[2], a[2]); !near(z, 1.087307, 1e-6) {
		t.Fatalf("adjusted z %v", z)
	}
}

// TestSustainedImprovementTwoYears is the use another package makes of a
// change funnel: for a low-is-good indicator (re-referrals), a council's
// fall beyond the 95% limit in each of two successive years.
func TestSustainedImprovementTwoYears(t *testing.T) {
	c1 := Change{Model: Binomial, T1: 0.22, T2: 0.22}
	c2 := Change{Model: Binomial, T1: 0.22, T2: 0.21}
	y0, y1, y2 := Unit{O: 300, N: 1000}, Unit{O: 240, N: 1000}, Unit{O: 190, N: 1000}
	// 0.30 → 0.24: z = −0.06/sqrt(2×0.22×0.78/1000) = −3.2388;
	// 0.24 → 0.19 against England's −0.01: z = −0.04/sqrt(0.22×0.78/1000 + 0.21×0.79/1000) = −2.1773.
	if !near(c1.Z(y0, y1), -3.238751, 1e-5) || !near(c2.Z(y1, y2), -2.177324, 1e-5) {
		t.Fatalf("z %v, %v", c1.Z(y0, y1), c2.Z(y1, y2))
	}
	if c1.Outside(y0, y1, P95) != -1 || c2.Outside(y1, y2, P95) != -1 {
		t.Fatalf("z %v, %v: both falls should be beyond 95%%", c1.Z(y0, y1), c2.Z(y1, y2))
	}
	if c2.Outside(y1, Unit{O: 230, N: 1000}, P95) != 0 {
		t.Fatal("a fall no bigger than England's is not an improvement")
	}
}
