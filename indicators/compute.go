package indicators

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/disclosure"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/stats"
)

// Cell is one indicator's figure for one area and year.
type Cell struct {
	Value     sightline.Value
	Num, Den  float64 // counts behind the value, when HasCounts
	HasCounts bool
	// Shared names the jointly reported service ("E09000021 / E09000027")
	// whose figure a council shows because it publishes no figure of its own.
	Shared string
}

// Significance of a council's difference from England, by funnel limits.
type Significance struct {
	Direction string `json:"direction"` // "higher", "lower", "similar", or "" where no funnel applies
	Level     string `json:"level"`     // "99.8%" or "95%" when outside
}

// Comparison puts one council's figure for one year beside its comparators.
type Comparison struct {
	Indicator       string
	Council         string
	Year            int
	Period          string
	Value           sightline.Value
	Shared          string
	England         sightline.Value
	Region          sightline.Value
	RegionCode      string
	NeighbourMean   sightline.Value
	NeighbourMedian sightline.Value
	NeighbourCount  int
	NeighbourModel  string
	Rank            int // 1 is best by polarity (lowest value when no judgement); 0 when unranked
	Ranked          int // how many councils were ranked
	Band            string
	Change          sightline.Value // from the previous year; Missing when either is not a number
	Significance    Significance
}

type key struct {
	ind  string
	area string
	year int
}

// Table holds every indicator's cells and comparisons, computed once after
// each import and then read concurrently by pages and the API.
type Table struct {
	reg        *geography.Register
	cells      map[key]Cell
	years      map[string][]int
	periods    map[string]map[int]string
	timeIDs    map[string]map[int]string
	comps      map[key]*Comparison
	quartiles  map[key][3]float64   // area "" holds the all-council cut points
	funnels    map[key]stats.Funnel // area "" : each indicator-year's funnel around England
	neighbours map[string][]sightline.Neighbour
	units      map[string][]string // ind|year → reporting units ranked
}

// Load reads the observations the catalogue needs from the store and
// computes the table.
func Load(ctx context.Context, store sightline.Store, reg *geography.Register) (*Table, error) {
	need := map[string]map[string]bool{}
	for _, ind := range Catalogue() {
		for _, r := range ind.Refs() {
			if need[r.Dataset] == nil {
				need[r.Dataset] = map[string]bool{}
			}
			need[r.Dataset][r.Measure] = true
		}
	}
	var obs []sightline.Observation
	for ds, ms := range need {
		q := sightline.ObservationQuery{Dataset: ds}
		for m := range ms {
			q.Measures = append(q.Measures, m)
		}
		o, err := store.Observations(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", ds, err)
		}
		obs = append(obs, o...)
	}
	nb, err := store.Neighbours(ctx)
	if err != nil {
		return nil, err
	}
	return Compute(Catalogue(), reg, nb, obs)
}

type obsKey struct {
	dataset, measure, area string
	year                   int
}

type index map[obsKey][]*sightline.Observation

// lookup finds the one observation a Ref names. Where a publication carries
// several versions of a year's figures the final one wins.
func (ix index) lookup(r *Ref, area string, year int) (*sightline.Observation, error) {
	if r == nil {
		return nil, nil
	}
	var found []*sightline.Observation
	for _, o := range ix[obsKey{r.Dataset, r.Measure, area, year + r.YearOffset}] {
		if sightline.Filters(o.Filters).Matches(r.Filters) {
			found = append(found, o)
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return found[0], nil
	}
	for _, v := range []string{"Final", "Revised", "Provisional"} {
		for _, o := range found {
			if sightline.Filters(o.Filters).Matches(map[string]string{"version": v}) {
				return o, nil
			}
		}
	}
	return nil, fmt.Errorf("%s.%s for %s in %d matches %d rows (%s; %s): the indicator's filters are ambiguous",
		r.Dataset, r.Measure, area, year, len(found), found[0].Filters, found[1].Filters)
}

// Compute builds the table from observations. Council codes are mapped to
// the code their series continues under, so a code change does not break a
// series; merged and split councils keep separate series.
func Compute(cat []*Indicator, reg *geography.Register, nb []sightline.Neighbour, obs []sightline.Observation) (*Table, error) {
	t := &Table{reg: reg, cells: map[key]Cell{}, years: map[string][]int{}, periods: map[string]map[int]string{},
		comps: map[key]*Comparison{}, timeIDs: map[string]map[int]string{}, quartiles: map[key][3]float64{}, funnels: map[key]stats.Funnel{}, neighbours: map[string][]sightline.Neighbour{}, units: map[string][]string{}}
	ix := index{}
	areas := map[string]sightline.Level{}
	for i := range obs {
		o := &obs[i]
		area := o.Area
		if o.Level == sightline.LocalAuthority {
			area = reg.Canonical(area)
		}
		areas[area] = o.Level
		k := obsKey{o.Dataset, o.Measure, area, o.Year}
		ix[k] = append(ix[k], o)
	}
	for _, n := range nb {
		c := reg.Canonical(n.Council)
		t.neighbours[n.Model+"|"+c] = append(t.neighbours[n.Model+"|"+c], n)
	}
	for _, ind := range cat {
		primary := ind.Value
		if primary == nil {
			primary = ind.Numerator
		}
		yearSet := map[int]string{}
		timeIDs := map[int]string{}
		for k, os := range ix {
			if k.dataset == primary.Dataset && k.measure == primary.Measure {
				yearSet[k.year] = os[0].Period
				timeIDs[k.year] = os[0].TimeID
			}
		}
		t.timeIDs[ind.ID] = timeIDs
		for y := range yearSet {
			t.years[ind.ID] = append(t.years[ind.ID], y)
		}
		sort.Ints(t.years[ind.ID])
		t.periods[ind.ID] = yearSet
		for area := range areas {
			if ind.NationalOnly && area != sightline.EnglandCode {
				continue
			}
			for y := range yearSet {
				c, ok, err := t.cell(ix, ind, area, y)
				if err != nil {
					return nil, fmt.Errorf("indicator %s: %w", ind.ID, err)
				}
				if ok && !c.Value.IsNumber() && !t.existed(area, y) {
					// Publications keep abolished councils' rows, filled
					// with x or z, for years after they ceased to exist.
					ok = false
				}
				if ok {
					t.cells[key{ind.ID, area, y}] = c
				}
			}
		}
	}
	t.shareJointFigures(areas)
	for _, ind := range cat {
		if ind.EnglandFromCouncils {
			t.englandFromCouncils(ind)
		}
	}
	byYear := map[string]map[int][]key{}
	for k := range t.cells {
		if !isCouncil(k.area) {
			continue
		}
		if byYear[k.ind] == nil {
			byYear[k.ind] = map[int][]key{}
		}
		byYear[k.ind][k.year] = append(byYear[k.ind][k.year], k)
	}
	for _, ind := range cat {
		t.compare(ind, byYear[ind.ID])
	}
	return t, nil
}

func (t *Table) cell(ix index, ind *Indicator, area string, year int) (Cell, bool, error) {
	val, err := ix.lookup(ind.Value, area, year)
	if err != nil {
		return Cell{}, false, err
	}
	num, err := ix.lookup(ind.Numerator, area, year)
	if err != nil {
		return Cell{}, false, err
	}
	den, err := ix.lookup(ind.Denominator, area, year)
	if err != nil {
		return Cell{}, false, err
	}
	// Every figure here was published under its producer's own disclosure
	// control (or is computed from published counts): it enters through
	// disclosure.Published, unchanged, as a council's own figures enter
	// through disclosure's rules.
	var c Cell
	if num != nil && den != nil && num.Value.IsNumber() && den.Value.IsNumber() && den.Value.Num > 0 {
		c.Num, c.Den, c.HasCounts = scaled(ind.Numerator, num.Value.Num), scaled(ind.Denominator, den.Value.Num), true
	}
	switch {
	case val != nil:
		c.Value = disclosure.Published(val.Value)
		if c.Value.IsNumber() {
			c.Value.Num = scaled(ind.Value, c.Value.Num)
		}
	case num == nil:
		return Cell{}, false, nil
	case c.HasCounts:
		c.Value = sightline.Number(sightline.Round(c.Num/c.Den*ind.Scale, ind.Decimals))
	case !num.Value.IsNumber():
		c.Value = disclosure.Published(num.Value) // a suppressed count makes a suppressed rate
	case den != nil && !den.Value.IsNumber():
		c.Value = disclosure.Published(den.Value)
	default:
		c.Value = sightline.Missing
	}
	return c, true, nil
}

func scaled(r *Ref, v float64) float64 {
	if r.Multiply != 0 {
		return v * r.Multiply
	}
	return v
}

// existed reports whether a council existed in a reporting year, by the
// reorganisations the register knows; other areas always exist.
func (t *Table) existed(area string, year int) bool {
	c := t.reg.Council(area)
	if c == nil {
		return true
	}
	return (c.FirstYear == 0 || year >= c.FirstYear) && (c.LastYear == 0 || year <= c.LastYear)
}

// englandFromCouncils sums councils' own counts into England's figure.
func (t *Table) englandFromCouncils(ind *Indicator) {
	for _, y := range t.years[ind.ID] {
		var num, den float64
		for k, c := range t.cells {
			if k.ind == ind.ID && k.year == y && isCouncil(k.area) && !strings.Contains(k.area, "/") && c.Shared == "" && c.HasCounts {
				num += c.Num
				den += c.Den
			}
		}
		if den > 0 {
			t.cells[key{ind.ID, sightline.EnglandCode, y}] = Cell{Value: sightline.Number(sightline.Round(num/den*ind.Scale, ind.Decimals)), Num: num, Den: den, HasCounts: true}
		}
	}
}

// shareJointFigures gives each council in a jointly reported service the
// service's figure, marked as shared, where it has none of its own.
func (t *Table) shareJointFigures(areas map[string]sightline.Level) {
	for k, c := range t.cells {
		if !strings.Contains(k.area, "/") {
			continue
		}
		for _, part := range geography.JointParts(k.area) {
			pk := key{k.ind, t.reg.Canonical(part), k.year}
			if _, own := t.cells[pk]; !own {
				c.Shared = k.area
				t.cells[pk] = c
			}
		}
	}
}

// isCouncil reports whether an area code is a council or a joint service
// (which is ranked as one unit).
func isCouncil(code string) bool {
	return len(code) >= 3 && (code[:3] == "E06" || code[:3] == "E08" || code[:3] == "E09" || code[:3] == "E10")
}

func (t *Table) compare(ind *Indicator, councilCells map[int][]key) {
	for _, y := range t.years[ind.ID] {
		keys := councilCells[y]
		eng := t.cells[key{ind.ID, sightline.EnglandCode, y}]
		// Rank reporting units: each council with its own figure, and each
		// joint service once. Councils showing a shared figure take the
		// service's rank.
		var units []string
		var vals []float64
		for _, k := range keys {
			c := t.cells[k]
			if c.Shared != "" || !c.Value.IsNumber() {
				continue
			}
			units = append(units, k.area)
			vals = append(vals, c.Value.Num)
		}
		sort.Sort(byArea{units, vals})
		rank := map[string]int{}
		var q [3]float64
		if len(vals) > 0 {
			r := stats.Rank(vals, ind.Polarity == HighIsGood)
			for i, u := range units {
				rank[u] = r[i]
			}
			q = stats.Quartiles(vals)
			t.quartiles[key{ind.ID, "", y}] = q
		}
		t.units[fmt.Sprintf("%s|%d", ind.ID, y)] = units
		f, hasFunnel := t.fitFunnel(ind, eng, keys)
		if hasFunnel {
			t.funnels[key{ind.ID, "", y}] = f
		}
		for _, k := range keys {
			c := t.cells[k]
			if strings.Contains(k.area, "/") {
				continue
			}
			cmp := &Comparison{Indicator: ind.ID, Council: k.area, Year: y, Period: t.periods[ind.ID][y], Value: c.Value, Shared: c.Shared,
				England: valueOr(t.cells, key{ind.ID, sightline.EnglandCode, y}), Change: sightline.Missing,
				NeighbourMean: sightline.Missing, NeighbourMedian: sightline.Missing, Region: sightline.Missing}
			if co := t.reg.Council(k.area); co != nil {
				cmp.RegionCode = co.RegionCode
				cmp.Region = valueOr(t.cells, key{ind.ID, co.RegionCode, y})
			}
			unit := k.area
			if c.Shared != "" {
				unit = c.Shared
			}
			if c.Value.IsNumber() {
				cmp.Rank, cmp.Ranked = rank[unit], len(units)
				if len(vals) >= 4 {
					cmp.Band = stats.Band(c.Value.Num, q, ind.Polarity == HighIsGood)
				}
				if prev, ok := t.cells[key{ind.ID, k.area, y - 1}]; ok && prev.Value.IsNumber() {
					cmp.Change = sightline.Number(sightline.Round(c.Value.Num-prev.Value.Num, ind.Decimals))
				}
			}
			t.neighbourStats(ind, cmp)
			if hasFunnel && c.HasCounts && c.Den > 0 {
				cmp.Significance = significance(f, stats.Unit{O: c.Num, N: c.Den})
			}
			t.comps[k] = cmp
		}
	}
}

type byArea struct {
	a []string
	v []float64
}

func (b byArea) Len() int           { return len(b.a) }
func (b byArea) Less(i, j int) bool { return b.a[i] < b.a[j] }
func (b byArea) Swap(i, j int) {
	b.a[i], b.a[j] = b.a[j], b.a[i]
	b.v[i], b.v[j] = b.v[j], b.v[i]
}

// FunnelDispersion is how every funnel plot allows for the real spread
// between councils, which is far larger than chance alone (φ is 27 for
// re-referrals): an additive random effect, τ², chosen so the adjusted
// z-scores winsorised 10% at each tail spread as a standard normal's do.
// Exact limits without it flag three councils in four on some indicators.
const FunnelDispersion = stats.RobustAdditive

// minDispersionUnits is the fewest councils over-dispersion is estimated
// from; England has 150.
const minDispersionUnits = 10

// fitFunnel fits an indicator-year's funnel around England over every
// council with counts (a joint service once), adjusted for over-dispersion;
// false where there is no model, no England figure or no council.
func (t *Table) fitFunnel(ind *Indicator, eng Cell, keys []key) (stats.Funnel, bool) {
	if ind.Model == stats.NoModel || !eng.HasCounts || eng.Den <= 0 {
		return stats.Funnel{}, false
	}
	var us []stats.Unit
	for _, k := range keys {
		c := t.cells[k]
		if c.Shared != "" || !c.HasCounts || c.Den <= 0 {
			continue
		}
		us = append(us, stats.Unit{O: c.Num, N: c.Den})
	}
	if len(us) == 0 {
		return stats.Funnel{}, false
	}
	// Too few councils to estimate the spread between them: sampling
	// limits alone.
	kind := FunnelDispersion
	if len(us) < minDispersionUnits {
		kind = stats.NoDispersion
	}
	return stats.FitFunnel(ind.Model, eng.Num/eng.Den, us, kind, stats.DefaultWinsor), true
}

func significance(f stats.Funnel, u stats.Unit) Significance {
	s := Significance{Direction: "similar"}
	switch o998, o95 := f.Outside(u, stats.P998), f.Outside(u, stats.P95); {
	case o998 > 0:
		s.Direction, s.Level = "higher", "99.8%"
	case o998 < 0:
		s.Direction, s.Level = "lower", "99.8%"
	case o95 > 0:
		s.Direction, s.Level = "higher", "95%"
	case o95 < 0:
		s.Direction, s.Level = "lower", "95%"
	}
	return s
}

// Funnel is an indicator-year's funnel around England, adjusted for
// over-dispersion; false where the indicator has no funnel that year.
func (t *Table) Funnel(ind string, year int) (stats.Funnel, bool) {
	f, ok := t.funnels[key{ind, "", year}]
	return f, ok
}

func valueOr(cells map[key]Cell, k key) sightline.Value {
	if c, ok := cells[k]; ok {
		return c.Value
	}
	return sightline.Missing
}

// Neighbours returns a council's statistical neighbours under the newest
// model that includes it, and that model's name.
func (t *Table) Neighbours(council string) ([]sightline.Neighbour, string) {
	for _, m := range []string{"2025", "2021"} {
		if n := t.neighbours[m+"|"+council]; len(n) > 0 {
			return n, m
		}
	}
	return nil, ""
}

// NeighboursIn returns a council's neighbours under a named model.
func (t *Table) NeighboursIn(council, model string) []sightline.Neighbour {
	return t.neighbours[model+"|"+council]
}

func (t *Table) neighbourStats(ind *Indicator, cmp *Comparison) {
	nb, model := t.Neighbours(cmp.Council)
	cmp.NeighbourModel = model
	var vals []float64
	for _, n := range nb {
		if c, ok := t.cells[key{ind.ID, t.reg.Canonical(n.Neighbour), cmp.Year}]; ok && c.Value.IsNumber() {
			vals = append(vals, c.Value.Num)
		}
	}
	cmp.NeighbourCount = len(vals)
	if len(vals) > 0 {
		cmp.NeighbourMean = sightline.Number(sightline.Round(stats.Mean(vals), ind.Decimals+1))
		cmp.NeighbourMedian = sightline.Number(sightline.Round(stats.Median(vals), ind.Decimals+1))
	}
}

// Years lists the years an indicator has figures for, oldest first.
func (t *Table) Years(ind string) []int { return t.years[ind] }

// Period returns the published time period of an indicator's year ("2025",
// "202425").
func (t *Table) Period(ind string, year int) string { return t.periods[ind][year] }

// TimeID returns the EES time identifier of an indicator's year ("Reporting
// year", "Academic year", "Financial year").
func (t *Table) TimeID(ind string, year int) string { return t.timeIDs[ind][year] }

// Latest returns the newest year of an indicator, or 0.
func (t *Table) Latest(ind string) int {
	ys := t.years[ind]
	if len(ys) == 0 {
		return 0
	}
	return ys[len(ys)-1]
}

// Cell returns an indicator's figure for an area (ONS code) and year.
func (t *Table) Cell(ind, area string, year int) (Cell, bool) {
	c, ok := t.cells[key{ind, t.reg.Canonical(area), year}]
	return c, ok
}

// Compare returns a council's comparison for a year, or nil.
func (t *Table) Compare(ind, council string, year int) *Comparison {
	return t.comps[key{ind, t.reg.Canonical(council), year}]
}

// Quartiles returns the all-council quartile cut points for a year.
func (t *Table) Quartiles(ind string, year int) ([3]float64, bool) {
	q, ok := t.quartiles[key{ind, "", year}]
	return q, ok
}

// Units lists the reporting units (councils and joint services) ranked for
// an indicator in a year.
func (t *Table) Units(ind string, year int) []string { return t.units[fmt.Sprintf("%s|%d", ind, year)] }

// Limits returns the funnel-plot limits around England's figure for an
// indicator and year at denominator n, widened for over-dispersion (see
// FunnelDispersion): lower and upper at 95% and 99.8%, on the indicator's
// scale. ok is false where no funnel applies.
func (t *Table) Limits(ind *Indicator, year int, n float64) (l95, u95, l998, u998 float64, ok bool) {
	f, has := t.funnels[key{ind.ID, "", year}]
	if !has {
		return 0, 0, 0, 0, false
	}
	s := ind.Scale
	l95, u95 = f.Limits(n, stats.P95)
	l998, u998 = f.Limits(n, stats.P998)
	return l95 * s, u95 * s, l998 * s, u998 * s, true
}

// EnglandRate is England's numerator over denominator times scale (the
// funnel's centre line), or NaN.
func (t *Table) EnglandRate(ind *Indicator, year int) float64 {
	eng, ok := t.cells[key{ind.ID, sightline.EnglandCode, year}]
	if !ok || !eng.HasCounts || eng.Den <= 0 {
		return math.NaN()
	}
	return eng.Num / eng.Den * ind.Scale
}
