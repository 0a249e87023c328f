package published

import (
	"math"
)

// Predictor forecasts a council's count for a target year; false where the
// council has no published figure to start from.
type Predictor func(s *Series, target int) (float64, bool)

// Model is a candidate forecasting method. Fit sees only a panel cut at the
// origin (Panel.AsOf), so everything it estimates was published by then.
type Model struct {
	Name        string
	Description string
	Fit         func(p *Panel) Predictor
}

// DampingFactor is the damped trend's φ, fixed in advance at the low end of
// the usual 0.8–0.98 because series of two to five points carry little
// evidence that a trend persists; it is not tuned on the backtest.
const DampingFactor = 0.8

// Models are the candidates the backtest compares, baselines first.
var Models = []Model{
	{Name: "naive", Description: "the last published figure", Fit: fitNaive},
	{Name: "drift", Description: "the last figure moved on by the council's mean yearly change in log since its series began", Fit: fitDrift(1)},
	{Name: "damped", Description: "drift damped by φ = 0.8 a year", Fit: fitDrift(DampingFactor)},
	{Name: "linear", Description: "a least-squares straight line through the council's last three published figures", Fit: fitLinear},
	{Name: "rate_x_population", Description: "the last rate per 10,000 times the child population projected on its own trend", Fit: fitRatePop},
	{Name: "national", Description: "the last figure moved on by England's mean yearly change in log", Fit: fitNational},
	{Name: "pooled", Description: "England's mean yearly change plus the council's own difference from it, shrunk towards zero by how noisy it is (empirical Bayes partial pooling)", Fit: fitPooled(1)},
	{Name: "ar1", Description: "the last figure moved on by the council's last yearly change in log times ρ, ρ^2, …, with ρ the autocorrelation of yearly changes pooled over every council (0, the last figure, until two changes in a row are published)", Fit: fitAR1},
	{Name: "mean3", Description: "the mean of the council's last three published figures, which a flow that swings about a level forecasts better than its last figure", Fit: fitMean3},
	{Name: "pooled_damped", Description: "pooled, damped by φ = 0.8 a year", Fit: fitPooled(DampingFactor)},
}

// Shipped names, by measure, the model `sightline forecast councils` uses:
// the one Choose picks from the rolling-origin backtest on the bundled data
// (a test fails if the backtest stops picking it). For children looked
// after the last rate per 10,000 times the projected child population; for
// starters, which swing about a level from year to year, the mean of the
// last three years.
var Shipped = map[string]string{
	LookedAfter.ID: "rate_x_population",
	Starters.ID:    "mean3",
}

// ShippedModel returns the model shipped for a measure.
func ShippedModel(m Measure) Model { return *ModelByName(Shipped[m.ID]) }

// ModelByName finds a candidate, or nil.
func ModelByName(name string) *Model {
	for i := range Models {
		if Models[i].Name == name {
			return &Models[i]
		}
	}
	return nil
}

// steps is the sum φ + φ² + … + φ^k: how many years of trend a damped
// forecast k years ahead applies (k when φ is 1).
func steps(phi float64, k int) float64 {
	s, f := 0.0, 1.0
	for range k {
		f *= phi
		s += f
	}
	return s
}

func fitNaive(p *Panel) Predictor {
	return func(s *Series, target int) (float64, bool) {
		v, _, ok := last(s.Count, p.Origin)
		return v, ok
	}
}

// fitDrift moves the last figure on by the council's own log drift. A
// series of one figure (a council just created), or one with a zero, has no
// drift and keeps its last figure.
func fitDrift(phi float64) func(p *Panel) Predictor {
	return func(p *Panel) Predictor {
		return func(s *Series, target int) (float64, bool) {
			v, ly, ok := last(s.Count, p.Origin)
			if !ok {
				return 0, false
			}
			d, ok := logDrift(s.Count, p.Origin)
			if !ok || v <= 0 {
				return v, true
			}
			return v * math.Exp(d*steps(phi, target-ly)), true
		}
	}
}

// fitLinear fits a straight line to the last three published figures (or
// two), and never forecasts below zero.
func fitLinear(p *Panel) Predictor {
	return func(s *Series, target int) (float64, bool) {
		v, ly, ok := last(s.Count, p.Origin)
		if !ok {
			return 0, false
		}
		var xs, ys []float64
		for _, y := range s.Years() {
			if y <= p.Origin && y > ly-3 {
				xs, ys = append(xs, float64(y)), append(ys, s.Count[y])
			}
		}
		if len(xs) < 2 {
			return v, true
		}
		a, b := leastSquares(xs, ys)
		return math.Max(0, a+b*float64(target)), true
	}
}

// leastSquares returns the intercept and slope of y on x.
func leastSquares(xs, ys []float64) (a, b float64) {
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	n := float64(len(xs))
	mx, my = mx/n, my/n
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	b = sxy / sxx
	return my - b*mx, b
}

// fitRatePop holds the council's last rate per child and projects its child
// population on the population's own log trend. The population for a
// target year is the mid-year estimate for the year before, projected from
// estimates published by the origin.
func fitRatePop(p *Panel) Predictor {
	return func(s *Series, target int) (float64, bool) {
		v, ly, ok := last(s.Count, p.Origin)
		if !ok {
			return 0, false
		}
		pop := s.Pop[ly]
		if pop <= 0 {
			return v, true
		}
		g, _ := logDrift(s.Pop, p.Origin)
		rate, projected := v/pop, pop*math.Exp(g*float64(target-ly))
		return rate * projected, true
	}
}

// fitNational moves every council on by England's log drift.
func fitNational(p *Panel) Predictor {
	d, _ := logDrift(p.England, p.Origin)
	return func(s *Series, target int) (float64, bool) {
		v, ly, ok := last(s.Count, p.Origin)
		if !ok {
			return 0, false
		}
		return v * math.Exp(d*float64(target-ly)), true
	}
}

// Pooling is the fitted partial pooling of councils' yearly log changes
// towards England's: each change is England's change plus the council's
// excess, whose true mean varies between councils with variance Tau2 and
// whose yearly noise has variance Sigma2.
type Pooling struct {
	Sigma2, Tau2 float64
	// Excess and Weight are each council's mean excess over England's log
	// change and the weight its own evidence gets (0 is England's change
	// alone, 1 its own).
	Excess, Weight map[string]float64
}

// FitPooling estimates the pooling by the method of moments: Sigma2 from
// the spread of each council's yearly excesses about its own mean, Tau2 as
// the spread of councils' mean excesses beyond what Sigma2 explains. With
// one change per council Sigma2 cannot be told from Tau2 and every weight is
// zero: England's change alone.
func FitPooling(p *Panel) Pooling {
	pl := Pooling{Excess: map[string]float64{}, Weight: map[string]float64{}}
	type ex struct {
		code string
		xs   []float64
	}
	var all []ex
	var ss, df float64
	for i := range p.Councils {
		s := &p.Councils[i]
		var xs []float64
		for y, v := range s.Count {
			prev, okp := s.Count[y-1]
			e0, e1 := p.England[y-1], p.England[y]
			if y > p.Origin || !okp || v <= 0 || prev <= 0 || e0 <= 0 || e1 <= 0 {
				continue
			}
			xs = append(xs, math.Log(v/prev)-math.Log(e1/e0))
		}
		if len(xs) == 0 {
			continue
		}
		m := mean(xs)
		for _, x := range xs {
			ss += (x - m) * (x - m)
		}
		df += float64(len(xs) - 1)
		all = append(all, ex{s.Code, xs})
		pl.Excess[s.Code] = m
	}
	if df == 0 || len(all) < 2 {
		return pl
	}
	pl.Sigma2 = ss / df
	var ms []float64
	var noise float64
	for _, e := range all {
		ms = append(ms, pl.Excess[e.code])
		noise += pl.Sigma2 / float64(len(e.xs))
	}
	mm := mean(ms)
	var v float64
	for _, m := range ms {
		v += (m - mm) * (m - mm)
	}
	v /= float64(len(ms) - 1)
	pl.Tau2 = math.Max(0, v-noise/float64(len(all)))
	for _, e := range all {
		pl.Weight[e.code] = pl.Tau2 / (pl.Tau2 + pl.Sigma2/float64(len(e.xs)))
	}
	return pl
}

// fitPooled moves each council on by England's log drift plus its shrunk
// excess, damped by phi.
func fitPooled(phi float64) func(p *Panel) Predictor {
	return func(p *Panel) Predictor {
		d, _ := logDrift(p.England, p.Origin)
		pl := FitPooling(p)
		return func(s *Series, target int) (float64, bool) {
			v, ly, ok := last(s.Count, p.Origin)
			if !ok {
				return 0, false
			}
			g := d + pl.Weight[s.Code]*pl.Excess[s.Code]
			return v * math.Exp(g*steps(phi, target-ly)), true
		}
	}
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// ChangeAutocorrelation is ρ in d_t = ρ·d_{t−1} + e for councils' yearly
// changes in log, by least squares through the origin over every council's
// pairs of consecutive changes published by the origin; 0 with no pair.
// A negative ρ says a rise tends to be partly undone the next year.
func ChangeAutocorrelation(p *Panel) float64 {
	var sxy, sxx float64
	for i := range p.Councils {
		c := p.Councils[i].Count
		for y := range c {
			d1, ok1 := logChange(c, y, p.Origin)
			d0, ok0 := logChange(c, y-1, p.Origin)
			if ok1 && ok0 {
				sxy += d1 * d0
				sxx += d0 * d0
			}
		}
	}
	if sxx == 0 {
		return 0
	}
	return sxy / sxx
}

// logChange is log(c[y]/c[y−1]) where both are published, positive and no
// later than origin.
func logChange(c map[int]float64, y, origin int) (float64, bool) {
	v, ok := c[y]
	prev, okp := c[y-1]
	if !ok || !okp || y > origin || v <= 0 || prev <= 0 {
		return 0, false
	}
	return math.Log(v / prev), true
}

func fitAR1(p *Panel) Predictor {
	rho := ChangeAutocorrelation(p)
	return func(s *Series, target int) (float64, bool) {
		v, ly, ok := last(s.Count, p.Origin)
		if !ok {
			return 0, false
		}
		d, ok := logChange(s.Count, ly, p.Origin)
		if !ok {
			return v, true
		}
		return v * math.Exp(d*steps(rho, target-ly)), true
	}
}

// fitMean3 averages the last three published figures (fewer for a short
// series), whatever the horizon.
func fitMean3(p *Panel) Predictor {
	return func(s *Series, target int) (float64, bool) {
		var xs []float64
		ys := s.Years()
		for i := len(ys) - 1; i >= 0 && len(xs) < 3; i-- {
			if ys[i] <= p.Origin {
				xs = append(xs, s.Count[ys[i]])
			}
		}
		if len(xs) == 0 {
			return 0, false
		}
		return mean(xs), true
	}
}
