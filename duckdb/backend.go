package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/sightline-uk/sightline/store"
)

// backend gives store.Core DuckDB's queries, transactions and appender.
type backend struct{ db *sql.DB }

type rows struct{ *sql.Rows }

func (r rows) Close() { r.Rows.Close() }

func (b backend) Query(ctx context.Context, query string, args ...any) (store.Rows, error) {
	rs, err := b.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return rows{rs}, nil
}

// Begin starts a transaction on one connection held for it: the appender
// needs the driver's connection, which database/sql's Tx does not expose.
func (b backend) Begin(ctx context.Context) (store.Tx, error) {
	conn, err := b.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		conn.Close()
		return nil, err
	}
	return &tx{conn: conn}, nil
}

type tx struct {
	conn *sql.Conn
	done bool
}

func (t *tx) Exec(ctx context.Context, query string, args ...any) error {
	_, err := t.conn.ExecContext(ctx, query, args...)
	return storageError(err)
}

func (t *tx) QueryRow(ctx context.Context, query string, args ...any) store.Row {
	return t.conn.QueryRowContext(ctx, query, args...)
}

// Lock needs nothing: only one process may open a DuckDB file, and DuckDB
// orders the transactions within it.
func (t *tx) Lock(context.Context, string) error { return nil }

// Append uses DuckDB's appender, which fills the table's columns in order;
// the rows give them in that order.
func (t *tx) Append(ctx context.Context, table string, _ []string, rows *store.Cursor) error {
	return storageError(t.conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		a, err := duckdb.NewAppenderFromConn(c, "", table)
		if err != nil {
			return err
		}
		var vals []driver.Value
		for n := 1; rows.Next(); n++ {
			row, _ := rows.Values()
			vals = vals[:0]
			for _, v := range row {
				vals = append(vals, v)
			}
			if err := a.AppendRow(vals...); err != nil {
				a.Close()
				return fmt.Errorf("row %d: %w", n, err)
			}
		}
		if err := rows.Err(); err != nil {
			a.Close()
			return err
		}
		return a.Close()
	}))
}

func (t *tx) Commit(ctx context.Context) error {
	if t.done {
		return nil
	}
	t.done = true
	defer t.conn.Close()
	_, err := t.conn.ExecContext(ctx, "COMMIT")
	if err != nil {
		// A commit refused before it ran (a cancelled context) must not
		// leave the transaction open on a pooled connection.
		t.conn.ExecContext(context.Background(), "ROLLBACK")
	}
	return storageError(err)
}

// storageError says plainly when a write failed for want of room, which
// DuckDB reports only in its message (naming the file): the transaction
// is rolled back, so the store keeps what it had.
func storageError(err error) error {
	if err == nil {
		return nil
	}
	for _, full := range []string{"No space left on device", "File too large", "Disk quota exceeded"} {
		if strings.Contains(err.Error(), full) {
			return fmt.Errorf("no room to write the store (%s), so nothing of this was kept and the store is as it was: free some space and try again: %w", strings.ToLower(full), err)
		}
	}
	return err
}

func (t *tx) Rollback(ctx context.Context) error {
	if t.done {
		return nil
	}
	t.done = true
	defer t.conn.Close()
	_, err := t.conn.ExecContext(ctx, "ROLLBACK")
	return err
}
