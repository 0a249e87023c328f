package duckdb

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/pseudo"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/measure"
)

func fakeReturn(t *testing.T, year int) *ssda903.Return {
	t.Helper()
	dir := "../ssda903/testdata/fake_2017"
	var files []ssda903.File
	for _, n := range []string{"header.csv", "episodes.csv", "uasc.csv", "oc3.csv", "missing.csv", "reviews.csv", "ad1.csv"} {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, ssda903.File{Name: n, Data: data})
	}
	r, err := ssda903.ReadFiles(year, "999", files)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// varchars returns every distinct value of every VARCHAR column of every
// table in the database.
func varchars(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	rs, err := s.db.Query(`SELECT table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR' AND table_schema = 'main'`)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rs.Next() {
		var tab, col string
		if err := rs.Scan(&tab, &col); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, [2]string{tab, col})
	}
	rs.Close()
	if len(cols) < 10 {
		t.Fatalf("only %d VARCHAR columns found", len(cols))
	}
	out := map[string]bool{}
	for _, c := range cols {
		vs, err := s.db.Query(`SELECT DISTINCT "` + c[1] + `" FROM "` + c[0] + `" WHERE "` + c[1] + `" IS NOT NULL`)
		if err != nil {
			t.Fatal(err)
		}
		for vs.Next() {
			var v string
			if err := vs.Scan(&v); err != nil {
				t.Fatal(err)
			}
			out[v] = true
		}
		vs.Close()
	}
	return out
}

func TestKeepReturn903(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, filepath.Join(t.TempDir(), "s.duckdb"))
	key := bytes.Repeat([]byte{7}, pseudo.KeySize)
	ret := fakeReturn(t, 2018)
	results := measure.Compute(ret, measure.Options{})
	if err := s.KeepReturn903(ctx, "999", 2018, ret, key, results...); err != nil {
		t.Fatal(err)
	}
	// The next year's return names the same children.
	next := fakeReturn(t, 2019)
	if err := s.KeepReturn903(ctx, "999", 2019, next, key, measure.Compute(next, measure.Options{})...); err != nil {
		t.Fatal(err)
	}

	// No raw child id, UPN or postcode anywhere in the database.
	hdr, eps := ret.T(ssda903.Header), ret.T(ssda903.Episodes)
	values := varchars(t, s)
	ids := map[string]bool{}
	for _, tab := range ret.Tables {
		for i := range tab.Rows {
			ids[tab.Str(i, "CHILD")] = true
		}
	}
	for id := range ids {
		if values[id] {
			t.Errorf("child id %q is in the database", id)
		}
	}
	var secrets []string
	for i := range hdr.Rows {
		secrets = append(secrets, hdr.Str(i, "UPN"))
	}
	for i := range eps.Rows {
		secrets = append(secrets, eps.Str(i, "HOME_POST"), eps.Str(i, "PL_POST"))
	}
	found := 0
	for v := range values {
		for _, sec := range secrets {
			if sec != "" && strings.Contains(v, sec) {
				found++
				if found < 5 {
					t.Errorf("%q appears in the database value %q", sec, v)
				}
			}
		}
	}

	// Nor the key.
	for v := range values {
		if strings.Contains(v, hex.EncodeToString(key)) {
			t.Errorf("the key is in the database")
		}
	}

	// The same child has the same pseudonym in both years.
	child := hdr.Str(0, "CHILD")
	want := pseudo.Pseudonym(key, child)
	years := count(t, s, `SELECT count(DISTINCT r.year) FROM cells_903 c JOIN returns_903 r ON r.id = c.return_id WHERE c.child = ? AND c.tab = 'Header'`, want)
	if years != 2 {
		t.Errorf("child %s's pseudonym is in %d years' headers, want 2", child, years)
	}
	if n := count(t, s, `SELECT count(*) FROM (SELECT child FROM cells_903 c JOIN returns_903 r ON r.id = c.return_id WHERE r.year = 2018
		INTERSECT SELECT child FROM cells_903 c JOIN returns_903 r ON r.id = c.return_id WHERE r.year = 2019)`); n != len(ids) {
		t.Errorf("%d children link across the years, want %d", n, len(ids))
	}
	// The child's episodes can be read back by pseudonym.
	if n := count(t, s, `SELECT count(*) FROM cells_903 c JOIN returns_903 r ON r.id = c.return_id WHERE r.year = 2018 AND c.tab = 'Episodes' AND c.field = 'DECOM' AND c.child = ?`, want); n != len(eps.ByChild()[child]) {
		t.Errorf("%d episodes kept for the child, want %d", n, len(eps.ByChild()[child]))
	}
	if n := count(t, s, `SELECT children FROM returns_903 WHERE year = 2018`); n != len(ids) {
		t.Errorf("children = %d, want %d", n, len(ids))
	}

	// The indicators read back as computed.
	got, err := s.Indicators903(ctx, "999")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2*len(measure.Definitions) || got[0].Year != 2018 || got[len(got)-1].Year != 2019 {
		t.Fatalf("%d indicators read back", len(got))
	}
	for i, r := range results {
		g := got[i]
		if g.ID != r.ID || g.Numerator != r.Numerator || g.Value != r.Value || g.Display() != r.Display() {
			t.Errorf("%s: kept %+v, computed %+v", r.ID, g, r)
		}
		if r.Def().Kind != measure.Count && g.Denominator != r.Denominator {
			t.Errorf("%s: denominator %v, computed %v", r.ID, g.Denominator, r.Denominator)
		}
	}

	// Keeping the same council and year again replaces it.
	before := count(t, s, `SELECT count(*) FROM cells_903`)
	changed := []measure.Result{{ID: "cla_31_march", Year: 2018, Numerator: 7, Value: sightline.Number(7)}}
	if err := s.KeepReturn903(ctx, "999", 2018, ret, key, changed...); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, `SELECT count(*) FROM returns_903 WHERE la = '999' AND year = 2018`); n != 1 {
		t.Errorf("%d returns kept for 999 2018 after keeping it again", n)
	}
	if n := count(t, s, `SELECT count(*) FROM cells_903`); n != before {
		t.Errorf("%d cells after keeping again, %d before", n, before)
	}
	got, _ = s.Indicators903(ctx, "999")
	if len(got) != 1+len(measure.Definitions) || got[0].Numerator != 7 {
		t.Errorf("after keeping again: %d indicators, first %+v", len(got), got[0])
	}
	if n := count(t, s, `SELECT count(*) FROM returns_903 WHERE year = 2019`); n != 1 {
		t.Errorf("keeping 2018 again touched 2019")
	}

	// A wrong key size is refused before anything is written.
	if err := s.KeepReturn903(ctx, "999", 2020, ret, key[:8]); err == nil {
		t.Error("an 8-byte key was accepted")
	}
	if n := count(t, s, `SELECT count(*) FROM returns_903 WHERE year = 2020`); n != 0 {
		t.Errorf("a refused return was kept")
	}
}

func TestKeepReturn903Atomic(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "s.duckdb"))
	key := bytes.Repeat([]byte{7}, pseudo.KeySize)
	ret := fakeReturn(t, 2018)
	if err := s.KeepReturn903(context.Background(), "999", 2018, ret, key); err != nil {
		t.Fatal(err)
	}
	before := count(t, s, `SELECT count(*) FROM cells_903`)
	// A keep cancelled part-way through appending, after the old return's
	// rows were deleted in the transaction, leaves the old return whole.
	ctx := &keepTrip{tripContext: newTripContext()}
	if err := s.KeepReturn903(ctx, "999", 2018, ret, key); err == nil || !ctx.tripped.Load() {
		t.Fatalf("a cancelled keep: %v (tripped %v)", err, ctx.tripped.Load())
	}
	if n := count(t, s, `SELECT count(*) FROM cells_903`); n != before {
		t.Errorf("%d cells after a cancelled keep, %d before", n, before)
	}
	if n := count(t, s, `SELECT count(*) FROM returns_903`); n != 1 {
		t.Errorf("%d returns after a cancelled keep", n)
	}
}

// keepTrip cancels on keepReturn's second cancellation check, after 4,096
// rows have been appended.
type keepTrip struct{ *tripContext }

func (c *keepTrip) Err() error {
	if pc, _, _, ok := runtime.Caller(1); ok {
		if fn := runtime.FuncForPC(pc); fn != nil && strings.Contains(fn.Name(), ".keepReturn") {
			if c.appends.Add(1) == 2 {
				c.cancel()
				c.tripped.Store(true)
			}
		}
	}
	return c.Context.Err()
}
