package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/postgres/pgtest"
)

// The commands run on PostgreSQL as they do on DuckDB: a postgres:// URL in
// --db or SIGHTLINE_DB, the same imports, the same words for an unchanged
// file, the same exports to the byte; and a server that cannot be reached
// is named, without the password.
func TestPostgresDB(t *testing.T) {
	url := pgtest.URL(t)
	dir := t.TempDir()
	duck := filepath.Join(dir, "s.duckdb")
	files := []string{
		writeBundled(t, dir, "d3_cpps_subsequent_plan_2013_to_2025.csv"),
		writeBundled(t, dir, "ofsted_ilacs_inspections_2018_to_2023-03.csv"),
	}
	for _, db := range []string{url, duck} {
		code, out, errs := runCmd(t, append([]string{"import", "--db", db}, files...)...)
		if code != 0 || strings.Count(out, "imported") != 2 {
			t.Fatalf("import into %s: exit %d, %q %q", db, code, out, errs)
		}
	}
	t.Setenv("SIGHTLINE_DB", url)
	if code, out, errs := runCmd(t, "import", files[0]); code != 0 || !strings.Contains(out, "unchanged") || !strings.Contains(out, url) {
		t.Errorf("import again through SIGHTLINE_DB: exit %d, %q %q", code, out, errs)
	}
	code, fromPG, errs := runCmd(t, "export", "--dataset", "cin_d3")
	if code != 0 || len(fromPG) < 1000 {
		t.Fatalf("export from PostgreSQL: exit %d, %d bytes, %q", code, len(fromPG), errs)
	}
	if _, fromDuck, _ := runCmd(t, "export", "--db", duck, "--dataset", "cin_d3"); fromPG != fromDuck {
		t.Error("the dataset exported from PostgreSQL differs from DuckDB's")
	}

	code, out, errs := runCmd(t, "import", "--db", "postgres://sightline:s3cret@127.0.0.1:1/councils?connect_timeout=5", files[0])
	if code == 0 || !strings.Contains(errs, "127.0.0.1:1/councils") || strings.Contains(out+errs, "s3cret") {
		t.Errorf("an unreachable server: exit %d, %q %q", code, out, errs)
	}
}
