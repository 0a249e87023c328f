package y2022

import (
	"encoding/csv"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// tables builds tables from CSV text keyed by table name; each text starts
// with its header row (only the columns a test needs).
func tables(t *testing.T, src map[string]string) map[string]*ssda903.Table {
	t.Helper()
	out := map[string]*ssda903.Table{}
	for name, text := range src {
		rows, err := csv.NewReader(strings.NewReader(strings.TrimSpace(text))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tab := &ssda903.Table{Name: name, Columns: rows[0]}
		for i, r := range rows[1:] {
			for j := range r {
				r[j] = strings.TrimSpace(r[j])
			}
			tab.Rows = append(tab.Rows, r)
			tab.Lines = append(tab.Lines, i+2)
		}
		out[name] = tab
	}
	return out
}

// ret makes a 2022/23 return (Year 2023) from current tables.
func ret(t *testing.T, cur map[string]string) *ssda903.Return {
	t.Helper()
	return &ssda903.Return{Year: 2023, LA: "330", Tables: tables(t, cur), Last: map[string]*ssda903.Table{}}
}

// ret2 makes a return with the previous year's tables too.
func ret2(t *testing.T, cur, last map[string]string) *ssda903.Return {
	t.Helper()
	r := ret(t, cur)
	r.Last = tables(t, last)
	for name, tab := range r.Last {
		tab.Name = name + "_last"
	}
	return r
}

// expect runs one rule and compares the rows it faults, by table, with
// want. Rows are 0-based indices into each table's data rows.
func expect(t *testing.T, code string, r *ssda903.Return, want map[string][]int) {
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

var _ = rules.Hit{}
