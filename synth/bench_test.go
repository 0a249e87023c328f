package synth

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903/y2024"
)

var (
	nationalOnce sync.Once
	national     []Council903
	nationalErr  error
)

// nationalYear generates every council once per test binary.
func nationalYear(tb testing.TB) []Council903 {
	tb.Helper()
	nationalOnce.Do(func() { national, nationalErr = Generate903(Options{Seed: 2025}) })
	if nationalErr != nil {
		tb.Fatal(nationalErr)
	}
	return national
}

// BenchmarkValidateNational validates every council's return for a
// national year with the full rule set; generation is outside the timer.
func BenchmarkValidateNational(b *testing.B) {
	start := time.Now()
	cs := nationalYear(b)
	b.Logf("generated %d councils in %s", len(cs), time.Since(start).Round(time.Millisecond))
	var st Stats
	for _, c := range cs {
		st.Children += c.Stats.Children
		st.Episodes += c.Stats.Episodes
		st.LookedAfterAtEnd += c.Stats.LookedAfterAtEnd
		st.Starting += c.Stats.Starting
		st.Ceasing += c.Stats.Ceasing
		st.CareLeavers += c.Stats.CareLeavers
	}
	b.Logf("national year: %+v", st)
	set := y2024.Set()
	runtime.GC()
	b.ResetTimer()
	findings := 0
	for b.Loop() {
		findings = 0
		for _, c := range cs {
			// Fresh tables each time, so parsed columns are not reused.
			ret := freshCopy(c.Return)
			for _, res := range rules.Run(set, ret) {
				findings += len(res.Hits)
			}
		}
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Sys)/(1<<20), "MB-sys")
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "MB-heapsys")
	b.Logf("%d rules, %d findings", len(set.Rules()), findings)
}

// BenchmarkValidateCouncil validates one large council's return
// (Birmingham, the largest).
func BenchmarkValidateCouncil(b *testing.B) {
	cs, err := Generate903(Options{Seed: 2025, CodeFilter: []string{"330"}})
	if err != nil {
		b.Fatal(err)
	}
	set := y2024.Set()
	b.ResetTimer()
	for b.Loop() {
		rules.Run(set, freshCopy(cs[0].Return))
	}
}
