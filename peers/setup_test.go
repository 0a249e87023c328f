package peers

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/duckdb"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/sources"
)

// The real-data tests share one DuckDB file holding the bundled snapshot of
// published statistics, imported once.
var (
	realOnce sync.Once
	realErr  error
	real     struct {
		dir   string
		store *duckdb.Store
		reg   *geography.Register
		tab   *indicators.Table
		js    []sightline.Judgement
		m     *Matcher
	}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if real.store != nil {
		real.store.Close()
	}
	if real.dir != "" {
		os.RemoveAll(real.dir)
	}
	os.Exit(code)
}

// realData imports the snapshot into a temporary DuckDB file and loads the
// indicators and judgements.
func realData(t testing.TB) *Matcher {
	t.Helper()
	realOnce.Do(func() {
		ctx := context.Background()
		if real.dir, realErr = os.MkdirTemp("", "sightline-peers"); realErr != nil {
			return
		}
		if real.store, realErr = duckdb.Open(ctx, filepath.Join(real.dir, "p.duckdb")); realErr != nil {
			return
		}
		real.reg = geography.Default()
		if _, realErr = sources.Import(ctx, real.store, real.reg, sources.SnapshotInputs(), nil); realErr != nil {
			return
		}
		if real.tab, realErr = indicators.Load(ctx, real.store, real.reg); realErr != nil {
			return
		}
		if real.js, realErr = real.store.Judgements(ctx); realErr != nil {
			return
		}
		real.m = NewMatcher(real.tab, real.reg, real.js, Options{})
	})
	if realErr != nil {
		t.Fatal(realErr)
	}
	return real.m
}
