package forecast

import (
	"testing"
	"time"

	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/synth"
)

// birmingham is a large synthetic council's three views of history: the
// current and last returns and the episodes of the years before.
func birmingham(b testing.TB) []YearTables {
	b.Helper()
	cs, err := synth.Generate903(synth.Options{Seed: 1, CodeFilter: []string{"330"}})
	if err != nil {
		b.Fatal(err)
	}
	r := cs[0].Return
	return []YearTables{
		{Name: "earlier", End: day(r.Year-2, time.March, 31), Episodes: r.Earlier},
		{Name: "last", End: day(r.Year-1, time.March, 31), Episodes: r.Last[ssda903.Episodes], Header: r.Last[ssda903.Header]},
		{Name: "current", End: day(r.Year, time.March, 31), Episodes: r.Tables[ssda903.Episodes], Header: r.Tables[ssda903.Header]},
	}
}

func benchFit(b *testing.B, years []YearTables) *Fit {
	var f *Fit
	for b.Loop() {
		h, err := BuildHistory(years, DefaultStateSpace())
		if err != nil {
			b.Fatal(err)
		}
		if f, err = Estimate(h, DefaultWindowYears); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(f.Stock)), "children")
	return f
}

func benchProject(b *testing.B, f *Fit) {
	for b.Loop() {
		if _, err := Project(f, Options{Months: 36, Runs: 1000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func fitOf(b *testing.B, years []YearTables) *Fit {
	h, err := BuildHistory(years, DefaultStateSpace())
	if err != nil {
		b.Fatal(err)
	}
	f, err := Estimate(h, DefaultWindowYears)
	if err != nil {
		b.Fatal(err)
	}
	return f
}

func BenchmarkFitMultiyear(b *testing.B) {
	years, _ := bundled(b)
	benchFit(b, years)
}

func BenchmarkProjectMultiyear36x1000(b *testing.B) {
	years, _ := bundled(b)
	benchProject(b, fitOf(b, years))
}

func BenchmarkFitBirmingham(b *testing.B) { benchFit(b, birmingham(b)) }

func BenchmarkProjectBirmingham36x1000(b *testing.B) {
	f := fitOf(b, birmingham(b))
	b.ReportMetric(float64(len(f.Stock)), "children")
	benchProject(b, f)
}

// A large council's history builds and projects sensibly: its count a year
// on is within a plausible range of its count at the start.
func TestLargeSyntheticCouncil(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a large council")
	}
	years := birmingham(t)
	h, err := BuildHistory(years, DefaultStateSpace())
	if err != nil {
		t.Fatal(err)
	}
	f, err := Estimate(h, DefaultWindowYears)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Project(f, Options{Months: 12, Runs: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	n0, n1 := p.Stock(0, 0, All).P50, p.Stock(0, 12, All).P50
	t.Logf("%d children at the start, %.0f a year on; notes %v", len(f.Stock), n1, h.NoteCounts())
	if n0 < 1000 || n1 < 0.7*n0 || n1 > 1.3*n0 {
		t.Errorf("from %v to %v in a year", n0, n1)
	}
}
