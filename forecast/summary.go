package forecast

import (
	"math"
	"sort"
)

// Interval summarises one figure over the runs: its mean and percentiles.
// P10–P90 is the 80% prediction interval, P2.5–P97.5 the 95%.
type Interval struct {
	Mean, P2_5, P10, P50, P90, P97_5 float64
}

// Summarise gives the mean and percentiles of values (sorted in place),
// by linear interpolation between order statistics (R's type 7).
func Summarise(values []float64) Interval {
	if len(values) == 0 {
		nan := math.NaN()
		return Interval{nan, nan, nan, nan, nan, nan}
	}
	sort.Float64s(values)
	sum := 0.0
	for _, v := range values {
		sum += v
	}
	return Interval{Mean: sum / float64(len(values)), P2_5: quantile(values, 0.025), P10: quantile(values, 0.10),
		P50: quantile(values, 0.50), P90: quantile(values, 0.90), P97_5: quantile(values, 0.975)}
}

func quantile(sorted []float64, q float64) float64 {
	h := q * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// Scope picks states: one band, one category, both, or all (-1 is any).
type Scope struct{ Band, Category int }

// All is every state.
var All = Scope{-1, -1}

func (s Scope) has(sp StateSpace, state int) bool {
	b, c := sp.Split(state)
	return (s.Band < 0 || s.Band == b) && (s.Category < 0 || s.Category == c)
}

// Name reads "all", "fostering", "10-16" or "10-16 fostering".
func (s Scope) Name(sp StateSpace) string {
	switch {
	case s.Band < 0 && s.Category < 0:
		return "all"
	case s.Band < 0:
		return sp.Categories[s.Category].Name
	case s.Category < 0:
		return sp.Bands[s.Band].Name
	}
	return sp.StateName(sp.State(s.Band, s.Category))
}

// StockRuns is the count in care at a month end in each run.
func (p *Projection) StockRuns(sc, month int, s Scope) []float64 {
	sp := p.Fit.Space
	out := make([]float64, p.Options.Runs)
	for r := range out {
		base := (r*p.nm + month) * p.ns
		n := int32(0)
		for st := range p.ns {
			if s.has(sp, st) {
				n += p.stock[sc][base+st]
			}
		}
		out[r] = float64(n)
	}
	return out
}

// Stock summarises the count in care at a month end.
func (p *Projection) Stock(sc, month int, s Scope) Interval {
	return Summarise(p.StockRuns(sc, month, s))
}

// FlowRuns is entrants (or leavers) in months (from, to] in each run.
func (p *Projection) FlowRuns(sc, from, to int, leavers bool) []float64 {
	src := p.entrants[sc]
	if leavers {
		src = p.leavers[sc]
	}
	out := make([]float64, p.Options.Runs)
	for r := range out {
		for m := from + 1; m <= to; m++ {
			out[r] += float64(src[r*p.nm+m])
		}
	}
	return out
}

// CareDaysRuns is the days spent in care in a category (-1 for all) in
// months (from, to], in each run: the basis of spend.
func (p *Projection) CareDaysRuns(sc, from, to, cat int) []float64 {
	out := make([]float64, p.Options.Runs)
	for r := range out {
		for m := from + 1; m <= to; m++ {
			for c := range p.nc {
				if cat < 0 || c == cat {
					out[r] += float64(p.days[sc][(r*p.nm+m)*p.nc+c])
				}
			}
		}
	}
	return out
}

// SpendRuns is the cost of care in months (from, to] in each run, at the
// daily costs given by category (cat -1 for all categories).
func (p *Projection) SpendRuns(sc, from, to, cat int, costs Costs) []float64 {
	out := make([]float64, p.Options.Runs)
	for c := range p.nc {
		if cat >= 0 && c != cat {
			continue
		}
		perDay := costs.PerDay(p.Fit.Space.Categories[c].Name)
		for r, d := range p.CareDaysRuns(sc, from, to, c) {
			out[r] += d * perDay
		}
	}
	return out
}

// Diff summarises a scenario's runs minus the baseline's, run by run:
// both used the same seeds, so the difference's interval reflects the
// change, not the two runs' separate chance.
func Diff(scenario, baseline []float64) Interval {
	d := make([]float64, len(scenario))
	for i := range d {
		d[i] = scenario[i] - baseline[i]
	}
	return Summarise(d)
}
