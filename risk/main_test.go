package risk

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/sightline-uk/sightline/duckdb"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/sources"
)

// The bundled snapshot is imported once, into a real DuckDB file in a
// temporary directory, by the first test that needs it.
var shared struct {
	once  sync.Once
	dir   string
	store *duckdb.Store
	data  *Data
	err   error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.store != nil {
		shared.store.Close()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// realData returns the risk data read from the imported snapshot.
func realData(t testing.TB) *Data {
	t.Helper()
	shared.once.Do(func() {
		ctx := context.Background()
		if shared.dir, shared.err = os.MkdirTemp("", "risk-test-"); shared.err != nil {
			return
		}
		if shared.store, shared.err = duckdb.Open(ctx, filepath.Join(shared.dir, "risk.duckdb")); shared.err != nil {
			return
		}
		reg := geography.Default()
		if _, shared.err = sources.Import(ctx, shared.store, reg, sources.SnapshotInputs(), nil); shared.err != nil {
			return
		}
		shared.data, shared.err = Load(ctx, shared.store, reg)
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.data
}
