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
