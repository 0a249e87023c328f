package y2025

import (
	"github.com/sightline-uk/sightline/rules/ruletest"
	"testing"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/rules"
)

// TestEveryRuleIsImplementedOrPending lists all 109 codes of DfE's list and
// fails if any has no check. The pending mechanism stays for a later year's
// new rules; none is pending now.
func TestEveryRuleIsImplementedOrPending(t *testing.T) {
	all := Info()
	if len(all) != 109 {
		t.Fatalf("%d rules in DfE's list, want 109", len(all))
	}
	tested, err := ruletest.TestedCodes(".")
	if err != nil {
		t.Fatal(err)
	}
	implemented, queries := 0, 0
	for _, r := range all {
		_, has := checks[r.Code]
		_, wait := pending[r.Code]
		switch {
		case has && wait:
			t.Errorf("rule %s is implemented and still pending", r.Code)
		case !has && !wait:
			t.Errorf("rule %s has no check and is not listed as pending", r.Code)
		case has:
			implemented++
			if !tested[r.Code] {
				t.Errorf("rule %s has no TestRule%s", r.Code, r.Code)
			}
		}
		if r.Kind == "query" {
			queries++
		}
	}
	if queries != 26 {
		t.Errorf("%d queries, DfE's list has 26", queries)
	}
	if implemented != len(all) || len(pending) != 0 {
		t.Errorf("%d of %d rules implemented, %d pending: every rule must be implemented", implemented, len(all), len(pending))
	}
}

func TestEmptyReturnFaultsNothing(t *testing.T) {
	r := &cin.Return{Year: 2025, Tables: map[string]*cin.Table{}}
	for _, res := range rules.Run(Set(), r) {
		if res.Err != nil || len(res.Hits) > 0 {
			t.Errorf("%s on an empty return: %v, %d hits", res.Code, res.Err, len(res.Hits))
		}
	}
}
