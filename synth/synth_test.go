package synth

import (
	"sort"
	"testing"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903/y2024"
)

func TestCleanReturnsPassEveryRule(t *testing.T) {
	cs, err := Generate903(Options{Seed: 7, CodeFilter: []string{"805", "330", "208", "873", "940"}})
	if err != nil {
		t.Fatal(err)
	}
	set := y2024.Set()
	for _, c := range cs {
		rep := rules.BuildReport(set, rules.Run(set, c.Return), c.Return)
		for _, b := range rep.Broken {
			t.Errorf("%s: %v", c.Name, b.Err)
		}
		counts := map[string]int{}
		shown := map[string]int{}
		for _, f := range rep.Findings {
			counts[f.Rule]++
			if shown[f.Rule] < 3 {
				shown[f.Rule]++
				t.Errorf("%s: rule %s: %s row %d child %s%s", c.Name, f.Rule, f.Table, f.Row, f.Child, dumpChild(c.Return, f.Child))
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
		t.Logf("%s: %+v", c.Name, c.Stats)
	}
}

// TestNationalCleanYear checks every council's clean return (skipped in
// -short mode).
func TestNationalCleanYear(t *testing.T) {
	if testing.Short() {
		t.Skip("national year is slow")
	}
	set := y2024.Set()
	counts := map[string]int{}
	for _, c := range nationalYear(t) {
		for _, res := range rules.Run(set, c.Return) {
			if res.Err != nil {
				t.Errorf("%s: %v", c.Name, res.Err)
			}
			if len(res.Hits) == 0 {
				continue
			}
			if counts[res.Code] == 0 {
				h := res.Hits[0]
				_, _, child := c.Return.Locate(h.Table, h.Row)
				t.Errorf("%s: rule %s: %s row %d child %s%s", c.Name, res.Code, h.Table, h.Row, child, dumpChild(c.Return, child))
			}
			counts[res.Code] += len(res.Hits)
		}
	}
	for code, n := range counts {
		t.Logf("rule %s fired %d times", code, n)
	}
}
