package disclosure

import (
	"testing"

	"github.com/sightline-uk/sightline"
)

func TestCount(t *testing.T) {
	la, nat, reg := sightline.LocalAuthority, sightline.National, sightline.Regional
	for _, c := range []struct {
		r     Rules
		n     float64
		level sightline.Level
		want  string
	}{
		{LookedAfter, 0, la, "0"},          // a true zero is shown
		{LookedAfter, 1, la, "c"},          // 1 to 4 are suppressed
		{LookedAfter, 4, la, "c"},          //
		{LookedAfter, 5, la, "5"},          // 5 is shown
		{LookedAfter, 17, la, "17"},        // councils' counts are unrounded
		{LookedAfter, 83534, nat, "83530"}, // national counts to the nearest 10
		{LookedAfter, 15, reg, "20"},       // half away from zero
		{LookedAfter, 14, nat, "10"},
		{LookedAfter, 5, nat, "10"},
		{LookedAfter, 4, nat, "c"}, // suppressed before rounding
		{LookedAfter, 0, nat, "0"},
		{ChildrenInNeed, 5, la, "c"}, // CIN suppresses 1 to 5
		{ChildrenInNeed, 6, la, "6"},
		{ChildrenInNeed, 0, la, "0"},
		{ChildrenInNeed, 1234, nat, "1230"},
	} {
		if got := c.r.Count(c.n, c.level).Format(0); got != c.want {
			t.Errorf("%+v Count(%v, %s) = %s, want %s", c.r, c.n, c.level, got, c.want)
		}
	}
	if LookedAfter.Count(-1, la) != sightline.Missing {
		t.Error("a negative count should be missing")
	}
}

func TestRatio(t *testing.T) {
	for _, c := range []struct {
		num, den, scale float64
		want            string
	}{
		{4, 100, 100, "c"},       // numerator below 5
		{3, 4, 100, "c"},         // both
		{0, 4, 100, "c"},         // a zero out of 4 still says something of 4 children
		{5, 20, 100, "25"},       // 25%
		{0, 20, 100, "0"},        // a true 0%
		{5, 7, 100, "71"},        // 71.43 rounds to 71
		{1, 8, 100, "c"},         // 12.5%, but 1 child
		{7, 8, 100, "88"},        // 87.5 rounds half away from zero
		{5, 5, 100, "100"},       //
		{5, 0, 100, "z"},         // no denominator: not applicable
		{5, 2000, 100, "k"},      // 0.25% rounds to zero but is not zero
		{69, 10000, 10000, "69"}, // a rate per 10,000
	} {
		if got := LookedAfter.Ratio(c.num, c.den, c.scale, 0).Format(0); got != c.want {
			t.Errorf("LookedAfter.Ratio(%v, %v, %v) = %s, want %s", c.num, c.den, c.scale, got, c.want)
		}
	}
	for _, c := range []struct {
		num, den float64
		want     string
	}{
		{0, 4, "0.0"},     // CIN shows 0 of 4, as DfE's D3 table does
		{5, 40, "c"},      // a numerator of 5 is suppressed for CIN
		{6, 40, "15.0"},   // one decimal place
		{6, 0, "z"},       // impossible, but never a division by zero
		{0, 0, "z"},       //
		{6, 100000, "k"},  //
		{0, 10000, "0.0"}, //
	} {
		if got := ChildrenInNeed.Ratio(c.num, c.den, 100, 1).Format(1); got != c.want {
			t.Errorf("ChildrenInNeed.Ratio(%v, %v) = %s, want %s", c.num, c.den, got, c.want)
		}
	}
}

func TestMean(t *testing.T) {
	for _, c := range []struct {
		r        Rules
		sum, n   float64
		want     string
		describe string
	}{
		{LookedAfter, 954, 1, "c", "a one-child average"},
		{LookedAfter, 5000, 5, "1000", "5000 days over 5 children"},
		{LookedAfter, 0, 0, "z", "an average of nobody"},
		{ChildrenInNeed, 50, 5, "c", "a mean of 5 children for CIN"},
	} {
		if got := c.r.Mean(c.sum, c.n, 0).Format(0); got != c.want {
			t.Errorf("%s shown as %s, want %s", c.describe, got, c.want)
		}
	}
}

// Published figures pass unchanged, symbols and all.
func TestPublished(t *testing.T) {
	for _, v := range []sightline.Value{sightline.Number(3), sightline.Sym("c"), sightline.Sym("low"), sightline.Missing} {
		if Published(v) != v {
			t.Errorf("published %v changed to %v", v, Published(v))
		}
	}
}
