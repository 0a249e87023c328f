package risk

import (
	"fmt"
	"math"
	"time"

	"github.com/sightline-uk/sightline/indicators"
)

// Previous is baseline (a): the training frequency of an inadequate
// judgement among inspections whose council had the same previous grade
// ("none in the data" being a grade of its own). Each frequency is shrunk
// toward the overall training rate by two pseudo-inspections, so a grade
// seen once or never does not score 0 or 1; with no training inspections at
// all every council scores ½, the rule of succession's "nothing known".
type Previous struct {
	Rate     map[string]float64
	N, K     map[string]int
	Base     float64
	total, k int
	before   time.Time
}

// prior is the weight, in inspections, of the overall rate in each grade's
// frequency.
const prior = 2

// TrainPrevious fits baseline (a) on inspections published before the date.
func (d *Data) TrainPrevious(before time.Time) *Previous {
	return trainPrevious(d.Examples(before), before)
}

func trainPrevious(ex []Example, before time.Time) *Previous {
	p := &Previous{Rate: map[string]float64{}, N: map[string]int{}, K: map[string]int{}, before: before}
	for _, e := range ex {
		g := gradeGroup(e.Features.Previous)
		p.N[g]++
		p.total++
		if e.Inadequate {
			p.K[g]++
			p.k++
		}
	}
	p.Base = (float64(p.k) + 1) / (float64(p.total) + 2)
	for _, g := range []string{gradeNone, gradeInadequate, gradeRI, gradeGood} {
		p.Rate[g] = (float64(p.K[g]) + prior*p.Base) / (float64(p.N[g]) + prior)
	}
	return p
}

// Method is MethodPrevious.
func (p *Previous) Method() Method { return MethodPrevious }

// Describe says what the baseline learned from.
func (p *Previous) Describe() string {
	return fmt.Sprintf("share of inadequate judgements by previous grade among %d inspections published before %s (%d inadequate), shrunk toward the overall rate",
		p.total, p.before.Format(time.DateOnly), p.k)
}

// Score is the frequency for the council's previous grade.
func (p *Previous) Score(f *Features) (float64, []Contribution) {
	g := gradeGroup(f.Previous)
	r := p.Rate[g]
	var what string
	if g == gradeNone {
		what = "councils with no earlier ILACS judgement in the data"
	} else {
		what = "councils last judged " + map[string]string{gradeInadequate: "inadequate", gradeRI: "requires improvement to be good", gradeGood: "good or outstanding"}[g]
	}
	text := fmt.Sprintf("%s: %d of %d inspections of %s published before %s were judged inadequate",
		previousText(f), p.K[g], p.N[g], what, p.before.Format("2 January 2006"))
	if p.N[g] == 0 {
		text = fmt.Sprintf("%s: no inspection of %s published before %s to learn from, so the overall rate",
			previousText(f), what, p.before.Format("2 January 2006"))
	}
	return r, []Contribution{{Input: "previous_judgement", LogOdds: logit(r) - logit(p.Base), Text: text}}
}

// Single is baseline (b): one indicator, the one whose standardised figure
// best separated inadequate judgements from the rest in the training data
// (by AUC, in either direction), fitted as a one-input logistic regression.
type Single struct {
	d        *Data
	input    int
	fit      *Logistic
	trainAUC float64
	n, k     int
	before   time.Time
}

// TrainSingle fits baseline (b) on inspections published before the date.
func (d *Data) TrainSingle(before time.Time) (*Single, error) {
	return d.trainSingle(d.Examples(before), before)
}

func (d *Data) trainSingle(ex []Example, before time.Time) (*Single, error) {
	y, k := outcomes(ex)
	if k < 2 || len(ex)-k < 2 {
		return nil, fmt.Errorf("%w a single indicator: %d inspections published before %s, %d inadequate", ErrTooFew, len(ex), before.Format(time.DateOnly), k)
	}
	labels := make([]bool, len(ex))
	for i := range ex {
		labels[i] = ex[i].Inadequate
	}
	best, bestAUC := -1, 0.0
	for i, in := range Inputs {
		if in.Change {
			continue
		}
		var obs float64
		z := make([]float64, len(ex))
		for r, e := range ex {
			z[r] = e.Features.Inputs[i].Z
			if !e.Features.Inputs[i].Missing {
				obs++
			}
		}
		if obs/float64(len(ex)) < minObserved {
			continue
		}
		a := AUC(z, labels)
		if best < 0 || math.Abs(a-0.5) > math.Abs(bestAUC-0.5) {
			best, bestAUC = i, a
		}
	}
	if best < 0 {
		return nil, fmt.Errorf("%w a single indicator: no input is published for most inspections before %s", ErrTooFew, before.Format(time.DateOnly))
	}
	x := make([][]float64, len(ex))
	for r, e := range ex {
		x[r] = []float64{e.Features.Inputs[best].Z}
	}
	// A token penalty only keeps the fit finite should one figure separate
	// the outcomes; it is not tuned.
	fit, err := FitLogistic(x, y, 1e-3)
	if err != nil {
		return nil, err
	}
	return &Single{d: d, input: best, fit: fit, trainAUC: bestAUC, n: len(ex), k: k, before: before}, nil
}

// Method is MethodIndicator.
func (s *Single) Method() Method { return MethodIndicator }

// Indicator is the chosen indicator's id.
func (s *Single) Indicator() string { return Inputs[s.input].Indicator }

// Describe names the chosen indicator and its training AUC.
func (s *Single) Describe() string {
	return fmt.Sprintf("%s alone (training AUC %.2f on %d inspections published before %s), one-input logistic regression",
		indicators.ByID(s.Indicator()).Title, s.trainAUC, s.n, s.before.Format(time.DateOnly))
}

// Score is the one-input model's risk, explained.
func (s *Single) Score(f *Features) (float64, []Contribution) {
	ft := f.Inputs[s.input]
	x := []float64{ft.Z}
	lo := s.fit.Contributions(x)[0]
	return s.fit.Predict(x), []Contribution{{Input: ft.Name(), LogOdds: lo, Text: featureText(s.d, ft, f.AsOf) + " " + effect(lo)}}
}
