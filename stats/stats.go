// Package stats holds the small, well-tested numerical pieces the indicator
// comparisons rest on: summary statistics, ranks, quartile bands and
// funnel-plot control limits.
package stats

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Mean of xs; NaN when empty.
func Mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// Quantile returns the p-quantile of xs by linear interpolation between
// order statistics (Hyndman and Fan type 7, as Excel's QUARTILE.INC and R's
// default do), so analysts can reproduce the cut points. NaN when empty.
func Quantile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	h := float64(len(s)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[i] + (h-lo)*(s[i+1]-s[i])
}

// Median is Quantile(xs, 0.5).
func Median(xs []float64) float64 { return Quantile(xs, 0.5) }

// Rank gives each value its standard competition rank ("1224"): 1 is the
// largest when descending, the smallest otherwise. Ties share the best rank.
func Rank(xs []float64, descending bool) []int {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	better := func(a, b float64) bool {
		if descending {
			return a > b
		}
		return a < b
	}
	sort.SliceStable(idx, func(i, j int) bool { return better(xs[idx[i]], xs[idx[j]]) })
	ranks := make([]int, len(xs))
	for pos, i := range idx {
		if pos > 0 && xs[idx[pos-1]] == xs[i] {
			ranks[i] = ranks[idx[pos-1]]
		} else {
			ranks[i] = pos + 1
		}
	}
	return ranks
}

// Quartiles returns the three cut points Q1, Q2, Q3 (type 7).
func Quartiles(xs []float64) [3]float64 {
	return [3]float64{Quantile(xs, 0.25), Quantile(xs, 0.5), Quantile(xs, 0.75)}
}

// Band places v in quartile band A–D. With highIsGood, A is the top
// quartile (v ≥ Q3); otherwise A is the bottom quartile (v ≤ Q1), as LAIT
// does for indicators where low is good or no judgement is made.
func Band(v float64, q [3]float64, highIsGood bool) string {
	if highIsGood {
		switch {
		case v >= q[2]:
			return "A"
		case v >= q[1]:
			return "B"
		case v >= q[0]:
			return "C"
		}
		return "D"
	}
	switch {
	case v <= q[0]:
		return "A"
	case v <= q[1]:
		return "B"
	case v <= q[2]:
		return "C"
	}
	return "D"
}

// Model is the sampling model behind a funnel plot.
type Model int

// Funnel models: a proportion of a denominator (binomial), or a rate of
// events in a population (Poisson).
const (
	NoModel Model = iota
	Binomial
	Poisson
)

// Z-values of the two-sided 95% and 99.8% limits Spiegelhalter recommends.
const (
	P95  = 0.025
	P998 = 0.001
)

// Limit returns the funnel-plot control limit for a unit with denominator n
// around target proportion or rate theta, at lower-tail probability p (use
// 1-p for the upper limit), on the scale of theta. It uses the exact
// binomial or Poisson quantile with Spiegelhalter's (2005) interpolation so
// that limits are smooth in n.
func Limit(m Model, theta, n, p float64) float64 {
	if n <= 0 || math.IsNaN(theta) {
		return math.NaN()
	}
	var cdf func(r float64) float64
	var hi float64
	switch m {
	case Binomial:
		if theta <= 0 || theta >= 1 {
			return theta
		}
		nn := math.Round(n)
		d := distuv.Binomial{N: nn, P: theta}
		cdf, hi = d.CDF, nn
	case Poisson:
		if theta <= 0 {
			return 0
		}
		d := distuv.Poisson{Lambda: theta * n}
		cdf = d.CDF
		hi = theta*n + 50*math.Sqrt(theta*n) + 50
	default:
		return math.NaN()
	}
	// Smallest r with CDF(r) >= p, by bisection over integers.
	lo, up := 0.0, hi
	for lo < up {
		mid := math.Floor((lo + up) / 2)
		if cdf(mid) >= p {
			up = mid
		} else {
			lo = mid + 1
		}
	}
	r := lo
	fr := cdf(r)
	fr1 := 0.0
	if r > 0 {
		fr1 = cdf(r - 1)
	}
	alpha := 0.0
	if fr > fr1 {
		alpha = (fr - p) / (fr - fr1)
	}
	return (r - alpha) / n
}

// Outside says whether an observed count o out of n lies outside the limits
// around theta at two-sided level 2p: it returns +1 above the upper limit,
// -1 below the lower, 0 within.
func Outside(m Model, theta, o, n, p float64) int {
	if n <= 0 {
		return 0
	}
	x := o / n
	if x > Limit(m, theta, n, 1-p) {
		return 1
	}
	if x < Limit(m, theta, n, p) {
		return -1
	}
	return 0
}

// Tails returns the probabilities of a count at most o and at least o when
// the true proportion or rate is theta and the denominator n. A unit lies
// above the upper p-level funnel limit when the upper tail is below p, and
// below the lower limit when the lower tail is below p. This is the exact
// test behind the limits, at the cost of two distribution evaluations.
func Tails(m Model, theta, o, n float64) (lower, upper float64) {
	o = math.Round(o)
	switch m {
	case Binomial:
		nn := math.Round(n)
		if nn <= 0 || theta <= 0 || theta >= 1 {
			return 1, 1
		}
		d := distuv.Binomial{N: nn, P: theta}
		return d.CDF(o), 1 - d.CDF(o-1)
	case Poisson:
		if n <= 0 || theta <= 0 {
			return 1, 1
		}
		d := distuv.Poisson{Lambda: theta * n}
		up := 1.0
		if o > 0 {
			up = 1 - d.CDF(o-1)
		}
		return d.CDF(o), up
	}
	return 1, 1
}
