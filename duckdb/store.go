// Package duckdb is Sightline's embedded store: a single DuckDB file that
// needs no server, which analysts can also open directly with SQL.
package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/sightline-uk/sightline"
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
}

// Store is a sightline.Store backed by a DuckDB file.
type Store struct {
	db   *sql.DB
	path string
	// auditMu orders appends to the audit chain within this process (a
	// DuckDB file is open in one process at a time).
	auditMu sync.Mutex
}

var _ sightline.Store = (*Store)(nil)

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
	s := &Store{db: db, path: path}
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

// SchemaVersion reports the schema version of the open file.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

var datasetTables = []string{"observations", "areas", "judgements", "neighbours", "datasets"}

// Import replaces a dataset in one transaction: the previous rows of the
// same dataset are deleted and the batch appended, so readers see either the
// old dataset or the new one, never a mixture, even if the process dies.
func (s *Store) Import(ctx context.Context, b *sightline.Batch) (changed bool, err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	var prev string
	err = conn.QueryRowContext(ctx, `SELECT sha256 FROM datasets WHERE id = ?`, b.Dataset.ID).Scan(&prev)
	if err == nil && prev == b.Dataset.SHA256 {
		return false, nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return false, err
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	for _, t := range datasetTables {
		col := "dataset"
		if t == "datasets" {
			col = "id"
		}
		if _, err := conn.ExecContext(ctx, "DELETE FROM "+t+" WHERE "+col+" = ?", b.Dataset.ID); err != nil {
			return false, err
		}
	}
	d := b.Dataset
	if _, err := conn.ExecContext(ctx, `INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.Title, d.File, d.Kind, d.SHA256, d.Rows, d.ImportedAt.UTC(), orEmpty(d.Filters), orEmpty(d.Measures)); err != nil {
		return false, err
	}
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		return appendBatch(ctx, c, b)
	})
	if err != nil {
		return false, fmt.Errorf("import %s: %w", d.ID, err)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return false, err
	}
	committed = true
	return true, nil
}

func appendBatch(ctx context.Context, c driver.Conn, b *sightline.Batch) error {
	id := b.Dataset.ID
	rows := func(table string, n int, row func(i int) []driver.Value) error {
		if n == 0 {
			return nil
		}
		a, err := duckdb.NewAppenderFromConn(c, "", table)
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if i%65536 == 0 && ctx.Err() != nil {
				a.Close()
				return ctx.Err()
			}
			if err := a.AppendRow(row(i)...); err != nil {
				a.Close()
				return fmt.Errorf("%s row %d: %w", table, i, err)
			}
		}
		return a.Close()
	}
	nullable := func(s string) driver.Value {
		if s == "" {
			return nil
		}
		return s
	}
	if err := rows("observations", len(b.Observations), func(i int) []driver.Value {
		o := &b.Observations[i]
		var v, sym driver.Value
		if o.Value.IsNumber() {
			v = o.Value.Num
		} else {
			sym = o.Value.Symbol
		}
		return []driver.Value{id, o.Period, o.TimeID, int32(o.Year), string(o.Level), o.Area, o.Filters, o.Measure, v, sym}
	}); err != nil {
		return err
	}
	if err := rows("areas", len(b.Areas), func(i int) []driver.Value {
		a := &b.Areas[i]
		return []driver.Value{id, a.Code, nullable(a.OldCode), a.Name, string(a.Level), nullable(a.RegionCode), nullable(a.RegionName), int32(a.FirstYear), int32(a.LastYear)}
	}); err != nil {
		return err
	}
	date := func(t time.Time) driver.Value {
		if t.IsZero() {
			return nil
		}
		return t
	}
	if err := rows("judgements", len(b.Judgements), func(i int) []driver.Value {
		j := &b.Judgements[i]
		return []driver.Value{id, j.Council, j.CouncilName, j.InspectionDate, date(j.PublicationDate), j.Type,
			nullable(string(j.Overall)), nullable(string(j.Leaders)), nullable(string(j.HelpAndProtection)), nullable(string(j.ChildrenInCare)), nullable(string(j.CareLeavers))}
	}); err != nil {
		return err
	}
	return rows("neighbours", len(b.Neighbours), func(i int) []driver.Value {
		n := &b.Neighbours[i]
		return []driver.Value{id, n.Model, n.Council, n.Neighbour, int32(n.Rank), n.Closeness}
	})
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Datasets lists what has been imported, by id.
func (s *Store) Datasets(ctx context.Context) ([]sightline.Dataset, error) {
	rs, err := s.db.QueryContext(ctx, `SELECT id, title, file, kind, sha256, rows, imported_at, filters, measures FROM datasets ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []sightline.Dataset
	for rs.Next() {
		var d sightline.Dataset
		var f, m duckdb.Composite[[]string]
		if err := rs.Scan(&d.ID, &d.Title, &d.File, &d.Kind, &d.SHA256, &d.Rows, &d.ImportedAt, &f, &m); err != nil {
			return nil, err
		}
		d.Filters, d.Measures = f.Get(), m.Get()
		out = append(out, d)
	}
	return out, rs.Err()
}

// Observations returns a dataset's cells, optionally only some measures.
func (s *Store) Observations(ctx context.Context, q sightline.ObservationQuery) ([]sightline.Observation, error) {
	query := `SELECT period, time_identifier, year, level, area, filters, measure, value, symbol FROM observations WHERE dataset = ?`
	args := []any{q.Dataset}
	if len(q.Measures) > 0 {
		query += ` AND measure IN (?` + strings.Repeat(`, ?`, len(q.Measures)-1) + `)`
		for _, m := range q.Measures {
			args = append(args, m)
		}
	}
	rs, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []sightline.Observation
	for rs.Next() {
		o := sightline.Observation{Dataset: q.Dataset}
		var level string
		var v sql.NullFloat64
		var sym sql.NullString
		if err := rs.Scan(&o.Period, &o.TimeID, &o.Year, &level, &o.Area, &o.Filters, &o.Measure, &v, &sym); err != nil {
			return nil, err
		}
		o.Level = sightline.Level(level)
		if sym.Valid {
			o.Value = sightline.Sym(sym.String)
		} else if v.Valid {
			o.Value = sightline.Number(v.Float64)
		} else {
			o.Value = sightline.Missing
		}
		out = append(out, o)
	}
	return out, rs.Err()
}

// Areas returns every area named by any dataset, one row per dataset.
func (s *Store) Areas(ctx context.Context) ([]sightline.Area, error) {
	rs, err := s.db.QueryContext(ctx, `SELECT code, coalesce(old_code, ''), name, level, coalesce(region_code, ''), coalesce(region_name, ''), first_year, last_year FROM areas ORDER BY code, last_year`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []sightline.Area
	for rs.Next() {
		var a sightline.Area
		var level string
		if err := rs.Scan(&a.Code, &a.OldCode, &a.Name, &level, &a.RegionCode, &a.RegionName, &a.FirstYear, &a.LastYear); err != nil {
			return nil, err
		}
		a.Level = sightline.Level(level)
		out = append(out, a)
	}
	return out, rs.Err()
}

// Judgements returns every Ofsted judgement, oldest first.
func (s *Store) Judgements(ctx context.Context) ([]sightline.Judgement, error) {
	rs, err := s.db.QueryContext(ctx, `SELECT council, council_name, inspection_date, publication_date, inspection_type,
		coalesce(overall,''), coalesce(leaders,''), coalesce(help_and_protection,''), coalesce(children_in_care,''), coalesce(care_leavers,'')
		FROM judgements ORDER BY inspection_date, council`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []sightline.Judgement
	for rs.Next() {
		var j sightline.Judgement
		var pub sql.NullTime
		var o, l, h, c, cl string
		if err := rs.Scan(&j.Council, &j.CouncilName, &j.InspectionDate, &pub, &j.Type, &o, &l, &h, &c, &cl); err != nil {
			return nil, err
		}
		j.PublicationDate = pub.Time
		j.Overall, j.Leaders, j.HelpAndProtection, j.ChildrenInCare, j.CareLeavers = sightline.Grade(o), sightline.Grade(l), sightline.Grade(h), sightline.Grade(c), sightline.Grade(cl)
		out = append(out, j)
	}
	return out, rs.Err()
}

// Neighbours returns every statistical neighbour of every model.
func (s *Store) Neighbours(ctx context.Context) ([]sightline.Neighbour, error) {
	rs, err := s.db.QueryContext(ctx, `SELECT model, council, neighbour, rank, coalesce(closeness,'') FROM neighbours ORDER BY model, council, rank`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []sightline.Neighbour
	for rs.Next() {
		var n sightline.Neighbour
		if err := rs.Scan(&n.Model, &n.Council, &n.Neighbour, &n.Rank, &n.Closeness); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rs.Err()
}
