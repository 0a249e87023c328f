package main

import (
	"context"
	"io"
)

// peersCmd is being built; until then it says so.
func peersCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usageError("peers: not available yet")
}
