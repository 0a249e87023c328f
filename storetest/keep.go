package storetest

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
	cinmeasure "github.com/sightline-uk/sightline/cin/measure"
	"github.com/sightline-uk/sightline/pseudo"
	"github.com/sightline-uk/sightline/returns/figures"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/measure"
	"github.com/sightline-uk/sightline/store"
)

// texts is every distinct value of every text column in the store.
func texts(t *testing.T, s Store) map[string]bool {
	t.Helper()
	out, err := s.Texts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 10 {
		t.Fatalf("only %d distinct text values found", len(out))
	}
	return out
}

func fakeReturn(t *testing.T, year int) *ssda903.Return {
	t.Helper()
	dir := filepath.Join(repo(t), "ssda903/testdata/fake_2017")
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

func testKeepReturn903(t *testing.T, s Store) {
	ctx := context.Background()
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
	values := texts(t, s)
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
	years := Count(t, s, `SELECT count(DISTINCT r.year) FROM cells_903 c JOIN returns_903 r ON r.id = c.return_id WHERE c.child = $1 AND c.tab = 'Header'`, want)
	if years != 2 {
		t.Errorf("child %s's pseudonym is in %d years' headers, want 2", child, years)
	}
	if n := Count(t, s, `SELECT count(*) FROM (SELECT child FROM cells_903 c JOIN returns_903 r ON r.id = c.return_id WHERE r.year = 2018
		INTERSECT SELECT child FROM cells_903 c JOIN returns_903 r ON r.id = c.return_id WHERE r.year = 2019) AS both_years`); n != len(ids) {
		t.Errorf("%d children link across the years, want %d", n, len(ids))
	}
	// The child's episodes can be read back by pseudonym.
	if n := Count(t, s, `SELECT count(*) FROM cells_903 c JOIN returns_903 r ON r.id = c.return_id WHERE r.year = 2018 AND c.tab = 'Episodes' AND c.field = 'DECOM' AND c.child = $1`, want); n != len(eps.ByChild()[child]) {
		t.Errorf("%d episodes kept for the child, want %d", n, len(eps.ByChild()[child]))
	}
	if n := Count(t, s, `SELECT children FROM returns_903 WHERE year = 2018`); n != len(ids) {
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
	checkKept(t, got, results)

	// Keeping the same council and year again replaces it.
	before := Count(t, s, `SELECT count(*) FROM cells_903`)
	changed := []measure.Result{{ID: "cla_31_march", Year: 2018, Numerator: 7, Value: sightline.Number(7)}}
	if err := s.KeepReturn903(ctx, "999", 2018, ret, key, changed...); err != nil {
		t.Fatal(err)
	}
	if n := Count(t, s, `SELECT count(*) FROM returns_903 WHERE la = '999' AND year = 2018`); n != 1 {
		t.Errorf("%d returns kept for 999 2018 after keeping it again", n)
	}
	if n := Count(t, s, `SELECT count(*) FROM cells_903`); n != before {
		t.Errorf("%d cells after keeping again, %d before", n, before)
	}
	got, _ = s.Indicators903(ctx, "999")
	if len(got) != 1+len(measure.Definitions) || got[0].Numerator != 7 {
		t.Errorf("after keeping again: %d indicators, first %+v", len(got), got[0])
	}
	if n := Count(t, s, `SELECT count(*) FROM returns_903 WHERE year = 2019`); n != 1 {
		t.Errorf("keeping 2018 again touched 2019")
	}

	// A wrong key size is refused before anything is written.
	if err := s.KeepReturn903(ctx, "999", 2020, ret, key[:8]); err == nil {
		t.Error("an 8-byte key was accepted")
	}
	if n := Count(t, s, `SELECT count(*) FROM returns_903 WHERE year = 2020`); n != 0 {
		t.Errorf("a refused return was kept")
	}
}

// measured is either return's measure.Result.
type measured interface {
	store.Result
	Display() sightline.Value
	Def() *figures.Definition
}

// checkKept checks indicators read back against those computed: the same
// ids, counts and values, shown the same, with denominators kept for all
// but counts.
func checkKept[R measured](t *testing.T, got, computed []R) {
	t.Helper()
	for i, r := range computed {
		g, want := figures.Result(got[i]), figures.Result(r)
		if g.ID != want.ID || g.Numerator != want.Numerator || g.Value != want.Value || got[i].Display() != r.Display() {
			t.Errorf("%s: kept %+v, computed %+v", want.ID, g, want)
		}
		if d := r.Def(); (d == nil || d.Kind != figures.Count) && g.Denominator != want.Denominator {
			t.Errorf("%s: denominator %v, computed %v", want.ID, g.Denominator, want.Denominator)
		}
	}
}

func testKeepReturn903Atomic(t *testing.T, s Store) {
	key := bytes.Repeat([]byte{7}, pseudo.KeySize)
	ret := fakeReturn(t, 2018)
	testKeepAtomic(t, s, "903", func(ctx context.Context) error { return s.KeepReturn903(ctx, "999", 2018, ret, key) })
}

// testKeepAtomic keeps a return, then keeps it again with the keep
// cancelled part-way through appending (at its second check, after 4,096
// cells), after the old return's rows were deleted in the transaction:
// the old return must stay whole.
func testKeepAtomic(t *testing.T, s Store, kind string, keep func(ctx context.Context) error) {
	if err := keep(context.Background()); err != nil {
		t.Fatal(err)
	}
	before := Count(t, s, `SELECT count(*) FROM cells_`+kind)
	ctx := NewTrip(t, 2, nil)
	if err := keep(ctx); err == nil || !ctx.Tripped() {
		t.Fatalf("a cancelled keep: %v (tripped %v)", err, ctx.Tripped())
	}
	if n := Count(t, s, `SELECT count(*) FROM cells_`+kind); n != before {
		t.Errorf("%d cells after a cancelled keep, %d before", n, before)
	}
	if n := Count(t, s, `SELECT count(*) FROM returns_`+kind); n != 1 {
		t.Errorf("%d returns after a cancelled keep", n)
	}
}

func fakeCIN(t *testing.T, name string) *cin.Return {
	t.Helper()
	path := filepath.Join(repo(t), "cin/testdata/fake", name)
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

func testKeepCIN(t *testing.T, s Store) {
	ctx := context.Background()
	key := bytes.Repeat([]byte{7}, pseudo.KeySize)
	ret := fakeCIN(t, "fake_CIN_data.xml")
	results := cinmeasure.Compute(ret, cinmeasure.Options{})
	if err := s.KeepCIN(ctx, ret.LA, ret.Year, ret, key, results...); err != nil {
		t.Fatal(err)
	}
	// The next year's census names the same children.
	next := fakeCIN(t, "fake_CIN_data.xml")
	next.Year++
	if err := s.KeepCIN(ctx, next.LA, next.Year, next, key, cinmeasure.Compute(next, cinmeasure.Options{})...); err != nil {
		t.Fatal(err)
	}
	// Another council's census, in the 2021 layout, with a former UPN.
	other := fakeCIN(t, "CIN_Census_2021.xml")
	if err := s.KeepCIN(ctx, other.LA, other.Year, other, key, cinmeasure.Compute(other, cinmeasure.Options{})...); err != nil {
		t.Fatal(err)
	}
	// And an SSDA903 return beside them, which must not disturb them.
	if err := s.KeepReturn903(ctx, "999", 2018, fakeReturn(t, 2018), key); err != nil {
		t.Fatal(err)
	}

	// No raw child id, UPN or former UPN anywhere in the database.
	values := texts(t, s)
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
	if n := Count(t, s, `SELECT count(*) FROM cells_cin WHERE field IN ('LAchildID', 'UPN', 'FormerUPN')`); n != 0 {
		t.Errorf("%d identifier cells kept", n)
	}

	// The same child has the same pseudonym in both years.
	ci := ret.T(cin.ChildIdentifiers)
	child := ci.Str(0, "LAchildID")
	want := pseudo.Pseudonym(key, child)
	if n := Count(t, s, `SELECT count(DISTINCT r.year) FROM cells_cin c JOIN returns_cin r ON r.id = c.return_id WHERE c.child = $1 AND c.tab = 'ChildIdentifiers'`, want); n != 2 {
		t.Errorf("child %s's pseudonym is in %d years, want 2", child, n)
	}
	if n := Count(t, s, `SELECT count(*) FROM (SELECT child FROM cells_cin c JOIN returns_cin r ON r.id = c.return_id WHERE r.year = $1 AND r.la = '975' AND c.child <> ''
		INTERSECT SELECT child FROM cells_cin c JOIN returns_cin r ON r.id = c.return_id WHERE r.year = $2 AND r.la = '975') AS both_years`, ret.Year, next.Year); n != 332 {
		t.Errorf("%d children link across the years, want 332", n)
	}
	// The child's episodes can be read back by pseudonym; the header,
	// naming no child, is kept with none.
	if n := Count(t, s, `SELECT count(*) FROM cells_cin c JOIN returns_cin r ON r.id = c.return_id WHERE r.year = $1 AND r.la = '975' AND c.tab = 'CINdetails' AND c.field = 'CINreferralDate' AND c.child = $2`, ret.Year, want); n != len(ret.T(cin.CINdetails).ByChild()[child]) {
		t.Errorf("%d episodes kept for the child", n)
	}
	if n := Count(t, s, `SELECT count(*) FROM cells_cin WHERE tab = 'Header' AND child <> ''`); n != 0 {
		t.Errorf("%d header cells carry a pseudonym", n)
	}
	if n := Count(t, s, `SELECT children FROM returns_cin WHERE la = '975' AND year = $1`, ret.Year); n != 332 {
		t.Errorf("children = %d, want 332", n)
	}

	// The indicators read back as computed.
	got, err := s.IndicatorsCIN(ctx, "975")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2*len(cinmeasure.Definitions) || got[0].Year != ret.Year || got[len(got)-1].Year != next.Year {
		t.Fatalf("%d indicators read back", len(got))
	}
	checkKept(t, got, results)
	if las, err := s.KeptLAsCIN(ctx); err != nil || strings.Join(las, ",") != "201,975" {
		t.Errorf("kept LAs %v %v", las, err)
	}
	if n := Count(t, s, `SELECT count(*) FROM returns_903`); n != 1 {
		t.Errorf("%d SSDA903 returns beside the censuses", n)
	}

	// Keeping the same council and year again replaces it.
	before := Count(t, s, `SELECT count(*) FROM cells_cin`)
	changed := []cinmeasure.Result{{ID: "referrals", Year: ret.Year, Numerator: 7, Value: sightline.Number(7)}}
	if err := s.KeepCIN(ctx, "975", ret.Year, ret, key, changed...); err != nil {
		t.Fatal(err)
	}
	if n := Count(t, s, `SELECT count(*) FROM returns_cin WHERE la = '975' AND year = $1`, ret.Year); n != 1 {
		t.Errorf("%d censuses kept after keeping again", n)
	}
	if n := Count(t, s, `SELECT count(*) FROM cells_cin`); n != before {
		t.Errorf("%d cells after keeping again, %d before", n, before)
	}
	got, _ = s.IndicatorsCIN(ctx, "975")
	if len(got) != 1+len(cinmeasure.Definitions) || got[0].Numerator != 7 {
		t.Errorf("after keeping again: %d indicators, first %+v", len(got), got[0])
	}
	if n := Count(t, s, `SELECT count(*) FROM returns_cin WHERE year = $1`, next.Year); n != 1 {
		t.Error("keeping one year again touched the next")
	}

	// A wrong key size is refused before anything is written.
	if err := s.KeepCIN(ctx, "975", 2030, ret, key[:8]); err == nil {
		t.Error("an 8-byte key was accepted")
	}
	if n := Count(t, s, `SELECT count(*) FROM returns_cin WHERE year = 2030`); n != 0 {
		t.Error("a refused census was kept")
	}
}

func testKeepCINAtomic(t *testing.T, s Store) {
	key := bytes.Repeat([]byte{7}, pseudo.KeySize)
	ret := fakeCIN(t, "fake_CIN_data.xml")
	testKeepAtomic(t, s, "cin", func(ctx context.Context) error { return s.KeepCIN(ctx, "975", 2023, ret, key) })
}

// The person index keeps pseudonyms only, replaces a linkage whole, joins a
// social care record to the child's kept returns by the same pseudonym,
// and counts persons across sources.
func testPersonIndex(t *testing.T, s Store) {
	ctx := context.Background()
	key := []byte("0123456789abcdef0123456789abcdef")
	recs := []store.PersonRecord{
		{Source: "social care", Record: "CHILD-001", Person: "1", Probability: 0.99},
		{Source: "school", Record: "UPN-A123", Person: "1", Probability: 0.99},
		{Source: "health", Record: "NHS-9434765919", Person: "1", Probability: 0.97},
		{Source: "social care", Record: "CHILD-002", Person: "2"},
		{Source: "school", Record: "UPN-B456", Person: "3", Probability: 0.95},
		{Source: "health", Record: "NHS-4010232137", Person: "3", Probability: 0.95},
	}
	if err := s.KeepPersonIndex(ctx, "2025", key, recs); err != nil {
		t.Fatal(err)
	}
	got, err := s.PersonIndex(ctx, "2025")
	if err != nil || len(got) != len(recs) {
		t.Fatalf("%d records, %v", len(got), err)
	}
	for _, r := range got {
		for _, raw := range []string{"CHILD-", "UPN-", "NHS-"} {
			if strings.Contains(r.Record, raw) || strings.Contains(r.Person, raw) {
				t.Fatalf("an id is kept in the clear: %+v", r)
			}
		}
	}
	// The social care pseudonym is the child's pseudonym in kept returns.
	want := pseudo.Pseudonym(key, "CHILD-001")
	found := false
	for _, r := range got {
		if r.Source == "social care" && r.Record == want {
			found = true
		}
	}
	if !found {
		t.Error("the social care record does not carry the child's pseudonym")
	}
	across, err := s.PersonsAcross(ctx, "2025")
	if err != nil || across["health+school+social care"] != 1 || across["social care"] != 1 || across["health+school"] != 1 {
		t.Errorf("persons across sources %v, %v", across, err)
	}
	// Keeping again replaces the linkage; a bad record leaves it as it was.
	if err := s.KeepPersonIndex(ctx, "2025", key, recs[:2]); err != nil {
		t.Fatal(err)
	}
	bad := append(recs[:2:2], store.PersonRecord{Source: "school", Record: "UPN-A123", Person: "9"})
	if err := s.KeepPersonIndex(ctx, "2025", key, bad); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("a record given twice: %v", err)
	}
	if got, _ := s.PersonIndex(ctx, "2025"); len(got) != 2 {
		t.Errorf("after a failed keep, %d records, want the 2 kept before", len(got))
	}
}
