package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"

	"github.com/sightline-uk/sightline/forecast"
	"github.com/sightline-uk/sightline/forecast/published"
)

// maxForecastYears is as far ahead as the backtest has checked forecasts.
const maxForecastYears = 3

// forecastCouncilsCmd writes every current council's forecast of children
// looked after at 31 March and of starters, from figures published by the
// as-of year only, with 80% and 95% prediction intervals. The CSV form is
// a stable interface for other tools.
func forecastCouncilsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("forecast councils", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	council := fs.String("council", "", "one council's ONS code (default every council)")
	years := fs.Int("years", maxForecastYears, "years ahead, 1 to 3")
	asOf := fs.Int("as-of-year", 0, "forecast from the figures published for the year ending 31 March of this year and before (default the newest)")
	measure := fs.String("measure", "all", "cla (looked after at 31 March), starts (starting in the year) or all")
	format := fs.String("format", "text", "text, csv or json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usageError("forecast councils: unexpected argument " + strconv.Quote(fs.Arg(0)))
	case *years < 1 || *years > maxForecastYears:
		return usageError("forecast councils: --years must be 1 to 3, as far as the backtest has checked")
	case *format != "text" && *format != "csv" && *format != "json":
		return usageError("forecast councils: --format must be text, csv or json")
	}
	var measures []published.Measure
	for _, m := range published.Measures {
		if *measure == "all" || *measure == m.ID {
			measures = append(measures, m)
		}
	}
	if len(measures) == 0 {
		return usageError("forecast councils: --measure must be cla, starts or all")
	}
	l, err := openLoaded(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer l.store.Close()
	var out []published.Forecast
	for _, m := range measures {
		p := published.Load(l.tab, l.reg, m)
		origin := *asOf
		if origin == 0 {
			origin = p.Origin
		}
		fc, err := published.Forecasts(p, published.ShippedModel(m), origin, *years)
		if err != nil {
			return usageError("forecast councils: " + err.Error())
		}
		if *council != "" {
			code := l.reg.Canonical(*council)
			if p.Council(code) == nil {
				return usageError("forecast councils: no current council " + strconv.Quote(*council) + " with a published series")
			}
			var one []published.Forecast
			for _, f := range fc {
				if f.Code == code {
					one = append(one, f)
				}
			}
			fc = one
		}
		out = append(out, fc...)
	}
	switch *format {
	case "csv":
		return writeForecastCouncilsCSV(stdout, out)
	case "json":
		return writeForecastCouncilsJSON(stdout, out, measures)
	}
	return writeForecastCouncilsText(stdout, out, measures)
}

var forecastCouncilsHeader = []string{"measure", "la_code", "la_name", "as_of_year", "last_year", "last", "year", "horizon_years", "model", "forecast", "lower80", "upper80", "lower95", "upper95"}

// wholeChildren shows a forecast count as people read it: whole children.
func wholeChildren(v float64) string { return strconv.FormatFloat(math.Round(v), 'f', 0, 64) }

func forecastRecord(f published.Forecast) []string {
	lo80, hi80, lo95, hi95 := "", "", "", ""
	if f.HasInterval {
		lo80, hi80, lo95, hi95 = wholeChildren(f.Lo80), wholeChildren(f.Hi80), wholeChildren(f.Lo95), wholeChildren(f.Hi95)
	}
	return []string{f.Measure, f.Code, f.Name, strconv.Itoa(f.Origin), strconv.Itoa(f.LastYear), wholeChildren(f.Last),
		strconv.Itoa(f.Target), strconv.Itoa(f.Horizon), published.Shipped[f.Measure], wholeChildren(f.Point), lo80, hi80, lo95, hi95}
}

func writeForecastCouncilsCSV(w io.Writer, fs []published.Forecast) error {
	cw := csv.NewWriter(w)
	cw.Write(forecastCouncilsHeader)
	for _, f := range fs {
		cw.Write(forecastRecord(f))
	}
	cw.Flush()
	return cw.Error()
}

type forecastCouncilsJSON struct {
	Methods   []forecastMethodJSON `json:"methods"`
	Forecasts []map[string]any     `json:"forecasts"`
}

type forecastMethodJSON struct {
	Measure     string `json:"measure"`
	Title       string `json:"title"`
	Model       string `json:"model"`
	Description string `json:"description"`
}

func methods(ms []published.Measure) []forecastMethodJSON {
	var out []forecastMethodJSON
	for _, m := range ms {
		mod := published.ShippedModel(m)
		out = append(out, forecastMethodJSON{Measure: m.ID, Title: m.Title, Model: mod.Name, Description: mod.Description})
	}
	return out
}

func writeForecastCouncilsJSON(w io.Writer, fs []published.Forecast, ms []published.Measure) error {
	doc := forecastCouncilsJSON{Methods: methods(ms), Forecasts: []map[string]any{}}
	for _, f := range fs {
		row := map[string]any{"measure": f.Measure, "la_code": f.Code, "la_name": f.Name, "as_of_year": f.Origin,
			"last_year": f.LastYear, "last": f.Last, "year": f.Target, "horizon_years": f.Horizon,
			"forecast": math.Round(f.Point)}
		if f.HasInterval {
			row["lower80"], row["upper80"] = math.Round(f.Lo80), math.Round(f.Hi80)
			row["lower95"], row["upper95"] = math.Round(f.Lo95), math.Round(f.Hi95)
		}
		doc.Forecasts = append(doc.Forecasts, row)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func writeForecastCouncilsText(w io.Writer, fs []published.Forecast, ms []published.Measure) error {
	for _, m := range methods(ms) {
		fmt.Fprintf(w, "%s: %s (%s), chosen by rolling-origin backtest; intervals from the model's own earlier errors (sightline forecast backtest).\n", m.Title, m.Description, m.Model)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MEASURE\tCODE\tCOUNCIL\tLAST\tYEAR\tFORECAST\t80% INTERVAL\t95% INTERVAL")
	for _, f := range fs {
		iv80, iv95 := "not yet calibrated", ""
		if f.HasInterval {
			iv80 = wholeChildren(f.Lo80) + "–" + wholeChildren(f.Hi80)
			iv95 = wholeChildren(f.Lo95) + "–" + wholeChildren(f.Hi95)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s (%d)\t%d\t%s\t%s\t%s\n", f.Measure, f.Code, f.Name, wholeChildren(f.Last), f.LastYear, f.Target, wholeChildren(f.Point), iv80, iv95)
	}
	return tw.Flush()
}

// forecastCouncilsBacktestRows backtests every candidate model for both
// measures from rolling origins on the published figures, for
// `sightline forecast backtest`; the model is named with its measure
// ("cla:rate_x_population").
func forecastCouncilsBacktestRows(ctx context.Context, db string, stderr io.Writer) ([]forecast.BacktestRow, error) {
	l, err := openLoaded(ctx, db, stderr)
	if err != nil {
		return nil, err
	}
	defer l.store.Close()
	var rows []forecast.BacktestRow
	for _, m := range published.Measures {
		for _, s := range published.Backtest(published.Load(l.tab, l.reg, m), published.Models, maxForecastYears) {
			rows = append(rows, forecast.BacktestRow{Scope: "councils", Model: s.Measure + ":" + s.Model, HorizonYears: s.Horizon, MAPE: s.MAPE, Coverage80: s.Coverage80})
		}
	}
	return rows, nil
}
