package peers

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/indicators"
)

// TestBacktestIsOutOfSample checks every prediction against the published
// figures it claims to use, and that no peer's improvement postdates the
// year predicted from.
func TestBacktestIsOutOfSample(t *testing.T) {
	m := realData(t)
	preds := m.Backtest()
	if len(preds) < 5000 {
		t.Fatalf("%d predictions; the published data give several thousand", len(preds))
	}
	flagged := 0
	for _, p := range preds {
		ind := indicators.ByID(p.Indicator)
		if !Judged(ind) || MethodFor(ind) != Funnel {
			t.Fatalf("%s is not a judged indicator with counts", p.Indicator)
		}
		next, _ := m.tab.Cell(p.Indicator, p.Council, p.Year+1)
		now, _ := m.tab.Cell(p.Indicator, p.Council, p.Year)
		eng, _ := m.tab.Cell(p.Indicator, englandCode, p.Year)
		if next.Value.Num != p.Actual || now.Value.Num != p.Persistence || eng.Value.Num != p.England {
			t.Fatalf("%+v: figures differ from the table (next %v, now %v, England %v)", p, next.Value, now.Value, eng.Value)
		}
		if len(p.PeerCodes) == 0 || len(p.PeerCodes) > DefaultMaxPeers {
			t.Fatalf("%+v: %d peers", p, len(p.PeerCodes))
		}
		for i, y := range p.PeerYears {
			if y > p.Year {
				t.Fatalf("%s %s %d: peer %s's improvement was only known in %d", p.Indicator, p.Council, p.Year, p.PeerCodes[i], y)
			}
			if p.PeerCodes[i] == p.Council {
				t.Fatalf("%s %s %d: the council is its own peer", p.Indicator, p.Council, p.Year)
			}
		}
		if p.Flagged {
			flagged++
		}
	}
	if flagged < 200 {
		t.Errorf("only %d flagged cases", flagged)
	}

	// One case recomputed by hand from the matcher's own parts.
	p := preds[len(preds)/2]
	d := m.Detector(indicators.ByID(p.Indicator))
	cands, _ := m.rank(d, p.Council, p.Year)
	if len(cands) > DefaultMaxPeers {
		cands = cands[:DefaultMaxPeers]
	}
	var closed float64
	for _, c := range cands {
		e := c.episodes[len(c.episodes)-1]
		closed += 1 - (e.AfterOneYear-e.EnglandAfterOneYear)/(e.Before-e.EnglandBefore)
	}
	want := p.England + (p.Persistence-p.England)*(1-closed/float64(len(cands)))
	if math.Abs(want-p.Peers) > 1e-9 {
		t.Errorf("%s %s %d: peers' forecast %v, recomputed %v", p.Indicator, p.Council, p.Year, p.Peers, want)
	}
}

func TestValidationScores(t *testing.T) {
	m := realData(t)
	v := m.Validate()
	all := v.Scores[0]
	if all.Indicator != "all" || all.Subset != "all" || all.Cases < 5000 {
		t.Fatalf("overall row %+v", all)
	}
	// The overall MAE is the case-weighted mean of the indicators' MAEs.
	var sum float64
	var n int
	for _, s := range v.Scores {
		if s.Indicator != "all" && s.Subset == "all" {
			sum += s.MAE.England * float64(s.Cases)
			n += s.Cases
		}
	}
	if n != all.Cases || math.Abs(sum/float64(n)-all.MAE.England) > 1e-9 {
		t.Errorf("indicators hold %d cases with England MAE %v; overall %d and %v", n, sum/float64(n), all.Cases, all.MAE.England)
	}
	for _, s := range v.Scores {
		if s.Cases == 0 {
			t.Errorf("%s %s: a score row without cases", s.Indicator, s.Subset)
		}
		for _, e := range []Errors{s.MAE, s.RMSE, s.ScaledMAE} {
			for _, x := range []float64{e.Peers, e.England, e.Neighbours, e.Persistence, e.PeersChange} {
				if math.IsNaN(x) || x < 0 {
					t.Errorf("%s %s: error %v", s.Indicator, s.Subset, x)
				}
			}
		}
		// RMSE is never below MAE.
		if s.RMSE.Peers < s.MAE.Peers-1e-12 || s.RMSE.England < s.MAE.England-1e-12 {
			t.Errorf("%s %s: RMSE below MAE", s.Indicator, s.Subset)
		}
		if s.PeersBeatBoth > math.Min(s.PeersBeatEngland, s.PeersBeatNeighbours)+1e-12 {
			t.Errorf("%s %s: beats both more often than beats one", s.Indicator, s.Subset)
		}
	}
	wins := all.ScaledMAE.Peers < all.ScaledMAE.England && all.ScaledMAE.Peers < all.ScaledMAE.Neighbours
	if v.PeersWin != wins || strings.Contains(v.Verdict, "forecast wins over all") != wins {
		t.Errorf("verdict %q disagrees with the scores (wins %v)", v.Verdict, wins)
	}
	if _, err := json.Marshal(v); err != nil {
		t.Errorf("validation does not encode as JSON: %v", err)
	}
	if tab := v.Table(); len(tab.Rows) != len(v.Scores) || len(tab.Rows[0]) != len(tab.Columns) {
		t.Errorf("validation table: %d rows for %d scores", len(tab.Rows), len(v.Scores))
	}
	t.Logf("%s", v.Verdict)
}

func BenchmarkValidate(b *testing.B) {
	m := realData(b)
	for b.Loop() {
		fresh := NewMatcher(m.tab, m.reg, real.js, Options{})
		fresh.Validate()
	}
}

func BenchmarkBrief(b *testing.B) {
	m := realData(b)
	for b.Loop() {
		if _, err := m.Brief("E08000012", "rereferral_pct", 0); err != nil {
			b.Fatal(err)
		}
	}
}
