package main

import (
	"context"
	"io"

	"github.com/sightline-uk/sightline/forecast"
)

// forecastCouncilsCmd is being built; until then it says so.
func forecastCouncilsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usageError("forecast councils: not available yet")
}

// forecastCouncilsBacktestRows is being built.
func forecastCouncilsBacktestRows(ctx context.Context, db string, stderr io.Writer) ([]forecast.BacktestRow, error) {
	return nil, nil
}
