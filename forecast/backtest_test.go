package forecast

import (
	"fmt"
	"testing"
	"time"
)

func TestBacktestOnTheBundledReturns(t *testing.T) {
	years, _ := bundled(t)
	rows, outcomes, err := Backtest(years, DefaultStateSpace(), DefaultBacktestOptions())
	if err != nil {
		t.Fatal(err)
	}
	get := func(scope, model string, h int) BacktestRow {
		for _, r := range rows {
			if r.Scope == scope && r.Model == model && r.HorizonYears == h {
				return r
			}
		}
		t.Fatalf("no row %s %s %d", scope, model, h)
		return BacktestRow{}
	}
	for _, m := range []string{"stockflow", "naive", "trend"} {
		for h := 1; h <= 3; h++ {
			r := get("records", m, h)
			if r.Coverage80 < 0 || r.Coverage80 > 1 || r.MAPE < 0 {
				t.Errorf("%+v", r)
			}
		}
	}
	get("records:10-16 fostering", "stockflow", 1)
	get("records:entrants", "trend", 2)
	// The naive forecast from 31 March 2021 is that day's own count, and
	// the actual a year on is the last return's count.
	for _, o := range outcomes {
		if o.Scope == "records" && o.Model == "naive" && o.Origin.Equal(day(2021, time.March, 31)) && o.HorizonYears == 1 {
			if o.Forecast != 103 || o.Actual != 62 {
				t.Errorf("naive from 2021: %+v, want 103 against 62", o)
			}
		}
	}
	// On this council the model beats carrying the last count forward a
	// year ahead (its stock falls steeply; the model follows the flows).
	if s, n := get("records", "stockflow", 1), get("records", "naive", 1); s.MAPE >= n.MAPE {
		t.Errorf("stockflow MAPE %.1f, naive %.1f", s.MAPE, n.MAPE)
	}
	for _, r := range rows {
		t.Logf("%-28s %-9s %d %7.1f %.2f", r.Scope, r.Model, r.HorizonYears, r.MAPE, r.Coverage80)
	}
}

// A forecast uses only the returns published by its as-of date: removing
// the later returns changes none of the forecasts made before them.
func TestBacktestForecastsSeeNothingAfterTheirOrigin(t *testing.T) {
	years, _ := bundled(t)
	opts := DefaultBacktestOptions()
	opts.Runs = 200
	_, all, err := Backtest(years, DefaultStateSpace(), opts)
	if err != nil {
		t.Fatal(err)
	}
	_, fewer, err := Backtest(years[:4], DefaultStateSpace(), opts)
	if err != nil {
		t.Fatal(err)
	}
	key := func(o Outcome) string { return fmt.Sprint(o.Scope, o.Model, o.Origin, o.HorizonYears) }
	seen := map[string]Outcome{}
	for _, o := range all {
		seen[key(o)] = o
	}
	compared := 0
	for _, o := range fewer {
		a, ok := seen[key(o)]
		if !ok {
			continue
		}
		compared++
		if a.Forecast != o.Forecast || a.Low != o.Low || a.High != o.High {
			t.Fatalf("%s: forecast %v with the 2021 return, %v without", key(o), a.Forecast, o.Forecast)
		}
	}
	if compared == 0 {
		t.Fatal("nothing compared")
	}
}
