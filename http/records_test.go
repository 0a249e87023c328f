package http_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/store"
)

// TestKeepFromWebAndReadRecords keeps a return from the upload page as
// Solihull's analyst, then reads it back as the analyst, as the West
// Midlands' regional analyst and as a national analyst, each with a reason
// that lands in the audit log; and checks nobody else can, and that no
// child's id appears anywhere.
func TestKeepFromWebAndReadRecords(t *testing.T) {
	ctx := context.Background()
	u, err := fixture.store.AddUser(ctx, sightline.User{Name: "solihull", Role: sightline.RoleCouncil, Council: "E08000029"})
	if err != nil {
		t.Fatal(err)
	}
	token, err := newSession(ctx, fixture.store, u)
	if err != nil {
		t.Fatal(err)
	}
	cookie := &http.Cookie{Name: "sightline_session", Value: token}
	files := fakeReturnFiles(t)

	// The upload page offers to keep only to a council analyst.
	resp, body := getAs(t, sightline.RoleCouncil, "/validate")
	if resp.StatusCode != 200 || !strings.Contains(string(body), `formaction="/validate/keep"`) {
		t.Fatalf("no keep button for a council analyst: %d", resp.StatusCode)
	}

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("year", "2018")
	mw.WriteField("format", "page")
	for name, data := range files {
		fw, _ := mw.CreateFormFile("files", name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, fixture.ts.URL+"/validate/keep", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(cookie)
	resp, err = noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	out.ReadFrom(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(out.String(), "Kept Solihull") || strings.Contains(out.String(), "Nothing you uploaded has been kept") {
		t.Fatalf("keep: %d %s", resp.StatusCode, firstMatch(out.String(), `(?s)govuk-error-summary.{0,400}`))
	}
	rets, err := fixture.store.KeptReturns(ctx, "334")
	if err != nil || len(rets) != 1 || rets[0].Year != 2018 || rets[0].Children == 0 {
		t.Fatalf("kept returns for LA 334: %+v %v", rets, err)
	}
	// A child id from the upload, to look for later.
	rows, _ := csv.NewReader(bytes.NewReader(files["header.csv"])).ReadAll()
	if len(rows) < 2 {
		t.Fatalf("header.csv has %d rows", len(rows))
	}
	rawChild := rows[1][0]

	get := func(path string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, fixture.ts.URL+path, nil)
		req.AddCookie(cookie)
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		if resp.Header.Get("Cache-Control") != "no-store" && strings.HasPrefix(path, "/records/") {
			t.Errorf("%s: Cache-Control %q", path, resp.Header.Get("Cache-Control"))
		}
		return resp.StatusCode, b.String()
	}
	if code, page := get("/records"); code != 200 || !strings.Contains(page, `href="/records/E08000029"`) || strings.Contains(page, "/records/E08000025") {
		t.Errorf("records index: %d; lists Solihull only: %v", code, strings.Contains(page, "/records/E08000029"))
	}
	code, page := get("/records/E08000029")
	if code != 200 || !strings.Contains(page, "Why do you need these records?") {
		t.Fatalf("no reason asked: %d", code)
	}
	reason := "Checking the quality of our statutory return"
	code, page = get("/records/E08000029?reason=" + url.QueryEscape(reason))
	if code != 200 || !strings.Contains(page, "SSDA903 return") {
		t.Fatalf("records page: %d", code)
	}
	kids := regexp.MustCompile(`/records/E08000029/children/([0-9a-f]{16,})`).FindAllStringSubmatch(page, -1)
	if len(kids) < 50 {
		t.Fatalf("%d children listed", len(kids))
	}
	if strings.Contains(page, ">"+rawChild+"<") {
		t.Errorf("a child's own id %q is on the records page", rawChild)
	}
	code, page = get("/records/E08000029/children/" + kids[0][1] + "?reason=" + url.QueryEscape(reason))
	if code != 200 || !strings.Contains(page, "Episodes") || !strings.Contains(page, "DECOM") {
		t.Fatalf("child page: %d", code)
	}
	code, data := get("/records/E08000029/data?kind=903&year=2018&reason=" + url.QueryEscape(reason))
	if code != 200 {
		t.Fatalf("download: %d", code)
	}
	recs, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil || len(recs) < 1000 || strings.Join(recs[0], ",") != "return,year,table,row,child_pseudonym,field,value" {
		t.Fatalf("download: %d rows, %v", len(recs), err)
	}
	for _, r := range recs[1:] {
		if r[4] == rawChild || r[5] == "CHILD" || r[5] == "UPN" || r[5] == "HOME_POST" {
			t.Fatalf("the download holds a child's identifier: %v", r)
		}
	}

	// Scope: the region and England see Solihull; Birmingham and partners
	// do not.
	for role, want := range map[sightline.Role]int{sightline.RoleRegional: 200, sightline.RoleNational: 200, sightline.RoleCouncil: 403, sightline.RolePartner: 403, sightline.RoleAdmin: 403} {
		resp, _ := getAs(t, role, "/records/E08000029?reason=x")
		if resp.StatusCode != want {
			t.Errorf("Solihull's records as %s: %d, want %d", role, resp.StatusCode, want)
		}
	}

	// Pooled: the region's analyst gets every kept 2018 return in the
	// West Midlands in one file; Birmingham's analyst gets only
	// Birmingham's.
	for role, wantSolihull := range map[sightline.Role]bool{sightline.RoleRegional: true, sightline.RoleNational: true, sightline.RoleCouncil: false} {
		resp, body := getAs(t, role, "/records/pooled/data?kind=903&year=2018&reason=x")
		recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if resp.StatusCode != 200 || err != nil || len(recs) == 0 || recs[0][0] != "la_code" {
			t.Fatalf("pooled as %s: %d %v", role, resp.StatusCode, err)
		}
		solihull := 0
		for _, r := range recs[1:] {
			if r[0] == "E08000029" {
				solihull++
			}
			if role == sightline.RoleRegional && fixture.srv.Reg.Council(r[0]).RegionCode != "E12000005" {
				t.Fatalf("pooled for the West Midlands holds %s", r[0])
			}
			if role == sightline.RoleCouncil && r[0] != "E08000025" {
				t.Fatalf("Birmingham's analyst's pool holds %s", r[0])
			}
			if r[6] == rawChild || r[7] == "CHILD" || r[7] == "UPN" {
				t.Fatalf("the pooled file holds a child's identifier: %v", r)
			}
		}
		if (solihull > 1000) != wantSolihull {
			t.Errorf("pooled as %s: %d of Solihull's cells", role, solihull)
		}
	}

	// Every read is in the audit log with its reason.
	evs, _ := fixture.store.AuditEvents(ctx, sightline.AuditQuery{Actor: "solihull"})
	got := map[string]int{}
	for _, e := range evs {
		if e.Reason == reason && e.Outcome == "allowed" {
			got[e.Action]++
		}
		if e.Action == "keep" && e.Outcome == "ok" {
			got["keep"]++
		}
	}
	if got["read"] != 2 || got["export"] != 1 || got["keep"] != 1 {
		t.Errorf("audited for solihull: %v, want 2 reads and 1 export with the reason, and 1 keep", got)
	}

	// A partner's look-up: the police record P-1 is linked to this child,
	// P-2 to nobody in social care.
	if err := fixture.store.KeepPersonIndex(ctx, "test-linkage", testKey, []store.PersonRecord{
		{Source: "social_care", Record: rawChild, Person: "p1", Probability: 0.99},
		{Source: "police", Record: "P-1", Person: "p1", Probability: 0.99},
		{Source: "police", Record: "P-2", Person: "p2"},
	}); err != nil {
		t.Fatal(err)
	}
	pu, err := fixture.store.AddUser(ctx, sightline.User{Name: "solihull-police", Role: sightline.RolePartner, Council: "E08000029", Agency: "police"})
	if err != nil {
		t.Fatal(err)
	}
	ptoken, _ := newSession(ctx, fixture.store, pu)
	pc := &http.Cookie{Name: "sightline_session", Value: ptoken}
	resp, body2 := postForm(t, "/partner", url.Values{"record": {"P-1"}, "reason": {"missing person report"}}, pc)
	if resp.StatusCode != 200 || !strings.Contains(body2, "Looked after by the council") || !strings.Contains(body2, "Legal status") {
		t.Fatalf("partner look-up: %d %s", resp.StatusCode, firstMatch(body2, `(?s)<main.{0,1500}`))
	}
	for _, never := range []string{"DECOM", "PL_POST", rawChild} {
		if strings.Contains(body2, ">"+never+"<") {
			t.Errorf("the partner was shown %q", never)
		}
	}
	resp, body2 = postForm(t, "/partner", url.Values{"record": {"P-2"}, "reason": {"missing person report"}}, pc)
	if resp.StatusCode != 200 || !strings.Contains(body2, "No child known to children") {
		t.Errorf("unlinked record: %d", resp.StatusCode)
	}
	resp, _ = postForm(t, "/partner", url.Values{"record": {"P-1"}}, pc)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a look-up without a reason: %d, want 400", resp.StatusCode)
	}
	// Birmingham's police see nothing of Solihull's child.
	resp, body2 = postForm(t, "/partner", url.Values{"record": {"P-1"}, "reason": {"x"}}, &http.Cookie{Name: "sightline_session", Value: fixture.tokens[sightline.RolePartner]})
	if resp.StatusCode != 200 || !strings.Contains(body2, "No child known to children") {
		t.Errorf("another area's partner: %d", resp.StatusCode)
	}
	evs, _ = fixture.store.AuditEvents(ctx, sightline.AuditQuery{Actor: "solihull-police", Action: "partner-lookup"})
	if len(evs) != 2 || evs[1].Outcome != "found" || evs[1].Reason != "missing person report" {
		t.Errorf("partner look-ups audited: %+v", evs)
	}
}

// TestAuditPage shows the administrator the log with its chain whole, and
// the CSV with every event's hashes.
func TestAuditPage(t *testing.T) {
	resp, body := getAs(t, sightline.RoleAdmin, "/admin/audit")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "are present and unchanged") {
		t.Fatalf("audit page: %d %s", resp.StatusCode, firstMatch(string(body), `(?s)<main.{0,800}`))
	}
	resp, body = getAs(t, sightline.RoleAdmin, "/admin/audit/data")
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if resp.StatusCode != 200 || err != nil || len(recs) < 2 || recs[0][0] != "seq" || recs[0][10] != "hash" {
		t.Fatalf("audit CSV: %d %v", resp.StatusCode, err)
	}
	if recs[1][0] != "1" {
		t.Errorf("the CSV starts at event %s, want 1 (oldest first)", recs[1][0])
	}
	// Reading the log is itself in the log.
	for _, action := range []string{"read-audit", "export-audit"} {
		evs, _ := fixture.store.AuditEvents(context.Background(), sightline.AuditQuery{Actor: "admin", Action: action})
		if len(evs) == 0 {
			t.Errorf("the administrator's %s is not in the audit log", action)
		}
	}
	resp, body = getAs(t, sightline.RoleAdmin, "/admin/users")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Add an account") || !strings.Contains(string(body), "West Midlands") {
		t.Errorf("users page: %d", resp.StatusCode)
	}
}

func firstMatch(s, re string) string {
	return regexp.MustCompile(re).FindString(s)
}
