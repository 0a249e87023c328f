package risk

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/sightline-uk/sightline"
)

// TopN is how many of the highest-risk councils precision and recall look at.
const TopN = 15

// TopDefinition states exactly what precision and recall at TopN measure.
const TopDefinition = "precision@15 and recall@15: at each origin, the councils inspected in the following 12 months are " +
	"ranked by the risk predicted at the origin; of the 15 highest (all of them where fewer were inspected; councils tied " +
	"at 15th place share the places left equally), precision is the share judged inadequate and recall is their share of " +
	"all inadequate judgements in the window. Pooled figures add hits, places and inadequate judgements over origins."

// windowEnd is the end of the 12 months after an origin whose inspections
// the origin's fit predicts.
func windowEnd(origin time.Time) time.Time { return origin.AddDate(1, 0, 0) }

// Origins returns the backtest origins: 1 April of each year from 2019 whose
// 12-month window had closed by asOf and begins no later than the last
// inspection whose judgement was published before asOf. 2019 is the first
// with enough judgements published before it to learn from.
func (d *Data) Origins(asOf time.Time) []time.Time {
	var last time.Time
	for _, j := range d.Judgements {
		if j.PublicationDate.Before(asOf) && j.InspectionDate.After(last) {
			last = j.InspectionDate
		}
	}
	if last.IsZero() {
		return nil
	}
	var out []time.Time
	for y := 2019; ; y++ {
		o := date(y, time.April, 1)
		if o.After(last) || windowEnd(o).After(asOf) {
			return out
		}
		out = append(out, o)
	}
}

// Metrics are one scorer's results on a set of inspections.
type Metrics struct {
	N, Events int
	// AUC with its 95% DeLong interval; NaN without both outcomes.
	AUC, AUCLow, AUCHigh float64
	Brier                float64
	// Hits is the (tie-shared) count of inadequate judgements among the Top
	// highest-risk councils; see TopDefinition.
	Hits      float64
	Top       int
	Precision float64
	Recall    float64
}

// Row is one scorer's result at one origin, or pooled over all of them
// (Origin zero).
type Row struct {
	Method Method
	Origin time.Time
	// Train and TrainEvents count the inspections the scorer learned from.
	Train, TrainEvents int
	Detail             string
	Metrics
}

// Prediction is the risk each scorer gave one inspected council at an origin.
type Prediction struct {
	Origin     time.Time
	Judgement  sightline.Judgement
	Inadequate bool
	Risk       map[Method]float64
}

// AUCTest is DeLong's paired test of the model's pooled AUC against a
// baseline's.
type AUCTest struct {
	Baseline Method
	Diff, SE float64
	P        float64
}

// Backtest is the rolling-origin evaluation: at each origin the model and
// both baselines are fitted on the inspections published before it (each
// with its features as of its own inspection date) and predict the
// inspections of the following 12 months from the features known at the
// origin. Nothing published on or after the origin is read.
type Backtest struct {
	Origins []time.Time
	// LabelsBefore, when set, leaves out inspections whose judgement was
	// published on or after it, so a backtest run for an as-of date uses
	// only what was public then.
	LabelsBefore time.Time
	Rows         []Row
	Predictions  []Prediction
	// N, Events and BaseRate describe the pooled test inspections.
	N, Events int
	BaseRate  float64
	Tests     []AUCTest
	// Keep is true when the model beats both baselines on pooled AUC and
	// pooled Brier score.
	Keep bool
	// Best is the scorer to ship: the model when kept, otherwise the better
	// baseline (lower pooled Brier score, then higher AUC).
	Best    Method
	Verdict string
}

// Methods in the order reports list them.
var Methods = []Method{MethodModel, MethodPrevious, MethodIndicator}

// constant scores every council at one rate; it stands in for a scorer
// that could not be fitted, so every origin still has a prediction from
// every method.
type constant struct {
	method Method
	rate   float64
	why    string
}

func (c constant) Method() Method   { return c.method }
func (c constant) Describe() string { return c.why }
func (c constant) Score(*Features) (float64, []Contribution) {
	return c.rate, []Contribution{{Input: "training_rate", Text: c.why}}
}

// scorers fits the model and both baselines on the examples; a scorer that
// cannot be fitted scores the smoothed training rate, and says why.
func (d *Data) scorers(ex []Example, before time.Time) map[Method]Scorer {
	prev := trainPrevious(ex, before)
	out := map[Method]Scorer{MethodPrevious: prev}
	fallback := func(m Method, err error) Scorer {
		return constant{method: m, rate: prev.Base, why: fmt.Sprintf("%v; every council scores the training rate %.3f", err, prev.Base)}
	}
	if m, err := d.train(ex, before); err == nil {
		out[MethodModel] = m
	} else {
		out[MethodModel] = fallback(MethodModel, err)
	}
	if s, err := d.trainSingle(ex, before); err == nil {
		out[MethodIndicator] = s
	} else {
		out[MethodIndicator] = fallback(MethodIndicator, err)
	}
	return out
}

// Backtest runs the rolling-origin backtest. With labelsBefore non-zero,
// inspections whose judgement was published on or after it are left out.
func (d *Data) Backtest(origins []time.Time, labelsBefore time.Time) (*Backtest, error) {
	if len(origins) == 0 {
		return nil, errors.New("the backtest needs at least one origin whose 12-month window has closed")
	}
	bt := &Backtest{Origins: origins, LabelsBefore: labelsBefore}
	pooled := map[Method][]float64{}
	var labels []bool
	hits := map[Method]float64{}
	taken := map[Method]int{}
	for _, o := range origins {
		ex := d.Examples(o)
		sc := d.scorers(ex, o)
		_, trainK := outcomes(ex)
		var test []sightline.Judgement
		for _, j := range d.Judgements {
			if !j.InspectionDate.Before(o) && j.InspectionDate.Before(windowEnd(o)) &&
				(labelsBefore.IsZero() || j.PublicationDate.Before(labelsBefore)) {
				test = append(test, j)
			}
		}
		risks := map[Method][]float64{}
		var y []bool
		for _, j := range test {
			f := d.Features(j.Council, o)
			p := Prediction{Origin: o, Judgement: j, Inadequate: j.Overall == sightline.Inadequate, Risk: map[Method]float64{}}
			for _, m := range Methods {
				r, _ := sc[m].Score(&f)
				p.Risk[m] = r
				risks[m] = append(risks[m], r)
			}
			y = append(y, p.Inadequate)
			bt.Predictions = append(bt.Predictions, p)
		}
		labels = append(labels, y...)
		for _, m := range Methods {
			met := metrics(risks[m], y)
			bt.Rows = append(bt.Rows, Row{Method: m, Origin: o, Train: len(ex), TrainEvents: trainK, Detail: sc[m].Describe(), Metrics: met})
			pooled[m] = append(pooled[m], risks[m]...)
			hits[m] += met.Hits
			taken[m] += met.Top
		}
	}
	bt.N = len(labels)
	for _, l := range labels {
		if l {
			bt.Events++
		}
	}
	bt.BaseRate = math.NaN()
	if bt.N > 0 {
		bt.BaseRate = float64(bt.Events) / float64(bt.N)
	}
	pooledRows := map[Method]Row{}
	for _, m := range Methods {
		met := metrics(pooled[m], labels)
		met.Hits, met.Top = hits[m], taken[m]
		met.Precision, met.Recall = ratio(hits[m], float64(taken[m])), ratio(hits[m], float64(bt.Events))
		r := Row{Method: m, Detail: "pooled over origins", Metrics: met}
		pooledRows[m] = r
		bt.Rows = append(bt.Rows, r)
	}
	for _, m := range []Method{MethodPrevious, MethodIndicator} {
		diff, se, p := CompareAUC(pooled[MethodModel], pooled[m], labels)
		bt.Tests = append(bt.Tests, AUCTest{Baseline: m, Diff: diff, SE: se, P: p})
	}
	bt.decide(pooledRows)
	return bt, nil
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

func metrics(p []float64, y []bool) Metrics {
	m := Metrics{N: len(y)}
	for _, l := range y {
		if l {
			m.Events++
		}
	}
	m.AUC, m.AUCLow, m.AUCHigh = AUCInterval(p, y)
	m.Brier = Brier(p, y)
	m.Hits, m.Top = TopK(p, y, TopN)
	m.Precision, m.Recall = ratio(m.Hits, float64(m.Top)), ratio(m.Hits, float64(m.Events))
	return m
}

// decide keeps the model only if it beats both baselines on pooled AUC and
// pooled Brier score, and says so plainly.
func (bt *Backtest) decide(rows map[Method]Row) {
	model := rows[MethodModel]
	if bt.Events == 0 || bt.Events == bt.N {
		bt.Best = MethodPrevious
		bt.Verdict = "The backtest windows hold no inadequate judgement (or nothing else), so no method can be judged: the simplest, the previous-judgement baseline, is used."
		return
	}
	// Between the baselines the proper scoring rule decides: the risk is
	// published as a probability, so calibration counts as well as order.
	better := MethodPrevious
	a, b := rows[MethodPrevious], rows[MethodIndicator]
	if b.Brier < a.Brier || b.Brier == a.Brier && b.AUC > a.AUC {
		better = MethodIndicator
	}
	beats := true
	var against []string
	for _, m := range []Method{MethodPrevious, MethodIndicator} {
		r := rows[m]
		beats = beats && model.AUC > r.AUC && model.Brier < r.Brier
		against = append(against, fmt.Sprintf("against the %s baseline, AUC %.3f vs %.3f (%s) and Brier score %.4f vs %.4f (%s)",
			m, model.AUC, r.AUC, word(model.AUC > r.AUC), model.Brier, r.Brier, word(model.Brier < r.Brier)))
	}
	sig := ""
	for _, t := range bt.Tests {
		sig += fmt.Sprintf(" Model minus %s baseline: AUC %+.3f (DeLong SE %.3f, p = %.2f).", t.Baseline, t.Diff, t.SE, t.P)
	}
	if beats {
		bt.Keep, bt.Best = true, MethodModel
		bt.Verdict = fmt.Sprintf("The model beats both baselines over %d inspections (%d inadequate): %s. It is kept.%s",
			bt.N, bt.Events, strings.Join(against, "; "), sig)
		if minP(bt.Tests) >= 0.05 {
			bt.Verdict += " With so few inadequate judgements the AUC differences are not statistically significant: treat the ranking as a prompt for questions, not a forecast."
		}
		return
	}
	bt.Best = better
	bt.Verdict = fmt.Sprintf("The model does NOT beat both baselines over %d inspections (%d inadequate): %s. It is not kept; the %s baseline (the lower Brier score of the two) is used instead.%s",
		bt.N, bt.Events, strings.Join(against, "; "), better, sig)
}

func word(better bool) string {
	if better {
		return "better"
	}
	return "worse"
}

func minP(ts []AUCTest) float64 {
	p := 1.0
	for _, t := range ts {
		if !math.IsNaN(t.P) {
			p = math.Min(p, t.P)
		}
	}
	return p
}

// Result is the risk of every current council as of a date, by the method
// the backtest (run on what was public by then) supports.
type Result struct {
	AsOf   time.Time
	Method Method
	// Describe says how the shipped scorer was fitted, and Reason why it
	// was chosen.
	Describe string
	Reason   string
	Scores   []Score
	// Backtest is the evaluation the choice rests on; nil when no origin's
	// window had closed by the as-of date.
	Backtest *Backtest
}

// Risk scores every current council as of a date using only what was
// published before it. The scorer is the one a backtest on the judgements
// published before the date supports: the model if it beat both baselines,
// otherwise the better baseline; with no closed backtest window yet, the
// previous-judgement baseline, as nothing has shown the model to be better.
func (d *Data) Risk(asOf time.Time) (*Result, error) {
	res := &Result{AsOf: asOf}
	ex := d.Examples(asOf)
	sc := d.scorers(ex, asOf)
	method := MethodPrevious
	if origins := d.Origins(asOf); len(origins) > 0 {
		bt, err := d.Backtest(origins, asOf)
		if err != nil {
			return nil, err
		}
		res.Backtest, method, res.Reason = bt, bt.Best, bt.Verdict
	} else {
		res.Reason = fmt.Sprintf("No backtest window had closed before %s, so nothing shows the model beats its baselines: the previous-judgement baseline is used.", asOf.Format(time.DateOnly))
	}
	s := sc[method]
	res.Method, res.Describe = method, s.Describe()
	for _, c := range d.Register.Councils() {
		if !c.Current {
			continue
		}
		f := d.Features(c.Code, asOf)
		r, why := s.Score(&f)
		res.Scores = append(res.Scores, Score{Council: c.Code, Name: c.Name, Risk: r, Contributions: why})
	}
	sort.SliceStable(res.Scores, func(i, j int) bool {
		if res.Scores[i].Risk != res.Scores[j].Risk {
			return res.Scores[i].Risk > res.Scores[j].Risk
		}
		return res.Scores[i].Council < res.Scores[j].Council
	})
	return res, nil
}
