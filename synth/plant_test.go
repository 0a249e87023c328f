package synth

import (
	"fmt"
	"sort"
	"testing"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903/y2024"
)

// TestPlantedErrorsAreReported plants one error for every plantable rule
// in the rule set (two for a few) into a large council's return, and
// checks that the report has exactly the planted rows for those rules
// (and for the rules each planting necessarily breaks too), and nothing
// from any other rule.
func TestPlantedErrorsAreReported(t *testing.T) {
	set := y2024.Set()
	want := map[string]int{}
	for _, code := range PlantableCodes() {
		if set.Rule(code) != nil {
			want[code] = 1
		}
	}
	for _, code := range []string{"101", "143", "440", "SW02STG1"} {
		if want[code] > 0 {
			want[code] = 2
		}
	}
	if len(want) < 40 {
		t.Fatalf("only %d plantable rules are implemented", len(want))
	}
	cs, err := Generate903(Options{Seed: 11, CodeFilter: []string{"330"}, Plant: want})
	if err != nil {
		t.Fatal(err)
	}
	c := cs[0]
	expected := map[string]map[string]bool{} // rule → "table:row"
	for _, p := range c.Planted {
		for _, code := range append([]string{p.Code}, p.Also...) {
			if expected[code] == nil {
				expected[code] = map[string]bool{}
			}
			expected[code][fmt.Sprintf("%s:%d", p.Table, p.Row)] = true
		}
	}
	total := 0
	for _, n := range want {
		total += n
	}
	if len(c.Planted) != total {
		t.Errorf("planted %d errors, asked for %d", len(c.Planted), total)
	}
	got := map[string]map[string]bool{}
	for _, res := range rules.Run(set, c.Return) {
		if res.Err != nil {
			t.Errorf("rule %s: %v", res.Code, res.Err)
		}
		for _, h := range res.Hits {
			if got[res.Code] == nil {
				got[res.Code] = map[string]bool{}
			}
			got[res.Code][fmt.Sprintf("%s:%d", h.Table, h.Row)] = true
		}
	}
	var codes []string
	for code := range got {
		codes = append(codes, code)
	}
	for code := range expected {
		if got[code] == nil {
			codes = append(codes, code)
		}
	}
	sort.Slice(codes, func(i, j int) bool { return rules.CodeLess(codes[i], codes[j]) })
	for _, code := range codes {
		for k := range expected[code] {
			if !got[code][k] {
				t.Errorf("rule %s: planted error at %s not reported", code, k)
			}
		}
		for k := range got[code] {
			if !expected[code][k] {
				var tb string
				var row int
				fmt.Sscanf(k, "%s", &tb)
				_, _ = tb, row
				t.Errorf("rule %s: unexpected finding at %s%s", code, k, dumpHit(c, k))
			}
		}
	}
	t.Logf("planted %d errors for %d rules", len(c.Planted), len(want))
}

func dumpHit(c Council903, k string) string {
	var table string
	var row int
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] == ':' {
			table = k[:i]
			fmt.Sscanf(k[i+1:], "%d", &row)
			break
		}
	}
	_, _, child := c.Return.Locate(table, row)
	return dumpChild(c.Return, child)
}
