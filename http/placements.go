package http

import (
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/chart"
	"github.com/sightline-uk/sightline/forecast"
	"github.com/sightline-uk/sightline/ssda903"
)

// placementsRuns is how many simulated futures the page draws: enough for
// steady 2.5th and 97.5th percentiles, quick enough for a request.
const placementsRuns = 1000

// placementsForm is what the planning form asks, kept to fill it again.
type placementsForm struct {
	Months      int
	Places      map[string]string // places typed in, by category
	EntryChange string            // percent, e.g. -10
	Foster      string            // percent of residential entrants fostered instead
	StepDown    string            // multiplier of the residential-to-fostering rate
}

type placementsData struct {
	Form      placementsForm
	Err       string
	Report    *forecast.Report
	Scenario  string
	Charts    []namedChart
	YearEnds  []yearEndRow
	Spend     []yearEndRow
	Gaps      []gapSummary
	GapRows   []forecast.GapRow
	Handling  []forecast.KindCount
	Files     []string
	Cost      []costLine
	HasCapTab bool
}

type yearEndRow struct {
	Date               string
	Baseline, Scenario forecast.Interval
	Diff               forecast.Interval
	HasScenario        bool
}

type gapSummary struct {
	Category, Scenario string
	Places             float64
	FirstShort         string // first month need at the 90th percentile exceeds places
	WorstGap           float64
	WorstMonth         string
}

type namedChart struct {
	Title string
	Chart template.HTML
}

type costLine struct {
	Category string
	PerDay   float64
}

// placementsForm shows the planning form.
func (s *Server) placementsPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "placements", page{Title: "Plan placements", Nav: "forecast", Data: placementsData{Form: placementsForm{Months: 36}}})
}

// placementsUpload runs the record-level forecast on uploaded returns in
// memory: nothing is kept, as on the Check a return page.
func (s *Server) placementsUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	d := placementsData{Form: placementsForm{Months: 36}}
	fail := func(status int, msg string) {
		d.Err = msg
		s.render(w, r, status, "placements", page{Title: "Plan placements", Nav: "forecast", Data: d})
	}
	if err := r.ParseMultipartForm(maxUpload); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail(http.StatusRequestEntityTooLarge, "The files are larger than 64 MB.")
			return
		}
		fail(http.StatusBadRequest, "Choose the council's yearly returns to forecast from.")
		return
	}
	defer r.MultipartForm.RemoveAll()
	rep, err := s.runPlacements(r, &d)
	if err != nil {
		var ie *sightline.InputError
		status := http.StatusBadRequest
		if errors.As(err, &ie) {
			status = http.StatusUnprocessableEntity
		}
		fail(status, err.Error())
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	switch r.FormValue("format") {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="placements-forecast.csv"`)
		rep.WriteCSV(w)
		return
	case "json":
		writeJSON(w, http.StatusOK, rep)
		return
	}
	s.buildPlacementsView(&d, rep)
	s.render(w, r, http.StatusOK, "placements", page{Title: "Placements forecast", Nav: "forecast", Data: d})
}

// apiPlacements runs the record-level forecast on returns posted as a
// form, as the page does, and answers with the whole report.
func (s *Server) apiPlacements(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(maxUpload); err != nil {
		badRequest(w, "post the returns as multipart/form-data, field files")
		return
	}
	defer r.MultipartForm.RemoveAll()
	var d placementsData
	rep, err := s.runPlacements(r, &d)
	if err != nil {
		var ie *sightline.InputError
		if errors.As(err, &ie) {
			writeJSON(w, http.StatusUnprocessableEntity, apiError{err.Error()})
			return
		}
		badRequest(w, err.Error())
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, rep)
}

// runPlacements reads the form (returns, optional costs and capacity, the
// horizon and the scenario) and runs the forecast.
func (s *Server) runPlacements(r *http.Request, d *placementsData) (*forecast.Report, error) {
	files, err := uploaded(r, "files")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errors.New("Choose the council's yearly SSDA903 returns: the episodes and header tables of two years or more.")
	}
	for _, f := range files {
		d.Files = append(d.Files, f.Name)
	}
	space := forecast.DefaultStateSpace()
	plan := forecast.Plan{Space: space, WindowYears: forecast.DefaultWindowYears, Costs: forecast.DefaultCosts(),
		Options: forecast.Options{Months: 36, Runs: placementsRuns, Seed: 1}}
	if m, err := strconv.Atoi(r.FormValue("months")); err == nil && m >= 12 && m <= 60 {
		plan.Options.Months = m
	}
	d.Form.Months = plan.Options.Months
	if one, err := single(r, "costs"); err != nil {
		return nil, err
	} else if one != nil {
		if plan.Costs, err = forecast.ReadCosts(one.Name, one.Data, space); err != nil {
			return nil, err
		}
	}
	if one, err := single(r, "capacity"); err != nil {
		return nil, err
	} else if one != nil {
		if plan.Capacity, err = forecast.ReadCapacity(one.Name, one.Data, space); err != nil {
			return nil, err
		}
	} else {
		// Places typed into the form, read as the same CSV would be.
		d.Form.Places = map[string]string{}
		csv := "category,month,places\n"
		for _, c := range placeCategories {
			v := strings.TrimSpace(r.FormValue("places_" + c))
			d.Form.Places[c] = v
			if v != "" {
				csv += c + ",," + v + "\n"
			}
		}
		if strings.Count(csv, "\n") > 1 {
			if plan.Capacity, err = forecast.ReadCapacity("the places entered", []byte(csv), space); err != nil {
				return nil, err
			}
		}
	}
	// The scenario: each field left blank changes nothing.
	var changes []string
	d.Form.EntryChange, d.Form.Foster, d.Form.StepDown = strings.TrimSpace(r.FormValue("entry")), strings.TrimSpace(r.FormValue("foster")), strings.TrimSpace(r.FormValue("stepdown"))
	if v := d.Form.EntryChange; v != "" {
		changes = append(changes, "entry="+signed(v)+"%")
	}
	if v := d.Form.Foster; v != "" {
		changes = append(changes, "entrants:residential>fostering="+v+"%")
	}
	if v := d.Form.StepDown; v != "" {
		changes = append(changes, "rate:residential>fostering=x"+v)
	}
	if len(changes) > 0 {
		d.Scenario = "scenario"
		sc, err := forecast.ParseScenario("scenario="+strings.Join(changes, ","), space)
		if err != nil {
			return nil, fmt.Errorf("The scenario could not be read: %v", err)
		}
		plan.Scenarios = []forecast.Scenario{sc}
	}
	years, skipped, err := forecast.ReadYears(files)
	if err != nil {
		return nil, err
	}
	return forecast.Run(years, skipped, plan)
}

// placeCategories are the placement categories a council can enter places
// for on the form.
var placeCategories = []string{"fostering", "residential", "supported", "other"}

// single is the one file of an optional file input, or nil.
func single(r *http.Request, field string) (*ssda903.File, error) {
	fs, err := uploaded(r, field)
	if err != nil || len(fs) == 0 {
		return nil, err
	}
	return &fs[0], nil
}

// signed puts a plus on a bare positive percentage, as the scenario
// language wants a direction.
func signed(v string) string {
	if strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+") {
		return v
	}
	return "+" + v
}

// buildPlacementsView turns the report into the page's charts and tables.
func (s *Server) buildPlacementsView(d *placementsData, rep *forecast.Report) {
	d.Report, d.Handling = rep, rep.Handling
	type key struct{ scenario, measure, scope string }
	series := map[key][]forecast.SeriesRow{}
	for _, row := range rep.Series {
		k := key{row.Scenario, row.Measure, row.Scope}
		series[k] = append(series[k], row)
	}
	for k := range series {
		sort.Slice(series[k], func(i, j int) bool { return series[k][i].Date < series[k][j].Date })
	}
	label := func(date string) string {
		t, err := time.Parse("2006-01-02", date)
		if err != nil {
			return date
		}
		return t.Format("Jan 2006")
	}
	for _, scope := range []string{"all", "fostering", "residential", "supported", "other"} {
		base := series[key{"baseline", "children", scope}]
		if len(base) == 0 {
			continue
		}
		x := make([]string, len(base))
		mid := make([]chart.Point, len(base))
		l80, h80, l95, h95 := make([]chart.Point, len(base)), make([]chart.Point, len(base)), make([]chart.Point, len(base)), make([]chart.Point, len(base))
		for i, row := range base {
			x[i] = label(row.Date)
			v := row.Value
			mid[i] = chart.Point{X: x[i], Y: v.P50, OK: !math.IsNaN(v.P50)}
			l80[i], h80[i] = chart.Point{X: x[i], Y: v.P10, OK: !math.IsNaN(v.P10)}, chart.Point{X: x[i], Y: v.P90, OK: !math.IsNaN(v.P90)}
			l95[i], h95[i] = chart.Point{X: x[i], Y: v.P2_5, OK: !math.IsNaN(v.P2_5)}, chart.Point{X: x[i], Y: v.P97_5, OK: !math.IsNaN(v.P97_5)}
		}
		ss := []chart.Series{{Name: "Baseline", Role: chart.Primary, Points: mid}}
		if d.Scenario != "" {
			sc := series[key{d.Scenario, "children", scope}]
			pts := make([]chart.Point, len(base))
			for i := range pts {
				pts[i] = chart.Point{X: x[i]}
				if i < len(sc) {
					pts[i] = chart.Point{X: x[i], Y: sc[i].Value.P50, OK: !math.IsNaN(sc[i].Value.P50)}
				}
			}
			ss = append(ss, chart.Series{Name: "Scenario", Role: chart.Region, Points: pts})
		}
		title := "Children in care"
		if scope != "all" {
			title += ": " + scope
		}
		d.Charts = append(d.Charts, namedChart{Title: title, Chart: chart.Line(chart.LineOptions{ID: "pl-" + scope, Title: title + ", forecast by month",
			X: x, Width: 640, Height: 260, ZeroBased: true, Series: ss,
			Bands: []chart.Band{{Name: "95% interval", Lower: l95, Upper: h95}, {Name: "80% interval", Lower: l80, Upper: h80}}})})
	}
	yearEnds := func(measure string) []yearEndRow {
		var out []yearEndRow
		base := series[key{"baseline", measure, "all"}]
		for i, row := range base {
			if measure == "children" && (i == 0 || i%12 != 0) {
				continue
			}
			y := yearEndRow{Date: label(row.Date), Baseline: row.Value}
			if d.Scenario != "" {
				if sc := series[key{d.Scenario, measure, "all"}]; i < len(sc) {
					y.Scenario, y.HasScenario = sc[i].Value, true
				}
				if df := series[key{d.Scenario, measure + "_diff", "all"}]; len(df) > 0 {
					for _, r := range df {
						if r.Date == row.Date {
							y.Diff = r.Value
						}
					}
				}
			}
			out = append(out, y)
		}
		return out
	}
	d.YearEnds = yearEnds("children")
	d.Spend = yearEnds("spend_year")
	for _, c := range placeCategories {
		d.Cost = append(d.Cost, costLine{c, rep.CostPerDay[c]})
	}
	d.GapRows = rep.Sufficiency
	d.HasCapTab = len(rep.Sufficiency) > 0
	worst := map[[2]string]*gapSummary{}
	var order [][2]string
	for _, g := range rep.Sufficiency {
		k := [2]string{g.Scenario, g.Category}
		gs := worst[k]
		if gs == nil {
			gs = &gapSummary{Category: g.Category, Scenario: g.Scenario, Places: g.Places, WorstGap: math.Inf(-1)}
			worst[k] = gs
			order = append(order, k)
		}
		m := g.Month.Format("Jan 2006")
		if g.GapP90 > 0 && gs.FirstShort == "" {
			gs.FirstShort = m
		}
		if g.GapP90 > gs.WorstGap {
			gs.WorstGap, gs.WorstMonth, gs.Places = g.GapP90, m, g.Places
		}
	}
	for _, k := range order {
		d.Gaps = append(d.Gaps, *worst[k])
	}
}
