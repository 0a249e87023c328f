package measure

import (
	"testing"

	"github.com/sightline-uk/sightline"
)

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
