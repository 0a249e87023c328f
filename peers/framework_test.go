package peers

import (
	"testing"

	"github.com/sightline-uk/sightline/indicators"
)

func TestEveryJudgedIndicatorIsInTheFramework(t *testing.T) {
	if len(Enablers) != 7 {
		t.Fatalf("%d enablers, want the seven", len(Enablers))
	}
	seen := map[Enabler]bool{}
	for _, e := range Enablers {
		if seen[e.Enabler] || e.Meaning == "" {
			t.Errorf("enabler %q repeated or without a meaning", e.Enabler)
		}
		seen[e.Enabler] = true
	}
	judged := 0
	for _, ind := range indicators.Catalogue() {
		l, ok := FrameworkLink(ind)
		if !ok {
			if Judged(ind) || ind.Polarity != indicators.NoJudgement {
				t.Errorf("%s has a polarity but no place in the framework", ind.ID)
			}
			continue
		}
		if Judged(ind) {
			judged++
		}
		if len(l.Enablers) == 0 || l.Why == "" {
			t.Errorf("%s: name its enablers and say why", ind.ID)
		}
		dup := map[Enabler]bool{}
		for _, e := range l.Enablers {
			if !IsEnabler(e) {
				t.Errorf("%s: %q is not one of the seven enablers", ind.ID, e)
			}
			if dup[e] {
				t.Errorf("%s names %q twice", ind.ID, e)
			}
			dup[e] = true
		}
		if ind.Kind == indicators.Outcome && l.Outcome == "" {
			t.Errorf("%s is an outcome indicator in %q, which has no outcome", ind.ID, ind.Area)
		}
		if ind.Kind == indicators.Enabler && l.Outcome != "" {
			t.Errorf("%s measures an enabler but is given the outcome %q", ind.ID, l.Outcome)
		}
	}
	if judged < 25 {
		t.Errorf("only %d judged indicators mapped", judged)
	}
	for id := range links {
		if indicators.ByID(id) == nil {
			t.Errorf("framework declares %s, which is not in the catalogue", id)
		}
	}
}
