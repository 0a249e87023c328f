package warning

import (
	"math"
	"sort"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/indicators/indicatorstest"
	"github.com/sightline-uk/sightline/stats"
)

// realSet computes the warnings from the bundled snapshot in a real DuckDB
// file.
func realSet(t *testing.T) (*Set, *indicators.Table, []*sightline.Council) {
	t.Helper()
	l := indicatorstest.Snapshot(t)
	return Compute(l.Table, l.Councils, Default()), l.Table, l.Councils
}

func TestWarningsOnRealData(t *testing.T) {
	set, tab, councils := realSet(t)
	if len(set.Ranked) != len(councils) {
		t.Fatalf("%d councils ranked, want %d", len(set.Ranked), len(councils))
	}
	counts := map[Kind]map[Verdict]int{Level: {}, Change: {}, Trend: {}}
	for code, ws := range set.ByCouncil {
		for _, w := range ws {
			counts[w.Kind][w.Verdict]++
			ind := indicators.ByID(w.Indicator)
			if w.Council != code || ind == nil || w.Words == "" {
				t.Fatalf("malformed warning %+v", w)
			}
			// Polarity decides the verdict, and only concerns weigh.
			up := w.Direction == "higher" || w.Direction == "rising"
			if want := verdict(ind.Polarity, up); w.Verdict != want {
				t.Errorf("%s %s %s: verdict %s, want %s", code, w.Indicator, w.Kind, w.Verdict, want)
			}
			if (w.Verdict == Concern) != (w.Weight > 0) {
				t.Errorf("%s %s: %s with weight %v", code, w.Indicator, w.Verdict, w.Weight)
			}
			switch w.Kind {
			case Level, Change:
				// Beyond the 95% limit means |z| beyond 1.96 on the
				// adjusted scale, on the side the direction says.
				if math.Abs(w.Z) < 1.959 || (w.Z > 0) != up {
					t.Errorf("%s %s %s: z %v with direction %s", code, w.Indicator, w.Kind, w.Z, w.Direction)
				}
				if w.Limit == "99.8%" && math.Abs(w.Z) < 3.08 {
					t.Errorf("%s %s %s: z %v beyond 99.8%%?", code, w.Indicator, w.Kind, w.Z)
				}
				if ind.Model == stats.NoModel {
					t.Errorf("%s: funnel warning for an indicator without counts", w.Indicator)
				}
			case Trend:
				if w.Limit == "" {
					t.Errorf("trend warning without its rule: %+v", w)
				}
			}
			if w.Year != tab.Latest(w.Indicator) {
				t.Errorf("%s %s: year %d, latest %d", code, w.Indicator, w.Year, tab.Latest(w.Indicator))
			}
		}
	}
	t.Logf("warnings by kind and verdict: %v", counts)
	for _, k := range []Kind{Level, Change, Trend} {
		if counts[k][Concern] == 0 || counts[k][Strength] == 0 {
			t.Errorf("no %s concerns or strengths in the real data: %v", k, counts[k])
		}
	}
	// The ranking adds up concerns' weights, heaviest first.
	if !sort.SliceIsSorted(set.Ranked, func(i, j int) bool { return set.Ranked[i].Score > set.Ranked[j].Score }) {
		t.Error("ranking is not by score")
	}
	for _, s := range set.Ranked {
		sum := 0.0
		for _, w := range s.Warnings {
			sum += w.Weight
		}
		if math.Abs(sum-s.Score) > 1e-9 {
			t.Errorf("%s: score %v, weights add to %v", s.Name, s.Score, sum)
		}
	}
	for _, s := range set.Ranked[:5] {
		t.Logf("%s: score %.0f, %d concerns; first: %s", s.Name, s.Score, s.Concerns, s.Warnings[0].Words)
	}
}
