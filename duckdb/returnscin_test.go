package duckdb

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/cin/measure"
	"github.com/sightline-uk/sightline/pseudo"
)

func fakeCIN(t *testing.T, name string) *cin.Return {
	t.Helper()
	path := filepath.Join("../cin/testdata/fake", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := cin.Read(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestKeepCIN(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, filepath.Join(t.TempDir(), "s.duckdb"))
	key := bytes.Repeat([]byte{7}, pseudo.KeySize)
	ret := fakeCIN(t, "fake_CIN_data.xml")
	results := measure.Compute(ret, measure.Options{})
	if err := s.KeepCIN(ctx, ret.LA, ret.Year, ret, key, results...); err != nil {
		t.Fatal(err)
	}
	// The next year's census names the same children.
	next := fakeCIN(t, "fake_CIN_data.xml")
	next.Year++
	if err := s.KeepCIN(ctx, next.LA, next.Year, next, key, measure.Compute(next, measure.Options{})...); err != nil {
		t.Fatal(err)
	}
	// Another council's census, in the 2021 layout, with a former UPN.
	other := fakeCIN(t, "CIN_Census_2021.xml")
	if err := s.KeepCIN(ctx, other.LA, other.Year, other, key, measure.Compute(other, measure.Options{})...); err != nil {
		t.Fatal(err)
	}
	// And an SSDA903 return beside them, which must not disturb them.
	if err := s.KeepReturn903(ctx, "999", 2018, fakeReturn(t, 2018), key); err != nil {
		t.Fatal(err)
	}

	// No raw child id, UPN or former UPN anywhere in the database.
	values := varchars(t, s)
	ids := map[string]bool{}
	var secrets []string
	for _, r := range []*cin.Return{ret, other} {
		ci := r.T(cin.ChildIdentifiers)
		for i := range ci.Rows {
			ids[ci.Str(i, "LAchildID")] = true
			secrets = append(secrets, ci.Str(i, "UPN"), ci.Str(i, "FormerUPN"))
		}
	}
	if len(ids) != 333 || len(secrets) < 600 {
		t.Fatalf("%d children, %d UPNs", len(ids), len(secrets))
	}
	for id := range ids {
		if values[id] {
			t.Errorf("child id %q is in the database", id)
		}
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
		if strings.Contains(v, hex.EncodeToString(key)) {
			t.Error("the key is in the database")
		}
	}
	if n := count(t, s, `SELECT count(*) FROM cells_cin WHERE field IN ('LAchildID', 'UPN', 'FormerUPN')`); n != 0 {
		t.Errorf("%d identifier cells kept", n)
	}

	// The same child has the same pseudonym in both years.
	ci := ret.T(cin.ChildIdentifiers)
	child := ci.Str(0, "LAchildID")
	want := pseudo.Pseudonym(key, child)
	if n := count(t, s, `SELECT count(DISTINCT r.year) FROM cells_cin c JOIN returns_cin r ON r.id = c.return_id WHERE c.child = ? AND c.tab = 'ChildIdentifiers'`, want); n != 2 {
		t.Errorf("child %s's pseudonym is in %d years, want 2", child, n)
	}
	if n := count(t, s, `SELECT count(*) FROM (SELECT child FROM cells_cin c JOIN returns_cin r ON r.id = c.return_id WHERE r.year = ? AND r.la = '975' AND c.child <> ''
		INTERSECT SELECT child FROM cells_cin c JOIN returns_cin r ON r.id = c.return_id WHERE r.year = ? AND r.la = '975')`, ret.Year, next.Year); n != 332 {
		t.Errorf("%d children link across the years, want 332", n)
	}
	// The child's episodes can be read back by pseudonym; the header,
	// naming no child, is kept with none.
	if n := count(t, s, `SELECT count(*) FROM cells_cin c JOIN returns_cin r ON r.id = c.return_id WHERE r.year = ? AND r.la = '975' AND c.tab = 'CINdetails' AND c.field = 'CINreferralDate' AND c.child = ?`, ret.Year, want); n != len(ret.T(cin.CINdetails).ByChild()[child]) {
		t.Errorf("%d episodes kept for the child", n)
	}
	if n := count(t, s, `SELECT count(*) FROM cells_cin WHERE tab = 'Header' AND child <> ''`); n != 0 {
		t.Errorf("%d header cells carry a pseudonym", n)
	}
	if n := count(t, s, `SELECT children FROM returns_cin WHERE la = '975' AND year = ?`, ret.Year); n != 332 {
		t.Errorf("children = %d, want 332", n)
	}

	// The indicators read back as computed.
	got, err := s.IndicatorsCIN(ctx, "975")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2*len(measure.Definitions) || got[0].Year != ret.Year || got[len(got)-1].Year != next.Year {
		t.Fatalf("%d indicators read back", len(got))
	}
	for i, r := range results {
		g := got[i]
		if g.ID != r.ID || g.Numerator != r.Numerator || g.Value != r.Value || g.Display() != r.Display() {
			t.Errorf("%s: kept %+v, computed %+v", r.ID, g, r)
		}
		if r.Def().Kind != "count" && g.Denominator != r.Denominator {
			t.Errorf("%s: denominator %v, computed %v", r.ID, g.Denominator, r.Denominator)
		}
	}
	if las, err := s.KeptLAsCIN(ctx); err != nil || strings.Join(las, ",") != "201,975" {
		t.Errorf("kept LAs %v %v", las, err)
	}
	if n := count(t, s, `SELECT count(*) FROM returns_903`); n != 1 {
		t.Errorf("%d SSDA903 returns beside the censuses", n)
	}

	// Keeping the same council and year again replaces it.
	before := count(t, s, `SELECT count(*) FROM cells_cin`)
	changed := []measure.Result{{ID: "referrals", Year: ret.Year, Numerator: 7, Value: sightline.Number(7)}}
	if err := s.KeepCIN(ctx, "975", ret.Year, ret, key, changed...); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, `SELECT count(*) FROM returns_cin WHERE la = '975' AND year = ?`, ret.Year); n != 1 {
		t.Errorf("%d censuses kept after keeping again", n)
	}
	if n := count(t, s, `SELECT count(*) FROM cells_cin`); n != before {
		t.Errorf("%d cells after keeping again, %d before", n, before)
	}
	got, _ = s.IndicatorsCIN(ctx, "975")
	if len(got) != 1+len(measure.Definitions) || got[0].Numerator != 7 {
		t.Errorf("after keeping again: %d indicators, first %+v", len(got), got[0])
	}
	if n := count(t, s, `SELECT count(*) FROM returns_cin WHERE year = ?`, next.Year); n != 1 {
		t.Error("keeping one year again touched the next")
	}

	// A wrong key size is refused before anything is written.
	if err := s.KeepCIN(ctx, "975", 2030, ret, key[:8]); err == nil {
		t.Error("an 8-byte key was accepted")
	}
	if n := count(t, s, `SELECT count(*) FROM returns_cin WHERE year = 2030`); n != 0 {
		t.Error("a refused census was kept")
	}
}

func TestKeepCINAtomic(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "s.duckdb"))
	key := bytes.Repeat([]byte{7}, pseudo.KeySize)
	ret := fakeCIN(t, "fake_CIN_data.xml")
	if err := s.KeepCIN(context.Background(), "975", 2023, ret, key); err != nil {
		t.Fatal(err)
	}
	before := count(t, s, `SELECT count(*) FROM cells_cin`)
	// A keep cancelled part-way through appending (at the second table),
	// after the old census's rows were deleted in the transaction, leaves
	// the old census whole.
	ctx := &keepTrip{tripContext: newTripContext()}
	if err := s.KeepCIN(ctx, "975", 2023, ret, key); err == nil || !ctx.tripped.Load() {
		t.Fatalf("a cancelled keep: %v (tripped %v)", err, ctx.tripped.Load())
	}
	if n := count(t, s, `SELECT count(*) FROM cells_cin`); n != before {
		t.Errorf("%d cells after a cancelled keep, %d before", n, before)
	}
	if n := count(t, s, `SELECT count(*) FROM returns_cin`); n != 1 {
		t.Errorf("%d censuses after a cancelled keep", n)
	}
}
