package main

import (
	"context"
	"io"
)

// backtestCmd is being built; until then it says so.
func backtestCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usageError("backtest: not available yet")
}
