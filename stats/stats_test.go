package stats

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestQuantileMatchesExcelQuartileInc(t *testing.T) {
	// Excel: QUARTILE.INC({1,2,3,4,5,6,7,8,9,10},1) = 3.25, ,2 = 5.5, ,3 = 7.75
	xs := []float64{7, 1, 10, 3, 5, 2, 9, 4, 8, 6}
	q := Quartiles(xs)
	want := [3]float64{3.25, 5.5, 7.75}
	if q != want {
		t.Fatalf("quartiles %v, want %v", q, want)
	}
	if Median([]float64{3, 1, 2}) != 2 || !math.IsNaN(Median(nil)) {
		t.Fatal("median")
	}
	if Mean([]float64{1, 2, 3, 4}) != 2.5 {
		t.Fatal("mean")
	}
}

func TestRankCompetition(t *testing.T) {
	got := Rank([]float64{10, 30, 20, 30}, true)
	want := []int{4, 1, 3, 1}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("descending ranks %v, want %v", got, want)
		}
	}
	got = Rank([]float64{10, 30, 20, 10}, false)
	want = []int{1, 4, 3, 1}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ascending ranks %v, want %v", got, want)
		}
	}
}

func TestBandByPolarity(t *testing.T) {
	q := [3]float64{25, 50, 75}
	cases := []struct {
		v    float64
		high bool
		want string
	}{{80, true, "A"}, {60, true, "B"}, {30, true, "C"}, {10, true, "D"},
		{10, false, "A"}, {30, false, "B"}, {60, false, "C"}, {80, false, "D"},
		{75, true, "A"}, {25, false, "A"}}
	for _, c := range cases {
		if got := Band(c.v, q, c.high); got != c.want {
			t.Errorf("Band(%v, high=%v) = %s, want %s", c.v, c.high, got, c.want)
		}
	}
}

func TestBinomialLimitsAgreeWithNormalForLargeN(t *testing.T) {
	// For n = 10,000 and p = 0.2 the exact limits are within 0.1 percentage
	// points of the normal approximation p ± z·sqrt(p(1−p)/n).
	theta, n := 0.2, 10000.0
	se := math.Sqrt(theta * (1 - theta) / n)
	for _, c := range []struct{ p, z float64 }{{P95, 1.959964}, {P998, 3.090232}} {
		up := Limit(Binomial, theta, n, 1-c.p)
		lo := Limit(Binomial, theta, n, c.p)
		if !near(up, theta+c.z*se, 0.001) || !near(lo, theta-c.z*se, 0.001) {
			t.Errorf("p=%v: limits %.5f–%.5f, normal %.5f–%.5f", c.p, lo, up, theta-c.z*se, theta+c.z*se)
		}
	}
}

func TestPoissonLimitWorkedExample(t *testing.T) {
	// Expected 100 events (theta 0.01 per person, n 10,000). The exact Poisson
	// 97.5% quantile of Poisson(100) is 120 (CDF(119)=0.9718…, CDF(120)=0.9776…),
	// so the interpolated upper limit lies just below 120 events: 0.0119–0.0120.
	up := Limit(Poisson, 0.01, 10000, 1-P95)
	if up <= 0.0119 || up > 0.0120 {
		t.Fatalf("upper 95%% limit %.6f, want in (0.0119, 0.0120]", up)
	}
	lo := Limit(Poisson, 0.01, 10000, P95)
	if lo < 0.0080 || lo > 0.0081 {
		t.Fatalf("lower 95%% limit %.6f, want about 0.0080–0.0081", lo)
	}
	// Limits widen as the denominator shrinks.
	if Limit(Poisson, 0.01, 1000, 1-P95) <= up {
		t.Fatal("limits should widen for a smaller denominator")
	}
}

func TestOutside(t *testing.T) {
	// 30 of 100 against a target of 20%: above the 95% limit (about 28%) but
	// not the 99.8% one (about 33%).
	if Outside(Binomial, 0.2, 30, 100, P95) != 1 {
		t.Error("30/100 should be above the 95% limit around 20%")
	}
	if Outside(Binomial, 0.2, 30, 100, P998) != 0 {
		t.Error("30/100 should be within the 99.8% limits around 20%")
	}
	if Outside(Binomial, 0.2, 10, 100, P95) != -1 {
		t.Error("10/100 should be below the 95% limit around 20%")
	}
	if Outside(Binomial, 0.2, 21, 100, P95) != 0 {
		t.Error("21/100 should be within the limits")
	}
}
