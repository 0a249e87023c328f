package measure

import (
	"testing"

	"github.com/sightline-uk/sightline"
)

func TestSuppressCount(t *testing.T) {
	la, nat, reg := sightline.LocalAuthority, sightline.National, sightline.Regional
	for _, c := range []struct {
		n     float64
		level sightline.Level
		want  string
	}{
		{0, la, "0"},          // a true zero is shown
		{1, la, "c"},          // 1 to 4 are suppressed
		{4, la, "c"},          //
		{5, la, "5"},          // 5 is shown
		{17, la, "17"},        // councils' counts are unrounded
		{83534, nat, "83530"}, // national counts to the nearest 10
		{15, reg, "20"},       // half away from zero
		{14, nat, "10"},
		{5, nat, "10"},
		{4, nat, "c"}, // suppressed before rounding
		{0, nat, "0"},
	} {
		if got := SuppressCount(c.n, c.level).Format(0); got != c.want {
			t.Errorf("SuppressCount(%v, %s) = %s, want %s", c.n, c.level, got, c.want)
		}
	}
	if SuppressCount(-1, la) != sightline.Missing {
		t.Error("a negative count should be missing")
	}
}

func TestSuppressRatio(t *testing.T) {
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
		if got := SuppressRatio(c.num, c.den, c.scale, 0).Format(0); got != c.want {
			t.Errorf("SuppressRatio(%v, %v, %v) = %s, want %s", c.num, c.den, c.scale, got, c.want)
		}
	}
}

func TestSuppressMean(t *testing.T) {
	if got := SuppressMean(954, 1, 0).Format(0); got != "c" {
		t.Errorf("a one-child average shown as %s", got)
	}
	if got := SuppressMean(5000, 5, 0).Format(0); got != "1000" {
		t.Errorf("5000 days over 5 children shown as %s", got)
	}
	if got := SuppressMean(0, 0, 0).Format(0); got != "z" {
		t.Errorf("an average of nobody shown as %s", got)
	}
}

func TestDisplayUsesSuppression(t *testing.T) {
	// Every kind goes through the suppression rules.
	for _, c := range []struct {
		r    Result
		want string
	}{
		{Result{ID: "cla_31_march", Numerator: 4, Value: sightline.Number(4)}, "c"},
		{Result{ID: "cla_31_march", Numerator: 5, Value: sightline.Number(5)}, "5"},
		{Result{ID: "placements_3plus_pct", Numerator: 6, Denominator: 50, Value: sightline.Number(12)}, "12"},
		{Result{ID: "placements_3plus_pct", Numerator: 4, Denominator: 50, Value: sightline.Number(8)}, "c"},
		{Result{ID: "adoption_timeliness_days", Numerator: 3000, Denominator: 6, Value: sightline.Number(500)}, "500"},
		{Result{ID: "adoption_timeliness_months", Numerator: 3000, Denominator: 6, Value: sightline.Number(16.4)}, "16"},
		{Result{ID: "cla_rate", Value: sightline.Missing}, "x"},
		{Result{ID: "no_such_result", Numerator: 50, Value: sightline.Number(50)}, "x"},
	} {
		d := 0
		if def := c.r.Def(); def != nil {
			d = def.Decimals
		}
		if got := c.r.Display().Format(d); got != c.want {
			t.Errorf("%s %v/%v shown as %s, want %s", c.r.ID, c.r.Numerator, c.r.Denominator, got, c.want)
		}
	}
}
