// Package store is what Sightline's two stores share: the embedded DuckDB
// file and the PostgreSQL server keep the same tables and give the same
// answers, so everything above the SQL dialect lives here once — how a
// batch becomes rows, how an import replaces a dataset, how a return is
// pseudonymised into cells, how rows read back into domain types.
//
// A store supplies a Backend (queries, transactions, a bulk append) and
// embeds Core, which implements every method of Store on top of it.
package store

import (
	"context"
	"sync"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/cin"
	cinmeasure "github.com/sightline-uk/sightline/cin/measure"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/measure"
)

// Store is everything a Sightline store offers, so commands and tests can
// work with either database without knowing which one they were given.
type Store interface {
	sightline.Store
	sightline.Accounts
	sightline.AuditLog
	// SchemaVersion is the number of migrations the database has had.
	SchemaVersion(ctx context.Context) (int, error)
	KeepReturn903(ctx context.Context, la string, year int, ret *ssda903.Return, key []byte, results ...measure.Result) error
	Indicators903(ctx context.Context, la string) ([]measure.Result, error)
	KeptLAs903(ctx context.Context) ([]string, error)
	KeepCIN(ctx context.Context, la string, year int, ret *cin.Return, key []byte, results ...cinmeasure.Result) error
	IndicatorsCIN(ctx context.Context, la string) ([]cinmeasure.Result, error)
	KeptLAsCIN(ctx context.Context) ([]string, error)
	KeepPersonIndex(ctx context.Context, linkage string, key []byte, records []PersonRecord) error
	PersonIndex(ctx context.Context, linkage string) ([]PersonRecord, error)
	PersonsAcross(ctx context.Context, linkage string) (map[string]int, error)
}

// Backend is what a database gives Core. Queries use $1, $2… for their
// arguments, which DuckDB and PostgreSQL both understand.
type Backend interface {
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	Begin(ctx context.Context) (Tx, error)
}

// Rows is a result set as both drivers offer it.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is a single-row result.
type Row interface {
	Scan(dest ...any) error
}

// Tx is one transaction: what it writes is seen whole after Commit, or not
// at all.
type Tx interface {
	Exec(ctx context.Context, query string, args ...any) error
	QueryRow(ctx context.Context, query string, args ...any) Row
	// Lock holds a lock named name until the transaction ends, so that
	// several servers writing the same dataset take turns. A store only one
	// process can open needs none.
	Lock(ctx context.Context, name string) error
	// Append adds rows to table in bulk, with the columns in the order
	// the rows give them.
	Append(ctx context.Context, table string, columns []string, rows *Cursor) error
	Commit(ctx context.Context) error
	// Rollback abandons the transaction; after Commit it does nothing.
	Rollback(ctx context.Context) error
}

// Cursor walks the rows of a bulk append, checking the context every few
// thousand rows so that a cancelled import stops part-way (and rolls back)
// rather than running to the end. It has the shape pgx's CopyFrom reads.
type Cursor struct {
	ctx   context.Context
	every int
	n     int
	next  func() ([]any, bool)
	row   []any
	err   error
}

// NewCursor makes a cursor over rows produced by next, which reports false
// when there are no more; ctx is checked before every every-th row.
func NewCursor(ctx context.Context, every int, next func() ([]any, bool)) *Cursor {
	return &Cursor{ctx: ctx, every: max(every, 1), next: next}
}

// Indexed makes a cursor over n rows given by row(i).
func Indexed(ctx context.Context, every, n int, row func(i int) []any) *Cursor {
	i := 0
	return NewCursor(ctx, every, func() ([]any, bool) {
		if i >= n {
			return nil, false
		}
		i++
		return row(i - 1), true
	})
}

// Next moves to the next row; false at the end or when the context is done.
func (c *Cursor) Next() bool {
	if c.err != nil {
		return false
	}
	if c.n%c.every == 0 {
		if err := c.ctx.Err(); err != nil {
			c.err = err
			return false
		}
	}
	row, ok := c.next()
	if !ok {
		return false
	}
	c.row = row
	c.n++
	return true
}

// Values is the current row.
func (c *Cursor) Values() ([]any, error) { return c.row, nil }

// Err is the context's error when the walk stopped early.
func (c *Cursor) Err() error { return c.err }

// Core implements Store over a Backend; a store embeds it and adds Close.
type Core struct {
	DB Backend
	// auditMu orders audit appends within a process; a lock in the
	// database orders them across servers.
	auditMu sync.Mutex
}

// inTx runs fn in a transaction, committing when it succeeds and rolling
// back when it fails, so a failed write leaves the store as it was.
func (c *Core) inTx(ctx context.Context, fn func(tx Tx) error) error {
	tx, err := c.DB.Begin(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback(context.Background())
		return err
	}
	return tx.Commit(ctx)
}
