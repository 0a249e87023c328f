package main

import (
	"context"
	"io"

	"github.com/sightline-uk/sightline/forecast"
)

// forecastModelCmd is being built; until then it says so.
func forecastModelCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usageError("forecast model: not available yet")
}

// forecastModelBacktestRows is being built.
func forecastModelBacktestRows(ctx context.Context) ([]forecast.BacktestRow, error) {
	return nil, nil
}
