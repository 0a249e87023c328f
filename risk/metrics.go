package risk

import (
	"math"
	"sort"
)

// psi is the Mann–Whitney kernel: 1 when the inadequate council scored
// higher, ½ for a tie.
func psi(pos, neg float64) float64 {
	switch {
	case pos > neg:
		return 1
	case pos == neg:
		return 0.5
	}
	return 0
}

// structural returns DeLong's structural components: for each positive, the
// share of negatives it outscored; for each negative, the share of
// positives that outscored it. The AUC is the mean of either.
func structural(scores []float64, labels []bool) (auc float64, v10, v01 []float64) {
	var pos, neg []float64
	for i, s := range scores {
		if labels[i] {
			pos = append(pos, s)
		} else {
			neg = append(neg, s)
		}
	}
	if len(pos) == 0 || len(neg) == 0 {
		return math.NaN(), nil, nil
	}
	v10 = make([]float64, len(pos))
	v01 = make([]float64, len(neg))
	for i, p := range pos {
		for j, n := range neg {
			k := psi(p, n)
			v10[i] += k
			v01[j] += k
			auc += k
		}
	}
	for i := range v10 {
		v10[i] /= float64(len(neg))
	}
	for j := range v01 {
		v01[j] /= float64(len(pos))
	}
	return auc / float64(len(pos)*len(neg)), v10, v01
}

// AUC is the area under the ROC curve: the probability that a randomly
// chosen inadequate council scored higher than a randomly chosen other one,
// ties counting a half. NaN without both outcomes.
func AUC(scores []float64, labels []bool) float64 {
	a, _, _ := structural(scores, labels)
	return a
}

func covariance(a, b []float64) float64 {
	if len(a) < 2 {
		return 0
	}
	var ma, mb float64
	for i := range a {
		ma += a[i]
		mb += b[i]
	}
	ma /= float64(len(a))
	mb /= float64(len(b))
	var s float64
	for i := range a {
		s += (a[i] - ma) * (b[i] - mb)
	}
	return s / float64(len(a)-1)
}

// AUCInterval returns the AUC with its 95% confidence interval by DeLong's
// variance (DeLong, DeLong and Clarke-Pearson, 1988), clipped to [0, 1].
func AUCInterval(scores []float64, labels []bool) (auc, lo, hi float64) {
	auc, v10, v01 := structural(scores, labels)
	if math.IsNaN(auc) {
		return auc, math.NaN(), math.NaN()
	}
	se := math.Sqrt(covariance(v10, v10)/float64(len(v10)) + covariance(v01, v01)/float64(len(v01)))
	return auc, math.Max(0, auc-1.959964*se), math.Min(1, auc+1.959964*se)
}

// AUCSE is DeLong's standard error of the AUC.
func AUCSE(scores []float64, labels []bool) float64 {
	_, v10, v01 := structural(scores, labels)
	if v10 == nil {
		return math.NaN()
	}
	return math.Sqrt(covariance(v10, v10)/float64(len(v10)) + covariance(v01, v01)/float64(len(v01)))
}

// CompareAUC tests whether two scorers' AUCs on the same inspections
// differ, by DeLong's paired test: the difference a−b, its standard error
// and the two-sided p-value.
func CompareAUC(a, b []float64, labels []bool) (diff, se, p float64) {
	aucA, a10, a01 := structural(a, labels)
	aucB, b10, b01 := structural(b, labels)
	if a10 == nil {
		return math.NaN(), math.NaN(), math.NaN()
	}
	v := (covariance(a10, a10)+covariance(b10, b10)-2*covariance(a10, b10))/float64(len(a10)) +
		(covariance(a01, a01)+covariance(b01, b01)-2*covariance(a01, b01))/float64(len(a01))
	diff = aucA - aucB
	if v <= 0 {
		if diff == 0 {
			return 0, 0, 1
		}
		return diff, 0, 0
	}
	se = math.Sqrt(v)
	return diff, se, math.Erfc(math.Abs(diff/se) / math.Sqrt2)
}

// Brier is the mean squared difference between predicted risk and outcome
// (1 inadequate, 0 not): lower is better, and it rewards calibration as well
// as ranking.
func Brier(p []float64, labels []bool) float64 {
	if len(p) == 0 {
		return math.NaN()
	}
	var s float64
	for i := range p {
		y := 0.0
		if labels[i] {
			y = 1
		}
		s += (p[i] - y) * (p[i] - y)
	}
	return s / float64(len(p))
}

// TopK counts the inadequate judgements among the k highest scores
// (k = min(k, len)). Councils tied at the cut share the places left
// equally, so the count is what a random tie-break gives on average and a
// scorer that ties everyone gets the base rate, not a lucky order.
func TopK(scores []float64, labels []bool, k int) (hits float64, taken int) {
	k = min(k, len(scores))
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	for i := 0; i < len(idx) && i < k; {
		j := i
		var pos float64
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			if labels[idx[j]] {
				pos++
			}
			j++
		}
		group := float64(j - i)
		places := math.Min(group, float64(k-i))
		hits += pos * places / group
		i = j
	}
	return hits, k
}
