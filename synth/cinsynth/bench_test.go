package cinsynth

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/sightline-uk/sightline/cin/y2025"
	"github.com/sightline-uk/sightline/rules"
)

var (
	nationalOnce sync.Once
	national     []Council
	nationalErr  error
	nationalTook time.Duration
)

// nationalYear generates every council once per test binary.
func nationalYear(tb testing.TB) []Council {
	tb.Helper()
	nationalOnce.Do(func() {
		start := time.Now()
		national, nationalErr = Generate(Options{Seed: 2025})
		nationalTook = time.Since(start)
	})
	if nationalErr != nil {
		tb.Fatal(nationalErr)
	}
	return national
}

// BenchmarkValidateCINNational validates every council's census for a
// national year with every CIN rule; generation is outside the timer.
func BenchmarkValidateCINNational(b *testing.B) {
	cs := nationalYear(b)
	var st Stats
	for _, c := range cs {
		st.Children += c.Stats.Children
		st.Episodes += c.Stats.Episodes
		st.Referrals += c.Stats.Referrals
		st.InNeedAt31 += c.Stats.InNeedAt31
		st.Assessments += c.Stats.Assessments
		st.Section47 += c.Stats.Section47
		st.CPPStarts += c.Stats.CPPStarts
		st.CPPAt31 += c.Stats.CPPAt31
		st.Reviews += c.Stats.Reviews
		st.FactorRecords += c.Stats.FactorRecords
	}
	b.Logf("generated %d councils in %s: %+v", len(cs), nationalTook.Round(time.Millisecond), st)
	set := y2025.Set()
	runtime.GC()
	b.ResetTimer()
	findings := 0
	for b.Loop() {
		findings = 0
		for _, c := range cs {
			// Fresh tables each time, so parsed columns are not reused.
			for _, res := range rules.Run(set, freshCopy(c.Return)) {
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
