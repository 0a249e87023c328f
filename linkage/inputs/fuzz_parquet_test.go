package inputs_test

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/linkage/inputs"
)

// parquetSeeds writes small Parquet files of the shapes partners send
// (names, dates, numbers, nulls, nested and binary columns) and returns
// their bytes, so the fuzzer starts from files DuckDB's reader accepts.
func parquetSeeds(f *testing.F) [][]byte {
	f.Helper()
	dir := f.TempDir()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	queries := []string{
		`SELECT * FROM (VALUES (1, 'Ann', DATE '2012-03-04', 4.5, NULL), (2, 'Bob', NULL, NULL, 'SW1A 1AA')) t(id, first_name, dob, score, postcode)`,
		`SELECT 'x' AS id`,
		`SELECT range AS id, range::VARCHAR || 'é' AS name, TIMESTAMP '2020-01-01 10:00:00' + INTERVAL (range) HOUR AS seen FROM range(20)`,
		`SELECT 1::HUGEINT AS id, [1, 2] AS list, {'a': 1} AS rec, 'ab'::BLOB AS raw, 1.25::DECIMAL(10,2) AS money, true AS flag`,
	}
	var out [][]byte
	for i, q := range queries {
		p := filepath.Join(dir, "seed"+string(rune('a'+i))+".parquet")
		if _, err := db.Exec(`COPY (` + q + `) TO '` + p + `' (FORMAT parquet)`); err != nil {
			f.Fatal(err)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// FuzzReadParquet feeds arbitrary bytes to the Parquet reader as a partner's
// file: it must return rows or an InputError naming the file, never crash.
func FuzzReadParquet(f *testing.F) {
	for _, s := range parquetSeeds(f) {
		f.Add(s)
	}
	f.Add([]byte("PAR1"))
	f.Add([]byte("id,name\n1,Ann\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "health.parquet")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		in, err := inputs.Read(path, "")
		if err != nil {
			var ie *sightline.InputError
			if !errors.As(err, &ie) || ie.File != path {
				t.Fatalf("error %v is not an InputError naming the file", err)
			}
			return
		}
		if len(in.Rows) == 0 || len(in.Rows) != len(in.Lines) || in.Source != "health" {
			t.Fatalf("%d rows, %d lines, source %q", len(in.Rows), len(in.Lines), in.Source)
		}
		for i, r := range in.Rows {
			if len(r) != len(in.Columns) {
				t.Fatalf("row %d has %d values for %d columns", i, len(r), len(in.Columns))
			}
		}
	})
}
