package y2024

import (
	"github.com/sightline-uk/sightline/rules/ruletest"
	"testing"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// TestEveryRuleIsImplementedOrPending lists all 312 codes of DfE's 2024/25
// list: each must have a check, with its message, fields and tables. The
// pending mechanism stays for the next year's new rules, but 2024/25 has
// none pending.
func TestEveryRuleIsImplementedOrPending(t *testing.T) {
	all := Info()
	if len(all) != 312 {
		t.Fatalf("%d rules in DfE's 2024/25 list, want 312", len(all))
	}
	tested, err := ruletest.TestedCodes(".")
	if err != nil {
		t.Fatal(err)
	}
	implemented := 0
	for _, r := range all {
		_, has := checks[r.Code]
		_, wait := pending[r.Code]
		switch {
		case has && wait:
			t.Errorf("rule %s is implemented and still pending: remove it from the pending list", r.Code)
		case !has && !wait:
			t.Errorf("rule %s has no check and is not listed as pending", r.Code)
		case has:
			implemented++
			if !tested[r.Code] {
				t.Errorf("rule %s has no TestRule%s", r.Code, r.Code)
			}
			if r.Message == "" || len(r.Fields) == 0 || len(r.Tables) == 0 {
				t.Errorf("rule %s lacks its message, fields or tables", r.Code)
			}
		}
	}
	for code := range pending {
		if Set().Rule(code) != nil {
			t.Errorf("pending rule %s is in the set", code)
		}
	}
	if implemented != len(all) || len(pending) != 0 {
		t.Errorf("%d of %d rules implemented, %d pending: every 2024/25 rule must be implemented", implemented, len(all), len(pending))
	}
}

func TestEmptyReturnFaultsNothingAndPanicsNowhere(t *testing.T) {
	r := &ssda903.Return{Year: 2025, Tables: map[string]*ssda903.Table{}, Last: map[string]*ssda903.Table{}}
	for _, res := range rules.Run(Set(), r) {
		if res.Err != nil {
			t.Errorf("%s on an empty return: %v", res.Code, res.Err)
		}
		if len(res.Hits) > 0 {
			t.Errorf("%s faulted %d rows of an empty return", res.Code, len(res.Hits))
		}
	}
}
