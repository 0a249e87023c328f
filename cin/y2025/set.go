// Package y2025 is the CIN census rule set: every rule in DfE's latest list
// (109 codes, the newest version of each from the 2022/23 to 2025/26 rule
// sets), each declared once in the file for its range with its tests
// beside it. A later year's package builds on this one with rules.Add and
// rules.Delete.
package y2025

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strings"
	"sync"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/rules"
)

// DfE's CIN census rules as the open-source validator publishes them (MIT
// licence): code, rule set, table, ERROR or QUERY, message, fields.
//
//go:embed cin_rules_latest.csv
var infoCSV string

// Rule is a rule over a CIN census return.
type Rule = rules.Rule[*cin.Return]

// Check finds the rows a rule faults.
type Check = func(r *cin.Return) []rules.Hit

var (
	checks  = map[string]Check{}
	pending = map[string]string{}
	once    sync.Once
	set     *rules.Set[*cin.Return]
	info    map[string]*Rule
	order   []string
)

// declare registers a rule's check; its message, fields, table and kind
// (error or query) come from DfE's list.
func declare(code string, c Check) bool {
	if _, dup := checks[code]; dup {
		panic("rule declared twice: " + code)
	}
	checks[code] = c
	return true
}

// pend lists codes without a check yet, with why; each range keeps its own
// pending file so rules can be written in parallel.
func pend(m map[string]string) bool {
	for k, v := range m {
		pending[k] = v
	}
	return true
}

func load() {
	once.Do(func() {
		rows, err := csv.NewReader(strings.NewReader(infoCSV)).ReadAll()
		if err != nil {
			panic(err)
		}
		info = map[string]*Rule{}
		var adds []rules.Change[*cin.Return]
		for _, row := range rows[1:] {
			kind := "error"
			if strings.EqualFold(row[3], "QUERY") {
				kind = "query"
			}
			r := &Rule{Code: row[0], Message: row[4], Fields: splitFields(row[5]), Tables: []string{row[2]}, Kind: kind}
			info[r.Code] = r
			order = append(order, r.Code)
			if c, ok := checks[r.Code]; ok {
				r.Check = c
				adds = append(adds, rules.Add(r))
			}
		}
		for code := range checks {
			if info[code] == nil {
				panic(fmt.Sprintf("rule %s is implemented but not in DfE's list", code))
			}
		}
		set = rules.NewSet("CIN 2025/26", nil, adds...)
	})
}

// Info returns DfE's description of every rule, implemented or not.
func Info() []*Rule {
	load()
	out := make([]*Rule, len(order))
	for i, c := range order {
		out[i] = info[c]
	}
	return out
}

// Set is the rule set: every implemented rule.
func Set() *rules.Set[*cin.Return] {
	load()
	return set
}

// Pending lists the codes with no check yet, with why.
func Pending() map[string]string { return pending }

func splitFields(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// rowsWhere returns a hit for every row of t for which f holds.
func rowsWhere(t *cin.Table, f func(i int) bool) []rules.Hit {
	var h []rules.Hit
	for i := 0; i < t.Len(); i++ {
		if f(i) {
			h = append(h, rules.Hit{Table: t.Name, Row: i})
		}
	}
	return h
}
