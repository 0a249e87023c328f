package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Migrations tests schema migrations: open opens the same database each
// time (a file, or a server database), and migrations is the store's list
// of them, which the test lengthens and restores. Opening migrates; opening
// again neither re-runs a migration nor loses data; a newer Sightline
// upgrades an older database in place; a failing migration leaves the
// database at the last good version.
func Migrations(t *testing.T, open func() (Store, error), migrations *[]string) {
	ctx := context.Background()
	mustOpen := func() Store {
		t.Helper()
		s, err := open()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	s := mustOpen()
	v, err := s.SchemaVersion(ctx)
	if err != nil || v != len(*migrations) || v < 1 {
		t.Fatalf("schema version %d (%v), want %d", v, err, len(*migrations))
	}
	for _, tab := range []string{"datasets", "observations", "areas", "judgements", "neighbours", "schema_migrations"} {
		if n := Count(t, s, `SELECT count(*) FROM information_schema.tables WHERE table_name = $1`, tab); n != 1 {
			t.Errorf("table %s: %d", tab, n)
		}
	}
	if _, err := s.Import(ctx, makeBatch("d1", "sha-1", 100, 0)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopening neither re-runs a migration nor loses data.
	s = mustOpen()
	if v, _ := s.SchemaVersion(ctx); v != len(*migrations) {
		t.Errorf("reopened at version %d", v)
	}
	if n := Count(t, s, `SELECT count(*) FROM schema_migrations`); n != len(*migrations) {
		t.Errorf("%d migrations recorded, want %d", n, len(*migrations))
	}
	if got := tableCounts(t, s, "d1"); got["observations"] != 100 || got["datasets"] != 1 {
		t.Errorf("after reopening: %v", got)
	}
	s.Close()

	// A database from an older version is upgraded in place, keeping its
	// data.
	old := *migrations
	t.Cleanup(func() { *migrations = old })
	*migrations = append(append([]string(nil), old...), `ALTER TABLE datasets ADD COLUMN note VARCHAR DEFAULT 'upgraded'`)
	s = mustOpen()
	if v, _ := s.SchemaVersion(ctx); v != len(old)+1 {
		t.Errorf("upgraded to version %d, want %d", v, len(old)+1)
	}
	if n := Count(t, s, `SELECT count(*) FROM datasets WHERE note = 'upgraded' AND id = 'd1'`); n != 1 {
		t.Errorf("upgrade did not reach the existing row")
	}
	if got := tableCounts(t, s, "d1"); got["observations"] != 100 {
		t.Errorf("after upgrading: %v", got)
	}
	// Imports go on working with the new column there.
	if _, err := s.Import(ctx, makeBatch("d1", "sha-2", 50, 0)); err != nil {
		t.Errorf("import after upgrading: %v", err)
	}

	// A failing migration leaves the database at the last good version.
	s.Close()
	*migrations = append(*migrations, `CREATE TABLE broken (`)
	if _, err := open(); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("version %d", len(*migrations))) {
		t.Errorf("broken migration: %v", err)
	}
	*migrations = (*migrations)[:len(*migrations)-1]
	s = mustOpen()
	if v, _ := s.SchemaVersion(ctx); v != len(old)+1 {
		t.Errorf("version %d after a failed migration", v)
	}
}
