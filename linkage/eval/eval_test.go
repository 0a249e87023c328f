package eval_test

import (
	"math"
	"testing"

	"github.com/sightline-uk/sightline/linkage/eval"
	"github.com/sightline-uk/sightline/linkage/inputs"
)

func r(id string) inputs.RecordID { return inputs.RecordID{Source: "s", ID: id} }

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("%s = %.6f, want %.6f", what, got, want)
	}
}

// Six records of three people: a1 a2 a3 are X, b1 b2 are Y, c1 is Z, so
// there are 3 + 1 = 4 true pairs.
var truth = eval.Truth{r("a1"): "X", r("a2"): "X", r("a3"): "X", r("b1"): "Y", r("b2"): "Y", r("c1"): "Z"}

var pairs = []eval.Pair{
	{r("a1"), r("a2"), 0.9},
	{r("a2"), r("a3"), 0.6},
	{r("a1"), r("b1"), 0.8},
	{r("b1"), r("b2"), 0.3},
	{r("a2"), r("a1"), 0.5}, // the same pair again, reversed: the higher probability stands
	{r("c1"), r("b2"), 0.95},
}

func TestPairwise(t *testing.T) {
	if n := truth.TruePairs("dedupe"); n != 4 {
		t.Fatalf("true pairs %d, want 4", n)
	}
	// At 0.5: links a1a2 (true), a2a3 (true), a1b1, c1b2 (false); b1b2 is
	// below and a1a3 never scored, so 2 of 4 true pairs are missed.
	s := eval.Pairwise(pairs, truth, 0.5, "dedupe")
	if s.Candidates != 5 || s.DuplicatePairsInput != 1 || s.Links != 4 || s.TP != 2 || s.FP != 2 || s.FN != 2 {
		t.Fatalf("%+v", s)
	}
	near(t, "precision", s.Precision, 0.5)
	near(t, "recall", s.Recall, 0.5)
	near(t, "F1", s.F1, 0.5)
	near(t, "blocking recall", s.CandidateRecall, 0.75) // a1a3 never scored
	// At 0.7: a1a2 true, a1b1 and c1b2 false: P 1/3, R 1/4, F1 2/7.
	s = eval.Pairwise(pairs, truth, 0.7, "dedupe")
	near(t, "precision", s.Precision, 1.0/3)
	near(t, "recall", s.Recall, 0.25)
	near(t, "F1", s.F1, 2.0/7)
}

func TestCurve(t *testing.T) {
	c := eval.Curve(pairs, truth, "dedupe")
	want := []struct{ th, f1 float64 }{{0.95, 0}, {0.9, 1.0 / 3}, {0.8, 2.0 / 7}, {0.6, 0.5}, {0.3, 2 * 0.6 * 0.75 / 1.35}}
	if len(c) != len(want) {
		t.Fatalf("%d points, want %d", len(c), len(want))
	}
	for i, w := range want {
		near(t, "threshold", c[i].Threshold, w.th)
		near(t, "F1", c[i].F1, w.f1)
		// Every point agrees with scoring at its own threshold.
		s := eval.Pairwise(pairs, truth, w.th, "dedupe")
		if s.TP != c[i].TP || s.FP != c[i].FP || s.FN != c[i].FN {
			t.Errorf("at %.2f curve %+v, pairwise %+v", w.th, c[i], s)
		}
	}
	near(t, "best threshold", eval.BestF1(c).Threshold, 0.3)
}

func TestLinkOnlyCountsAcrossSources(t *testing.T) {
	x := func(s, id string) inputs.RecordID { return inputs.RecordID{Source: s, ID: id} }
	tr := eval.Truth{x("s1", "1"): "X", x("s1", "2"): "X", x("s2", "1"): "X", x("s2", "2"): "Y", x("s1", "3"): "Y"}
	if n := tr.TruePairs("link"); n != 3 {
		t.Errorf("link true pairs %d, want 3", n)
	}
	if n := tr.TruePairs("dedupe"); n != 4 {
		t.Errorf("dedupe true pairs %d, want 4", n)
	}
	// A same-source pair is neither a hit nor a false link when linking.
	s := eval.Pairwise([]eval.Pair{{x("s1", "1"), x("s1", "2"), 1}, {x("s1", "1"), x("s2", "1"), 1}, {x("s1", "3"), x("s2", "1"), 1}}, tr, 0.5, "link")
	if s.TP != 1 || s.FP != 1 || s.FN != 2 {
		t.Errorf("%+v", s)
	}
	// One cluster of s1/1, s1/2, s2/1, s2/2 implies 4 cross-source pairs,
	// 2 of them true (s1/1–s2/1, s1/2–s2/1) of 3 true pairs.
	c := eval.Clusters(map[inputs.RecordID]string{x("s1", "1"): "k", x("s1", "2"): "k", x("s2", "1"): "k", x("s2", "2"): "k"}, tr, "link")
	near(t, "pair precision", c.PairPrecision, 0.5)
	near(t, "pair recall", c.PairRecall, 2.0/3)
}

func TestBCubed(t *testing.T) {
	// Clusters {a1 a2 b1}, {a3}, {b2}; c1 is missing, so on its own.
	// Precision per record: 2/3 2/3 1/3 1 1 1 → 7/9.
	// Recall per record:    2/3 2/3 1/2 1/3 1/2 1 → 11/18.
	cl := map[inputs.RecordID]string{r("a1"): "1", r("a2"): "1", r("b1"): "1", r("a3"): "2", r("b2"): "3"}
	c := eval.Clusters(cl, truth, "dedupe")
	if c.Records != 6 || c.Clusters != 4 || c.Entities != 3 {
		t.Errorf("%+v", c)
	}
	near(t, "B-cubed precision", c.Precision, 7.0/9)
	near(t, "B-cubed recall", c.Recall, 11.0/18)
	near(t, "B-cubed F1", c.F1, 2772.0/4050)
	// Pairs implied: a1a2 (true), a1b1, a2b1: 1 of 3 right, 1 of 4 found.
	near(t, "pair precision", c.PairPrecision, 1.0/3)
	near(t, "pair recall", c.PairRecall, 0.25)

	perfect := map[inputs.RecordID]string{}
	for k, e := range truth {
		perfect[k] = e
	}
	p := eval.Clusters(perfect, truth, "dedupe")
	if p.F1 != 1 || p.PairF1 != 1 {
		t.Errorf("perfect clustering scored %+v", p)
	}
}

func TestClustersFromPairs(t *testing.T) {
	cl := eval.ClustersFromPairs(pairs, 0.5)
	// Links a1a2, a2a3, a1b1 join a1 a2 a3 b1; c1b2 join c1 b2.
	if cl[r("a1")] != cl[r("a3")] || cl[r("a1")] != cl[r("b1")] || cl[r("c1")] != cl[r("b2")] || cl[r("a1")] == cl[r("b2")] {
		t.Errorf("%v", cl)
	}
	if cl[r("a3")] != "s/a1" {
		t.Errorf("cluster named %q, want its smallest record s/a1", cl[r("a3")])
	}
}

func TestPairwiseLabelled(t *testing.T) {
	labels := []eval.Labelled{
		{r("a1"), r("a2"), true}, {r("a1"), r("a3"), true}, {r("a1"), r("b1"), false},
		{r("b2"), r("c1"), false}, {r("b1"), r("b2"), true},
	}
	// At 0.5: a1a2 TP; a1a3 unscored FN; a1b1 FP; c1b2 FP; b1b2 (0.3) FN.
	s := eval.PairwiseLabelled(pairs, labels, 0.5)
	if s.TP != 1 || s.FP != 2 || s.FN != 2 || s.TruePairs != 3 {
		t.Fatalf("%+v", s)
	}
	near(t, "precision", s.Precision, 1.0/3)
	near(t, "recall", s.Recall, 1.0/3)
	near(t, "blocking recall", s.CandidateRecall, 2.0/3)
}

func TestFEBRLEntity(t *testing.T) {
	for id, want := range map[string]string{"rec-1496-org": "1496", "rec-552-dup-3": "552", "rec-0-dup-0": "0"} {
		if got, err := eval.FEBRLEntity(id); err != nil || got != want {
			t.Errorf("%s → %q, %v", id, got, err)
		}
	}
	for _, id := range []string{"1496", "rec-1496", "rec-1-copy-2", ""} {
		if _, err := eval.FEBRLEntity(id); err == nil {
			t.Errorf("%q accepted", id)
		}
	}
}
