package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestWinsoriseByHand(t *testing.T) {
	// Ten z-scores, sorted: −3 −1 −0.5 0 0.5 1 1.5 2 2.5 6.
	// Type-7 10th percentile: h = 9×0.1 = 0.9, so −3 + 0.9×(−1 − −3) = −1.2.
	// 90th: h = 9×0.9 = 8.1, so 2.5 + 0.1×(6 − 2.5) = 2.85.
	z := []float64{6, -1, 0, 2.5, -3, 0.5, 1, -0.5, 1.5, 2}
	Winsorise(z, 0.1)
	want := []float64{2.85, -1, 0, 2.5, -1.2, 0.5, 1, -0.5, 1.5, 2}
	for i := range want {
		if !near(z[i], want[i], 1e-12) {
			t.Fatalf("winsorised %v, want %v", z, want)
		}
	}
	z = []float64{6, -3}
	Winsorise(z, 0)
	if z[0] != 6 || z[1] != -3 {
		t.Fatal("winsor 0 must leave values alone")
	}
}

// handUnits are six units around a target of 0.2 whose z-scores are
// exactly 1, −1, 2, −2, 3, −3: standard errors 0.1, 0.1, 0.05, 0.05, 0.02,
// 0.02, so estimates 0.3, 0.1, 0.3, 0.1, 0.26, 0.14.
var handY = []float64{0.3, 0.1, 0.3, 0.1, 0.26, 0.14}
var handS = []float64{0.1, 0.1, 0.05, 0.05, 0.02, 0.02}

func TestOverdispersionByHand(t *testing.T) {
	// Without winsorising: Σz² = 1+1+4+4+9+9 = 28, φ̂ = 28/6 = 4.6667.
	// Weights w = 1/s² = 100, 100, 400, 400, 2500, 2500: Σw = 6000,
	// Σw² = 2×(10,000 + 160,000 + 6,250,000) = 12,840,000,
	// Σw²/Σw = 2140, so the denominator is 6000 − 2140 = 3860 and
	// τ̂² = (28 − 5)/3860 = 0.0059585.
	o := EstimateOverdispersion(handY, handS, 0.2, 0, Additive)
	if o.Units != 6 || !near(o.Phi, 28.0/6, 1e-9) || !near(o.Tau2, 23.0/3860, 1e-12) {
		t.Fatalf("got %+v, want φ 4.6667, τ² 0.0059585", o)
	}
	// χ² on 5 degrees of freedom: the upper 5% point is 11.07, so 28 is
	// significant (p ≈ 3×10⁻⁵).
	if !o.Significant || o.PValue > 1e-4 {
		t.Fatalf("28 on χ²(5) should be significant, p %v", o.PValue)
	}
	// Winsorised at 10%: of six sorted z (−3 −2 −1 1 2 3) the 10th
	// percentile is at h = 0.5, −3 + 0.5 = −2.5, and the 90th is 2.5, so
	// ±3 become ±2.5: Σz² = 1+1+4+4+6.25+6.25 = 22.5, φ̂ = 3.75 and
	// τ̂² = (22.5 − 5)/3860 = 0.0045337.
	o = EstimateOverdispersion(handY, handS, 0.2, 0.1, Additive)
	if !near(o.Phi, 3.75, 1e-9) || !near(o.Tau2, 17.5/3860, 1e-12) || o.Winsor != 0.1 {
		t.Fatalf("winsorised: got %+v, want φ 3.75, τ² 0.0045337", o)
	}

	// Adjusted standard errors and z for the fifth unit (y 0.26, s 0.02),
	// unwinsorised: additive sqrt(0.0004 + 0.0059585) = 0.079740, so
	// z = 0.06/0.079740 = 0.75245; multiplicative 0.02×sqrt(4.6667) =
	// 0.043205, so z = 3/2.16025 = 1.38873.
	add := EstimateOverdispersion(handY, handS, 0.2, 0, Additive)
	mul := EstimateOverdispersion(handY, handS, 0.2, 0, Multiplicative)
	if !near(add.SE(0.02), 0.0797402, 1e-6) || !near(add.Z(0.26, 0.02, 0.2), 0.752444, 1e-5) {
		t.Errorf("additive SE %v z %v", add.SE(0.02), add.Z(0.26, 0.02, 0.2))
	}
	if !near(mul.SE(0.02), 0.0432049, 1e-6) || !near(mul.Z(0.26, 0.02, 0.2), 1.388730, 1e-5) {
		t.Errorf("multiplicative SE %v z %v", mul.SE(0.02), mul.Z(0.26, 0.02, 0.2))
	}
	none := EstimateOverdispersion(handY, handS, 0.2, 0, NoDispersion)
	if none.Adjusted() || none.Z(0.26, 0.02, 0.2) != (0.26-0.2)/0.02 {
		t.Errorf("NoDispersion must not adjust: %+v", none)
	}
}

func TestNoOverdispersionLeavesLimitsAlone(t *testing.T) {
	// z = 0.5, −0.5, 1, −1, 0.2, −0.2: Σz² = 0.25+0.25+1+1+0.04+0.04 =
	// 2.58, below both I−1 = 5 (so τ̂² = 0) and χ²(5)'s 11.07.
	y := []float64{0.25, 0.15, 0.25, 0.15, 0.204, 0.196}
	o := EstimateOverdispersion(y, handS, 0.2, 0, Additive)
	if !near(o.Phi, 2.58/6, 1e-9) || o.Tau2 != 0 || o.Significant || o.Adjusted() {
		t.Fatalf("got %+v", o)
	}
	if o.SE(0.05) != 0.05 {
		t.Fatal("unadjusted SE changed")
	}
	m := EstimateOverdispersion(y, handS, 0.2, 0, Multiplicative)
	if m.Adjusted() {
		t.Fatal("φ < 1 must not adjust")
	}
}

func TestOverdispersionSkipsUnusableUnits(t *testing.T) {
	y := append([]float64{math.NaN(), 0.5, 0.4}, handY...)
	s := append([]float64{0.1, 0, math.Inf(1)}, handS...)
	o := EstimateOverdispersion(y, s, 0.2, 0, Additive)
	if o.Units != 6 || !near(o.Tau2, 23.0/3860, 1e-12) {
		t.Fatalf("got %+v", o)
	}
	if o := EstimateOverdispersion([]float64{0.3}, []float64{0.1}, 0.2, 0, Additive); o.Adjusted() || !math.IsNaN(o.Phi) {
		t.Fatalf("one unit: %+v", o)
	}
}

func TestWinsorisedSquare(t *testing.T) {
	// E[W²] for a standard normal winsorised at its 10% points, by the
	// midpoint rule over the density: must match the closed form
	// (1−2p) − 2qφ(q) + 2pq², 0.67865 at p = 0.1.
	for _, p := range []float64{0.05, 0.1, 0.2} {
		q := -zFor(p)
		sum, h := 0.0, 1e-4
		for x := -10 + h/2; x < 10; x += h {
			w := math.Min(math.Max(x, -q), q)
			sum += w * w * math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) * h
		}
		if !near(WinsorisedSquare(p), sum, 1e-6) {
			t.Errorf("p=%v: closed form %v, integral %v", p, WinsorisedSquare(p), sum)
		}
	}
	if !near(WinsorisedSquare(0.1), 0.67865, 1e-5) || WinsorisedSquare(0) != 1 {
		t.Fatal(WinsorisedSquare(0.1))
	}
}

// overdispersed draws 150 councils' proportions around 0.225 with a true
// between-council SD tau and denominators log-uniform from 20 to 20,000;
// the first `outliers` councils are 15 points higher.
func overdispersed(seed uint64, tau float64, outliers int) (y, s []float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	src := rand.NewPCG(seed, 2)
	for i := range 150 {
		n := math.Round(20 * math.Exp(rng.Float64()*math.Log(1000)))
		th := 0.225 + tau*rng.NormFloat64()
		if i < outliers {
			th += 0.15
		}
		y = append(y, draw(Binomial, th, n, src)/n)
		s = append(s, NullSE(Binomial, 0.225, n))
	}
	return y, s
}

func TestRobustAdditiveRecoversTau(t *testing.T) {
	// Averaged over 100 simulated years with τ = 0.035: the robust
	// estimate is within 5% of the truth, DerSimonian–Laird on z-scores
	// winsorised at 10% is biased to about half (the reason RobustAdditive
	// exists), and unwinsorised DerSimonian–Laird is right only while no
	// council is far out.
	mean := func(outliers int, kind Dispersion, winsor float64) float64 {
		sum := 0.0
		for r := range 100 {
			y, s := overdispersed(uint64(r), 0.035, outliers)
			sum += math.Sqrt(EstimateOverdispersion(y, s, 0.225, winsor, kind).Tau2)
		}
		return sum / 100
	}
	robust, dl10, dl0 := mean(0, RobustAdditive, 0.1), mean(0, Additive, 0.1), mean(0, Additive, 0)
	t.Logf("τ 0.035: robust %.4f, DL winsorised %.4f, DL %.4f", robust, dl10, dl0)
	if !near(robust, 0.035, 0.035*0.05) || !near(dl0, 0.035, 0.035*0.05) || dl10 > 0.035*0.7 {
		t.Fatal("estimates of τ off")
	}
	robust, dl0 = mean(8, RobustAdditive, 0.1), mean(8, Additive, 0)
	t.Logf("with 8 councils 15 points out: robust %.4f, DL %.4f", robust, dl0)
	if math.Abs(robust-0.035) >= math.Abs(dl0-0.035) {
		t.Fatal("robust estimate should resist the outlying councils better than unwinsorised DL")
	}
}
