// Package peers finds, for a council with a problem on one indicator, the
// councils that were in the same position and then improved, and sustained
// it: statistical neighbours first, then the councils most like it by a
// documented context distance. It sets their trajectories and Ofsted
// judgements beside the council's own, links the indicator to the national
// framework's outcomes and enablers, writes an improvement brief, and tests
// the method out of sample against simple baselines.
//
// Everything is computed as of a year: only figures for that year and
// earlier are used, so a match for 2022 is the match a council could have
// had in 2022.
package peers

import (
	"math"
	"sort"
	"strings"

	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
)

// VariableKind says how a context variable is compared.
type VariableKind string

// Numeric variables are standardised to z-scores across councils; category
// variables add their weight when two councils differ.
const (
	Numeric  VariableKind = "numeric"
	Category VariableKind = "category"
)

// Variable is one measure of a council's context. The distance uses only
// what the bundled data holds for every council and year; deprivation, the
// strongest driver of need, is not bundled, which is why statistical
// neighbours (whose model includes it) always come first.
type Variable struct {
	ID     string       `json:"id"`
	Title  string       `json:"title"`
	Kind   VariableKind `json:"kind"`
	Weight float64      `json:"weight"`
	Why    string       `json:"why"`
}

// Variables are the context distance's terms, weights summing to 4.5.
// Rates and population are compared on the log scale, so that 300 against
// 600 per 10,000 is as far apart as 150 against 300: a ratio is what makes
// two services alike in the pressure they face. Each numeric variable is
// turned into z-scores across the councils with a figure that year.
var Variables = []Variable{
	{ID: "child_population", Title: "Children aged 0 to 17 (log)", Kind: Numeric, Weight: 1,
		Why: "size: a large service organises its front door, workforce and placements differently from a small one, and small councils' figures move more by chance"},
	{ID: "cin_rate", Title: "Children in need per 10,000 (log)", Kind: Numeric, Weight: 1,
		Why: "the demand on the whole service; it tracks deprivation, which the bundled data does not hold"},
	{ID: "cla_rate", Title: "Children looked after per 10,000 (log)", Kind: Numeric, Weight: 1,
		Why: "the pressure on placements and the cost base; published by council from 2021"},
	{ID: "referral_rate", Title: "Referrals per 10,000 (log)", Kind: Numeric, Weight: 0.5,
		Why: "the volume at the front door; half weight because it moves with the children in need rate"},
	{ID: "cpp_rate", Title: "Children on child protection plans per 10,000 (log)", Kind: Numeric, Weight: 0.5,
		Why: "the level of acute risk the service manages; half weight because it moves with the children in need rate"},
	{ID: "region", Title: "Region", Kind: Category, Weight: 0.25,
		Why: "a weak term: councils in one region share a labour market for social workers and placements, and regional improvement partnerships"},
	{ID: "council_type", Title: "Type of council", Kind: Category, Weight: 0.25,
		Why: "a weak term: London boroughs, metropolitan districts, unitary and county councils differ in geography and in the partners around them"},
}

// minNumericWeight is the share of the numeric variables' weight two
// councils must both have figures for before they are compared at all:
// below it the distance would rest on region and type alone.
const minNumericWeight = 0.5

// Profile is one council's context in one year: each variable's raw figure
// (log scale for numeric variables, NaN when missing) and its z-score.
type Profile struct {
	Council string
	Year    int
	Raw     []float64
	Z       []float64
	Cat     []string
}

// Standardise turns xs into z-scores, (x − mean) / sd with the sample
// standard deviation, over the values that are not NaN; NaN stays NaN. With
// fewer than two values, or no spread, every z is NaN: the variable cannot
// separate councils.
func Standardise(xs []float64) []float64 {
	var n, s, ss float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			n++
			s += x
		}
	}
	out := make([]float64, len(xs))
	if n < 2 {
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	mean := s / n
	for _, x := range xs {
		if !math.IsNaN(x) {
			ss += (x - mean) * (x - mean)
		}
	}
	sd := math.Sqrt(ss / (n - 1))
	for i, x := range xs {
		if math.IsNaN(x) || sd == 0 {
			out[i] = math.NaN()
			continue
		}
		out[i] = (x - mean) / sd
	}
	return out
}

// Distance between two councils' profiles: the square root of the weighted
// mean of squared differences over the variables both have,
//
//	d = sqrt( Σ w_k (z_ak − z_bk)² / Σ w_k )
//
// where a category variable's difference is 0 when the two agree and 1
// when they do not. A variable missing for either council drops out of both
// sums, so a missing figure neither pulls councils together nor pushes them
// apart. When the numeric variables both have weigh less than half of all
// numeric weight, the distance is +Inf: too little is known to compare.
// Two councils picked at random are about 1.2 apart; 0 is identical.
func Distance(a, b *Profile) float64 {
	var num, den, numericHave, numericAll float64
	for k, v := range Variables {
		switch v.Kind {
		case Numeric:
			numericAll += v.Weight
			if k >= len(a.Z) || k >= len(b.Z) || math.IsNaN(a.Z[k]) || math.IsNaN(b.Z[k]) {
				continue
			}
			d := a.Z[k] - b.Z[k]
			num += v.Weight * d * d
			den += v.Weight
			numericHave += v.Weight
		case Category:
			if k >= len(a.Cat) || k >= len(b.Cat) || a.Cat[k] == "" || b.Cat[k] == "" {
				continue
			}
			if a.Cat[k] != b.Cat[k] {
				num += v.Weight
			}
			den += v.Weight
		}
	}
	if numericAll == 0 || numericHave < minNumericWeight*numericAll || den == 0 {
		return math.Inf(1)
	}
	return math.Sqrt(num / den)
}

// Space is every council's context profile in one year, standardised
// across the councils with figures that year.
type Space struct {
	Year     int
	profiles map[string]*Profile
	order    []string
	nearest  map[string][]Near
}

// Near is another council and its context distance.
type Near struct {
	Council  string
	Distance float64
}

// NewSpace builds the profiles for a year from figures published for that
// year only. A council is in the space when it has a children in need or
// referral figure of its own that year.
func NewSpace(tab *indicators.Table, reg *geography.Register, year int) *Space {
	s := &Space{Year: year, profiles: map[string]*Profile{}, nearest: map[string][]Near{}}
	for _, c := range reg.Councils() {
		if reg.Canonical(c.Code) != c.Code {
			continue // an old code whose series continues under a new one
		}
		if !ownNumber(tab, "cin_rate", c.Code, year) && !ownNumber(tab, "referral_rate", c.Code, year) {
			continue
		}
		p := &Profile{Council: c.Code, Year: year, Raw: make([]float64, len(Variables)),
			Z: make([]float64, len(Variables)), Cat: make([]string, len(Variables))}
		for k, v := range Variables {
			p.Raw[k], p.Z[k] = math.NaN(), math.NaN()
			switch v.ID {
			case "child_population":
				p.Raw[k] = logOf(childPopulation(tab, c.Code, year))
			case "region":
				p.Cat[k] = c.RegionCode
			case "council_type":
				p.Cat[k] = councilType(c.Code)
			default:
				if cell, ok := tab.Cell(v.ID, c.Code, year); ok && cell.Shared == "" && cell.Value.IsNumber() {
					p.Raw[k] = logOf(cell.Value.Num)
				}
			}
		}
		s.profiles[c.Code] = p
		s.order = append(s.order, c.Code)
	}
	sort.Strings(s.order)
	col := make([]float64, len(s.order))
	for k, v := range Variables {
		if v.Kind != Numeric {
			continue
		}
		for i, code := range s.order {
			col[i] = s.profiles[code].Raw[k]
		}
		z := Standardise(col)
		for i, code := range s.order {
			s.profiles[code].Z[k] = z[i]
		}
	}
	for _, code := range s.order {
		s.nearest[code] = s.rank(code)
	}
	return s
}

// Profile returns a council's profile, or nil when it has none that year.
func (s *Space) Profile(council string) *Profile { return s.profiles[council] }

// Distance between two councils in this year's space; +Inf when either has
// no profile.
func (s *Space) Distance(a, b string) float64 {
	pa, pb := s.profiles[a], s.profiles[b]
	if pa == nil || pb == nil {
		return math.Inf(1)
	}
	return Distance(pa, pb)
}

// Nearest lists every other council with a finite distance, nearest first
// (ties by code, so the order is reproducible). The slice is shared, so
// that a Space can serve concurrent readers: do not modify it.
func (s *Space) Nearest(council string) []Near { return s.nearest[council] }

func (s *Space) rank(council string) []Near {
	var out []Near
	for _, other := range s.order {
		if other == council {
			continue
		}
		if d := s.Distance(council, other); !math.IsInf(d, 0) {
			out = append(out, Near{other, d})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Distance != out[j].Distance {
			return out[i].Distance < out[j].Distance
		}
		return out[i].Council < out[j].Council
	})
	return out
}

// childPopulation is the ONS mid-year estimate behind the year's rates per
// 10,000 (the denominator DfE uses), or NaN.
func childPopulation(tab *indicators.Table, council string, year int) float64 {
	for _, id := range []string{"cin_rate", "referral_rate", "cla_rate"} {
		if c, ok := tab.Cell(id, council, year); ok && c.Shared == "" && c.HasCounts && c.Den > 0 {
			return c.Den
		}
	}
	return math.NaN()
}

func ownNumber(tab *indicators.Table, ind, council string, year int) bool {
	c, ok := tab.Cell(ind, council, year)
	return ok && c.Shared == "" && c.Value.IsNumber()
}

func logOf(x float64) float64 {
	if math.IsNaN(x) || x <= 0 {
		return math.NaN()
	}
	return math.Log(x)
}

// councilType reads the kind of council from its ONS code: E09 London
// borough, E08 metropolitan district, E06 unitary, E10 county.
func councilType(code string) string {
	for _, p := range []string{"E06", "E08", "E09", "E10"} {
		if strings.HasPrefix(code, p) {
			return p
		}
	}
	return ""
}
