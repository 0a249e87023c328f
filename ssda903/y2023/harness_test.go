package y2023

import (
	"testing"

	"github.com/sightline-uk/sightline/returns/returnstest"
	"github.com/sightline-uk/sightline/rules/ruletest"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/onspd"
)

// ret makes a 2023/24 return (Year 2024) from current tables, given as CSV
// text keyed by table name (only the columns a test needs).
func ret(t *testing.T, cur map[string]string) *ssda903.Return {
	t.Helper()
	return &ssda903.Return{Year: 2024, LA: "330", Tables: returnstest.Tables(t, cur), Last: map[string]*ssda903.Table{}}
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

// withPostcodes gives a return a small postcode directory: Birmingham
// (LA 330), Cardiff and Edinburgh.
func withPostcodes(t *testing.T, r *ssda903.Return) *ssda903.Return {
	t.Helper()
	d, err := onspd.FromRows([]onspd.Row{
		{Postcode: "B1 1BB", East: 406700, North: 286700, District: "E08000025"},
		{Postcode: "CF10 1EP", East: 318396, North: 176276, District: "W06000015"},
		{Postcode: "EH1 1YZ", East: 325792, North: 673732, District: "S12000036"},
	})
	if err != nil {
		t.Fatal(err)
	}
	r.PostcodeDirectory = d
	return r
}
