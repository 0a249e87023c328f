// Package postgres is Sightline's server store, for councils running
// Sightline for many users on several servers: the same tables, imports
// and answers as the embedded DuckDB store (both are store.Core over their
// own backend), kept in a PostgreSQL database that many Sightline
// processes share.
//
// Several servers may start, migrate and import at once: migrations run
// one at a time under an advisory lock, and writes to the same dataset,
// return or linkage take turns under locks named for them. A dropped
// connection fails the write in hand with an error saying so, and the
// transaction is rolled back by the server; the pool opens a new
// connection for the next call.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sightline-uk/sightline/store"
)

// IsURL reports whether a --db value names a PostgreSQL database rather
// than a DuckDB file.
func IsURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

var userinfoPassword = regexp.MustCompile(`^([a-z]+://[^:/@]*:)[^@]*@`)

// Redact is a database URL fit to print: without its password.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return userinfoPassword.ReplaceAllString(dsn, "${1}xxxxx@")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// parseProblem says what is wrong with a URL without repeating the URL,
// which may hold a password.
func parseProblem(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) && errors.Unwrap(pe) != nil {
		return parseProblem(errors.Unwrap(pe))
	}
	if pe != nil {
		// The message follows the URL, which pgconn quotes in backticks.
		if _, msg, ok := strings.Cut(pe.Error(), "`: "); ok {
			return msg
		}
	}
	return "it is not a valid connection URL"
}

// Store is a store.Store kept in a PostgreSQL database.
type Store struct {
	// Core holds the queries and writes PostgreSQL shares with DuckDB.
	*store.Core
	pool  *pgxpool.Pool
	where string
}

var _ store.Store = (*Store)(nil)

// Open connects to the database a postgres:// URL names and brings its
// schema up to date. A server that cannot be reached is an error naming
// its host, port and database (never the password).
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("cannot read the PostgreSQL URL %s: %s", Redact(dsn), parseProblem(err))
	}
	cc := cfg.ConnConfig
	if cc.ConnectTimeout == 0 {
		// A server behind a firewall that drops packets would otherwise
		// hang the command for minutes.
		cc.ConnectTimeout = 15 * time.Second
	}
	where := fmt.Sprintf("%s:%d/%s", cc.Host, cc.Port, cc.Database)
	if strings.HasPrefix(cc.Host, "/") {
		where = fmt.Sprintf("the socket in %s (port %d), database %s", cc.Host, cc.Port, cc.Database)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("PostgreSQL at %s: %w", where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("cannot connect to PostgreSQL at %s: %w", where, err)
	}
	s := &Store{pool: pool, where: where}
	s.Core = &store.Core{DB: backend{s}}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("migrate PostgreSQL at %s: %w", where, err)
	}
	return s, nil
}

// Pool exposes the connection pool for read-only SQL (benchmarks, tests).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Close closes every connection.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// lost reports whether err means the connection to the server is gone:
// the server shut it (terminated, restarting, crashed), or the network did.
func lost(err error) bool {
	if err == nil {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "57P") || strings.HasPrefix(pe.Code, "08")
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) || pgconn.SafeToRetry(err)
}

// LostError is a write that failed because the connection to the server
// dropped. The server rolls back a transaction whose connection is gone,
// so nothing of it was kept; the next call uses a new connection.
type LostError struct {
	Where      string
	Committing bool // lost during the commit: whether it was kept is unknown
	Err        error
}

// Error says what was lost and what became of the write, for the person
// who ran the command.
func (e *LostError) Error() string {
	if e.Committing {
		return fmt.Sprintf("lost the connection to PostgreSQL at %s while committing; check whether the change was kept before trying again: %v", e.Where, e.Err)
	}
	return fmt.Sprintf("lost the connection to PostgreSQL at %s; the transaction was rolled back and nothing was changed (try again): %v", e.Where, e.Err)
}

// Unwrap gives the driver's error, for errors.Is and errors.As.
func (e *LostError) Unwrap() error { return e.Err }

// backend gives store.Core PostgreSQL's queries, transactions and COPY.
type backend struct{ s *Store }

// Query runs a read, once more on fresh connections if the first one
// turns out to be dead before giving a row (after a server restart every
// idle connection in the pool is dead, so the pool is emptied first):
// reads change nothing, so repeating one is safe.
func (b backend) Query(ctx context.Context, query string, args ...any) (store.Rows, error) {
	run := func() (pgx.Rows, error) { return b.s.pool.Query(ctx, query, args...) }
	again := func() (pgx.Rows, error) {
		b.s.pool.Reset()
		return run()
	}
	rs, err := run()
	if lost(err) && ctx.Err() == nil {
		rs, err = again()
		again = nil
	}
	if err != nil {
		return nil, b.s.explain(ctx, err, false)
	}
	return &rows{Rows: rs, ctx: ctx, s: b.s, again: again}, nil
}

// rows are a read's results, which pgx reports a dead connection in only
// when the first row is asked for.
type rows struct {
	pgx.Rows
	ctx   context.Context
	s     *Store
	again func() (pgx.Rows, error) // nil once a row has come or the read was repeated
	err   error
}

func (r *rows) Next() bool {
	if r.Rows.Next() {
		r.again = nil
		return true
	}
	if again := r.again; again != nil && r.ctx.Err() == nil && lost(r.Rows.Err()) {
		r.again = nil
		r.Rows.Close()
		rs, err := again()
		if err != nil {
			r.err = err
			return false
		}
		r.Rows = rs
		return r.Next()
	}
	return false
}

func (r *rows) Err() error {
	if r.err != nil {
		return r.s.explain(r.ctx, r.err, false)
	}
	return r.s.explain(r.ctx, r.Rows.Err(), false)
}

func (b backend) Begin(ctx context.Context) (store.Tx, error) {
	t, err := b.s.pool.Begin(ctx)
	if lost(err) && ctx.Err() == nil {
		b.s.pool.Reset()
		t, err = b.s.pool.Begin(ctx)
	}
	if err != nil {
		return nil, b.s.explain(ctx, err, false)
	}
	return &tx{s: b.s, tx: t}, nil
}

// explain turns a dropped connection into a LostError; a cancelled
// context's errors are left for the caller to report as a cancellation.
func (s *Store) explain(ctx context.Context, err error, committing bool) error {
	if err == nil || ctx.Err() != nil || !lost(err) {
		return err
	}
	return &LostError{Where: s.where, Committing: committing, Err: err}
}

type tx struct {
	s  *Store
	tx pgx.Tx
}

// check explains an error, treating any failure that left the connection
// closed as a dropped connection.
func (t *tx) check(ctx context.Context, err error) error {
	if err != nil && ctx.Err() == nil && (t.tx.Conn().IsClosed() || lost(err)) {
		// The pool's other connections most likely went the same way.
		t.s.pool.Reset()
		return &LostError{Where: t.s.where, Err: err}
	}
	return err
}

func (t *tx) Exec(ctx context.Context, query string, args ...any) error {
	_, err := t.tx.Exec(ctx, query, args...)
	return t.check(ctx, err)
}

type row struct {
	t   *tx
	ctx context.Context
	r   pgx.Row
}

func (r row) Scan(dest ...any) error { return r.t.check(r.ctx, r.r.Scan(dest...)) }

func (t *tx) QueryRow(ctx context.Context, query string, args ...any) store.Row {
	return row{t, ctx, t.tx.QueryRow(ctx, query, args...)}
}

// Lock takes a transaction-scoped advisory lock named for what is being
// written, so two servers replacing the same dataset take turns.
func (t *tx) Lock(ctx context.Context, name string) error {
	return t.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "sightline "+name)
}

// Append streams the rows with COPY … FROM STDIN (binary).
func (t *tx) Append(ctx context.Context, table string, columns []string, rows *store.Cursor) error {
	_, err := t.tx.CopyFrom(ctx, pgx.Identifier{table}, columns, rows)
	return t.check(ctx, err)
}

func (t *tx) Commit(ctx context.Context) error {
	err := t.tx.Commit(ctx)
	if err != nil && ctx.Err() == nil && (lost(err) || t.tx.Conn().IsClosed()) {
		return &LostError{Where: t.s.where, Committing: true, Err: err}
	}
	return err
}

func (t *tx) Rollback(ctx context.Context) error {
	err := t.tx.Rollback(ctx)
	if errors.Is(err, pgx.ErrTxClosed) {
		return nil
	}
	return err
}
