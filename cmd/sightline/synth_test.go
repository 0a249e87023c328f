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
