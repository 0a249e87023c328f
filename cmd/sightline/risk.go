package main

import (
	"context"
	"io"
)

// riskCmd is being built; until then it says so.
func riskCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usageError("risk: not available yet")
}
