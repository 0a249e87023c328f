package stats

import "math"

// Change is a funnel for change between two periods: whether a council's
// change, y2 − y1, differs from England's change, θ2 − θ1, by more than
// sampling and the usual spread of councils' changes explain. It is how a
// "sustained improvement" is told from a good year.
type Change struct {
	Model
	T1, T2 float64 // England's proportion or rate in the two periods (O/N scale)
	Over   Overdispersion
}

// changeSE is the null standard error of a change between denominators n1
// and n2: sqrt(θ1(1−θ1)/n1 + θ2(1−θ2)/n2) binomial, sqrt(θ1/n1 + θ2/n2)
// Poisson, the two periods taken as independent samples.
func changeSE(m Model, t1, t2, n1, n2 float64) float64 {
	a, b := NullSE(m, t1, n1), NullSE(m, t2, n2)
	return math.Sqrt(a*a + b*b)
}

// FitChange estimates over-dispersion of councils' changes around England's
// change, from each council's counts before and after (before[i] and
// after[i] are the same council). Pairs where either N ≤ 0 are ignored.
// winsor as for FitFunnel.
func FitChange(m Model, t1, t2 float64, before, after []Unit, kind Dispersion, winsor float64) Change {
	var d, s []float64
	for i := range before {
		if i >= len(after) || before[i].N <= 0 || after[i].N <= 0 {
			continue
		}
		d = append(d, after[i].O/after[i].N-before[i].O/before[i].N)
		s = append(s, changeSE(m, t1, t2, before[i].N, after[i].N))
	}
	return Change{Model: m, T1: t1, T2: t2, Over: EstimateOverdispersion(d, s, t2-t1, winsor, kind)}
}

// Z is the over-dispersion-adjusted z-score of one council's change against
// England's change; positive when the council rose more (or fell less) than
// England. NaN when either N ≤ 0.
func (c Change) Z(before, after Unit) float64 {
	if before.N <= 0 || after.N <= 0 {
		return math.NaN()
	}
	d := after.O/after.N - before.O/before.N
	return c.Over.Z(d, changeSE(c.Model, c.T1, c.T2, before.N, after.N), c.T2-c.T1)
}

// Outside places one council's change against the limits at one-tail
// probability p (P95 or P998): +1 when it rose significantly more than
// England, −1 significantly less, 0 within (or when either N ≤ 0). The
// limits are normal (a difference of two counts has no simple exact
// distribution). Polarity is the caller's: for a low-is-good indicator,
// −1 is the improvement.
func (c Change) Outside(before, after Unit, p float64) int {
	z := c.Z(before, after)
	if math.IsNaN(z) {
		return 0
	}
	k := -zFor(p)
	switch {
	case z > k:
		return 1
	case z < -k:
		return -1
	}
	return 0
}

// Limits returns the lower and upper limits for a change between
// denominators n1 and n2 at one-tail probability p, on the O/N scale
// (England's change ± z·SE, adjusted), for drawing a change funnel.
func (c Change) Limits(n1, n2, p float64) (lo, hi float64) {
	se := c.Over.SE(changeSE(c.Model, c.T1, c.T2, n1, n2))
	k := -zFor(p)
	d := c.T2 - c.T1
	return d - k*se, d + k*se
}
