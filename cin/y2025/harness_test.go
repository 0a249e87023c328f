package y2025

import (
	"testing"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/returns/returnstest"
	"github.com/sightline-uk/sightline/rules/ruletest"
)

// ret builds a return for the census year ending 31 March 2025 (Year 2025)
// from CSV text keyed by table name; each text starts with its header row
// (only the columns a test needs). Dates are yyyy-mm-dd, as in the XML.
func ret(t *testing.T, src map[string]string) *cin.Return {
	t.Helper()
	tabs := returnstest.Tables(t, src)
	for _, tab := range tabs {
		tab.Key, tab.Layouts = "LAchildID", cin.Layouts
	}
	return &cin.Return{Year: 2025, LA: "201", File: "test.xml", Tables: tabs}
}

// expect runs one rule and compares the rows it faults, by table.
func expect(t *testing.T, code string, r *cin.Return, want map[string][]int) {
	t.Helper()
	ruletest.Expect(t, checks, code, r, want)
}
