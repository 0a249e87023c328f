package pgtest

import (
	"os/exec"
	"syscall"
)

// stopWithParent has Linux send the server SIGQUIT (PostgreSQL's
// immediate shutdown) when the test binary exits, however it exits.
func stopWithParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
}
