package http_test

import (
	"bytes"
	"fmt"
	"github.com/sightline-uk/sightline"
	"io"
	"net/http"
	"net/http/httputil"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sightline-uk/sightline/indicators"
)

// ---- A small DOM toolkit over golang.org/x/net/html.

func parseHTML(t *testing.T, body []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// findAll returns every element under n (n included) for which match is true.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func byTag(tag string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == tag }
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrOr(n *html.Node, key string) string { v, _ := attr(n, key); return v }

// text is an element's text content with whitespace collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func hasAncestor(n *html.Node, tag string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == tag {
			return true
		}
	}
	return false
}

// hiddenFromAT reports whether n or an ancestor is aria-hidden.
func hiddenFromAT(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && attrOr(p, "aria-hidden") == "true" {
			return true
		}
	}
	return false
}

func hrefs(doc *html.Node) []string {
	var out []string
	for _, a := range findAll(doc, byTag("a")) {
		out = append(out, attrOr(a, "href"))
	}
	return out
}

// ---- Checks every page gets.

// pageProblems lists template failures and accessibility faults in a page.
func pageProblems(body []byte, doc *html.Node) []string {
	var p []string
	for _, bad := range []string{"ZgotmplZ", "<no value>", "%!", "Internal server error"} {
		if bytes.Contains(body, []byte(bad)) {
			p = append(p, fmt.Sprintf("contains %q (a template fault)", bad))
		}
	}
	if !bytes.HasPrefix(bytes.TrimSpace(body), []byte("<!DOCTYPE html>")) {
		p = append(p, "no doctype")
	}
	if htmls := findAll(doc, byTag("html")); len(htmls) != 1 || attrOr(htmls[0], "lang") != "en" {
		p = append(p, `<html> has no lang="en"`)
	}
	if h1 := findAll(doc, byTag("h1")); len(h1) != 1 {
		p = append(p, fmt.Sprintf("%d h1 elements, want 1", len(h1)))
	} else if text(h1[0]) == "" {
		p = append(p, "empty h1")
	}
	if titles := findAll(doc, byTag("title")); len(titles) == 0 || !strings.HasSuffix(text(titles[0]), "– Sightline") {
		p = append(p, "no page title")
	}
	if len(findAll(doc, byTag("main"))) != 1 {
		p = append(p, "not exactly one <main>")
	}

	// ids are unique, so labels and aria references are not ambiguous.
	ids := map[string]*html.Node{}
	for _, n := range findAll(doc, func(n *html.Node) bool { _, ok := attr(n, "id"); return ok }) {
		id := attrOr(n, "id")
		if ids[id] != nil {
			p = append(p, fmt.Sprintf("duplicate id %q", id))
		}
		ids[id] = n
	}
	// In-page links lead somewhere.
	for _, h := range hrefs(doc) {
		if strings.HasPrefix(h, "#") && len(h) > 1 && ids[h[1:]] == nil {
			p = append(p, fmt.Sprintf("link to missing fragment %s", h))
		}
	}
	// Images and charts have accessible names.
	for _, img := range findAll(doc, byTag("img")) {
		if _, ok := attr(img, "alt"); !ok {
			p = append(p, fmt.Sprintf("img %s has no alt", attrOr(img, "src")))
		}
	}
	for _, svg := range findAll(doc, byTag("svg")) {
		if hiddenFromAT(svg) {
			continue
		}
		name := attrOr(svg, "aria-label")
		for _, ref := range strings.Fields(attrOr(svg, "aria-labelledby")) {
			if el := ids[ref]; el != nil {
				name += " " + text(el)
			} else {
				p = append(p, fmt.Sprintf("svg %q: aria-labelledby names missing id %q", attrOr(svg, "id"), ref))
			}
		}
		if attrOr(svg, "aria-labelledby") == "" && attrOr(svg, "aria-label") == "" {
			if ts := findAll(svg, byTag("title")); len(ts) > 0 && ts[0].Parent == svg {
				name = text(ts[0])
			}
		}
		if strings.TrimSpace(name) == "" {
			p = append(p, fmt.Sprintf("svg chart without an accessible name (%.80s)", attrOr(svg, "class")))
		}
		if attrOr(svg, "role") != "img" {
			p = append(p, "svg chart without role=img")
		}
	}
	// Form controls have labels.
	labelFor := map[string]bool{}
	for _, l := range findAll(doc, byTag("label")) {
		if f := attrOr(l, "for"); f != "" {
			if ids[f] == nil {
				p = append(p, fmt.Sprintf("label for missing control %q", f))
			}
			labelFor[f] = true
		}
	}
	for _, c := range findAll(doc, func(n *html.Node) bool {
		return n.DataAtom == atom.Input || n.DataAtom == atom.Select || n.DataAtom == atom.Textarea
	}) {
		switch attrOr(c, "type") {
		case "hidden", "submit", "button", "reset", "image":
			continue
		}
		id := attrOr(c, "id")
		if !(id != "" && labelFor[id]) && !hasAncestor(c, "label") && attrOr(c, "aria-label") == "" && attrOr(c, "aria-labelledby") == "" {
			p = append(p, fmt.Sprintf("%s name=%q id=%q has no label", c.Data, attrOr(c, "name"), id))
		}
	}
	for _, b := range findAll(doc, byTag("button")) {
		if text(b) == "" && attrOr(b, "aria-label") == "" {
			p = append(p, "button without text")
		}
	}
	// Tables have header cells.
	for i, tbl := range findAll(doc, byTag("table")) {
		if len(findAll(tbl, byTag("th"))) == 0 {
			p = append(p, fmt.Sprintf("table %d has no th", i+1))
		}
		for _, th := range findAll(tbl, byTag("th")) {
			if s := attrOr(th, "scope"); s != "col" && s != "row" {
				p = append(p, fmt.Sprintf("table %d: th %q has no scope", i+1, text(th)))
				break
			}
		}
	}
	// Links have text.
	for _, a := range findAll(doc, byTag("a")) {
		if text(a) == "" && attrOr(a, "aria-label") == "" && len(findAll(a, byTag("title"))) == 0 {
			p = append(p, fmt.Sprintf("link %s has no text", attrOr(a, "href")))
		}
	}
	return p
}

// page fetches a page, checks its status, title and h1, runs pageProblems,
// and returns the parsed document.
func page(t *testing.T, path string, status int, title string) *html.Node {
	t.Helper()
	return pageAs(t, sightline.RolePublic, path, status, title)
}

// pageAs is page as the fixture account of a role.
func pageAs(t *testing.T, role sightline.Role, path string, status int, title string) *html.Node {
	t.Helper()
	resp, body := getAs(t, role, path)
	if resp.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d; body: %.300s", path, resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	doc := parseHTML(t, body)
	if titles := findAll(doc, byTag("title")); len(titles) == 0 || text(titles[0]) != title+" – Sightline" {
		got := ""
		if len(titles) > 0 {
			got = text(titles[0])
		}
		t.Errorf("GET %s: title %q, want %q", path, got, title+" – Sightline")
	}
	if h1 := findAll(doc, byTag("h1")); len(h1) > 0 && text(h1[0]) != title && status == 200 {
		t.Errorf("GET %s: h1 %q, want %q", path, text(h1[0]), title)
	}
	for _, p := range pageProblems(body, doc) {
		t.Errorf("GET %s: %s", path, p)
	}
	return doc
}

// mainText is the text of the page's <main>.
func mainText(doc *html.Node) string {
	if m := findAll(doc, byTag("main")); len(m) > 0 {
		return text(m[0])
	}
	return ""
}

func TestPages(t *testing.T) {
	for _, c := range []struct {
		path, title string
		status      int
		check       func(t *testing.T, doc *html.Node)
	}{
		{"/", "Children's social care in England, council by council", 200, func(t *testing.T, doc *html.Node) {
			if !strings.Contains(mainText(doc), "for all 153 councils") {
				t.Errorf("home page does not count 153 councils: %.200s", mainText(doc))
			}
			if !slices.Contains(hrefs(doc), "/indicators/cla_rate") {
				t.Error("home page does not link to cla_rate")
			}
		}},
		{"/councils", "Councils", 200, func(t *testing.T, doc *html.Node) {
			hs := hrefs(doc)
			for _, want := range []string{"/councils/E08000025", "/councils/E10000021", "/councils/E06000061"} {
				if !slices.Contains(hs, want) {
					t.Errorf("councils page does not link to %s", want)
				}
			}
		}},
		{"/councils/E08000025", "Birmingham", 200, func(t *testing.T, doc *html.Node) {
			hs := hrefs(doc)
			for _, want := range []string{"/councils/E08000025/data?format=csv", "/councils/E08000025/data?format=xlsx"} {
				if !slices.Contains(hs, want) {
					t.Errorf("no download link %s", want)
				}
			}
			charts := findAll(doc, func(n *html.Node) bool { return n.Data == "svg" && attrOr(n, "role") == "img" })
			if len(charts) < 20 {
				t.Errorf("%d charts on Birmingham's page, want one per indicator", len(charts))
			}
			if len(findAll(doc, func(n *html.Node) bool { return attrOr(n, "id") == "trend-cla_rate-t" })) != 1 {
				t.Error("no trend chart for cla_rate")
			}
			if !strings.Contains(mainText(doc), "West Midlands") {
				t.Error("Birmingham's region is not named")
			}
		}},
		{"/councils/E10000021", "Northamptonshire", 200, func(t *testing.T, doc *html.Node) {
			inset := findAll(doc, func(n *html.Node) bool { return strings.Contains(attrOr(n, "class"), "govuk-inset-text") })
			if len(inset) == 0 || !strings.Contains(text(inset[0]), "no longer exists") {
				t.Fatal("no notice that Northamptonshire no longer exists")
			}
			links := hrefs(inset[0])
			for _, want := range []string{"/councils/E06000061", "/councils/E06000062"} {
				if !slices.Contains(links, want) {
					t.Errorf("Northamptonshire does not link to its successor %s (links %v)", want, links)
				}
			}
		}},
		{"/councils/E06000061", "North Northamptonshire", 200, func(t *testing.T, doc *html.Node) {
			inset := findAll(doc, func(n *html.Node) bool { return strings.Contains(attrOr(n, "class"), "govuk-inset-text") })
			if len(inset) == 0 || !slices.Contains(hrefs(inset[0]), "/councils/E10000021") {
				t.Error("North Northamptonshire does not link to Northamptonshire")
			}
		}},
		{"/indicators", "Indicators", 200, func(t *testing.T, doc *html.Node) {
			for _, ind := range indicators.Catalogue() {
				if !slices.Contains(hrefs(doc), "/indicators/"+ind.ID) {
					t.Errorf("indicators page does not list %s", ind.ID)
				}
			}
		}},
		{"/indicators/cla_rate?year=2024", "Children looked after per 10,000 children", 200, func(t *testing.T, doc *html.Node) {
			sel := findAll(doc, func(n *html.Node) bool {
				return n.Data == "option" && hasAttr(n, "selected") && hasAncestor(n, "select")
			})
			if len(sel) != 1 || attrOr(sel[0], "value") != "2024" {
				t.Errorf("year 2024 is not the selected year")
			}
			if !strings.Contains(mainText(doc), "Councils ranked, 2024") {
				t.Error("ranking is not for 2024")
			}
			// Each council once in the ranking.
			seen := map[string]int{}
			for _, tbl := range findAll(doc, byTag("table")) {
				for _, h := range hrefs(tbl) {
					if strings.HasPrefix(h, "/councils/") {
						seen[h]++
					}
				}
			}
			if len(seen) < 150 {
				t.Errorf("ranking lists %d councils", len(seen))
			}
			for h, n := range seen {
				if n > 1 {
					t.Errorf("ranking lists %s %d times", h, n)
				}
			}
			for _, id := range []string{"trend-england-t", "funnel-t", "dist-t"} {
				if len(findAll(doc, func(n *html.Node) bool { return attrOr(n, "id") == id })) != 1 {
					t.Errorf("no chart %s", strings.TrimSuffix(id, "-t"))
				}
			}
		}},
		{"/compare?council=E08000025&council=E08000026&indicator=cla_rate", "Compare councils", 200, func(t *testing.T, doc *html.Node) {
			var heads []string
			for _, th := range findAll(doc, byTag("th")) {
				heads = append(heads, text(th))
			}
			for _, want := range []string{"Birmingham", "Coventry", "England"} {
				if !slices.Contains(heads, want) {
					t.Errorf("comparison table has no column for %s (headers %v)", want, heads)
				}
			}
			cb := findAll(doc, func(n *html.Node) bool { return attrOr(n, "id") == "i-cla_rate" })
			if len(cb) != 1 || !hasAttr(cb[0], "checked") {
				t.Error("cla_rate is not checked")
			}
			if len(findAll(doc, func(n *html.Node) bool { return attrOr(n, "id") == "cmp-cla_rate-t" })) != 1 {
				t.Error("no comparison chart")
			}
			const link = "/compare/data?council=E08000025&council=E08000026&indicator=cla_rate&format=csv"
			if !slices.Contains(hrefs(doc), link) {
				t.Errorf("no CSV link for the comparison: %v", hrefs(doc))
			}
			// The link gives both councils' rows.
			councils := map[string]bool{}
			for _, r := range csvRecords(t, getOK(t, link)) {
				if r["indicator_id"] != "cla_rate" {
					t.Errorf("comparison CSV has %s", r["indicator_id"])
				}
				councils[r["la_name"]] = true
			}
			if !councils["Birmingham"] || !councils["Coventry"] {
				t.Errorf("comparison CSV councils: %v", councils)
			}
		}},
		{"/search?q=zzz", "Search", 200, func(t *testing.T, doc *html.Node) {
			if !strings.Contains(mainText(doc), "No council matches “zzz”") {
				t.Errorf("no no-results message: %.300s", mainText(doc))
			}
		}},
		{"/search?q=children", "Search", 200, func(t *testing.T, doc *html.Node) {
			if !slices.Contains(hrefs(doc), "/indicators/cla_rate") {
				t.Error("search for children does not find cla_rate")
			}
		}},
		{"/data", "Data sources", 200, func(t *testing.T, doc *html.Node) {
			if n := len(findAll(doc, byTag("tr"))); n < 20 {
				t.Errorf("data page lists %d rows of datasets", n)
			}
		}},
		{"/api", "API", 200, func(t *testing.T, doc *html.Node) {
			if !slices.Contains(hrefs(doc), "/api/v1/openapi.json") {
				t.Error("API page does not link to the OpenAPI document")
			}
		}},
		{"/no-such-page", "Page not found", 404, nil},
		{"/councils/E99999999", "Page not found", 404, nil},
		{"/indicators/no_such_indicator", "Page not found", 404, nil},
	} {
		t.Run(c.path, func(t *testing.T) {
			doc := page(t, c.path, c.status, c.title)
			if c.check != nil {
				c.check(t, doc)
			}
		})
	}
}

func hasAttr(n *html.Node, key string) bool { _, ok := attr(n, key); return ok }

// TestEveryCouncilAndIndicatorPage renders every council and indicator page
// and runs the same checks on each.
func TestEveryCouncilAndIndicatorPage(t *testing.T) {
	st := fixture.srv.State()
	for _, c := range st.Councils {
		path := "/councils/" + c.Code
		resp, body := get(t, path)
		if resp.StatusCode == http.StatusMovedPermanently {
			continue // an old code redirects to the code its series continues as
		}
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
			continue
		}
		doc := parseHTML(t, body)
		if h1 := findAll(doc, byTag("h1")); len(h1) != 1 || text(h1[0]) != c.Name {
			t.Errorf("GET %s: h1 is not %q", path, c.Name)
		}
		for _, p := range pageProblems(body, doc) {
			t.Errorf("GET %s: %s", path, p)
		}
	}
	for _, ind := range indicators.Catalogue() {
		page(t, "/indicators/"+ind.ID, 200, ind.Title)
	}
}

func TestRedirects(t *testing.T) {
	for path, want := range map[string]string{
		"/search?q=birmingham": "/councils/E08000025",
		"/search?q=E08000025":  "/councils/E08000025",
		"/councils/E08000016":  "/councils/E08000038", // Barnsley's old code
	} {
		resp, _ := get(t, path)
		if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusMovedPermanently && resp.StatusCode != http.StatusFound {
			t.Errorf("GET %s: status %d, want a redirect", path, resp.StatusCode)
			continue
		}
		if loc := resp.Header.Get("Location"); loc != want {
			t.Errorf("GET %s: redirects to %q, want %q", path, loc, want)
		}
	}
}

var eesGeography = []string{"time_period", "time_identifier", "geographic_level", "country_code", "country_name",
	"region_code", "region_name", "old_la_code", "new_la_code", "la_name"}

func TestCouncilDownloads(t *testing.T) {
	resp, body := get(t, "/councils/E08000025/data?format=csv")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="sightline-E08000025.csv"` {
		t.Errorf("CSV Content-Disposition %q", cd)
	}
	if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) || bytes.Contains(body, []byte("\r\n")) {
		t.Error("CSV has a byte-order mark or CRLF line endings, unlike EES files")
	}
	header := strings.Split(string(body[:bytes.IndexByte(body, '\n')]), ",")
	if !slices.Equal(header[:len(eesGeography)], eesGeography) {
		t.Errorf("CSV columns %v, want the EES geography columns %v first", header, eesGeography)
	}
	for _, col := range []string{"indicator_id", "value", "england", "rank"} {
		if !slices.Contains(header, col) {
			t.Errorf("CSV has no %s column", col)
		}
	}
	rows := csvRecords(t, body)
	period := regexp.MustCompile(`^[0-9]{4}([0-9]{2})?$`)
	levels := map[string]int{}
	inds := map[string]bool{}
	for i, r := range rows {
		levels[r["geographic_level"]]++
		if !period.MatchString(r["time_period"]) || r["time_identifier"] == "" || r["country_code"] != "E92000001" {
			t.Errorf("row %d: bad time or country: %v", i+2, r)
		}
		if r["value"] == "" {
			t.Errorf("row %d: empty value (a figure must be a number or a symbol): %v", i+2, r)
		}
		switch r["geographic_level"] {
		case "Local authority":
			if r["new_la_code"] != "E08000025" || r["la_name"] != "Birmingham" || r["old_la_code"] != "330" || r["region_code"] != "E12000005" {
				t.Errorf("row %d: not Birmingham: %v", i+2, r)
			}
			inds[r["indicator_id"]] = true
		case "Regional":
			if r["region_code"] != "E12000005" || r["new_la_code"] != "" {
				t.Errorf("row %d: regional row not for the West Midlands: %v", i+2, r)
			}
		case "National":
		default:
			t.Errorf("row %d: geographic_level %q", i+2, r["geographic_level"])
		}
	}
	if levels["Local authority"] < 100 || levels["National"] == 0 || levels["Regional"] == 0 {
		t.Errorf("rows by level: %v", levels)
	}
	for _, want := range []string{"cla_rate", "rereferral_pct", "cpp_rate"} {
		if !inds[want] {
			t.Errorf("no Birmingham rows for %s", want)
		}
	}
	for _, r := range rows {
		if r["geographic_level"] == "Local authority" && r["indicator_id"] == "cla_rate" && r["time_period"] == "2025" && r["value"] != "79" {
			t.Errorf("Birmingham cla_rate 2025 = %q in the CSV, want 79", r["value"])
		}
	}

	resp, xbody := get(t, "/councils/E08000025/data?format=xlsx")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("xlsx: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !bytes.HasPrefix(xbody, []byte("PK\x03\x04")) {
		t.Fatal("xlsx is not a zip")
	}
	f, err := excelize.OpenReader(bytes.NewReader(xbody))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); !slices.Equal(sheets, []string{"Data", "Notes"}) {
		t.Errorf("sheets %v", sheets)
	}
	xrows, err := f.GetRows("Data")
	if err != nil {
		t.Fatal(err)
	}
	if len(xrows) != len(rows)+1 {
		t.Errorf("xlsx has %d rows, CSV %d", len(xrows)-1, len(rows))
	}
	if !slices.Equal(xrows[0], header) {
		t.Errorf("xlsx header %v, CSV header %v", xrows[0], header)
	}
	// Numbers are numbers in the workbook.
	vcol := slices.Index(header, "value")
	for i, r := range rows {
		if r["geographic_level"] == "Local authority" && r["indicator_id"] == "cla_rate" && r["time_period"] == "2025" {
			cell, _ := excelize.CoordinatesToCellName(vcol+1, i+2)
			typ, err := f.GetCellType("Data", cell)
			v, _ := f.GetCellValue("Data", cell, excelize.Options{RawCellValue: true})
			if err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || v != "79" {
				t.Errorf("xlsx %s: Birmingham cla_rate 2025 is %q (type %v), want the number 79", cell, v, typ)
			}
		}
	}

	// A symbol stays a symbol in the workbook too.
	s := symbolObservation(t)
	_, xbody = get(t, "/councils/"+s.council+"/data?format=xlsx")
	_, cbody := get(t, "/councils/"+s.council+"/data?format=csv")
	f2, err := excelize.OpenReader(bytes.NewReader(xbody))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	defer f2.Close()
	x2, _ := f2.GetRows("Data")
	found := false
	for i, r := range csvRecords(t, cbody) {
		if r["indicator_id"] == s.ind.ID && r["new_la_code"] == s.council && r["time_period"] == s.period {
			found = true
			if got := x2[i+1][vcol]; got != s.symbol {
				t.Errorf("xlsx: %s %s %s value %q, want %q", s.ind.ID, s.council, s.period, got, s.symbol)
			}
		}
	}
	if !found {
		t.Errorf("no row for %s %s %s", s.ind.ID, s.council, s.period)
	}
}

// TestFirstCouncilPageWeight: a first visit to a council page (the page and
// the stylesheet and scripts it loads, gzipped) stays within 300 KB.
func TestFirstCouncilPageWeight(t *testing.T) {
	const budget = 300 * 1024
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	total := 0
	for _, path := range []string{"/councils/E08000025", "/assets/sightline.css", "/assets/govuk-frontend.min.js", "/assets/init.js"} {
		req, _ := http.NewRequest(http.MethodGet, fixture.ts.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
		}
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("GET %s: not gzipped", path)
		}
		head, _ := httputil.DumpResponse(resp, false)
		t.Logf("%-32s %7d bytes gzipped body + %4d bytes headers", path, len(body), len(head))
		total += len(body) + len(head)
	}
	t.Logf("first council page transfer: %d bytes (%.1f KB) of %d KB budget", total, float64(total)/1024, budget/1024)
	if total > budget {
		t.Errorf("first council page transfers %d bytes, over the %d-byte budget", total, budget)
	}
}

func TestSearchBySupersededCode(t *testing.T) {
	// Barnsley's old code finds Barnsley under its current code.
	resp, _ := get(t, "/search?q=E08000016")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/councils/E08000038" {
		t.Fatalf("search by old code: %d → %q, want 303 → /councils/E08000038", resp.StatusCode, resp.Header.Get("Location"))
	}
	// The councils list names Barnsley once, and only current and genuinely
	// former councils (merged or split) appear as former.
	body := string(getOK(t, "/councils"))
	if n := strings.Count(body, `href="/councils/E08000038"`); n != 1 {
		t.Errorf("Barnsley listed %d times", n)
	}
	if strings.Contains(body, `href="/councils/E08000016"`) {
		t.Error("Barnsley's superseded code is listed as a former council")
	}
	if !strings.Contains(body, `href="/councils/E10000021"`) {
		t.Error("Northamptonshire, abolished in 2021, should be listed as a former council")
	}
}

func TestEnglandAndDatasetDownloads(t *testing.T) {
	rows := csvRecords(t, getOK(t, "/data/england?format=csv"))
	levels := map[string]int{}
	for _, r := range rows {
		levels[r["geographic_level"]]++
	}
	if levels["National"] == 0 || levels["Regional"] == 0 || levels["Local authority"] != 0 {
		t.Errorf("England download levels %v: want England and regions only", levels)
	}
	found := false
	for _, r := range rows {
		if r["indicator_id"] == "cla_rate" && r["time_period"] == "2025" && r["geographic_level"] == "National" {
			found = r["value"] == "67"
		}
	}
	if !found {
		t.Error("England's 2025 looked-after rate (67) is not in the England download")
	}
	// An imported dataset comes back in its published shape: the B1 file's
	// own columns, with Birmingham's 2025 row.
	b1 := csvRecords(t, getOK(t, "/data/cin_b1?format=csv"))
	ok := false
	for _, r := range b1 {
		if r["new_la_code"] == "E08000025" && r["time_period"] == "2025" && r["category"] == "Children in Need" && r["At31_episodes"] != "" {
			ok = true
		}
	}
	if !ok {
		t.Error("cin_b1 download lacks Birmingham's 2025 row with At31_episodes")
	}
	if resp, _ := get(t, "/data/no_such_dataset"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown dataset: %d", resp.StatusCode)
	}
	x := getOK(t, "/data/cin_b1?format=xlsx")
	if !bytes.HasPrefix(x, []byte("PK")) {
		t.Error("xlsx download is not a zip workbook")
	}
}

func TestCatalogueAndOfstedDownloads(t *testing.T) {
	cat := csvRecords(t, getOK(t, "/data/indicators?format=csv"))
	if len(cat) < 30 || cat[0]["id"] == "" || cat[0]["polarity"] == "" {
		t.Errorf("catalogue download: %d rows, first %v", len(cat), cat[0])
	}
	all := csvRecords(t, getOK(t, "/data/ofsted?format=csv"))
	if len(all) != 183 {
		t.Errorf("%d inspections in the download, the published file has 183", len(all))
	}
	b := csvRecords(t, getOK(t, "/data/ofsted?council=E08000025&format=csv"))
	if len(b) == 0 || b[len(b)-1]["overall_effectiveness"] != "Good" || b[len(b)-1]["inspection_date"] != "2023-02-20" {
		t.Errorf("Birmingham's inspections: %v", b)
	}
}
