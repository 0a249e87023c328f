package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// warn fills an empty store from the bundled snapshot, ranks councils, and
// gives one council's warnings as JSON and everyone's as CSV.
func TestWarn(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	code, out, errs := runCmd(t, "warn", "--db", db)
	if code != 0 || !strings.Contains(errs, "importing the bundled England snapshot") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "RANK") || len(lines) < 50 || !strings.HasPrefix(strings.TrimSpace(lines[1]), "1 ") {
		t.Fatalf("ranking: %.500s", out)
	}
	code, out, _ = runCmd(t, "warn", "--db", db, "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) < 500 || rows[0][0] != "council" || rows[0][len(rows[0])-1] != "words" {
		t.Fatalf("csv: exit %d, %v, %d rows", code, err, len(rows))
	}
	code, out, _ = runCmd(t, "warn", "--db", db, "--council", "E08000025", "--format", "json")
	var ws []struct {
		Council string `json:"council"`
		Verdict string `json:"verdict"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &ws) != nil {
		t.Fatalf("json: exit %d %.300s", code, out)
	}
	for _, w := range ws {
		if w.Council != "E08000025" {
			t.Errorf("another council's warning: %+v", w)
		}
	}
	if code, _, _ := runCmd(t, "warn", "--db", db, "--council", "E99999999"); code != 2 {
		t.Errorf("unknown council: exit %d", code)
	}
	if code, _, _ := runCmd(t, "warn", "--db", db, "--format", "pdf"); code != 2 {
		t.Errorf("bad format: exit %d", code)
	}
}

// The simulation study prints a row per signal with its false-alarm rate
// and detection figures as proportions.
func TestWarnSimulate(t *testing.T) {
	code, out, errs := runCmd(t, "warn", "--simulate", "--runs", "500", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) < 20 {
		t.Fatalf("exit %d (%s), %v, %d rows", code, errs, err, len(rows))
	}
	if rows[0][0] != "signal" || !strings.Contains(rows[0][1], "false alarm") {
		t.Errorf("header %v", rows[0])
	}
	for _, r := range rows[1:] {
		if len(r) != len(rows[0]) || r[0] == "" {
			t.Fatalf("row %v", r)
		}
	}
}
