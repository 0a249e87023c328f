package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func peersRun(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := peersCmd(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), err
}

// TestPeersCommand runs the command on a fresh database, which it fills
// with the bundled snapshot first, in each format and with --validate.
func TestPeersCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.duckdb")

	out, errs, err := peersRun(t, "--db", db, "--council", "E08000012", "--indicator", "rereferral_pct")
	if err != nil {
		t.Fatalf("text: %v\n%s", err, errs)
	}
	if !strings.Contains(errs, "importing the bundled England snapshot") {
		t.Errorf("an empty database should be filled first; stderr %q", errs)
	}
	for _, want := range []string{"Improvement brief: Liverpool (E08000012), Re-referrals within 12 months, 2025",
		"30.5%", "worse than expected", "PEER", "GAP CLOSED", "Trajectories", "30.5*", "Enablers of improvement", "Method:"} {
		if !strings.Contains(out, want) {
			t.Errorf("text brief lacks %q:\n%s", want, out)
		}
	}

	out, _, err = peersRun(t, "--db", db, "--council", "E08000012", "--indicator", "rereferral_pct", "--year", "2022", "--format", "json", "--peers", "3")
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Year     int `json:"year"`
		Standing struct {
			Value float64 `json:"value"`
		} `json:"standing"`
		Peers []struct {
			Code     string `json:"code"`
			Episodes []struct {
				HeldTo int `json:"held_to"`
			} `json:"episodes"`
		} `json:"peers"`
	}
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if b.Year != 2022 || b.Standing.Value != 21.8 || len(b.Peers) != 3 {
		t.Errorf("json brief: year %d value %v, %d peers; want 2022, 21.8 (published), 3", b.Year, b.Standing.Value, len(b.Peers))
	}
	for _, p := range b.Peers {
		for _, e := range p.Episodes {
			if e.HeldTo > 2022 {
				t.Errorf("peer %s's improvement is dated %d, after the as-of year", p.Code, e.HeldTo)
			}
		}
	}

	xlsx := filepath.Join(dir, "brief.xlsx")
	if _, _, err := peersRun(t, "--db", db, "--council", "E08000012", "--indicator", "rereferral_pct", "--format", "xlsx", "--out", xlsx); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Data")
	f.Close()
	if err != nil || len(rows) < 30 || rows[1][0] != "standing" || rows[1][2] != "Liverpool" {
		t.Errorf("workbook rows %d, first %v (%v)", len(rows), rows[1], err)
	}

	out, _, err = peersRun(t, "--db", db, "--validate")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"INDICATOR", "MAE PEERS", "rereferral_pct (flagged)", "injury_admissions_rate", "persistence", "Method:"} {
		if !strings.Contains(out, want) {
			t.Errorf("validation lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "The peers' forecast wins") && !strings.Contains(out, "The peers' forecast does not win") {
		t.Errorf("validation gives no verdict:\n%s", out)
	}
}

func TestPeersUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--council", "E08000012"},
		{"--council", "E08000012", "--indicator", "rereferral_pct", "--format", "pdf"},
		{"--council", "E08000012", "--indicator", "rereferral_pct", "--format", "xlsx"},
		{"--council", "E99999999", "--indicator", "rereferral_pct"},
		{"--council", "E08000012", "--indicator", "cla_rate"},
		{"--council", "E08000012", "--indicator", "nope"},
	} {
		_, _, err := peersRun(t, append([]string{"--db", filepath.Join(t.TempDir(), "never.duckdb")}, args...)...)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("peers %v: %v, want a usage error", args, err)
		}
	}
}
