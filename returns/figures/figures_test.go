package figures

import (
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/disclosure"
)

// A result is shown by its definition's kind, keeps its own symbol, and
// shows "x" when no definition says how to show its number.
func TestShow(t *testing.T) {
	r := disclosure.Rules{Smallest: 5}
	defs := NewCatalogue([]Definition{
		{ID: "n", Kind: Count}, {ID: "pct", Kind: Ratio, Scale: 100, Decimals: 1}, {ID: "avg", Kind: Mean, Scale: 1, Decimals: 0},
	})
	for _, c := range []struct {
		id   string
		res  Result
		want string
	}{
		{"n", Result{Numerator: 12, Value: sightline.Number(12)}, "12"},
		{"n", Result{Numerator: 3, Value: sightline.Number(3)}, "c"},
		{"pct", Result{Numerator: 10, Denominator: 40, Value: sightline.Number(25)}, "25"},
		{"avg", Result{Numerator: 300, Denominator: 10, Value: sightline.Number(30)}, "30"},
		{"pct", Result{Value: sightline.Sym("z")}, "z"},
		{"gone", Result{Value: sightline.Number(7)}, "x"},
	} {
		if got := Show(r, defs[c.id], c.res).String(); got != c.want {
			t.Errorf("%s %+v: %s, want %s", c.id, c.res, got, c.want)
		}
	}
	if f := Make(r, defs["pct"], Result{ID: "pct", Year: 2025, Numerator: 10, Denominator: 40, Value: sightline.Number(25)}); f.Shown.String() != "25" || f.Year != 2025 {
		t.Errorf("figure %+v", f)
	}
}

var protectDefs = NewCatalogue([]Definition{
	{ID: "all", Kind: Count},
	{ID: "all_rate", Kind: Ratio, Scale: 10000, NumeratorID: "all"},
	{ID: "sub", Kind: Count, Within: "all"},
	{ID: "sub_pct", Kind: Ratio, Scale: 100, NumeratorID: "sub", DenominatorID: "all"},
	{ID: "of_sub_pct", Kind: Ratio, Scale: 100, DenominatorID: "sub"},
	{ID: "mean", Kind: Mean, Scale: 1},
})

func made(r disclosure.Rules, year int, vals map[string][2]float64) []Figure {
	var figs []Figure
	for _, id := range []string{"all", "all_rate", "sub", "sub_pct", "of_sub_pct", "mean"} {
		v, ok := vals[id]
		if !ok {
			continue
		}
		figs = append(figs, Make(r, protectDefs[id], Result{ID: id, Year: year, Numerator: v[0], Denominator: v[1], Value: sightline.Number(1)}))
	}
	return figs
}

func shown(figs []Figure) map[string]string {
	out := map[string]string{}
	for _, f := range figs {
		out[f.ID] = f.Shown.Format(0)
	}
	return out
}

// Seven children of whom five are in the subgroup: the five is not small,
// but the two left are, so the subgroup and every ratio that would give it
// are hidden; the total and its rate stay.
func TestProtectHidesSubgroupWithSmallRest(t *testing.T) {
	r := disclosure.Rules{Smallest: 5, HideZeroOfSmall: true}
	figs := made(r, 2025, map[string][2]float64{
		"all": {7, 0}, "all_rate": {7, 20000}, "sub": {5, 0}, "sub_pct": {5, 7}, "of_sub_pct": {0, 5}, "mean": {300, 10},
	})
	before := shown(figs)
	if before["sub"] != "5" || before["sub_pct"] != "71" {
		t.Fatalf("primary rules alone: %v", before)
	}
	got := shown(Protect(figs))
	want := map[string]string{"all": "7", "all_rate": "4", "sub": "c", "sub_pct": "c", "of_sub_pct": "0", "mean": "30"}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s shown as %s, want %s", id, got[id], w)
		}
	}
	// Protect works on a copy.
	if figs[2].Shown.Format(0) != "5" {
		t.Error("Protect changed its argument")
	}
	// With thirty in the rest, nothing more is hidden.
	got = shown(Protect(made(r, 2025, map[string][2]float64{"all": {35, 0}, "sub": {5, 0}, "sub_pct": {5, 35}})))
	if got["sub"] != "5" || got["sub_pct"] != "14" {
		t.Errorf("a rest of 30: %v", got)
	}
}

// Each year and each publication's rules make a table of their own.
func TestProtectGroupsByYearAndRules(t *testing.T) {
	r := disclosure.Rules{Smallest: 5}
	figs := append(made(r, 2024, map[string][2]float64{"all": {7, 0}, "sub": {5, 0}}),
		made(r, 2025, map[string][2]float64{"all": {40, 0}, "sub": {5, 0}})...)
	figs = append(figs, made(disclosure.Rules{Smallest: 6}, 2025, map[string][2]float64{"all": {10, 0}, "sub": {5, 0}})...)
	var got []string
	for _, f := range Protect(figs) {
		got = append(got, f.Shown.Format(0))
	}
	want := []string{"7", "c", "40", "5", "10", "c"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("figures shown %v, want %v", got, want)
			break
		}
	}
}
