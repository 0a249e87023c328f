package cinsynth

import (
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/cin/y2025"
	"github.com/sightline-uk/sightline/rules"
)

// TestPlantedErrorsAreReported plants one error for every plantable rule
// in the rule set (two for a few) into a large council's census, writes it
// as XML and reads it back, and checks that each planted row is reported
// by its rule, and that every finding is on a child given an error for
// that rule (or for one whose planting necessarily breaks it too): nothing
// else fires.
func TestPlantedErrorsAreReported(t *testing.T) {
	set := y2025.Set()
	want := map[string]int{}
	for _, code := range PlantableCodes() {
		if set.Rule(code) != nil {
			want[code] = 1
		}
	}
	for _, code := range []string{"1103", "8610", "8866", "8905"} {
		if want[code] > 0 {
			want[code] = 2
		}
	}
	if len(want) < 30 {
		t.Fatalf("only %d plantable rules are implemented", len(want))
	}
	cs, err := Generate(Options{Seed: 11, CodeFilter: []string{"330"}, Plant: want})
	if err != nil {
		t.Fatal(err)
	}
	c := cs[0]
	total := 0
	for _, n := range want {
		total += n
	}
	if len(c.Planted) != total {
		t.Errorf("planted %d errors, asked for %d", len(c.Planted), total)
	}
	ret, err := cin.Read(c.Return.File, c.XML())
	if err != nil {
		t.Fatal(err)
	}
	// rows: rule → planted "table:row"; children: rule → children it may fault.
	rows := map[string]map[string]bool{}
	children := map[string]map[string]bool{}
	note := func(code, child string) {
		if children[code] == nil {
			children[code] = map[string]bool{}
		}
		children[code][child] = true
	}
	for _, p := range c.Planted {
		if rows[p.Code] == nil {
			rows[p.Code] = map[string]bool{}
		}
		rows[p.Code][fmt.Sprintf("%s:%d", p.Table, p.Row)] = true
		for _, code := range append([]string{p.Code}, p.Also...) {
			note(code, p.Child)
			for _, o := range p.Others {
				note(code, o)
			}
		}
	}
	got := map[string]map[string]bool{}
	unexpected := map[string][]string{}
	for _, res := range rules.Run(set, ret) {
		if res.Err != nil {
			t.Errorf("rule %s: %v", res.Code, res.Err)
		}
		for _, h := range res.Hits {
			if got[res.Code] == nil {
				got[res.Code] = map[string]bool{}
			}
			got[res.Code][fmt.Sprintf("%s:%d", h.Table, h.Row)] = true
			if child := hitChild(ret, h); !children[res.Code][child] && !slices.Contains(unexpected[res.Code], child) {
				unexpected[res.Code] = append(unexpected[res.Code], child)
			}
		}
	}
	var codes []string
	for code := range rows {
		codes = append(codes, code)
	}
	for code := range unexpected {
		if rows[code] == nil {
			codes = append(codes, code)
		}
	}
	sort.Slice(codes, func(i, j int) bool { return rules.CodeLess(codes[i], codes[j]) })
	found := 0
	for _, code := range codes {
		for k := range rows[code] {
			if got[code][k] {
				found++
			} else {
				t.Errorf("rule %s: planted error at %s not reported", code, k)
			}
		}
		for i, child := range unexpected[code] {
			if i == 3 {
				t.Errorf("rule %s: … %d children in all", code, len(unexpected[code]))
				break
			}
			t.Errorf("rule %s: unexpected finding on child %q%s", code, child, dumpChild(ret, child))
		}
	}
	t.Logf("planted %d errors for %d rules; %d reported where planted", len(c.Planted), len(want), found)
}
