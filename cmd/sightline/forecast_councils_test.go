package main

import (
	"context"
	"encoding/csv"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/forecast/published"
)

// importCLA imports the published numbers of children looked after into a
// DuckDB file in the test's temporary directory, as a user would.
func importCLA(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "cla.duckdb")
	if code, _, errs := runCmd(t, "import", "--db", db, writeBundled(t, dir, "cla_number_and_rate_per_10k_children.csv")); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	return db
}

// TestForecastCouncilsCSV: forecasts made as of 2024 for 2025, checked
// against what was published for 2025: every current council with a
// series has one, and about four in five large councils' published figures
// fall inside their 80% intervals.
func TestForecastCouncilsCSV(t *testing.T) {
	db := importCLA(t)
	code, out, errs := runCmd(t, "forecast", "councils", "--db", db, "--as-of-year", "2024", "--years", "1", "--measure", "cla", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(forecastCouncilsHeader, ",") {
		t.Fatalf("header %v", rows[0])
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	// What was published for 2025, from the full series.
	_, latest, _ := runCmd(t, "forecast", "councils", "--db", db, "--years", "1", "--measure", "cla", "--format", "csv")
	published2025 := map[string]float64{}
	lrows, _ := csv.NewReader(strings.NewReader(latest)).ReadAll()
	for _, r := range lrows[1:] {
		if r[col["last_year"]] == "2025" {
			published2025[r[col["la_code"]]], _ = strconv.ParseFloat(r[col["last"]], 64)
		}
	}
	var inside, n int
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		num := func(c string) float64 { v, _ := strconv.ParseFloat(r[col[c]], 64); return v }
		seen[r[col["la_code"]]] = true
		if r[col["year"]] != "2025" || r[col["as_of_year"]] != "2024" || r[col["model"]] != published.Shipped["cla"] {
			t.Fatalf("row %v", r)
		}
		if !(num("lower95") <= num("lower80") && num("lower80") <= num("forecast") && num("forecast") <= num("upper80") && num("upper80") <= num("upper95")) {
			t.Fatalf("interval out of order: %v", r)
		}
		actual, ok := published2025[r[col["la_code"]]]
		if !ok || num("last") <= published.MinSize {
			continue
		}
		n++
		if num("lower80") <= actual && actual <= num("upper80") {
			inside++
		}
	}
	for _, c := range []string{"E08000025", "E06000063", "E06000066", "E06000061"} {
		if !seen[c] {
			t.Errorf("no forecast for %s", c)
		}
	}
	cov := float64(inside) / float64(n)
	t.Logf("2025 inside the 80%% interval made in 2024: %d of %d large councils (%.3f)", inside, n, cov)
	if n < 120 || cov < 0.7 || cov > 0.95 {
		t.Errorf("%d of %d inside the 80%% interval", inside, n)
	}
}

func TestForecastCouncilsOneCouncilAndErrors(t *testing.T) {
	db := importCLA(t)
	// Somerset under its former code continues as one series.
	code, out, errs := runCmd(t, "forecast", "councils", "--db", db, "--council", "E10000027", "--format", "text")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Count(out, "E06000066") != 6 {
		t.Errorf("want three years of both measures for Somerset:\n%s", out)
	}
	for _, args := range [][]string{
		{"--years", "4"}, {"--format", "xml"}, {"--measure", "ceased"}, {"--council", "E10000006"}, {"--as-of-year", "2030"},
	} {
		code, _, errs := runCmd(t, append([]string{"forecast", "councils", "--db", db}, args...)...)
		if code == 0 {
			t.Errorf("%v accepted", args)
		}
		if errs == "" {
			t.Errorf("%v: no message", args)
		}
	}
}

func TestForecastCouncilsBacktestRows(t *testing.T) {
	db := importCLA(t)
	rows, err := forecastCouncilsBacktestRows(context.Background(), db, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2*3*len(published.Models) {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		if r.Scope != "councils" || r.MAPE <= 0 || r.Coverage80 <= 0 || r.Coverage80 > 1 {
			t.Errorf("%+v", r)
		}
	}
}
