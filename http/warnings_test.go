package http_test

import (
	"bytes"
	"encoding/json"
	"github.com/sightline-uk/sightline"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type warningJSON struct {
	Council   string  `json:"council"`
	Indicator string  `json:"indicator"`
	Kind      string  `json:"kind"`
	Verdict   string  `json:"verdict"`
	Words     string  `json:"words"`
	Weight    float64 `json:"weight"`
}

type emergingJSON struct {
	Councils []struct {
		Council  string  `json:"council"`
		Name     string  `json:"name"`
		Region   string  `json:"region"`
		Score    float64 `json:"score"`
		Concerns int     `json:"concerns"`
	} `json:"councils"`
}

// The ranking API, the warnings API and the emerging challenges page agree
// with each other, and a council's page shows its own concerns.
func TestEmergingChallenges(t *testing.T) {
	_, body := exchange(t, "/api/v1/emerging", 200, true)
	var rank emergingJSON
	if err := json.Unmarshal(body, &rank); err != nil {
		t.Fatal(err)
	}
	if len(rank.Councils) < 140 {
		t.Fatalf("%d councils ranked", len(rank.Councils))
	}
	for i := 1; i < len(rank.Councils); i++ {
		if rank.Councils[i].Score > rank.Councils[i-1].Score {
			t.Fatalf("ranking not by score at %d", i)
		}
	}
	top := rank.Councils[0]
	if top.Concerns == 0 || top.Score <= 0 {
		t.Fatalf("the top council has no concern: %+v", top)
	}

	_, body = exchange(t, "/api/v1/warnings?council="+top.Council+"&verdict=concern", 200, true)
	var ws struct{ Warnings []warningJSON }
	if err := json.Unmarshal(body, &ws); err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, w := range ws.Warnings {
		if w.Council != top.Council || w.Verdict != "concern" || w.Words == "" {
			t.Errorf("filtered warning %+v", w)
		}
		sum += w.Weight
	}
	if len(ws.Warnings) != top.Concerns || sum != top.Score {
		t.Errorf("%s: %d concerns weighing %v in the warnings, %d and %v in the ranking", top.Name, len(ws.Warnings), sum, top.Concerns, top.Score)
	}
	_, body = exchange(t, "/api/v1/warnings?kind=trend&verdict=strength", 200, true)
	if err := json.Unmarshal(body, &ws); err != nil {
		t.Fatal(err)
	}
	for _, w := range ws.Warnings {
		if w.Kind != "trend" || w.Verdict != "strength" || w.Weight != 0 {
			t.Fatalf("kind and verdict filter: %+v", w)
		}
	}
	exchange(t, "/api/v1/warnings?council=E99999999", 404, true)

	doc := page(t, "/emerging", 200, "Emerging challenges")
	main := mainText(doc)
	if !strings.Contains(main, top.Name) || !strings.Contains(main, ws0(t, top.Council)) {
		t.Errorf("the page lacks the top council %s or its first concern", top.Name)
	}
	if n := strings.Count(string(getOK(t, "/emerging")), "<svg"); n < 20 {
		t.Errorf("only %d charts on the emerging challenges page", n)
	}
	// A region's page lists only its councils.
	region := top.Region
	doc = page(t, "/emerging?region="+regionCode(t, top.Council), 200, "Emerging challenges")
	for _, c := range rank.Councils {
		if c.Concerns > 0 && c.Region != region && strings.Contains(mainText(doc), ">"+c.Name+"<") {
			t.Errorf("%s (%s) listed under %s", c.Name, c.Region, region)
		}
	}
	// The council's page shows its concerns with the same words.
	cdoc := page(t, "/councils/"+top.Council, 200, top.Name)
	if !strings.Contains(mainText(cdoc), ws0(t, top.Council)) || !strings.Contains(mainText(cdoc), "1st of") {
		t.Errorf("%s's page lacks its first concern or its rank", top.Name)
	}
}

// ws0 is the words of a council's heaviest concern.
func ws0(t *testing.T, code string) string {
	t.Helper()
	_, body := exchange(t, "/api/v1/warnings?council="+code+"&verdict=concern", 200, true)
	var ws struct{ Warnings []warningJSON }
	if err := json.Unmarshal(body, &ws); err != nil || len(ws.Warnings) == 0 {
		t.Fatalf("no concerns for %s: %v", code, err)
	}
	return ws.Warnings[0].Words
}

func regionCode(t *testing.T, code string) string {
	t.Helper()
	_, body := exchange(t, "/api/v1/councils/"+code, 200, true)
	var c struct {
		RegionCode string `json:"region_code"`
	}
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	return c.RegionCode
}

// Every current council has a risk in [0, 1] with the method and why, the
// backtest rows are there, and a council's page shows its own score.
func TestRisk(t *testing.T) {
	_, body := exchange(t, "/api/v1/risk", 200, true)
	var r struct {
		Method, Reason string
		Scores         []struct {
			Code string  `json:"la_code"`
			Name string  `json:"la_name"`
			Risk float64 `json:"risk"`
		}
		Backtest []struct {
			Method, Origin string
		}
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	if r.Method == "" || r.Reason == "" || len(r.Scores) < 140 {
		t.Fatalf("method %q, reason %q, %d scores", r.Method, r.Reason, len(r.Scores))
	}
	for _, sc := range r.Scores {
		if sc.Risk < 0 || sc.Risk > 1 || len(sc.Code) != 9 {
			t.Errorf("score %+v", sc)
		}
	}
	pooled := 0
	for _, row := range r.Backtest {
		if row.Origin == "pooled" {
			pooled++
		}
	}
	if pooled != 3 {
		t.Errorf("%d pooled backtest rows, want the model and two baselines", pooled)
	}
	top := r.Scores[0]
	doc := page(t, "/councils/"+top.Code, 200, top.Name)
	if !strings.Contains(mainText(doc), "Risk of an inadequate judgement at the next inspection") || !strings.Contains(mainText(doc), "1st highest of") {
		t.Errorf("%s's page lacks its risk", top.Name)
	}
}

// The improvement brief page and its API and Excel download agree, and a
// concern on the council page links to it.
func TestSupport(t *testing.T) {
	_, body := exchange(t, "/api/v1/support?council=E08000012&indicator=rereferral_pct", 200, true)
	var b struct {
		Council struct{ Name string }
		Peers   []struct {
			Code, Name string
		}
		Candidates int
		Evidence   []string
		Framework  struct{ Enablers []string }
	}
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatal(err)
	}
	if b.Council.Name != "Liverpool" || len(b.Peers) == 0 || b.Candidates < len(b.Peers) || len(b.Evidence) == 0 || len(b.Framework.Enablers) == 0 {
		t.Fatalf("brief %+v", b)
	}
	doc := page(t, "/councils/E08000012/support/rereferral_pct", 200, "Improvement brief: Re-referrals within 12 months")
	main := mainText(doc)
	for _, p := range b.Peers {
		if !strings.Contains(main, p.Name) {
			t.Errorf("the brief page lacks peer %s", p.Name)
		}
	}
	if !strings.Contains(main, "national framework") || !strings.Contains(main, b.Framework.Enablers[0]) {
		t.Error("the brief page lacks the framework's enablers")
	}
	resp, x := get(t, "/councils/E08000012/support/rereferral_pct?format=xlsx")
	if resp.StatusCode != 200 || !strings.HasPrefix(string(x), "PK") {
		t.Errorf("xlsx brief: %d", resp.StatusCode)
	}
	// An indicator with no better or worse has no brief.
	if resp, _ := get(t, "/councils/E08000012/support/cin_rate"); resp.StatusCode != 404 {
		t.Errorf("brief for cin_rate: %d", resp.StatusCode)
	}
	// A council page's concerns link to their briefs.
	if !strings.Contains(string(getOK(t, "/councils/E08000012")), "/councils/E08000012/support/") {
		t.Error("Liverpool's page links to no improvement brief")
	}
}

// Each council's forecast is in the API with intervals around it, on the
// forecasts page, and as fan charts on its own page.
func TestForecasts(t *testing.T) {
	_, body := exchange(t, "/api/v1/forecast?council=E08000025", 200, true)
	var r struct {
		Forecasts []struct {
			Measure          string
			Year, Horizon    int
			Forecast         float64
			Lower80, Upper80 *float64
			Lower95, Upper95 *float64
		}
		Models []struct{ Measure, Model string }
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Models) != 2 || len(r.Forecasts) != 6 {
		t.Fatalf("%d models, %d forecasts for Birmingham, want 2 and 6", len(r.Models), len(r.Forecasts))
	}
	for _, f := range r.Forecasts {
		if f.Lower80 == nil || f.Lower95 == nil || !(*f.Lower95 <= *f.Lower80 && *f.Lower80 <= f.Forecast && f.Forecast <= *f.Upper80 && *f.Upper80 <= *f.Upper95) {
			t.Errorf("%s %d: intervals not nested around %v", f.Measure, f.Year, f.Forecast)
		}
	}
	doc := page(t, "/forecast", 200, "Forecasts of children looked after")
	if !strings.Contains(mainText(doc), "Birmingham") || !strings.Contains(mainText(doc), r.Models[0].Model) {
		t.Error("the forecasts page lacks Birmingham or the model")
	}
	body = getOK(t, "/councils/E08000025")
	if !strings.Contains(string(body), `id="forecast"`) || !strings.Contains(string(body), `class="fb"`) {
		t.Error("Birmingham's page has no fan chart")
	}
}

// The placements page forecasts from uploaded yearly returns in memory,
// with fan charts, a scenario beside the baseline, costs and the gap
// against places; the API gives the same report as JSON.
func TestPlacements(t *testing.T) {
	pageAs(t, sightline.RoleCouncil, "/placements", 200, "Plan placements")
	paths, _ := filepath.Glob("../forecast/testdata/multiyear_2017_2021/*.csv")
	if len(paths) < 10 {
		t.Fatalf("multiyear returns missing: %v", paths)
	}
	files := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = data
	}
	post := func(url string, fields map[string]string, inputs map[string]map[string][]byte) (*http.Response, []byte) {
		t.Helper()
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range fields {
			mw.WriteField(k, v)
		}
		for field, fs := range inputs {
			for name, data := range fs {
				fw, _ := mw.CreateFormFile(field, name)
				fw.Write(data)
			}
		}
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, fixture.ts.URL+url, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := noRedirect.Do(as(req, sightline.RoleCouncil))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out bytes.Buffer
		out.ReadFrom(resp.Body)
		return resp, out.Bytes()
	}
	capacity := map[string][]byte{"places.csv": []byte("category,month,places\nfostering,,40\nresidential,,3\nsupported,,5\nother,,10\n")}
	resp, body := post("/placements", map[string]string{"months": "24", "entry": "-10", "stepdown": "1.5", "format": "page"},
		map[string]map[string][]byte{"files": files, "capacity": capacity})
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("status %d: %.300s", resp.StatusCode, body)
	}
	doc := parseHTML(t, body)
	for _, p := range pageProblems(body, doc) {
		t.Errorf("placements report: %s", p)
	}
	main := mainText(doc)
	for _, want := range []string{"Placements forecast", "Children in care: fostering", "Spending on placements", "Sufficiency", "Scenario", "entry rate"} {
		if !strings.Contains(main, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if n := strings.Count(string(body), `class="fb"`); n < 10 {
		t.Errorf("%d bands drawn, want fan charts for the total and each category", n)
	}
	// Three residential places cannot hold the residential children: a gap.
	if !strings.Contains(string(body), "govuk-tag--red") {
		t.Error("no sufficiency gap highlighted")
	}
	// Places typed into the form work as the CSV does.
	resp, body = post("/placements", map[string]string{"months": "12", "places_residential": "2", "format": "page"}, map[string]map[string][]byte{"files": files})
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Sufficiency") || !strings.Contains(string(body), "govuk-tag--red") {
		t.Errorf("places entered on the form: %d, no sufficiency gap shown", resp.StatusCode)
	}
	resp, body = post("/api/v1/placements", map[string]string{"months": "12"}, map[string]map[string][]byte{"files": files})
	var rep struct {
		Series []struct{ Scenario, Measure, Scope string }
		Runs   int
	}
	if resp.StatusCode != 200 || json.Unmarshal(body, &rep) != nil || len(rep.Series) == 0 || rep.Runs != 1000 {
		t.Fatalf("API: %d %.300s", resp.StatusCode, body)
	}
	resp, body = post("/placements", map[string]string{"format": "page"}, map[string]map[string][]byte{"files": {"notes.csv": []byte("a,b\n1,2\n")}})
	if resp.StatusCode < 400 || !strings.Contains(string(body), "govuk-error-message") {
		t.Errorf("a file that is no return: %d", resp.StatusCode)
	}
}

// Linking uploaded records: the page shows the model's m and u per level
// and explains the weakest links; the clusters and model download.
func TestLinkRecords(t *testing.T) {
	pageAs(t, sightline.RoleCouncil, "/link", 200, "Link records")
	data, err := os.ReadFile("../linkage/testdata/fake_1000.csv")
	if err != nil {
		t.Fatal(err)
	}
	post := func(fields map[string]string) (*http.Response, []byte) {
		t.Helper()
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range fields {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("files", "fake_1000.csv")
		fw.Write(data)
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, fixture.ts.URL+"/link", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := noRedirect.Do(as(req, sightline.RoleCouncil))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out bytes.Buffer
		out.ReadFrom(resp.Body)
		return resp, out.Bytes()
	}
	resp, body := post(map[string]string{"id": "unique_id", "format": "page"})
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("status %d: %.400s", resp.StatusCode, body)
	}
	doc := parseHTML(t, body)
	for _, p := range pageProblems(body, doc) {
		t.Errorf("link report: %s", p)
	}
	main := mainText(doc)
	for _, want := range []string{"Records linked", "What the model learned", "Bayes factor", "The weakest links, explained", "Running total"} {
		if !strings.Contains(main, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	resp, body = post(map[string]string{"id": "unique_id", "format": "clusters"})
	if resp.StatusCode != 200 || !strings.HasPrefix(string(body), "unique_id,cluster_id\n") || strings.Count(string(body), "\n") != 1001 {
		t.Errorf("clusters download: %d %.100q", resp.StatusCode, body)
	}
	if resp, body = post(map[string]string{"id": "no_such_column", "format": "page"}); resp.StatusCode < 400 || !strings.Contains(string(body), "govuk-error-message") {
		t.Errorf("an unknown id column: %d", resp.StatusCode)
	}
}
