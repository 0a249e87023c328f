package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/access/accesstest"
	"github.com/sightline-uk/sightline/postgres"
	"github.com/sightline-uk/sightline/postgres/pgtest"
)

// TestAccessContract holds PostgreSQL's accounts and audit log to the same
// contract as DuckDB's.
func TestAccessContract(t *testing.T) {
	var last *postgres.Store
	accesstest.Run(t, func(t *testing.T) accesstest.Store {
		s, err := postgres.Open(context.Background(), pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		last = s
		return s
	}, func(t *testing.T, seq int64, object string) {
		ctx := context.Background()
		// The database itself refuses to change or remove an event…
		for _, q := range []string{`UPDATE audit SET object = 'x'`, `DELETE FROM audit`, `TRUNCATE audit`} {
			if _, err := last.Pool().Exec(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Fatalf("%s: %v", q, err)
			}
		}
		// …so tampering needs the trigger dropped, as only the owner can.
		if _, err := last.Pool().Exec(ctx, `ALTER TABLE audit DISABLE TRIGGER audit_append_only`); err != nil {
			t.Fatal(err)
		}
		if _, err := last.Pool().Exec(ctx, `UPDATE audit SET object = $1 WHERE seq = $2`, object, seq); err != nil {
			t.Fatal(err)
		}
	})
}
