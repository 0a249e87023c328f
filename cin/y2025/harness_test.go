package y2025

import (
	"encoding/csv"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/cin"
)

// ret builds a return for the census year ending 31 March 2025 (Year 2025)
// from CSV text keyed by table name; each text starts with its header row
// (only the columns a test needs). Dates are yyyy-mm-dd, as in the XML.
func ret(t *testing.T, src map[string]string) *cin.Return {
	t.Helper()
	r := &cin.Return{Year: 2025, LA: "201", File: "test.xml", Tables: map[string]*cin.Table{}}
	for name, text := range src {
		rows, err := csv.NewReader(strings.NewReader(strings.TrimSpace(text))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tab := &cin.Table{Name: name, Columns: rows[0], Key: "LAchildID", Layouts: cin.Layouts}
		for i, row := range rows[1:] {
			for j := range row {
				row[j] = strings.TrimSpace(row[j])
			}
			tab.Rows = append(tab.Rows, row)
			tab.Lines = append(tab.Lines, i+2)
		}
		r.Tables[name] = tab
	}
	return r
}

// expect runs one rule and compares the rows it faults, by table.
func expect(t *testing.T, code string, r *cin.Return, want map[string][]int) {
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
		sort.Ints(got[k])
		got[k] = uniq(got[k])
	}
	if want == nil {
		want = map[string][]int{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rule %s faulted %v, want %v", code, got, want)
	}
}

func uniq(s []int) []int {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
