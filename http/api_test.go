package http_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	shttp "github.com/sightline-uk/sightline/http"
	"github.com/sightline-uk/sightline/indicators"
)

var openapiDoc struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// contract loads and validates the OpenAPI document once, and builds a
// router over it.
func contract(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	openapiDoc.once.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromData(shttp.OpenAPI())
		if err != nil {
			openapiDoc.err = fmt.Errorf("load: %w", err)
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			openapiDoc.err = fmt.Errorf("validate: %w", err)
			return
		}
		r, err := gorillamux.NewRouter(doc)
		if err != nil {
			openapiDoc.err = fmt.Errorf("router: %w", err)
			return
		}
		openapiDoc.doc, openapiDoc.router = doc, r
	})
	if openapiDoc.err != nil {
		t.Fatalf("OpenAPI document: %v", openapiDoc.err)
	}
	return openapiDoc.doc, openapiDoc.router
}

// exchange sends a GET to the test server and checks the request and the
// response against the OpenAPI document. It returns the route's path
// template and the response body.
func exchange(t *testing.T, path string, wantStatus int, wantRequestValid bool) (string, []byte) {
	t.Helper()
	_, router := contract(t)
	ctx := context.Background()
	req, err := http.NewRequest(http.MethodGet, fixture.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("GET %s: no operation in the OpenAPI document: %v", path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true}}
	err = openapi3filter.ValidateRequest(ctx, in)
	switch {
	case wantRequestValid && err != nil:
		t.Errorf("GET %s: request does not conform to the document: %v", path, err)
	case !wantRequestValid && err == nil:
		t.Errorf("GET %s: request conforms to the document, but the test expects the document to reject it", path)
	}
	resp, body := get(t, path)
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d; body: %.300s", path, resp.StatusCode, wantStatus, body)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true}}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Errorf("GET %s: %d response does not conform to the document:\n%v", path, resp.StatusCode, truncate(err.Error(), 3000))
	}
	return route.Path, body
}

// exchangePlacements posts the bundled multiyear returns to the
// placements forecast and checks request and response against the
// document; it reports whether it ran.
func exchangePlacements(t *testing.T) bool {
	t.Helper()
	_, router := contract(t)
	ctx := context.Background()
	paths, _ := filepath.Glob("../forecast/testdata/multiyear_2017_2021/*.csv")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("months", "12")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fw, _ := mw.CreateFormFile("files", filepath.Base(p))
		fw.Write(data)
	}
	mw.Close()
	payload := body.Bytes()
	req, _ := http.NewRequest(http.MethodPost, fixture.ts.URL+"/api/v1/placements", bytes.NewReader(payload))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	as(req, sightline.RoleCouncil)
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("POST /api/v1/placements: no operation in the OpenAPI document: %v", err)
	}
	// The document's security scheme must name the cookie the server reads.
	session := func(_ context.Context, ai *openapi3filter.AuthenticationInput) error {
		_, err := ai.RequestValidationInput.Request.Cookie(ai.SecurityScheme.Name)
		return err
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: session}}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		t.Errorf("POST /api/v1/placements: request does not conform: %v", err)
	}
	req2, _ := http.NewRequest(http.MethodPost, fixture.ts.URL+"/api/v1/placements", bytes.NewReader(payload))
	req2.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := noRedirect.Do(as(req2, sightline.RoleCouncil))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rb bytes.Buffer
	rb.ReadFrom(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("POST /api/v1/placements: %d %.300s", resp.StatusCode, rb.Bytes())
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true}}
	out.SetBodyBytes(rb.Bytes())
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Errorf("POST /api/v1/placements: response does not conform:\n%v", truncate(err.Error(), 3000))
	}
	return true
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode JSON: %v; body: %.300s", err, body)
	}
	return v
}

type apiCouncil struct {
	Code         string   `json:"code"`
	Name         string   `json:"name"`
	OldCode      string   `json:"old_la_code"`
	Current      bool     `json:"current"`
	Predecessors []string `json:"predecessors"`
	Successors   []string `json:"successors"`
}

type apiIndicator struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Unit     string `json:"unit"`
	Polarity string `json:"polarity"`
	Years    []int  `json:"years"`
}

type apiValue struct {
	Indicator string   `json:"indicator"`
	Area      string   `json:"area"`
	Year      int      `json:"year"`
	Period    string   `json:"period"`
	Value     *float64 `json:"value"`
	Symbol    *string  `json:"symbol"`
}

var onsCode = regexp.MustCompile(`^E[0-9]{8}$`)

// TestOpenAPIContract exercises every operation in the document with
// realistic requests and checks each request and response against it.
func TestOpenAPIContract(t *testing.T) {
	doc, _ := contract(t)
	symbolCouncil := symbolObservation(t).council
	cases := []struct {
		path         string
		status       int
		requestValid bool
	}{
		{"/api/v1/openapi.json", 200, true},
		{"/api/v1/councils", 200, true},
		{"/api/v1/councils?current=true", 200, true},
		{"/api/v1/councils?current=false", 200, true},
		{"/api/v1/councils/E08000025", 200, true},
		{"/api/v1/councils/E10000021", 200, true}, // a former council
		{"/api/v1/councils/E06000061", 200, true}, // its successor
		{"/api/v1/councils/E99999999", 404, true},
		{"/api/v1/councils/E09000001", 200, true}, // City of London: small, often suppressed or shared
		{"/api/v1/councils/E08000016", 200, true}, // Barnsley's old code
		{"/api/v1/indicators", 200, true},
		{"/api/v1/indicators/cla_rate", 200, true},
		{"/api/v1/indicators/no_such_indicator", 404, true},
		{"/api/v1/values?indicator=cla_rate&council=E92000001", 200, true},
		{"/api/v1/values?indicator=cla_rate&council=E92000001&format=json", 200, true},
		{"/api/v1/values?indicator=cla_rate&council=E92000001&format=csv", 200, true},
		{"/api/v1/values?indicator=cla_rate&council=E08000025&from=2022&to=2024", 200, true},
		{"/api/v1/values?indicator=cla_rate,cpp_rate&level=regional&year=2025", 200, true},
		{"/api/v1/values?council=" + symbolCouncil, 200, true},
		{"/api/v1/values?indicator=cla_rate", 200, true},
		{"/api/v1/values?council=E09000001,E06000053", 200, true}, // City of London, Isles of Scilly
		{"/api/v1/values?indicator=cla_rate&level=bogus", 400, true},
		{"/api/v1/values?indicator=no_such_indicator", 400, true},
		{"/api/v1/values?indicator=cla_rate&council=E99999999", 400, true},
		{"/api/v1/values", 400, true},
		{"/api/v1/values?indicator=cla_rate&year=last", 400, false},
		{"/api/v1/comparisons?indicator=rereferral_pct&council=E08000025", 200, true},
		{"/api/v1/comparisons?indicator=rereferral_pct&council=E08000025&format=csv", 200, true},
		{"/api/v1/comparisons?council=" + symbolCouncil, 200, true},
		{"/api/v1/comparisons?indicator=rereferral_pct&level=local+authority&year=2025", 200, true},
		{"/api/v1/comparisons?council=E09000001,E06000053", 200, true},
		{"/api/v1/comparisons?council=E10000021", 200, true}, // former Northamptonshire
		{"/api/v1/comparisons?indicator=no_such_indicator&council=E08000025", 400, true},
		{"/api/v1/comparisons?indicator=rereferral_pct&council=E99999999", 400, true},
		{"/api/v1/neighbours?council=E08000025", 200, true},
		{"/api/v1/neighbours?council=E08000025&model=2021", 200, true},
		{"/api/v1/neighbours?council=E08000025&model=2025", 200, true},
		{"/api/v1/neighbours?council=E99999999", 404, true},
		{"/api/v1/neighbours?council=E10000021", 200, true},
		{"/api/v1/neighbours?council=E09000001", 200, true},
		{"/api/v1/neighbours?council=E08000025&model=1999", 400, false},
		{"/api/v1/neighbours", 400, false},
		{"/api/v1/judgements", 200, true},
		{"/api/v1/judgements?council=E08000025", 200, true},
		{"/api/v1/judgements?council=E99999999", 404, true},
		{"/api/v1/datasets", 200, true},
		{"/api/v1/warnings", 200, true},
		{"/api/v1/warnings?council=E08000025&verdict=concern&kind=level", 200, true},
		{"/api/v1/warnings?verdict=maybe", 400, false},
		{"/api/v1/warnings?council=E99999999", 404, true},
		{"/api/v1/emerging", 200, true},
		{"/api/v1/risk", 200, true},
		{"/api/v1/risk?council=E08000025", 200, true},
		{"/api/v1/risk?council=E99999999", 404, true},
		{"/api/v1/support?council=E08000012&indicator=rereferral_pct", 200, true},
		{"/api/v1/forecast", 200, true},
		{"/api/v1/forecast?council=E08000025&measure=cla", 200, true},
		{"/api/v1/forecast?measure=everything", 400, false},
		{"/api/v1/forecast?council=E99999999", 404, true},
		{"/api/v1/support?council=E08000012&indicator=cin_rate", 404, true},
		{"/api/v1/support?council=E08000012", 400, false},
		{"/api/v1/support?council=E08000012&indicator=rereferral_pct&year=soon", 400, false},
	}
	covered := map[string]bool{"/api/v1/placements": exchangePlacements(t)}
	for _, c := range cases {
		t.Run(strings.TrimPrefix(c.path, "/api/v1/"), func(t *testing.T) {
			route, body := exchange(t, c.path, c.status, c.requestValid)
			covered[route] = true
			if c.status >= 400 {
				if e := decode[map[string]any](t, body); e["error"] == "" || e["error"] == nil {
					t.Errorf("error response without a message: %s", body)
				}
			}
		})
	}
	for _, p := range doc.Paths.InMatchingOrder() {
		if !covered[p] {
			t.Errorf("no test exercises %s", p)
		}
	}
}

// TestOpenAPIStableFields: the document promises these fields; removing one
// from the document (or the handler) breaks clients.
func TestOpenAPIStableFields(t *testing.T) {
	doc, _ := contract(t)
	for schema, fields := range map[string][]string{
		"Council":   {"code", "name"},
		"Indicator": {"id", "title", "unit", "polarity"},
		"Value":     {"year", "value", "symbol"},
	} {
		s := doc.Components.Schemas[schema]
		if s == nil || s.Value == nil {
			t.Errorf("schema %s missing", schema)
			continue
		}
		for _, f := range fields {
			if !slices.Contains(s.Value.Required, f) {
				t.Errorf("schema %s: %s is not required", schema, f)
			}
			if s.Value.Properties[f] == nil {
				t.Errorf("schema %s: no property %s", schema, f)
			}
		}
	}
	v := doc.Components.Schemas["Value"].Value
	if p := v.Properties["value"].Value; !p.Type.Is("number") || !p.Nullable {
		t.Errorf("Value.value must be a nullable number, is %v nullable=%v", p.Type, p.Nullable)
	}
	if p := v.Properties["symbol"].Value; !p.Type.Is("string") || !p.Nullable {
		t.Errorf("Value.symbol must be a nullable string, is %v nullable=%v", p.Type, p.Nullable)
	}
	_, body := get(t, "/api/v1/openapi.json")
	if !bytes.Equal(body, shttp.OpenAPI()) {
		t.Error("/api/v1/openapi.json does not serve the embedded document")
	}
}

func TestAPICouncils(t *testing.T) {
	_, body := exchange(t, "/api/v1/councils", 200, true)
	got := decode[struct{ Councils []apiCouncil }](t, body)
	if n := len(got.Councils); n < 150 {
		t.Fatalf("%d councils, want at least 150", n)
	}
	byCode := map[string]apiCouncil{}
	current := 0
	for _, c := range got.Councils {
		if len(c.Code) != 9 || !onsCode.MatchString(c.Code) {
			t.Errorf("council %q has code %q, not a nine-character ONS code", c.Name, c.Code)
		}
		if strings.TrimSpace(c.Name) == "" {
			t.Errorf("council %s has no name", c.Code)
		}
		if _, dup := byCode[c.Code]; dup {
			t.Errorf("council %s listed twice", c.Code)
		}
		byCode[c.Code] = c
		if c.Current {
			current++
		}
	}
	if current != 153 {
		t.Errorf("%d current councils, want 153", current)
	}
	if b := byCode["E08000025"]; b.Name != "Birmingham" || b.OldCode != "330" || !b.Current {
		t.Errorf("Birmingham: %+v", b)
	}
	n := byCode["E10000021"]
	if n.Name != "Northamptonshire" || n.Current || !slices.Equal(n.Successors, []string{"E06000061", "E06000062"}) {
		t.Errorf("Northamptonshire: %+v", n)
	}
	if nn := byCode["E06000061"]; !slices.Contains(nn.Predecessors, "E10000021") {
		t.Errorf("North Northamptonshire predecessors %v, want Northamptonshire", nn.Predecessors)
	}
	_, body = exchange(t, "/api/v1/councils?current=false", 200, true)
	for _, c := range decode[struct{ Councils []apiCouncil }](t, body).Councils {
		if c.Current {
			t.Errorf("current=false lists current council %s", c.Code)
		}
	}

	_, body = exchange(t, "/api/v1/councils/E08000025", 200, true)
	one := decode[struct {
		Council    apiCouncil
		Neighbours []sightline.Neighbour
		Judgements []sightline.Judgement
	}](t, body)
	if one.Council.Code != "E08000025" || one.Council.Name != "Birmingham" {
		t.Errorf("council: %+v", one.Council)
	}
	if len(one.Neighbours) != 10 {
		t.Errorf("Birmingham has %d neighbours, want 10", len(one.Neighbours))
	}
	if len(one.Judgements) == 0 {
		t.Error("Birmingham has no Ofsted judgements")
	}
}

func TestAPIIndicators(t *testing.T) {
	_, body := exchange(t, "/api/v1/indicators", 200, true)
	got := decode[struct{ Indicators []apiIndicator }](t, body)
	if len(got.Indicators) != len(indicators.Catalogue()) {
		t.Errorf("%d indicators, catalogue has %d", len(got.Indicators), len(indicators.Catalogue()))
	}
	for _, ind := range got.Indicators {
		if ind.ID == "" || ind.Title == "" || ind.Unit == "" || ind.Polarity == "" {
			t.Errorf("indicator with an empty stable field: %+v", ind)
		}
		if len(ind.Years) == 0 {
			t.Errorf("indicator %s has no years in the bundled snapshot", ind.ID)
		}
	}
	_, body = exchange(t, "/api/v1/indicators/cla_rate", 200, true)
	cla := decode[apiIndicator](t, body)
	if cla.ID != "cla_rate" || cla.Unit != "per 10,000" || cla.Polarity != "no judgement" || !slices.Contains(cla.Years, 2025) {
		t.Errorf("cla_rate: %+v", cla)
	}
}

func TestAPIValuesEngland(t *testing.T) {
	_, body := exchange(t, "/api/v1/values?indicator=cla_rate&council=E92000001", 200, true)
	got := decode[struct{ Values []apiValue }](t, body)
	var y2025 *apiValue
	for i, v := range got.Values {
		if v.Indicator != "cla_rate" || v.Area != sightline.EnglandCode {
			t.Errorf("asked for England's cla_rate, got %+v", v)
		}
		if v.Year == 2025 {
			y2025 = &got.Values[i]
		}
	}
	if y2025 == nil {
		t.Fatalf("no 2025 value in %s", body)
	}
	if y2025.Value == nil || *y2025.Value != 67 || y2025.Symbol != nil {
		t.Errorf("England cla_rate 2025 = %s, want value 67 with symbol null", fmtValue(*y2025))
	}
	if !strings.Contains(string(body), `"year":2025,"period":"2025","value":67,"symbol":null`) {
		t.Errorf("England 2025 is not serialised as value 67, symbol null: %s", body)
	}
}

func fmtValue(v apiValue) string {
	s := "value=null"
	if v.Value != nil {
		s = "value=" + strconv.FormatFloat(*v.Value, 'f', -1, 64)
	}
	if v.Symbol != nil {
		return s + " symbol=" + strconv.Quote(*v.Symbol)
	}
	return s + " symbol=null"
}

// TestAPIValueOrSymbol: every figure is a number or a symbol, never both
// and never neither.
func TestAPIValueOrSymbol(t *testing.T) {
	sym := symbolObservation(t)
	for _, p := range []string{"/api/v1/values?council=" + sym.council, "/api/v1/values?indicator=" + sym.ind.ID} {
		_, body := exchange(t, p, 200, true)
		got := decode[struct{ Values []apiValue }](t, body)
		symbols := 0
		for _, v := range got.Values {
			if (v.Value == nil) == (v.Symbol == nil) {
				t.Errorf("%s %s %d: %s: want exactly one of value and symbol", v.Indicator, v.Area, v.Year, fmtValue(v))
			}
			if v.Symbol != nil {
				symbols++
				if !sightline.IsSymbol(*v.Symbol) {
					t.Errorf("%s %s %d: unknown symbol %q", v.Indicator, v.Area, v.Year, *v.Symbol)
				}
			}
		}
		if symbols == 0 {
			t.Errorf("%s: no symbols, but %s has %q for %s in %d", p, sym.council, sym.symbol, sym.ind.ID, sym.year)
		}
	}
}

// symbolCell is a council's published figure that is a symbol, not a number.
type symbolCell struct {
	ind     *indicators.Indicator
	council string
	year    int
	period  string
	symbol  string
}

var symbolOnce struct {
	once sync.Once
	cell symbolCell
	err  error
}

// symbolObservation finds, in the bundled data as stored, a council's
// published value for an indicator that is a symbol — preferring "c"
// (suppressed), then any other — for a council and year the indicator table
// has. It reads the store directly, so it does not depend on the code under
// test to find it.
func symbolObservation(t *testing.T) symbolCell {
	t.Helper()
	symbolOnce.once.Do(func() {
		ctx := context.Background()
		reg := geography.Default()
		tab := fixture.srv.State().Table
		var found []symbolCell
		for _, ind := range indicators.Catalogue() {
			r := ind.Value
			if r == nil || ind.NationalOnly {
				continue
			}
			obs, err := fixture.store.Observations(ctx, sightline.ObservationQuery{Dataset: r.Dataset, Measures: []string{r.Measure}})
			if err != nil {
				symbolOnce.err = err
				return
			}
			type k struct {
				area string
				year int
			}
			matches := map[k][]sightline.Observation{}
			for _, o := range obs {
				if o.Level == sightline.LocalAuthority && sightline.Filters(o.Filters).Matches(r.Filters) {
					kk := k{reg.Canonical(o.Area), o.Year - r.YearOffset}
					matches[kk] = append(matches[kk], o)
				}
			}
			for kk, os := range matches {
				c := reg.Council(kk.area)
				if len(os) != 1 || os[0].Value.IsNumber() || c == nil || !c.Current || !slices.Contains(tab.Years(ind.ID), kk.year) {
					continue // one unambiguous published cell for a current council
				}
				found = append(found, symbolCell{ind: ind, council: kk.area, year: kk.year, period: tab.Period(ind.ID, kk.year), symbol: os[0].Value.Symbol})
			}
		}
		if len(found) == 0 {
			symbolOnce.err = fmt.Errorf("no council's published indicator value is a symbol in the bundled snapshot")
			return
		}
		rank := func(s string) int {
			switch s {
			case "c":
				return 0
			case "x":
				return 1
			}
			return 2
		}
		sort.Slice(found, func(i, j int) bool {
			a, b := found[i], found[j]
			if rank(a.symbol) != rank(b.symbol) {
				return rank(a.symbol) < rank(b.symbol)
			}
			if a.ind.ID != b.ind.ID {
				return a.ind.ID < b.ind.ID
			}
			if a.council != b.council {
				return a.council < b.council
			}
			return a.year < b.year
		})
		symbolOnce.cell = found[0]
	})
	if symbolOnce.err != nil {
		t.Fatal(symbolOnce.err)
	}
	return symbolOnce.cell
}

// TestSymbolRoundTrip follows one published symbol from the source file to
// the values API and both CSV downloads: it must arrive as the same symbol,
// never as 0 or a blank.
func TestSymbolRoundTrip(t *testing.T) {
	s := symbolObservation(t)
	t.Logf("published symbol %q: %s, %s, %s (%d)", s.symbol, s.ind.ID, s.council, s.period, s.year)

	_, body := exchange(t, fmt.Sprintf("/api/v1/values?indicator=%s&council=%s&year=%d", s.ind.ID, s.council, s.year), 200, true)
	vals := decode[struct{ Values []apiValue }](t, body).Values
	if len(vals) != 1 {
		t.Fatalf("values API: %d values, want 1: %s", len(vals), body)
	}
	if v := vals[0]; v.Value != nil || v.Symbol == nil || *v.Symbol != s.symbol {
		t.Errorf("values API: %s, want value=null symbol=%q", fmtValue(v), s.symbol)
	}

	for _, p := range []string{
		fmt.Sprintf("/api/v1/values?indicator=%s&council=%s&format=csv", s.ind.ID, s.council),
		fmt.Sprintf("/councils/%s/data?format=csv", s.council),
	} {
		resp, body := get(t, p)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("GET %s: %d %s", p, resp.StatusCode, resp.Header.Get("Content-Type"))
			continue
		}
		rows := csvRecords(t, body)
		var hits []map[string]string
		for _, r := range rows {
			if r["indicator_id"] == s.ind.ID && r["new_la_code"] == s.council && r["time_period"] == s.period {
				hits = append(hits, r)
			}
		}
		if len(hits) != 1 {
			t.Errorf("GET %s: %d rows for %s %s %s, want 1", p, len(hits), s.ind.ID, s.council, s.period)
			continue
		}
		if got := hits[0]["value"]; got != s.symbol {
			t.Errorf("GET %s: value column is %q, want the published symbol %q", p, got, s.symbol)
		}
	}
}

// csvRecords parses a CSV with a header into one map per row.
func csvRecords(t *testing.T, body []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("parse CSV: %v", err)
	}
	if len(recs) == 0 {
		t.Fatal("empty CSV")
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// TestAPIValuesCSVFilters: the CSV form of the values endpoint gives the
// areas asked for (with England for context), not every council.
func TestAPIValuesCSVFilters(t *testing.T) {
	for _, c := range []struct {
		query string
		want  map[string]bool // areas (new_la_code, or region or country code) allowed
		must  []string        // areas that must appear
	}{
		{"indicator=cla_rate&council=E92000001", map[string]bool{"E92000001": true}, []string{"E92000001"}},
		{"indicator=cla_rate&council=E12000005", map[string]bool{"E92000001": true, "E12000005": true}, []string{"E12000005"}},
		{"indicator=cla_rate&council=E08000025", map[string]bool{"E92000001": true, "E12000005": true, "E08000025": true}, []string{"E08000025"}},
	} {
		_, body := exchange(t, "/api/v1/values?"+c.query+"&format=csv", 200, true)
		seen := map[string]bool{}
		for _, r := range csvRecords(t, body) {
			area := r["new_la_code"]
			if area == "" {
				area = r["region_code"]
			}
			if area == "" {
				area = r["country_code"]
			}
			seen[area] = true
			if !c.want[area] {
				t.Errorf("%s: CSV has a row for %s (%s)", c.query, area, r["geographic_level"])
				break
			}
			if r["indicator_id"] != "cla_rate" {
				t.Errorf("%s: CSV has a row for %s", c.query, r["indicator_id"])
				break
			}
		}
		for _, m := range c.must {
			if !seen[m] {
				t.Errorf("%s: CSV has no row for %s", c.query, m)
			}
		}
	}
	// The same figure in JSON and CSV.
	_, body := exchange(t, "/api/v1/values?indicator=cla_rate&council=E92000001&year=2025&format=csv", 200, true)
	rows := csvRecords(t, body)
	if len(rows) != 1 || rows[0]["value"] != "67" || rows[0]["time_period"] != "2025" {
		t.Errorf("England cla_rate 2025 CSV: %d rows, want 1 with value 67; first: %v", len(rows), rows[:min(len(rows), 1)])
	}
}

func TestAPIComparisonsNeighboursJudgements(t *testing.T) {
	_, body := exchange(t, "/api/v1/comparisons?indicator=rereferral_pct&council=E08000025", 200, true)
	cmps := decode[struct {
		Comparisons []struct {
			Indicator, Council string
			Year               int
			Value              struct {
				Value  *float64
				Symbol *string
			}
			England struct{ Value *float64 }
			Ranked  int `json:"councils_ranked"`
		}
	}](t, body).Comparisons
	if len(cmps) < 5 {
		t.Fatalf("%d comparisons for Birmingham's re-referrals, want a series", len(cmps))
	}
	for _, c := range cmps {
		if c.Indicator != "rereferral_pct" || c.Council != "E08000025" {
			t.Errorf("comparison for %s %s", c.Indicator, c.Council)
		}
		if c.England.Value == nil || *c.England.Value <= 0 || *c.England.Value >= 100 {
			t.Errorf("%d: England re-referral rate %v", c.Year, c.England.Value)
		}
		if c.Ranked < 140 {
			t.Errorf("%d: %d councils ranked", c.Year, c.Ranked)
		}
	}

	_, body = exchange(t, "/api/v1/neighbours?council=E08000025", 200, true)
	nb := decode[struct {
		Council, Model string
		Neighbours     []struct {
			Neighbour string
			Rank      int
			Name      string `json:"neighbour_name"`
		}
	}](t, body)
	if nb.Council != "E08000025" || nb.Model != "2025" || len(nb.Neighbours) != 10 {
		t.Errorf("neighbours: council %s model %s, %d neighbours", nb.Council, nb.Model, len(nb.Neighbours))
	}
	for i, n := range nb.Neighbours {
		if n.Rank != i+1 || !onsCode.MatchString(n.Neighbour) || n.Name == "" || n.Name == n.Neighbour {
			t.Errorf("neighbour %d: %+v", i+1, n)
		}
	}

	_, body = exchange(t, "/api/v1/judgements?council=E08000025", 200, true)
	js := decode[struct{ Judgements []sightline.Judgement }](t, body).Judgements
	if len(js) == 0 {
		t.Fatal("no judgements for Birmingham")
	}
	for _, j := range js {
		if j.Council != "E08000025" || j.InspectionDate.IsZero() || j.Overall == "" {
			t.Errorf("judgement %+v", j)
		}
	}

	_, body = exchange(t, "/api/v1/datasets", 200, true)
	ds := decode[struct{ Datasets []sightline.Dataset }](t, body).Datasets
	if len(ds) < 20 {
		t.Errorf("%d datasets, want every bundled file", len(ds))
	}
}

// TestAPIErrors: errors are JSON with a message, with the documented status.
func TestAPIErrors(t *testing.T) {
	for path, want := range map[string]int{
		"/api/v1/values?indicator=no_such_indicator":                          400,
		"/api/v1/comparisons?indicator=no_such_indicator":                     400,
		"/api/v1/values?indicator=cla_rate&council=E99999999":                 400,
		"/api/v1/councils/E99999999":                                          404,
		"/api/v1/indicators/no_such_indicator":                                404,
		"/api/v1/neighbours?council=E99999999":                                404,
		"/api/v1/judgements?council=E99999999":                                404,
		"/api/v1/values?indicator=cla_rate&year=" + url.QueryEscape("twenty"): 400,
		"/api/v1/values?indicator=cla_rate&format=xlsx":                       400,
		"/api/v1/councils?current=maybe":                                      400,
		"/api/v1/no_such_endpoint":                                            404,
		"/api/v2/values":                                                      404,
	} {
		resp, body := get(t, path)
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
			continue
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
		if e := decode[struct{ Error string }](t, body); e.Error == "" {
			t.Errorf("GET %s: no error message: %s", path, body)
		}
	}
}

// TestAPINoDuplicateSeries: a council whose code changed (Barnsley
// E08000016 → E08000038) has one series, under its new code. Listing every
// council must not repeat that series under the old code.
func TestAPINoDuplicateSeries(t *testing.T) {
	reg := geography.Default()
	type areaYear struct {
		area string
		year int
	}
	check := func(what string, seen map[areaYear]int) {
		t.Helper()
		if len(seen) == 0 {
			t.Errorf("%s: nothing returned", what)
		}
		for k, n := range seen {
			if n > 1 {
				t.Errorf("%s: %s %d appears %d times", what, k.area, k.year, n)
			}
			if c := reg.Canonical(k.area); c != k.area {
				t.Errorf("%s: figure for %d under %s, whose series continues as %s", what, k.year, k.area, c)
			}
		}
	}
	for _, p := range []string{"/api/v1/values?indicator=cla_rate", "/api/v1/values?indicator=cla_rate&level=local+authority"} {
		_, body := exchange(t, p, 200, true)
		seen := map[areaYear]int{}
		for _, v := range decode[struct{ Values []apiValue }](t, body).Values {
			seen[areaYear{v.Area, v.Year}]++
		}
		check(p, seen)
	}
	for _, p := range []string{"/api/v1/comparisons?indicator=cla_rate", "/api/v1/comparisons?indicator=cla_rate&level=local+authority"} {
		_, body := exchange(t, p, 200, true)
		seen := map[areaYear]int{}
		for _, v := range decode[struct {
			Comparisons []struct {
				Council string
				Year    int
			}
		}](t, body).Comparisons {
			seen[areaYear{v.Council, v.Year}]++
		}
		check(p, seen)
	}
	for _, p := range []string{"/indicators/cla_rate/data?format=csv", "/api/v1/values?indicator=cla_rate&level=local+authority&format=csv"} {
		seen := map[areaYear]int{}
		for _, r := range csvRecords(t, getOK(t, p)) {
			if r["geographic_level"] == "Local authority" {
				y, _ := strconv.Atoi(r["time_period"])
				seen[areaYear{r["new_la_code"], y}]++
			}
		}
		check(p, seen)
	}
}

// TestAPICouncilAgreesWithEndpoints: a council's record carries the same
// neighbours and judgements as the neighbours and judgements endpoints give
// for the same code, including an old code whose series continues under a
// new one.
func TestAPICouncilAgreesWithEndpoints(t *testing.T) {
	for _, code := range []string{"E08000025", "E08000016", "E10000021", "E06000061"} {
		_, body := exchange(t, "/api/v1/councils/"+code, 200, true)
		one := decode[struct {
			Model      string `json:"neighbour_model"`
			Neighbours []sightline.Neighbour
			Judgements []sightline.Judgement
		}](t, body)
		_, body = exchange(t, "/api/v1/neighbours?council="+code, 200, true)
		nb := decode[struct {
			Model      string
			Neighbours []sightline.Neighbour
		}](t, body)
		_, body = exchange(t, "/api/v1/judgements?council="+code, 200, true)
		js := decode[struct{ Judgements []sightline.Judgement }](t, body)
		if one.Model != nb.Model || !slices.Equal(one.Neighbours, nb.Neighbours) {
			t.Errorf("%s: council record has %d neighbours (model %q), neighbours endpoint %d (model %q)", code, len(one.Neighbours), one.Model, len(nb.Neighbours), nb.Model)
		}
		if len(nb.Neighbours) == 0 {
			t.Errorf("%s: no statistical neighbours", code)
		}
		if !slices.EqualFunc(one.Judgements, js.Judgements, func(a, b sightline.Judgement) bool {
			return a.InspectionDate.Equal(b.InspectionDate) && a.Overall == b.Overall
		}) {
			t.Errorf("%s: council record has %d judgements, judgements endpoint %d", code, len(one.Judgements), len(js.Judgements))
		}
	}
}
