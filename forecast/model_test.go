package forecast

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sightline-uk/sightline"
)

// handFit is a fit with every count zero, for worked examples that set
// the counts they need.
func handFit(sp StateSpace, asOf time.Time) *Fit {
	n := sp.NumStates()
	f := &Fit{Space: sp, AsOf: asOf, WindowStart: asOf.AddDate(-2, 0, 1), WindowDays: 730, Exposure: make([]float64, n),
		Leaves: make([]int, n), Moves: make([][]int, n), Entrants: make([]int, n), EntryAges: make([][]Age, n)}
	for i := range f.Moves {
		f.Moves[i] = make([]int, len(sp.Categories))
	}
	return f
}

func oneBand(t *testing.T, cats ...Category) StateSpace {
	t.Helper()
	sp, err := NewStateSpace([]Band{{"all", 0}}, cats, cats[len(cats)-1].Name, 200)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// within fails unless the mean of the runs is within four standard errors
// of the expected value, given the variance of one run.
func within(t *testing.T, what string, runs []float64, want, variance float64) {
	t.Helper()
	got := Summarise(runs).Mean
	se := math.Sqrt(variance / float64(len(runs)))
	if math.Abs(got-want) > 4*se {
		t.Errorf("%s: mean %.2f over %d runs, want %.2f ± %.2f (4 SE)", what, got, len(runs), want, 4*se)
	} else {
		t.Logf("%s: mean %.2f, want %.2f (SE %.2f)", what, got, want, se)
	}
}

// In care or left, with constant daily rates: the expected count after t
// days is n0·e^{−λt} + ν(1−e^{−λt})/λ.
func TestInCareOrLeftMatchesTheClosedForm(t *testing.T) {
	sp := oneBand(t, Category{Name: "care", Codes: []string{"U1"}})
	asOf := day(2021, time.March, 31)
	f := handFit(sp, asOf)
	f.Exposure[0], f.Leaves[0] = 365000, 1000 // λ = 1/365 a day
	f.Entrants[0] = 365                       // ν = 0.5 a day over 730 days
	f.EntryAges[0] = []Age{{0, 0}}
	n0 := 1000
	for range n0 {
		f.Stock = append(f.Stock, Member{DOB: dayOf(asOf), Cat: 0})
	}
	p, err := Project(f, Options{Months: 36, Runs: 400, Seed: 7, FixedRates: true})
	if err != nil {
		t.Fatal(err)
	}
	lambda, nu := 1.0/365, 0.5
	for _, m := range []int{1, 12, 36} {
		tt := float64(dayOf(p.Months[m]) - dayOf(asOf))
		stay := math.Exp(-lambda * tt)
		arrived := nu * (1 - stay) / lambda
		want := float64(n0)*stay + arrived
		within(t, p.Months[m].Format("2006-01-02"), p.StockRuns(0, m, All), want, float64(n0)*stay*(1-stay)+arrived)
	}
	// Entrants over the first year: Poisson with mean ν·365.
	within(t, "entrants in the first year", p.FlowRuns(0, 0, 12, false), nu*365, nu*365)
}

// Two placements and no leaving: from A, the chance of being in B after t
// days is a/(a+b)·(1−e^{−(a+b)t}), and the split settles at a/(a+b).
func TestTwoPlacementChainSettlesAtItsStationarySplit(t *testing.T) {
	sp := oneBand(t, Category{Name: "a", Codes: []string{"U1"}}, Category{Name: "b", Codes: []string{"K2"}}, Category{Name: "other"})
	asOf := day(2021, time.March, 31)
	f := handFit(sp, asOf)
	f.Exposure[0], f.Moves[0][1] = 1000, 4 // a = 0.004 a day
	f.Exposure[1], f.Moves[1][0] = 1000, 6 // b = 0.006 a day
	n0 := 2000
	for range n0 {
		f.Stock = append(f.Stock, Member{DOB: dayOf(asOf), Cat: 0})
	}
	p, err := Project(f, Options{Months: 36, Runs: 200, Seed: 3, FixedRates: true})
	if err != nil {
		t.Fatal(err)
	}
	a, b := 0.004, 0.006
	for _, m := range []int{1, 3, 36} {
		tt := float64(dayOf(p.Months[m]) - dayOf(asOf))
		pb := a / (a + b) * (1 - math.Exp(-(a+b)*tt))
		within(t, "in b at "+p.Months[m].Format("2006-01-02"), p.StockRuns(0, m, Scope{-1, 1}), float64(n0)*pb, float64(n0)*pb*(1-pb))
	}
	if got := Summarise(p.StockRuns(0, 36, All)); got.P2_5 != float64(n0) || got.P97_5 != float64(n0) {
		t.Errorf("nobody leaves, but the total ranges %v", got)
	}
}

// A child moves band on the birthday itself, and leaves care on the 18th.
func TestAgeingOnTheBirthday(t *testing.T) {
	sp := DefaultStateSpace()
	asOf := day(2021, time.March, 31)
	f := handFit(sp, asOf)
	f.Stock = []Member{
		{ID: "turns 10 on 30 April", DOB: dayOf(day(2011, time.April, 30))},
		{ID: "turns 10 on 1 May", DOB: dayOf(day(2011, time.May, 1))},
		{ID: "turns 18 on 30 April", DOB: dayOf(day(2003, time.April, 30))},
		{ID: "29 February birth turns 10 on 1 March 2022", DOB: dayOf(day(2012, time.February, 29))},
	}
	p, err := Project(f, Options{Months: 12, Runs: 3, Seed: 1, FixedRates: true})
	if err != nil {
		t.Fatal(err)
	}
	band := func(name string) int {
		for i, b := range sp.Bands {
			if b.Name == name {
				return i
			}
		}
		t.Fatalf("no band %s", name)
		return -1
	}
	at := func(m int, b string) float64 { return p.Stock(0, m, Scope{band(b), -1}).P50 }
	if at(0, "5-10") != 3 || at(0, "16+") != 1 {
		t.Errorf("at the start: 5-10 %v, 16+ %v; want 3, 1", at(0, "5-10"), at(0, "16+"))
	}
	if at(1, "10-16") != 1 || at(1, "5-10") != 2 || at(1, "16+") != 0 {
		t.Errorf("on 30 April: 10-16 %v, 5-10 %v, 16+ %v; want 1, 2, 0", at(1, "10-16"), at(1, "5-10"), at(1, "16+"))
	}
	if got := Summarise(p.FlowRuns(0, 0, 1, true)).P50; got != 1 {
		t.Errorf("leavers in April: %v, want the one 18th birthday", got)
	}
	if at(2, "10-16") != 2 {
		t.Errorf("on 31 May both are 10: %v", at(2, "10-16"))
	}
	// A 29 February 2012 birth is still 9 on 28 February 2022 and 10 on
	// 1 March.
	if at(11, "5-10") != 1 || at(12, "5-10") != 0 {
		t.Errorf("the leap-day child: 5-10 on 28 February 2022 %v, on 31 March %v; want 1, 0", at(11, "5-10"), at(12, "5-10"))
	}

	// The history's count by state agrees, day by day.
	y := tables(t, "2021", asOf, []ep{{"A", "01/01/2021", "", "U4", "S"}}, map[string]string{"A": "30/04/2011"})
	h, err := BuildHistory([]YearTables{y}, sp)
	if err != nil {
		t.Fatal(err)
	}
	if s := h.StockAt(day(2021, time.April, 29)); s[sp.State(band("5-10"), 0)] != 1 {
		t.Errorf("29 April: %v", s)
	}
	if s := h.StockAt(day(2021, time.April, 30)); s[sp.State(band("10-16"), 0)] != 1 {
		t.Errorf("30 April: %v", s)
	}
}

// Exposure and events counted by hand for three children over the year to
// 31 March 2021.
func TestEstimateCountsExposureAndEventsByHand(t *testing.T) {
	sp := DefaultStateSpace()
	end := day(2021, time.March, 31)
	y := tables(t, "2020", end, []ep{
		// A, aged 10: fostered from before the window, then a children's
		// home from 1 July, leaving care on 1 October.
		{"A", "01/01/2020", "01/07/2020", "U4", "S"},
		{"A", "01/07/2020", "01/10/2020", "K2", "P"},
		// B enters care on 1 May 2020 aged 15 and turns 16 on 15 June.
		{"B", "01/05/2020", "", "U1", "S"},
		// C: an unknown code, counted in other.
		{"C", "01/04/2020", "", "XX", "S"},
	}, map[string]string{"A": "01/01/2010", "B": "15/06/2004", "C": "01/01/2010"})
	h, err := BuildHistory([]YearTables{y}, sp)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Estimate(h, 1)
	if err != nil {
		t.Fatal(err)
	}
	if f.WindowDays != 365 || !f.WindowStart.Equal(day(2020, time.April, 1)) {
		t.Errorf("window %v, %d days", f.WindowStart, f.WindowDays)
	}
	st := func(b, c int) int { return sp.State(b, c) }
	const fost, res, other = 0, 1, 3
	want := map[int]float64{
		st(3, fost):  91 + 45, // A 1 April–1 July, B 1 May–15 June
		st(3, res):   92,      // A 1 July–1 October
		st(4, fost):  290,     // B 15 June 2020–1 April 2021
		st(3, other): 365,     // C all year
	}
	for s := range sp.NumStates() {
		if f.Exposure[s] != want[s] {
			t.Errorf("%s: exposure %v days, want %v", sp.StateName(s), f.Exposure[s], want[s])
		}
	}
	if f.Moves[st(3, fost)][res] != 1 || f.Leaves[st(3, res)] != 1 {
		t.Errorf("A's move and leaving: moves %v, leaves %v", f.Moves[st(3, fost)], f.Leaves[st(3, res)])
	}
	if f.Entrants[st(3, fost)] != 1 || f.EntryAges[st(3, fost)][0] != (Age{15, 321}) {
		t.Errorf("B's entry: %v %v", f.Entrants[st(3, fost)], f.EntryAges[st(3, fost)])
	}
	if f.Entrants[st(3, other)] != 1 {
		t.Errorf("C enters on the window's first day: %v", f.Entrants[st(3, other)])
	}
	if got := f.LeaveRate(st(3, res)); got != 1.0/92 {
		t.Errorf("leave rate from 10-16 residential %v, want 1/92", got)
	}
	if len(f.Stock) != 2 {
		t.Errorf("in care at the end: %v, want B and C", f.Stock)
	}
	var unknown []Note
	for _, n := range h.Notes {
		if n.Kind == NoteUnknownPlace {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) != 1 || unknown[0].File != "2020-episodes.csv" || unknown[0].Line != 5 || unknown[0].Field != "PLACE" || !strings.Contains(unknown[0].Msg, "other") {
		t.Errorf("unknown code note: %+v", unknown)
	}
}

// Irregular histories are handled as documented and each is noted with
// its file, line and field; unreadable rows are errors naming them.
func TestIrregularHistoriesAreNotedNeverSilent(t *testing.T) {
	sp := DefaultStateSpace()
	y1 := tables(t, "2019", day(2020, time.March, 31), []ep{
		{"GAP", "01/05/2019", "01/06/2019", "U1", "S"},
		{"GAP", "11/06/2019", "", "U1", "P"}, // ten days later, not a new period
		{"OVER", "01/05/2019", "20/06/2019", "U1", "S"},
		{"OVER", "01/06/2019", "", "K2", "P"}, // starts before the last ends
		{"OPEN", "01/05/2019", "", "U1", "S"}, // no end, then another
		{"OPEN", "01/08/2019", "", "U2", "P"},
		{"GONE", "01/05/2019", "", "U1", "S"}, // not in the next return
		{"NODOB", "01/05/2019", "", "U1", "S"},
	}, map[string]string{"GAP": "01/01/2010", "OVER": "01/01/2010", "OPEN": "01/01/2010", "GONE": "01/01/2010"})
	y2 := tables(t, "2020", day(2021, time.March, 31), []ep{
		{"GAP", "11/06/2019", "", "U1", "P"},
	}, map[string]string{"GAP": "01/01/2010"})
	h, err := BuildHistory([]YearTables{y1, y2}, sp)
	if err != nil {
		t.Fatal(err)
	}
	byKind := map[string]Note{}
	for _, n := range h.Notes {
		byKind[n.Kind+" "+n.Child] = n
	}
	for kind, want := range map[string]Note{
		// The later return's copy of the episode is the one used.
		NoteGap:         {File: "2020-episodes.csv", Line: 2, Field: "DECOM", Child: "GAP"},
		NoteOverlap:     {File: "2019-episodes.csv", Line: 4, Field: "DEC", Child: "OVER"},
		NoteOpenBefore:  {File: "2019-episodes.csv", Line: 6, Field: "DEC", Child: "OPEN"},
		NoteNotReturned: {File: "2019-episodes.csv", Line: 8, Field: "DEC", Child: "GONE"},
		NoteNoDOB:       {File: "2019-episodes.csv", Line: 9, Field: "DOB", Child: "NODOB"},
	} {
		got := byKind[kind+" "+want.Child]
		if got.File != want.File || got.Line != want.Line || got.Field != want.Field || got.Child != want.Child {
			t.Errorf("%s: noted %+v, want %+v", kind, got, want)
		}
	}
	spells := map[string][]Spell{}
	for _, c := range h.Children {
		spells[c.ID] = c.Spells
	}
	d := func(y int, m time.Month, dd int) int { return dayOf(day(y, m, dd)) }
	if s := spells["GAP"]; len(s) != 2 || !s[1].NewPeriod {
		t.Errorf("the gap starts a new period: %+v", s)
	}
	if s := spells["OVER"]; s[0].End != d(2019, time.June, 1) || s[1].NewPeriod {
		t.Errorf("the overlap is cut where the next begins: %+v", s)
	}
	if s := spells["OPEN"]; s[0].End != d(2019, time.August, 1) {
		t.Errorf("the open episode ends when the next starts: %+v", s)
	}
	if s := spells["GONE"]; s[0].End != d(2020, time.April, 1) {
		t.Errorf("the child missing from the next return leaves on 1 April: %+v", s)
	}
	if _, ok := spells["NODOB"]; ok {
		t.Error("a child with no date of birth cannot be aged, and is left out")
	}
	counts := h.NoteCounts()
	if len(counts) != 5 || counts[0].Handling == "" {
		t.Errorf("note counts: %+v", counts)
	}

	for name, bad := range map[string]struct {
		eps     []ep
		line    int
		column  string
		message string
	}{
		"bad start": {[]ep{{"A", "31/02/2020", "", "U1", "S"}}, 2, "DECOM", "not a date"},
		"bad end":   {[]ep{{"A", "01/02/2020", "yesterday", "U1", "S"}}, 2, "DEC", "not a date"},
		"backwards": {[]ep{{"A", "01/02/2020", "01/01/2020", "U1", "S"}}, 2, "DEC", "before it starts"},
		"no child":  {[]ep{{"A", "01/02/2020", "", "U1", "S"}, {"", "01/02/2020", "", "U1", "S"}}, 3, "CHILD", "blank"},
	} {
		y := tables(t, "2020", day(2020, time.March, 31), bad.eps, map[string]string{"A": "01/01/2010"})
		_, err := BuildHistory([]YearTables{y}, sp)
		var ie *sightline.InputError
		if !errors.As(err, &ie) || ie.File != "2020-episodes.csv" || ie.Line != bad.line || ie.Column != bad.column || !strings.Contains(ie.Msg, bad.message) {
			t.Errorf("%s: %v", name, err)
		}
	}
	y := tables(t, "2020", day(2020, time.March, 31), []ep{{"A", "01/02/2020", "", "U1", "S"}}, map[string]string{"A": "1 Jan 2010"})
	if _, err := BuildHistory([]YearTables{y}, sp); err == nil || !strings.Contains(err.Error(), `2020-header.csv: line 2, column "DOB"`) {
		t.Errorf("bad date of birth: %v", err)
	}
}

func TestTheBundledHistoryReadsWithItsIrregularitiesReported(t *testing.T) {
	_, h := bundled(t)
	if len(h.Years) != 5 || !h.Years[0].Start.Equal(day(2017, time.April, 1)) || !h.End.Equal(day(2022, time.March, 31)) {
		t.Fatalf("years %+v", h.Years)
	}
	// The last return's own count of children in care at 31 March 2022
	// (its open episodes, counted independently of the history).
	open := map[string]bool{}
	years, _ := BundledYears()
	last := years[len(years)-1].Episodes
	for i, dec := range last.Column("DEC") {
		if dec == "" {
			open[last.Column("CHILD")[i]] = true
		}
	}
	total := 0
	for _, n := range h.StockAt(h.End) {
		total += n
	}
	if total != len(open) {
		t.Errorf("in care at 31 March 2022: %d from the history, %d open in the return", total, len(open))
	}
	if len(h.Notes) == 0 {
		t.Error("the bundled returns have gaps and overlaps, which must be reported")
	}
}
