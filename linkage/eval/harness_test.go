package eval_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/linkage"
	"github.com/sightline-uk/sightline/linkage/eval"
	"github.com/sightline-uk/sightline/linkage/inputs"
	"github.com/sightline-uk/sightline/linkage/synthpeople"
)

const testdata = "../testdata"

func read(t *testing.T, name, text string) *inputs.Input {
	t.Helper()
	in, err := inputs.ReadCSV(strings.NewReader(text), name)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func TestTable(t *testing.T) {
	a := read(t, "school.csv", "id,first,upn\n1,Ann,A1\n")
	b := read(t, "health.csv", "id,nhs,first\n1,943,Bob\n2,944,Cat\n")
	cols, rows, ids, err := eval.Table([]*inputs.Input{a, b}, "id")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cols, []string{"id", "first", "upn", "nhs"}) {
		t.Errorf("columns %q", cols)
	}
	want := [][]string{{"1", "Ann", "A1", ""}, {"1", "Bob", "", "943"}, {"2", "Cat", "", "944"}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows %q", rows)
	}
	if ids[1] != (inputs.RecordID{Source: "health", ID: "1"}) {
		t.Errorf("ids %v", ids)
	}
}

func TestExact(t *testing.T) {
	// Records 1–3 are one person (3 true pairs), 4 and 5 two people with
	// the same details. Exact agreement after normalisation links 1–2
	// (right) and 4–5 (wrong), and misses 1–3 and 2–3 (a typo).
	in := read(t, "people.csv", "id,first,surname,person\n1,Ann,Smith,P1\n2, ANN ,smith,P1\n3,Anne,Smith,P1\n4,Bob,Jones,P2\n5,Bob,Jones,P3\n")
	truth, err := eval.TruthFromColumn(in, "id", "person")
	if err != nil {
		t.Fatal(err)
	}
	s := linkage.Settings{LinkType: linkage.Dedupe, UniqueID: "id", Threshold: 0.5, Comparisons: []linkage.Comparison{
		{Name: "first", Columns: []string{"first"}}, {Name: "surname", Columns: []string{"surname"}}}}
	res, err := eval.Exact(context.Background(), []*inputs.Input{in}, s)
	if err != nil {
		t.Fatal(err)
	}
	sc := eval.Pairwise(res.Pairs, truth, 0.5, linkage.Dedupe)
	if sc.TP != 1 || sc.FP != 1 || sc.FN != 2 {
		t.Errorf("%v", sc)
	}
}

func benchmarks(t *testing.T) []*eval.Benchmark {
	t.Helper()
	var out []*eval.Benchmark
	for _, f := range []func(string) (*eval.Benchmark, error){eval.FEBRL3, eval.FEBRL4, eval.Fake1000} {
		b, err := f(testdata)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	b, err := eval.Synthetic(synthpeople.Options{Children: 3000, Seed: 1, Rates: synthpeople.DefaultRates()})
	if err != nil {
		t.Fatal(err)
	}
	return append(out, b)
}

func TestBenchmarksLoad(t *testing.T) {
	want := []struct {
		records, truePairs int
	}{
		{5000, 6538},  // FEBRL3
		{10000, 5000}, // FEBRL4: one to one
		{1000, 2031},  // fake_1000: as many as the labels call matches
	}
	for i, b := range benchmarks(t)[:3] {
		n := 0
		for _, in := range b.Inputs {
			n += len(in.Rows)
		}
		if n != want[i].records || len(b.Truth) != n || b.Truth.TruePairs(b.LinkType) != want[i].truePairs {
			t.Errorf("%s: %d records, %d in truth, %d true pairs", b.Name, n, len(b.Truth), b.Truth.TruePairs(b.LinkType))
		}
	}
}

// TestAcceptance runs the whole pipeline — settings inferred from the
// records, blocking, unsupervised training, scoring, clustering — on every
// benchmark with the engine, beside the exact-match baseline.
func TestAcceptance(t *testing.T) {
	floors := map[string]struct{ blocking, f1, bcubed float64 }{
		"FEBRL3":    {0.99, 0.99, 0.99},
		"FEBRL4":    {0.99, 0.99, 0.99},
		"fake_1000": {0.85, 0.6, 0.8},
		"synthetic": {0.99, 0.97, 0.99},
	}
	for _, b := range benchmarks(t) {
		base, err := eval.Run(context.Background(), b, eval.Exact)
		if err != nil {
			t.Fatal(err)
		}
		o, err := eval.Run(context.Background(), b, eval.Engine)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("exact match: %s", base.Clusters)
		t.Logf("engine: %s", o)
		fl := floors[strings.Fields(b.Name)[0]]
		if o.BlockingRecall < fl.blocking || o.AtThreshold.F1 < fl.f1 || o.Clusters.F1 < fl.bcubed {
			t.Errorf("%s: blocking recall %.4f, F1 %.4f, B-cubed F1 %.4f; want at least %.2f, %.2f, %.2f",
				b.Name, o.BlockingRecall, o.AtThreshold.F1, o.Clusters.F1, fl.blocking, fl.f1, fl.bcubed)
		}
		if o.Clusters.F1 <= base.Clusters.F1 {
			t.Errorf("%s: the engine (B-cubed F1 %.4f) does no better than exact matching (%.4f)", b.Name, o.Clusters.F1, base.Clusters.F1)
		}
		if !o.Trained.Trained() {
			t.Errorf("%s: the model came back untrained", b.Name)
		}
	}
}
