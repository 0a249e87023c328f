package synth

import (
	"fmt"
	"strings"

	"github.com/sightline-uk/sightline/ssda903"
)

// dumpChild renders a child's rows in every table, for failure messages.
func dumpChild(ret *ssda903.Return, child string) string {
	var b strings.Builder
	for _, m := range []map[string]*ssda903.Table{ret.Tables, ret.Last} {
		for _, name := range ssda903.TableNames {
			t := m[name]
			if t == nil {
				continue
			}
			for i := range t.Rows {
				if t.Rows[i][0] == child {
					fmt.Fprintf(&b, "\n      %s[%d]: %s", t.Name, i, strings.Join(t.Rows[i], ","))
				}
			}
		}
	}
	return b.String()
}

// freshCopy is a return with new tables over the same rows, so that no
// parsed dates or indexes carry over between validation runs.
func freshCopy(r *ssda903.Return) *ssda903.Return {
	out := &ssda903.Return{Year: r.Year, LA: r.LA, Tables: map[string]*ssda903.Table{}, Last: map[string]*ssda903.Table{}}
	for name, t := range r.Tables {
		out.Tables[name] = &ssda903.Table{Name: t.Name, File: t.File, Columns: t.Columns, Rows: t.Rows, Lines: t.Lines}
	}
	for name, t := range r.Last {
		out.Last[name] = &ssda903.Table{Name: t.Name, File: t.File, Columns: t.Columns, Rows: t.Rows, Lines: t.Lines}
	}
	return out
}
