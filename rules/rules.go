// Package rules is the validation engine shared by every statutory return
// (SSDA903, CIN census): a rule is a code, a message, the fields and tables
// it concerns, and a check; a rule set is one collection year's rules,
// declared as the previous year's set plus additions, modifications and
// deletions, so a new year never copies the last.
package rules

import (
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Hit is one row a rule found at fault: the table and the row's index in it.
type Hit struct {
	Table string
	Row   int
}

// Rule is one validation rule over a return of type D.
type Rule[D any] struct {
	Code    string
	Message string
	Fields  []string // affected fields, as DfE lists them
	Tables  []string // tables the rule reads
	// Kind is "error" unless the return distinguishes queries (CIN).
	Kind string
	// Needs names reference data the rule cannot run without (such as
	// "postcodes" or "providers"). Where the data was not supplied the rule
	// is skipped and reported as not checked, never silently passed.
	Needs []string
	Check func(d D) []Hit
}

// Supplier is a return that can say which reference data came with it.
type Supplier interface {
	Supplied(need string) bool
}

// Change edits a rule set for a new collection year.
type Change[D any] struct {
	add    *Rule[D]
	delete string
}

// Add introduces a rule, or replaces the previous year's rule of the same
// code (a modified rule).
func Add[D any](r *Rule[D]) Change[D] { return Change[D]{add: r} }

// Delete removes a rule the new year no longer has.
func Delete[D any](code string) Change[D] { return Change[D]{delete: code} }

// Set is one collection year's rules.
type Set[D any] struct {
	Year  string
	rules map[string]*Rule[D]
}

// NewSet builds a year's set on top of base (nil for the first year).
// It panics on a malformed change: rule sets are declared in code and
// tested, so a bad declaration is a programming error.
func NewSet[D any](year string, base *Set[D], changes ...Change[D]) *Set[D] {
	s := &Set[D]{Year: year, rules: map[string]*Rule[D]{}}
	if base != nil {
		for k, v := range base.rules {
			s.rules[k] = v
		}
	}
	for _, c := range changes {
		switch {
		case c.add != nil:
			if c.add.Code == "" || c.add.Check == nil {
				panic(fmt.Sprintf("rule set %s: rule %q needs a code and a check", year, c.add.Code))
			}
			s.rules[c.add.Code] = c.add
		case c.delete != "":
			if _, ok := s.rules[c.delete]; !ok {
				panic(fmt.Sprintf("rule set %s: cannot delete unknown rule %s", year, c.delete))
			}
			delete(s.rules, c.delete)
		}
	}
	return s
}

// Rule returns the rule with a code, or nil.
func (s *Set[D]) Rule(code string) *Rule[D] { return s.rules[code] }

// Rules lists the set's rules in code order (numeric part first).
func (s *Set[D]) Rules() []*Rule[D] {
	out := make([]*Rule[D], 0, len(s.rules))
	for _, r := range s.rules {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return CodeLess(out[i].Code, out[j].Code) })
	return out
}

// CodeLess orders rule codes as people read them: 101 < 102 < 1000 < 197a <
// 197B < INT01 < SW01STG1.
func CodeLess(a, b string) bool {
	na, ra := leadingNumber(a)
	nb, rb := leadingNumber(b)
	if (na >= 0) != (nb >= 0) {
		return na >= 0
	}
	if na != nb {
		return na < nb
	}
	return strings.ToLower(ra) < strings.ToLower(rb) || strings.ToLower(ra) == strings.ToLower(rb) && ra < rb
}

func leadingNumber(s string) (int, string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return -1, s
	}
	n, _ := strconv.Atoi(s[:i])
	return n, s[i:]
}

// Result is what one rule found.
type Result struct {
	Code string
	Hits []Hit
	// Err is set when the rule itself failed (a defect in the rule, not in
	// the return); other rules still run.
	Err error
	// Skipped names the reference data that was missing, when the rule
	// could not run.
	Skipped string
}

// Run checks d against every rule, in parallel across the machine's cores,
// and returns one result per rule in code order. A rule that panics is
// reported with Err rather than stopping the run.
func Run[D any](s *Set[D], d D) []Result {
	rules := s.Rules()
	out := make([]Result, len(rules))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = runOne(rules[i], d)
			}
		}()
	}
	for i := range rules {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func runOne[D any](r *Rule[D], d D) (res Result) {
	res.Code = r.Code
	if len(r.Needs) > 0 {
		sup, ok := any(d).(Supplier)
		for _, n := range r.Needs {
			if !ok || !sup.Supplied(n) {
				res.Skipped = n
				return res
			}
		}
	}
	defer func() {
		if v := recover(); v != nil {
			res.Hits, res.Err = nil, fmt.Errorf("rule %s failed: %v", r.Code, v)
		}
	}()
	res.Hits = r.Check(d)
	sort.Slice(res.Hits, func(i, j int) bool {
		if res.Hits[i].Table != res.Hits[j].Table {
			return res.Hits[i].Table < res.Hits[j].Table
		}
		return res.Hits[i].Row < res.Hits[j].Row
	})
	// A rule may reach the same row twice by two paths; report it once.
	uniq := res.Hits[:0]
	for i, h := range res.Hits {
		if i == 0 || h != res.Hits[i-1] {
			uniq = append(uniq, h)
		}
	}
	res.Hits = uniq
	return res
}
