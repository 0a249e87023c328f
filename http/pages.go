package http

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/chart"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/peers"
	"github.com/sightline-uk/sightline/risk"
	"github.com/sightline-uk/sightline/ssda903/beside"
	"github.com/sightline-uk/sightline/warning"
)

//go:embed templates/*.html
var templateFS embed.FS

type pages struct {
	t map[string]*template.Template
}

var funcs = template.FuncMap{
	"fmtv":        fmtValue,
	"period":      PeriodLabel,
	"change":      fmtChange,
	"bandText":    bandText,
	"sigText":     sigText,
	"sigClass":    sigClass,
	"pct":         func(a, b int) int { return a * 100 / max(b, 1) },
	"lower":       strings.ToLower,
	"urlquery":    url.QueryEscape,
	"ordinal":     ordinal,
	"gradeSlug":   func(g sightline.Grade) string { return strings.ToLower(strings.Fields(string(g) + " x")[0]) },
	"date":        func(t interface{ Format(string) string }) string { return t.Format("2 January 2006") },
	"swatch":      chart.Swatch,
	"roleEngland": func() chart.Role { return chart.England },
	"fmtUnit":     fmtUnit,
	"roleRegion":  func() chart.Role { return chart.Region },
	"roleNb":      func() chart.Role { return chart.Neighbours },
	"rolePrimary": func() chart.Role { return chart.Primary },
	"thousands":   func(n int) string { return chart.Format(float64(n), 0, "") },
	"inc":         func(n int) int { return n + 1 },
	"percent":     func(p float64) string { return chart.Format(100*p, 0, "%") },
	"fptr":        fmtPtr,
	"list":        func(v ...int) []int { return v },
	"sentence": func(s string) string {
		if s == "" {
			return s
		}
		return strings.ToUpper(s[:1]) + s[1:]
	},
	"supportable": func(id string) bool { ind := indicators.ByID(id); return ind != nil && peers.Judged(ind) },
	"fmtf":        func(v float64, dp int, unit string) string { return fmtPtr(&v, dp, unit) },
	"minus1":      func(n int) int { return n - 1 },
	"reasons":     func() []string { return reasons },
}

type navItem struct{ Key, Href, Label string }

var nav = []navItem{{"home", "/", "England"}, {"councils", "/councils", "Councils"}, {"indicators", "/indicators", "Indicators"},
	{"compare", "/compare", "Compare"}, {"emerging", "/emerging", "Emerging challenges"}, {"forecast", "/forecast", "Forecasts"}, {"validate", "/validate", "Check a return"}, {"link", "/link", "Link records"}, {"records", "/records", "Records"},
	{"partner", "/partner", "Look up a child"}, {"admin", "/admin/users", "Administration"}, {"data", "/data", "Data"}, {"api", "/api", "API"}}

func newPages() (*pages, error) {
	p := &pages{t: map[string]*template.Template{}}
	names, err := templateFS.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if n.Name() == "layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+n.Name())
		if err != nil {
			return nil, err
		}
		p.t[strings.TrimSuffix(n.Name(), ".html")] = t
	}
	return p, nil
}

// page is what every template receives.
type page struct {
	Title    string
	Nav      string
	Path     string
	Data     any
	Councils []*sightline.Council // for search suggestions
	// User is who is signed in (the public when nobody is); Menu the pages
	// their role may use.
	User sightline.User
	Menu []navItem
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	t := s.pages.t[name]
	if t == nil {
		http.Error(w, "no template "+name, http.StatusInternalServerError)
		return
	}
	p.Path = r.URL.Path
	p.User = userFrom(r)
	p.Menu = navFor(p.User, s.policy)
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		s.Logger.Error("render", "template", name, "error", err)
		http.Error(w, "Internal server error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if signedIn(p.User) && w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "private, no-store")
	} else if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "public, max-age=60")
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "notfound", page{Title: "Page not found"})
}

// PeriodLabel turns a published period into words: "2025" stays, "202425"
// becomes "2024/25".
func PeriodLabel(p string) string { return indicators.PeriodLabel(p) }

// fmtPtr formats a figure that may be missing (nil or NaN shows "x", the
// EES symbol for not available), in a unit given as text.
func fmtPtr(v *float64, dp int, unit string) string {
	if v == nil || math.IsNaN(*v) {
		return "x"
	}
	return chart.Format(*v, dp, unitSuffix(indicators.Unit(unit)))
}

func unitSuffix(u indicators.Unit) string {
	switch u {
	case indicators.Percent:
		return "%"
	case indicators.Months:
		return " months"
	}
	return ""
}

func fmtValue(v sightline.Value, ind *indicators.Indicator) string {
	if !v.IsNumber() {
		return v.Symbol
	}
	s := chart.Format(v.Num, ind.Decimals, "")
	if ind.Unit == indicators.Pounds {
		return "£" + s
	}
	return s + unitSuffix(ind.Unit)
}

// fmtUnit formats a value in a unit, for figures without an indicator
// declaration (a council's own return).
func fmtUnit(v sightline.Value, u indicators.Unit) string {
	if !v.IsNumber() {
		return v.Symbol
	}
	dp := 0
	if u == indicators.Months && v.Num != float64(int(v.Num)) {
		dp = 1
	}
	s := chart.Format(v.Num, dp, "")
	if u == indicators.Pounds {
		return "£" + s
	}
	return s + unitSuffix(u)
}

func fmtChange(v sightline.Value, ind *indicators.Indicator) string {
	if !v.IsNumber() {
		return "–"
	}
	if v.Num == 0 {
		return "no change"
	}
	sign := "+"
	if v.Num < 0 {
		sign = "−"
	}
	unit := unitSuffix(ind.Unit)
	if ind.Unit == indicators.Percent {
		unit = " pts"
	}
	return sign + chart.Format(math.Abs(v.Num), ind.Decimals, "") + unit
}

func bandText(b string) string {
	switch b {
	case "A":
		return "A: top quartile"
	case "B":
		return "B: second quartile"
	case "C":
		return "C: third quartile"
	case "D":
		return "D: bottom quartile"
	}
	return ""
}

func sigText(s indicators.Significance) string {
	switch s.Direction {
	case "higher":
		return "Higher than England (" + s.Level + ")"
	case "lower":
		return "Lower than England (" + s.Level + ")"
	case "similar":
		return "Similar to England"
	}
	return ""
}

// sigClass colours a significance tag: better or worse where the indicator
// has a polarity, higher or lower where it has none.
func sigClass(s indicators.Significance, ind *indicators.Indicator) string {
	switch {
	case s.Direction == "similar":
		return "sl-sig sl-sig--similar"
	case s.Direction == "" || ind.Polarity == indicators.NoJudgement:
		return "sl-sig sl-sig--" + s.Direction
	case (s.Direction == "higher") == (ind.Polarity == indicators.HighIsGood):
		return "sl-sig sl-sig--better"
	}
	return "sl-sig sl-sig--worse"
}

func ordinal(n int) string {
	suf := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suf = "st"
		case 2:
			suf = "nd"
		case 3:
			suf = "rd"
		}
	}
	return strconv.Itoa(n) + suf
}

// ---- Home

type homeIndicator struct {
	Ind    *indicators.Indicator
	Year   int
	Period string
	Value  sightline.Value
	Change sightline.Value
	Spark  template.HTML
}

type homeArea struct {
	Name       string
	Indicators []homeIndicator
}

type homeData struct {
	Areas     []homeArea
	Headline  []homeIndicator
	Grades    []gradeCount
	Inspected int
	Councils  int
}

type gradeCount struct {
	Grade sightline.Grade
	N     int
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	tab := st.Table
	d := homeData{}
	for _, area := range indicators.Areas {
		ha := homeArea{Name: area}
		for _, ind := range indicators.Catalogue() {
			if ind.Area != area {
				continue
			}
			y := tab.Latest(ind.ID)
			if y == 0 {
				continue
			}
			hi := homeIndicator{Ind: ind, Year: y, Period: tab.Period(ind.ID, y), Change: sightline.Missing}
			c, _ := tab.Cell(ind.ID, sightline.EnglandCode, y)
			hi.Value = c.Value
			if p, ok := tab.Cell(ind.ID, sightline.EnglandCode, y-1); ok && p.Value.IsNumber() && c.Value.IsNumber() {
				hi.Change = sightline.Number(sightline.Round(c.Value.Num-p.Value.Num, ind.Decimals))
			}
			var x []string
			var eng []chart.Point
			for _, yy := range tab.Years(ind.ID) {
				x = append(x, PeriodLabel(tab.Period(ind.ID, yy)))
				eng = append(eng, point(tab, ind.ID, sightline.EnglandCode, yy))
			}
			hi.Spark = chart.Sparkline("sp-"+ind.ID, x, eng, nil)
			ha.Indicators = append(ha.Indicators, hi)
			switch ind.ID {
			case "cla_rate", "cin_rate", "cpp_rate", "rereferral_pct", "sw_turnover_pct", "care_leavers_eet_pct":
				// The card draws its own sparkline: the table's has the same
				// element ids, which must be unique on the page.
				card := hi
				card.Spark = chart.Sparkline("card-"+ind.ID, x, eng, nil)
				d.Headline = append(d.Headline, card)
			}
		}
		d.Areas = append(d.Areas, ha)
	}
	counts := map[sightline.Grade]int{}
	for _, c := range st.Councils {
		if js := st.Judgements[c.Code]; len(js) > 0 && c.Current {
			counts[js[len(js)-1].Overall]++
			d.Inspected++
		}
		if c.Current {
			d.Councils++
		}
	}
	for _, g := range []sightline.Grade{sightline.Outstanding, sightline.Good, sightline.RequiresImprovement, sightline.Inadequate} {
		d.Grades = append(d.Grades, gradeCount{g, counts[g]})
	}
	s.render(w, r, http.StatusOK, "home", page{Title: "Children's social care in England, council by council", Nav: "home", Data: d, Councils: st.Councils})
}

func point(tab *indicators.Table, ind, area string, y int) chart.Point {
	c, ok := tab.Cell(ind, area, y)
	p := chart.Point{X: PeriodLabel(tab.Period(ind, y))}
	if !ok {
		p.Note = "no figure"
		return p
	}
	if !c.Value.IsNumber() {
		p.Note = c.Value.Symbol + ": " + sightline.Symbols[c.Value.Symbol]
		return p
	}
	p.Y, p.OK = c.Value.Num, true
	return p
}

// ---- Councils

func (s *Server) councilList(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	type group struct {
		Region   string
		Councils []*sightline.Council
	}
	var current, former []*sightline.Council
	for _, c := range st.Councils {
		if q != "" && !matchCouncil(c, q) {
			continue
		}
		if c.Current {
			current = append(current, c)
		} else {
			former = append(former, c)
		}
	}
	byRegion := map[string][]*sightline.Council{}
	for _, c := range current {
		byRegion[c.RegionName] = append(byRegion[c.RegionName], c)
	}
	var groups []group
	for _, rn := range geography.Regions[:9] {
		name := rn.Name
		if name == "London" {
			for _, c := range current {
				if c.RegionCode == "E13000001" || c.RegionCode == "E13000002" {
					byRegion["London"] = append(byRegion["London"], c)
				}
			}
		}
		if len(byRegion[name]) > 0 {
			groups = append(groups, group{name, byRegion[name]})
		}
	}
	data := map[string]any{"Q": q, "Groups": groups, "Former": former, "N": len(current)}
	s.render(w, r, http.StatusOK, "councils", page{Title: "Councils", Nav: "councils", Data: data, Councils: st.Councils})
}

func matchCouncil(c *sightline.Council, q string) bool {
	q = strings.ToLower(q)
	return strings.Contains(strings.ToLower(c.Name), q) || strings.EqualFold(c.Code, q) || c.OldCode == q
}

type councilIndicator struct {
	Ind   *indicators.Indicator
	Cmp   *indicators.Comparison
	Chart template.HTML
	Years int
}

type councilArea struct {
	Name       string
	Indicators []councilIndicator
}

type councilData struct {
	Council      *sightline.Council
	Predecessors []*sightline.Council
	Successors   []*sightline.Council
	Areas        []councilArea
	Judgements   []sightline.Judgement
	Latest       *sightline.Judgement
	Neighbours   []neighbourView
	Model        string
	Bands        map[string]int
	Sig          map[string]int
	RegionName   string
	Own          []beside.Row
	// Warnings: the council's concerns and strengths in its latest
	// figures, and its place in the ranking of emerging challenges (0 when
	// it has no concern).
	Concerns, Strengths []warning.Warning
	Rank, Ranked        int
	// Risk of an inadequate judgement at the next inspection, with the
	// method and why it was chosen; nil for a council no longer current.
	Risk                   *risk.Score
	RiskRank, RiskOf       int
	RiskMethod, RiskReason string
	RiskDescribe, RiskAsOf string
	// Forecasts are fan charts of the council's published children
	// looked after and starters, projected.
	Forecasts []councilForecast
}

type neighbourView struct {
	sightline.Neighbour
	Name string
}

func (s *Server) councilPage(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	c := s.Reg.Council(code)
	if c == nil {
		s.notFound(w, r)
		return
	}
	if canon := s.Reg.Canonical(code); canon != code {
		http.Redirect(w, r, "/councils/"+canon, http.StatusMovedPermanently)
		return
	}
	st := s.State()
	tab := st.Table
	d := councilData{Council: c, Judgements: st.Judgements[c.Code], Bands: map[string]int{}, Sig: map[string]int{}}
	for _, p := range c.Predecessors {
		d.Predecessors = append(d.Predecessors, s.Reg.Council(p))
	}
	for _, p := range c.Successors {
		d.Successors = append(d.Successors, s.Reg.Council(p))
	}
	if n := len(d.Judgements); n > 0 {
		d.Latest = &d.Judgements[n-1]
	}
	nb, model := tab.Neighbours(c.Code)
	d.Model = model
	for _, n := range nb {
		name, _ := s.areaName(n.Neighbour)
		d.Neighbours = append(d.Neighbours, neighbourView{n, name})
	}
	d.RegionName = c.RegionName
	d.Own = st.Own[c.Code]
	d.Concerns, d.Strengths, d.Rank, d.Ranked = councilWarnings(st.Warnings, c.Code)
	d.Forecasts = councilForecasts(st.Forecasts, c.Code)
	if rs := st.Risk; rs != nil {
		if sc, ok := rs.ByCouncil[c.Code]; ok {
			d.Risk, d.RiskRank, d.RiskOf = &sc, rs.Rank[c.Code], len(rs.Result.Scores)
			d.RiskMethod, d.RiskReason, d.RiskDescribe = string(rs.Result.Method), rs.Result.Reason, rs.Result.Describe
			d.RiskAsOf = rs.Result.AsOf.Format("2 January 2006")
		}
	}
	for _, area := range indicators.Areas {
		ca := councilArea{Name: area}
		for _, ind := range indicators.Catalogue() {
			if ind.Area != area || ind.NationalOnly {
				continue
			}
			years := tab.Years(ind.ID)
			var latest *indicators.Comparison
			for i := len(years) - 1; i >= 0 && latest == nil; i-- {
				latest = tab.Compare(ind.ID, c.Code, years[i])
			}
			if latest == nil {
				continue
			}
			if latest.Band != "" {
				d.Bands[latest.Band]++
			}
			if latest.Significance.Direction != "" {
				d.Sig[latest.Significance.Direction]++
			}
			ca.Indicators = append(ca.Indicators, councilIndicator{Ind: ind, Cmp: latest, Years: len(years),
				Chart: s.trendChart(tab, ind, c, years)})
		}
		if len(ca.Indicators) > 0 {
			d.Areas = append(d.Areas, ca)
		}
	}
	s.render(w, r, http.StatusOK, "council", page{Title: c.Name, Nav: "councils", Data: d, Councils: st.Councils})
}

// trendChart draws a council's series against England, its region and its
// statistical neighbours' median.
func (s *Server) trendChart(tab *indicators.Table, ind *indicators.Indicator, c *sightline.Council, years []int) template.HTML {
	x := make([]string, len(years))
	var own, eng, reg, nbm []chart.Point
	for i, y := range years {
		x[i] = PeriodLabel(tab.Period(ind.ID, y))
		own = append(own, point(tab, ind.ID, c.Code, y))
		eng = append(eng, point(tab, ind.ID, sightline.EnglandCode, y))
		reg = append(reg, point(tab, ind.ID, c.RegionCode, y))
		p := chart.Point{X: x[i], Note: "no figure"}
		if cmp := tab.Compare(ind.ID, c.Code, y); cmp != nil && cmp.NeighbourMedian.IsNumber() {
			p = chart.Point{X: x[i], Y: cmp.NeighbourMedian.Num, OK: true}
		}
		nbm = append(nbm, p)
	}
	return chart.Line(chart.LineOptions{
		ID: "trend-" + ind.ID, Title: ind.Title + ": " + c.Name + " against England, " + c.RegionName + " and statistical neighbours",
		Desc: trendDesc(ind, c.Name, x, own),
		X:    x, Unit: unitSuffix(ind.Unit), Decimals: ind.Decimals, Width: 480, Height: 240,
		Series: []chart.Series{
			{Name: c.Name, Points: own, Role: chart.Primary},
			{Name: "England", Points: eng, Role: chart.England},
			{Name: c.RegionName, Points: reg, Role: chart.Region},
			{Name: "Neighbours", Points: nbm, Role: chart.Neighbours},
		},
	})
}

func trendDesc(ind *indicators.Indicator, name string, x []string, pts []chart.Point) string {
	var first, last *chart.Point
	for i := range pts {
		if pts[i].OK {
			if first == nil {
				first = &pts[i]
			}
			last = &pts[i]
		}
	}
	if first == nil {
		return "No figures for " + name + "."
	}
	u := unitSuffix(ind.Unit)
	return fmt.Sprintf("%s: %s in %s, %s in %s.", name, chart.Format(first.Y, ind.Decimals, u), first.X, chart.Format(last.Y, ind.Decimals, u), last.X)
}

// ---- Indicators

func (s *Server) indicatorList(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	type row struct {
		Ind    *indicators.Indicator
		Latest string
		Value  sightline.Value
		Years  string
	}
	type group struct {
		Name string
		Rows []row
	}
	var groups []group
	for _, a := range indicators.Areas {
		g := group{Name: a}
		for _, ind := range indicators.Catalogue() {
			if ind.Area != a {
				continue
			}
			ys := st.Table.Years(ind.ID)
			rw := row{Ind: ind, Value: sightline.Missing}
			if len(ys) > 0 {
				y := ys[len(ys)-1]
				rw.Latest = PeriodLabel(st.Table.Period(ind.ID, y))
				rw.Years = PeriodLabel(st.Table.Period(ind.ID, ys[0])) + " to " + rw.Latest
				if c, ok := st.Table.Cell(ind.ID, sightline.EnglandCode, y); ok {
					rw.Value = c.Value
				}
			}
			g.Rows = append(g.Rows, rw)
		}
		groups = append(groups, g)
	}
	s.render(w, r, http.StatusOK, "indicators", page{Title: "Indicators", Nav: "indicators", Data: groups, Councils: st.Councils})
}

type rankedRow struct {
	Council *sightline.Council
	Cmp     *indicators.Comparison
	Cell    indicators.Cell
	Chosen  bool
}

type indicatorData struct {
	Ind       *indicators.Indicator
	Year      int
	Period    string
	Years     []yearOption
	England   sightline.Value
	Rows      []rankedRow
	Unranked  []rankedRow
	Funnel    template.HTML
	Dist      template.HTML
	Trend     template.HTML
	Chosen    *sightline.Council
	Quartiles [3]float64
	HasQ      bool
	QText     string
}

type yearOption struct {
	Year     int
	Label    string
	Selected bool
}

func (s *Server) indicatorPage(w http.ResponseWriter, r *http.Request) {
	ind := indicators.ByID(r.PathValue("id"))
	if ind == nil {
		s.notFound(w, r)
		return
	}
	st := s.State()
	tab := st.Table
	years := tab.Years(ind.ID)
	d := indicatorData{Ind: ind, Year: tab.Latest(ind.ID)}
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil {
		for _, yy := range years {
			if yy == y {
				d.Year = y
			}
		}
	}
	if c := r.URL.Query().Get("council"); c != "" {
		d.Chosen = s.Reg.Council(s.Reg.Canonical(c))
	}
	d.Period = tab.Period(ind.ID, d.Year)
	for i := len(years) - 1; i >= 0; i-- {
		d.Years = append(d.Years, yearOption{years[i], PeriodLabel(tab.Period(ind.ID, years[i])), years[i] == d.Year})
	}
	if c, ok := tab.Cell(ind.ID, sightline.EnglandCode, d.Year); ok {
		d.England = c.Value
	} else {
		d.England = sightline.Missing
	}
	d.Quartiles, d.HasQ = tab.Quartiles(ind.ID, d.Year)
	if d.HasQ {
		d.QText = quartileText(d.Quartiles, ind)
	}
	for _, c := range st.Councils {
		cmp := tab.Compare(ind.ID, c.Code, d.Year)
		if cmp == nil {
			continue
		}
		cell, _ := tab.Cell(ind.ID, c.Code, d.Year)
		row := rankedRow{Council: c, Cmp: cmp, Cell: cell, Chosen: d.Chosen != nil && d.Chosen.Code == c.Code}
		if cmp.Rank > 0 {
			d.Rows = append(d.Rows, row)
		} else {
			d.Unranked = append(d.Unranked, row)
		}
	}
	sort.SliceStable(d.Rows, func(i, j int) bool {
		if d.Rows[i].Cmp.Rank != d.Rows[j].Cmp.Rank {
			return d.Rows[i].Cmp.Rank < d.Rows[j].Cmp.Rank
		}
		return d.Rows[i].Council.Name < d.Rows[j].Council.Name
	})
	d.Trend = s.englandTrend(tab, ind, years)
	if !ind.NationalOnly {
		d.Funnel = s.funnel(tab, ind, d)
		d.Dist = s.distribution(ind, d)
	}
	s.render(w, r, http.StatusOK, "indicator", page{Title: ind.Title, Nav: "indicators", Data: d, Councils: st.Councils})
}

func (s *Server) englandTrend(tab *indicators.Table, ind *indicators.Indicator, years []int) template.HTML {
	x := make([]string, len(years))
	var eng []chart.Point
	for i, y := range years {
		x[i] = PeriodLabel(tab.Period(ind.ID, y))
		eng = append(eng, point(tab, ind.ID, sightline.EnglandCode, y))
	}
	series := []chart.Series{{Name: "England", Points: eng, Role: chart.England}}
	return chart.Line(chart.LineOptions{ID: "trend-england", Title: ind.Title + ": England", Desc: trendDesc(ind, "England", x, eng),
		X: x, Series: series, Unit: unitSuffix(ind.Unit), Decimals: ind.Decimals, Height: 260})
}

func (s *Server) funnel(tab *indicators.Table, ind *indicators.Indicator, d indicatorData) template.HTML {
	centre := tab.EnglandRate(ind, d.Year)
	if math.IsNaN(centre) {
		return ""
	}
	var pts []chart.FunnelPoint
	maxN := 0.0
	for _, row := range append(append([]rankedRow{}, d.Rows...), d.Unranked...) {
		if !row.Cell.HasCounts || row.Cmp.Shared != "" {
			continue
		}
		out := ""
		if row.Cmp.Significance.Direction == "higher" || row.Cmp.Significance.Direction == "lower" {
			out = strings.TrimSuffix(row.Cmp.Significance.Level, "%")
		}
		pts = append(pts, chart.FunnelPoint{Label: row.Council.Name, Href: "/councils/" + row.Council.Code,
			X: row.Cell.Den, Y: row.Cell.Num / row.Cell.Den * ind.Scale, Highlight: row.Chosen, Outside: out})
		maxN = math.Max(maxN, row.Cell.Den)
	}
	if len(pts) == 0 {
		return ""
	}
	var u95, l95, u998, l998 chart.Curve
	for i := 1; i <= 60; i++ {
		n := maxN * 1.05 * float64(i) / 60
		a, b, c, e, _ := tab.Limits(ind, d.Year, n)
		l95.Points = append(l95.Points, [2]float64{n, a})
		u95.Points = append(u95.Points, [2]float64{n, b})
		l998.Points = append(l998.Points, [2]float64{n, c})
		u998.Points = append(u998.Points, [2]float64{n, e})
	}
	return chart.Funnel(chart.FunnelOptions{ID: "funnel", Title: ind.Title + ", " + PeriodLabel(d.Period) + ": funnel plot against England",
		Desc:   "Each dot is a council: across, its " + ind.DenominatorText + "; up, its figure. Dots outside the curves differ from England by more than chance and the usual spread between councils would explain (95% and 99.8% limits, widened for over-dispersion).",
		XLabel: strings.ToUpper(ind.DenominatorText[:1]) + ind.DenominatorText[1:], YLabel: ind.Title, Unit: unitSuffix(ind.Unit), Decimals: ind.Decimals,
		Centre: centre, Points: pts, Upper95: u95, Lower95: l95, Upper998: u998, Lower998: l998, Height: 420})
}

func (s *Server) distribution(ind *indicators.Indicator, d indicatorData) template.HTML {
	var pts []chart.DistPoint
	for _, row := range d.Rows {
		if row.Cmp.Shared != "" || !row.Cmp.Value.IsNumber() {
			continue
		}
		pts = append(pts, chart.DistPoint{Label: row.Council.Name, Href: "/councils/" + row.Council.Code, Value: row.Cmp.Value.Num, Highlight: row.Chosen})
	}
	if len(pts) == 0 {
		return ""
	}
	o := chart.DistOptions{ID: "dist", Title: ind.Title + ", " + PeriodLabel(d.Period) + ": all councils", Desc: "Each dot is a council's figure; the line is England's.",
		Unit: unitSuffix(ind.Unit), Decimals: ind.Decimals, Points: pts}
	if d.England.IsNumber() {
		e := d.England.Num
		o.England = &e
	}
	if d.HasQ {
		o.Quartiles = d.Quartiles[:]
		o.BandLabels = []string{"A", "B", "C", "D"}
		if ind.Polarity == indicators.HighIsGood {
			o.BandLabels = []string{"D", "C", "B", "A"}
		}
	}
	return chart.Distribution(o)
}

// ---- Compare

type compareData struct {
	All    []*sightline.Council
	Chosen []*sightline.Council
	Slots  []string
	Groups []compareGroup
	Rows   []compareRow
	Charts []titledChart
	// Download is the data URL for the current choice, without format.
	Download string
	Year     string
}

type titledChart struct {
	Ind   *indicators.Indicator
	Chart template.HTML
}

type compareGroup struct {
	Name  string
	Items []compareItem
}

type compareItem struct {
	Ind     *indicators.Indicator
	Checked bool
}

type compareRow struct {
	Ind    *indicators.Indicator
	Period string
	Cells  []*indicators.Comparison
	Eng    sightline.Value
}

func (s *Server) compareSelection(r *http.Request) ([]*sightline.Council, []*indicators.Indicator) {
	var councils []*sightline.Council
	seen := map[string]bool{}
	for _, c := range splitList(r.URL.Query()["council"]) {
		if co := s.Reg.Council(s.Reg.Canonical(c)); co != nil && !seen[co.Code] {
			seen[co.Code] = true
			councils = append(councils, co)
		}
	}
	var inds []*indicators.Indicator
	for _, id := range splitList(r.URL.Query()["indicator"]) {
		if ind := indicators.ByID(id); ind != nil && !ind.NationalOnly {
			inds = append(inds, ind)
		}
	}
	return councils, inds
}

func (s *Server) comparePage(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	tab := st.Table
	councils, inds := s.compareSelection(r)
	d := compareData{All: st.Councils, Chosen: councils}
	// Built here, not from the raw query in the template, where html/template
	// would escape its & and = and break the link.
	dl := url.Values{}
	for _, c := range councils {
		dl.Add("council", c.Code)
	}
	for _, ind := range inds {
		dl.Add("indicator", ind.ID)
	}
	d.Download = "/compare/data?" + dl.Encode()
	for i := 0; i < 6; i++ {
		v := ""
		if i < len(councils) {
			v = councils[i].Code
		}
		d.Slots = append(d.Slots, v)
	}
	chosen := map[string]bool{}
	for _, ind := range inds {
		chosen[ind.ID] = true
	}
	for _, a := range indicators.Areas {
		g := compareGroup{Name: a}
		for _, ind := range indicators.Catalogue() {
			if ind.Area == a && !ind.NationalOnly {
				g.Items = append(g.Items, compareItem{ind, chosen[ind.ID]})
			}
		}
		d.Groups = append(d.Groups, g)
	}
	roles := []chart.Role{chart.Primary, chart.Region, chart.Neighbours, chart.Other, chart.Other, chart.Other}
	for _, ind := range inds {
		y := tab.Latest(ind.ID)
		row := compareRow{Ind: ind, Period: tab.Period(ind.ID, y), Eng: sightline.Missing}
		if e, ok := tab.Cell(ind.ID, sightline.EnglandCode, y); ok {
			row.Eng = e.Value
		}
		for _, c := range councils {
			row.Cells = append(row.Cells, tab.Compare(ind.ID, c.Code, y))
		}
		d.Rows = append(d.Rows, row)
		if len(councils) > 0 {
			years := tab.Years(ind.ID)
			x := make([]string, len(years))
			for i, y := range years {
				x[i] = PeriodLabel(tab.Period(ind.ID, y))
			}
			var series []chart.Series
			for i, c := range councils {
				var pts []chart.Point
				for _, y := range years {
					pts = append(pts, point(tab, ind.ID, c.Code, y))
				}
				series = append(series, chart.Series{Name: c.Name, Points: pts, Role: roles[i%len(roles)]})
			}
			var eng []chart.Point
			for _, y := range years {
				eng = append(eng, point(tab, ind.ID, sightline.EnglandCode, y))
			}
			series = append(series, chart.Series{Name: "England", Points: eng, Role: chart.England})
			d.Charts = append(d.Charts, titledChart{ind, chart.Line(chart.LineOptions{ID: "cmp-" + ind.ID, Title: ind.Title, Desc: "Chosen councils against England.",
				X: x, Series: series, Unit: unitSuffix(ind.Unit), Decimals: ind.Decimals, Width: 560, Height: 280})})
		}
	}
	s.render(w, r, http.StatusOK, "compare", page{Title: "Compare councils", Nav: "compare", Data: d, Councils: st.Councils})
}

// ---- Search

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var councils []*sightline.Council
	var inds []*indicators.Indicator
	if c := s.Reg.Council(strings.ToUpper(q)); c != nil {
		// An exact ONS code, including one a council has since replaced.
		http.Redirect(w, r, "/councils/"+s.Reg.Canonical(c.Code), http.StatusSeeOther)
		return
	}
	if q != "" {
		for _, c := range st.Councils {
			if matchCouncil(c, q) {
				councils = append(councils, c)
			}
		}
		lq := strings.ToLower(q)
		for _, ind := range indicators.Catalogue() {
			if strings.Contains(strings.ToLower(ind.Title), lq) || ind.ID == lq {
				inds = append(inds, ind)
			}
		}
		if len(councils) == 1 && len(inds) == 0 {
			http.Redirect(w, r, "/councils/"+councils[0].Code, http.StatusSeeOther)
			return
		}
		for _, c := range councils {
			if strings.EqualFold(c.Name, q) && len(inds) == 0 {
				http.Redirect(w, r, "/councils/"+c.Code, http.StatusSeeOther)
				return
			}
		}
	}
	data := map[string]any{"Q": q, "Councils": councils, "Indicators": inds}
	s.render(w, r, http.StatusOK, "search", page{Title: "Search", Data: data, Councils: st.Councils})
}

// ---- Data and API pages

func (s *Server) dataPage(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	s.render(w, r, http.StatusOK, "data", page{Title: "Data sources", Nav: "data", Data: map[string]any{"Datasets": st.Datasets, "Symbols": symbolList(), "LoadedAt": st.LoadedAt}, Councils: st.Councils})
}

func symbolList() [][2]string {
	var out [][2]string
	for _, s := range []string{"c", "x", "z", "low", "k", "~", ":", "u"} {
		out = append(out, [2]string{s, sightline.Symbols[s]})
	}
	return out
}

func (s *Server) apiPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "api", page{Title: "API", Nav: "api", Councils: s.State().Councils})
}

// quartileText says where a band's cut points lie, for the indicator page.
func quartileText(q [3]float64, ind *indicators.Indicator) string {
	return fmt.Sprintf("%s, %s and %s", chart.Format(q[0], ind.Decimals+1, ""), chart.Format(q[1], ind.Decimals+1, ""), chart.Format(q[2], ind.Decimals+1, ""))
}
