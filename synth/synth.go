// Package synth generates realistic synthetic SSDA903 returns, one per
// council, sized to each council's published numbers of children looked
// after, starting and ceasing, so that validation rules, reports and
// performance can be tried on national volumes without real children's
// data. It can also plant known errors, each breaking one rule, so tests
// can check that every planted error is reported and nothing else is.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/synth/synthkit"
)

// Options say which councils to generate, for which year, and which errors
// to plant.
type Options struct {
	// Councils is how many councils to generate, in LA-number order; 0 is
	// all 153 current councils.
	Councils int
	// Seed makes the output reproducible: the same seed gives the same
	// returns.
	Seed uint64
	// Year is the collection year by the year it ends (default 2025: 1 April
	// 2024 to 31 March 2025).
	Year int
	// Plant asks for errors: rule code → number of rows to break, in each
	// generated council.
	Plant map[string]int
	// CodeFilter, when given, keeps only the councils named by ONS code,
	// three-digit LA number or name slug (before Councils is applied).
	CodeFilter []string
}

// Council903 is one council's synthetic return and what was planted in it.
type Council903 struct {
	Council
	Return  *ssda903.Return
	Planted []Planted
	Stats   Stats
}

// Stats describe a generated return, for reports and benchmarks.
type Stats struct {
	Children         int // children with an episode in the year
	Episodes         int
	LookedAfterAtEnd int // children looked after on 31 March
	Starting         int // children starting to be looked after in the year
	Ceasing          int // children ceasing in the year
	CareLeavers      int // OC3 rows
}

// Planted is one error put into a return: the rule it breaks and the row
// (by table and 0-based index) where it should be reported. Also lists
// rules the same change necessarily breaks too.
type Planted struct {
	Code  string
	Table string
	Row   int
	Child string
	Also  []string
}

// Generate903 generates the councils' returns. Councils are generated in
// parallel; each is reproducible on its own (a council's return does not
// depend on which others were asked for).
func Generate903(opts Options) ([]Council903, error) {
	if opts.Year == 0 {
		opts.Year = 2025
	}
	if opts.Year < 2020 || opts.Year > 2100 {
		return nil, fmt.Errorf("synth: year %d is out of range", opts.Year)
	}
	if err := synthkit.CheckPlant("synth", opts.Plant, planters); err != nil {
		return nil, err
	}
	all, err := Councils(opts.Year)
	if err != nil {
		return nil, err
	}
	cs := synthkit.Pick(all, opts.CodeFilter, opts.Councils, Council.IDs)
	if len(cs) == 0 {
		return nil, fmt.Errorf("synth: no council matches %s", strings.Join(opts.CodeFilter, ", "))
	}
	return synthkit.Generate(cs, func(c Council) (Council903, error) { return generate(c, opts) })
}

// gen is one council's generator.
type gen struct {
	r              *rand.Rand
	c              Council
	year           int
	cs, ce, ps, pe time.Time
	p              pools
	ids            map[int]bool
	kids           []*kid
}

func generate(c Council, opts Options) (Council903, error) {
	g := &gen{r: synthkit.CouncilRand(opts.Seed, c.LA), c: c, year: opts.Year, ids: map[int]bool{}}
	g.cs = day(opts.Year-1, time.April, 1)
	g.ce = day(opts.Year, time.March, 31)
	g.ps = day(opts.Year-2, time.April, 1)
	g.pe = day(opts.Year-1, time.March, 31)
	g.newPools()
	g.people()
	ret, st := g.tables()
	res := Council903{Council: c, Return: ret, Stats: st}
	if len(opts.Plant) > 0 {
		pr := synthkit.PlantRand(opts.Seed, c.LA)
		planted, err := plant(ret, opts.Plant, pr)
		if err != nil {
			return res, fmt.Errorf("synth: %s (%s): %w", c.Name, c.LA, err)
		}
		res.Planted = planted
	}
	// Fresh tables, so that no cached view predates a planted change.
	for _, m := range []map[string]*ssda903.Table{ret.Tables, ret.Last} {
		for name, t := range m {
			m[name] = &ssda903.Table{Name: t.Name, File: t.File, Columns: t.Columns, Rows: t.Rows, Lines: t.Lines}
		}
	}
	return res, nil
}
