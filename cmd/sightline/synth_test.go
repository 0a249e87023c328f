package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSynthWritesReturnsThatValidate(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCmd(t, "synth", "903", "--council", "805", "--seed", "4", "--plant", "101=2,143=1", "--out", dir)
	if code != 0 {
		t.Fatalf("synth exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "Wrote 1 councils'") || !strings.Contains(out, "3 planted errors") {
		t.Errorf("output: %s", out)
	}
	council := filepath.Join(dir, "805_hartlepool")
	files, _ := filepath.Glob(filepath.Join(council, "*.csv"))
	if len(files) != 11 {
		t.Fatalf("want 11 tables, got %v", files)
	}
	planted, err := os.ReadFile(filepath.Join(council, "planted.tsv"))
	if err != nil || strings.Count(string(planted), "\n") != 4 {
		t.Fatalf("planted.tsv: %v\n%s", err, planted)
	}
	args := []string{"validate", "903", "--la", "805", "--format", "csv",
		"--previous", filepath.Join(council, "previous", "header.csv"),
		"--previous", filepath.Join(council, "previous", "episodes.csv")}
	code, out, errs = runCmd(t, append(args, files...)...)
	if code != 1 {
		t.Fatalf("validate exit %d: %s", code, errs)
	}
	if n := strings.Count(out, "\n101,"); n != 2 {
		t.Errorf("want the 2 planted 101 errors, got %d:\n%s", n, out)
	}
	if n := strings.Count(out, "\n143,"); n != 1 {
		t.Errorf("want the planted 143 error, got %d", n)
	}
	// Without the earlier years, 1002 faults the care leavers who left
	// before last year; with them, only the planted errors remain.
	if !strings.Contains(out, "\n1002,") {
		t.Errorf("want 1002's false positives without --earlier:\n%s", out)
	}
	args = append(args, "--earlier", filepath.Join(council, "earlier", "episodes.csv"))
	code, out, errs = runCmd(t, append(args, files...)...)
	if code != 1 {
		t.Fatalf("validate --earlier exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")[1:]
	for _, l := range lines {
		if !strings.HasPrefix(l, "101,") && !strings.HasPrefix(l, "143,") {
			t.Errorf("with --earlier, a finding that was not planted: %s", l)
		}
	}
	if len(lines) != 3 {
		t.Errorf("with --earlier, want the 3 planted errors, got %d", len(lines))
	}
}

func TestSynthUsage(t *testing.T) {
	if code, _, _ := runCmd(t, "synth", "903"); code != 2 {
		t.Errorf("no --out: exit %d, want 2", code)
	}
	if code, _, _ := runCmd(t, "synth", "903", "--out", t.TempDir(), "--plant", "101=x"); code != 2 {
		t.Errorf("bad --plant: exit %d, want 2", code)
	}
	if code, _, _ := runCmd(t, "synth", "903", "--out", t.TempDir(), "--plant", "9999=1"); code != 2 {
		t.Errorf("unplantable rule: exit %d, want 2", code)
	}
}

// A rule typed in another case is planted under the generator's own
// spelling; unknown rules and malformed pairs are refused.
func TestParsePlant(t *testing.T) {
	got, err := parsePlant("synth", "101=3", "197A=2, 101=1,197a=1", []string{"101", "197a"})
	if err != nil || got["197a"] != 3 || got["101"] != 1 || len(got) != 2 {
		t.Fatalf("got %v, %v", got, err)
	}
	for _, bad := range []string{"999=1", "101", "101=0", "=2"} {
		if _, err := parsePlant("synth", "101=3", bad, []string{"101"}); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}
