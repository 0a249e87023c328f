package postgres

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/postgres/pgtest"
	"github.com/sightline-uk/sightline/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// testStore lets the shared tests look at the tables beneath.
type testStore struct{ *Store }

func (s testStore) QueryInt(ctx context.Context, query string, args ...any) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, query, args...).Scan(&n)
	return n, err
}

func (s testStore) Texts(ctx context.Context) (map[string]bool, error) {
	rs, err := s.pool.Query(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE data_type IN ('text', 'character varying') AND table_schema = 'public'`)
	if err != nil {
		return nil, err
	}
	cols, err := pgx.CollectRows(rs, func(r pgx.CollectableRow) ([2]string, error) {
		var c [2]string
		err := r.Scan(&c[0], &c[1])
		return c, err
	})
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, c := range cols {
		rs, err := s.pool.Query(ctx, `SELECT DISTINCT `+pgx.Identifier{c[1]}.Sanitize()+` FROM `+pgx.Identifier{c[0]}.Sanitize()+` WHERE `+pgx.Identifier{c[1]}.Sanitize()+` IS NOT NULL`)
		if err != nil {
			return nil, err
		}
		vs, err := pgx.CollectRows(rs, pgx.RowTo[string])
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			out[v] = true
		}
	}
	return out, nil
}

func openTest(t testing.TB, url string) testStore {
	t.Helper()
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return testStore{s}
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return openTest(t, pgtest.URL(t)) })
}

func TestOpenMigrates(t *testing.T) {
	url := pgtest.URL(t)
	storetest.Migrations(t, func() (storetest.Store, error) {
		s, err := Open(context.Background(), url)
		if err != nil {
			return nil, err
		}
		return testStore{s}, nil
	}, &migrations)
}

// Servers starting together against a new database migrate it once.
func TestOpenTogether(t *testing.T) {
	url := pgtest.URL(t)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			s, err := Open(context.Background(), url)
			if err == nil {
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("server %d: %v", i, err)
		}
	}
	s := openTest(t, url)
	if n := storetest.Count(t, s, `SELECT count(*) FROM schema_migrations`); n != len(migrations) {
		t.Errorf("%d migrations recorded, want %d", n, len(migrations))
	}
}

// Servers importing the same file together import it once: one reports
// the change, the others find it already there, and no row is doubled.
func TestImportTogether(t *testing.T) {
	url := pgtest.URL(t)
	const n = 4
	stores := make([]testStore, n)
	for i := range stores {
		stores[i] = openTest(t, url)
	}
	b := sightline.Batch{Dataset: sightline.Dataset{ID: "d1", Title: "Test", File: "d1.csv", Kind: "ees", SHA256: "sha-1"}}
	for i := range 50_000 {
		b.Observations = append(b.Observations, sightline.Observation{Dataset: "d1", Period: "2025", TimeID: "Reporting year", Year: 2025,
			Level: sightline.National, Area: sightline.EnglandCode, Filters: fmt.Sprintf("n=%d", i), Measure: "count", Value: sightline.Number(float64(i))})
	}
	var wg sync.WaitGroup
	changed := make([]bool, n)
	errs := make([]error, n)
	for i, s := range stores {
		wg.Go(func() { changed[i], errs[i] = s.Import(context.Background(), &b) })
	}
	wg.Wait()
	imports := 0
	for i := range stores {
		if errs[i] != nil {
			t.Errorf("server %d: %v", i, errs[i])
		}
		if changed[i] {
			imports++
		}
	}
	if imports != 1 {
		t.Errorf("%d servers imported the file, want 1", imports)
	}
	if got := storetest.Count(t, stores[0], `SELECT count(*) FROM observations`); got != len(b.Observations) {
		t.Errorf("%d observations, want %d", got, len(b.Observations))
	}
}

// A connection dropped in the middle of an import (the server terminates
// its backend, as a restart or a failover would) fails that import with
// words saying so, loses nothing, and the next call gets a new connection.
func TestDroppedConnection(t *testing.T) {
	url := pgtest.URL(t)
	s := openTest(t, url)
	terminated := 0
	err := storetest.Interrupted(t, s, func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close(ctx)
		if err := conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'copy%'`).Scan(&terminated); err != nil {
			t.Error(err)
		}
	})
	if terminated != 1 {
		t.Errorf("%d importing backends terminated, want 1", terminated)
	}
	t.Logf("the interrupted import said: %v", err)
	var lostErr *LostError
	if !errors.As(err, &lostErr) || lostErr.Committing {
		t.Fatalf("error %v (%T); want a LostError before the commit", err, errors.Unwrap(err))
	}
	for _, want := range []string{"import d1", "lost the connection to PostgreSQL", "nothing was changed"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}

	// A restart drops every connection, idle ones too: the next read and
	// the next import are served on new ones.
	ctx := context.Background()
	if _, err := s.Datasets(ctx); err != nil {
		t.Fatal(err)
	}
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if err := admin.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&terminated); err != nil || terminated == 0 {
		t.Fatalf("%d backends terminated, %v", terminated, err)
	}
	if ds, err := s.Datasets(ctx); err != nil || len(ds) != 2 {
		t.Errorf("reading after a restart: %d datasets, %v", len(ds), err)
	}
	if _, err := admin.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	if changed, err := s.Import(ctx, storetest.SmallBatch("after-restart")); err != nil || !changed {
		t.Errorf("importing after a restart: %v, %v", changed, err)
	}
}

// Open names the server it cannot reach, and never the password.
func TestOpenUnreachable(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ url, want string }{
		{"postgres://sightline:s3cret-pw@127.0.0.1:1/councils?sslmode=disable&connect_timeout=5", "cannot connect to PostgreSQL at 127.0.0.1:1/councils"},
		{"postgresql://sightline:s3cret-pw@db.invalid:5432/councils?connect_timeout=5", "db.invalid:5432/councils"},
		{"postgres://sightline:s3cret-pw@db.example:port/councils", "cannot read the PostgreSQL URL postgres://sightline:xxxxx@db.example:port/councils"},
		{"postgres://db.example/councils?password=s3cret-pw&sslmode=nonsense", "sslmode"},
	} {
		s, err := Open(ctx, tc.url)
		if err == nil {
			s.Close()
			t.Errorf("%s: opened", tc.url)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %q does not say %q", err, tc.want)
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("error %q shows the password", err)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:pw@h:5432/db":                     "postgres://u:xxxxx@h:5432/db",
		"postgresql://h/db?password=pw&sslmode=require": "postgresql://h/db?password=xxxxx&sslmode=require",
		"postgres://h/db":                               "postgres://h/db",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
	if !IsURL("postgres://h/db") || !IsURL("postgresql://h/db") || IsURL("sightline.duckdb") || IsURL("postgres.duckdb") {
		t.Error("IsURL")
	}
}

func BenchmarkImportSnapshot(b *testing.B) {
	storetest.BenchImportSnapshot(b, func(b *testing.B) sightline.Store { return openTest(b, pgtest.URL(b)) })
}
