package linkage

import (
	"context"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"
)

var (
	millionOnce   sync.Once
	millionLinker *Linker
	millionPeople people
)

func millionTrained(b testing.TB) *Linker {
	millionOnce.Do(func() {
		millionPeople = makePeople(1_000_000, 1, 42)
		tab, err := NewTable(millionPeople.columns, millionPeople.rows)
		if err != nil {
			b.Fatal(err)
		}
		l, err := New(peopleSettings(Dedupe), tab)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := l.Train(context.Background(), TrainOptions{Seed: 1}); err != nil {
			b.Fatal(err)
		}
		millionLinker = l
	})
	return millionLinker
}

// BenchmarkScoreMillion scores every candidate pair of a million synthetic
// records (blocking, comparisons and weights) on all cores; pairs/s/core
// is the figure to compare.
func BenchmarkScoreMillion(b *testing.B) {
	l := millionTrained(b)
	b.ResetTimer()
	var pairs int64
	start := time.Now()
	for b.Loop() {
		st, err := l.Score(context.Background(), ScoreOptions{MinProbability: 0.9}, func([]Pair) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		pairs += st.Candidates
	}
	sec := time.Since(start).Seconds()
	b.ReportMetric(float64(pairs)/sec, "pairs/s")
	b.ReportMetric(float64(pairs)/sec/float64(runtime.GOMAXPROCS(0)), "pairs/s/core")
	b.ReportMetric(float64(pairs)/float64(b.N), "pairs/op")
}

// BenchmarkWeight is the cost of one pair's comparisons alone.
func BenchmarkWeight(b *testing.B) {
	pp := makePeople(20000, 1, 8)
	tab := peopleTable(b, pp)
	l := trained(b, peopleSettings(Dedupe), tab)
	var sink float64
	i := uint32(0)
	for b.Loop() {
		sink += l.weight(int32(i%20000), int32((i*7919+13)%20000))
		i++
	}
	_ = sink
}

// TestMillion runs the whole deduplication of a million records: build,
// train, score, cluster. It is slow, so it runs only when
// LINKAGE_MILLION=1; run it under /usr/bin/time -v for peak memory.
func TestMillion(t *testing.T) {
	if os.Getenv("LINKAGE_MILLION") == "" {
		t.Skip("set LINKAGE_MILLION=1 to run the million-record deduplication")
	}
	ctx := context.Background()
	t0 := time.Now()
	pp := makePeople(1_000_000, 1, 42)
	tGen := time.Since(t0)

	t0 = time.Now()
	tab, err := NewTable(pp.columns, pp.rows)
	if err != nil {
		t.Fatal(err)
	}
	pp.rows = nil
	l, err := New(peopleSettings(Dedupe), tab)
	if err != nil {
		t.Fatal(err)
	}
	tBuild := time.Since(t0)
	for _, w := range l.Warnings() {
		t.Log("warning:", w)
	}

	t0 = time.Now()
	rep, err := l.Train(ctx, TrainOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tTrain := time.Since(t0)

	t0 = time.Now()
	links, st, err := l.Links(ctx, ScoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tScore := time.Since(t0)

	t0 = time.Now()
	clusters, _ := l.Clusters(links, false)
	tCluster := time.Since(t0)

	byPerson := map[int32]int{}
	for _, p := range pp.truth {
		byPerson[p]++
	}
	trueMatches := 0
	for _, n := range byPerson {
		trueMatches += n * (n - 1) / 2
	}
	tp := 0
	for _, p := range links {
		if pp.truth[p.A] == pp.truth[p.B] {
			tp++
		}
	}
	nClusters := 0
	for i, c := range clusters {
		if int(c) == i {
			nClusters++
		}
	}
	cores := runtime.GOMAXPROCS(0)
	t.Logf("generate %.1fs; table and indexes %.1fs; train %.1fs (prior %.3g, %d sessions); score %.1fs; cluster %.2fs",
		tGen.Seconds(), tBuild.Seconds(), tTrain.Seconds(), rep.Prior, len(rep.Sessions), tScore.Seconds(), tCluster.Seconds())
	t.Logf("link and cluster wall time (table to clusters): %.1fs", (tBuild + tTrain + tScore + tCluster).Seconds())
	t.Logf("%d candidate pairs scored, %.2fM pairs/s, %.2fM pairs/s/core on %d cores; %d links; %d clusters for %d people",
		st.Candidates, float64(st.Candidates)/tScore.Seconds()/1e6, float64(st.Candidates)/tScore.Seconds()/1e6/float64(cores), cores, len(links), nClusters, len(byPerson))
	t.Logf("precision %.4f recall %.4f", float64(tp)/float64(len(links)), float64(tp)/float64(trueMatches))
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("Go heap in use at end %.0f MB, obtained from the system %.0f MB", float64(ms.HeapInuse)/1e6, float64(ms.Sys)/1e6)
}
