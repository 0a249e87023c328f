package main

import (
	"context"
	"io"
)

// warnCmd is being built; until then it says so.
func warnCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usageError("warn: not available yet")
}
