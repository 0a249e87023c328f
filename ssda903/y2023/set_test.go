package y2023

import (
	"slices"
	"testing"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/y2024"
)

// The changes from 2024/25 back to 2023/24.
var (
	// Rules 2024/25 changed, restored as 2023/24 had them.
	wantReplaced = []string{"101", "146", "165", "174", "221", "222", "371", "393", "503D", "557", "607", "612",
		"SW01STG1", "SW07STG2", "SW10STG2", "SW13STG1"}
	// Rules 2024/25 deleted, added back.
	wantAddedBack = []string{"217t", "230", "370"}
	// Rules new in 2024/25.
	wantDeleted = []string{"SW15STG2", "SW16aSTG2", "SW16bSTG2", "SW16cSTG2"}
)

func codes(s *rules.Set[*ssda903.Return]) []string {
	var out []string
	for _, r := range s.Rules() {
		out = append(out, r.Code)
	}
	return out
}

func TestSetIs2024LessItsChanges(t *testing.T) {
	s := Set()
	if s.Year != "2023/24" {
		t.Errorf("year %q", s.Year)
	}
	newer := y2024.Set()
	var want []string
	for _, c := range codes(newer) {
		if !slices.Contains(wantDeleted, c) {
			want = append(want, c)
		}
	}
	for _, c := range wantReplaced {
		if newer.Rule(c) == nil {
			t.Errorf("replaced rule %s is not in the 2024/25 set", c)
		}
	}
	for _, c := range wantAddedBack {
		if newer.Rule(c) != nil {
			t.Errorf("rule %s, deleted in 2024/25, is in the 2024/25 set", c)
		}
		want = append(want, c)
	}
	slices.SortFunc(want, func(a, b string) int {
		if rules.CodeLess(a, b) {
			return -1
		}
		return 1
	})
	if got := codes(s); !slices.Equal(got, want) {
		t.Errorf("2023/24 codes:\n got %v\nwant %v", got, want)
	}
	restoredCodes := append(slices.Clone(wantReplaced), wantAddedBack...)
	if len(restored) != len(restoredCodes) {
		t.Errorf("%d rules restored, want %d", len(restored), len(restoredCodes))
	}
	for _, c := range restoredCodes {
		r := s.Rule(c)
		if r == nil || r.Check == nil || checks[c] == nil {
			t.Errorf("rule %s is not restored with a check", c)
			continue
		}
		if r == newer.Rule(c) {
			t.Errorf("rule %s is still the 2024/25 rule", c)
		}
		if r.Message == "" || len(r.Fields) == 0 || len(r.Tables) == 0 || r.Kind != "error" {
			t.Errorf("rule %s lacks its message, fields, tables or kind", c)
		}
	}
	for _, r := range s.Rules() {
		if r.Check == nil {
			t.Errorf("rule %s has no check", r.Code)
		}
		if !slices.Contains(restoredCodes, r.Code) && r != newer.Rule(r.Code) {
			t.Errorf("rule %s is not 2024/25's though unchanged", r.Code)
		}
	}
	for c := range y2024.Pending() {
		if s.Rule(c) != nil {
			t.Errorf("rule %s is pending in 2024/25 but in the 2023/24 set", c)
		}
	}
	t.Logf("2023/24: %d rules (%d replaced, %d added back, %d deleted)", len(s.Rules()), len(wantReplaced), len(wantAddedBack), len(wantDeleted))
}

func TestEmptyReturnFaultsNothingAndPanicsNowhere(t *testing.T) {
	r := &ssda903.Return{Year: 2024, Tables: map[string]*ssda903.Table{}, Last: map[string]*ssda903.Table{}}
	for _, res := range rules.Run(Set(), r) {
		if res.Err != nil {
			t.Errorf("%s on an empty return: %v", res.Code, res.Err)
		}
		if len(res.Hits) > 0 {
			t.Errorf("%s faulted %d rows of an empty return", res.Code, len(res.Hits))
		}
	}
}
