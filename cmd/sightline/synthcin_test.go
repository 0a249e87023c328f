package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSynthCINWritesCensusesThatValidate(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCmd(t, "synth", "cin", "--council", "805", "--seed", "4", "--plant", "8600=2,8875=1", "--out", dir)
	if code != 0 {
		t.Fatalf("synth cin exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "Wrote 1 councils'") || !strings.Contains(out, "3 planted errors") {
		t.Errorf("output: %s", out)
	}
	file := filepath.Join(dir, "805_hartlepool.xml")
	if _, err := os.Stat(file); err != nil {
		t.Fatal(err)
	}
	planted, err := os.ReadFile(filepath.Join(dir, "planted.tsv"))
	if err != nil || strings.Count(string(planted), "\n") != 4 {
		t.Fatalf("planted.tsv: %v\n%s", err, planted)
	}
	code, out, errs = runCmd(t, "validate", "cin", "--format", "csv", file)
	if code != 1 {
		t.Fatalf("validate cin exit %d: %s", code, errs)
	}
	if n := strings.Count(out, "\n8600,"); n != 2 {
		t.Errorf("want the 2 planted 8600 errors, got %d:\n%s", n, out)
	}
	if n := strings.Count(out, "\n8875,"); n != 1 {
		t.Errorf("want the planted 8875 error, got %d:\n%s", n, out)
	}
}

func TestSynthCINUsage(t *testing.T) {
	if code, _, _ := runCmd(t, "synth", "cin"); code != 2 {
		t.Errorf("no --out: exit %d, want 2", code)
	}
	if code, _, _ := runCmd(t, "synth", "cin", "--out", t.TempDir(), "--plant", "8600=x"); code != 2 {
		t.Errorf("bad --plant: exit %d, want 2", code)
	}
	if code, _, _ := runCmd(t, "synth", "cin", "--out", t.TempDir(), "--plant", "9999=1"); code != 2 {
		t.Errorf("unplantable rule: exit %d, want 2", code)
	}
}

// Councils are generated in parallel and finish in any order, but the same
// seed writes the same planted.tsv, listed by file.
func TestSynthCINPlantedListIsReproducible(t *testing.T) {
	var lists []string
	for range 3 {
		dir := t.TempDir()
		if code, _, errs := runCmd(t, "synth", "cin", "--las", "6", "--seed", "7", "--plant", "8600=2", "--out", dir); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		b, err := os.ReadFile(filepath.Join(dir, "planted.tsv"))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(lines) != 13 || !slices.IsSortedFunc(lines[1:], func(a, b string) int {
			return strings.Compare(strings.SplitN(a, "\t", 2)[0], strings.SplitN(b, "\t", 2)[0])
		}) {
			t.Fatalf("planted.tsv should list 12 errors by file:\n%s", b)
		}
		lists = append(lists, string(b))
	}
	if lists[0] != lists[1] || lists[1] != lists[2] {
		t.Fatalf("planted.tsv differs between runs with the same seed:\n%s\n---\n%s\n---\n%s", lists[0], lists[1], lists[2])
	}
}
