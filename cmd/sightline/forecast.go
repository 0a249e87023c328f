package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/sightline-uk/sightline/forecast"
)

// forecastCmd dispatches the forecast subcommands: the record-level model
// of a council's own returns, the council-level forecasts from published
// data, and the backtests of both.
func forecastCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("forecast: say model (from a council's own SSDA903 returns), councils (every council, from published data) or backtest")
	}
	switch args[0] {
	case "model":
		return forecastModelCmd(ctx, args[1:], stdout, stderr)
	case "councils":
		return forecastCouncilsCmd(ctx, args[1:], stdout, stderr)
	case "backtest":
		return forecastBacktestCmd(ctx, args[1:], stdout, stderr)
	}
	return usageError("forecast: unknown subcommand " + strconv.Quote(args[0]) + "; say model, councils or backtest")
}

// forecastBacktestCmd prints both backtests as rows of
// scope,model,horizon_years,mape,coverage80: a stable interface.
func forecastBacktestCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("forecast backtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	format := fs.String("format", "text", "text or csv (scope,model,horizon_years,mape,coverage80)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *format != "text" && *format != "csv" {
		return usageError("forecast backtest: --format must be text or csv")
	}
	rows, err := forecastModelBacktestRows(ctx)
	if err != nil {
		return err
	}
	more, err := forecastCouncilsBacktestRows(ctx, *db, stderr)
	if err != nil {
		return err
	}
	rows = append(rows, more...)
	return writeForecastBacktest(stdout, rows, *format)
}

func writeForecastBacktest(w io.Writer, rows []forecast.BacktestRow, format string) error {
	f := func(v float64, dp int) string { return strconv.FormatFloat(v, 'f', dp, 64) }
	if format == "csv" {
		cw := csv.NewWriter(w)
		cw.Write([]string{"scope", "model", "horizon_years", "mape", "coverage80"})
		for _, r := range rows {
			cw.Write([]string{r.Scope, r.Model, strconv.Itoa(r.HorizonYears), f(r.MAPE, 2), f(r.Coverage80, 3)})
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCOPE\tMODEL\tHORIZON (YEARS)\tMAPE (%)\t80% COVERAGE")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", r.Scope, r.Model, r.HorizonYears, f(r.MAPE, 2), f(r.Coverage80, 3))
	}
	return tw.Flush()
}
