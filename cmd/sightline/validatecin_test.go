package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateCIN(t *testing.T) {
	file := "../../cin/testdata/fake/fake_CIN_data.xml"
	code, out, errs := runCmd(t, "validate", "cin", "--format", "json", file)
	var findings []map[string]any
	if err := json.Unmarshal([]byte(out), &findings); err != nil {
		t.Fatalf("JSON report is not a list (exit %d, %s): %v", code, errs, err)
	}
	nErr := 0
	for _, f := range findings {
		switch f["kind"] {
		case "error":
			nErr++
		case "query":
		default:
			t.Fatalf("finding without error/query kind: %v", f)
		}
		for _, k := range []string{"rule", "table", "row", "child", "fields"} {
			if _, ok := f[k]; !ok {
				t.Fatalf("finding lacks %q: %v", k, f)
			}
		}
	}
	// Errors fail the return; queries alone do not.
	if want := map[bool]int{true: 1, false: 0}[nErr > 0]; code != want {
		t.Errorf("exit %d with %d errors, want %d", code, nErr, want)
	}
	// The fake file's ReferralNFA values ('true'/'false') break the schema,
	// which allows only 0 and 1: reported as schema errors.
	schema := 0
	for _, f := range findings {
		if f["rule"] == "schema" {
			schema++
		}
	}
	if schema != 402 {
		t.Errorf("%d schema errors, want 402 (one per CIN episode's ReferralNFA)", schema)
	}
	code, out, _ = runCmd(t, "validate", "cin", file)
	if !strings.HasPrefix(out, "CIN census for 2022/23 (LA 975): 332 children") {
		t.Errorf("text report starts %.120q", out)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.xml")
	os.WriteFile(bad, []byte("<Message><Children><Child><ChildIdentifiers><Colour/></ChildIdentifiers></Child></Children></Message>"), 0o644)
	if code, _, errs := runCmd(t, "validate", "cin", bad); code != 2 || !strings.Contains(errs, "bad.xml") || !strings.Contains(errs, "Colour") {
		t.Errorf("unreadable census: exit %d %q", code, errs)
	}
}

// Several census files make one report whose findings are each file's
// own, and an unreadable file is named without hiding the others' report.
func TestValidateCINSeveralFiles(t *testing.T) {
	files, _ := filepath.Glob("../../cin/testdata/fake/*.xml")
	count := func(args ...string) map[string]int {
		t.Helper()
		_, out, errs := runCmd(t, append([]string{"validate", "cin", "--format", "json"}, args...)...)
		var findings []map[string]any
		if err := json.Unmarshal([]byte(out), &findings); err != nil {
			t.Fatalf("%s: %v", errs, err)
		}
		byFile := map[string]int{}
		for _, f := range findings {
			byFile[f["file"].(string)]++
		}
		return byFile
	}
	all := count(files...)
	for _, f := range files {
		one := count(f)
		if len(one) != 1 || one[filepath.Base(f)] == 0 || one[filepath.Base(f)] != all[filepath.Base(f)] {
			t.Errorf("%s alone: %v; among all: %v", f, one, all)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.xml")
	os.WriteFile(bad, []byte("<Message><Children>"), 0o644)
	code, out, errs := runCmd(t, append([]string{"validate", "cin"}, append(files, bad)...)...)
	if code != 2 || !strings.Contains(errs, "bad.xml") || !strings.Contains(errs, "1 of 5 files could not be read") {
		t.Errorf("with an unreadable file: exit %d %q", code, errs)
	}
	if !strings.HasPrefix(out, "4 CIN census files:") {
		t.Errorf("report of the readable files: %.100q", out)
	}
}
