package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Unit is one council's count and denominator in one period, the raw
// material of a funnel: for a proportion, O events out of N; for a rate, O
// events in an exposure N (children, say), so the rate is O/N.
type Unit struct{ O, N float64 }

// Rate is O/N, or NaN when N is not positive.
func (u Unit) Rate() float64 {
	if u.N <= 0 {
		return math.NaN()
	}
	return u.O / u.N
}

// Funnel is a funnel plot around a target with over-dispersion estimated
// from the units it will judge, so that warnings mean "more different than
// councils usually are", not merely "more than sampling alone".
type Funnel struct {
	Model
	Target float64
	Over   Overdispersion
}

// NullSE is the standard error of a proportion or rate with denominator n
// when the truth is theta: sqrt(θ(1−θ)/n) binomial, sqrt(θ/n) Poisson —
// the normal approximation on which over-dispersion is estimated. NaN when
// n is not positive or the model unknown.
func NullSE(m Model, theta, n float64) float64 {
	if n <= 0 {
		return math.NaN()
	}
	switch m {
	case Binomial:
		return math.Sqrt(theta * (1 - theta) / n)
	case Poisson:
		return math.Sqrt(theta / n)
	}
	return math.NaN()
}

// FitFunnel estimates over-dispersion for units around target (England's
// proportion or rate, on the O/N scale) and returns the funnel. Units with
// N ≤ 0 are ignored. winsor is the fraction winsorised in each tail
// (DefaultWinsor, 0.1, as Spiegelhalter and SHMI).
func FitFunnel(m Model, target float64, units []Unit, kind Dispersion, winsor float64) Funnel {
	y := make([]float64, 0, len(units))
	s := make([]float64, 0, len(units))
	for _, u := range units {
		if u.N <= 0 {
			continue
		}
		y = append(y, u.O/u.N)
		s = append(s, NullSE(m, target, u.N))
	}
	return Funnel{Model: m, Target: target, Over: EstimateOverdispersion(y, s, target, winsor, kind)}
}

// Z is a unit's over-dispersion-adjusted z-score against the target
// (normal approximation); NaN when N ≤ 0.
func (f Funnel) Z(u Unit) float64 {
	if u.N <= 0 {
		return math.NaN()
	}
	return f.Over.Z(u.O/u.N, NullSE(f.Model, f.Target, u.N), f.Target)
}

// Limits returns the lower and upper funnel limits at denominator n for
// one-tail probability p (P95 or P998), on the O/N scale. Without a
// significant over-dispersion adjustment they are the exact binomial or
// Poisson limits (Limit, with Spiegelhalter's interpolation, whose lower
// limit can dip below zero for tiny denominators); with one they are
// θ0 ± z·SE, SE inflated as the adjustment says. Either way they are
// clamped to [0, 1] for proportions and to ≥ 0 for rates.
func (f Funnel) Limits(n, p float64) (lo, hi float64) {
	if !f.Over.Adjusted() {
		return math.Max(Limit(f.Model, f.Target, n, p), 0), Limit(f.Model, f.Target, n, 1-p)
	}
	se := f.Over.SE(NullSE(f.Model, f.Target, n))
	if math.IsNaN(se) {
		return math.NaN(), math.NaN()
	}
	z := -zFor(p) // positive for p < 0.5
	lo, hi = f.Target-z*se, f.Target+z*se
	lo = math.Max(lo, 0)
	if f.Model == Binomial {
		hi = math.Min(hi, 1)
	}
	return lo, hi
}

// Outside places a unit against the limits at one-tail probability p:
// +1 above the upper limit, −1 below the lower, 0 within (or when N ≤ 0).
func (f Funnel) Outside(u Unit, p float64) int {
	if u.N <= 0 {
		return 0
	}
	if !f.Over.Adjusted() {
		if side, ok := exactSide(f.Model, f.Target, u.O, u.N, p); ok {
			return side
		}
	}
	lo, hi := f.Limits(u.N, p)
	switch x := u.O / u.N; {
	case x > hi:
		return 1
	case x < lo:
		return -1
	}
	return 0
}

// exactSide decides Outside against the exact interpolated limits with one
// distribution evaluation instead of two searches, for a whole count o.
// Limit's upper limit is (r − α)/n, r the smallest count with F(r) ≥ 1−p
// and 0 ≤ α < 1, α = 0 only when F(r) = 1−p exactly; so a whole count lies
// above it exactly when F(o) > 1−p. Likewise it lies below the lower limit
// exactly when F(o) < p. ok is false where Limit takes another path (a
// fractional count, a target on the edge of its range).
func exactSide(m Model, theta, o, n, p float64) (side int, ok bool) {
	if o != math.Trunc(o) || o < 0 {
		return 0, false
	}
	var f float64
	switch m {
	case Binomial:
		nn := math.Round(n)
		if theta <= 0 || theta >= 1 || o > nn {
			return 0, false
		}
		f = distuv.Binomial{N: nn, P: theta}.CDF(o)
	case Poisson:
		if theta <= 0 {
			return 0, false
		}
		f = distuv.Poisson{Lambda: theta * n}.CDF(o)
	default:
		return 0, false
	}
	switch {
	case f > 1-p:
		return 1, true
	case f < p:
		return -1, true
	}
	return 0, true
}
