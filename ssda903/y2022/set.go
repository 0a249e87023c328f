// Package y2022 is the SSDA903 rule set for the 2022/23 collection (Year
// 2023), declared backwards from the 2023/24 set (y2023): the 2022/23
// versions of the rules 2023/24 changed, less the rules 2023/24 introduced
// (among them every social worker rule, as the SWEpisodes table began in
// 2023/24). Nothing is copied: a rule unchanged is y2023's, and through it
// y2024's.
//
// The differences come from DfE's rule definitions as the open-source
// validator (data-to-insight/csc-validator-be-903, MIT licence) keeps them:
// lac_validator/rules/lac2023_24/ against lac2022_23/. It has no older sets,
// so neither has Sightline.
package y2022

import (
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/rulekit"
	"github.com/sightline-uk/sightline/ssda903/y2023"
)

// rule is a rule over an SSDA903 return.
type rule = rules.Rule[*ssda903.Return]

// check finds the rows a rule faults.
type check = func(r *ssda903.Return) []rules.Hit

// restored are the 2022/23 versions of the rules 2023/24 changed, declared
// in rules.go. 2023/24 deleted no 2022/23 rule. (218 changed in 2023/24
// only in the placements it exempts.)
var restored = []*rule{rule218, rule222, rule370, rule371}

// introduced are the rules new in 2023/24, which 2022/23 did not have.
var introduced = []string{"1016", "217t", "230", "347",
	"SW01STG1", "SW02STG1", "SW03STG1", "SW04STG1", "SW05STG1", "SW06STG2", "SW07STG2",
	"SW09STG2", "SW108STG2", "SW10STG2", "SW11STG2", "SW12STG2", "SW13STG1", "SW14STG2"}

// checks maps each restored rule's code to its check, for the tests.
var checks = rulekit.Checks(restored)

// Set is the 2022/23 rule set: the 2023/24 set with 2022/23's versions
// restored and 2023/24's new rules deleted.
var Set = rulekit.Backwards("2022/23", y2023.Set, restored, introduced)

// Helpers every year's rules share.
var (
	rowsWhere = rulekit.RowsWhere
	codeSet   = rulekit.CodeSet
)
