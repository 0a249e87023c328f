package y2024

import (
	"testing"

	"github.com/sightline-uk/sightline/returns/returnstest"
	"github.com/sightline-uk/sightline/rules/ruletest"
	"github.com/sightline-uk/sightline/ssda903"
)

// ret makes a 2024/25 return (Year 2025) from current tables, given as CSV
// text keyed by table name (only the columns a test needs).
func ret(t *testing.T, cur map[string]string) *ssda903.Return {
	t.Helper()
	return &ssda903.Return{Year: 2025, LA: "330", Tables: returnstest.Tables(t, cur), Last: map[string]*ssda903.Table{}}
}

// ret2 makes a return with the previous year's tables too.
func ret2(t *testing.T, cur, last map[string]string) *ssda903.Return {
	t.Helper()
	r := ret(t, cur)
	r.Last = returnstest.Tables(t, last)
	for name, tab := range r.Last {
		tab.Name = name + "_last"
	}
	return r
}

// expect runs one rule and compares the rows it faults, by table, with
// want. Rows are 0-based indices into each table's data rows.
func expect(t *testing.T, code string, r *ssda903.Return, want map[string][]int) {
	t.Helper()
	ruletest.Expect(t, checks, code, r, want)
}
