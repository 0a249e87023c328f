package published

import (
	"math"
	"sort"
)

// MinSize is the count, judged at the origin, above which a council's
// forecast enters the MAPE: percentage errors of councils with a few dozen
// children are dominated by chance. It is judged at the origin, never on the
// outcome, so the selection cannot favour any model.
const MinSize = 200

// Score is one model's rolling-origin backtest at one horizon.
type Score struct {
	Measure string
	Model   string
	Horizon int
	// Origins are the origins scored: those from which the target had been
	// published and at which an interval could be calibrated.
	Origins []int
	// N is the number of forecasts of councils above MinSize at the origin;
	// MAPE (percent) and the coverages (proportions) are over them.
	N                      int
	MAPE                   float64
	Coverage80, Coverage95 float64
	// NAll and Coverage80All cover every council with a published outcome,
	// small ones included.
	NAll          int
	Coverage80All float64
}

// Backtest forecasts every council from every origin, each from the panel
// cut at that origin, and scores the forecasts whose target has been
// published, with intervals calibrated only on forecasts checked by that
// origin. An origin is scored when an interval can be calibrated there (one
// year of earlier errors), so every model is scored on the same forecasts.
func Backtest(p *Panel, models []Model, maxH int) []Score {
	years := map[int]bool{}
	for y := range p.England {
		years[y] = true
	}
	for _, s := range p.Councils {
		for y := range s.Count {
			years[y] = true
		}
	}
	var all []int
	for y := range years {
		all = append(all, y)
	}
	sort.Ints(all)
	var out []Score
	for _, m := range models {
		pts := pointForecasts(p, m, all, maxH)
		scores := make([]Score, maxH+1)
		var ape [][]float64 = make([][]float64, maxH+1)
		in80 := make([][2]int, maxH+1)
		in95 := make([][2]int, maxH+1)
		in80all := make([][2]int, maxH+1)
		for _, o := range all {
			rules := calibrate(p, pts, o, maxH).Rules(maxH)
			for h := 1; h <= maxH; h++ {
				if o+h > p.Origin {
					continue
				}
				if rules[h] == nil {
					continue
				}
				scores[h].Origins = append(scores[h].Origins, o)
				for i := range p.Councils {
					s := &p.Councils[i]
					fs, okF := pts[o][s.Code]
					if !okF {
						continue
					}
					actual, ok := s.Count[o+h]
					f := fs[h]
					if !ok || actual <= 0 || math.IsNaN(f) {
						continue
					}
					size, _, _ := last(s.Count, o)
					w80, _, _ := rules.HalfWidth(h, size, 0.8)
					w95, _, _ := rules.HalfWidth(h, size, 0.95)
					inside80 := f*math.Exp(-w80) <= actual && actual <= f*math.Exp(w80)
					inside95 := f*math.Exp(-w95) <= actual && actual <= f*math.Exp(w95)
					count(&in80all[h], inside80)
					if size <= MinSize {
						continue
					}
					ape[h] = append(ape[h], math.Abs(actual-f)/actual*100)
					count(&in80[h], inside80)
					count(&in95[h], inside95)
				}
			}
		}
		for h := 1; h <= maxH; h++ {
			sc := scores[h]
			if len(ape[h]) == 0 {
				continue
			}
			sc.Measure, sc.Model, sc.Horizon = p.Measure.ID, m.Name, h
			sc.N, sc.MAPE = len(ape[h]), mean(ape[h])
			sc.Coverage80, sc.Coverage95 = share(in80[h]), share(in95[h])
			sc.NAll, sc.Coverage80All = in80all[h][1], share(in80all[h])
			out = append(out, sc)
		}
	}
	return out
}

func count(c *[2]int, inside bool) {
	if inside {
		c[0]++
	}
	c[1]++
}

func share(c [2]int) float64 {
	if c[1] == 0 {
		return math.NaN()
	}
	return float64(c[0]) / float64(c[1])
}

// Choose returns the model with the lowest MAPE averaged over horizons
// 1 to maxH among those scored at every one of them: the rule by which the
// shipped models were picked, stated before looking so the pick is the
// backtest's and not taste's.
func Choose(scores []Score, maxH int) string {
	sum, n := map[string]float64{}, map[string]int{}
	var order []string
	for _, s := range scores {
		if s.Horizon > maxH {
			continue
		}
		if n[s.Model] == 0 {
			order = append(order, s.Model)
		}
		sum[s.Model] += s.MAPE
		n[s.Model]++
	}
	best, bestV := "", math.Inf(1)
	for _, m := range order {
		if n[m] == maxH && sum[m]/float64(maxH) < bestV {
			best, bestV = m, sum[m]/float64(maxH)
		}
	}
	return best
}
