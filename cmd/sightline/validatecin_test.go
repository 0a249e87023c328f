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
