package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const multiyearDir = "../../forecast/testdata/multiyear_2017_2021"

func TestForecastModelCSVWithScenarioAndCapacity(t *testing.T) {
	dir := t.TempDir()
	capFile := filepath.Join(dir, "places.csv")
	os.WriteFile(capFile, []byte("category,month,places\nfostering,,30\nresidential,,6\n"), 0o644)
	var out, errb bytes.Buffer
	err := forecastModelCmd(context.Background(), []string{"--episodes", multiyearDir, "--runs", "200", "--horizon-months", "24",
		"--scenario", "stepdown=rate:residential>fostering=x2", "--capacity", capFile, "--format", "csv"}, &out, &errb)
	if err != nil {
		t.Fatal(err, errb.String())
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "scenario,date,measure,scope,mean,p2_5,p10,p50,p90,p97_5,places,gap_p50,gap_p90" {
		t.Fatalf("header %v", rows[0])
	}
	find := func(sc, date, measure, scope string) []string {
		for _, r := range rows {
			if r[0] == sc && r[1] == date && r[2] == measure && r[3] == scope {
				return r
			}
		}
		t.Fatalf("no row %s %s %s %s", sc, date, measure, scope)
		return nil
	}
	// 62 children were in care on 31 March 2022, the last return's end.
	if r := find("baseline", "2022-03-31", "children", "all"); r[4] != "62" || r[5] != "62" || r[9] != "62" {
		t.Errorf("start: %v", r)
	}
	find("stepdown", "2023-03-31", "children_diff", "residential")
	find("baseline", "2024-03-31", "spend_year", "all")
	if r := find("baseline", "2023-03-31", "need", "residential"); r[10] != "6" {
		t.Errorf("need row: %v", r)
	}
}

func TestForecastModelTextJSONAndAsOf(t *testing.T) {
	var out, errb bytes.Buffer
	if err := forecastModelCmd(context.Background(), []string{"--episodes", multiyearDir, "--runs", "100", "--as-of", "2021-06-30"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"As of 2021-03-31", "overlapping episodes", "2019-episodes.csv", "Costs per day", "set your own"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.Contains(text, "2021-episodes.csv") {
		t.Error("a forecast as of June 2021 used the return for 2021/22")
	}
	out.Reset()
	if err := forecastModelCmd(context.Background(), []string{"--episodes", multiyearDir, "--runs", "50", "--format", "json", "--fixed-rates"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		AsOf   string `json:"as_of"`
		Series []struct{ Measure string }
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || rep.AsOf != "2022-03-31" || len(rep.Series) == 0 {
		t.Errorf("json: %v %+v", err, rep.AsOf)
	}
}

func TestForecastModelBadInputIsNamed(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "places.csv")
	os.WriteFile(bad, []byte("category,month,places\nfostering,,many\n"), 0o644)
	var out, errb bytes.Buffer
	err := forecastModelCmd(context.Background(), []string{"--episodes", multiyearDir, "--capacity", bad}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), `places.csv: line 2, column "places"`) {
		t.Errorf("bad capacity: %v", err)
	}
	err = forecastModelCmd(context.Background(), []string{"--episodes", multiyearDir, "--scenario", "x=rate:homes>fostering=x2"}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), `no category "homes"`) {
		t.Errorf("bad scenario: %v", err)
	}
	noYear := filepath.Join(dir, "episodes.csv")
	os.WriteFile(noYear, []byte("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"), 0o644)
	err = forecastModelCmd(context.Background(), []string{noYear}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "which year") {
		t.Errorf("no year in the name: %v", err)
	}
}

func TestForecastModelBacktestRows(t *testing.T) {
	rows, err := forecastModelBacktestRows(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	models := map[string]bool{}
	for _, r := range rows {
		if r.Scope == "records" {
			models[r.Model] = true
		}
		if !strings.HasPrefix(r.Scope, "records") {
			t.Errorf("scope %q", r.Scope)
		}
	}
	if !models["stockflow"] || !models["naive"] || !models["trend"] {
		t.Errorf("models %v", models)
	}
	var out bytes.Buffer
	if err := writeForecastBacktest(&out, rows, "csv"); err != nil || !strings.HasPrefix(out.String(), "scope,model,horizon_years,mape,coverage80\nrecords,stockflow,1,") {
		t.Errorf("%v %q", err, out.String()[:80])
	}
}
