package main

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/disclosure"
	"github.com/sightline-uk/sightline/ssda903/measure"
)

// TestExportOwn keeps City of London's synthetic return (a handful of
// children) and exports its own figures: the rows the council page shows,
// through disclosure control, with no small count anywhere.
func TestExportOwn(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "s.duckdb")
	if code, out, errs := runCmd(t, "synth", "903", "--council", "201", "--seed", "1", "--plant", "", "--out", filepath.Join(dir, "synth")); code != 0 {
		t.Fatalf("synth: exit %d\n%s\n%s", code, out, errs)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "synth", "201_*", "*.csv"))
	if code, out, errs := runCmd(t, append([]string{"keep", "903", "--db", db, "--la", "201", "--year", "2025", "--population", "1000"}, files...)...); code != 0 {
		t.Fatalf("keep: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs := runCmd(t, "export", "--db", db, "--own", "--council", "E09000001")
	if code != 0 {
		t.Fatalf("export --own: exit %d\n%s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != len(measure.Definitions)+1 {
		t.Fatalf("%d rows (%v), want a header and %d figures:\n%s", len(rows), err, len(measure.Definitions), out)
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	smalls := 0
	for _, r := range rows[1:] {
		d := measure.Lookup(r[col["figure_id"]])
		if d == nil || r[col["la_name"]] != "City of London" {
			t.Fatalf("row %v", r)
		}
		v, ok := sightline.ParseValue(r[col["own_value"]])
		if !ok {
			t.Fatalf("own value %q", r[col["own_value"]])
		}
		if v.Symbol == "c" {
			smalls++
		}
		if d.Kind == measure.Count && v.IsNumber() && disclosure.LookedAfter.Small(v.Num) {
			t.Errorf("%s shown as %v", d.ID, v)
		}
	}
	if smalls == 0 {
		t.Error("nothing suppressed in City of London's figures")
	}
	for _, args := range [][]string{
		{"export", "--db", db, "--own"},
		{"export", "--db", db, "--own", "--council", "E09000001", "--council", "E06000001"},
		{"export", "--db", db, "--own", "--council", "X"},
	} {
		if code, _, _ := runCmd(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
