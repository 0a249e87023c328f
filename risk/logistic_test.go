package risk

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The worked example of hours of study against passing an exam (20
// students), whose maximum-likelihood fit is published to four decimals:
// intercept −4.0777, hours 1.5046.
func TestLogisticHoursOfStudy(t *testing.T) {
	hours := []float64{0.50, 0.75, 1.00, 1.25, 1.50, 1.75, 1.75, 2.00, 2.25, 2.50, 2.75, 3.00, 3.25, 3.50, 4.00, 4.25, 4.50, 4.75, 5.00, 5.50}
	pass := []float64{0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1}
	x := make([][]float64, len(hours))
	for i, h := range hours {
		x[i] = []float64{h}
	}
	m, err := FitLogistic(x, pass, 0)
	if err != nil {
		t.Fatal(err)
	}
	b0, b := m.Original()
	if math.Abs(b0-(-4.0777)) > 5e-4 || math.Abs(b[0]-1.5046) > 5e-4 {
		t.Fatalf("hours of study: intercept %.4f, slope %.4f; want −4.0777 and 1.5046", b0, b[0])
	}
	// The published probability of passing after 2 hours is 0.26, after 4
	// hours 0.87.
	if p := m.Predict([]float64{2}); math.Abs(p-0.2557) > 5e-4 {
		t.Errorf("P(pass | 2 hours) = %.4f, want 0.2557", p)
	}
	if p := m.Predict([]float64{4}); math.Abs(p-0.8744) > 5e-4 {
		t.Errorf("P(pass | 4 hours) = %.4f, want 0.8744", p)
	}
	// Contributions and the intercept add up to the log-odds.
	for _, h := range []float64{0.5, 2.6, 5.5} {
		s := m.Intercept
		for _, c := range m.Contributions([]float64{h}) {
			s += c
		}
		if math.Abs(s-logit(m.Predict([]float64{h}))) > 1e-9 {
			t.Errorf("contributions at %v hours do not add up to the log-odds", h)
		}
	}
}

// A binary input reproduces its 2×2 table exactly without a penalty: the
// fitted risks are the two groups' observed rates, and with no input at all
// the intercept is the logit of the overall rate.
func TestLogisticClosedForms(t *testing.T) {
	// Group 0: 2 of 10 inadequate; group 1: 6 of 8.
	var x [][]float64
	var y []float64
	add := func(g float64, n, k int) {
		for i := 0; i < n; i++ {
			x = append(x, []float64{g})
			if i < k {
				y = append(y, 1)
			} else {
				y = append(y, 0)
			}
		}
	}
	add(0, 10, 2)
	add(1, 8, 6)
	m, err := FitLogistic(x, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p := m.Predict([]float64{0}); math.Abs(p-0.2) > 1e-8 {
		t.Errorf("group 0 risk %v, want 0.2", p)
	}
	if p := m.Predict([]float64{1}); math.Abs(p-0.75) > 1e-8 {
		t.Errorf("group 1 risk %v, want 0.75", p)
	}
	_, b := m.Original()
	if want := math.Log((0.75 / 0.25) / (0.2 / 0.8)); math.Abs(b[0]-want) > 1e-7 {
		t.Errorf("coefficient %v, want the log odds ratio %v", b[0], want)
	}
	empty := make([][]float64, len(y))
	for i := range empty {
		empty[i] = []float64{}
	}
	m0, err := FitLogistic(empty, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := math.Log(8.0 / 10.0); math.Abs(m0.Intercept-want) > 1e-9 {
		t.Errorf("intercept-only fit %v, want logit(8/18) = %v", m0.Intercept, want)
	}
}

// The penalty shrinks every coefficient toward zero as it grows, and each
// fit satisfies its own optimality conditions: the unpenalised intercept
// makes the mean risk equal the observed rate, and for each input
// Σ(p−y)·z + λβ = 0.
func TestLogisticPenaltyShrinks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 120
	x := make([][]float64, n)
	y := make([]float64, n)
	for i := range x {
		x[i] = []float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		if rng.Float64() < sigmoid(-1+1.2*x[i][0]-0.8*x[i][1]) {
			y[i] = 1
		}
	}
	prev := math.Inf(1)
	for _, lambda := range []float64{0, 1, 10, 100, 1000} {
		m, err := FitLogistic(x, y, lambda)
		if err != nil {
			t.Fatal(err)
		}
		norm := 0.0
		for _, b := range m.Coef {
			norm += b * b
		}
		if norm >= prev {
			t.Errorf("λ=%v: squared coefficient norm %v did not shrink from %v", lambda, norm, prev)
		}
		prev = norm
		var sumP, sumY float64
		grad := make([]float64, len(m.Coef))
		for i := range x {
			p := m.Predict(x[i])
			sumP += p
			sumY += y[i]
			for j := range grad {
				grad[j] += (p - y[i]) * (x[i][j] - m.Mean[j]) / m.SD[j]
			}
		}
		if math.Abs(sumP-sumY) > 1e-6 {
			t.Errorf("λ=%v: mean risk %v, observed rate %v", lambda, sumP/float64(n), sumY/float64(n))
		}
		for j := range grad {
			if g := grad[j] + lambda*m.Coef[j]; math.Abs(g) > 1e-6 {
				t.Errorf("λ=%v: gradient for input %d is %v, not zero", lambda, j, g)
			}
		}
	}
	if prev > 1e-2 {
		t.Errorf("a penalty of 1000 should leave almost nothing: squared norm %v", prev)
	}
}

// Perfectly separated outcomes have no finite unpenalised fit; any penalty
// makes one.
func TestLogisticSeparation(t *testing.T) {
	x := [][]float64{{1}, {2}, {3}, {4}}
	y := []float64{0, 0, 1, 1}
	if _, err := FitLogistic(x, y, 0); err == nil {
		t.Error("separated data without a penalty should not converge")
	}
	m, err := FitLogistic(x, y, 1)
	if err != nil {
		t.Fatal(err)
	}
	if p := m.Predict([]float64{4}); p <= 0.5 || p >= 1 {
		t.Errorf("penalised risk for the highest input %v", p)
	}
}

// Cross-validation chooses a small penalty where an input truly predicts
// the outcome, and a large one where the inputs are noise (both hold for
// every one of the first twenty seeds, not only this one).
func TestCrossValidateChoosesPenalty(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	gen := func(n int, signal float64) ([][]float64, []float64) {
		x := make([][]float64, n)
		y := make([]float64, n)
		for i := range x {
			x[i] = make([]float64, 8)
			for j := range x[i] {
				x[i][j] = rng.NormFloat64()
			}
			if rng.Float64() < sigmoid(-1+signal*x[i][0]) {
				y[i] = 1
			}
		}
		return x, y
	}
	x, y := gen(300, 2.5)
	strong, loss, err := CrossValidate(x, y, Lambdas, 5, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if strong > 3 {
		t.Errorf("a strong signal chose λ=%v (losses %v)", strong, loss)
	}
	x, y = gen(200, 0)
	noise, loss, err := CrossValidate(x, y, Lambdas, 5, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if noise < 30 {
		t.Errorf("pure noise chose λ=%v (losses %v)", noise, loss)
	}
}
