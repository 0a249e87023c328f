package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/geography"
)

// riskFiles are the bundled published files the risk model reads: Ofsted's
// judgements and the statistics behind its inputs (the workforce, children
// in need, child protection, care and care leavers, and the population).
// Importing these, rather than the whole snapshot, keeps the command tests
// quick; the risk package's own tests use the whole snapshot.
var riskFiles = []string{
	"ofsted_ilacs_inspections_2018_to_2023-03.csv",
	"csww_indicators_2017_to_2025.csv",
	"b1_children_in_need_2013_to_2025.csv",
	"c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
	"d3_cpps_subsequent_plan_2013_to_2025.csv",
	"d5_cpps_at31march_by_duration_2013_to_2025.csv",
	"ons_mid-year_population_estimates_2012_to_2024.csv",
	"cla_number_and_rate_per_10k_children.csv",
	"la_cla_placement_stability.csv",
	"la_care_leavers_activity.csv",
	"la_care_leavers_accommodation_suitability.csv",
}

// importRiskFiles imports the published files the risk model reads into a
// DuckDB file in the test's temporary directory, as a user would.
func importRiskFiles(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	args := []string{"import", "--db", filepath.Join(dir, "risk.duckdb")}
	for _, f := range riskFiles {
		args = append(args, writeBundled(t, dir, f))
	}
	if code, _, errs := runCmd(t, args...); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	return args[2]
}

// readRiskCSV checks the stable interface of sightline risk --format csv:
// the header la_code,la_name,risk and one row per current council, each
// with its nine-character code, its name and a risk in [0, 1].
func readRiskCSV(t *testing.T, out string) map[string]float64 {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "la_code,la_name,risk" {
		t.Fatalf("header %v", rows[:min(1, len(rows))])
	}
	reg := geography.Default()
	current := map[string]string{}
	for _, c := range reg.Councils() {
		if c.Current {
			current[c.Code] = c.Name
		}
	}
	risks := map[string]float64{}
	for _, r := range rows[1:] {
		if len(r) != 3 || len(r[0]) != 9 {
			t.Fatalf("row %v", r)
		}
		name, ok := current[r[0]]
		if !ok || name != r[1] {
			t.Fatalf("row %v is not a current council (%q)", r, name)
		}
		v, err := strconv.ParseFloat(r[2], 64)
		if err != nil || v < 0 || v > 1 {
			t.Fatalf("risk %q for %s", r[2], r[0])
		}
		if _, dup := risks[r[0]]; dup {
			t.Fatalf("%s twice", r[0])
		}
		risks[r[0]] = v
	}
	if len(risks) != len(current) {
		t.Fatalf("%d rows for %d current councils", len(risks), len(current))
	}
	return risks
}

func TestRiskCommand(t *testing.T) {
	db := importRiskFiles(t)

	code, out, errs := runCmd(t, "risk", "--db", db, "--as-of", "2022-04-01", "--format", "csv")
	if code != 0 {
		t.Fatalf("risk: exit %d: %s", code, errs)
	}
	risks := readRiskCSV(t, out)
	distinct := map[float64]bool{}
	for _, v := range risks {
		distinct[v] = true
	}
	if len(distinct) < 2 {
		t.Errorf("as of 2022 the judgements published so far should tell some councils apart: %v", distinct)
	}

	// Before any judgement was published nothing is known: every council
	// gets ½, and the command still works.
	code, out, errs = runCmd(t, "risk", "--db", db, "--as-of", "2017-06-01") // CSV is the default
	if code != 0 {
		t.Fatalf("risk before any judgement: exit %d: %s", code, errs)
	}
	for c, v := range readRiskCSV(t, out) {
		if v != 0.5 {
			t.Fatalf("%s scored %v before any judgement, want 0.5", c, v)
		}
	}

	// JSON carries the method, the reason for it and every score's reasons.
	code, out, errs = runCmd(t, "risk", "--db", db, "--as-of", "2023-04-01", "--format", "json")
	if code != 0 {
		t.Fatalf("risk json: exit %d: %s", code, errs)
	}
	var doc struct {
		AsOf   string `json:"as_of"`
		Method string `json:"method"`
		Reason string `json:"reason"`
		Scores []struct {
			Code          string  `json:"la_code"`
			Risk          float64 `json:"risk"`
			Contributions []struct {
				Text string `json:"text"`
			} `json:"contributions"`
		} `json:"scores"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.AsOf != "2023-04-01" || doc.Method == "" || doc.Reason == "" || len(doc.Scores) != len(risks) {
		t.Fatalf("json: as_of %q method %q, %d scores", doc.AsOf, doc.Method, len(doc.Scores))
	}
	for _, s := range doc.Scores {
		if len(s.Contributions) == 0 || s.Contributions[0].Text == "" {
			t.Fatalf("%s has no explanation", s.Code)
		}
	}

	// The text form names the method and why it was chosen.
	code, out, _ = runCmd(t, "risk", "--db", db, "--as-of", "2023-04-01", "--format", "text")
	if code != 0 || !strings.Contains(out, "Method: ") || !strings.Contains(out, "Why this method: ") || !strings.Contains(out, "E08000025") {
		t.Fatalf("text: exit %d\n%s", code, out)
	}

	for _, bad := range [][]string{{"--as-of", "1 April 2022"}, {"--format", "xml"}, {"stray"}} {
		if code, _, errs := runCmd(t, append([]string{"risk", "--db", db}, bad...)...); code != 2 || errs == "" {
			t.Errorf("risk %v: exit %d, want 2 with a message", bad, code)
		}
	}
	// An empty store is filled with the bundled snapshot first, as every
	// command does, so risk works from a fresh checkout.
	code, out, errs = runCmd(t, "risk", "--db", filepath.Join(t.TempDir(), "empty.duckdb"), "--as-of", "2022-04-01")
	if code != 0 || !strings.Contains(errs, "importing the bundled England snapshot") || !strings.HasPrefix(out, "la_code,la_name,risk\n") {
		t.Errorf("risk on an empty store: exit %d, %q", code, errs)
	}
}
