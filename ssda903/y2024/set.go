// Package y2024 is the SSDA903 rule set for the 2024/25 collection: every
// rule DfE lists, each declared once in a file of its own range
// (rules_1xx.go …) with its tests beside it. A 2025/26 package will build
// its set on this one with rules.Add and rules.Delete.
package y2024

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strings"
	"sync"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/rulekit"
)

// The 2024/25 rule list as DfE publishes it (through the open-source
// validator, MIT licence): code, message, affected fields, tables.
//
//go:embed 903_2024_25_rule_info.csv
var infoCSV string

// Rule is a rule over an SSDA903 return.
type Rule = rules.Rule[*ssda903.Return]

// Check finds the rows a rule faults.
type Check = func(r *ssda903.Return) []rules.Hit

var (
	checks = map[string]Check{}
	needs  = map[string][]string{}
	once   sync.Once
	set    *rules.Set[*ssda903.Return]
	info   map[string]*Rule
	order  []string
)

// declare registers a rule's check. Its message, fields and tables come
// from DfE's list, so they are written once. Used as `var _ = declare(...)`.
func declare(code string, c Check) bool {
	if _, dup := checks[code]; dup {
		panic("rule declared twice: " + code)
	}
	checks[code] = c
	return true
}

// declareNeeding registers a check that cannot run without reference data
// (ssda903.NeedPostcodes, ssda903.NeedProviders): where the council did not
// supply it, the rule is reported as not checked.
func declareNeeding(code string, need []string, c Check) bool {
	needs[code] = need
	return declare(code, c)
}

// Info returns DfE's description of every 2024/25 rule, in code order,
// implemented or not.
func Info() []*Rule {
	load()
	out := make([]*Rule, len(order))
	for i, c := range order {
		out[i] = info[c]
	}
	return out
}

func load() {
	once.Do(func() {
		rows, err := csv.NewReader(strings.NewReader(infoCSV)).ReadAll()
		if err != nil {
			panic(err)
		}
		info = map[string]*Rule{}
		var adds []rules.Change[*ssda903.Return]
		for _, row := range rows[1:] {
			r := &Rule{Code: row[0], Message: row[1], Fields: pyList(row[2]), Tables: pyList(row[3]), Kind: "error"}
			info[r.Code] = r
			order = append(order, r.Code)
			if c, ok := checks[r.Code]; ok {
				r.Check, r.Needs = c, needs[r.Code]
				adds = append(adds, rules.Add(r))
			}
		}
		for code := range checks {
			if info[code] == nil {
				panic(fmt.Sprintf("rule %s is implemented but not in DfE's 2024/25 list", code))
			}
		}
		set = rules.NewSet("2024/25", nil, adds...)
	})
}

// Set is the 2024/25 rule set: every implemented rule.
func Set() *rules.Set[*ssda903.Return] {
	load()
	return set
}

// Pending lists the codes in DfE's list that have no check yet, with why.
func Pending() map[string]string { return pending }

// pyList reads the list notation of the published rule list: ['A', 'B'].
func pyList(s string) []string {
	s = strings.Trim(strings.TrimSpace(s), "[]")
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.Trim(strings.TrimSpace(p), `'"`); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var pending = map[string]string{}

// pend adds codes to the pending list; each range of rules keeps its own
// pending file so rules can be written in parallel.
func pend(m map[string]string) bool {
	for k, v := range m {
		pending[k] = v
	}
	return true
}

// Helpers every year's rules share.
var (
	rowsWhere = rulekit.RowsWhere
	codeSet   = rulekit.CodeSet
)
