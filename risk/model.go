package risk

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/indicators"
)

// Contribution is one input's part in a score: how much it moved the
// log-odds of an inadequate judgement away from a council at the training
// average, and that in plain words.
type Contribution struct {
	Input   string  `json:"input"`
	LogOdds float64 `json:"log_odds"`
	Text    string  `json:"text"`
}

// Score is a council's risk of an inadequate judgement at its next
// inspection, with the reasons, largest first.
type Score struct {
	Council       string         `json:"la_code"`
	Name          string         `json:"la_name"`
	Risk          float64        `json:"risk"`
	Contributions []Contribution `json:"contributions"`
}

// Method names a way of scoring risk: the model or one of its baselines.
type Method string

// The model and the two baselines it must beat to be kept.
const (
	MethodModel     Method = "model"
	MethodPrevious  Method = "previous judgement"
	MethodIndicator Method = "single indicator"
)

// Scorer turns what was known of a council into a risk. The model and both
// baselines are Scorers, so the backtest and the risk command treat them
// alike.
type Scorer interface {
	Method() Method
	// Describe says in a sentence how the scorer was fitted.
	Describe() string
	Score(f *Features) (risk float64, why []Contribution)
}

// Example is one inspection to learn from: the judgement and the features
// of its council as of the inspection date (only what was published before
// the inspectors arrived).
type Example struct {
	Judgement  sightline.Judgement
	Features   Features
	Inadequate bool
}

// Examples returns every inspection whose judgement was published before
// the date, each with its features as of its own inspection date.
func (d *Data) Examples(publishedBefore time.Time) []Example {
	var out []Example
	for _, j := range d.Judgements {
		if !j.PublicationDate.Before(publishedBefore) {
			continue
		}
		out = append(out, Example{Judgement: j, Features: d.Features(j.Council, j.InspectionDate), Inadequate: j.Overall == sightline.Inadequate})
	}
	return out
}

// minObserved is the share of training inspections that must have an
// input's figure for it to enter a fit: below it, the imputed centre and
// the missing flag would mostly stand in for the inspection's date.
const minObserved = 0.5

// minEvents is the fewest inspections of each outcome the model is fitted
// on; with fewer, cross-validation cannot choose a penalty.
const minEvents = 5

// ErrTooFew reports too few judgements to fit a scorer.
var ErrTooFew = errors.New("too few judgements to fit")

type colKind int

const (
	colValue colKind = iota
	colMissing
	colGrade
	colYearsSince
)

// column is one column of the design matrix, read from Features.
type column struct {
	kind  colKind
	input int    // index into Inputs, for value and missing columns
	grade string // for grade columns
}

func (c column) name() string {
	switch c.kind {
	case colValue:
		return Inputs[c.input].Name()
	case colMissing:
		return Inputs[c.input].Name() + ":missing"
	case colGrade:
		return "previous:" + c.grade
	}
	return "previous:years"
}

// group is the contribution a column belongs to: an input's value and
// missing flag explain together, as do the previous judgement's columns.
func (c column) group() string {
	if c.kind == colGrade || c.kind == colYearsSince {
		return "previous_judgement"
	}
	return Inputs[c.input].Name()
}

func (c column) value(f *Features) float64 {
	switch c.kind {
	case colValue:
		return f.Inputs[c.input].Z
	case colMissing:
		if f.Inputs[c.input].Missing {
			return 1
		}
		return 0
	case colGrade:
		if gradeGroup(f.Previous) == c.grade {
			return 1
		}
		return 0
	}
	// Years since the previous judgement, for councils that have one; the
	// grade columns carry "none in the data", so 0 here never reads as
	// "judged recently".
	if f.Previous == nil {
		return 0
	}
	return f.YearsSincePrevious()
}

// Grade groups of the previous judgement. "none" is its own group: most
// councils' previous inspection predates the data, which says nothing of it.
const (
	gradeNone       = "none"
	gradeInadequate = "inadequate"
	gradeRI         = "requires_improvement"
	gradeGood       = "good_or_outstanding"
)

func gradeGroup(j *sightline.Judgement) string {
	if j == nil {
		return gradeNone
	}
	switch j.Overall {
	case sightline.Inadequate:
		return gradeInadequate
	case sightline.RequiresImprovement:
		return gradeRI
	}
	return gradeGood
}

// chooseColumns picks the design matrix's columns from the training data
// alone: inputs observed for at least minObserved of the inspections, their
// missing flags where missingness varies, and the previous judgement's grade
// groups and age where any inspection had one.
func chooseColumns(ex []Example) []column {
	var cols []column
	n := float64(len(ex))
	for i := range Inputs {
		var obs float64
		for _, e := range ex {
			if !e.Features.Inputs[i].Missing {
				obs++
			}
		}
		if obs/n < minObserved {
			continue
		}
		cols = append(cols, column{kind: colValue, input: i})
		if obs < n {
			cols = append(cols, column{kind: colMissing, input: i})
		}
	}
	for _, g := range []string{gradeInadequate, gradeRI, gradeGood} {
		cols = append(cols, column{kind: colGrade, grade: g})
	}
	cols = append(cols, column{kind: colYearsSince})
	// Keep only columns that vary.
	var out []column
	for _, c := range cols {
		first := c.value(&ex[0].Features)
		for _, e := range ex[1:] {
			if c.value(&e.Features) != first {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

func design(cols []column, f *Features) []float64 {
	x := make([]float64, len(cols))
	for j, c := range cols {
		x[j] = c.value(f)
	}
	return x
}

func outcomes(ex []Example) (y []float64, events int) {
	for _, e := range ex {
		if e.Inadequate {
			y = append(y, 1)
			events++
		} else {
			y = append(y, 0)
		}
	}
	return y, events
}

// cvSeed fixes the cross-validation folds so that every run gives the same
// scores.
const cvSeed = 20180101

// Model is the risk model: an L2-penalised logistic regression on the
// inputs' standardised figures, their missing flags and the previous
// judgement, with the penalty chosen by cross-validation on the training
// inspections only.
type Model struct {
	d       *Data
	cols    []column
	fit     *Logistic
	n, k    int
	trained time.Time
}

// Train fits the model on every inspection published before the date.
func (d *Data) Train(before time.Time) (*Model, error) {
	return d.train(d.Examples(before), before)
}

func (d *Data) train(ex []Example, before time.Time) (*Model, error) {
	y, k := outcomes(ex)
	if k < minEvents || len(ex)-k < minEvents {
		return nil, fmt.Errorf("%w the model: %d inspections published before %s, %d inadequate (at least %d of each outcome are needed)",
			ErrTooFew, len(ex), before.Format(time.DateOnly), k, minEvents)
	}
	cols := chooseColumns(ex)
	x := make([][]float64, len(ex))
	for i := range ex {
		x[i] = design(cols, &ex[i].Features)
	}
	lambda, _, err := CrossValidate(x, y, Lambdas, 5, 4, cvSeed)
	if err != nil {
		return nil, err
	}
	fit, err := FitLogistic(x, y, lambda)
	if err != nil {
		return nil, err
	}
	return &Model{d: d, cols: cols, fit: fit, n: len(ex), k: k, trained: before}, nil
}

// Method is MethodModel.
func (m *Model) Method() Method { return MethodModel }

// Describe says what the model was fitted on and the penalty chosen.
func (m *Model) Describe() string {
	return fmt.Sprintf("L2-penalised logistic regression on %d columns from %d inspections published before %s (%d inadequate); penalty λ=%g chosen by 5-fold cross-validation",
		len(m.cols), m.n, m.trained.Format(time.DateOnly), m.k, m.fit.Lambda)
}

// Lambda is the penalty cross-validation chose.
func (m *Model) Lambda() float64 { return m.fit.Lambda }

// Columns names the design matrix's columns, for reports.
func (m *Model) Columns() []string {
	var out []string
	for _, c := range m.cols {
		out = append(out, c.name())
	}
	return out
}

// Coefficients returns each column's coefficient on the standardised
// scale, by column name.
func (m *Model) Coefficients() map[string]float64 {
	out := map[string]float64{}
	for j, c := range m.cols {
		out[c.name()] = m.fit.Coef[j]
	}
	return out
}

// Score is the model's risk for a council's features, explained.
func (m *Model) Score(f *Features) (float64, []Contribution) {
	x := design(m.cols, f)
	parts := m.fit.Contributions(x)
	sums := map[string]float64{}
	var order []string
	for j, c := range m.cols {
		g := c.group()
		if _, seen := sums[g]; !seen {
			order = append(order, g)
		}
		sums[g] += parts[j]
	}
	var why []Contribution
	for _, g := range order {
		why = append(why, Contribution{Input: g, LogOdds: sums[g], Text: m.d.explain(g, f, sums[g])})
	}
	sortContributions(why)
	return m.fit.Predict(x), why
}

func sortContributions(cs []Contribution) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && math.Abs(cs[j].LogOdds) > math.Abs(cs[j-1].LogOdds); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// effect says what a log-odds contribution did, in words and as an odds
// ratio.
func effect(lo float64) string {
	switch {
	case math.Abs(lo) < 0.01:
		return "made no material difference"
	case lo > 0:
		return fmt.Sprintf("raised the risk (odds ×%.2f)", math.Exp(lo))
	}
	return fmt.Sprintf("lowered the risk (odds ×%.2f)", math.Exp(lo))
}

// explain puts one input's contribution into plain words.
func (d *Data) explain(group string, f *Features, lo float64) string {
	if group == "previous_judgement" {
		return previousText(f) + " " + effect(lo)
	}
	for _, ft := range f.Inputs {
		if ft.Name() == group {
			return featureText(d, ft, f.AsOf) + " " + effect(lo)
		}
	}
	return group + " " + effect(lo)
}

func previousText(f *Features) string {
	if f.Previous == nil {
		return "No earlier ILACS judgement in the data (any earlier inspection predates them)"
	}
	g := strings.ToLower(string(f.Previous.Overall))
	return fmt.Sprintf("Last judged %s (published %s, %.1f years before)", g, f.Previous.PublicationDate.Format("2 January 2006"), f.YearsSincePrevious())
}

func featureText(d *Data, ft Feature, asOf time.Time) string {
	ind := indicators.ByID(ft.Indicator)
	title := ind.Title
	if ft.Missing {
		what := "figure"
		if ft.Change {
			what = "change from the year before"
		}
		return fmt.Sprintf("%s: no %s published before %s (taken as the national middle)", title, what, asOf.Format("2 January 2006"))
	}
	from := ""
	if ft.From != "" {
		name := ft.From
		if c := d.Register.Council(ft.From); c != nil {
			name = c.Name
		}
		from = ", " + name + "'s figure"
		if ft.Change {
			from += "s"
		}
	}
	if ft.Change {
		dir := "rose"
		if ft.Value < 0 {
			dir = "fell"
		}
		if ft.Value == 0 {
			return fmt.Sprintf("%s was unchanged in %d%s", title, ft.Year, from)
		}
		s := fmt.Sprintf("%s %s by %s in %d%s", title, dir, formatChange(ind, math.Abs(ft.Value)), ft.Year, from)
		if !math.IsNaN(ft.England) {
			s += fmt.Sprintf(" (England %+.*f)", ind.Decimals, sightline.Round(ft.England, ind.Decimals))
		}
		return s
	}
	s := fmt.Sprintf("%s of %s in %d%s", title, formatValue(ind, ft.Value), ft.Year, from)
	if !math.IsNaN(ft.England) {
		s += fmt.Sprintf(" (England %s)", formatValue(ind, ft.England))
	}
	return s
}

func formatValue(ind *indicators.Indicator, v float64) string {
	n := sightline.Number(v).Format(ind.Decimals)
	switch ind.Unit {
	case indicators.Percent:
		return n + "%"
	case indicators.PerTenThousand:
		return n + " per 10,000"
	case indicators.Ratio:
		return n + " cases per worker"
	}
	return n
}

func formatChange(ind *indicators.Indicator, v float64) string {
	n := sightline.Number(v).Format(ind.Decimals)
	switch ind.Unit {
	case indicators.Percent:
		return n + " percentage points"
	case indicators.PerTenThousand:
		return n + " per 10,000"
	case indicators.Ratio:
		return n + " cases per worker"
	}
	return n
}
