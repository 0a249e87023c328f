package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/duckdb"
	"github.com/sightline-uk/sightline/snapshot"
)

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeBundled(t *testing.T, dir, name string) string {
	t.Helper()
	f, ok := snapshot.Lookup(name)
	if !ok {
		t.Fatalf("%s not bundled", name)
	}
	data, err := f.Read()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func datasetCount(t *testing.T, db string) int {
	t.Helper()
	s, err := duckdb.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ds, err := s.Datasets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(ds)
}

func TestImportIsIdempotentAndRejectsBadFilesWhole(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.duckdb")
	good := writeBundled(t, dir, "d3_cpps_subsequent_plan_2013_to_2025.csv")
	code, out, errs := runCmd(t, "import", "--db", db, good)
	if code != 0 || !strings.Contains(out, "imported") || !strings.Contains(out, "cin_d3") {
		t.Fatalf("first import: %d %q %q", code, out, errs)
	}
	code, out, _ = runCmd(t, "import", "--db", db, good)
	if code != 0 || !strings.Contains(out, "unchanged") {
		t.Fatalf("second import should change nothing: %d %q", code, out)
	}
	// A truncated copy of another publication: rejected whole, exit 2, with
	// the file and line named; the store keeps exactly what it had.
	data, _ := os.ReadFile(writeBundled(t, dir, "d5_cpps_at31march_by_duration_2013_to_2025.csv"))
	bad := filepath.Join(dir, "d5_truncated.csv")
	os.WriteFile(bad, data[:len(data)/2], 0o644)
	code, _, errs = runCmd(t, "import", "--db", db, bad)
	if code != 2 || !strings.Contains(errs, "d5_truncated.csv") || !strings.Contains(errs, "line ") {
		t.Fatalf("truncated import: exit %d, stderr %q", code, errs)
	}
	if n := datasetCount(t, db); n != 1 {
		t.Fatalf("store has %d datasets after a rejected import, want 1", n)
	}
}

func TestExportAndIndicators(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.duckdb")
	if code, _, errs := runCmd(t, "import", "--db", db, "--snapshot"); code != 0 {
		t.Fatalf("snapshot import: %s", errs)
	}
	code, out, errs := runCmd(t, "export", "--db", db, "--indicator", "cla_rate", "--council", "E08000025", "--format", "csv")
	if code != 0 {
		t.Fatalf("export: %s", errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if len(r) > 9 && r[0] == "2025" && r[9] == "Birmingham" {
			found = true
		}
	}
	if !found || rows[0][0] != "time_period" {
		t.Fatalf("export lacks Birmingham 2025 or the EES header: %v", rows[:2])
	}
	xlsx := filepath.Join(dir, "out.xlsx")
	if code, _, errs := runCmd(t, "export", "--db", db, "--format", "xlsx", "--out", xlsx); code != 0 {
		t.Fatalf("xlsx export: %s", errs)
	}
	if st, err := os.Stat(xlsx); err != nil || st.Size() < 10000 {
		t.Fatalf("xlsx: %v %v", st, err)
	}
	if code, _, errs := runCmd(t, "export", "--db", db, "--dataset", "cin_b1", "--format", "parquet", "--out", filepath.Join(dir, "b1.parquet")); code != 0 {
		t.Fatalf("parquet export: %s", errs)
	}
	if code, _, _ := runCmd(t, "export", "--db", db, "--indicator", "no_such"); code != 2 {
		t.Errorf("unknown indicator: exit %d, want 2", code)
	}
	code, out, _ = runCmd(t, "indicators", "--format", "csv")
	if code != 0 {
		t.Fatal("indicators failed")
	}
	if rows, _ := csv.NewReader(strings.NewReader(out)).ReadAll(); len(rows) < 31 {
		t.Errorf("%d catalogue rows, want at least 30", len(rows)-1)
	}
}

func TestUsage(t *testing.T) {
	if code, _, _ := runCmd(t); code != 2 {
		t.Error("no command should exit 2")
	}
	if code, _, errs := runCmd(t, "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Error("unknown command should exit 2 and say so")
	}
	if code, out, _ := runCmd(t, "help"); code != 0 || !strings.Contains(out, "sightline serve") {
		t.Error("help")
	}
}
