// Package duckdb is Sightline's embedded store: a single DuckDB file that
// needs no server, which analysts can also open directly with SQL.
package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/sightline-uk/sightline/store"
)

// migrations build the schema one version at a time; a database records the
// versions it has, so opening an older file upgrades it in place.
var migrations = []string{
	`CREATE TABLE datasets (
		id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, file VARCHAR NOT NULL, kind VARCHAR NOT NULL,
		sha256 VARCHAR NOT NULL, rows INTEGER NOT NULL, imported_at TIMESTAMP NOT NULL,
		filters VARCHAR[] NOT NULL, measures VARCHAR[] NOT NULL);
	CREATE TABLE observations (
		dataset VARCHAR NOT NULL, period VARCHAR NOT NULL, time_identifier VARCHAR NOT NULL, year INTEGER NOT NULL, level VARCHAR NOT NULL,
		area VARCHAR NOT NULL, filters VARCHAR NOT NULL, measure VARCHAR NOT NULL,
		value DOUBLE, symbol VARCHAR);
	CREATE TABLE areas (
		dataset VARCHAR NOT NULL, code VARCHAR NOT NULL, old_code VARCHAR, name VARCHAR NOT NULL, level VARCHAR NOT NULL,
		region_code VARCHAR, region_name VARCHAR, first_year INTEGER, last_year INTEGER);
	CREATE TABLE judgements (
		dataset VARCHAR NOT NULL, council VARCHAR NOT NULL, council_name VARCHAR, inspection_date DATE NOT NULL,
		publication_date DATE, inspection_type VARCHAR, overall VARCHAR, leaders VARCHAR, help_and_protection VARCHAR,
		children_in_care VARCHAR, care_leavers VARCHAR);
	CREATE TABLE neighbours (
		dataset VARCHAR NOT NULL, model VARCHAR NOT NULL, council VARCHAR NOT NULL, neighbour VARCHAR NOT NULL,
		rank INTEGER NOT NULL, closeness VARCHAR);`,
	// Version 2: councils' own SSDA903 returns, pseudonymised (see
	// returns903.go), and the indicators computed from them.
	`CREATE SEQUENCE returns_903_id START 1;
	CREATE TABLE returns_903 (
		id INTEGER PRIMARY KEY DEFAULT nextval('returns_903_id'), la VARCHAR NOT NULL, year INTEGER NOT NULL,
		kept_at TIMESTAMP NOT NULL, children INTEGER NOT NULL);
	CREATE TABLE cells_903 (
		return_id INTEGER NOT NULL, tab VARCHAR NOT NULL, row_no INTEGER NOT NULL, child VARCHAR NOT NULL,
		field VARCHAR NOT NULL, value VARCHAR);
	CREATE TABLE indicators_903 (
		la VARCHAR NOT NULL, year INTEGER NOT NULL, indicator VARCHAR NOT NULL,
		numerator DOUBLE, denominator DOUBLE, value DOUBLE, symbol VARCHAR);`,
	// Version 3: councils' own CIN censuses, pseudonymised as the SSDA903
	// returns are (see returnscin.go), and the indicators computed from
	// them.
	`CREATE SEQUENCE returns_cin_id START 1;
	CREATE TABLE returns_cin (
		id INTEGER PRIMARY KEY DEFAULT nextval('returns_cin_id'), la VARCHAR NOT NULL, year INTEGER NOT NULL,
		kept_at TIMESTAMP NOT NULL, children INTEGER NOT NULL);
	CREATE TABLE cells_cin (
		return_id INTEGER NOT NULL, tab VARCHAR NOT NULL, row_no INTEGER NOT NULL, child VARCHAR NOT NULL,
		field VARCHAR NOT NULL, value VARCHAR);
	CREATE TABLE indicators_cin (
		la VARCHAR NOT NULL, year INTEGER NOT NULL, indicator VARCHAR NOT NULL,
		numerator DOUBLE, denominator DOUBLE, value DOUBLE, symbol VARCHAR);`,
	// The person index: which records, in which partner source, a linkage
	// found to be the same person. Record ids and persons are keyed
	// pseudonyms, never the ids themselves.
	`CREATE TABLE person_index (
		linkage VARCHAR NOT NULL, source VARCHAR NOT NULL, record VARCHAR NOT NULL, person VARCHAR NOT NULL,
		probability DOUBLE, kept_at TIMESTAMP NOT NULL, PRIMARY KEY (linkage, source, record));`,
	// Version 5: accounts, sessions (by token hash) and the append-only,
	// hash-chained audit log (see access.go).
	`CREATE SEQUENCE users_id START 1;
	CREATE TABLE users (
		id BIGINT PRIMARY KEY DEFAULT nextval('users_id'), name VARCHAR NOT NULL UNIQUE, email VARCHAR, role VARCHAR NOT NULL,
		council VARCHAR, region VARCHAR, agency VARCHAR, password_hash VARCHAR, subject VARCHAR,
		disabled BOOLEAN NOT NULL DEFAULT false, created_at TIMESTAMP NOT NULL);
	CREATE TABLE sessions (
		token_hash VARCHAR PRIMARY KEY, user_id BIGINT NOT NULL, created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL);
	CREATE TABLE audit (
		seq BIGINT PRIMARY KEY, at_time TIMESTAMP NOT NULL, actor VARCHAR NOT NULL, role VARCHAR NOT NULL, action VARCHAR NOT NULL,
		object VARCHAR NOT NULL, reason VARCHAR NOT NULL, outcome VARCHAR NOT NULL, remote VARCHAR NOT NULL,
		prev VARCHAR NOT NULL, hash VARCHAR NOT NULL);`,
	// Version 6: each observation's place in its file, so a dataset reads
	// back in the order it was published (and exports in that order) in
	// either store; rows already kept get their place from the order they
	// were appended in.
	`ALTER TABLE observations ADD COLUMN seq INTEGER;
	UPDATE observations SET seq = o.n FROM (
		SELECT rowid AS rid, CAST(row_number() OVER (PARTITION BY dataset ORDER BY rowid) - 1 AS INTEGER) AS n FROM observations) AS o
	WHERE observations.rowid = o.rid;`,
}

// Store is a sightline.Store backed by a DuckDB file.
type Store struct {
	// Core holds the queries and writes DuckDB shares with PostgreSQL.
	*store.Core
	db   *sql.DB
	path string
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the DuckDB file at path and brings its
// schema up to date. An empty path opens a private in-memory database.
func Open(ctx context.Context, path string) (*Store, error) {
	conn, err := duckdb.NewConnector(path, nil)
	if err != nil {
		return nil, openError(path, err)
	}
	db := sql.OpenDB(conn)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	s := &Store{Core: &store.Core{DB: backend{db}}, db: db, path: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	return s, nil
}

// openError explains the common failure: another process holds the file.
func openError(path string, err error) error {
	if strings.Contains(err.Error(), "Could not set lock") {
		return fmt.Errorf("%s is in use by another Sightline process (only one process may open a DuckDB file at a time): stop it, or choose another file with --db", path)
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// DB exposes the database for read-only SQL (exports, benchmarks).
func (s *Store) DB() *sql.DB { return s.db }

// Close releases the file.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)`); err != nil {
		return err
	}
	var have int
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return err
	}
	for v := have + 1; v <= len(migrations); v++ {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[v-1]); err != nil {
			tx.Rollback()
			return fmt.Errorf("version %d: %w", v, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, ?)`, v, time.Now().UTC()); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
