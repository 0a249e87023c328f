// Package rulekit holds the small pieces every year's SSDA903 rule set is
// written with, so that a year's package declares only what is its own.
package rulekit

import (
	"sync"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
)

// Rule is a rule over an SSDA903 return.
type Rule = rules.Rule[*ssda903.Return]

// Set is a year's rule set over SSDA903 returns.
type Set = rules.Set[*ssda903.Return]

// RowsWhere returns a hit for every row of t for which f holds.
func RowsWhere(t *ssda903.Table, f func(i int) bool) []rules.Hit {
	var h []rules.Hit
	for i := 0; i < t.Len(); i++ {
		if f(i) {
			h = append(h, rules.Hit{Table: t.Name, Row: i})
		}
	}
	return h
}

// CodeSet builds a lookup of codes.
func CodeSet(codes ...string) map[string]bool {
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		m[c] = true
	}
	return m
}

// Backwards declares an older year's set on a newer one: the older year's
// versions of the rules the newer year changed (or deleted) are added back,
// and the rules the newer year introduced are deleted. The set is built
// once, on first use, because the newer set may itself be built lazily.
func Backwards(year string, newer func() *Set, restored []*Rule, introduced []string) func() *Set {
	var once sync.Once
	var set *Set
	return func() *Set {
		once.Do(func() {
			var changes []rules.Change[*ssda903.Return]
			for _, r := range restored {
				changes = append(changes, rules.Add(r))
			}
			for _, code := range introduced {
				changes = append(changes, rules.Delete[*ssda903.Return](code))
			}
			set = rules.NewSet(year, newer(), changes...)
		})
		return set
	}
}

// Checks maps rules' codes to their checks, for tests.
func Checks(rs []*Rule) map[string]func(*ssda903.Return) []rules.Hit {
	m := make(map[string]func(*ssda903.Return) []rules.Hit, len(rs))
	for _, r := range rs {
		m[r.Code] = r.Check
	}
	return m
}

// TooYoungAtStart faults episodes of a placement type that began before the
// child (by the first valid date of birth in the Header) was minAge: the
// minimum-age rules for independent and semi-independent living, whose ages
// change between years.
func TooYoungAtStart(r *ssda903.Return, place string, minAge int) []rules.Hit {
	e, h := r.T(ssda903.Episodes), r.T(ssda903.Header)
	decom, dobs, heads := e.DateColumn("DECOM"), h.DateColumn("DOB"), h.ByChild()
	return RowsWhere(e, func(i int) bool {
		if e.Str(i, "PLACE") != place || !decom[i].OK {
			return false
		}
		for _, j := range heads[e.Str(i, "CHILD")] {
			if dobs[j].OK {
				return ssda903.Age(dobs[j].Time, decom[i].Time) < minAge
			}
		}
		return false
	})
}
