//go:build !linux

package pgtest

import "os/exec"

// stopWithParent can do nothing outside Linux: there, run the tests
// through Main so the server stops when they end.
func stopWithParent(*exec.Cmd) {}
