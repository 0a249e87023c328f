package forecast

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is a projection set out for people and programs: what it rests
// on, how irregular records were handled, the fitted rates, and every
// series with its intervals. It marshals to JSON as it stands.
type Report struct {
	Years        []YearSpan         `json:"years"`
	Skipped      []string           `json:"skipped_files,omitempty"`
	AsOf         string             `json:"as_of"`
	WindowStart  string             `json:"window_start"`
	WindowDays   int                `json:"window_days"`
	Runs         int                `json:"runs"`
	Seed         uint64             `json:"seed"`
	Months       int                `json:"horizon_months"`
	Method       string             `json:"method"`
	LeaveDrift   float64            `json:"leave_drift_sd"`
	EntryDrift   float64            `json:"entry_drift_sd"`
	Handling     []KindCount        `json:"handling"`
	Examples     []Note             `json:"examples"`
	Rates        []StateRate        `json:"rates"`
	CostsSource  string             `json:"costs_source"`
	CostPerDay   map[string]float64 `json:"cost_per_day"`
	Scenarios    []ScenarioInfo     `json:"scenarios"`
	Series       []SeriesRow        `json:"series"`
	Sufficiency  []GapRow           `json:"sufficiency,omitempty"`
	CapacityFile string             `json:"capacity_file,omitempty"`
}

// StateRate is one state's fitted figures, per child-year, for checking
// the model against what practitioners know.
type StateRate struct {
	State         string  `json:"state"`
	StartCount    int     `json:"children_at_start"`
	ChildYears    float64 `json:"child_years"`
	Leaves        int     `json:"leaves"`
	LeaveRate     float64 `json:"leave_rate_per_year"`
	EntrantsPerYr float64 `json:"entrants_per_year"`
	MovesOut      int     `json:"moves_out"`
	MoveRatePerYr float64 `json:"move_rate_per_year"`
}

// ScenarioInfo names a scenario and its changes.
type ScenarioInfo struct {
	Name    string `json:"name"`
	Changes string `json:"changes"`
}

// SeriesRow is one figure at one month end (or over one projected year
// for yearly measures): children (count at the month end), entrants,
// leavers, spend (pounds in the month), their yearly sums (…_year), and
// for scenarios the paired difference from the baseline (…_diff).
type SeriesRow struct {
	Scenario string   `json:"scenario"`
	Date     string   `json:"date"`
	Measure  string   `json:"measure"`
	Scope    string   `json:"scope"`
	Value    Interval `json:"value"`
}

// GapRow is one scenario's sufficiency gap for a category and month.
type GapRow struct {
	Scenario string `json:"scenario"`
	Gap
}

// MarshalJSON writes an interval with named percentiles, and NaN as null.
func (iv Interval) MarshalJSON() ([]byte, error) {
	f := func(v float64) any {
		if math.IsNaN(v) {
			return nil
		}
		return math.Round(v*100) / 100
	}
	return json.Marshal(map[string]any{"mean": f(iv.Mean), "p2_5": f(iv.P2_5), "p10": f(iv.P10), "p50": f(iv.P50), "p90": f(iv.P90), "p97_5": f(iv.P97_5)})
}

// BuildReport summarises a projection. capacity may be nil.
func BuildReport(h *History, p *Projection, costs Costs, capacity *Capacity, skipped []string) *Report {
	f, sp := p.Fit, p.Fit.Space
	r := &Report{Years: h.Years, Skipped: skipped, AsOf: date(f.AsOf), WindowStart: date(f.WindowStart), WindowDays: f.WindowDays,
		Runs: p.Options.Runs, Seed: p.Options.Seed, Months: p.Options.Months, LeaveDrift: f.LeaveDrift, EntryDrift: f.EntryDrift,
		Handling: h.NoteCounts(), CostsSource: costs.Source, CostPerDay: costs.PerDayBy}
	r.Method = "stock-and-flow microsimulation by age band and placement category; daily rates of moving and leaving from exposure in the reference window; " +
		"entrants as a Poisson process by state; age bands change on birthdays and care ends on the 18th; "
	if p.Options.FixedRates {
		r.Method += "rates fixed at their point estimates (no parameter uncertainty, no drift)"
	} else {
		r.Method += "each run draws every rate from its gamma posterior (parameter uncertainty) and a year-to-year random walk in the leaving and entry rates (drift)"
	}
	perKind := map[string]int{}
	for _, n := range f.Notes {
		if perKind[n.Kind] < 3 {
			r.Examples = append(r.Examples, n)
		}
		perKind[n.Kind]++
	}
	start := make([]int, sp.NumStates())
	asOf := dayOf(f.AsOf)
	for _, m := range f.Stock {
		start[sp.State(sp.bandOfAge(ageOn(m.DOB, asOf)), m.Cat)]++
	}
	for s := range sp.NumStates() {
		moves := 0
		for _, n := range f.Moves[s] {
			moves += n
		}
		r.Rates = append(r.Rates, StateRate{State: sp.StateName(s), StartCount: start[s], ChildYears: f.Exposure[s] / 365.25,
			Leaves: f.Leaves[s], LeaveRate: f.LeaveRate(s) * 365.25, EntrantsPerYr: f.EntryRate(s) * 365.25,
			MovesOut: moves, MoveRatePerYr: ratio(float64(moves), f.Exposure[s]) * 365.25})
	}
	scopes := []Scope{All}
	for c := range sp.Categories {
		scopes = append(scopes, Scope{-1, c})
	}
	for b := range sp.Bands {
		scopes = append(scopes, Scope{b, -1})
	}
	for i, sc := range p.Scenarios {
		r.Scenarios = append(r.Scenarios, ScenarioInfo{Name: sc.Name, Changes: sc.String()})
		add := func(d time.Time, measure, scope string, iv Interval) {
			r.Series = append(r.Series, SeriesRow{Scenario: sc.Name, Date: date(d), Measure: measure, Scope: scope, Value: iv})
		}
		for m := range p.nm {
			for _, s := range scopes {
				runs := p.StockRuns(i, m, s)
				add(p.Months[m], "children", s.Name(sp), Summarise(append([]float64(nil), runs...)))
				if i > 0 && s.Band < 0 {
					add(p.Months[m], "children_diff", s.Name(sp), Diff(runs, p.StockRuns(0, m, s)))
				}
			}
			if m == 0 {
				continue
			}
			add(p.Months[m], "entrants", "all", Summarise(p.FlowRuns(i, m-1, m, false)))
			add(p.Months[m], "leavers", "all", Summarise(p.FlowRuns(i, m-1, m, true)))
			add(p.Months[m], "spend", "all", Summarise(p.SpendRuns(i, m-1, m, -1, costs)))
		}
		for to := 12; to <= p.nm-1; to += 12 {
			from := to - 12
			add(p.Months[to], "entrants_year", "all", Summarise(p.FlowRuns(i, from, to, false)))
			add(p.Months[to], "leavers_year", "all", Summarise(p.FlowRuns(i, from, to, true)))
			for c := -1; c < len(sp.Categories); c++ {
				name := "all"
				if c >= 0 {
					name = sp.Categories[c].Name
				}
				runs := p.SpendRuns(i, from, to, c, costs)
				add(p.Months[to], "spend_year", name, Summarise(append([]float64(nil), runs...)))
				if i > 0 {
					add(p.Months[to], "spend_year_diff", name, Diff(runs, p.SpendRuns(0, from, to, c, costs)))
				}
			}
		}
		if capacity != nil {
			r.CapacityFile = capacity.File
			for _, g := range p.Sufficiency(i, capacity) {
				r.Sufficiency = append(r.Sufficiency, GapRow{Scenario: sc.Name, Gap: g})
			}
		}
	}
	return r
}

func date(t time.Time) string { return t.Format("2006-01-02") }

// find returns a series value.
func (r *Report) find(scenario, d, measure, scope string) (Interval, bool) {
	for _, s := range r.Series {
		if s.Scenario == scenario && s.Date == d && s.Measure == measure && s.Scope == scope {
			return s.Value, true
		}
	}
	return Interval{}, false
}

// WriteCSV writes every series row, then the sufficiency rows, in one
// long table an analyst can pivot.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"scenario", "date", "measure", "scope", "mean", "p2_5", "p10", "p50", "p90", "p97_5", "places", "gap_p50", "gap_p90"})
	f := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	}
	for _, s := range r.Series {
		v := s.Value
		cw.Write([]string{s.Scenario, s.Date, s.Measure, s.Scope, f(v.Mean), f(v.P2_5), f(v.P10), f(v.P50), f(v.P90), f(v.P97_5), "", "", ""})
	}
	for _, g := range r.Sufficiency {
		v := g.Need
		cw.Write([]string{g.Scenario, date(g.Month), "need", g.Category, f(v.Mean), f(v.P2_5), f(v.P10), f(v.P50), f(v.P90), f(v.P97_5), f(g.Places), f(g.GapP50), f(g.GapP90)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the whole report.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for reading: inputs and their handling,
// rates, then the projection at each year end.
func (r *Report) WriteText(w io.Writer) error {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("Children in care: stock-and-flow forecast from the council's own SSDA903 returns\n\n")
	for _, y := range r.Years {
		how := "given"
		if y.Inferred {
			how = "from its dates"
		}
		p("  %s  %s to %s (%s), %s\n", y.Name, y.Start.Format("2 Jan 2006"), y.End.Format("2 Jan 2006"), how, y.File)
	}
	if len(r.Skipped) > 0 {
		p("  not needed: %s\n", strings.Join(r.Skipped, ", "))
	}
	p("\nAs of %s; rates from %s to %s (%d days); %d runs, seed %d, %d months ahead.\n", r.AsOf, r.WindowStart, r.AsOf, r.WindowDays, r.Runs, r.Seed, r.Months)
	p("Method: %s.\n", r.Method)
	p("Drift (sd of the yearly change in the log rate beyond chance): leaving %.2f, entry %.2f.\n", r.LeaveDrift, r.EntryDrift)
	if len(r.Handling) == 0 {
		p("\nRecords: no irregular histories.\n")
	} else {
		p("\nIrregular records and how they were handled:\n")
		for _, k := range r.Handling {
			p("  %4d  %s: %s\n", k.Count, k.Kind, k.Handling)
			for _, n := range r.Examples {
				if n.Kind != k.Kind {
					continue
				}
				loc := n.File
				if n.Line > 0 {
					loc += ":" + strconv.Itoa(n.Line)
				}
				if n.Field != "" {
					loc += " " + n.Field
				}
				p("          e.g. %s child %s %s\n", loc, n.Child, n.Msg)
			}
		}
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	p("\nFitted rates (per child-year in the state; entrants per year):\n")
	fmt.Fprintln(tw, "state\tin care at start\tchild-years\tleaving\tmoving\tentrants/yr\t")
	for _, s := range r.Rates {
		if s.ChildYears == 0 && s.StartCount == 0 && s.EntrantsPerYr == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.2f\t%.2f\t%.1f\t\n", s.State, s.StartCount, s.ChildYears, s.LeaveRate, s.MoveRatePerYr, s.EntrantsPerYr)
	}
	tw.Flush()
	p("\nCosts per day: ")
	var cs []string
	for k, v := range r.CostPerDay {
		cs = append(cs, fmt.Sprintf("%s £%g", k, v))
	}
	sort.Strings(cs)
	p("%s\n  (%s)\n", strings.Join(cs, ", "), r.CostsSource)
	var ends []string
	for _, s := range r.Series {
		if s.Scenario == "baseline" && s.Measure == "spend_year" && s.Scope == "all" {
			ends = append(ends, s.Date)
		}
	}
	iv := func(v Interval) string { return fmt.Sprintf("%.0f (%.0f–%.0f)", v.P50, v.P10, v.P90) }
	money := func(v Interval) string {
		return fmt.Sprintf("£%.1fm (%.1f–%.1f)", v.P50/1e6, v.P10/1e6, v.P90/1e6)
	}
	scopes := []string{"all"}
	for _, s := range r.Rates {
		if c := s.State[strings.Index(s.State, " ")+1:]; !slices.Contains(scopes, c) {
			scopes = append(scopes, c)
		}
	}
	for _, sc := range r.Scenarios {
		p("\n%s: %s\n", strings.ToUpper(sc.Name[:1])+sc.Name[1:], sc.Changes)
		p("  median (80%% interval); spend is in the year to the date\n")
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprint(tw, "  date\t")
		for _, s := range scopes {
			fmt.Fprintf(tw, "%s\t", s)
		}
		fmt.Fprintln(tw, "entrants\tleavers\tspend\t")
		dates := append([]string{r.AsOf}, ends...)
		for _, d := range dates {
			fmt.Fprintf(tw, "  %s\t", d)
			for _, s := range scopes {
				v, _ := r.find(sc.Name, d, "children", s)
				fmt.Fprintf(tw, "%s\t", iv(v))
			}
			if d == r.AsOf {
				fmt.Fprintln(tw, "\t\t\t")
				continue
			}
			e, _ := r.find(sc.Name, d, "entrants_year", "all")
			l, _ := r.find(sc.Name, d, "leavers_year", "all")
			m, _ := r.find(sc.Name, d, "spend_year", "all")
			fmt.Fprintf(tw, "%s\t%s\t%s\t\n", iv(e), iv(l), money(m))
		}
		if sc.Name != "baseline" {
			fmt.Fprint(tw, "  change\t")
			for range scopes {
				fmt.Fprint(tw, "\t")
			}
			fmt.Fprintln(tw, "\t\t\t")
			for _, d := range ends {
				fmt.Fprintf(tw, "  %s\t", d)
				for _, s := range scopes {
					v, _ := r.find(sc.Name, d, "children_diff", s)
					fmt.Fprintf(tw, "%+.0f (%+.0f to %+.0f)\t", v.P50, v.P10, v.P90)
				}
				m, _ := r.find(sc.Name, d, "spend_year_diff", "all")
				fmt.Fprintf(tw, "\t\t£%+.2fm (%+.2f to %+.2f)\t\n", m.P50/1e6, m.P10/1e6, m.P90/1e6)
			}
		}
		tw.Flush()
		if len(r.Sufficiency) > 0 {
			p("  Sufficiency against %s (need minus places; positive is a shortfall):\n", r.CapacityFile)
			tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "  date\tcategory\tplaces\tneed median (80%)\tgap at median\tgap at 90th\t")
			for _, g := range r.Sufficiency {
				if g.Scenario != sc.Name || !slices.Contains(ends, date(g.Month)) {
					continue
				}
				fmt.Fprintf(tw, "  %s\t%s\t%g\t%s\t%+.0f\t%+.0f\t\n", date(g.Month), g.Category, g.Places, iv(g.Need), g.GapP50, g.GapP90)
			}
			tw.Flush()
			for _, g := range r.Sufficiency {
				if g.Scenario == sc.Name && g.GapP90 > 0 {
					p("  First month short at the 90th percentile: %s, %s (%+.0f)\n", date(g.Month), g.Category, g.GapP90)
					break
				}
			}
		}
	}
	p("\nEvery month's figures, with 2.5 and 97.5 percentiles: --format csv or json.\n")
	return nil
}
