package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/duckdb"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/indicators/indicatorstest"
	"github.com/sightline-uk/sightline/snapshot"
	"github.com/sightline-uk/sightline/sources"
)

func readAll(t *testing.T, data []byte) (map[string]int, [][]string) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, h := range rows[0] {
		idx[h] = i
	}
	return idx, rows[1:]
}

// sameMeaning compares two cells as a reader of the statistics would: equal
// numbers, or the same symbol. An empty published cell means "x".
func sameMeaning(a, b string) bool {
	if a == b {
		return true
	}
	va, oka := sightline.ParseValue(a)
	vb, okb := sightline.ParseValue(b)
	if !oka || !okb {
		return false
	}
	if va.IsNumber() != vb.IsNumber() {
		return false
	}
	if !va.IsNumber() {
		return va.Symbol == vb.Symbol
	}
	return math.Abs(va.Num-vb.Num) < 1e-9
}

// TestDatasetRoundTrip imports published files into a real DuckDB file and
// exports them again: every cell of every row must mean what it meant,
// symbols included.
func TestDatasetRoundTrip(t *testing.T) {
	ctx := context.Background()
	store, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "rt.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	reg := geography.Default()
	for _, name := range []string{"b1_children_in_need_2013_to_2025.csv", "la_cla_swcount.csv", "csww_indicators_2017_to_2025.csv", "la_care_leavers_activity.csv"} {
		t.Run(name, func(t *testing.T) {
			f, ok := snapshot.Lookup(name)
			if !ok {
				t.Fatal("not bundled")
			}
			data, err := f.Read()
			if err != nil {
				t.Fatal(err)
			}
			b, err := sources.Read(name, data, reg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := store.Import(ctx, b); err != nil {
				t.Fatal(err)
			}
			ds, _ := store.Datasets(ctx)
			var d sightline.Dataset
			for _, x := range ds {
				if x.ID == b.Dataset.ID {
					d = x
				}
			}
			obs, err := store.Observations(ctx, sightline.ObservationQuery{Dataset: d.ID})
			if err != nil {
				t.Fatal(err)
			}
			tab, err := Dataset(d, obs, reg)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := WriteCSV(&out, tab); err != nil {
				t.Fatal(err)
			}
			inIdx, inRows := readAll(t, data)
			outIdx, outRows := readAll(t, out.Bytes())
			if len(inRows) != len(outRows) {
				t.Fatalf("%d rows in, %d out", len(inRows), len(outRows))
			}
			key := func(idx map[string]int, r []string) string {
				k := r[idx["time_period"]] + "|" + r[idx["geographic_level"]] + "|" + r[idx["new_la_code"]] + "|" + r[idx["region_code"]]
				for _, f := range d.Filters {
					k += "|" + r[idx[f]]
				}
				return k
			}
			byKey := map[string][]string{}
			for _, r := range outRows {
				byKey[key(outIdx, r)] = r
			}
			symbols := 0
			for _, r := range inRows {
				o := byKey[key(inIdx, r)]
				if o == nil {
					t.Fatalf("row %v missing from the export", r[:10])
				}
				for _, m := range d.Measures {
					in, got := r[inIdx[m]], o[outIdx[m]]
					if !sameMeaning(in, got) {
						t.Fatalf("%s %s: published %q, exported %q", key(inIdx, r), m, in, got)
					}
					if v, _ := sightline.ParseValue(in); !v.IsNumber() && strings.TrimSpace(in) != "" {
						symbols++
					}
				}
				if r[inIdx["time_identifier"]] != o[outIdx["time_identifier"]] {
					t.Fatalf("time identifier %q became %q", r[inIdx["time_identifier"]], o[outIdx["time_identifier"]])
				}
			}
			if symbols == 0 && name != "la_cla_swcount.csv" {
				t.Errorf("expected published symbols in %s to check", name)
			}
			t.Logf("%d rows, %d symbol cells round-tripped", len(inRows), symbols)
		})
	}
}

func TestComparisonsCSVAndXLSX(t *testing.T) {
	ctx := context.Background()
	l := indicatorstest.Snapshot(t)
	store, tab, reg := l.Store, l.Table, l.Reg
	ind := indicators.ByID("cla_rate")
	table := Comparisons(tab, reg, Selection{Indicators: []*indicators.Indicator{ind}, Councils: []string{"E08000025"}, Years: []int{2025}, Context: true})
	var csvOut bytes.Buffer
	if err := WriteCSV(&csvOut, table); err != nil {
		t.Fatal(err)
	}
	idx, rows := readAll(t, csvOut.Bytes())
	for _, col := range append(append([]string{}, eesColumns...), "value", "england", "rank", "quartile_band") {
		if _, ok := idx[col]; !ok {
			t.Fatalf("column %s missing", col)
		}
	}
	levels := map[string]bool{}
	for _, r := range rows {
		levels[r[idx["geographic_level"]]] = true
		if r[idx["geographic_level"]] == "Local authority" {
			if r[idx["la_name"]] != "Birmingham" || r[idx["value"]] != "79" || r[idx["england"]] != "67" {
				t.Errorf("Birmingham row %v", r)
			}
			if n, err := strconv.Atoi(r[idx["rank"]]); err != nil || n < 1 || n > 153 {
				t.Errorf("rank %q", r[idx["rank"]])
			}
		}
	}
	if !levels["National"] || !levels["Regional"] || !levels["Local authority"] {
		t.Errorf("levels %v: want England and region rows for context", levels)
	}
	var x bytes.Buffer
	if err := WriteXLSX(&x, table); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(io.NopCloser(&x))
	if err != nil {
		t.Fatal(err)
	}
	xrows, err := f.GetRows("Data")
	if err != nil {
		t.Fatal(err)
	}
	if len(xrows) != len(rows)+1 {
		t.Fatalf("xlsx has %d rows, csv %d", len(xrows)-1, len(rows))
	}
	// Numbers are stored as numbers, not text.
	col := idx["value"] + 1
	cell, _ := excelize.CoordinatesToCellName(col, len(xrows))
	if typ, _ := f.GetCellType("Data", cell); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("value cell %s is text", cell)
	}
	// Parquet keeps numbers numeric and symbols beside them.
	pq := filepath.Join(t.TempDir(), "out.parquet")
	if err := WriteParquet(ctx, pq, table); err != nil {
		t.Fatal(err)
	}
	var n int
	var v float64
	if err := store.DB().QueryRowContext(ctx, "SELECT count(*), max(value) FROM read_parquet(?) WHERE geographic_level = 'Local authority'", pq).Scan(&n, &v); err != nil {
		t.Fatal(err)
	}
	if n != 1 || v != 79 {
		t.Errorf("parquet: %d council rows, value %v; want 1 and 79", n, v)
	}
}
