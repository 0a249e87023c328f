package risk

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/stats"
)

// Input is one indicator the risk model reads, as its level or as its change
// from the year before. The list is fixed before any data is seen, so that
// choosing inputs cannot overfit the few judgements there are.
type Input struct {
	Indicator string
	// Change reads the change since the previous year instead of the level.
	Change bool
	// Why the input may bear on the quality of practice Ofsted judges.
	Why string
}

// Name identifies an input in features, columns and explanations.
func (in Input) Name() string {
	if in.Change {
		return in.Indicator + ":change"
	}
	return in.Indicator
}

// Inputs are the model's candidate inputs. Ofsted's inadequate judgements
// most often cite an unstable workforce, help that does not last, drift in
// plans and children's instability in care; these are the published
// figures closest to those findings. The care figures in the snapshot start
// in 2021, so they enter a fit only where most training inspections have
// them (see minObserved); the workforce and children in need series cover
// every inspection.
var Inputs = []Input{
	{Indicator: "sw_turnover_pct", Why: "an unstable workforce breaks children's relationships with their social workers"},
	{Indicator: "sw_agency_pct", Why: "reliance on agency staff signals recruitment and retention difficulty"},
	{Indicator: "sw_vacancy_pct", Why: "vacant posts mean cases wait or are spread thin"},
	{Indicator: "sw_caseload", Why: "high caseloads leave less time for each child"},
	{Indicator: "rereferral_pct", Why: "re-referrals suggest help that did not last or a front door that closed cases too soon"},
	{Indicator: "cpp_repeat_pct", Why: "repeat child protection plans suggest plans that did not keep children safe"},
	{Indicator: "cpp_2yrs_pct", Why: "plans lasting two years or more suggest drift"},
	{Indicator: "cin_rate", Why: "the level of need the service carries, and its thresholds"},
	{Indicator: "cpp_rate", Why: "the level of child protection activity, and its thresholds"},
	{Indicator: "placements_3plus_pct", Why: "three or more placements in a year is short-term instability in care"},
	{Indicator: "long_term_stability_pct", Why: "children long in care who stay with one carer have stable homes"},
	{Indicator: "care_leavers_suitable_pct", Why: "care leavers' accommodation is one of the judgement's three parts"},
	{Indicator: "care_leavers_eet_pct", Why: "care leavers in education, employment or training"},
	{Indicator: "cla_rate", Why: "the number of children in care the service is responsible for"},
	{Indicator: "sw_turnover_pct", Change: true, Why: "a rise in turnover is a workforce getting worse"},
	{Indicator: "sw_agency_pct", Change: true, Why: "a rise in agency use is a workforce getting worse"},
	{Indicator: "cin_rate", Change: true, Why: "a sharp change in children in need is a service under strain or changing thresholds"},
	{Indicator: "cpp_rate", Change: true, Why: "a sharp change in child protection plans is a service under strain or changing thresholds"},
}

// maxStaleness is how many years behind the newest published year a
// council's figure may be (where its latest figure was suppressed or
// missing) before it counts as missing.
const maxStaleness = 2

// zClip bounds standardised figures so that a very small council's extreme
// percentage cannot dominate a fit.
const zClip = 4

// Feature is one input's value for a council as of a date, with enough
// context to explain it.
type Feature struct {
	Input
	// Year of the figure used (for a change, the later of its two years);
	// 0 when missing.
	Year int
	// Published is when that figure became public, always before the as-of
	// date.
	Published time.Time
	// Value is the council's figure (a change: this year's minus last
	// year's), and England is England's figure on the same basis (NaN when
	// not published).
	Value, England float64
	// Z is the figure standardised against every council that year: its
	// distance from the median in units of the interquartile range / 1.349
	// (the standard deviation of a normal distribution with that IQR),
	// clipped to ±4. 0, the national centre, when Missing. A funnel-plot z
	// against England is not used: it grows with a council's size, so it
	// measures how certain a difference is, not how large.
	Z       float64
	Missing bool
	// From names the predecessor council whose figure stood in, for a
	// council created by a split before it published its own.
	From string
}

// Features are what the model knows of a council on a date.
type Features struct {
	Council string
	AsOf    time.Time
	Inputs  []Feature // in Inputs order
	// Previous is the council's latest ILACS judgement published before the
	// as-of date; nil when the data hold none (most councils' first ILACS
	// inspection is in the data, and earlier inspection frameworks are not).
	Previous *sightline.Judgement
}

// YearsSincePrevious is the time from the previous judgement's publication
// to the as-of date, in years; NaN when there is none.
func (f *Features) YearsSincePrevious() float64 {
	if f.Previous == nil {
		return math.NaN()
	}
	return f.AsOf.Sub(f.Previous.PublicationDate).Hours() / 24 / 365.25
}

type centre struct{ median, scale float64 }

type indYear struct {
	ind  string
	year int
}

// Data is what the risk model reads: the computed indicator table, the
// register of councils and Ofsted's judgements, with each year's national
// distribution of every input precomputed.
type Data struct {
	Table      *indicators.Table
	Register   *geography.Register
	Judgements []sightline.Judgement // council codes canonical; by inspection date
	level      map[indYear]centre
	change     map[indYear]centre
	published  map[indYear]time.Time
}

// Load reads the indicator table and judgements from a store.
func Load(ctx context.Context, store sightline.Store, reg *geography.Register) (*Data, error) {
	tab, err := indicators.Load(ctx, store, reg)
	if err != nil {
		return nil, err
	}
	js, err := store.Judgements(ctx)
	if err != nil {
		return nil, err
	}
	return NewData(tab, reg, js)
}

// NewData prepares data for features. Judgements are placed under the code
// their council's series continues under, so a code change keeps a council's
// history together.
func NewData(tab *indicators.Table, reg *geography.Register, js []sightline.Judgement) (*Data, error) {
	d := &Data{Table: tab, Register: reg, level: map[indYear]centre{}, change: map[indYear]centre{}, published: map[indYear]time.Time{}}
	for _, in := range Inputs {
		if indicators.ByID(in.Indicator) == nil {
			return nil, fmt.Errorf("risk input %s is not in the indicator catalogue", in.Indicator)
		}
	}
	for _, j := range js {
		if j.PublicationDate.IsZero() || j.InspectionDate.IsZero() {
			return nil, fmt.Errorf("judgement of %s has no inspection or publication date", j.CouncilName)
		}
		j.Council = reg.Canonical(j.Council)
		d.Judgements = append(d.Judgements, j)
	}
	sort.SliceStable(d.Judgements, func(a, b int) bool {
		ja, jb := d.Judgements[a], d.Judgements[b]
		if !ja.InspectionDate.Equal(jb.InspectionDate) {
			return ja.InspectionDate.Before(jb.InspectionDate)
		}
		return ja.Council < jb.Council
	})
	for _, in := range Inputs {
		for _, y := range tab.Years(in.Indicator) {
			d.published[indYear{in.Indicator, y}] = Published(indicators.ByID(in.Indicator), y)
			var levels, changes []float64
			for _, u := range tab.Units(in.Indicator, y) {
				c, _ := tab.Cell(in.Indicator, u, y)
				levels = append(levels, c.Value.Num)
				if p, ok := tab.Cell(in.Indicator, u, y-1); ok && p.Value.IsNumber() {
					changes = append(changes, c.Value.Num-p.Value.Num)
				}
			}
			d.level[indYear{in.Indicator, y}] = robust(levels)
			d.change[indYear{in.Indicator, y}] = robust(changes)
		}
	}
	return d, nil
}

// robust is the median and a spread that one extreme council cannot
// inflate: IQR/1.349, or the standard deviation where the IQR is zero.
func robust(xs []float64) centre {
	if len(xs) < 4 {
		return centre{math.NaN(), math.NaN()}
	}
	q := stats.Quartiles(xs)
	s := (q[2] - q[0]) / 1.349
	if s <= 0 {
		m := stats.Mean(xs)
		for _, x := range xs {
			s += (x - m) * (x - m)
		}
		s = math.Sqrt(s / float64(len(xs)-1))
	}
	return centre{q[1], s}
}

func (c centre) z(x float64) (float64, bool) {
	if math.IsNaN(c.scale) || c.scale <= 0 {
		return 0, false
	}
	return math.Max(-zClip, math.Min(zClip, (x-c.median)/c.scale)), true
}

// own returns an area's own figure for a year.
func (d *Data) own(ind, code string, year int) (float64, bool) {
	if c, ok := d.Table.Cell(ind, code, year); ok && c.Value.IsNumber() {
		return c.Value.Num, true
	}
	return 0, false
}

// cell returns a council's figure, or its only predecessor's where a
// council created by a split or a boundary change had not yet published its
// own; from names that predecessor.
func (d *Data) cell(ind, council string, year int) (v float64, from string, ok bool) {
	if v, ok := d.own(ind, council, year); ok {
		return v, "", true
	}
	if co := d.Register.Council(council); co != nil && len(co.Predecessors) == 1 {
		p := d.Register.Canonical(co.Predecessors[0])
		if v, ok := d.own(ind, p, year); ok {
			return v, p, true
		}
	}
	return 0, "", false
}

func (d *Data) england(ind string, year int) float64 {
	if c, ok := d.Table.Cell(ind, sightline.EnglandCode, year); ok && c.Value.IsNumber() {
		return c.Value.Num
	}
	return math.NaN()
}

// public reports whether an input's figure for a year was published before
// asOf, as Public does, from the dates computed once in NewData.
func (d *Data) public(ind string, year int, asOf time.Time) bool {
	p, ok := d.published[indYear{ind, year}]
	return ok && p.Before(asOf)
}

// latestPublic is the newest year of an indicator published before asOf, or 0.
func (d *Data) latestPublic(ind string, asOf time.Time) int {
	ys := d.Table.Years(ind)
	for i := len(ys) - 1; i >= 0; i-- {
		if d.public(ind, ys[i], asOf) {
			return ys[i]
		}
	}
	return 0
}

// Features returns what was known of a council before asOf: every input's
// latest figure published before that date, and its latest judgement
// published before it. Missing figures are kept, flagged, at the national
// centre; they are never dropped.
func (d *Data) Features(council string, asOf time.Time) Features {
	council = d.Register.Canonical(council)
	f := Features{Council: council, AsOf: asOf, Previous: d.previous(council, asOf)}
	for _, in := range Inputs {
		f.Inputs = append(f.Inputs, d.feature(in, council, asOf))
	}
	return f
}

func (d *Data) feature(in Input, council string, asOf time.Time) Feature {
	ft := Feature{Input: in, Missing: true, Value: math.NaN(), England: math.NaN()}
	latest := d.latestPublic(in.Indicator, asOf)
	if latest == 0 {
		return ft
	}
	for y := latest; y >= latest-maxStaleness; y-- {
		if !d.public(in.Indicator, y, asOf) {
			continue
		}
		x, from, ok := d.cell(in.Indicator, council, y)
		if !ok {
			continue
		}
		eng := d.england(in.Indicator, y)
		c := d.level[indYear{in.Indicator, y}]
		if in.Change {
			// Both years from the same series: a change measured across a
			// reorganisation would compare different areas.
			code := council
			if from != "" {
				code = from
			}
			prev, ok := d.own(in.Indicator, code, y-1)
			if !ok {
				// The change is missing; an older pair of years would
				// not describe the recent trend.
				return ft
			}
			x -= prev
			eng -= d.england(in.Indicator, y-1)
			c = d.change[indYear{in.Indicator, y}]
		}
		z, ok := c.z(x)
		if !ok {
			continue
		}
		return Feature{Input: in, Year: y, Published: d.published[indYear{in.Indicator, y}], Value: x, England: eng, Z: z, From: from}
	}
	return ft
}

// previous is a council's latest judgement published before asOf; a council
// created by a split or a boundary change inherits its only predecessor's.
// A merged council inherits nothing: its predecessors' services differed.
func (d *Data) previous(council string, asOf time.Time) *sightline.Judgement {
	var best *sightline.Judgement
	find := func(code string) {
		for i := range d.Judgements {
			j := &d.Judgements[i]
			if j.Council == code && j.PublicationDate.Before(asOf) && (best == nil || j.PublicationDate.After(best.PublicationDate)) {
				best = j
			}
		}
	}
	find(council)
	if best == nil {
		if co := d.Register.Council(council); co != nil && len(co.Predecessors) == 1 {
			find(d.Register.Canonical(co.Predecessors[0]))
		}
	}
	return best
}
