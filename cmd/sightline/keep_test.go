package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/duckdb"
)

func TestKeep903(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "s.duckdb")
	files := fakeReturn(t)
	args := append([]string{"keep", "903", "--db", db, "--la", "805", "--year", "2018", "--population", "20000"}, files...)
	code, out, errs := runCmd(t, args...)
	if code != 0 {
		t.Fatalf("keep: exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"Hartlepool (E06000001)", "Children looked after at 31 March", "1201", "601", "Kept the return for LA 805 2018"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	key := filepath.Join(dir, "config", "sightline", "903.key")
	if !strings.Contains(errs, "created a new pseudonymisation key at "+key) {
		t.Errorf("no word of the new key: %q", errs)
	}
	if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	// Again, with an explicit key file: the same key, nothing created, the
	// return replaced.
	code, _, errs = runCmd(t, append([]string{"keep", "903", "--db", db, "--la", "805", "--year", "2018", "--key-file", key}, files...)...)
	if code != 0 || strings.Contains(errs, "created") {
		t.Fatalf("second keep: exit %d %q", code, errs)
	}
	s, err := duckdb.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM returns_903 WHERE la = '805' AND year = 2018`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d returns kept (%v)", n, err)
	}
	rs, err := s.Indicators903(context.Background(), "805")
	if err != nil || len(rs) == 0 || rs[0].ID != "cla_31_march" || rs[0].Numerator != 1201 {
		t.Errorf("kept indicators: %v %v", rs, err)
	}
}

func TestKeep903Usage(t *testing.T) {
	files := fakeReturn(t)
	for _, args := range [][]string{
		{"keep"},
		{"keep", "cin"},
		append([]string{"keep", "903", "--year", "2018"}, files...),
		append([]string{"keep", "903", "--la", "80", "--year", "2018"}, files...),
		append([]string{"keep", "903", "--la", "805"}, files...),
		{"keep", "903", "--la", "805", "--year", "2018"},
	} {
		if code, _, _ := runCmd(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args[:min(len(args), 6)], code)
		}
	}
}

// TestKeep903WithPostcodes: given the postcode directory, the distance
// indicator is computed rather than waiting for it. The fake return's
// postcodes are fictitious, so none is located, and the result says so.
func TestKeep903WithPostcodes(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "s.duckdb")
	base := append([]string{"keep", "903", "--db", db, "--la", "805", "--year", "2018"}, fakeReturn(t)...)
	code, out, errs := runCmd(t, base...)
	if code != 0 || !strings.Contains(out, "needs placement distances") {
		t.Fatalf("without a directory the distance indicator should say it needs one: %d\n%s\n%s", code, out, errs)
	}
	withDir := append([]string{"keep", "903", "--db", db, "--la", "805", "--year", "2018", "--postcodes", "../../ssda903/onspd/testdata/ONSPD_SAMPLE_UK.csv"}, fakeReturn(t)...)
	code, out, errs = runCmd(t, withDir...)
	if code != 0 || !strings.Contains(out, "could be located") {
		t.Fatalf("with a directory the distance indicator should try the postcodes: %d\n%s\n%s", code, out, errs)
	}
}
