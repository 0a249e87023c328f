// Package synthkit holds what the return generators (SSDA903 and CIN) and
// their command share: choosing councils, and generating them in parallel
// while keeping each council's output independent of the others.
package synthkit

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/snapshot"
	"github.com/sightline-uk/sightline/sources"
)

// Codes lists the rule codes a generator can plant errors for (the keys of
// its planters), in DfE's order.
func Codes[V any](planters map[string]V) []string {
	out := make([]string, 0, len(planters))
	for c := range planters {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b string) int {
		switch {
		case rules.CodeLess(a, b):
			return -1
		case rules.CodeLess(b, a):
			return 1
		}
		return 0
	})
	return out
}

// CheckPlant refuses a request to plant errors a generator cannot: a rule
// it has no planter for, or a negative count. pkg names the generator in
// the message.
func CheckPlant[V any](pkg string, plant map[string]int, planters map[string]V) error {
	for code, n := range plant {
		if _, ok := planters[code]; !ok {
			return fmt.Errorf("%s: cannot plant errors for rule %s; plantable rules are %s", pkg, code, strings.Join(Codes(planters), ", "))
		}
		if n < 0 {
			return fmt.Errorf("%s: cannot plant %d errors for rule %s", pkg, n, code)
		}
	}
	return nil
}

// Pick keeps the councils that filter names (all of them when filter is
// empty) by any of the identifiers ids gives, case ignored, then the first
// n of those (all when n is 0).
func Pick[C any](all []C, filter []string, n int, ids func(C) []string) []C {
	var out []C
	for _, c := range all {
		if len(filter) == 0 || slices.ContainsFunc(ids(c), func(id string) bool {
			return slices.ContainsFunc(filter, func(f string) bool { return strings.EqualFold(f, id) })
		}) {
			out = append(out, c)
		}
	}
	if n > 0 && n < len(out) {
		out = out[:n]
	}
	return out
}

// Generate runs gen over every council, as many at once as there are
// cores, and gives the results in the councils' order. When any fails it
// returns the first failure in that order, so the error does not depend on
// scheduling.
func Generate[C, R any](cs []C, gen func(C) (R, error)) ([]R, error) {
	out := make([]R, len(cs))
	errs := make([]error, len(cs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = gen(cs[i])
			}
		}()
	}
	for i := range cs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return nil, e
		}
	}
	return out, nil
}

// Slug is a council's name for file and folder names: lower case, words
// joined by underscores.
func Slug(name string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// Published reads bundled published files (by name, from the snapshot) and
// gives their councils' observations: the figures a generator calibrates
// its volumes against.
func Published(names ...string) ([]sightline.Observation, error) {
	var out []sightline.Observation
	for _, name := range names {
		f, ok := snapshot.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("%s is not bundled", name)
		}
		data, err := f.Read()
		if err != nil {
			return nil, err
		}
		b, err := sources.Read(name, data, geography.Default())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, o := range b.Observations {
			if o.Level == sightline.LocalAuthority {
				out = append(out, o)
			}
		}
	}
	return out, nil
}
