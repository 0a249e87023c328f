package peers

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/stats"
)

// twenty councils in one region: X, Y and Z start far above England on a
// low-is-good percentage, the other seventeen stay at 20% throughout.
func improveWorld(t *testing.T, polarity indicators.Polarity) (*indicators.Table, *indicators.Indicator) {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("code,old_la_code,name,region_code,region_name\n")
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&csv, "E06000%03d,%d,Council %02d,E12000001,North East\n", 900+i, 900+i, i)
	}
	reg, err := geography.New(csv.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ind := &indicators.Indicator{ID: "worked_pct", Title: "Worked example", Area: "Family help", Kind: indicators.Outcome,
		Unit: indicators.Percent, Decimals: 1, Polarity: polarity, Definition: "test",
		Numerator: &indicators.Ref{Dataset: "w", Measure: "num"}, NumeratorText: "events",
		Denominator: &indicators.Ref{Dataset: "w", Measure: "den"}, DenominatorText: "children", Scale: 100, Model: stats.Binomial}
	series := map[string][4]float64{
		"E06000901": {300, 240, 210, 280}, // X: improves, holds two years, relapses
		"E06000902": {300, 240, 290, 290}, // Y: one good year, then back
		"E06000903": {300, 280, 220, 220}, // Z: slow first year, improves from 2022
	}
	var obs []sightline.Observation
	add := func(area string, level sightline.Level, year int, num, den float64) {
		for _, m := range []struct {
			measure string
			v       float64
		}{{"num", num}, {"den", den}} {
			obs = append(obs, sightline.Observation{Dataset: "w", Period: fmt.Sprint(year), TimeID: "Reporting year", Year: year,
				Level: level, Area: area, Measure: m.measure, Value: sightline.Number(m.v)})
		}
	}
	for y := 0; y < 4; y++ {
		total := 0.0
		for i := 1; i <= 20; i++ {
			code := fmt.Sprintf("E06000%03d", 900+i)
			num := 200.0
			if s, ok := series[code]; ok {
				num = s[y]
			}
			total += num
			add(code, sightline.LocalAuthority, 2021+y, num, 1000)
		}
		add(sightline.EnglandCode, sightline.National, 2021+y, total, 20000)
	}
	tab, err := indicators.Compute([]*indicators.Indicator{ind}, reg, nil, obs)
	if err != nil {
		t.Fatal(err)
	}
	return tab, ind
}

// TestImprovementWorkedExample works the criterion by hand, without an
// over-dispersion adjustment so the limits are the textbook ones.
// England: 4300/20000 = 21.5% in 2021, 20.8%, 20.6%, 20.95% in 2024.
func TestImprovementWorkedExample(t *testing.T) {
	tab, ind := improveWorld(t, indicators.LowIsGood)
	crit := Criterion{P: stats.P95, Dispersion: stats.NoDispersion, MinPeriods: 2}
	d := NewDetector(tab, ind, crit)
	eng := map[int]float64{2021: 0.215, 2022: 0.208, 2023: 0.206, 2024: 0.2095}
	// z of a change from p1 to p2 (both of 1000) against England's change.
	zChange := func(p1, p2 float64, y1, y2 int) float64 {
		se := math.Sqrt(eng[y1]*(1-eng[y1])/1000 + eng[y2]*(1-eng[y2])/1000)
		return ((p2 - p1) - (eng[y2] - eng[y1])) / se
	}

	// X at 30% in 2021 is far above England's upper 95% limit
	// (21.5% + 1.96 × 1.30% ≈ 24.0%): a concern, z = 0.085/0.01299 = 6.54.
	pos := d.Position("E06000901", 2021)
	if !pos.Concern() || pos.Z == nil || math.Abs(*pos.Z-6.54) > 0.01 {
		t.Fatalf("X in 2021: %+v, want a concern with z 6.54", pos)
	}
	// X: 30 → 24 → 21 → 28. Change 2021→22 z = (−0.06 + 0.007)/0.01826 =
	// −2.90, 2021→23 z = (−0.09 + 0.009)/0.01823 = −4.44: both beyond −1.96,
	// so the improvement is sustained for two periods. 2021→24 z = −0.79:
	// the run ends at 2023.
	eps := d.Episodes("E06000901", 2024)
	if len(eps) != 1 {
		t.Fatalf("X: %d episodes %+v, want 1", len(eps), eps)
	}
	e := eps[0]
	if e.ConcernYear != 2021 || e.Periods != 2 || e.HeldTo != 2023 || e.Before != 30 || e.AfterOneYear != 24 || e.After != 21 {
		t.Errorf("X episode %+v, want concern 2021, 30 → 24 → 21, held 2 periods to 2023", e)
	}
	for k, want := range []float64{zChange(0.30, 0.24, 2021, 2022), zChange(0.30, 0.21, 2021, 2023)} {
		if math.Abs(e.Z[k]-want) > 1e-9 {
			t.Errorf("X change z for %d periods = %v, want %v", k+1, e.Z[k], want)
		}
	}
	if math.Abs(e.Z[0]+2.90) > 0.01 || math.Abs(e.Z[1]+4.44) > 0.01 {
		t.Errorf("X change z %v, want −2.90 and −4.44", e.Z)
	}
	if z := zChange(0.30, 0.28, 2021, 2024); z < -1.96 {
		t.Fatalf("worked example broken: 2021→24 z %v should be within the limits", z)
	}
	// England 21.5 → 20.8: X closed 1 − (24 − 20.8)/(30 − 21.5) of its gap.
	if g := e.GapClosed(); math.Abs(g-(1-3.2/8.5)) > 1e-9 {
		t.Errorf("gap closed %v, want %v", g, 1-3.2/8.5)
	}
	if r := e.RelativeFirstChange(); math.Abs(r-(-6-(20.8-21.5))) > 1e-9 {
		t.Errorf("relative first change %v, want −5.3", r)
	}
	// X is still a concern in 2022 (24% > 20.8% + 1.96 × 1.28%), but that
	// year lies inside the 2021 episode, so it is not a second one.
	if !d.Position("E06000901", 2022).Concern() {
		t.Error("X should still be a concern in 2022")
	}

	// Y: 30 → 24 → 29. One good year (z −2.90), then 2021→23 z =
	// (−0.01 + 0.009)/0.01823 ≈ −0.05: not sustained. In 2022 (concern)
	// and 2023 (concern) it got worse or stood still. No episode.
	if eps := d.Episodes("E06000902", 2024); len(eps) != 0 {
		t.Errorf("Y: %+v, want no sustained improvement", eps)
	}

	// Z: 30 → 28 → 22 → 22. From 2021 the first year is not significant
	// (z −0.71), so no episode starts in 2021; from 2022 (28%, a concern)
	// 2022→23 z = −3.20 and 2022→24 z = −3.38: an episode from 2022.
	eps = d.Episodes("E06000903", 2024)
	if len(eps) != 1 || eps[0].ConcernYear != 2022 || eps[0].HeldTo != 2024 {
		t.Fatalf("Z: %+v, want one episode from 2022 held to 2024", eps)
	}
	if math.Abs(eps[0].Z[0]-zChange(0.28, 0.22, 2022, 2023)) > 1e-9 {
		t.Errorf("Z change z %v, want %v", eps[0].Z[0], zChange(0.28, 0.22, 2022, 2023))
	}
	// As of 2023 Z's improvement had lasted one year only: not yet known
	// as sustained. X's, measured with years up to 2023, already was.
	if eps := d.Episodes("E06000903", 2023); len(eps) != 0 {
		t.Errorf("Z as of 2023: %+v, want none yet", eps)
	}
	if eps := d.Episodes("E06000901", 2023); len(eps) != 1 || eps[0].HeldTo != 2023 {
		t.Errorf("X as of 2023: %+v, want the 2021 episode held to 2023", eps)
	}
	// The steady councils at 20% are within the limits every year.
	if s := d.Position("E06000910", 2021).Standing; s != Similar {
		t.Errorf("a steady council is %q in 2021, want similar", s)
	}

	// The same figures where high is good: X, Y and Z are better than
	// England, never a concern, so no one "improved from a concern".
	tab, ind = improveWorld(t, indicators.HighIsGood)
	d = NewDetector(tab, ind, crit)
	if s := d.Position("E06000901", 2021).Standing; s != Better {
		t.Errorf("X where high is good: %q, want better", s)
	}
	for _, c := range []string{"E06000901", "E06000902", "E06000903", "E06000910"} {
		if eps := d.Episodes(c, 2024); len(eps) != 0 {
			t.Errorf("%s where high is good: %+v, want none", c, eps)
		}
	}
}

func TestRobustSpreadWorkedExample(t *testing.T) {
	// Median 5.5; absolute deviations' median 2.5; scale 1.4826 × 2.5.
	f := robust([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 100})
	if f == nil || f.centre != 5.5 || math.Abs(f.scale-1.4826*2.5) > 1e-12 {
		t.Fatalf("robust = %+v, want centre 5.5 and scale 3.7065", f)
	}
	if robust([]float64{1, 2, 3}) != nil {
		t.Error("three councils are too few to judge a spread")
	}
	if robust([]float64{4, 4, 4, 4, 4, 4, 4, 4, 4, 4}) != nil {
		t.Error("no spread, no judgement")
	}
}

// TestEpisodesOnPublishedData checks every episode the default criterion
// finds in the published data against the definition, recomputed from the
// table: a concern on its own figure, then consecutive years each beyond the
// change limit on the good side, for two periods or more.
func TestEpisodesOnPublishedData(t *testing.T) {
	m := realData(t)
	total := 0
	for _, ind := range indicators.Catalogue() {
		if !Judged(ind) {
			continue
		}
		d := m.Detector(ind)
		if want := MethodFor(ind); d.Method() != want {
			t.Errorf("%s: method %s, want %s", ind.ID, d.Method(), want)
		}
		last := m.tab.Latest(ind.ID)
		for _, c := range m.reg.Councils() {
			for _, e := range d.Episodes(c.Code, last) {
				total++
				if !d.own[unitYear{c.Code, e.ConcernYear}].Concern() {
					t.Errorf("%s %s: episode from %d, which was not a concern", ind.ID, c.Code, e.ConcernYear)
				}
				if e.Periods < 2 || e.HeldTo != e.ConcernYear+e.Periods || len(e.Z) != e.Periods || e.HeldTo > last {
					t.Errorf("%s %s: malformed episode %+v", ind.ID, c.Code, e)
				}
				for k, z := range e.Z {
					if z*float64(d.good) <= 1.959963984540054 {
						t.Errorf("%s %s: change to %d has z %v, not beyond the good-side limit", ind.ID, c.Code, e.ConcernYear+k+1, z)
					}
				}
				if cell, _ := m.tab.Cell(ind.ID, c.Code, e.ConcernYear); cell.Value.Num != e.Before {
					t.Errorf("%s %s: before %v, published %v", ind.ID, c.Code, e.Before, cell.Value.Num)
				}
				// Beyond the change limit means gaining on England.
				if rel := e.Change() - (e.EnglandAfter - e.EnglandBefore); d.Method() == Funnel && rel*float64(d.good) <= 0 {
					t.Errorf("%s %s: an improvement that did not gain on England: %+v", ind.ID, c.Code, e)
				}
			}
		}
	}
	// The criterion is strict, but the published data hold many sustained
	// improvements; a handful or thousands would mean it is broken.
	if total < 100 || total > 1000 {
		t.Errorf("%d episodes across the catalogue; expected a few hundred", total)
	}
	t.Logf("%d sustained improvements in the published data", total)
}
