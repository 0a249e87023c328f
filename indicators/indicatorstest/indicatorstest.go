// Package indicatorstest gives tests the bundled snapshot of published
// statistics, imported into a real DuckDB file, with the indicator table
// computed from it: the starting point of every test that measures,
// warns or exports on real data.
package indicatorstest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/duckdb"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/sources"
)

// Loaded is the imported snapshot: the store (closed when the test ends),
// the register, the indicator table and the current councils.
type Loaded struct {
	Store    *duckdb.Store
	Reg      *geography.Register
	Table    *indicators.Table
	Councils []*sightline.Council // current councils, by their canonical code
}

// Snapshot imports the bundled snapshot into a DuckDB file in the test's
// temporary directory and computes the indicators.
func Snapshot(t testing.TB) *Loaded {
	t.Helper()
	ctx := context.Background()
	store, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "snapshot.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	reg := geography.Default()
	if _, err := sources.Import(ctx, store, reg, sources.SnapshotInputs(), nil); err != nil {
		t.Fatal(err)
	}
	tab, err := indicators.Load(ctx, store, reg)
	if err != nil {
		t.Fatal(err)
	}
	l := &Loaded{Store: store, Reg: reg, Table: tab}
	for _, c := range reg.Councils() {
		if c.Current && reg.Canonical(c.Code) == c.Code {
			l.Councils = append(l.Councils, c)
		}
	}
	return l
}
