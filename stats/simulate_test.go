package stats

import (
	"math"
	"strings"
	"testing"
)

// The textbook case: with centre and sigma known (a baseline of 1,000
// points), one point beyond 3σ is a false alarm with probability
// 2×(1 − Φ(3)) = 0.0027 per point; its run length is geometric, so with
// runs cut at ARLCap = 1,000 the mean is (1 − 0.9973^1000)/0.0027 = 345.7
// (370.4 uncut); and after a 1σ upward shift the first point signals
// upward with probability 1 − Φ(2) = 0.0228.
func TestSimulateTrendMatchesTheory(t *testing.T) {
	r := SimulateTrend([]Rule{Beyond3Sigma}, 1000, 1100, 1, 2000, 7)
	p := 2 * (1 - 0.99865010)
	t.Logf("3σ, sigma known: false alarms %.5f per point, ARL0 %.1f, detected in year 1 %.4f", r.FalseAlarmRate, r.ARL0, r.DetectWithin[0])
	if !near(r.FalseAlarmRate, p, 0.0005) {
		t.Errorf("false alarm rate %v, theory %v", r.FalseAlarmRate, p)
	}
	if want := (1 - math.Pow(1-p, ARLCap)) / p; !near(r.ARL0, want, 25) {
		t.Errorf("ARL0 %v, theory %v", r.ARL0, want)
	}
	if !near(r.DetectWithin[0], 0.02275, 0.008) {
		t.Errorf("detection in the first year %v, theory 0.0228", r.DetectWithin[0])
	}
	// Six points in a row rising or falling: 2/6! = 0.00278 per point,
	// whatever the baseline, as the rule ignores centre and sigma.
	r = SimulateTrend([]Rule{Steady(6)}, 6, 13, 0, 20000, 3)
	if !near(r.FalseAlarmRate, 2.0/720, 0.0005) {
		t.Errorf("steady 6: %v per point, theory 0.00278", r.FalseAlarmRate)
	}
}

// TestShortBaselineRaisesFalseAlarms records the price of estimating sigma
// from six annual points: the 3σ rule alone flags several times the
// textbook 0.27% of points.
func TestShortBaselineRaisesFalseAlarms(t *testing.T) {
	r := SimulateTrend([]Rule{Beyond3Sigma}, 6, 13, 1, 4000, 1)
	t.Logf("3σ, baseline 6: %.4f per point, %.3f of series within 7 years", r.FalseAlarmRate, r.FalseAlarmInSeries)
	if r.FalseAlarmRate < 5*0.0027 {
		t.Fatalf("false alarms %v: expected well above the known-sigma rate", r.FalseAlarmRate)
	}
	if a, b := SimulateTrend(DefaultRules(), 6, 13, 1, 500, 9), SimulateTrend(DefaultRules(), 6, 13, 1, 500, 9); a != b {
		t.Fatal("the same seed must give the same result")
	}
	// More rules, more alarms, earlier detection.
	one := SimulateTrend([]Rule{Beyond3Sigma}, 6, 13, 1, 4000, 2)
	all := SimulateTrend(DefaultRules(), 6, 13, 1, 4000, 2)
	if all.FalseAlarmRate <= one.FalseAlarmRate || all.Detected <= one.Detected {
		t.Fatalf("combined %+v vs 3σ %+v", all, one)
	}
}

func studySetting(kind Dispersion, winsor, p float64, change bool) FunnelSetting {
	return FunnelSetting{
		Model: Binomial, Target: StudyTarget, Councils: StudyCouncils, MinN: StudyMinN, MaxN: StudyMaxN,
		TauPersistent: StudyTauLasting, TauYearly: StudyTauYearly, Kind: kind, Winsor: winsor, P: p, Change: change,
		Shift: 1, Shifted: StudyShifted, Years: StudyYears, ARLYears: StudyYears, Runs: 6, Seed: 4,
	}
}

func TestSimulateFunnelCalibration(t *testing.T) {
	// Without over-dispersion the exact limits flag about 5% of councils
	// at 95% (a little fewer: counts are whole numbers).
	s := studySetting(NoDispersion, 0, P95, false)
	s.TauPersistent, s.TauYearly = 0, 0
	r := SimulateFunnel(s)
	t.Logf("no over-dispersion, exact 95%%: %.4f", r.FalseAlarmRate)
	if r.FalseAlarmRate < 0.03 || r.FalseAlarmRate > 0.06 {
		t.Errorf("exact limits flag %v of councils", r.FalseAlarmRate)
	}
	// Over-dispersed councils: unadjusted limits flag a large share, the
	// winsorised DerSimonian–Laird adjustment still several times 5%, the
	// robust adjustment about 5% (level and change).
	none := SimulateFunnel(studySetting(NoDispersion, 0, P95, false)).FalseAlarmRate
	dl := SimulateFunnel(studySetting(Additive, DefaultWinsor, P95, false)).FalseAlarmRate
	rb := SimulateFunnel(studySetting(RobustAdditive, DefaultWinsor, P95, false)).FalseAlarmRate
	ch := SimulateFunnel(studySetting(RobustAdditive, DefaultWinsor, P95, true)).FalseAlarmRate
	t.Logf("over-dispersed, 95%%: none %.3f, additive %.3f, robust %.3f, robust change %.3f", none, dl, rb, ch)
	if none < 0.3 || dl < 0.1 || rb < 0.03 || rb > 0.07 || ch < 0.03 || ch > 0.07 {
		t.Fatal("funnel false-alarm rates out of line")
	}
}

func TestStudyTable(t *testing.T) {
	rows := Study(300, 1, 5)
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r.Signal] {
			t.Fatalf("row %q twice", r.Signal)
		}
		seen[r.Signal] = true
		for _, v := range []float64{r.FalseAlarmPerPoint, r.FalseAlarmInSeries, r.Detected, r.Detect1y, r.Detect2y, r.Detect3y} {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("%q: proportion %v", r.Signal, v)
			}
		}
		if !(r.Detect1y <= r.Detect2y && r.Detect2y <= r.Detect3y && r.Detect3y <= r.Detected) || !(r.ARL0 >= 1) {
			t.Fatalf("%q: %+v", r.Signal, r)
		}
		if len(r.Cells()) != len(StudyColumns) {
			t.Fatal("cells and columns differ")
		}
	}
	if len(rows) != 16+17 {
		t.Fatalf("%d rows", len(rows))
	}
	if !seen["XmR default rules combined"] || !strings.HasPrefix(rows[0].Signal, "funnel 95%") {
		t.Fatal("rows named unexpectedly")
	}
}

// BenchmarkStudy runs the full study and logs its table:
// go test ./stats/ -run '^$' -bench Study -benchtime 1x -v
func BenchmarkStudy(b *testing.B) {
	var rows []StudyRow
	for b.Loop() {
		rows = DefaultStudy()
	}
	var sb strings.Builder
	sb.WriteString("| " + strings.Join(StudyColumns, " | ") + " |\n")
	for _, r := range rows {
		sb.WriteString("| " + strings.Join(r.Cells(), " | ") + " |\n")
	}
	b.Log("\n" + sb.String())
}
