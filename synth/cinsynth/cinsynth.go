// Package cinsynth generates realistic synthetic children in need (CIN)
// census returns, one per council, sized to each council's published
// referrals, children in need and child protection plans, so that the CIN
// rules, reports and performance can be tried on national volumes without
// real children's data. Children follow believable journeys — referral,
// assessment, section 47 enquiry, conference, plan, reviews, closure — and
// the generator can plant known errors, each breaking one rule, so tests
// can check that every planted error is reported and nothing else is.
package cinsynth

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/synth/synthkit"
)

// Options say which councils to generate, for which census, and which
// errors to plant.
type Options struct {
	// Councils is how many councils to generate, in LA-number order; 0 is
	// all 153 current councils.
	Councils int
	// Seed makes the output reproducible: the same seed gives the same
	// returns.
	Seed uint64
	// Year is the census by the year it ends (default 2025: 1 April 2024 to
	// 31 March 2025, reference date 31 March 2025).
	Year int
	// Plant asks for errors: rule code → number of rows to break, in each
	// generated council.
	Plant map[string]int
	// CodeFilter, when given, keeps only the councils named by ONS code,
	// three-digit LA number or name slug (before Councils is applied).
	CodeFilter []string
}

// Council is one council's synthetic census: the published figures it was
// sized to, the return as the census reader would read it, and what was
// planted in it.
type Council struct {
	Volumes
	// Return holds the census's tables, row for row as cin.Read reads the
	// file XML writes.
	Return  *cin.Return
	Planted []Planted
	Stats   Stats
	// owner gives each row of each table its child (index into the return's
	// ChildIdentifiers), for writing the XML.
	owner map[string][]int
}

// Stats describe a generated census, for reports, calibration checks and
// benchmarks.
type Stats struct {
	Children      int
	Episodes      int // CIN episodes (CINdetails)
	Referrals     int // episodes referred within the census year
	NFA           int // referrals with no further action
	NotInNeed     int // referrals closed after assessment (RC8, RC9)
	Rereferrals   int // a child's second or later referral in the return
	InNeedAt31    int // further-action episodes open on the reference date
	Assessments   int
	Section47     int
	ICPCs         int // initial conferences held in the year
	CINPlans      int
	CPPStarts     int // plans starting in the year
	CPPAt31       int // plans open on the reference date
	CPPs          int // plans in the return
	Reviews       int
	Unborn        int
	Disabled      int // children with a disability other than NONE
	FactorRecords int // Assessments rows
}

// Planted is one error put into a census: the rule it breaks and the row
// (by table and 0-based index, as cin.Read numbers them) where it should be
// reported, with the child. Others are further children the same error
// involves (the first holder of a duplicated UPN, say); Also lists rules
// the same change necessarily breaks too.
type Planted struct {
	Code   string
	Table  string
	Row    int
	Child  string
	Others []string
	Also   []string
}

// Generate generates the councils' censuses. Councils are generated in
// parallel; each is reproducible on its own (a council's census does not
// depend on which others were asked for).
func Generate(opts Options) ([]Council, error) {
	if opts.Year == 0 {
		opts.Year = 2025
	}
	if opts.Year < 2021 || opts.Year > 2100 {
		return nil, fmt.Errorf("cinsynth: census year %d is out of range", opts.Year)
	}
	if err := synthkit.CheckPlant("cinsynth", opts.Plant, planters); err != nil {
		return nil, err
	}
	all, err := Councils(opts.Year)
	if err != nil {
		return nil, err
	}
	vs := synthkit.Pick(all, opts.CodeFilter, opts.Councils, Volumes.IDs)
	if len(vs) == 0 {
		return nil, fmt.Errorf("cinsynth: no council matches %s", strings.Join(opts.CodeFilter, ", "))
	}
	return synthkit.Generate(vs, func(c Volumes) (Council, error) { return generate(c, opts) })
}

func generate(v Volumes, opts Options) (Council, error) {
	g := newGen(v, opts.Year, synthkit.CouncilRand(opts.Seed, v.LA))
	g.run()
	c := Council{Volumes: v}
	if len(opts.Plant) > 0 {
		pr := synthkit.PlantRand(opts.Seed, v.LA)
		if err := g.plant(opts.Plant, pr); err != nil {
			return c, fmt.Errorf("cinsynth: %s (%s): %w", v.Name, v.LA, err)
		}
	}
	b := g.build()
	c.Return, c.owner, c.Stats = b.ret, b.owner, g.stats()
	for _, p := range g.planted {
		row := 0
		if p.key != nil {
			r, ok := b.rows[p.table][p.key]
			if !ok {
				return c, fmt.Errorf("cinsynth: %s: planted %s row not written", v.Name, p.code)
			}
			row = r
		}
		child := ""
		if p.child != nil {
			child = p.child.id
		}
		c.Planted = append(c.Planted, Planted{Code: p.code, Table: p.table, Row: row + p.offset, Child: child,
			Others: p.others(), Also: p.also})
	}
	sort.SliceStable(c.Planted, func(i, j int) bool { return rules.CodeLess(c.Planted[i].Code, c.Planted[j].Code) })
	return c, nil
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
