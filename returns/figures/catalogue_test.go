package figures_test

import (
	"math/rand/v2"
	"testing"

	"github.com/sightline-uk/sightline"
	cinmeasure "github.com/sightline-uk/sightline/cin/measure"
	"github.com/sightline-uk/sightline/disclosure"
	"github.com/sightline-uk/sightline/returns/figures"
	"github.com/sightline-uk/sightline/ssda903/measure"
)

// results draws one return's results for every definition, many of them
// small, consistent with the structure the definitions declare: a count
// within another is no larger, a ratio's numerator or denominator is the
// count it names.
func results(r *rand.Rand, defs []figures.Definition) []figures.Result {
	small := func() float64 {
		if r.IntN(2) == 0 {
			return float64(r.IntN(8))
		}
		return float64(r.IntN(60))
	}
	n := map[string]float64{}
	var out []figures.Result
	for _, d := range defs { // containing counts come first in the catalogues
		res := figures.Result{ID: d.ID, Year: 2025, Value: sightline.Number(1)}
		switch {
		case d.Kind == figures.Count && d.Within != "":
			res.Numerator = float64(r.IntN(int(n[d.Within]) + 1))
		case d.Kind == figures.Count:
			res.Numerator = small()
		case d.NumeratorID != "":
			res.Numerator, res.Denominator = n[d.NumeratorID], 1000
		case d.DenominatorID != "":
			res.Denominator = n[d.DenominatorID]
			res.Numerator = float64(r.IntN(int(res.Denominator) + 1))
		default:
			res.Denominator = small()
			res.Numerator = float64(r.IntN(int(res.Denominator) + 1))
		}
		n[d.ID] = res.Numerator
		out = append(out, res)
	}
	return out
}

// TestProtectCatalogues: for random returns under both publications' real
// definitions, after Protect no small count is shown, no ratio gives away
// a hidden count, and a linear-programming audit of the counts shown finds
// none hidden (nor any rest a subgroup leaves) that could be worked out.
func TestProtectCatalogues(t *testing.T) {
	for _, pub := range []struct {
		rules disclosure.Rules
		defs  []figures.Definition
	}{{disclosure.LookedAfter, measure.Definitions}, {disclosure.ChildrenInNeed, cinmeasure.Definitions}} {
		cat := figures.NewCatalogue(pub.defs)
		for seed := range 200 {
			res := results(rand.New(rand.NewPCG(uint64(seed), 3)), pub.defs)
			var figs []figures.Figure
			for _, x := range res {
				figs = append(figs, figures.Make(pub.rules, cat[x.ID], x))
			}
			shown := map[string]bool{}
			for _, f := range figures.Protect(figs) {
				shown[f.ID] = f.Shown.IsNumber()
			}
			var tab disclosure.Table
			cell := map[string]int{}
			num := map[string]float64{}
			for _, x := range res {
				d := cat[x.ID]
				num[x.ID] = x.Numerator
				if d.Kind != figures.Count {
					if shown[x.ID] && (!shown[d.NumeratorID] && d.NumeratorID != "" || x.Numerator > 0 && d.DenominatorID != "" && !shown[d.DenominatorID]) {
						t.Errorf("seed %d: %s shown over a hidden count", seed, x.ID)
					}
					continue
				}
				if shown[x.ID] && pub.rules.Small(x.Numerator) {
					t.Errorf("seed %d: %s = %v shown", seed, x.ID, x.Numerator)
				}
				cell[x.ID] = tab.Count(x.ID, x.Numerator)
				if !shown[x.ID] {
					tab.Suppress(cell[x.ID])
				}
				if w, ok := cell[d.Within]; ok {
					tab.Total(w, cell[x.ID], tab.Unshown(x.ID+" rest", num[d.Within]-x.Numerator))
				}
			}
			exposed, err := tab.Exposed(pub.rules)
			if err != nil {
				t.Fatal(err)
			}
			for _, i := range exposed {
				t.Errorf("seed %d: %s can be worked out", seed, tab.Label(i))
			}
		}
	}
}
