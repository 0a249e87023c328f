package risk

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sightline-uk/sightline"
)

// The backtest on the real judgements: every method at every origin and
// pooled; each prediction inside its origin's window; training counts that
// match the judgements published before each origin; pooled figures that
// agree with the predictions; and a verdict that follows its own rule.
func TestBacktestOnRealJudgements(t *testing.T) {
	d := realData(t)
	origins := d.Origins(date(2026, time.January, 1))
	want := []time.Time{date(2019, time.April, 1), date(2020, time.April, 1), date(2021, time.April, 1), date(2022, time.April, 1)}
	if len(origins) != len(want) {
		t.Fatalf("origins %v, want %v", origins, want)
	}
	for i := range want {
		if !origins[i].Equal(want[i]) {
			t.Fatalf("origins %v, want %v", origins, want)
		}
	}
	bt, err := d.Backtest(origins, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(bt.Rows) != len(Methods)*(len(origins)+1) {
		t.Fatalf("%d rows, want %d", len(bt.Rows), len(Methods)*(len(origins)+1))
	}
	pooled := map[Method]Row{}
	for _, r := range bt.Rows {
		if r.Origin.IsZero() {
			pooled[r.Method] = r
			continue
		}
		published := 0
		for _, j := range d.Judgements {
			if j.PublicationDate.Before(r.Origin) {
				published++
			}
		}
		if r.Train != published {
			t.Errorf("%s at %s trained on %d inspections; %d were published before it", r.Method, r.Origin.Format(time.DateOnly), r.Train, published)
		}
	}
	for _, m := range Methods {
		if _, ok := pooled[m]; !ok {
			t.Fatalf("no pooled row for %s", m)
		}
	}
	// Inspections paused from March 2020 to June 2021: the 2020 window is
	// empty and says so with no figures rather than made-up ones.
	for _, r := range bt.Rows {
		if r.Origin.Equal(date(2020, time.April, 1)) && (r.N != 0 || !math.IsNaN(r.AUC) || !math.IsNaN(r.Brier)) {
			t.Errorf("the 2020 window should be empty: %+v", r)
		}
	}
	var labels []bool
	risks := map[Method][]float64{}
	for _, p := range bt.Predictions {
		if p.Judgement.InspectionDate.Before(p.Origin) || !p.Judgement.InspectionDate.Before(p.Origin.AddDate(1, 0, 0)) {
			t.Fatalf("prediction for an inspection on %s outside the window from %s", p.Judgement.InspectionDate, p.Origin)
		}
		labels = append(labels, p.Inadequate)
		for _, m := range Methods {
			if r := p.Risk[m]; r < 0 || r > 1 || math.IsNaN(r) {
				t.Fatalf("%s risk %v", m, r)
			}
			risks[m] = append(risks[m], p.Risk[m])
		}
	}
	if bt.N != len(labels) || bt.N < 100 || bt.Events < 10 {
		t.Fatalf("pooled %d inspections, %d inadequate", bt.N, bt.Events)
	}
	if math.Abs(bt.BaseRate-float64(bt.Events)/float64(bt.N)) > 1e-12 {
		t.Errorf("base rate %v", bt.BaseRate)
	}
	for _, m := range Methods {
		r := pooled[m]
		if a := AUC(risks[m], labels); math.Abs(a-r.AUC) > 1e-12 || !(r.AUCLow <= r.AUC && r.AUC <= r.AUCHigh) {
			t.Errorf("%s pooled AUC %v [%v, %v], recomputed %v", m, r.AUC, r.AUCLow, r.AUCHigh, a)
		}
		if b := Brier(risks[m], labels); math.Abs(b-r.Brier) > 1e-12 {
			t.Errorf("%s pooled Brier %v, recomputed %v", m, r.Brier, b)
		}
		if r.Top != 15*3 || r.Precision < 0 || r.Precision > 1 || math.Abs(r.Recall*float64(bt.Events)-r.Hits) > 1e-9 {
			t.Errorf("%s pooled top-15: %+v", m, r.Metrics)
		}
	}
	model, prev, single := pooled[MethodModel], pooled[MethodPrevious], pooled[MethodIndicator]
	beats := model.AUC > prev.AUC && model.AUC > single.AUC && model.Brier < prev.Brier && model.Brier < single.Brier
	if bt.Keep != beats {
		t.Errorf("keep=%v but the model beating both baselines is %v", bt.Keep, beats)
	}
	if bt.Keep && bt.Best != MethodModel || !bt.Keep && bt.Best == MethodModel {
		t.Errorf("best %s with keep=%v", bt.Best, bt.Keep)
	}
	if !bt.Keep && !strings.Contains(bt.Verdict, "does NOT beat") {
		t.Errorf("a model that is not kept must say so plainly: %s", bt.Verdict)
	}
	if len(bt.Tests) != 2 {
		t.Errorf("DeLong tests against both baselines: %+v", bt.Tests)
	}
}

// Before any judgement was published there is nothing to learn from: every
// current council gets ½, by the rule of succession, and the reason says
// so. After, the scores are probabilities for every current council.
func TestRiskAsOf(t *testing.T) {
	d := realData(t)
	current := 0
	for _, c := range d.Register.Councils() {
		if c.Current {
			current++
		}
	}
	early, err := d.Risk(date(2017, time.June, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(early.Scores) != current || early.Backtest != nil || early.Method != MethodPrevious {
		t.Fatalf("as of 2017: %d scores, method %s, backtest %v", len(early.Scores), early.Method, early.Backtest)
	}
	for _, s := range early.Scores {
		if s.Risk != 0.5 || len(s.Contributions) == 0 {
			t.Fatalf("as of 2017 %s scored %v", s.Council, s.Risk)
		}
	}
	res, err := d.Risk(date(2022, time.April, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Scores) != current || res.Backtest == nil || res.Reason == "" {
		t.Fatalf("as of 2022: %d scores for %d councils", len(res.Scores), current)
	}
	// The choice rests on the backtest of what was public by then: windows
	// from 2019, 2020 and 2021, judgements published before April 2022.
	if len(res.Backtest.Origins) != 3 || res.Method != res.Backtest.Best {
		t.Errorf("as of 2022: origins %v, method %s, backtest best %s", res.Backtest.Origins, res.Method, res.Backtest.Best)
	}
	for _, p := range res.Backtest.Predictions {
		if !p.Judgement.PublicationDate.Before(res.AsOf) {
			t.Errorf("the as-of backtest scored an inspection published %s", p.Judgement.PublicationDate)
		}
	}
	seen := map[string]bool{}
	for i, s := range res.Scores {
		if len(s.Council) != 9 || seen[s.Council] || s.Risk < 0 || s.Risk > 1 || s.Name == "" {
			t.Fatalf("score %+v", s)
		}
		seen[s.Council] = true
		if i > 0 && s.Risk > res.Scores[i-1].Risk {
			t.Fatalf("scores are not highest first")
		}
	}
}

// Every model score is explained exactly: the contributions and the
// intercept add up to its log-odds, each in words, largest first.
func TestModelExplanationsAddUp(t *testing.T) {
	d := realData(t)
	asOf := date(2023, time.April, 1)
	m, err := d.Train(asOf)
	if err != nil {
		t.Fatal(err)
	}
	if m.Lambda() <= 0 || len(m.Columns()) == 0 {
		t.Fatalf("model %s", m.Describe())
	}
	for _, code := range []string{"E08000025", "E06000018", "E09000012", "E06000063"} {
		f := d.Features(code, asOf)
		risk, why := m.Score(&f)
		sum := m.fit.Intercept
		for i, c := range why {
			sum += c.LogOdds
			if c.Text == "" || i > 0 && math.Abs(c.LogOdds) > math.Abs(why[i-1].LogOdds) {
				t.Fatalf("%s: contribution %d %+v", code, i, c)
			}
		}
		if math.Abs(sum-logit(risk)) > 1e-9 {
			t.Errorf("%s: contributions add to %v, log-odds %v", code, sum, logit(risk))
		}
	}
	// Birmingham's previous judgement (good, published April 2023) is not
	// yet public on 1 April 2023; its 2018 one is.
	f := d.Features("E08000025", asOf)
	if f.Previous == nil || f.Previous.Overall != sightline.RequiresImprovement {
		t.Errorf("Birmingham's previous judgement as of April 2023: %+v", f.Previous)
	}
	_, why := m.Score(&f)
	found := false
	for _, c := range why {
		if c.Input == "previous_judgement" {
			found = strings.HasPrefix(c.Text, "Last judged requires improvement to be good (published 17 January 2019")
		}
	}
	if !found {
		t.Errorf("Birmingham's explanation should name its previous judgement: %+v", why)
	}
}

// BenchmarkBacktest measures the whole rolling-origin backtest on the real
// judgements (four origins, three methods, cross-validation included).
func BenchmarkBacktest(b *testing.B) {
	d := realData(b)
	origins := d.Origins(date(2026, time.January, 1))
	for b.Loop() {
		if _, err := d.Backtest(origins, time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
}
