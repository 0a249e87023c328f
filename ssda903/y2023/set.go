// Package y2023 is the SSDA903 rule set for the 2023/24 collection (Year
// 2024), declared backwards from the maintained 2024/25 set: y2024's rules
// plus the 2023/24 versions of the rules 2024/25 changed, the rules 2024/25
// deleted, and less the rules 2024/25 introduced. Nothing is copied: a rule
// unchanged between the years is y2024's own.
//
// The differences come from DfE's rule definitions as the open-source
// validator (data-to-insight/csc-validator-be-903, MIT licence) keeps them:
// lac_validator/rules/lac2024_25/ against lac2023_24/ and lac2022_23/, and
// its 2023/24 and 2024/25 rule lists.
package y2023

import (
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/rulekit"
	"github.com/sightline-uk/sightline/ssda903/y2024"
)

// rule is a rule over an SSDA903 return.
type rule = rules.Rule[*ssda903.Return]

// check finds the rows a rule faults.
type check = func(r *ssda903.Return) []rules.Hit

// restored are the 2023/24 rules this set puts back on top of 2024/25's:
// the 2023/24 version of every rule 2024/25 changed, and the rules 2024/25
// deleted. Each is declared in rules.go.
var restored = []*rule{
	rule101, rule146, rule165, rule174, rule217t, rule221, rule222, rule370, rule371, rule393,
	rule503D, rule557, rule607, rule612,
	ruleSW01STG1, ruleSW07STG2, ruleSW10STG2, ruleSW13STG1, rule230,
}

// introduced are the rules new in 2024/25, which 2023/24 did not have.
var introduced = []string{"SW15STG2", "SW16aSTG2", "SW16bSTG2", "SW16cSTG2"}

// checks maps each restored rule's code to its check, for the tests.
var checks = rulekit.Checks(restored)

// Set is the 2023/24 rule set: the 2024/25 set with 2023/24's versions
// restored and 2024/25's new rules deleted.
var Set = rulekit.Backwards("2023/24", y2024.Set, restored, introduced)

// provided reports whether the return includes every named table, for
// rules that compare tables: without one there is nothing to compare.
func provided(r *ssda903.Return, names ...string) bool {
	for _, n := range names {
		if r.Tables[n] == nil {
			return false
		}
	}
	return true
}

// Helpers every year's rules share.
var (
	rowsWhere = rulekit.RowsWhere
	codeSet   = rulekit.CodeSet
)
