package main

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
)

func TestBacktestCommand(t *testing.T) {
	db := importRiskFiles(t)

	code, out, errs := runCmd(t, "backtest", "--db", db, "--format", "csv")
	if code != 0 {
		t.Fatalf("backtest: exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"origin", "method", "test_inspections", "test_inadequate", "auc", "brier", "precision_at_15", "recall_at_15"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("no column %s in %v", h, rows[0])
		}
	}
	pooled := map[string][]string{}
	perOrigin := 0
	for _, r := range rows[1:] {
		if r[col["origin"]] == "pooled" {
			pooled[r[col["method"]]] = r
		} else {
			perOrigin++
		}
	}
	// The model and both baselines, pooled, on the same inspections.
	for _, m := range []string{"model", "previous judgement", "single indicator"} {
		r, ok := pooled[m]
		if !ok {
			t.Fatalf("no pooled row for %s:\n%s", m, out)
		}
		auc, err1 := strconv.ParseFloat(r[col["auc"]], 64)
		brier, err2 := strconv.ParseFloat(r[col["brier"]], 64)
		if err1 != nil || err2 != nil || auc < 0 || auc > 1 || brier < 0 || brier > 1 {
			t.Errorf("%s: auc %q brier %q", m, r[col["auc"]], r[col["brier"]])
		}
		if r[col["test_inspections"]] != pooled["model"][col["test_inspections"]] {
			t.Errorf("%s was tested on %s inspections, the model on %s", m, r[col["test_inspections"]], pooled["model"][col["test_inspections"]])
		}
	}
	if perOrigin != 3*4 {
		t.Errorf("%d per-origin rows, want 3 methods × 4 origins", perOrigin)
	}

	code, out, errs = runCmd(t, "backtest", "--db", db)
	if code != 0 {
		t.Fatalf("backtest text: exit %d: %s", code, errs)
	}
	for _, want := range []string{"pooled", "Base rate: ", "precision@15 and recall@15: at each origin", "Verdict: "} {
		if !strings.Contains(out, want) {
			t.Errorf("the text report lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := runCmd(t, "backtest", "--db", db, "--format", "xlsx"); code != 2 {
		t.Errorf("backtest --format xlsx: exit %d, want 2", code)
	}
}
