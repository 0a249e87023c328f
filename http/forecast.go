package http

import (
	"html/template"
	"math"
	"net/http"
	"sort"
	"strconv"

	"github.com/sightline-uk/sightline/chart"
	"github.com/sightline-uk/sightline/forecast/published"
)

// forecastYears is how far ahead the published forecasts go: as far as the
// backtest has checked.
const forecastYears = 3

// forecastState holds every current council's forecasts from published
// figures, by measure, with the backtest that chose each measure's model.
type forecastState struct {
	Measures []forecastMeasure
}

type forecastMeasure struct {
	published.Measure
	Model     published.Model
	Origin    int
	ByCouncil map[string][]published.Forecast
	Panel     *published.Panel
	Backtest  []published.Score // the shipped model's rows
}

// computeForecasts forecasts every council's published measures from the
// newest figures, with the model each measure's backtest chose.
func (s *Server) computeForecasts(st *State) *forecastState {
	fs := &forecastState{}
	for _, m := range published.Measures {
		p := published.Load(st.Table, s.Reg, m)
		model := published.ShippedModel(m)
		fc, err := published.Forecasts(p, model, p.Origin, forecastYears)
		if err != nil {
			s.Logger.Error("forecast", "measure", m.ID, "error", err)
			continue
		}
		fm := forecastMeasure{Measure: m, Model: model, Origin: p.Origin, ByCouncil: map[string][]published.Forecast{}, Panel: p}
		for _, f := range fc {
			fm.ByCouncil[f.Code] = append(fm.ByCouncil[f.Code], f)
		}
		fm.Backtest = published.Backtest(p, []published.Model{model}, forecastYears)
		fs.Measures = append(fs.Measures, fm)
	}
	return fs
}

// councilForecast is one measure's fan chart and figures on a council page.
type councilForecast struct {
	Title     string
	Chart     template.HTML
	Forecasts []published.Forecast
	Model     string
	Last      float64
	LastYear  int
}

// councilForecasts draws a council's fan charts: its published series, the
// forecast and its 80% and 95% intervals.
func councilForecasts(fs *forecastState, code string) []councilForecast {
	if fs == nil {
		return nil
	}
	var out []councilForecast
	for _, fm := range fs.Measures {
		fc := fm.ByCouncil[code]
		s := fm.Panel.Council(code)
		if len(fc) == 0 || s == nil {
			continue
		}
		years := s.Years()
		last := years[len(years)-1]
		for _, f := range fc {
			last = max(last, f.Target)
		}
		var x []string
		idx := map[int]int{}
		for y := years[0]; y <= last; y++ {
			idx[y] = len(x)
			x = append(x, strconv.Itoa(y))
		}
		blank := func() []chart.Point {
			ps := make([]chart.Point, len(x))
			for i := range ps {
				ps[i] = chart.Point{X: x[i]}
			}
			return ps
		}
		hist, mid, lo80, hi80, lo95, hi95 := blank(), blank(), blank(), blank(), blank(), blank()
		for _, y := range years {
			if v, ok := s.Count[y]; ok {
				hist[idx[y]] = chart.Point{X: x[idx[y]], Y: v, OK: true}
			}
		}
		// The forecast line starts at the last published figure, so it
		// joins the history.
		f0 := fc[0]
		mid[idx[f0.LastYear]] = chart.Point{X: strconv.Itoa(f0.LastYear), Y: f0.Last, OK: true}
		for _, b := range [][]chart.Point{lo80, hi80, lo95, hi95} {
			b[idx[f0.LastYear]] = chart.Point{X: strconv.Itoa(f0.LastYear), Y: f0.Last, OK: true}
		}
		for _, f := range fc {
			i := idx[f.Target]
			mid[i] = chart.Point{X: x[i], Y: f.Point, OK: true}
			if f.HasInterval {
				lo80[i], hi80[i] = chart.Point{X: x[i], Y: f.Lo80, OK: true}, chart.Point{X: x[i], Y: f.Hi80, OK: true}
				lo95[i], hi95[i] = chart.Point{X: x[i], Y: f.Lo95, OK: true}, chart.Point{X: x[i], Y: f.Hi95, OK: true}
			}
		}
		title := fm.Title
		out = append(out, councilForecast{Title: title, Forecasts: fc, Model: fm.Model.Description, Last: f0.Last, LastYear: f0.LastYear,
			Chart: chart.Line(chart.LineOptions{ID: "fc-" + fm.ID, Title: title + ": " + s.Name + ", published and forecast",
				X: x, Width: 480, Height: 240, ZeroBased: true,
				Series: []chart.Series{{Name: "Published", Role: chart.Primary, Points: hist}, {Name: "Forecast", Role: chart.England, Points: mid}},
				Bands:  []chart.Band{{Name: "95% interval", Lower: lo95, Upper: hi95}, {Name: "80% interval", Lower: lo80, Upper: hi80}}})})
	}
	return out
}

type forecastRow struct {
	Code, Name string
	Last       float64
	LastYear   int
	Next       published.Forecast
	Far        published.Forecast
	Change     float64 // percentage change from the last figure to the furthest forecast
}

type forecastPageData struct {
	Measures []forecastPageMeasure
}

type forecastPageMeasure struct {
	published.Measure
	Model    published.Model
	Origin   int
	Rows     []forecastRow
	Backtest []published.Score
}

// forecastPage lists every council's forecast of each published measure,
// with the method and its backtest.
func (s *Server) forecastPage(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	d := forecastPageData{}
	if st.Forecasts != nil {
		for _, fm := range st.Forecasts.Measures {
			pm := forecastPageMeasure{Measure: fm.Measure, Model: fm.Model, Origin: fm.Origin, Backtest: fm.Backtest}
			for code, fc := range fm.ByCouncil {
				c := s.Reg.Council(code)
				if c == nil || len(fc) == 0 {
					continue
				}
				row := forecastRow{Code: code, Name: c.Name, Last: fc[0].Last, LastYear: fc[0].LastYear, Next: fc[0], Far: fc[len(fc)-1]}
				if row.Last > 0 {
					row.Change = math.Round(1000*(row.Far.Point-row.Last)/row.Last) / 10
				}
				pm.Rows = append(pm.Rows, row)
			}
			sort.Slice(pm.Rows, func(i, j int) bool { return pm.Rows[i].Name < pm.Rows[j].Name })
			d.Measures = append(d.Measures, pm)
		}
	}
	s.render(w, r, http.StatusOK, "forecast", page{Title: "Forecasts of children looked after", Nav: "forecast", Data: d, Councils: st.Councils})
}

// forecastJSON is one forecast in the API.
type forecastJSON struct {
	Measure  string   `json:"measure"`
	Council  string   `json:"council"`
	Name     string   `json:"name"`
	Origin   int      `json:"as_of_year"`
	LastYear int      `json:"last_year"`
	Last     float64  `json:"last"`
	Year     int      `json:"year"`
	Horizon  int      `json:"horizon_years"`
	Forecast float64  `json:"forecast"`
	Lower80  *float64 `json:"lower80"`
	Upper80  *float64 `json:"upper80"`
	Lower95  *float64 `json:"lower95"`
	Upper95  *float64 `json:"upper95"`
}

// apiForecast gives councils' forecasts from published figures, with each
// measure's model and its backtest.
func (s *Server) apiForecast(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	q := r.URL.Query()
	code, measure := q.Get("council"), q.Get("measure")
	if code != "" {
		if s.Reg.Council(code) == nil {
			notFoundJSON(w, "no council with code "+code)
			return
		}
		code = s.Reg.Canonical(code)
	}
	if measure != "" && measure != published.LookedAfter.ID && measure != published.Starters.ID {
		badRequest(w, "measure must be "+published.LookedAfter.ID+" or "+published.Starters.ID)
		return
	}
	out := []forecastJSON{}
	models := []map[string]any{}
	if st.Forecasts != nil {
		for _, fm := range st.Forecasts.Measures {
			if measure != "" && fm.ID != measure {
				continue
			}
			bt := []map[string]any{}
			for _, sc := range fm.Backtest {
				bt = append(bt, map[string]any{"horizon_years": sc.Horizon, "forecasts": sc.N, "mape": num(sc.MAPE), "coverage80": num(sc.Coverage80), "coverage95": num(sc.Coverage95)})
			}
			models = append(models, map[string]any{"measure": fm.ID, "title": fm.Title, "model": fm.Model.Name, "description": fm.Model.Description, "backtest": bt})
			var codes []string
			if code != "" {
				codes = []string{code}
			} else {
				for c := range fm.ByCouncil {
					codes = append(codes, c)
				}
				sort.Strings(codes)
			}
			for _, c := range codes {
				for _, f := range fm.ByCouncil[c] {
					j := forecastJSON{Measure: fm.ID, Council: f.Code, Name: f.Name, Origin: f.Origin, LastYear: f.LastYear, Last: f.Last,
						Year: f.Target, Horizon: f.Horizon, Forecast: f.Point}
					if f.HasInterval {
						j.Lower80, j.Upper80, j.Lower95, j.Upper95 = num(f.Lo80), num(f.Hi80), num(f.Lo95), num(f.Hi95)
					}
					out = append(out, j)
				}
			}
		}
	}
	if code != "" && len(out) == 0 {
		notFoundJSON(w, "no forecast for "+code+": it has no published series")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"forecasts": out, "models": models})
}
