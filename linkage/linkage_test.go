package linkage

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func peopleTable(t testing.TB, pp people) *Table {
	t.Helper()
	tab, err := NewTable(pp.columns, pp.rows)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func newLinker(t testing.TB, s *Settings, tab *Table) *Linker {
	t.Helper()
	l, err := New(s, tab)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestEMRecoversKnownMixture builds the exact expected counts of agreement
// patterns from a known mixture of matches and non-matches over three
// comparisons and checks EM finds the m and λ that made them.
func TestEMRecoversKnownMixture(t *testing.T) {
	nlev := []int{3, 3, 4}
	nullLev := []int{-1, -1, 0}
	mTrue := [][]float64{{0.85, 0.1, 0.05}, {0.7, 0.2, 0.1}, {0, 0.6, 0.3, 0.1}}
	u := [][]float64{{0.01, 0.09, 0.9}, {0.05, 0.15, 0.8}, {0, 0.002, 0.05, 0.948}}
	nullShare := 0.1 // a tenth of pairs lack a value for the third comparison
	lambda := 0.2
	const pairs = 1e6
	var counts []patternCount
	for a := 0; a < 3; a++ {
		for b := 0; b < 3; b++ {
			for c := 0; c < 4; c++ {
				pc := 1 - nullShare
				if c == 0 {
					pc = nullShare
				}
				pm, pu := mTrue[0][a]*mTrue[1][b], u[0][a]*u[1][b]
				if c > 0 {
					pm, pu = pm*mTrue[2][c], pu*u[2][c]
				}
				n := pairs * pc * (lambda*pm + (1-lambda)*pu)
				counts = append(counts, patternCount{p: uint64(a) | uint64(b)<<4 | uint64(c)<<8, n: n})
			}
		}
	}
	m0 := [][]float64{{0.6, 0.3, 0.1}, {0.6, 0.3, 0.1}, {0, 0.6, 0.3, 0.1}}
	res := em(counts, nlev, nullLev, []bool{true, true, true}, u, m0, 0.5, 2000, 1e-10)
	if !res.converged {
		t.Errorf("EM did not converge in %d iterations", res.iterations)
	}
	if math.Abs(res.lambda-lambda) > 1e-4 {
		t.Errorf("λ = %g, want %g", res.lambda, lambda)
	}
	for k := range mTrue {
		for lv := range mTrue[k] {
			if lv == nullLev[k] {
				continue
			}
			if d := math.Abs(res.m[k][lv] - mTrue[k][lv]); d > 1e-3 {
				t.Errorf("m[%d][%d] = %.5f, want %.5f", k, lv, res.m[k][lv], mTrue[k][lv])
			}
		}
	}
}

// TestEMClampsDegenerateLevels: a level no match shows is driven to the
// floor, not to zero.
func TestEMClampsDegenerateLevels(t *testing.T) {
	u := [][]float64{{0.1, 0.9}}
	// Only agreeing pairs among matches, and far more disagreement than
	// non-matches alone explain: EM wants m(else) = 0.
	counts := []patternCount{{p: 0, n: 1000}, {p: 1, n: 900}}
	res := em(counts, []int{2}, []int{-1}, []bool{true}, u, [][]float64{{0.9, 0.1}}, 0.5, 500, 1e-12)
	if res.m[0][1] < clampM*0.99 || res.m[0][0] > 1-clampM*0.99 {
		t.Errorf("m = %v escapes [1e-6, 1-1e-6]", res.m[0])
	}
	if got := levelWeight(Level{Kind: KindElse, M: res.m[0][1], U: 0.9}); math.IsInf(got, 0) || got < -21 {
		t.Errorf("clamped weight %g", got)
	}
}

type pairKey struct{ a, b int32 }

func collect(t testing.TB, l *Linker, min float64) (map[pairKey]Pair, ScoreStats) {
	t.Helper()
	out := map[pairKey]Pair{}
	var mu sync.Mutex
	st, err := l.Score(context.Background(), ScoreOptions{MinProbability: min}, func(b []Pair) error {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range b {
			k := pairKey{p.A, p.B}
			if _, dup := out[k]; dup {
				t.Errorf("pair %v scored twice", k)
			}
			if p.A >= p.B {
				t.Errorf("pair %v not ordered", k)
			}
			out[k] = p
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, st
}

// bruteCandidates lists the pairs any rule makes, the slow way.
func bruteCandidates(t *testing.T, tab *Table, s *Settings, linkOnly bool) map[pairKey]bool {
	keys := make([][]string, len(s.Blocking))
	src, _ := tab.Column("source")
	for r, rule := range s.Blocking {
		keys[r] = make([]string, tab.Len())
		for i := 0; i < tab.Len(); i++ {
			var parts []string
			for _, k := range rule.Keys {
				v, err := Transform(k.Transform, tab.Value(i, k.Column))
				if err != nil {
					t.Fatal(err)
				}
				if v == "" {
					parts = nil
					break
				}
				parts = append(parts, v)
			}
			keys[r][i] = strings.Join(parts, "|")
		}
	}
	out := map[pairKey]bool{}
	for i := 0; i < tab.Len(); i++ {
		for j := i + 1; j < tab.Len(); j++ {
			if linkOnly && src[i] == src[j] {
				continue
			}
			for r := range keys {
				if keys[r][i] != "" && keys[r][i] == keys[r][j] {
					out[pairKey{int32(i), int32(j)}] = true
				}
			}
		}
	}
	return out
}

func trained(t testing.TB, s *Settings, tab *Table) *Linker {
	t.Helper()
	l := newLinker(t, s, tab)
	if _, err := l.Train(context.Background(), TrainOptions{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestBlockingUnionLinkAndDedupe(t *testing.T) {
	pp := makePeople(900, 3, 11)
	tab := peopleTable(t, pp)
	for _, lt := range []string{Dedupe, Link, LinkAndDedupe} {
		t.Run(lt, func(t *testing.T) {
			s := peopleSettings(lt)
			l := trained(t, s, tab)
			got, st := collect(t, l, 0)
			want := bruteCandidates(t, tab, s, lt == Link)
			if len(got) != len(want) || st.Candidates != int64(len(want)) {
				t.Fatalf("%d pairs scored (%d counted), want %d", len(got), st.Candidates, len(want))
			}
			for k := range want {
				if _, ok := got[k]; !ok {
					t.Fatalf("candidate %v not scored", k)
				}
			}
			cross := 0
			for k := range got {
				if pp.source[k.a] != pp.source[k.b] {
					cross++
				}
			}
			switch lt {
			case Link:
				if cross != len(got) {
					t.Errorf("link scored %d pairs within a source", len(got)-cross)
				}
			default:
				if cross == len(got) {
					t.Errorf("%s scored no pairs within a source", lt)
				}
			}
			n, err := l.Candidates(context.Background())
			if err != nil || n != int64(len(want)) {
				t.Errorf("Candidates = %d, %v; want %d", n, err, len(want))
			}
		})
	}
}

// TestTrainedModelFindsThePeople trains without labels on synthetic
// people and judges the links against who each record really is.
func TestTrainedModelFindsThePeople(t *testing.T) {
	pp := makePeople(30000, 1, 3)
	tab := peopleTable(t, pp)
	l := newLinker(t, peopleSettings(Dedupe), tab)
	rep, err := l.Train(context.Background(), TrainOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	links, _, err := l.Links(context.Background(), ScoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The true matches, and those blocking could find.
	byPerson := map[int32][]int32{}
	for i, p := range pp.truth {
		byPerson[p] = append(byPerson[p], int32(i))
	}
	trueMatches := 0
	for _, rs := range byPerson {
		trueMatches += len(rs) * (len(rs) - 1) / 2
	}
	tp := 0
	for _, p := range links {
		if pp.truth[p.A] == pp.truth[p.B] {
			tp++
		}
	}
	precision, recall := float64(tp)/float64(len(links)), float64(tp)/float64(trueMatches)
	t.Logf("prior %.3g (%s); %d links, precision %.4f, recall %.4f", rep.Prior, rep.PriorFrom, len(links), precision, recall)
	if precision < 0.97 || recall < 0.9 {
		t.Errorf("precision %.4f recall %.4f: want ≥ 0.97 and ≥ 0.9", precision, recall)
	}
	// The prior against the truth: true matches over all pairs.
	truePrior := float64(trueMatches) / l.totalPairs()
	if r := rep.Prior / truePrior; r < 0.5 || r > 2 {
		t.Errorf("prior %.3g, truth %.3g", rep.Prior, truePrior)
	}
	// EM's m for exact first names against the share among true matches.
	fn := l.comps[0]
	agree, total := 0, 0
	for _, rs := range byPerson {
		for x := range rs {
			for y := x + 1; y < len(rs); y++ {
				lv := fn.level(rs[x], rs[y])
				if lv != 0 {
					total++
					if lv == 1 {
						agree++
					}
				}
			}
		}
	}
	m := l.Settings().Comparisons[0].Levels[1].M
	if want := float64(agree) / float64(total); math.Abs(m-want) > 0.05 {
		t.Errorf("m(first name exact) = %.3f, true share %.3f", m, want)
	}
}

func TestExplanationSumsToWeight(t *testing.T) {
	pp := makePeople(3000, 1, 5)
	tab := peopleTable(t, pp)
	l := trained(t, peopleSettings(Dedupe), tab)
	pairs, _ := collect(t, l, 0)
	n := 0
	for k, p := range pairs {
		e, err := l.Explain(int(k.a), int(k.b))
		if err != nil {
			t.Fatal(err)
		}
		sum := e.PriorWeight
		tfSeen := false
		for _, s := range e.Steps {
			sum += s.Log2BayesFactor + s.TFAdjustment
			if math.Abs(s.Cumulative-sum) > 1e-9 {
				t.Fatalf("cumulative %g, sum %g", s.Cumulative, sum)
			}
			tfSeen = tfSeen || s.TFAdjustment != 0
		}
		if math.Abs(sum-e.Weight) > 1e-9 || math.Abs(e.Weight-p.Weight) > 1e-9 || math.Abs(e.Probability-p.Probability) > 1e-12 {
			t.Fatalf("explanation of %v: steps sum %g, weight %g, scored %g", k, sum, e.Weight, p.Weight)
		}
		if e.Candidate == "" {
			t.Fatalf("scored pair %v has no blocking rule", k)
		}
		if tfSeen {
			n++
		}
	}
	if n == 0 {
		t.Error("no explanation showed a term-frequency adjustment")
	}
	// A common surname counts for less than a rare one.
	params := l.Settings().Parameters()
	if len(params) != 4 || params[1].Levels[1].BayesFactor <= 1 || params[1].Levels[0].BayesFactor != 1 {
		t.Errorf("parameters %+v", params[1])
	}
}

func TestSaveAndReload(t *testing.T) {
	pp := makePeople(3000, 2, 9)
	tab := peopleTable(t, pp)
	l := trained(t, peopleSettings(Link), tab)
	var buf bytes.Buffer
	if err := l.Settings().Save(&buf); err != nil {
		t.Fatal(err)
	}
	s2, err := LoadSettings(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s2, l.Settings()) {
		t.Fatalf("reloaded settings differ:\n%+v\n%+v", s2, l.Settings())
	}
	l2 := newLinker(t, s2, tab)
	a, _ := collect(t, l, 0.5)
	b, _ := collect(t, l2, 0.5)
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		t.Errorf("reloaded model scores %d pairs, original %d, or differently", len(b), len(a))
	}
	if _, err := LoadSettings(strings.NewReader(`{"link_type":"dedupe","unique_id_column":"id","blocking_rules":[],"comparisons":[],"match_probability_threshold":0.9,"typo":1}`)); err == nil {
		t.Error("unknown field accepted")
	}
}

func TestClustering(t *testing.T) {
	// Rows 0,1,2 in source 0; 3,4 in source 1; 5 in source 2.
	source := []int32{0, 0, 0, 1, 1, 2}
	p := func(a, b int32, w float64) Pair { return Pair{A: a, B: b, Weight: w, Probability: Probability(w)} }
	pairs := []Pair{
		p(0, 3, 10), // strong
		p(1, 3, 8),  // 3 already has a source-0 partner: chaining would pull 0 and 1 together
		p(1, 4, 7),
		p(3, 5, 6),
		p(4, 5, 5), // 5 is taken by 3's cluster
		p(2, 4, -5),
	}
	cc := ConnectedComponents(len(source), pairs, 0.9)
	if want := []int32{0, 0, 2, 0, 0, 0}; !reflect.DeepEqual(cc, want) {
		t.Errorf("connected components %v, want %v", cc, want)
	}
	ops := OnePerSource(source, pairs, 0.9)
	if want := []int32{0, 1, 2, 0, 1, 0}; !reflect.DeepEqual(ops, want) {
		t.Errorf("one per source %v, want %v", ops, want)
	}
	// No cluster holds two records of one source.
	seen := map[[2]int32]bool{}
	for i, c := range ops {
		k := [2]int32{c, source[i]}
		if seen[k] {
			t.Errorf("cluster %d holds two records of source %d", c, source[i])
		}
		seen[k] = true
	}
}

func TestClustersOnPeople(t *testing.T) {
	pp := makePeople(4000, 3, 21)
	tab := peopleTable(t, pp)
	l := trained(t, peopleSettings(Link), tab)
	links, _, err := l.Links(context.Background(), ScoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cc, _ := l.Clusters(links, false)
	ops, err := l.Clusters(links, true)
	if err != nil {
		t.Fatal(err)
	}
	overfull := func(labels []int32) int {
		seen := map[[2]int32]bool{}
		n := 0
		for i, c := range labels {
			k := [2]int32{c, pp.source[i]}
			if seen[k] {
				n++
			}
			seen[k] = true
		}
		return n
	}
	if n := overfull(ops); n != 0 {
		t.Errorf("one per source left %d records sharing a cluster with their own source", n)
	}
	t.Logf("connected components put %d records beside one of their own source", overfull(cc))
	// Each true person should mostly be one cluster.
	pure := 0
	for i := range ops {
		if (ops[i] == ops[int(ops[i])]) && pp.truth[i] == pp.truth[ops[i]] {
			pure++
		}
	}
	if float64(pure)/float64(len(ops)) < 0.95 {
		t.Errorf("only %d of %d records clustered with their own person", pure, len(ops))
	}
	var buf bytes.Buffer
	if err := l.WriteClusters(&buf, ops); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != tab.Len()+1 || rows[0][0] != "unique_id" || rows[0][1] != "cluster_id" {
		t.Fatalf("cluster file: %d rows, %v", len(rows), err)
	}
	if _, err := newLinker(t, peopleSettings(Dedupe), tab).Clusters(links, true); err == nil {
		t.Error("one per source allowed for dedupe")
	}
}

func TestBadInput(t *testing.T) {
	pp := makePeople(500, 1, 2)
	tab := peopleTable(t, pp)

	s := peopleSettings(Dedupe)
	s.Comparisons[0].Columns = []string{"forename"}
	s.Blocking[0].Keys[0].Column = "given_name"
	if _, err := New(s, tab); err == nil || !strings.Contains(err.Error(), `"forename"`) || !strings.Contains(err.Error(), `"given_name"`) {
		t.Errorf("missing columns: %v", err)
	}

	empty, _ := NewTable(pp.columns, nil)
	if _, err := New(peopleSettings(Dedupe), empty); err == nil {
		t.Error("empty table accepted")
	}
	if _, err := NewTable(pp.columns, [][]string{{"1", "2"}}); err == nil {
		t.Error("short row accepted")
	}

	dup := append([][]string{}, pp.rows...)
	dup = append(dup, pp.rows[0])
	if _, err := New(peopleSettings(Dedupe), peopleTable(t, people{columns: pp.columns, rows: dup})); err == nil {
		t.Error("duplicate ids accepted")
	}

	// An all-null field is a warning, and training survives it.
	rows := make([][]string, len(pp.rows))
	for i, r := range pp.rows {
		rows[i] = append([]string(nil), r...)
		rows[i][5] = "N/A"
	}
	nullTab := peopleTable(t, people{columns: pp.columns, rows: rows})
	l := newLinker(t, peopleSettings(Dedupe), nullTab)
	if w := strings.Join(l.Warnings(), "\n"); !strings.Contains(w, `"postcode"`) || !strings.Contains(w, "never agree") {
		t.Errorf("no warning of the all-null postcode: %q", w)
	}
	if _, err := l.Train(context.Background(), TrainOptions{Seed: 1}); err != nil {
		t.Errorf("training with an all-null field: %v", err)
	}

	// Bad settings.
	bad := peopleSettings(Dedupe)
	bad.Comparisons[0].Levels = bad.Comparisons[0].Levels[:2]
	bad.LinkType = "merge"
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "merge") || !strings.Contains(err.Error(), "last level") {
		t.Errorf("bad settings: %v", err)
	}
	untrained := newLinker(t, peopleSettings(Dedupe), tab)
	if _, err := untrained.Score(context.Background(), ScoreOptions{}, nil); err == nil {
		t.Error("untrained model scored")
	}
}

// TestHugeBlockSkipped: a placeholder postcode shared by many records would make a
// block too large; it is skipped with a warning naming the rule and value,
// and its pairs are not scored unless another rule finds them.
func TestHugeBlockSkipped(t *testing.T) {
	pp := makePeople(3000, 1, 4)
	for i := 0; i < 400; i++ {
		pp.rows[i][5] = "ZZ1 1ZZ"
	}
	tab := peopleTable(t, pp)
	s := peopleSettings(Dedupe)
	s.MaxBlockSize = 100
	l := newLinker(t, s, tab)
	w := strings.Join(l.Warnings(), "\n")
	if !strings.Contains(w, `"postcode"`) || !strings.Contains(w, "zz1 1zz") || !strings.Contains(w, "400 records") {
		t.Errorf("warning %q does not name the rule and key", w)
	}
	l.Train(context.Background(), TrainOptions{Seed: 1})
	got, _ := collect(t, l, 0)
	want := bruteCandidates(t, tab, s, false)
	// Remove pairs only the oversized blocks make.
	big := map[string]int{}
	keyOf := func(r BlockingRule, i int) string {
		var parts []string
		for _, k := range r.Keys {
			v, _ := Transform(k.Transform, tab.Value(i, k.Column))
			if v == "" {
				return ""
			}
			parts = append(parts, v)
		}
		return strings.Join(parts, "|")
	}
	for _, r := range s.Blocking {
		for i := 0; i < tab.Len(); i++ {
			if k := keyOf(r, i); k != "" {
				big[r.Name+"\x00"+k]++
			}
		}
	}
	for k := range want {
		ok := false
		for _, r := range s.Blocking {
			ka, kb := keyOf(r, int(k.a)), keyOf(r, int(k.b))
			if ka != "" && ka == kb && big[r.Name+"\x00"+ka] <= s.MaxBlockSize {
				ok = true
			}
		}
		if !ok {
			delete(want, k)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d pairs scored, want %d", len(got), len(want))
	}
	for k := range got {
		if !want[k] {
			t.Errorf("pair %v scored from a skipped block", k)
			break
		}
	}
}

// Ids come back exactly as their source wrote them when the table keeps
// them verbatim; compared values stay normalised.
func TestVerbatimIDs(t *testing.T) {
	tab, err := NewTable([]string{"id", "name"}, [][]string{{"SC-001", "Amy"}, {"sc-002", "AMY"}})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := tab.Verbatim("id"); v[0] != "sc-001" {
		t.Fatalf("before keeping, the normalised id: %q", v[0])
	}
	if err := tab.KeepVerbatim("id", []string{" SC-001 ", "sc-002"}); err != nil {
		t.Fatal(err)
	}
	if v, _ := tab.Verbatim("id"); v[0] != "SC-001" || v[1] != "sc-002" {
		t.Errorf("verbatim ids %q", v)
	}
	if c, _ := tab.Column("name"); c[0] != c[1] {
		t.Errorf("names are still compared normalised: %q", c)
	}
	if tab.KeepVerbatim("nope", []string{"a", "b"}) == nil || tab.KeepVerbatim("id", []string{"a"}) == nil {
		t.Error("a missing column or a short column should be refused")
	}
}
