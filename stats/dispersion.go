package stats

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Dispersion says how a funnel allows for councils varying more than
// sampling alone explains (Spiegelhalter 2005, "Handling over-dispersion of
// performance indicators").
type Dispersion int

// Over-dispersion adjustments: none (pure sampling limits); multiplicative,
// which inflates every standard error by sqrt(φ) and so widens limits most
// for small councils; additive random effects, which add a between-council
// variance τ² and so widen limits most for large councils, whose sampling
// error is small — the NHS SHMI approach and the one Spiegelhalter prefers,
// with τ² by DerSimonian and Laird from winsorised z-scores.
//
// RobustAdditive is the same additive model with τ² chosen so that the
// winsorised z-scores against the widened limits, (y−θ0)/sqrt(s²+τ²), have
// the spread winsorised standard normal values have. Winsorising the
// sampling-only z-scores, as Additive does, clips the large councils, whose
// z-scores are large precisely because τ² dwarfs their sampling error:
// when denominators span tens to thousands it underestimates τ² by half
// and the 95% limits flag three to four times too many councils (see
// Study). RobustAdditive keeps winsorising's protection against a few
// extreme councils without that bias.
const (
	NoDispersion Dispersion = iota
	Multiplicative
	Additive
	RobustAdditive
)

// String names the adjustment for tables and logs.
func (d Dispersion) String() string {
	switch d {
	case Multiplicative:
		return "multiplicative"
	case Additive:
		return "additive"
	case RobustAdditive:
		return "robust additive"
	}
	return "none"
}

// DefaultWinsor is the fraction of z-scores pulled in at each tail before
// φ is estimated, as Spiegelhalter and SHMI do, so that the very outliers
// a funnel is meant to find do not widen the funnel that judges them.
const DefaultWinsor = 0.10

// DispersionTestP is the significance level of the test for
// over-dispersion: limits are widened only when the spread of z-scores is
// beyond what sampling would give 95 times in 100.
const DispersionTestP = 0.05

// Overdispersion is the estimated excess spread of a set of units around a
// target, and the adjustment it implies.
//
// The test compares I·φ̂ with χ² on I−1 degrees of freedom: in Sightline
// the target is always England's figure, the pooled rate of the same
// councils, so one degree of freedom is spent estimating it (the same I−1
// appears in the DerSimonian–Laird moment equation). With 150 councils the
// choice barely matters; for a handful of units it matters more.
type Overdispersion struct {
	Kind Dispersion
	// Phi is the winsorised mean squared z-score, φ̂ = Σz²/I. When units
	// vary only as sampling predicts it is about 1 unwinsorised but about
	// WinsorisedSquare(Winsor) winsorised (0.68 at 10%), so the test
	// below is conservative: mild over-dispersion goes unadjusted. The
	// councils' indicators seen so far have φ̂ far above 1 (27 for
	// re-referrals in 2025), where this does not matter.
	Phi float64
	// Tau2 is the between-unit variance on the scale of the estimates (a
	// proportion² or rate²): DerSimonian–Laird's, 0 when I·φ̂ ≤ I−1, or for
	// RobustAdditive the winsorised moment estimate, 0 when φ̂ is no more
	// than WinsorisedSquare(Winsor).
	Tau2 float64
	// Units is I, the number of units with a usable estimate and standard
	// error.
	Units int
	// Significant reports that I·φ̂ exceeds the upper DispersionTestP
	// point of χ² on I−1 degrees of freedom; PValue is that test's p-value.
	Significant bool
	PValue      float64
	// Winsor is the fraction winsorised in each tail.
	Winsor float64
}

// EstimateOverdispersion estimates φ̂ and τ̂² from units' estimates y,
// their standard errors s under the null (sampling only), and the target.
// Units whose y or s is not finite, or whose s is not positive, are left
// out. winsor is the fraction of z-scores set to the winsor-th and
// (1−winsor)-th percentiles (type-7 quantiles, as Quantile) before φ̂ is
// taken; 0 turns winsorising off. kind is the adjustment Z and SE will
// apply when the over-dispersion is significant.
func EstimateOverdispersion(y, s []float64, target, winsor float64, kind Dispersion) Overdispersion {
	o := Overdispersion{Kind: kind, Phi: math.NaN(), Tau2: 0, Winsor: winsor, PValue: math.NaN()}
	var z, w []float64
	for i := range y {
		if i >= len(s) || !finite(y[i]) || !finite(s[i]) || s[i] <= 0 {
			continue
		}
		z = append(z, (y[i]-target)/s[i])
		w = append(w, 1/(s[i]*s[i]))
	}
	o.Units = len(z)
	if o.Units < 2 || !finite(target) {
		return o
	}
	raw := append([]float64(nil), z...)
	Winsorise(z, winsor)
	q := 0.0
	for _, v := range z {
		q += v * v
	}
	I := float64(o.Units)
	o.Phi = q / I
	sw, sw2 := 0.0, 0.0
	for _, v := range w {
		sw += v
		sw2 += v * v
	}
	if kind == RobustAdditive {
		o.Tau2 = robustTau2(raw, w, winsor)
	} else if den := sw - sw2/sw; den > 0 {
		o.Tau2 = math.Max(0, (q-(I-1))/den)
	}
	o.PValue = distuv.ChiSquared{K: I - 1}.Survival(q)
	o.Significant = o.PValue < DispersionTestP
	return o
}

// Winsorise pulls the values of z below its p-quantile up to it and those
// above its (1−p)-quantile down to it, in place, so a few extreme units
// cannot dominate a spread estimate. Quantiles are type 7 (as Quantile).
// p outside (0, 0.5) leaves z unchanged.
func Winsorise(z []float64, p float64) {
	if p <= 0 || p >= 0.5 || len(z) == 0 {
		return
	}
	s := append([]float64(nil), z...)
	sort.Float64s(s)
	lo, hi := sortedQuantile(s, p), sortedQuantile(s, 1-p)
	for i, v := range z {
		z[i] = math.Min(math.Max(v, lo), hi)
	}
}

// WinsorisedSquare is E[W²] for W a standard normal value winsorised at
// its p and 1−p quantiles: 1 at p = 0, 0.6787 at p = 0.1. It is what the
// winsorised mean squared z-score is when units vary as the model says.
func WinsorisedSquare(p float64) float64 {
	if p <= 0 || p >= 0.5 {
		return 1
	}
	q := -zFor(p)
	return (1 - 2*p) - 2*q*distuv.UnitNormal.Prob(q) + 2*p*q*q
}

// robustTau2 finds τ² ≥ 0 at which the winsorised mean square of
// z_i = r_i / sqrt(1/w_i + τ²) equals WinsorisedSquare(winsor), where r_i is
// a unit's residual y_i − θ0 in units of its null standard error
// (raw z-score) and w_i = 1/s_i². The mean square falls as τ² grows, so
// bisection finds it.
func robustTau2(raw, w []float64, winsor float64) float64 {
	c := WinsorisedSquare(winsor)
	r := make([]float64, len(raw)) // residuals on the estimate scale
	hi := 0.0
	for i, z := range raw {
		r[i] = z / math.Sqrt(w[i])
		hi += r[i] * r[i]
	}
	hi /= float64(len(r))
	z := make([]float64, len(r))
	ms := func(t2 float64) float64 {
		for i := range r {
			z[i] = r[i] / math.Sqrt(1/w[i]+t2)
		}
		Winsorise(z, winsor)
		q := 0.0
		for _, v := range z {
			q += v * v
		}
		return q / float64(len(z))
	}
	if ms(0) <= c {
		return 0
	}
	for ms(hi) > c && hi < math.MaxFloat64/4 {
		hi *= 4
	}
	lo := 0.0
	for range 100 {
		mid := (lo + hi) / 2
		if ms(mid) > c {
			lo = mid
		} else {
			hi = mid
		}
		if hi-lo <= 1e-9*hi {
			break
		}
	}
	return (lo + hi) / 2
}

// sortedQuantile is Quantile's type-7 rule on values already sorted.
func sortedQuantile(s []float64, p float64) float64 {
	h := float64(len(s)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[i] + (h-lo)*(s[i+1]-s[i])
}

// Adjusted says whether Z and SE widen anything: the kind is not
// NoDispersion, the test is significant, and for multiplicative φ̂ > 1.
func (o Overdispersion) Adjusted() bool {
	if !o.Significant {
		return false
	}
	switch o.Kind {
	case Multiplicative:
		return o.Phi > 1
	case Additive, RobustAdditive:
		return o.Tau2 > 0
	}
	return false
}

// SE returns a unit's standard error once over-dispersion is allowed for:
// s·sqrt(φ̂) (multiplicative) or sqrt(s² + τ̂²) (additive), or s itself
// when no adjustment applies.
func (o Overdispersion) SE(s float64) float64 {
	if !o.Adjusted() {
		return s
	}
	if o.Kind == Multiplicative {
		return s * math.Sqrt(o.Phi)
	}
	return math.Sqrt(s*s + o.Tau2)
}

// Z is a unit's z-score against the target with over-dispersion allowed
// for: (y−θ0)/(s·sqrt(φ̂)) or (y−θ0)/sqrt(s²+τ̂²), or (y−θ0)/s when no
// adjustment applies.
func (o Overdispersion) Z(y, s, target float64) float64 {
	return (y - target) / o.SE(s)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// zFor is the standard normal quantile at lower-tail probability p (negative
// for p < 0.5), the z of a funnel limit.
func zFor(p float64) float64 { return distuv.UnitNormal.Quantile(p) }
