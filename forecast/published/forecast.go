package published

import (
	"fmt"
	"math"
	"sort"
)

// Forecast is one council's forecast of one year's count, with the 80% and
// 95% prediction intervals.
type Forecast struct {
	Measure string
	Code    string
	Name    string
	// Origin is the newest reporting year the forecast saw; Target the year
	// forecast; Horizon the years between.
	Origin, Target, Horizon int
	// Last is the newest published figure, for LastYear (the origin, unless
	// the council's figure for it was suppressed or not published).
	Last     float64
	LastYear int
	Point    float64
	// HasInterval is false where no earlier forecast of the model had been
	// checked against an outcome by the origin, so no honest interval exists.
	HasInterval        bool
	Lo80, Hi80         float64
	Lo95, Hi95         float64
	IntervalHorizonSrc int // horizon whose errors gave the interval (Horizon, or a shorter one widened)
}

// points holds a model's point forecasts from each origin: origin → council
// → horizon (1-based) → forecast, NaN where none.
type points map[int]map[string][]float64

// pointForecasts makes the model's forecasts from every origin in origins,
// each from the panel cut at that origin.
func pointForecasts(p *Panel, m Model, origins []int, maxH int) points {
	out := points{}
	for _, o := range origins {
		q := p.AsOf(o)
		pred := m.Fit(q)
		byCode := map[string][]float64{}
		for i := range q.Councils {
			s := &q.Councils[i]
			fs := make([]float64, maxH+1)
			for h := 1; h <= maxH; h++ {
				fs[h] = math.NaN()
				if v, ok := pred(s, o+h); ok {
					fs[h] = v
				}
			}
			byCode[s.Code] = fs
		}
		out[o] = byCode
	}
	return out
}

// Calibration holds, by horizon, the errors of a model's forecasts that
// had been checked against published outcomes by an origin: the material
// of a split-conformal interval.
type Calibration map[int][]Error

// Error is one checked forecast: the absolute log error and the council's
// count at the forecast's origin, on which the error's spread depends.
type Error struct {
	Abs, Size float64
}

// calibrate collects, for an origin, the errors of forecasts made from
// earlier origins whose target year had been published by it. Only
// councils whose forecast and outcome are both positive count.
func calibrate(p *Panel, pts points, origin, maxH int) Calibration {
	c := Calibration{}
	var origins []int
	for o := range pts {
		origins = append(origins, o)
	}
	sort.Ints(origins) // a fixed order makes every figure reproducible to the last digit
	for _, o := range origins {
		byCode := pts[o]
		for h := 1; h <= maxH; h++ {
			if o+h > origin {
				continue
			}
			for i := range p.Councils {
				s := &p.Councils[i]
				fs, ok := byCode[s.Code]
				if !ok {
					continue
				}
				actual, ok := s.Count[o+h]
				size, _, okS := last(s.Count, o)
				if !ok || !okS || actual <= 0 || size <= 0 || !(fs[h] > 0) {
					continue
				}
				c[h] = append(c[h], Error{Abs: math.Abs(math.Log(actual / fs[h])), Size: size})
			}
		}
	}
	return c
}

// MinCalibration is the fewest errors an interval is read from; with fewer
// at a horizon the nearest shorter horizon's errors are widened instead.
const MinCalibration = 30

// Spread is the error's expected size on the log scale for a council of a
// given count: √(A + B/size). Chance alone gives a count's log a variance
// near 1/size, so small councils' errors are wider; A is what every council
// shares (national shifts, policy, practice).
type Spread struct{ A, B float64 }

// At returns the spread for a council of the given count.
// It is never quite zero, so a perfect record cannot divide by zero.
func (s Spread) At(size float64) float64 { return math.Sqrt(max(s.A+s.B/size, 1e-12)) }

// FitSpread fits squared errors on 1/size by least squares, keeping both
// terms non-negative (the constant alone, or the size term alone, when the
// unconstrained fit makes one negative).
func FitSpread(es []Error) Spread {
	var xs, ys []float64
	for _, e := range es {
		xs, ys = append(xs, 1/e.Size), append(ys, e.Abs*e.Abs)
	}
	if len(xs) < 2 {
		return Spread{A: mean(ys)}
	}
	a, b := leastSquares(xs, ys)
	switch {
	case math.IsNaN(b) || b <= 0:
		return Spread{A: mean(ys)}
	case a <= 0:
		var sxy, sxx float64
		for i := range xs {
			sxy += xs[i] * ys[i]
			sxx += xs[i] * xs[i]
		}
		return Spread{B: sxy / sxx}
	}
	return Spread{A: a, B: b}
}

// Interval is a calibrated interval rule for one horizon: a council's
// half-width on the log scale is Q times its Spread, times Widen.
type Interval struct {
	Spread Spread
	// Q80 and Q95 are the conformal quantiles of the scaled errors.
	Q80, Q95 float64
	// Source is the horizon whose errors were used; Widen is √(h/Source)
	// when it is shorter than the horizon forecast.
	Source int
	Widen  float64
	N      int
}

// HalfWidth returns the half-width on the log scale for a council of the
// given count at level 0.8 or 0.95.
func (iv Interval) HalfWidth(size float64, level float64) float64 {
	q := iv.Q80
	if level > 0.8 {
		q = iv.Q95
	}
	return q * iv.Spread.At(size) * iv.Widen
}

// Rule returns the interval rule for horizon h: errors at h scaled by each
// council's Spread, and the conformal quantiles of the scaled errors (a
// normalised split-conformal interval). Where h has too few errors, the
// longest shorter horizon with enough is used, widened by √(h/h′) as a
// random walk's error grows. False when no horizon has enough.
func (c Calibration) Rule(h int) (Interval, bool) {
	for src := h; src >= 1; src-- {
		es := c[src]
		if len(es) < MinCalibration {
			continue
		}
		sp := FitSpread(es)
		z := make([]float64, len(es))
		for i, e := range es {
			z[i] = e.Abs / sp.At(e.Size)
		}
		return Interval{Spread: sp, Q80: ConformalQuantile(z, 0.8), Q95: ConformalQuantile(z, 0.95),
			Source: src, Widen: math.Sqrt(float64(h) / float64(src)), N: len(es)}, true
	}
	return Interval{}, false
}

// Rules are the calibrated interval rules for horizons 1 to maxH, fitted
// once an origin so every council's interval reads from them.
type Rules []*Interval

// Rules fits the rule of every horizon up to maxH; nil where none exists.
func (c Calibration) Rules(maxH int) Rules {
	rs := make(Rules, maxH+1)
	for h := 1; h <= maxH; h++ {
		if iv, ok := c.Rule(h); ok {
			rs[h] = &iv
		}
	}
	return rs
}

// HalfWidth is the interval's half-width on the log scale for a council of
// the given count, h years ahead, at level 0.8 or 0.95: the horizon's rule,
// but never narrower than a shorter horizon's, since a later year cannot be
// known better than an earlier one (few origins can make it look so). The
// int is the horizon whose errors gave it; false when no rule exists.
func (rs Rules) HalfWidth(h int, size, level float64) (float64, int, bool) {
	best, src, found := 0.0, 0, false
	for k := 1; k <= h && k < len(rs); k++ {
		if rs[k] == nil {
			continue
		}
		if w := rs[k].HalfWidth(size, level); !found || w >= best {
			best, src, found = w, rs[k].Source, true
		}
	}
	return best, src, found
}

// ConformalQuantile is the ⌈(n+1)·level⌉-th smallest of n scores (the
// largest when that exceeds n): with exchangeable errors, a new error falls
// at or below it with probability at least level.
func ConformalQuantile(scores []float64, level float64) float64 {
	s := append([]float64(nil), scores...)
	sort.Float64s(s)
	k := int(math.Ceil(float64(len(s)+1)*level)) - 1
	k = min(max(k, 0), len(s)-1)
	return s[k]
}

// Forecasts gives every council's forecasts one to maxH years after origin
// by the model, with intervals calibrated on the model's own earlier
// forecasts that had been checked by the origin. Only figures published by
// the origin are used.
func Forecasts(p *Panel, m Model, origin, maxH int) ([]Forecast, error) {
	if origin > p.Origin {
		return nil, fmt.Errorf("no figures for %d have been published: the newest year is %d", origin, p.Origin)
	}
	q := p.AsOf(origin)
	if len(q.Councils) == 0 {
		return nil, fmt.Errorf("no council has a published figure by %d", origin)
	}
	var origins []int
	for y := range q.England {
		origins = append(origins, y)
	}
	for _, s := range q.Councils {
		for y := range s.Count {
			origins = append(origins, y)
		}
	}
	origins = uniqueSorted(origins)
	pts := pointForecasts(q, m, origins, maxH)
	rules := calibrate(q, pts, origin, maxH).Rules(maxH)
	return assemble(q, pts[origin], rules, origin, maxH), nil
}

func assemble(q *Panel, fs map[string][]float64, rules Rules, origin, maxH int) []Forecast {
	var out []Forecast
	for i := range q.Councils {
		s := &q.Councils[i]
		v, ly, ok := last(s.Count, origin)
		if !ok {
			continue
		}
		for h := 1; h <= maxH; h++ {
			pt := fs[s.Code][h]
			if math.IsNaN(pt) {
				continue
			}
			f := Forecast{Measure: q.Measure.ID, Code: s.Code, Name: s.Name, Origin: origin, Target: origin + h, Horizon: h, Last: v, LastYear: ly, Point: pt}
			if w80, src, ok := rules.HalfWidth(h, v, 0.8); ok {
				w95, _, _ := rules.HalfWidth(h, v, 0.95)
				f.HasInterval, f.IntervalHorizonSrc = true, src
				f.Lo80, f.Hi80 = pt*math.Exp(-w80), pt*math.Exp(w80)
				f.Lo95, f.Hi95 = pt*math.Exp(-w95), pt*math.Exp(w95)
			}
			out = append(out, f)
		}
	}
	return out
}

func uniqueSorted(xs []int) []int {
	sort.Ints(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}
