package http_test

import (
	"bytes"
	"encoding/csv"
	"github.com/sightline-uk/sightline"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/synth"
)

// upload posts files to /validate as a browser's form would.
func upload(t *testing.T, format string, files map[string][]byte) (*http.Response, []byte) {
	t.Helper()
	return uploadForm(t, "2018", format, map[string]map[string][]byte{"files": files})
}

// uploadForm posts files under several file inputs (files, previous,
// earlier).
func uploadForm(t *testing.T, year, format string, inputs map[string]map[string][]byte) (*http.Response, []byte) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("year", year)
	mw.WriteField("format", format)
	for field, files := range inputs {
		for name, data := range files {
			fw, err := mw.CreateFormFile(field, name)
			if err != nil {
				t.Fatal(err)
			}
			fw.Write(data)
		}
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, fixture.ts.URL+"/validate", &body)
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

func fakeReturnFiles(t *testing.T) map[string][]byte {
	t.Helper()
	paths, _ := filepath.Glob("../ssda903/testdata/fake_2017/*.csv")
	files := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = data
	}
	if len(files) < 10 {
		t.Fatal("fake return missing")
	}
	return files
}

func TestValidateUpload(t *testing.T) {
	if resp, body := getAs(t, sightline.RoleCouncil, "/validate"); resp.StatusCode != 200 {
		t.Fatalf("GET /validate as a council analyst: %d %.200s", resp.StatusCode, body)
	}
	resp, body := upload(t, "page", fakeReturnFiles(t))
	page := string(body)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %.300s", resp.StatusCode, page)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Error("a report of child-level data must not be cached")
	}
	for _, want := range []string{"2,675 children checked", `id="by-rule"`, `id="by-child"`, `class="sl-mark"`, "Nothing you uploaded has been kept", "2022/23 rule set", "govuk-warning-text"} {
		if !strings.Contains(page, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	// The marked cell is the rule's field: rule 1003 marks DATE_PLACED in
	// placed-for-adoption rows and DECOM in episode rows.
	if strings.Contains(page, `id="rule-101"`) {
		t.Error("a 2017/18 return is checked with 2022/23 rules, under which its 1/2 sex codes are valid")
	}
	if !strings.Contains(page, "Rule 1003") {
		t.Error("rule 1003 (placed for adoption before care began) should fire on the fake return")
	}
	resp, body = upload(t, "csv", fakeReturnFiles(t))
	if resp.StatusCode != 200 || !strings.HasPrefix(string(body), "rule,message,table,file,row,child,fields,kind\n") || !strings.Contains(resp.Header.Get("Content-Disposition"), "ssda903-validation.csv") {
		t.Errorf("CSV report: %d %q %.100q", resp.StatusCode, resp.Header.Get("Content-Disposition"), body)
	}
	resp, body = upload(t, "xlsx", fakeReturnFiles(t))
	if resp.StatusCode != 200 || !bytes.HasPrefix(body, []byte("PK")) {
		t.Errorf("xlsx report: %d", resp.StatusCode)
	}
}

func TestValidateUploadBadInput(t *testing.T) {
	resp, body := upload(t, "page", map[string][]byte{"header.csv": []byte("CHILD,SEX,DOB\n1,M,01/01/2010\n")})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "govuk-error-summary") || !strings.Contains(string(body), "header.csv") {
		t.Errorf("a file that is no 903 table: %d, %.400s", resp.StatusCode, body)
	}
	resp, _ = upload(t, "page", nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("no files: %d", resp.StatusCode)
	}
}

func TestValidateUploadCIN(t *testing.T) {
	data, err := os.ReadFile("../cin/testdata/fake/fake_CIN_data.xml")
	if err != nil {
		t.Fatal(err)
	}
	resp, body := upload(t, "page", map[string][]byte{"fake_CIN_data.xml": data})
	page := string(body)
	if resp.StatusCode != 200 || !strings.Contains(page, "CIN census checked") || !strings.Contains(page, "332 children checked") {
		t.Fatalf("CIN upload: %d %.400s", resp.StatusCode, page)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Error("a report of child-level data must not be cached")
	}
	resp, body = upload(t, "csv", map[string][]byte{"fake_CIN_data.xml": data})
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "cin-validation.csv") || !strings.HasPrefix(string(body), "rule,message,") {
		t.Errorf("CIN CSV report: %d %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
}

// csvOf writes a table as the CSV a council's system exports.
func csvOf(t *ssda903.Table) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(t.Columns)
	w.WriteAll(t.Rows)
	return b.Bytes()
}

// Last year's return and earlier years' episodes, uploaded beside a clean
// synthetic return, turn on the rules comparing years and clear 1002's
// false positives for care leavers who left before last year.
func TestValidateUploadWithEarlierYears(t *testing.T) {
	cs, err := synth.Generate903(synth.Options{Seed: 11, CodeFilter: []string{"805"}})
	if err != nil {
		t.Fatal(err)
	}
	ret := cs[0].Return
	cur := map[string][]byte{}
	for name, tab := range ret.Tables {
		cur[name+".csv"] = csvOf(tab)
	}
	prev := map[string][]byte{}
	for name, tab := range ret.Last {
		prev[name+".csv"] = csvOf(tab)
	}
	earlier := map[string][]byte{"episodes_2022.csv": csvOf(ret.Earlier)}

	_, body := uploadForm(t, "2025", "csv", map[string]map[string][]byte{"files": cur, "previous": prev})
	if !strings.Contains(string(body), "\n1002,") {
		t.Errorf("without earlier years, 1002 should fault care leavers who left before last year:\n%.500s", body)
	}
	resp, body := uploadForm(t, "2025", "csv", map[string]map[string][]byte{"files": cur, "previous": prev, "earlier": earlier})
	if resp.StatusCode != 200 || strings.Count(string(body), "\n") != 1 {
		t.Errorf("a clean return with its history: %d, want no findings:\n%.800s", resp.StatusCode, body)
	}
	resp, body = uploadForm(t, "2025", "page", map[string]map[string][]byte{"files": cur, "earlier": earlier})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "last year") {
		t.Errorf("earlier years without last year's return: %d %.300s", resp.StatusCode, body)
	}
}
