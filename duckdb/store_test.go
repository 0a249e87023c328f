package duckdb

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/storetest"
)

// testStore lets the shared tests look at the tables beneath.
type testStore struct{ *Store }

func (s testStore) QueryInt(ctx context.Context, query string, args ...any) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

func (s testStore) Texts(ctx context.Context) (map[string]bool, error) {
	rs, err := s.db.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR' AND table_schema = 'main'`)
	if err != nil {
		return nil, err
	}
	var cols [][2]string
	for rs.Next() {
		var tab, col string
		if err := rs.Scan(&tab, &col); err != nil {
			rs.Close()
			return nil, err
		}
		cols = append(cols, [2]string{tab, col})
	}
	rs.Close()
	out := map[string]bool{}
	for _, c := range cols {
		vs, err := s.db.QueryContext(ctx, `SELECT DISTINCT "`+c[1]+`" FROM "`+c[0]+`" WHERE "`+c[1]+`" IS NOT NULL`)
		if err != nil {
			return nil, err
		}
		for vs.Next() {
			var v string
			if err := vs.Scan(&v); err != nil {
				vs.Close()
				return nil, err
			}
			out[v] = true
		}
		vs.Close()
	}
	return out, nil
}

func openTest(t testing.TB, path string) testStore {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return testStore{s}
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store {
		return openTest(t, filepath.Join(t.TempDir(), "s.duckdb"))
	})
}

func TestOpenMigrates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sightline.duckdb")
	storetest.Migrations(t, func() (storetest.Store, error) {
		s, err := Open(context.Background(), path)
		if err != nil {
			return nil, err
		}
		return testStore{s}, nil
	}, &migrations)
}

func BenchmarkImportSnapshot(b *testing.B) {
	dir := b.TempDir()
	i := 0
	storetest.BenchImportSnapshot(b, func(b *testing.B) sightline.Store {
		i++
		return openTest(b, filepath.Join(dir, fmt.Sprintf("bench%d.duckdb", i)))
	})
}
