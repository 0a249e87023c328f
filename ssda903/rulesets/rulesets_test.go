package rulesets

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/y2024"
)

func TestForYear(t *testing.T) {
	for _, c := range []struct {
		year      int
		set, note string
	}{
		{2030, "2024/25", NoteNewer},
		{2026, "2024/25", NoteNewer},
		{2025, "2024/25", ""},
		{2024, "2023/24", ""},
		{2023, "2022/23", ""},
		{2022, "2022/23", NoteOlder},
		{2018, "2022/23", NoteOlder},
	} {
		s, note := ForYear(c.year)
		if s == nil || s.Year != c.set || note != c.note {
			t.Errorf("ForYear(%d) = %v, %q; want %s, %q", c.year, s, note, c.set, c.note)
		}
	}
	if s, _ := ForYear(2025); s != y2024.Set() {
		t.Error("ForYear(2025) is not y2024's set")
	}
}

// fakeReturn reads the team's fake 2017/18 return (its CSV tables; the XML
// file beside them is a different, smaller return).
func fakeReturn(t *testing.T) *ssda903.Return {
	t.Helper()
	dir := filepath.Join("..", "testdata", "fake_2017")
	paths, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fake return in %s: %v", dir, err)
	}
	var files []ssda903.File
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, ssda903.File{Name: filepath.Base(p), Data: data})
	}
	r, err := ssda903.ReadFiles(2018, "", files)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// hitsOf is the Header rows a rule faults in a set.
func hitsOf(t *testing.T, s *rules.Set[*ssda903.Return], code string, r *ssda903.Return) []int {
	t.Helper()
	rule := s.Rule(code)
	if rule == nil {
		t.Fatalf("set %s has no rule %s", s.Year, code)
	}
	var rows []int
	for _, h := range rule.Check(r) {
		rows = append(rows, h.Row)
	}
	return rows
}

func TestFake2017ReturnWithItsYearsRules(t *testing.T) {
	r := fakeReturn(t)
	set, note := ForYear(r.Year)
	if set.Year != "2022/23" || note != NoteOlder {
		t.Fatalf("2017/18 is checked with %s (%q)", set.Year, note)
	}
	t.Logf("2017/18 fake return, %d children: %s rules (%s)", r.T(ssda903.Header).Len(), set.Year, note)

	// Rule 101: the return's sex codes are 1 and 2, valid before 2024/25.
	h := r.T(ssda903.Header)
	ones := 0
	for i := 0; i < h.Len(); i++ {
		if slices.Contains([]string{"1", "2"}, h.Str(i, "SEX")) {
			ones++
		}
	}
	if ones == 0 {
		t.Fatal("the fake return has no sex coded 1 or 2")
	}
	for _, i := range hitsOf(t, set, "101", r) {
		if s := h.Str(i, "SEX"); s == "1" || s == "2" {
			t.Errorf("rule 101 faults child %s's sex %q", h.Str(i, "CHILD"), s)
		}
	}
	if n := len(hitsOf(t, y2024.Set(), "101", r)); n < ones {
		t.Errorf("2024/25's rule 101 faults %d children, want the %d coded 1 or 2", n, ones)
	}

	total := 0
	for _, res := range rules.Run(set, r) {
		if res.Err != nil {
			t.Errorf("%v", res.Err)
		}
		if len(res.Hits) > 0 {
			t.Logf("%-9s %5d", res.Code, len(res.Hits))
			total += len(res.Hits)
		}
	}
	t.Logf("%d findings", total)
}
