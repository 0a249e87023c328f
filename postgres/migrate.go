package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// migrations build the schema one version at a time, version for version
// the DuckDB store's, so a database says the same version in either
// store. {text} is text in the C collation, so that rows sort as they do in
// DuckDB whatever locale the database was created with.
var migrations = []string{
	`CREATE TABLE datasets (
		id {text} PRIMARY KEY, title {text} NOT NULL, file {text} NOT NULL, kind {text} NOT NULL,
		sha256 {text} NOT NULL, rows INTEGER NOT NULL, imported_at TIMESTAMP NOT NULL,
		filters text[] NOT NULL, measures text[] NOT NULL);
	CREATE TABLE observations (
		dataset {text} NOT NULL, period {text} NOT NULL, time_identifier {text} NOT NULL, year INTEGER NOT NULL, level {text} NOT NULL,
		area {text} NOT NULL, filters {text} NOT NULL, measure {text} NOT NULL,
		value DOUBLE PRECISION, symbol {text});
	CREATE INDEX observations_dataset ON observations (dataset, measure);
	CREATE TABLE areas (
		dataset {text} NOT NULL, code {text} NOT NULL, old_code {text}, name {text} NOT NULL, level {text} NOT NULL,
		region_code {text}, region_name {text}, first_year INTEGER, last_year INTEGER);
	CREATE TABLE judgements (
		dataset {text} NOT NULL, council {text} NOT NULL, council_name {text}, inspection_date DATE NOT NULL,
		publication_date DATE, inspection_type {text}, overall {text}, leaders {text}, help_and_protection {text},
		children_in_care {text}, care_leavers {text});
	CREATE TABLE neighbours (
		dataset {text} NOT NULL, model {text} NOT NULL, council {text} NOT NULL, neighbour {text} NOT NULL,
		rank INTEGER NOT NULL, closeness {text});`,
	// Version 2: councils' own SSDA903 returns, pseudonymised (see
	// store.Core.Keep), and the indicators computed from them.
	keptReturns("903"),
	// Version 3: councils' own CIN censuses, kept as the SSDA903 returns
	// are.
	keptReturns("cin"),
	// Version 4: the person index. Record ids and persons are keyed
	// pseudonyms, never the ids themselves.
	`CREATE TABLE person_index (
		linkage {text} NOT NULL, source {text} NOT NULL, record {text} NOT NULL, person {text} NOT NULL,
		probability DOUBLE PRECISION, kept_at TIMESTAMP NOT NULL, PRIMARY KEY (linkage, source, record));`,
	// Version 5: accounts, sessions (by token hash) and the append-only,
	// hash-chained audit log; here a trigger also refuses any change to
	// the log, so only someone able to drop the trigger can alter it (and
	// the chain then shows it).
	`CREATE SEQUENCE users_id START 1;
	CREATE TABLE users (
		id BIGINT PRIMARY KEY DEFAULT nextval('users_id'), name {text} NOT NULL UNIQUE, email {text}, role {text} NOT NULL,
		council {text}, region {text}, agency {text}, password_hash {text}, subject {text},
		disabled BOOLEAN NOT NULL DEFAULT false, created_at TIMESTAMP NOT NULL);
	CREATE TABLE sessions (
		token_hash {text} PRIMARY KEY, user_id BIGINT NOT NULL, created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL);
	CREATE TABLE audit (
		seq BIGINT PRIMARY KEY, at_time TIMESTAMP NOT NULL, actor {text} NOT NULL, role {text} NOT NULL, action {text} NOT NULL,
		object {text} NOT NULL, reason {text} NOT NULL, outcome {text} NOT NULL, remote {text} NOT NULL,
		prev {text} NOT NULL, hash {text} NOT NULL);
	CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
		'BEGIN RAISE EXCEPTION ''the audit log is append-only: its events cannot be changed or removed''; END';
	CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit
		FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();`,
	// Version 6: each observation's place in its file, so a dataset reads
	// back in the order it was published whatever plan the server chooses;
	// rows already kept get their place from where they lie in the table.
	`ALTER TABLE observations ADD COLUMN seq INTEGER;
	UPDATE observations SET seq = o.n FROM (
		SELECT ctid AS t, (row_number() OVER (PARTITION BY dataset ORDER BY ctid) - 1)::integer AS n FROM observations) AS o
	WHERE observations.ctid = o.t;`,
}

// keptReturns are the tables that keep one kind of return.
func keptReturns(kind string) string {
	return strings.ReplaceAll(`CREATE SEQUENCE returns_K_id START 1;
	CREATE TABLE returns_K (
		id INTEGER PRIMARY KEY DEFAULT nextval('returns_K_id'), la {text} NOT NULL, year INTEGER NOT NULL,
		kept_at TIMESTAMP NOT NULL, children INTEGER NOT NULL);
	CREATE TABLE cells_K (
		return_id INTEGER NOT NULL, tab {text} NOT NULL, row_no INTEGER NOT NULL, child {text} NOT NULL,
		field {text} NOT NULL, value {text});
	CREATE INDEX cells_K_return ON cells_K (return_id);
	CREATE TABLE indicators_K (
		la {text} NOT NULL, year INTEGER NOT NULL, indicator {text} NOT NULL,
		numerator DOUBLE PRECISION, denominator DOUBLE PRECISION, value DOUBLE PRECISION, symbol {text});`, "_K", "_"+kind)
}

// migrate applies the missing migrations, each in its own transaction
// under an advisory lock, so servers starting together migrate once: the
// first takes the lock and applies a version, the others wait and then
// find it applied. A failing migration leaves the last good version.
func (s *Store) migrate(ctx context.Context) error {
	for {
		done, err := s.migrateOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

func (s *Store) migrateOne(ctx context.Context) (done bool, err error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('sightline schema', 0))`); err != nil {
		return false, err
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)`); err != nil {
		return false, err
	}
	var have int
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return false, err
	}
	if have >= len(migrations) {
		return true, tx.Commit(ctx)
	}
	v := have + 1
	if _, err := tx.Exec(ctx, strings.ReplaceAll(migrations[v-1], "{text}", `text COLLATE "C"`)); err != nil {
		return false, fmt.Errorf("version %d: %w", v, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations VALUES ($1, $2)`, v, time.Now().UTC()); err != nil {
		return false, err
	}
	return false, tx.Commit(ctx)
}
