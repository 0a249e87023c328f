package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/duckdb"
)

// fakeCensus writes the fake CIN census as City of London's (LA 201), whose
// published figures for 2022/23 can sit beside it.
func fakeCensus(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile("../../cin/testdata/fake/fake_CIN_data.xml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "cin.xml")
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), "<LEA>975</LEA>", "<LEA>201</LEA>", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestKeepCIN(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "s.duckdb")
	file := fakeCensus(t, dir)
	code, out, errs := runCmd(t, "keep", "cin", "--db", db, "--population", "9000", file)
	if code != 0 {
		t.Fatalf("keep cin: exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"City of London (E09000001), CIN census for 2022/23", "c: 1 to 5, suppressed", "Referrals", "39", "could not be checked",
		"Kept the CIN census for LA 201 2023"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	key := filepath.Join(dir, "config", "sightline", "903.key")
	if !strings.Contains(errs, "created a new pseudonymisation key at "+key) {
		t.Errorf("no word of the new key: %q", errs)
	}
	// Again with the key file and the census as its own previous year's
	// (refused: it is the same year), then kept again: replaced, not added.
	if code, _, errs := runCmd(t, "keep", "cin", "--db", db, "--key-file", key, "--previous", file, file); code != 2 || !strings.Contains(errs, "previous") {
		t.Errorf("a previous census of the same year: exit %d %q", code, errs)
	}
	if code, _, errs := runCmd(t, "keep", "cin", "--db", db, "--key-file", key, file); code != 0 || strings.Contains(errs, "created") {
		t.Fatalf("second keep: exit %d %q", code, errs)
	}
	s, err := duckdb.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM returns_cin WHERE la = '201' AND year = 2023`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d censuses kept (%v)", n, err)
	}
	rs, err := s.IndicatorsCIN(context.Background(), "201")
	if err != nil || len(rs) == 0 || rs[0].ID != "referrals" || rs[0].Numerator != 39 {
		t.Errorf("kept indicators: %v %v", rs, err)
	}
}

func TestKeepCINUsage(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	noLA := filepath.Join(dir, "nola.xml")
	os.WriteFile(noLA, []byte(`<Message><Header><CollectionDetails><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails></Header><Children/></Message>`), 0o600)
	for _, args := range [][]string{
		{"keep", "cin"},
		{"keep", "cin", fakeCensus(t, dir), fakeCensus(t, dir)},
		{"keep", "cin", filepath.Join(dir, "missing.xml")},
		{"keep", "cin", noLA},
		{"keep", "cin", "../../ssda903/testdata/fake_2017/header.csv"},
	} {
		if code, _, _ := runCmd(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
