package cinsynth

import (
	"sort"
	"testing"

	"github.com/sightline-uk/sightline/cin/y2025"
	"github.com/sightline-uk/sightline/rules"
)

func TestCleanCensusPassesEveryRule(t *testing.T) {
	cs, err := Generate(Options{Seed: 7, CodeFilter: []string{"805", "330", "208", "873", "940", "201"}})
	if err != nil {
		t.Fatal(err)
	}
	set := y2025.Set()
	for _, c := range cs {
		rep := rules.BuildReport(set, rules.Run(set, c.Return), c.Return)
		for _, b := range rep.Broken {
			t.Errorf("%s: rule %s: %v", c.Name, b.Code, b.Err)
		}
		counts := map[string]int{}
		shown := map[string]int{}
		for _, f := range rep.Findings {
			counts[f.Rule]++
			if shown[f.Rule] < 3 {
				shown[f.Rule]++
				t.Errorf("%s: %s %s: %s row %d child %s%s", c.Name, f.Kind, f.Rule, f.Table, f.Index, f.Child, dumpChild(c.Return, f.Child))
			}
		}
		var codes []string
		for k := range counts {
			codes = append(codes, k)
		}
		sort.Strings(codes)
		for _, k := range codes {
			t.Logf("%s: rule %s fired %d times", c.Name, k, counts[k])
		}
	}
}

// TestNationalCleanYear checks every council's clean census (skipped in
// -short mode).
func TestNationalCleanYear(t *testing.T) {
	if testing.Short() {
		t.Skip("national year is slow")
	}
	set := y2025.Set()
	counts := map[string]int{}
	for _, c := range nationalYear(t) {
		for _, res := range rules.Run(set, c.Return) {
			if res.Err != nil {
				t.Errorf("%s: %v", c.Name, res.Err)
			}
			if len(res.Hits) == 0 {
				continue
			}
			counts[res.Code] += len(res.Hits)
			if counts[res.Code] == len(res.Hits) {
				child := hitChild(c.Return, res.Hits[0])
				t.Errorf("%s: rule %s: %s row %d child %s%s", c.Name, res.Code, res.Hits[0].Table, res.Hits[0].Row, child, dumpChild(c.Return, child))
			}
		}
	}
	var codes []string
	for k := range counts {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	for _, code := range codes {
		t.Logf("rule %s fired %d times", code, counts[code])
	}
}
