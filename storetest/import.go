package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/sources"
)

// tableCounts are the rows of each table held for a dataset.
func tableCounts(t testing.TB, s Store, id string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tab := range []string{"observations", "areas", "judgements", "neighbours"} {
		out[tab] = Count(t, s, "SELECT count(*) FROM "+tab+" WHERE dataset = $1", id)
	}
	out["datasets"] = Count(t, s, "SELECT count(*) FROM datasets WHERE id = $1", id)
	return out
}

// makeBatch builds a batch of n observations over a few councils, with
// symbols, a missing cell and a zero, plus areas, judgements and neighbours.
func makeBatch(id, sha string, n int, shift float64) *sightline.Batch {
	b := &sightline.Batch{Dataset: sightline.Dataset{ID: id, Title: "Test " + id, File: id + ".csv", Kind: "ees", SHA256: sha,
		Rows: n / 2, ImportedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Filters: []string{"category", "age"}, Measures: []string{"count", "rate"}}}
	codes := []string{"E06000001", "E06000002", "E09000021 / E09000027", sightline.EnglandCode}
	for i := 0; i < n; i++ {
		level := sightline.LocalAuthority
		area := codes[i%len(codes)]
		if area == sightline.EnglandCode {
			level = sightline.National
		}
		v := sightline.Number(float64(i) + shift)
		switch i % 11 {
		case 3:
			v = sightline.Sym("c")
		case 5:
			v = sightline.Missing
		case 7:
			v = sightline.Number(0)
		case 9:
			v = sightline.Sym("low")
		}
		b.Observations = append(b.Observations, sightline.Observation{Dataset: id,
			Period: fmt.Sprint(2020 + i%6), TimeID: "Reporting year", Year: 2020 + i%6, Level: level, Area: area,
			Filters: fmt.Sprintf("category=A|age=%d", i/(2*len(codes))), Measure: []string{"count", "rate"}[i%2], Value: v})
	}
	b.Areas = []sightline.Area{
		{Code: "E06000001", OldCode: "805", Name: "Hartlepool", Level: sightline.LocalAuthority, RegionCode: "E12000001", RegionName: "North East", FirstYear: 2020, LastYear: 2025},
		{Code: sightline.EnglandCode, Name: "England", Level: sightline.National, FirstYear: 2020, LastYear: 2025},
	}
	b.Judgements = []sightline.Judgement{
		{Council: "E06000001", CouncilName: "Hartlepool", InspectionDate: time.Date(2019, 2, 18, 0, 0, 0, 0, time.UTC),
			PublicationDate: time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC), Type: "ILACS Standard Inspection",
			Overall: sightline.Good, Leaders: sightline.Good, HelpAndProtection: sightline.RequiresImprovement, ChildrenInCare: sightline.Good},
		{Council: "E06000002", CouncilName: "Middlesbrough", InspectionDate: time.Date(2023, 6, 5, 0, 0, 0, 0, time.UTC),
			Type: "ILACS Short Inspection", Overall: sightline.Inadequate, CareLeavers: sightline.Outstanding},
	}
	b.Neighbours = []sightline.Neighbour{
		{Model: "2025", Council: "E06000001", Neighbour: "E06000002", Rank: 1, Closeness: "Very close"},
		{Model: "2025", Council: "E06000001", Neighbour: "E06000003", Rank: 2},
	}
	return b
}

// obsKeys renders observations comparably, in a stable order.
func obsKeys(obs []sightline.Observation) []string {
	var out []string
	for _, o := range obs {
		out = append(out, fmt.Sprintf("%s|%s|%s|%d|%s|%s|%s|%s|%v|%q|%v", o.Dataset, o.Period, o.TimeID, o.Year, o.Level, o.Area, o.Filters, o.Measure, o.Value.Num, o.Value.Symbol, o.Value.IsNumber()))
	}
	sort.Strings(out)
	return out
}

// contents is everything the store returns about the store's contents.
type contents struct {
	datasets   []sightline.Dataset
	obs        map[string][]string
	areas      []sightline.Area
	judgements []sightline.Judgement
	neighbours []sightline.Neighbour
}

func contentsOf(t testing.TB, s Store) contents {
	t.Helper()
	ctx := context.Background()
	var c contents
	var err error
	if c.datasets, err = s.Datasets(ctx); err != nil {
		t.Fatal(err)
	}
	c.obs = map[string][]string{}
	for _, d := range c.datasets {
		o, err := s.Observations(ctx, sightline.ObservationQuery{Dataset: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		c.obs[d.ID] = obsKeys(o)
	}
	if c.areas, err = s.Areas(ctx); err != nil {
		t.Fatal(err)
	}
	if c.judgements, err = s.Judgements(ctx); err != nil {
		t.Fatal(err)
	}
	if c.neighbours, err = s.Neighbours(ctx); err != nil {
		t.Fatal(err)
	}
	return c
}

func testImportIdempotent(t *testing.T, s Store) {
	ctx := context.Background()
	b := makeBatch("d1", "sha-1", 1000, 0)
	changed, err := s.Import(ctx, b)
	if err != nil || !changed {
		t.Fatalf("first import: changed %v, %v", changed, err)
	}
	want := map[string]int{"observations": 1000, "areas": 2, "judgements": 2, "neighbours": 2, "datasets": 1}
	if got := tableCounts(t, s, "d1"); !reflect.DeepEqual(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	before := contentsOf(t, s)

	// The same file again, even with a new import time, changes nothing.
	again := makeBatch("d1", "sha-1", 1000, 0)
	again.Dataset.ImportedAt = time.Now()
	changed, err = s.Import(ctx, again)
	if err != nil || changed {
		t.Fatalf("second import: changed %v, %v", changed, err)
	}
	if got := tableCounts(t, s, "d1"); !reflect.DeepEqual(got, want) {
		t.Errorf("counts after re-import %v, want %v", got, want)
	}
	if after := contentsOf(t, s); !reflect.DeepEqual(before, after) {
		t.Errorf("re-import changed the store")
	}
}

func testImportReplaces(t *testing.T, s Store) {
	ctx := context.Background()
	other := makeBatch("other", "sha-o", 50, 100)
	if _, err := s.Import(ctx, other); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, makeBatch("d1", "sha-1", 1000, 0)); err != nil {
		t.Fatal(err)
	}
	otherBefore, _ := s.Observations(ctx, sightline.ObservationQuery{Dataset: "other"})

	// A new release: fewer rows, new values, one judgement and no neighbours.
	v2 := makeBatch("d1", "sha-2", 300, 0.5)
	v2.Dataset.Measures = []string{"count", "rate", "percent"}
	v2.Judgements = v2.Judgements[1:]
	v2.Neighbours = nil
	v2.Areas = v2.Areas[:1]
	changed, err := s.Import(ctx, v2)
	if err != nil || !changed {
		t.Fatalf("changed %v, %v", changed, err)
	}
	want := map[string]int{"observations": 300, "areas": 1, "judgements": 1, "neighbours": 0, "datasets": 1}
	if got := tableCounts(t, s, "d1"); !reflect.DeepEqual(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	got, err := s.Observations(ctx, sightline.ObservationQuery{Dataset: "d1"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(obsKeys(got), obsKeys(v2.Observations)) {
		t.Errorf("observations are not exactly the new release's")
	}
	ds, _ := s.Datasets(ctx)
	for _, d := range ds {
		if d.ID == "d1" && (d.SHA256 != "sha-2" || fmt.Sprint(d.Measures) != "[count rate percent]") {
			t.Errorf("dataset row %+v", d)
		}
	}
	if otherAfter, _ := s.Observations(ctx, sightline.ObservationQuery{Dataset: "other"}); !reflect.DeepEqual(obsKeys(otherBefore), obsKeys(otherAfter)) || len(otherAfter) != 50 {
		t.Errorf("another dataset was touched: %d observations", len(otherAfter))
	}
	if got := tableCounts(t, s, "other"); got["judgements"] != 2 || got["neighbours"] != 2 {
		t.Errorf("other dataset %v", got)
	}
}

func testImportAtomic(t *testing.T, s Store) {
	ctx := context.Background()
	if _, err := s.Import(ctx, makeBatch("d1", "sha-1", 1000, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, makeBatch("other", "sha-o", 10, 0)); err != nil {
		t.Fatal(err)
	}
	before := contentsOf(t, s)
	beforeCounts := tableCounts(t, s, "d1")

	t.Run("cancelled mid-append", func(t *testing.T) {
		// Cancelled at the second check, after 65,536 observations have
		// gone in and long after the delete of the previous rows.
		tc := NewTrip(t, 2, nil)
		big := makeBatch("d1", "sha-big", 200_000, 0.25)
		changed, err := s.Import(tc, big)
		if !tc.Tripped() {
			t.Fatal("the context was never cancelled inside the append")
		}
		if err == nil || changed || !errors.Is(err, context.Canceled) {
			t.Fatalf("changed %v, err %v; want a cancellation error", changed, err)
		}
		if after := contentsOf(t, s); !reflect.DeepEqual(before, after) {
			t.Errorf("a cancelled import changed the store: %v", tableCounts(t, s, "d1"))
		}
	})

	t.Run("appender fails", func(t *testing.T) {
		// Neither database will store a string that is not UTF-8: the
		// append fails at the end, after every other row has gone in.
		bad := makeBatch("d1", "sha-bad", 5000, 0.75)
		bad.Neighbours[1].Council = "E0600\xff\xfe01"
		changed, err := s.Import(ctx, bad)
		if err == nil || changed {
			t.Fatalf("changed %v, err %v; want an error", changed, err)
		}
		if after := contentsOf(t, s); !reflect.DeepEqual(before, after) {
			t.Errorf("a failed import changed the store: %v", tableCounts(t, s, "d1"))
		}
	})

	// The store is still usable, and the same release can be imported
	// after the failures (they did not record its hash).
	if got := tableCounts(t, s, "d1"); !reflect.DeepEqual(got, beforeCounts) {
		t.Errorf("counts %v, want %v", got, beforeCounts)
	}
	big := makeBatch("d1", "sha-big", 200_000, 0.25)
	changed, err := s.Import(ctx, big)
	if err != nil || !changed {
		t.Fatalf("import after failures: changed %v, %v", changed, err)
	}
	if n := tableCounts(t, s, "d1")["observations"]; n != 200_000 {
		t.Errorf("%d observations after a good import", n)
	}
}

func testRoundTrip(t *testing.T, s Store) {
	ctx := context.Background()
	b := makeBatch("d1", "sha-1", 200, 0)
	noLists := makeBatch("plain", "sha-p", 4, 0)
	noLists.Dataset.Filters, noLists.Dataset.Measures = nil, nil
	noLists.Areas, noLists.Judgements, noLists.Neighbours = nil, nil, nil
	for _, x := range []*sightline.Batch{b, noLists} {
		if _, err := s.Import(ctx, x); err != nil {
			t.Fatal(err)
		}
	}

	ds, err := s.Datasets(ctx)
	if err != nil || len(ds) != 2 {
		t.Fatalf("%d datasets, %v", len(ds), err)
	}
	for _, d := range ds {
		want := b.Dataset
		if d.ID == "plain" {
			want = noLists.Dataset
			want.Filters, want.Measures = []string{}, []string{}
			if len(d.Filters) != 0 || len(d.Measures) != 0 {
				t.Errorf("empty lists read back as %v %v", d.Filters, d.Measures)
			}
			d.Filters, d.Measures = want.Filters, want.Measures
		}
		if !d.ImportedAt.Equal(want.ImportedAt) {
			t.Errorf("imported at %v, want %v", d.ImportedAt, want.ImportedAt)
		}
		d.ImportedAt = want.ImportedAt
		if !reflect.DeepEqual(d, want) {
			t.Errorf("dataset\n got %+v\nwant %+v", d, want)
		}
	}

	all, err := s.Observations(ctx, sightline.ObservationQuery{Dataset: "d1"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(obsKeys(all), obsKeys(b.Observations)) {
		t.Errorf("observations do not round-trip")
	}
	// …in the order they were imported, which exports keep.
	if !reflect.DeepEqual(all, b.Observations) {
		t.Errorf("observations do not come back in the order they were imported")
	}
	symbols, zeros, missing := 0, 0, 0
	for _, o := range all {
		switch {
		case o.Value == sightline.Missing:
			missing++
		case !o.Value.IsNumber():
			symbols++
		case o.Value.Num == 0:
			zeros++
		}
	}
	if symbols == 0 || zeros == 0 || missing == 0 {
		t.Errorf("%d symbols, %d zeros, %d missing: the fixture should have each", symbols, zeros, missing)
	}
	rates, err := s.Observations(ctx, sightline.ObservationQuery{Dataset: "d1", Measures: []string{"rate"}})
	if err != nil {
		t.Fatal(err)
	}
	var wantRates []sightline.Observation
	for _, o := range b.Observations {
		if o.Measure == "rate" {
			wantRates = append(wantRates, o)
		}
	}
	if len(rates) != 100 || !reflect.DeepEqual(rates, wantRates) {
		t.Errorf("%d rate observations, want the batch's 100 in its order", len(rates))
	}
	both, _ := s.Observations(ctx, sightline.ObservationQuery{Dataset: "d1", Measures: []string{"rate", "count", "nothing"}})
	none, _ := s.Observations(ctx, sightline.ObservationQuery{Dataset: "d1", Measures: []string{"nothing"}})
	elsewhere, _ := s.Observations(ctx, sightline.ObservationQuery{Dataset: "missing"})
	if len(both) != 200 || len(none) != 0 || len(elsewhere) != 0 {
		t.Errorf("%d, %d, %d observations", len(both), len(none), len(elsewhere))
	}

	areas, err := s.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantAreas := append([]sightline.Area(nil), b.Areas...)
	sort.Slice(wantAreas, func(i, j int) bool { return wantAreas[i].Code < wantAreas[j].Code })
	if !reflect.DeepEqual(areas, wantAreas) {
		t.Errorf("areas\n got %+v\nwant %+v", areas, wantAreas)
	}

	js, err := s.Judgements(ctx)
	if err != nil || len(js) != 2 {
		t.Fatalf("%d judgements, %v", len(js), err)
	}
	for i, j := range js {
		want := b.Judgements[i]
		if !j.InspectionDate.Equal(want.InspectionDate) || !j.PublicationDate.Equal(want.PublicationDate) {
			t.Errorf("dates %v %v, want %v %v", j.InspectionDate, j.PublicationDate, want.InspectionDate, want.PublicationDate)
		}
		j.InspectionDate, j.PublicationDate = want.InspectionDate, want.PublicationDate
		if !reflect.DeepEqual(j, want) {
			t.Errorf("judgement\n got %+v\nwant %+v", j, want)
		}
	}
	if !js[1].PublicationDate.IsZero() || js[0].CareLeavers != "" {
		t.Errorf("missing date or grade did not stay missing: %+v", js)
	}

	ns, err := s.Neighbours(ctx)
	if err != nil || !reflect.DeepEqual(ns, b.Neighbours) {
		t.Errorf("neighbours %+v, %v; want %+v", ns, err, b.Neighbours)
	}
}

func importSnapshot(t testing.TB, s Store) []sources.Result {
	t.Helper()
	res, err := sources.Import(context.Background(), s, geography.Default(), sources.SnapshotInputs(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func testImportSnapshot(t *testing.T, s Store) {
	ctx := context.Background()
	inputs := sources.SnapshotInputs()
	res := importSnapshot(t, s)
	if len(res) != len(inputs) {
		t.Fatalf("%d results for %d files", len(res), len(inputs))
	}
	ids := map[string]bool{}
	for _, r := range res {
		if !r.Changed {
			t.Errorf("%s: not changed on first import", r.File)
		}
		ids[r.Dataset] = true
		if n := Count(t, s, `SELECT count(*) FROM observations WHERE dataset = $1`, r.Dataset); n != r.Observations {
			t.Errorf("%s: %d observations stored, %d read", r.File, n, r.Observations)
		}
	}
	ds, err := s.Datasets(ctx)
	if err != nil || len(ds) != len(ids) || len(ids) != len(inputs) {
		t.Errorf("%d datasets stored, %d distinct ids, %d files (%v)", len(ds), len(ids), len(inputs), err)
	}
	total := Count(t, s, `SELECT count(*) FROM observations`)
	before := map[string]int{}
	for _, d := range ds {
		before[d.ID] = Count(t, s, `SELECT count(*) FROM observations WHERE dataset = $1`, d.ID)
	}

	// England's rate of children looked after in 2025 is in the store.
	obs, err := s.Observations(ctx, sightline.ObservationQuery{Dataset: "cla_numbers", Measures: []string{"rate_per_10000"}})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, o := range obs {
		if o.Area == sightline.EnglandCode && o.Period == "2025" && sightline.Filters(o.Filters).Matches(map[string]string{"population_type": "Children looked after on 31 March each year"}) {
			found++
			if o.Value != sightline.Number(67) {
				t.Errorf("England 2025 rate %+v, want 67", o.Value)
			}
		}
	}
	if found != 1 {
		t.Errorf("%d England 2025 rates", found)
	}
	js, _ := s.Judgements(ctx)
	ns, _ := s.Neighbours(ctx)
	// 2021: 152 councils and 4 former ones under "Old SNs"; 2025: 153.
	if len(js) != 183 || len(ns) != 10*(156+153) {
		t.Errorf("%d judgements, %d neighbours", len(js), len(ns))
	}

	// Import again: every file is unchanged.
	for _, r := range importSnapshot(t, s) {
		if r.Changed {
			t.Errorf("%s changed on the second import", r.File)
		}
	}
	if n := Count(t, s, `SELECT count(*) FROM observations`); n != total {
		t.Errorf("%d observations after the second import, %d before", n, total)
	}
	for id, n := range before {
		if got := Count(t, s, `SELECT count(*) FROM observations WHERE dataset = $1`, id); got != n {
			t.Errorf("%s: %d observations, %d before", id, got, n)
		}
	}
}

// BenchImportSnapshot imports the bundled England snapshot into a fresh
// store from open each time round, for comparing the stores' import speed.
func BenchImportSnapshot(b *testing.B, open func(b *testing.B) sightline.Store) {
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		if _, err := sources.Import(context.Background(), s, geography.Default(), sources.SnapshotInputs(), nil); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// Interrupted imports a large batch over a dataset and calls cut part-way
// through the append, after the old rows were deleted in the import's
// transaction; cut breaks the store's connection as a failing network or
// a restarting server would. The import must fail, the store must hold
// exactly what it held before, and the next import must succeed. It
// returns the failed import's error for the caller to judge its words.
func Interrupted(t *testing.T, s Store, cut func()) error {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Import(ctx, makeBatch("d1", "sha-1", 1000, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, makeBatch("other", "sha-o", 10, 0)); err != nil {
		t.Fatal(err)
	}
	before := contentsOf(t, s)
	trip := NewTrip(t, 2, cut)
	changed, err := s.Import(trip, makeBatch("d1", "sha-big", 200_000, 0.25))
	if !trip.Tripped() {
		t.Fatal("the connection was never cut inside the append")
	}
	if err == nil || changed {
		t.Fatalf("changed %v, err %v; want an error", changed, err)
	}
	if after := contentsOf(t, s); !reflect.DeepEqual(before, after) {
		t.Errorf("an interrupted import changed the store: %v", tableCounts(t, s, "d1"))
	}
	changed, err2 := s.Import(ctx, makeBatch("d1", "sha-big", 200_000, 0.25))
	if err2 != nil || !changed {
		t.Fatalf("import after the interruption: changed %v, %v", changed, err2)
	}
	if n := tableCounts(t, s, "d1")["observations"]; n != 200_000 {
		t.Errorf("%d observations after a good import", n)
	}
	return err
}

// SmallBatch is a dataset of a hundred observations with areas,
// judgements and neighbours, for store-specific tests.
func SmallBatch(id string) *sightline.Batch { return makeBatch(id, "sha-"+id, 100, 0) }
