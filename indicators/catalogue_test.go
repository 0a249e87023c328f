package indicators

import (
	"context"
	"math"
	"sync"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/duckdb"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/sources"
)

var (
	realOnce sync.Once
	realTab  *Table
	realErr  error
)

// realTable imports the bundled snapshot into a real DuckDB file once and
// computes the catalogue from it.
func realTable(t *testing.T) *Table {
	t.Helper()
	realOnce.Do(func() {
		ctx := context.Background()
		store, err := duckdb.Open(ctx, tempDir+"/catalogue.duckdb")
		if err != nil {
			realErr = err
			return
		}
		defer store.Close()
		reg := geography.Default()
		if _, err := sources.Import(ctx, store, reg, sources.SnapshotInputs(), nil); err != nil {
			realErr = err
			return
		}
		realTab, realErr = Load(ctx, store, reg)
	})
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realTab
}

func TestCatalogueCoversTheFramework(t *testing.T) {
	cat := Catalogue()
	if len(cat) < 30 {
		t.Fatalf("%d indicators, the framework needs at least 30", len(cat))
	}
	perArea := map[string]int{}
	kinds := map[Kind]int{}
	for _, ind := range cat {
		perArea[ind.Area]++
		kinds[ind.Kind]++
	}
	for _, a := range Areas {
		if perArea[a] == 0 {
			t.Errorf("no indicator for %s", a)
		}
	}
	if kinds[Outcome] == 0 || kinds[Enabler] == 0 {
		t.Errorf("kinds %v: need outcomes and enablers", kinds)
	}
}

// TestEachIndicatorOnRealData is each declaration's own test: it must find
// figures for England and for most councils in its latest year, and where it
// declares both a published value and counts, the counts must reproduce the
// published value (a wrong filter or denominator would not).
func TestEachIndicatorOnRealData(t *testing.T) {
	tab := realTable(t)
	for _, ind := range Catalogue() {
		t.Run(ind.ID, func(t *testing.T) {
			y := tab.Latest(ind.ID)
			if y < 2023 {
				t.Fatalf("latest year %d: expected recent figures", y)
			}
			eng, ok := tab.Cell(ind.ID, sightline.EnglandCode, y)
			if !ok || !eng.Value.IsNumber() {
				t.Fatalf("no England figure for %d: %+v", y, eng)
			}
			if ind.NationalOnly {
				return
			}
			councils, numbers := 0, 0
			for _, u := range tab.Units(ind.ID, y) {
				councils++
				_ = u
			}
			for _, c := range geography.Default().Councils() {
				if cmp := tab.Compare(ind.ID, c.Code, y); cmp != nil && cmp.Value.IsNumber() {
					numbers++
				}
			}
			if councils < 70 || numbers < 70 {
				t.Errorf("%d: %d ranked units, %d councils with a number; expected most of England's 153", y, councils, numbers)
			}
			if ind.Value != nil && ind.Numerator != nil && eng.HasCounts {
				got := eng.Num / eng.Den * ind.Scale
				// Published counts are rounded (often to the nearest 10), so
				// allow half a unit of the published precision plus 2% relative.
				tol := 0.5*math.Pow(10, -float64(ind.Decimals)) + 0.02*math.Abs(eng.Value.Num) + 0.05
				if math.Abs(got-eng.Value.Num) > tol {
					t.Errorf("England %d: counts give %.3f, published %.3f: numerator or denominator is not the published one's", y, got, eng.Value.Num)
				}
			}
		})
	}
}

func TestSpotValuesAgainstPublishedTables(t *testing.T) {
	tab := realTable(t)
	cases := []struct {
		ind, area string
		year      int
		want      float64
	}{
		{"cla_rate", sightline.EnglandCode, 2025, 67},             // cla_number_and_rate_per_10k_children.csv
		{"rereferral_pct", sightline.EnglandCode, 2025, 22.6},     // c1: rereferral_percent
		{"cpp_repeat_pct", sightline.EnglandCode, 2025, 24.5},     // d3: CPP_subsequent_percent
		{"cpp_2yrs_pct", sightline.EnglandCode, 2025, 2.3},        // d5: 2_years_or_more_percent
		{"sw_turnover_pct", sightline.EnglandCode, 2025, 11.8},    // csww: turnover_rate_fte
		{"cin_absence_pct", sightline.EnglandCode, 2025, 17.4},    // absence_la: pt_overall, CINO, Total
		{"placements_3plus_pct", sightline.EnglandCode, 2025, 10}, // placement stability: 8,500 of 81,770
		// CIN rate: 402,400 children in need at 31 March 2025 over 12,183,016 children (mid-2024) = 330.3.
		{"cin_rate", sightline.EnglandCode, 2025, 330.3},
	}
	for _, c := range cases {
		got, ok := tab.Cell(c.ind, c.area, c.year)
		if !ok || !got.Value.IsNumber() || math.Abs(got.Value.Num-c.want) > 1e-9 {
			t.Errorf("%s %s %d = %+v, want %v", c.ind, c.area, c.year, got.Value, c.want)
		}
	}
}

func TestReorganisedCouncilsDoNotDoubleCount(t *testing.T) {
	tab := realTable(t)
	// Northamptonshire reports to 2021; its successors from 2022. No year
	// ranks both the county and a successor.
	for _, y := range tab.Years("cin_rate") {
		old := tab.Compare("cin_rate", "E10000021", y) != nil
		north := tab.Compare("cin_rate", "E06000061", y) != nil
		if old && north {
			t.Errorf("%d: Northamptonshire and North Northamptonshire both have figures", y)
		}
	}
	// North Yorkshire's series continues across its 2023 code change.
	if tab.Compare("cin_rate", "E06000065", 2022) == nil || tab.Compare("cin_rate", "E06000065", 2025) == nil {
		t.Error("North Yorkshire's series should run across the code change")
	}
	// Ranked units in a year never exceed the councils that existed then.
	if n := len(tab.Units("cin_rate", 2025)); n > 153 {
		t.Errorf("%d councils ranked in 2025; there are 153", n)
	}
}

func TestAbolishedCouncilsHaveNoPlaceholderYears(t *testing.T) {
	tab := realTable(t)
	// The looked-after tables keep Northamptonshire's row, filled with x,
	// for 2022–2025; it ceased to exist in April 2021.
	for _, y := range []int{2022, 2023, 2024, 2025} {
		if c := tab.Compare("cla_rate", "E10000021", y); c != nil {
			t.Errorf("Northamptonshire has a %d comparison (%v)", y, c.Value)
		}
	}
	if c := tab.Compare("cla_rate", "E10000021", 2021); c == nil || !c.Value.IsNumber() {
		t.Errorf("Northamptonshire 2021 should keep its published figure, got %+v", c)
	}
}
