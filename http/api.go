package http

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/export"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/ssda903/beside"
)

//go:embed openapi.json
var openapiJSON []byte

// OpenAPI returns the API's OpenAPI 3 document.
func OpenAPI() []byte { return openapiJSON }

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Write(openapiJSON)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

type apiError struct {
	Error string `json:"error"`
}

func badRequest(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusBadRequest, apiError{msg})
}

func notFoundJSON(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusNotFound, apiError{msg})
}

func (s *Server) apiCouncils(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	out := []*sightline.Council{}
	current := r.URL.Query().Get("current")
	if current != "" && current != "true" && current != "false" {
		badRequest(w, "current must be true or false")
		return
	}
	for _, c := range st.Councils {
		if current == "true" && !c.Current || current == "false" && c.Current {
			continue
		}
		out = append(out, withEmptyLists(c))
	}
	writeJSON(w, http.StatusOK, map[string]any{"councils": out})
}

func withEmptyLists(c *sightline.Council) *sightline.Council {
	cp := *c
	if cp.Predecessors == nil {
		cp.Predecessors = []string{}
	}
	if cp.Successors == nil {
		cp.Successors = []string{}
	}
	return &cp
}

func (s *Server) apiCouncil(w http.ResponseWriter, r *http.Request) {
	c := s.Reg.Council(r.PathValue("code"))
	if c == nil {
		notFoundJSON(w, "no council with code "+r.PathValue("code"))
		return
	}
	// An old code's neighbours and judgements are kept under the code its
	// series continues as, as the neighbours and judgements endpoints read them.
	canon := s.Reg.Canonical(c.Code)
	nb, model := s.State().Table.Neighbours(canon)
	if nb == nil {
		nb = []sightline.Neighbour{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"council": withEmptyLists(c), "neighbour_model": model, "neighbours": nb,
		"judgements": nonNil(s.State().Judgements[canon]), "own": ownJSON(s.State().Own[canon])})
}

// OwnJSON is one figure a council computed from its own return, as the
// council page shows it: through disclosure control (beside.CompareFigures),
// beside the published figure.
type OwnJSON struct {
	ID            string              `json:"id"`
	Title         string              `json:"title"`
	Unit          string              `json:"unit"`
	Decimals      int                 `json:"decimals"`
	Year          int                 `json:"year"`
	Own           sightline.ValueJSON `json:"own"`
	Indicator     string              `json:"indicator"`
	Published     sightline.ValueJSON `json:"published"`
	PublishedArea string              `json:"published_area"`
	Note          string              `json:"note"`
}

func ownJSON(rows []beside.Row) []OwnJSON {
	out := make([]OwnJSON, 0, len(rows))
	for _, r := range rows {
		out = append(out, OwnJSON{ID: r.ID, Title: r.Title, Unit: string(r.Unit), Decimals: r.Decimals, Year: r.Year,
			Own: r.Own.JSON(), Indicator: r.Indicator, Published: r.Published.JSON(), PublishedArea: r.PublishedArea, Note: r.Note})
	}
	return out
}

func nonNil(js []sightline.Judgement) []sightline.Judgement {
	if js == nil {
		return []sightline.Judgement{}
	}
	return js
}

// IndicatorJSON is an indicator's metadata as the API gives it.
type IndicatorJSON struct {
	ID           string `json:"id"`
	Title        string `json:"title"`
	Area         string `json:"area"`
	Kind         string `json:"kind"`
	Unit         string `json:"unit"`
	Decimals     int    `json:"decimals"`
	Polarity     string `json:"polarity"`
	Definition   string `json:"definition"`
	Source       string `json:"source"`
	Numerator    string `json:"numerator"`
	Denominator  string `json:"denominator"`
	Funnel       bool   `json:"funnel"`
	NationalOnly bool   `json:"national_only"`
	Years        []int  `json:"years"`
}

func indicatorJSON(ind *indicators.Indicator, tab *indicators.Table) IndicatorJSON {
	ys := tab.Years(ind.ID)
	if ys == nil {
		ys = []int{}
	}
	return IndicatorJSON{ID: ind.ID, Title: ind.Title, Area: ind.Area, Kind: string(ind.Kind), Unit: string(ind.Unit), Decimals: ind.Decimals,
		Polarity: string(ind.Polarity), Definition: ind.Definition, Source: ind.Source(), Numerator: ind.NumeratorText,
		Denominator: ind.DenominatorText, Funnel: ind.Model != 0, NationalOnly: ind.NationalOnly, Years: ys}
}

func (s *Server) apiIndicators(w http.ResponseWriter, r *http.Request) {
	tab := s.State().Table
	out := []IndicatorJSON{}
	for _, ind := range indicators.Catalogue() {
		out = append(out, indicatorJSON(ind, tab))
	}
	writeJSON(w, http.StatusOK, map[string]any{"indicators": out})
}

func (s *Server) apiIndicator(w http.ResponseWriter, r *http.Request) {
	ind := indicators.ByID(r.PathValue("id"))
	if ind == nil {
		notFoundJSON(w, "no indicator with id "+r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, indicatorJSON(ind, s.State().Table))
}

// ValueJSON is one figure in the values endpoint.
type ValueJSON struct {
	Indicator string   `json:"indicator"`
	Area      string   `json:"area"`
	AreaName  string   `json:"area_name"`
	Level     string   `json:"level"`
	Year      int      `json:"year"`
	Period    string   `json:"period"`
	Value     *float64 `json:"value"`
	Symbol    *string  `json:"symbol"`
	Shared    *string  `json:"shared_with"`
}

// query is the parsed filter of the values and comparisons endpoints.
type query struct {
	inds     []*indicators.Indicator
	areas    []string
	from, to int
}

func (s *Server) parseQuery(r *http.Request, needIndicator bool) (*query, string) {
	q := &query{}
	v := r.URL.Query()
	if f := v.Get("format"); f != "" && f != "json" && f != "csv" {
		return nil, "format must be json or csv"
	}
	for _, id := range splitList(v["indicator"]) {
		ind := indicators.ByID(id)
		if ind == nil {
			return nil, "unknown indicator " + strconv.Quote(id) + "; see /api/v1/indicators"
		}
		q.inds = append(q.inds, ind)
	}
	if len(q.inds) == 0 {
		if needIndicator && len(v["council"]) == 0 {
			return nil, "give indicator=ID, council=CODE or both"
		}
		q.inds = indicators.Catalogue()
	}
	for _, c := range splitList(v["council"]) {
		if !s.knownArea(c) {
			return nil, "unknown council or area code " + strconv.Quote(c) + "; see /api/v1/councils"
		}
		q.areas = append(q.areas, s.Reg.Canonical(c))
	}
	switch strings.ToLower(v.Get("level")) {
	case "":
	case "national":
		q.areas = append(q.areas, sightline.EnglandCode)
	case "regional":
		q.areas = append(q.areas, geography.RegionCodes()...)
	case "local authority", "local_authority", "la":
		for _, c := range s.State().Councils {
			q.areas = append(q.areas, c.Code)
		}
	default:
		return nil, "level must be national, regional or local authority"
	}
	if len(q.areas) == 0 {
		q.areas = append(q.areas, sightline.EnglandCode)
		q.areas = append(q.areas, geography.RegionCodes()...)
		for _, c := range s.State().Councils {
			q.areas = append(q.areas, c.Code)
		}
	}
	q.areas = dedupe(q.areas)
	var err error
	if y := v.Get("year"); y != "" {
		if q.from, err = strconv.Atoi(y); err != nil {
			return nil, "year must be a year such as 2025"
		}
		q.to = q.from
	}
	if f := v.Get("from"); f != "" {
		if q.from, err = strconv.Atoi(f); err != nil {
			return nil, "from must be a year such as 2020"
		}
	}
	if t := v.Get("to"); t != "" {
		if q.to, err = strconv.Atoi(t); err != nil {
			return nil, "to must be a year such as 2025"
		}
	}
	return q, ""
}

func dedupe(codes []string) []string {
	seen := map[string]bool{}
	out := codes[:0]
	for _, c := range codes {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

func (q *query) yearOK(y int) bool {
	return (q.from == 0 || y >= q.from) && (q.to == 0 || y <= q.to)
}

func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func (s *Server) knownArea(code string) bool {
	if code == sightline.EnglandCode || s.Reg.Council(code) != nil {
		return true
	}
	return geography.RegionName(code) != ""
}

func (s *Server) areaName(code string) (name, level string) {
	if code == sightline.EnglandCode {
		return "England", "National"
	}
	if c := s.Reg.Council(code); c != nil {
		return c.Name, "Local authority"
	}
	if n := geography.RegionName(code); n != "" {
		return n, "Regional"
	}
	return code, ""
}

func (s *Server) apiValues(w http.ResponseWriter, r *http.Request) {
	q, msg := s.parseQuery(r, true)
	if q == nil {
		badRequest(w, msg)
		return
	}
	tab := s.State().Table
	if r.URL.Query().Get("format") == "csv" {
		s.writeTable(w, r, "values", s.comparisonTable(q), "csv")
		return
	}
	out := []ValueJSON{}
	for _, ind := range q.inds {
		for _, area := range q.areas {
			name, level := s.areaName(area)
			for _, y := range tab.Years(ind.ID) {
				if !q.yearOK(y) {
					continue
				}
				c, ok := tab.Cell(ind.ID, area, y)
				if !ok {
					continue
				}
				vj := c.Value.JSON()
				v := ValueJSON{Indicator: ind.ID, Area: area, AreaName: name, Level: level, Year: y, Period: tab.Period(ind.ID, y), Value: vj.Value, Symbol: vj.Symbol}
				if v.Value != nil {
					f := sightline.Round(*v.Value, ind.Decimals+2)
					v.Value = &f
				}
				if c.Shared != "" {
					sh := c.Shared
					v.Shared = &sh
				}
				out = append(out, v)
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"values": out})
}

func (s *Server) comparisonTable(q *query) *export.Table {
	// England always comes as context, with the region of each council asked for.
	sel := export.Selection{Indicators: q.inds, Context: true}
	for _, a := range q.areas {
		if s.Reg.Council(a) != nil {
			sel.Councils = append(sel.Councils, a)
		} else {
			sel.Areas = append(sel.Areas, a)
		}
	}
	if q.from != 0 || q.to != 0 {
		for y := 2000; y <= 2100; y++ {
			if q.yearOK(y) {
				sel.Years = append(sel.Years, y)
			}
		}
	}
	return export.Comparisons(s.State().Table, s.Reg, sel)
}

// ComparisonJSON is a council's figure beside its comparators.
type ComparisonJSON struct {
	Indicator       string                   `json:"indicator"`
	Council         string                   `json:"council"`
	CouncilName     string                   `json:"council_name"`
	Year            int                      `json:"year"`
	Period          string                   `json:"period"`
	Value           sightline.ValueJSON      `json:"value"`
	SharedWith      *string                  `json:"shared_with"`
	England         sightline.ValueJSON      `json:"england"`
	Region          sightline.ValueJSON      `json:"region"`
	RegionCode      string                   `json:"region_code"`
	NeighbourMean   sightline.ValueJSON      `json:"neighbour_mean"`
	NeighbourMedian sightline.ValueJSON      `json:"neighbour_median"`
	NeighboursUsed  int                      `json:"neighbours_used"`
	NeighbourModel  string                   `json:"neighbour_model"`
	Rank            *int                     `json:"rank"`
	Ranked          int                      `json:"councils_ranked"`
	Band            *string                  `json:"quartile_band"`
	Change          sightline.ValueJSON      `json:"change"`
	Significance    *indicators.Significance `json:"significance"`
}

func comparisonJSON(c *indicators.Comparison, name string) ComparisonJSON {
	out := ComparisonJSON{Indicator: c.Indicator, Council: c.Council, CouncilName: name, Year: c.Year, Period: c.Period,
		Value: c.Value.JSON(), England: c.England.JSON(), Region: c.Region.JSON(), RegionCode: c.RegionCode,
		NeighbourMean: c.NeighbourMean.JSON(), NeighbourMedian: c.NeighbourMedian.JSON(), NeighboursUsed: c.NeighbourCount,
		NeighbourModel: c.NeighbourModel, Ranked: c.Ranked, Change: c.Change.JSON()}
	if c.Shared != "" {
		sh := c.Shared
		out.SharedWith = &sh
	}
	if c.Rank > 0 {
		r := c.Rank
		out.Rank = &r
	}
	if c.Band != "" {
		b := c.Band
		out.Band = &b
	}
	if c.Significance.Direction != "" {
		sg := c.Significance
		out.Significance = &sg
	}
	return out
}

func (s *Server) apiComparisons(w http.ResponseWriter, r *http.Request) {
	q, msg := s.parseQuery(r, true)
	if q == nil {
		badRequest(w, msg)
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		s.writeTable(w, r, "comparisons", s.comparisonTable(q), "csv")
		return
	}
	tab := s.State().Table
	out := []ComparisonJSON{}
	for _, ind := range q.inds {
		for _, area := range q.areas {
			for _, y := range tab.Years(ind.ID) {
				if !q.yearOK(y) {
					continue
				}
				if c := tab.Compare(ind.ID, area, y); c != nil {
					name, _ := s.areaName(area)
					out = append(out, comparisonJSON(c, name))
				}
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"comparisons": out})
}

func (s *Server) apiNeighbours(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("council")
	if code == "" {
		badRequest(w, "give council=CODE")
		return
	}
	c := s.Reg.Council(code)
	if c == nil {
		notFoundJSON(w, "no council with code "+code)
		return
	}
	tab := s.State().Table
	model := r.URL.Query().Get("model")
	var nb []sightline.Neighbour
	switch model {
	case "":
		nb, model = tab.Neighbours(s.Reg.Canonical(code))
	case "2021", "2025":
		nb = tab.NeighboursIn(s.Reg.Canonical(code), model)
	default:
		badRequest(w, "model must be 2021 or 2025")
		return
	}
	type nj struct {
		sightline.Neighbour
		Name string `json:"neighbour_name"`
	}
	out := []nj{}
	for _, n := range nb {
		name, _ := s.areaName(n.Neighbour)
		out = append(out, nj{n, name})
	}
	writeJSON(w, http.StatusOK, map[string]any{"council": c.Code, "model": model, "neighbours": out})
}

func (s *Server) apiJudgements(w http.ResponseWriter, r *http.Request) {
	st := s.State()
	code := r.URL.Query().Get("council")
	out := []sightline.Judgement{}
	if code != "" {
		if s.Reg.Council(code) == nil {
			notFoundJSON(w, "no council with code "+code)
			return
		}
		out = append(out, st.Judgements[s.Reg.Canonical(code)]...)
	} else {
		for _, c := range st.Councils {
			out = append(out, st.Judgements[c.Code]...)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"judgements": out})
}

func (s *Server) apiDatasets(w http.ResponseWriter, r *http.Request) {
	ds := s.State().Datasets
	if ds == nil {
		ds = []sightline.Dataset{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"datasets": ds})
}
