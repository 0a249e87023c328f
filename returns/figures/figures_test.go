package figures

import (
	"testing"

	"github.com/sightline-uk/sightline"
)

func TestRules(t *testing.T) {
	cla := Rules{Smallest: 5, HideZeroOfSmall: true} // the SSDA903 figures
	cin := Rules{Smallest: 6}                        // the CIN census figures
	la := sightline.LocalAuthority
	for _, c := range []struct {
		r    Rules
		n    float64
		want string
	}{
		{cla, 4, "c"}, {cla, 5, "5"}, {cin, 5, "c"}, {cin, 6, "6"}, {cin, 0, "0"},
	} {
		if got := c.r.Count(c.n, la).Format(0); got != c.want {
			t.Errorf("%+v Count(%v) = %s, want %s", c.r, c.n, got, c.want)
		}
	}
	if got := cin.Count(1234, sightline.National).Format(0); got != "1230" {
		t.Errorf("national count shown as %s", got)
	}
	for _, c := range []struct {
		r        Rules
		num, den float64
		want     string
	}{
		{cla, 0, 4, "c"},     // 0 of 4 hidden for the 903
		{cin, 0, 4, "0.0"},   // and shown for CIN, as DfE's D3 table shows it
		{cin, 5, 40, "c"},    // a numerator of 5 is suppressed for CIN
		{cin, 6, 40, "15.0"}, // one decimal place
		{cin, 6, 0, "z"},     // impossible, but never a division by zero
		{cin, 0, 0, "z"},
		{cin, 6, 100000, "k"},
	} {
		if got := c.r.Ratio(c.num, c.den, 100, 1).Format(1); got != c.want {
			t.Errorf("%+v Ratio(%v, %v) = %s, want %s", c.r, c.num, c.den, got, c.want)
		}
	}
	if got := cin.Mean(50, 5, 0).Format(0); got != "c" {
		t.Errorf("a mean of 5 shown as %s", got)
	}
}

// A result is shown by its definition's kind, keeps its own symbol, and
// shows "x" when no definition says how to show its number.
func TestShow(t *testing.T) {
	r := Rules{Smallest: 5}
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
		if got := r.Show(defs[c.id], c.res).String(); got != c.want {
			t.Errorf("%s %+v: %s, want %s", c.id, c.res, got, c.want)
		}
	}
	if f := r.Figure(defs["pct"], Result{ID: "pct", Year: 2025, Numerator: 10, Denominator: 40, Value: sightline.Number(25)}); f.Shown.String() != "25" || f.Year != 2025 {
		t.Errorf("figure %+v", f)
	}
}
