package y2022

import (
	"slices"
	"testing"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/y2023"
	"github.com/sightline-uk/sightline/ssda903/y2024"
)

// The changes from 2023/24 back to 2022/23.
var (
	// Rules 2023/24 changed, restored as 2022/23 had them.
	wantReplaced = []string{"218", "222", "370", "371"}
	// Rules new in 2023/24.
	wantDeleted = []string{"1016", "217t", "230", "347", "SW01STG1", "SW02STG1", "SW03STG1", "SW04STG1", "SW05STG1",
		"SW06STG2", "SW07STG2", "SW09STG2", "SW108STG2", "SW10STG2", "SW11STG2", "SW12STG2", "SW13STG1", "SW14STG2"}
	// Rules new in 2024/25, which y2023 already deleted.
	new2024 = []string{"SW15STG2", "SW16aSTG2", "SW16bSTG2", "SW16cSTG2"}
)

func codes(s *rules.Set[*ssda903.Return]) []string {
	var out []string
	for _, r := range s.Rules() {
		out = append(out, r.Code)
	}
	return out
}

func TestSetIs2023LessItsChanges(t *testing.T) {
	s, newer := Set(), y2023.Set()
	if s.Year != "2022/23" {
		t.Errorf("year %q", s.Year)
	}
	var want []string
	for _, c := range codes(newer) {
		if !slices.Contains(wantDeleted, c) {
			want = append(want, c)
		}
	}
	if got := codes(s); !slices.Equal(got, want) {
		t.Errorf("2022/23 codes:\n got %v\nwant %v", got, want)
	}
	for _, c := range append(slices.Clone(wantDeleted), new2024...) {
		if s.Rule(c) != nil {
			t.Errorf("2022/23 has rule %s, new in a later year", c)
		}
	}
	if len(restored) != len(wantReplaced) {
		t.Errorf("%d rules restored, want %d", len(restored), len(wantReplaced))
	}
	for _, c := range wantReplaced {
		r := s.Rule(c)
		if r == nil || r.Check == nil || checks[c] == nil {
			t.Errorf("rule %s is not restored with a check", c)
			continue
		}
		if newer.Rule(c) == nil || r == newer.Rule(c) {
			t.Errorf("rule %s does not replace a 2023/24 rule", c)
		}
		if r.Message == "" || len(r.Fields) == 0 || len(r.Tables) == 0 || r.Kind != "error" {
			t.Errorf("rule %s lacks its message, fields, tables or kind", c)
		}
	}
	for _, r := range s.Rules() {
		if r.Check == nil {
			t.Errorf("rule %s has no check", r.Code)
		}
		if !slices.Contains(wantReplaced, r.Code) && r != newer.Rule(r.Code) {
			t.Errorf("rule %s is not 2023/24's though unchanged", r.Code)
		}
	}
	for c := range y2024.Pending() {
		if s.Rule(c) != nil {
			t.Errorf("rule %s is pending in 2024/25 but in the 2022/23 set", c)
		}
	}
	t.Logf("2022/23: %d rules (%d replaced, %d deleted)", len(s.Rules()), len(wantReplaced), len(wantDeleted))
}

func TestEmptyReturnFaultsNothingAndPanicsNowhere(t *testing.T) {
	r := &ssda903.Return{Year: 2023, Tables: map[string]*ssda903.Table{}, Last: map[string]*ssda903.Table{}}
	for _, res := range rules.Run(Set(), r) {
		if res.Err != nil {
			t.Errorf("%s on an empty return: %v", res.Code, res.Err)
		}
		if len(res.Hits) > 0 {
			t.Errorf("%s faulted %d rows of an empty return", res.Code, len(res.Hits))
		}
	}
}
