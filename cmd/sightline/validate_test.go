package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fakeReturn(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("../../ssda903/testdata/fake_2017/*.csv")
	if len(files) < 10 {
		t.Fatalf("fake return missing: %v", files)
	}
	return files
}

func TestValidate903Formats(t *testing.T) {
	files := fakeReturn(t)
	code, out, errs := runCmd(t, append([]string{"validate", "903", "--year", "2018", "--format", "json"}, files...)...)
	if code != 1 {
		t.Fatalf("a return with errors should exit 1, got %d (%s)", code, errs)
	}
	var findings []map[string]any
	if err := json.Unmarshal([]byte(out), &findings); err != nil {
		t.Fatalf("JSON report is not a list: %v", err)
	}
	if len(findings) == 0 {
		t.Fatal("no findings in the JSON report")
	}
	// A 2017/18 return is checked with the oldest rules Sightline has
	// (2022/23), under which sex is coded 1/2: rule 101 must not fault it.
	for _, f := range findings {
		if f["rule"] == "101" {
			t.Fatalf("rule 101 faulted a 1/2 sex code in a 2017/18 return: %v", f)
		}
	}
	if !strings.Contains(errs, "2022/23") {
		t.Errorf("stderr should say which rules stood in for 2017/18: %q", errs)
	}
	for _, k := range []string{"rule", "table", "row", "child", "fields"} {
		if _, ok := findings[0][k]; !ok {
			t.Errorf("JSON finding lacks %q: %v", k, findings[0])
		}
	}
	// Each finding points at a real line of a real file with that child.
	f := findings[0]
	data, err := os.ReadFile(filepath.Join("../../ssda903/testdata/fake_2017", f["file"].(string)))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	row := int(f["row"].(float64))
	if row < 2 || row > len(lines) || !strings.HasPrefix(lines[row-1], f["child"].(string)+",") {
		t.Errorf("finding %v does not point at its child's line", f)
	}

	code, out, _ = runCmd(t, append([]string{"validate", "903", "--year", "2018", "--format", "csv"}, files...)...)
	if code != 1 || !strings.HasPrefix(out, "rule,message,table,file,row,child,fields,kind\n") {
		t.Errorf("CSV report: exit %d, starts %.80q", code, out)
	}
	xlsx := filepath.Join(t.TempDir(), "r.xlsx")
	if code, _, _ := runCmd(t, append([]string{"validate", "903", "--year", "2018", "--format", "xlsx", "--out", xlsx}, files...)...); code != 1 {
		t.Errorf("xlsx report exit %d", code)
	}
	if st, err := os.Stat(xlsx); err != nil || st.Size() < 5000 {
		t.Errorf("xlsx report %v %v", st, err)
	}
	code, out, _ = runCmd(t, append([]string{"validate", "903", "--year", "2018"}, files...)...)
	if code != 1 || !strings.Contains(out, "errors and") || !strings.Contains(out, "RULE") {
		t.Errorf("text report: exit %d\n%.300s", code, out)
	}
}

func TestValidate903BadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "header.csv")
	os.WriteFile(bad, []byte("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER\n1,M,01/01/2010,WBRI,,\n"), 0o644)
	code, _, errs := runCmd(t, "validate", "903", bad)
	if code != 2 || !strings.Contains(errs, "header.csv") || !strings.Contains(errs, "MC_DOB") {
		t.Errorf("unreadable return: exit %d, %q", code, errs)
	}
	if code, _, _ := runCmd(t, "validate", "903", filepath.Join(dir, "nope.csv")); code != 2 {
		t.Errorf("missing file: exit %d", code)
	}
	if code, _, _ := runCmd(t, "validate", "cin"); code != 2 {
		t.Errorf("validate cin needs a file, exit 2, got %d", code)
	}
	good := filepath.Join(dir, "missing.csv")
	os.WriteFile(good, []byte("CHILD,DOB,MISSING,MIS_START,MIS_END\n"), 0o644)
	if code, out, errs := runCmd(t, "validate", "903", good); code != 0 || !strings.Contains(out, "No errors") {
		t.Errorf("an empty table has no errors: exit %d %q %q", code, out, errs)
	}
}
