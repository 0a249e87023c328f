package indicators

import (
	"math"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/stats"
)

// A small world with known answers: five councils in one region, England,
// a code change (E10000099 → E06000099) and a shared service.
const tinyCouncils = `code,old_la_code,name,region_code,region_name
E06000091,901,Alpha,E12000001,North East
E06000092,902,Bravo,E12000001,North East
E06000093,903,Charlie,E12000001,North East
E06000094,904,Delta,E12000001,North East
E10000099,905,Echo County,E12000001,North East
E06000099,905,Echo,E12000001,North East
`

func tinyRegister(t *testing.T) *geography.Register {
	t.Helper()
	reg, err := geography.New(tinyCouncils, []geography.Change{{Year: 2024, Kind: geography.CodeChange, From: []string{"E10000099"}, To: []string{"E06000099"}}})
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func obs(ds, measure, area string, level sightline.Level, year int, v sightline.Value) sightline.Observation {
	return sightline.Observation{Dataset: ds, Period: itoa(year), TimeID: "Reporting year", Year: year, Level: level, Area: area, Filters: "group=All", Measure: measure, Value: v}
}

func itoa(y int) string {
	return string(rune('0'+y/1000)) + string(rune('0'+y/100%10)) + string(rune('0'+y/10%10)) + string(rune('0'+y%10))
}

var pctInd = &Indicator{
	ID: "re_pct", Title: "Re-referrals", Area: "Family help", Kind: Outcome, Unit: Percent, Decimals: 1, Polarity: LowIsGood,
	Definition: "test", Numerator: &Ref{Dataset: "d", Measure: "num", Filters: map[string]string{"group": "All"}}, NumeratorText: "n",
	Denominator: &Ref{Dataset: "d", Measure: "den", Filters: map[string]string{"group": "All"}}, DenominatorText: "d", Scale: 100, Model: stats.Binomial,
}

// tinyData: numerators/denominators per area for 2024 (and 2023 for Alpha).
func tinyData() []sightline.Observation {
	n := sightline.Number
	la := sightline.LocalAuthority
	var o []sightline.Observation
	add := func(area string, level sightline.Level, year int, num, den sightline.Value) {
		o = append(o, obs("d", "num", area, level, year, num), obs("d", "den", area, level, year, den))
	}
	add(sightline.EnglandCode, sightline.National, 2024, n(2000), n(10000)) // 20%
	add("E12000001", sightline.Regional, 2024, n(150), n(600))              // 25%
	add("E06000091", la, 2024, n(30), n(100))                               // 30%: above England's 95% limit, within 99.8%
	add("E06000091", la, 2023, n(25), n(100))                               // 25%: change +5.0
	add("E06000092", la, 2024, n(10), n(100))                               // 10%: below the 95% limit
	add("E06000093", la, 2024, n(21), n(100))                               // 21%: similar
	add("E06000094", la, 2024, sightline.Sym("c"), n(100))                  // suppressed
	add("E10000099", la, 2023, n(40), n(200))                               // Echo under its old code
	add("E06000099", la, 2024, n(60), n(200))                               // 30% under the new code
	return o
}

func TestComputeWorkedExample(t *testing.T) {
	reg := tinyRegister(t)
	nb := []sightline.Neighbour{
		{Model: "2025", Council: "E06000091", Neighbour: "E06000092", Rank: 1},
		{Model: "2025", Council: "E06000091", Neighbour: "E06000093", Rank: 2},
		{Model: "2025", Council: "E06000091", Neighbour: "E06000094", Rank: 3}, // suppressed: not counted
		{Model: "2025", Council: "E06000091", Neighbour: "E06000099", Rank: 4},
	}
	tab, err := Compute([]*Indicator{pctInd}, reg, nb, tinyData())
	if err != nil {
		t.Fatal(err)
	}
	a := tab.Compare("re_pct", "E06000091", 2024)
	if a == nil {
		t.Fatal("no comparison for Alpha")
	}
	if !a.Value.IsNumber() || a.Value.Num != 30 {
		t.Errorf("Alpha value %v, want 30 (30/100×100)", a.Value)
	}
	if a.England.Num != 20 || a.Region.Num != 25 {
		t.Errorf("England %v region %v, want 20 and 25", a.England, a.Region)
	}
	// Neighbours with figures: Bravo 10, Charlie 21, Echo 30 → mean 20.33, median 21.
	if a.NeighbourCount != 3 || a.NeighbourMean.Num != 20.33 || a.NeighbourMedian.Num != 21 {
		t.Errorf("neighbours n=%d mean=%v median=%v, want 3, 20.33, 21", a.NeighbourCount, a.NeighbourMean, a.NeighbourMedian)
	}
	// Low is good: Bravo 10 (1st), Charlie 21 (2nd), Alpha and Echo 30 (joint 3rd) of 4.
	if a.Rank != 3 || a.Ranked != 4 {
		t.Errorf("Alpha rank %d of %d, want 3 of 4", a.Rank, a.Ranked)
	}
	if b := tab.Compare("re_pct", "E06000092", 2024); b.Rank != 1 || b.Band != "A" {
		t.Errorf("Bravo rank %d band %s, want 1 and A", b.Rank, b.Band)
	}
	// Quartiles of {10,21,30,30}: 18.25, 25.5, 30 → Alpha (30) is ≤ Q3: band C.
	if a.Band != "C" {
		t.Errorf("Alpha band %s, want C", a.Band)
	}
	if a.Change.Num != 5 {
		t.Errorf("Alpha change %v, want +5", a.Change)
	}
	if a.Significance.Direction != "higher" || a.Significance.Level != "95%" {
		t.Errorf("Alpha significance %+v, want higher at 95%%", a.Significance)
	}
	if s := tab.Compare("re_pct", "E06000092", 2024).Significance; s.Direction != "lower" {
		t.Errorf("Bravo significance %+v, want lower", s)
	}
	if s := tab.Compare("re_pct", "E06000093", 2024).Significance; s.Direction != "similar" {
		t.Errorf("Charlie significance %+v, want similar", s)
	}
	// A suppressed numerator makes a suppressed value, unranked and unbanded.
	d := tab.Compare("re_pct", "E06000094", 2024)
	if d.Value.IsNumber() || d.Value.Symbol != "c" || d.Rank != 0 || d.Band != "" {
		t.Errorf("Delta %+v, want symbol c, no rank, no band", d)
	}
	// The code change joins Echo's series: 2023 under the old code, 2024 under the new.
	e := tab.Compare("re_pct", "E06000099", 2024)
	if e == nil || e.Change.Num != 10 {
		t.Fatalf("Echo change %+v, want +10 (20%% → 30%%) across the code change", e)
	}
	if old := tab.Compare("re_pct", "E10000099", 2023); old == nil || old.Council != "E06000099" {
		t.Errorf("old code should resolve to the new series, got %+v", old)
	}
}

func TestFunnelLimitsAroundEngland(t *testing.T) {
	tab, err := Compute([]*Indicator{pctInd}, tinyRegister(t), nil, tinyData())
	if err != nil {
		t.Fatal(err)
	}
	l95, u95, l998, u998, ok := tab.Limits(pctInd, 2024, 100)
	if !ok {
		t.Fatal("no limits")
	}
	// Binomial(100, 0.2): the normal approximation gives 20 ± 7.8 (95%) and ± 12.4 (99.8%).
	if math.Abs(l95-12.2) > 1.2 || math.Abs(u95-27.8) > 1.2 || math.Abs(l998-7.6) > 1.5 || math.Abs(u998-32.4) > 1.5 {
		t.Errorf("limits %.1f–%.1f (95%%) %.1f–%.1f (99.8%%)", l95, u95, l998, u998)
	}
	if !(l998 < l95 && l95 < 20 && 20 < u95 && u95 < u998) {
		t.Error("limits out of order")
	}
	if c := tab.EnglandRate(pctInd, 2024); c != 20 {
		t.Errorf("centre %v, want 20", c)
	}
}

func TestJointServiceSharesItsFigure(t *testing.T) {
	reg := tinyRegister(t)
	ind := &Indicator{ID: "turnover", Title: "Turnover", Area: "Workforce", Kind: Enabler, Unit: Percent, Decimals: 1, Polarity: LowIsGood,
		Definition: "test", Value: &Ref{Dataset: "w", Measure: "rate"}}
	n := sightline.Number
	data := []sightline.Observation{
		{Dataset: "w", Period: "2024", Year: 2024, Level: sightline.National, Area: sightline.EnglandCode, Measure: "rate", Value: n(15)},
		{Dataset: "w", Period: "2024", Year: 2024, Level: sightline.LocalAuthority, Area: "E06000091", Measure: "rate", Value: n(10)},
		{Dataset: "w", Period: "2024", Year: 2024, Level: sightline.LocalAuthority, Area: "E06000092 / E06000093", Measure: "rate", Value: n(20)},
	}
	tab, err := Compute([]*Indicator{ind}, reg, nil, data)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"E06000092", "E06000093"} {
		c := tab.Compare("turnover", code, 2024)
		if c == nil || c.Value.Num != 20 || c.Shared != "E06000092 / E06000093" {
			t.Fatalf("%s: %+v, want the joint service's 20 marked shared", code, c)
		}
		// The service is ranked once: two units, Alpha first.
		if c.Rank != 2 || c.Ranked != 2 {
			t.Errorf("%s rank %d of %d, want 2 of 2", code, c.Rank, c.Ranked)
		}
	}
}

func TestEnglandFromCouncils(t *testing.T) {
	ind := *pctInd
	ind.ID, ind.EnglandFromCouncils, ind.Model = "share", true, stats.NoModel
	tab, err := Compute([]*Indicator{&ind}, tinyRegister(t), nil, tinyData())
	if err != nil {
		t.Fatal(err)
	}
	// Councils with counts in 2024: 30/100, 10/100, 21/100, 60/200 → 121/500 = 24.2%.
	c, ok := tab.Cell("share", sightline.EnglandCode, 2024)
	if !ok || c.Value.Num != 24.2 {
		t.Fatalf("England %+v, want 24.2 summed from councils rather than the published 20", c)
	}
}

func TestAmbiguousFiltersAreAnError(t *testing.T) {
	ind := &Indicator{ID: "x", Title: "x", Area: "Safety", Kind: Outcome, Unit: Count, Polarity: NoJudgement, Definition: "x",
		Value: &Ref{Dataset: "d", Measure: "m"}}
	data := []sightline.Observation{
		{Dataset: "d", Period: "2024", Year: 2024, Level: sightline.National, Area: sightline.EnglandCode, Filters: "sex=Boys", Measure: "m", Value: sightline.Number(1)},
		{Dataset: "d", Period: "2024", Year: 2024, Level: sightline.National, Area: sightline.EnglandCode, Filters: "sex=Girls", Measure: "m", Value: sightline.Number(2)},
	}
	if _, err := Compute([]*Indicator{ind}, tinyRegister(t), nil, data); err == nil {
		t.Fatal("two rows matching one indicator's filters must be an error, not a silent pick")
	}
}
