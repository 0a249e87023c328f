// Package forecast projects children in care: a stock-and-flow model of a
// council's own SSDA903 history by age band and placement type, with
// prediction intervals, costs, scenarios and sufficiency; forecast/published
// projects every council's published numbers.
//
// The record-level model (BuildHistory, Estimate, Project) merges a
// council's yearly returns into care histories, estimates daily rates of
// moving between placement categories and of leaving care for each age
// band and category from the exposure in a reference window, and
// simulates every child and every entrant forward in continuous time.
// Each run draws the rates from their gamma posteriors and a year-to-year
// drift, so its intervals carry parameter uncertainty as well as chance.
// Backtest judges it, with naive and trend baselines, on years it did not
// see.
package forecast

import (
	"fmt"
	"math"
	"sort"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// BacktestRow is one line of `sightline forecast backtest`: a model's
// out-of-sample error and interval coverage for one scope and horizon.
// Scope is "councils" for the council-level forecasts from published data,
// "records" for the record-level model's total and "records:<state>" for
// one of its states.
type BacktestRow struct {
	Scope        string
	Model        string
	HorizonYears int
	// MAPE is the mean absolute percentage error, in percent.
	MAPE float64
	// Coverage80 is the share of outcomes inside the 80% prediction
	// interval, as a proportion (0.8 is right).
	Coverage80 float64
}

// BacktestOptions set up a backtest of the record-level model.
type BacktestOptions struct {
	// WindowYears is the model's reference window.
	WindowYears int
	// MinTrainYears is the fewest years of returns a forecast is made
	// from; every later year is then an origin (rolling origin).
	MinTrainYears int
	Runs          int
	Seed          uint64
}

// DefaultBacktestOptions are the settings `sightline forecast backtest`
// reports: the model's defaults, forecasting from every origin with at
// least two years behind it.
func DefaultBacktestOptions() BacktestOptions {
	return BacktestOptions{WindowYears: DefaultWindowYears, MinTrainYears: 2, Runs: 1000, Seed: 1}
}

// DefaultWindowYears is the reference window the model uses unless told
// otherwise: two years gives several hundred events for a mid-sized
// council while following change within a few years.
const DefaultWindowYears = 2

// Outcome is one forecast set against what happened: the detail behind
// the backtest's rows.
type Outcome struct {
	Scope        string
	Model        string
	Origin       time.Time // the as-of date: the end of the last year used
	HorizonYears int
	Forecast     float64 // the median (stockflow) or point forecast
	Low, High    float64 // the 80% prediction interval
	Actual       float64
}

// Backtest forecasts each year from the years before it only (building
// the history afresh from those returns, so nothing published later is
// seen) and sets the forecasts against the returns that followed: the
// stock at each 31 March by state and in total, and the year's entrants
// and leavers. The stock-and-flow model is compared with a naive forecast
// (the last year's figure, with a random-walk interval from the
// year-on-year changes seen) and a linear trend on the yearly figures
// (with its least-squares prediction interval; from two years, the
// interval is Poisson's). Actual figures come from each year's own return:
// the stock is its children in care at the year's end, entrants are
// periods of care starting in the year, leavers periods ending in it.
// States never occupied at any forecast year's end are left out.
func Backtest(years []YearTables, space StateSpace, opts BacktestOptions) ([]BacktestRow, []Outcome, error) {
	spans, err := yearSpans(years)
	if err != nil {
		return nil, nil, err
	}
	order := make([]int, len(years))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return spans[order[a]].End.Before(spans[order[b]].End) })
	sorted := make([]YearTables, len(years))
	for i, j := range order {
		sorted[i] = years[j]
		sorted[i].End = spans[j].End
	}
	if opts.MinTrainYears < 1 {
		opts.MinTrainYears = 1
	}
	if len(sorted) <= opts.MinTrainYears {
		return nil, nil, fmt.Errorf("a backtest needs more than %d years of returns; there are %d", opts.MinTrainYears, len(sorted))
	}
	// Each year's actual figures, from its own return.
	ns := space.NumStates()
	scopes := []string{"records"}
	for s := range ns {
		scopes = append(scopes, "records:"+space.StateName(s))
	}
	scopes = append(scopes, "records:entrants", "records:leavers")
	actual := make([][]float64, len(sorted)) // [year][scope]
	for i, y := range sorted {
		h, err := BuildHistory([]YearTables{y}, space)
		if err != nil {
			return nil, nil, err
		}
		actual[i] = make([]float64, len(scopes))
		for s, n := range h.StockAt(y.End) {
			actual[i][1+s] = float64(n)
			actual[i][0] += float64(n)
		}
		ent, lv := h.flows(dayOf(y.End.AddDate(-1, 0, 1)), dayOf(y.End))
		actual[i][len(scopes)-2], actual[i][len(scopes)-1] = float64(ent), float64(lv)
	}
	var outcomes []Outcome
	for o := opts.MinTrainYears - 1; o < len(sorted)-1; o++ {
		h, err := BuildHistory(sorted[:o+1], space)
		if err != nil {
			return nil, nil, err
		}
		f, err := Estimate(h, opts.WindowYears)
		if err != nil {
			return nil, nil, err
		}
		horizons := len(sorted) - 1 - o
		p, err := Project(f, Options{Months: 12 * horizons, Runs: opts.Runs, Seed: opts.Seed})
		if err != nil {
			return nil, nil, err
		}
		for hz := 1; hz <= horizons; hz++ {
			m := 12 * hz
			for k, scope := range scopes {
				var runs []float64
				switch {
				case k == 0:
					runs = p.StockRuns(0, m, All)
				case k <= ns:
					b, c := space.Split(k - 1)
					runs = p.StockRuns(0, m, Scope{b, c})
				default:
					runs = p.FlowRuns(0, m-12, m, k == len(scopes)-1)
				}
				iv := Summarise(runs)
				a := actual[o+hz][k]
				outcomes = append(outcomes, Outcome{Scope: scope, Model: "stockflow", Origin: sorted[o].End, HorizonYears: hz, Forecast: iv.P50, Low: iv.P10, High: iv.P90, Actual: a})
				series := make([]float64, o+1)
				for i := range series {
					series[i] = actual[i][k]
				}
				pt, lo, hi := naiveForecast(series, hz)
				outcomes = append(outcomes, Outcome{Scope: scope, Model: "naive", Origin: sorted[o].End, HorizonYears: hz, Forecast: pt, Low: lo, High: hi, Actual: a})
				pt, lo, hi = trendForecast(series, hz)
				outcomes = append(outcomes, Outcome{Scope: scope, Model: "trend", Origin: sorted[o].End, HorizonYears: hz, Forecast: pt, Low: lo, High: hi, Actual: a})
			}
		}
	}
	// States never occupied in any forecast year are left out.
	occupied := map[string]bool{}
	for _, oc := range outcomes {
		if oc.Actual > 0 {
			occupied[oc.Scope] = true
		}
	}
	models := []string{"stockflow", "naive", "trend"}
	var rows []BacktestRow
	for _, scope := range scopes {
		if !occupied[scope] {
			continue
		}
		for _, model := range models {
			for hz := 1; hz < len(sorted); hz++ {
				var ape []float64
				in, n := 0, 0
				for _, oc := range outcomes {
					if oc.Scope != scope || oc.Model != model || oc.HorizonYears != hz {
						continue
					}
					n++
					if oc.Actual >= oc.Low && oc.Actual <= oc.High {
						in++
					}
					if oc.Actual > 0 {
						ape = append(ape, math.Abs(oc.Forecast-oc.Actual)/oc.Actual*100)
					}
				}
				if n == 0 || len(ape) == 0 {
					continue
				}
				rows = append(rows, BacktestRow{Scope: scope, Model: model, HorizonYears: hz, MAPE: mean(ape), Coverage80: float64(in) / float64(n)})
			}
		}
	}
	return rows, outcomes, nil
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// z80 is the standard normal's 90th percentile: an 80% interval is ±z80σ.
var z80 = distuv.UnitNormal.Quantile(0.9)

// naiveForecast is the last value, with a random-walk interval: the
// variance of a year's change estimated from the changes seen (about zero
// drift), times the horizon; from a single year, Poisson's.
func naiveForecast(series []float64, h int) (pt, lo, hi float64) {
	pt = series[len(series)-1]
	v := pt // Poisson, when there are no changes to learn from
	if len(series) > 1 {
		ss := 0.0
		for i := 1; i < len(series); i++ {
			d := series[i] - series[i-1]
			ss += d * d
		}
		v = ss / float64(len(series)-1) * float64(h)
	}
	sd := math.Sqrt(max(v, 0))
	return pt, max(0, pt-z80*sd), pt + z80*sd
}

// trendForecast extrapolates the least-squares line through the yearly
// figures h years on (never below zero), with the line's prediction
// interval (Student's t with n−2 degrees of freedom); from two years the
// line fits exactly and the interval is Poisson's around the forecast.
func trendForecast(series []float64, h int) (pt, lo, hi float64) {
	n := float64(len(series))
	if len(series) == 1 {
		return naiveForecast(series, h)
	}
	var mx, my float64
	for i, y := range series {
		mx += float64(i)
		my += y
	}
	mx /= n
	my /= n
	var sxx, sxy float64
	for i, y := range series {
		sxx += (float64(i) - mx) * (float64(i) - mx)
		sxy += (float64(i) - mx) * (y - my)
	}
	slope := sxy / sxx
	x0 := float64(len(series)-1+h) - mx
	raw := my + slope*x0
	pt = max(raw, 0)
	var half float64
	if len(series) == 2 {
		half = z80 * math.Sqrt(pt)
	} else {
		ssr := 0.0
		for i, y := range series {
			r := y - (my + slope*(float64(i)-mx))
			ssr += r * r
		}
		s2 := ssr / (n - 2)
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 2}.Quantile(0.9)
		half = t * math.Sqrt(s2*(1+1/n+x0*x0/sxx))
	}
	return pt, max(0, raw-half), max(0, raw+half)
}

// flows counts periods of care starting and ending between two days
// (inclusive): entrants and leavers.
func (h *History) flows(from, to int) (entrants, leavers int) {
	for _, c := range h.Children {
		for j, s := range c.Spells {
			if s.NewPeriod && s.Start >= from && s.Start <= to {
				entrants++
			}
			cont := j+1 < len(c.Spells) && !c.Spells[j+1].NewPeriod
			if s.End != Open && !cont && s.End >= from && s.End <= to {
				leavers++
			}
		}
	}
	return entrants, leavers
}
