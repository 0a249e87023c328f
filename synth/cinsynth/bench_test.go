package cinsynth

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sightline-uk/sightline/cin/check"
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

// releaseNationalYear drops the generated councils so that a benchmark
// reading files measures only what reading and checking hold.
func releaseNationalYear() {
	national = nil
	nationalOnce = sync.Once{}
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

// BenchmarkReadValidateCINNational is the measure: every council's
// census read from its XML file and checked with every rule and the
// schema, two councils at a time on 2 cores, as a national run would go.
// The files come from CIN_NATIONAL_DIR when set (written beforehand by
// `sightline synth cin`, so generation is not in this process's memory), or
// are generated and written here.
func BenchmarkReadValidateCINNational(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(os.Getenv("CIN_NATIONAL_DIR"), "*.xml"))
	if os.Getenv("CIN_NATIONAL_DIR") == "" || len(files) == 0 {
		dir := b.TempDir()
		files = nil
		for _, c := range nationalYear(b) {
			p := filepath.Join(dir, c.LA+".xml")
			if err := os.WriteFile(p, c.XML(), 0o644); err != nil {
				b.Fatal(err)
			}
			files = append(files, p)
		}
		releaseNationalYear()
	}
	runtime.GC()
	b.ResetTimer()
	var findings, referrals atomic.Int64
	for b.Loop() {
		findings.Store(0)
		referrals.Store(0)
		check.Files(files, runtime.GOMAXPROCS(0), func(_ int, r check.Result) {
			if r.Err != nil {
				b.Error(r.Err)
				return
			}
			findings.Add(int64(len(r.Report.Findings)))
			referrals.Add(int64(r.Episodes))
		})
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Sys)/(1<<20), "MB-sys")
	b.Logf("%d councils, %d CIN episodes, %d findings", len(files), referrals.Load(), findings.Load())
}
