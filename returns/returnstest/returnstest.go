// Package returnstest builds small return tables from CSV text for the
// rule sets' tests, so a test shows only the columns and rows it is about.
package returnstest

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/returns"
)

// Tables builds tables from CSV text keyed by table name; each text starts
// with its header row. Cells are trimmed, so tests may align columns, and
// each row's line is its CSV line number, as a loaded file's would be.
func Tables(t testing.TB, src map[string]string) map[string]*returns.Table {
	t.Helper()
	out := make(map[string]*returns.Table, len(src))
	for name, text := range src {
		rows, err := csv.NewReader(strings.NewReader(strings.TrimSpace(text))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tab := &returns.Table{Name: name, Columns: rows[0]}
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
