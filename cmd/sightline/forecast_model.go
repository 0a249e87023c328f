package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sightline-uk/sightline/forecast"
	"github.com/sightline-uk/sightline/ssda903"
)

// repeatFlag collects a flag given several times, keeping commas (a
// scenario's changes are comma-separated).
type repeatFlag []string

func (r *repeatFlag) String() string     { return strings.Join(*r, "; ") }
func (r *repeatFlag) Set(v string) error { *r = append(*r, v); return nil }

const forecastModelUsage = `usage: sightline forecast model --episodes DIR [flags] [FILES…]

Projects the council's children in care by age band and placement category
from its own SSDA903 returns: point --episodes at a folder of yearly CSV
tables (2019-episodes.csv, 2019-header.csv, 2020-episodes.csv, …; the year
in each name groups them, what each year covers is read from its dates),
or name the files. Other tables in the folder are ignored.

Scenarios (--scenario, repeatable) are NAME=CHANGE[,CHANGE…]:
  entry=-10%                          every entry rate 10% lower
  entry:residential=-20%              entries into one category
  entrants:residential>fostering=20%  a fifth of residential entrants fostered instead
  moves:residential>fostering=20%     a fifth of moves into residential go to fostering
  rate:residential>fostering=x1.5     step-down to fostering 1.5 times as fast
  leave:supported=+10%                leaving care from a category

--costs FILE: category,per_day (CSV) or {"fostering": 100, …} (JSON).
--capacity FILE: category,month,places; a blank month gives the places from
the start, a month (2025-10) changes them from then on.

`

// forecastModelCmd runs `sightline forecast model`.
func forecastModelCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("forecast model", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, forecastModelUsage); fs.PrintDefaults() }
	dir := fs.String("episodes", "", "folder of the council's yearly SSDA903 CSV tables (episodes and header)")
	horizon := fs.Int("horizon-months", 36, "months to project beyond the last return")
	window := fs.Int("window-years", forecast.DefaultWindowYears, "years of history the rates are estimated from")
	runs := fs.Int("runs", 1000, "simulation runs")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same figures")
	fixed := fs.Bool("fixed-rates", false, "use the point estimates in every run (intervals then leave out parameter uncertainty and drift)")
	bands := fs.String("bands", "0,1,5,10,16", "ages (whole years) at which the age bands start")
	asOf := fs.String("as-of", "", "forecast from this date (YYYY-MM-DD), using only the returns whose year had ended by then")
	costsFile := fs.String("costs", "", "daily costs by category (CSV category,per_day or JSON); default: illustrative national figures")
	capFile := fs.String("capacity", "", "places by category (CSV category,month,places) for the sufficiency gap")
	format := fs.String("format", "text", "text, csv or json")
	out := fs.String("out", "", "write to this file (default: standard output)")
	var scenarios repeatFlag
	fs.Var(&scenarios, "scenario", "a scenario NAME=CHANGE[,CHANGE…] to compare with the baseline (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *format != "text" && *format != "csv" && *format != "json" {
		return usageError("forecast model: --format must be text, csv or json")
	}
	if *horizon < 1 || *horizon > 120 {
		return usageError("forecast model: --horizon-months must be from 1 to 120")
	}
	if *runs < 1 || *runs > 100000 {
		return usageError("forecast model: --runs must be from 1 to 100000")
	}
	space, err := parseBands(*bands)
	if err != nil {
		return usageError("forecast model: --bands: " + err.Error())
	}
	var files []ssda903.File
	if *dir != "" {
		names, err := filepath.Glob(filepath.Join(*dir, "*.csv"))
		if err != nil {
			return err
		}
		if len(names) == 0 {
			return usageError("forecast model: no .csv files in " + *dir)
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				return err
			}
			files = append(files, ssda903.File{Name: n, Data: b})
		}
	}
	for _, n := range fs.Args() {
		b, err := os.ReadFile(n)
		if err != nil {
			return err
		}
		files = append(files, ssda903.File{Name: n, Data: b})
	}
	if len(files) == 0 {
		return usageError("forecast model: give --episodes DIR or the return's CSV files")
	}
	years, skipped, err := forecast.ReadYears(files)
	if err != nil {
		return err
	}
	if *asOf != "" {
		cut, err := time.Parse("2006-01-02", *asOf)
		if err != nil {
			return usageError("forecast model: --as-of must be a date like 2021-03-31")
		}
		years, err = yearsEndingBy(years, cut, space)
		if err != nil {
			return err
		}
	}
	var scs []forecast.Scenario
	for _, s := range scenarios {
		sc, err := forecast.ParseScenario(s, space)
		if err != nil {
			return usageError("forecast model: --scenario " + err.Error())
		}
		scs = append(scs, sc)
	}
	costs := forecast.DefaultCosts()
	if *costsFile != "" {
		b, err := os.ReadFile(*costsFile)
		if err != nil {
			return err
		}
		if costs, err = forecast.ReadCosts(*costsFile, b, space); err != nil {
			return err
		}
	}
	var capacity *forecast.Capacity
	if *capFile != "" {
		b, err := os.ReadFile(*capFile)
		if err != nil {
			return err
		}
		if capacity, err = forecast.ReadCapacity(*capFile, b, space); err != nil {
			return err
		}
	}
	rep, err := forecast.Run(years, skipped, forecast.Plan{Space: space, WindowYears: *window, Scenarios: scs, Costs: costs, Capacity: capacity,
		Options: forecast.Options{Months: *horizon, Runs: *runs, Seed: *seed, FixedRates: *fixed}})
	if err != nil {
		return err
	}
	var w io.Writer = stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	switch *format {
	case "csv":
		err = rep.WriteCSV(w)
	case "json":
		err = rep.WriteJSON(w)
	default:
		err = rep.WriteText(w)
	}
	if err != nil {
		return err
	}
	if *out != "" {
		fmt.Fprintf(stderr, "forecast written to %s\n", *out)
	}
	return nil
}

// yearsEndingBy keeps the returns whose year ended on or before cut: a
// forecast as of a past date sees only what was published by then.
func yearsEndingBy(years []forecast.YearTables, cut time.Time, space forecast.StateSpace) ([]forecast.YearTables, error) {
	var kept []forecast.YearTables
	for _, y := range years {
		h, err := forecast.BuildHistory([]forecast.YearTables{y}, space)
		if err != nil {
			return nil, err
		}
		if !h.End.After(cut) {
			y.End = h.End
			kept = append(kept, y)
		}
	}
	if len(kept) == 0 {
		return nil, usageError("forecast model: no return's year had ended by --as-of " + cut.Format("2006-01-02"))
	}
	return kept, nil
}

func parseBands(s string) (forecast.StateSpace, error) {
	var from []int
	for _, p := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return forecast.StateSpace{}, fmt.Errorf("%q is not a whole number of years", p)
		}
		from = append(from, n)
	}
	if !sort.IntsAreSorted(from) {
		return forecast.StateSpace{}, fmt.Errorf("ages must rise")
	}
	d := forecast.DefaultStateSpace()
	return forecast.NewStateSpace(forecast.BandsFromYears(from), d.Categories, d.Categories[d.Other].Name, d.LeaveAge)
}

// forecastModelBacktestRows backtests the record-level model on the
// bundled multi-year returns, for `sightline forecast backtest`.
func forecastModelBacktestRows(ctx context.Context) ([]forecast.BacktestRow, error) {
	years, err := forecast.BundledYears()
	if err != nil {
		return nil, err
	}
	rows, _, err := forecast.Backtest(years, forecast.DefaultStateSpace(), forecast.DefaultBacktestOptions())
	return rows, err
}
