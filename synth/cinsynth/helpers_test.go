package cinsynth

import (
	"fmt"
	"strings"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/rules"
)

// dumpChild renders a child's rows in every table, for failure messages.
func dumpChild(ret *cin.Return, child string) string {
	var b strings.Builder
	for _, name := range cin.TableNames {
		t := ret.Tables[name]
		if t == nil || name == cin.Header {
			continue
		}
		for i := range t.Rows {
			if t.Rows[i][0] == child {
				fmt.Fprintf(&b, "\n      %s[%d]: %s", name, i, strings.Join(t.Rows[i], ","))
			}
		}
	}
	return b.String()
}

// freshCopy is a return with new tables over the same rows, so that no
// parsed dates or derived views carry over between validation runs.
func freshCopy(r *cin.Return) *cin.Return {
	out := &cin.Return{Year: r.Year, LA: r.LA, File: r.File, Tables: map[string]*cin.Table{}}
	for name, t := range r.Tables {
		out.Tables[name] = &cin.Table{Name: t.Name, File: t.File, Columns: t.Columns, Rows: t.Rows, Lines: t.Lines, Key: t.Key, Layouts: t.Layouts}
	}
	return out
}

// hitChild names the child a hit is on ("" for the header).
func hitChild(ret *cin.Return, h rules.Hit) string {
	_, _, child := ret.Locate(h.Table, h.Row)
	return child
}
