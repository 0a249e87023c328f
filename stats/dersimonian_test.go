package stats

import (
	"math"
	"testing"
)

// TestDerSimonianLairdBCG reproduces a published DerSimonian–Laird
// estimate: the 13 BCG vaccine trials of Colditz et al. (1994), the worked
// example of R's metafor package (dat.bcg), whose log risk ratios give
// Cochran's Q = 152.2330 on 12 degrees of freedom and τ² = 0.3088 with
// method "DL" (Viechtbauer 2010, J Stat Softw 36(3), section 3). With the
// fixed-effect mean as the target and nothing winsorised, I·φ is Q and the
// additive τ² is DerSimonian and Laird's.
func TestDerSimonianLairdBCG(t *testing.T) {
	// Vaccinated TB cases and non-cases, then controls', per trial.
	trials := [][4]float64{
		{4, 119, 11, 128}, {6, 300, 29, 274}, {3, 228, 11, 209}, {62, 13536, 248, 12619},
		{33, 5036, 47, 5761}, {180, 1361, 372, 1079}, {8, 2537, 10, 619}, {505, 87886, 499, 87892},
		{29, 7470, 45, 7232}, {17, 1699, 65, 1600}, {186, 50448, 141, 27197}, {5, 2493, 3, 2338},
		{27, 16886, 29, 17825},
	}
	var y, s []float64
	sw, swy := 0.0, 0.0
	for _, tr := range trials {
		a, b, c, d := tr[0], tr[1], tr[2], tr[3]
		yi := math.Log((a / (a + b)) / (c / (c + d)))
		vi := 1/a - 1/(a+b) + 1/c - 1/(c+d)
		y, s = append(y, yi), append(s, math.Sqrt(vi))
		sw += 1 / vi
		swy += yi / vi
	}
	fixed := swy / sw
	o := EstimateOverdispersion(y, s, fixed, 0, Additive)
	if q := o.Phi * float64(o.Units); math.Abs(q-152.2330) > 0.001 {
		t.Errorf("Q = %.4f, want 152.2330", q)
	}
	if math.Abs(o.Tau2-0.3088) > 0.00005 {
		t.Errorf("τ² = %.5f, want 0.3088", o.Tau2)
	}
	if !o.Significant {
		t.Error("Q of 152 on 12 degrees of freedom is significant")
	}
}
