package ruletest

import (
	"reflect"
	"slices"
	"testing"

	"github.com/sightline-uk/sightline/rules"
)

// Expect runs the rule code from checks over r and compares the rows it
// faults, by table, with want (0-based data-row indices; nil for none).
// Every rule-set package's tests share it, so a rule is judged the same way
// whichever return it belongs to.
func Expect[D any](t testing.TB, checks map[string]func(D) []rules.Hit, code string, r D, want map[string][]int) {
	t.Helper()
	c, ok := checks[code]
	if !ok {
		t.Fatalf("rule %s has no check", code)
	}
	got := map[string][]int{}
	for _, h := range c(r) {
		got[h.Table] = append(got[h.Table], h.Row)
	}
	for k := range got {
		slices.Sort(got[k])
		got[k] = slices.Compact(got[k])
	}
	if want == nil {
		want = map[string][]int{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rule %s faulted %v, want %v", code, got, want)
	}
}
