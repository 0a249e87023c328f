package risk

import (
	"math"
	"testing"
)

func TestAUCByHand(t *testing.T) {
	for _, c := range []struct {
		name   string
		scores []float64
		labels []bool
		want   float64
	}{
		// Of the four (inadequate, other) pairs, 0.35 loses to 0.4: 3 of 4.
		{"no ties", []float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}, 0.75},
		// 0.5 against 0.5 counts a half: (1 + ½ + 1 + 1) / 4.
		{"a tie across outcomes", []float64{0.2, 0.5, 0.5, 0.9}, []bool{false, false, true, true}, 0.875},
		{"everyone tied", []float64{0.3, 0.3, 0.3, 0.3, 0.3}, []bool{true, false, false, true, false}, 0.5},
		{"perfectly wrong", []float64{0.9, 0.8, 0.1}, []bool{false, false, true}, 0},
		// 2 positives × 3 negatives: 0.7 beats all three; 0.4 beats 0.2,
		// ties 0.4, loses to 0.6: (3 + 1.5) / 6.
		{"ties within and across", []float64{0.7, 0.4, 0.2, 0.4, 0.6}, []bool{true, true, false, false, false}, 0.75},
	} {
		if got := AUC(c.scores, c.labels); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: AUC %v, want %v", c.name, got, c.want)
		}
	}
	if !math.IsNaN(AUC([]float64{0.1, 0.2}, []bool{true, true})) {
		t.Error("AUC without both outcomes is undefined")
	}
}

// DeLong's variance worked by hand: positives score 0.8 and 0.35, negatives
// 0.1 and 0.4. The positives' components are 1 and ½, the negatives' 1
// and ½; each has sample variance ⅛, so var(AUC) = ⅛/2 + ⅛/2 = ⅛.
func TestDeLongByHand(t *testing.T) {
	scores := []float64{0.1, 0.4, 0.35, 0.8}
	labels := []bool{false, false, true, true}
	if se := AUCSE(scores, labels); math.Abs(se-math.Sqrt(0.125)) > 1e-12 {
		t.Errorf("DeLong SE %v, want √⅛ = %v", se, math.Sqrt(0.125))
	}
	auc, lo, hi := AUCInterval(scores, labels)
	if auc != 0.75 || math.Abs(lo-(0.75-1.959964*math.Sqrt(0.125))) > 1e-9 || hi != 1 {
		t.Errorf("interval %v [%v, %v]; the upper limit is clipped to 1", auc, lo, hi)
	}
	// A scorer compared with itself differs by nothing.
	if d, _, p := CompareAUC(scores, scores, labels); d != 0 || p != 1 {
		t.Errorf("self-comparison: diff %v, p %v", d, p)
	}
	// Reversing the order of a scorer with AUC 0.75 gives 0.25; paired, the
	// difference is 0.5 with twice the standard error (perfectly negatively
	// correlated components): var = 4 × ⅛.
	rev := []float64{0.9, 0.6, 0.65, 0.2}
	d, se, _ := CompareAUC(scores, rev, labels)
	if math.Abs(d-0.5) > 1e-12 || math.Abs(se-math.Sqrt(0.5)) > 1e-12 {
		t.Errorf("reversed: diff %v se %v, want 0.5 and √½", d, se)
	}
}

func TestBrierByHand(t *testing.T) {
	// (0.1)² + (0.1)² + (0.2)² + (0.3)² over 4 = 0.15 / 4.
	got := Brier([]float64{0.1, 0.9, 0.8, 0.3}, []bool{false, true, true, false})
	if math.Abs(got-0.0375) > 1e-12 {
		t.Errorf("Brier %v, want 0.0375", got)
	}
	// The base rate for everyone scores p(1−p).
	p := []float64{0.25, 0.25, 0.25, 0.25}
	if got := Brier(p, []bool{true, false, false, false}); math.Abs(got-0.1875) > 1e-12 {
		t.Errorf("Brier of the base rate %v, want 0.1875", got)
	}
}

func TestTopKSharesTies(t *testing.T) {
	scores := []float64{0.9, 0.5, 0.5, 0.5, 0.1}
	labels := []bool{true, true, false, false, true}
	// 0.9 is a hit; one place is left for three tied councils, one of them
	// inadequate: ⅓ of a hit.
	if hits, k := TopK(scores, labels, 2); math.Abs(hits-(1+1.0/3)) > 1e-12 || k != 2 {
		t.Errorf("top 2: %v hits in %d places, want 1⅓ in 2", hits, k)
	}
	// Everyone tied: the expected hits are the base rate times the places.
	flat := []float64{0.2, 0.2, 0.2, 0.2, 0.2, 0.2}
	if hits, _ := TopK(flat, []bool{true, false, false, true, false, false}, 3); math.Abs(hits-1) > 1e-12 {
		t.Errorf("tied top 3 of 6 with 2 inadequate: %v hits, want 1", hits)
	}
	// Fewer councils than places: all of them.
	if hits, k := TopK([]float64{0.3, 0.6}, []bool{true, false}, TopN); hits != 1 || k != 2 {
		t.Errorf("top %d of 2: %v hits in %d places", TopN, hits, k)
	}
}
