// Package storetest holds the behaviour every Sightline store must show,
// run by each store's tests against a real database, so DuckDB and
// PostgreSQL are held to one set of tests rather than two that drift.
package storetest

import (
	"context"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sightline-uk/sightline/store"
)

// Store is a store under test: everything Sightline's stores offer, and a
// look at the tables beneath, to check what is kept beyond what the
// methods read back (that no raw identifier is stored, that rows are
// replaced rather than added). Queries use $1, $2… for arguments.
type Store interface {
	store.Store
	// QueryInt runs a query returning one integer.
	QueryInt(ctx context.Context, query string, args ...any) (int, error)
	// Texts returns every distinct value of every text column of every
	// table.
	Texts(ctx context.Context) (map[string]bool, error)
}

// Run runs every behavioural test against fresh, empty stores from open.
func Run(t *testing.T, open func(t *testing.T) Store) {
	t.Run("ImportIdempotent", func(t *testing.T) { testImportIdempotent(t, open(t)) })
	t.Run("ImportReplaces", func(t *testing.T) { testImportReplaces(t, open(t)) })
	t.Run("ImportAtomic", func(t *testing.T) { testImportAtomic(t, open(t)) })
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, open(t)) })
	t.Run("ImportSnapshot", func(t *testing.T) {
		if testing.Short() {
			t.Skip("imports the whole snapshot twice")
		}
		testImportSnapshot(t, open(t))
	})
	t.Run("KeepReturn903", func(t *testing.T) { testKeepReturn903(t, open(t)) })
	t.Run("KeepReturn903Atomic", func(t *testing.T) { testKeepReturn903Atomic(t, open(t)) })
	t.Run("KeepCIN", func(t *testing.T) { testKeepCIN(t, open(t)) })
	t.Run("KeepCINAtomic", func(t *testing.T) { testKeepCINAtomic(t, open(t)) })
	t.Run("PersonIndex", func(t *testing.T) { testPersonIndex(t, open(t)) })
}

// Count runs a counting query, failing the test if it cannot.
func Count(t testing.TB, s Store, query string, args ...any) int {
	t.Helper()
	n, err := s.QueryInt(context.Background(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// Trip is a context that runs a function at the nth check a bulk append
// makes of it (store.Cursor checks every few thousand rows), so a test can
// cancel an import, or cut its connection, part-way through: after the
// old rows were deleted in its transaction and while new ones are going in.
type Trip struct {
	context.Context
	cancel  context.CancelFunc
	n       int32
	fn      func()
	checks  atomic.Int32
	tripped atomic.Bool
}

// NewTrip makes a Trip that runs fn at the nth check; fn nil cancels the
// context. The context is cancelled when the test ends.
func NewTrip(t testing.TB, n int, fn func()) *Trip {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	c := &Trip{Context: ctx, cancel: cancel, n: int32(n), fn: fn}
	if c.fn == nil {
		c.fn = cancel
	}
	return c
}

// Err trips on the nth call from a cursor.
func (c *Trip) Err() error {
	if pc, _, _, ok := runtime.Caller(1); ok {
		if fn := runtime.FuncForPC(pc); fn != nil && strings.HasSuffix(fn.Name(), "store.(*Cursor).Next") {
			if c.checks.Add(1) == c.n {
				c.fn()
				c.tripped.Store(true)
			}
		}
	}
	return c.Context.Err()
}

// Tripped reports whether the function has run.
func (c *Trip) Tripped() bool { return c.tripped.Load() }

// repo is the repository's root, for the test data of other packages.
func repo(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the repository")
	}
	return filepath.Dir(filepath.Dir(file))
}
