package duckdb_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sightline-uk/sightline/access/accesstest"
	"github.com/sightline-uk/sightline/duckdb"
)

func TestAccessContract(t *testing.T) {
	var last *duckdb.Store
	open := func(t *testing.T) accesstest.Store {
		s, err := duckdb.Open(context.Background(), filepath.Join(t.TempDir(), "a.duckdb"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		last = s
		return s
	}
	accesstest.Run(t, open, func(t *testing.T, seq int64, object string) {
		if _, err := last.DB().Exec(`UPDATE audit SET object = ? WHERE seq = ?`, object, seq); err != nil {
			t.Fatal(err)
		}
	})
}
