package peers

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/stats"
)

const englandCode = sightline.EnglandCode

// distQuantile is the standard normal quantile at lower-tail probability p.
func distQuantile(p float64) float64 { return distuv.UnitNormal.Quantile(p) }

// Method is how a council's position and change are judged on an
// indicator.
type Method string

// Methods. Funnel is the method wherever an indicator has counts and a
// sampling model: position against England's over-dispersion-adjusted
// funnel, change against England's change on a change funnel. Spread is the
// fallback for indicators published without counts (workforce rates,
// Attainment 8, overall absence): position and change are robust z-scores
// across councils, (x − median) / (1.4826 × MAD), judged against the same
// 95% normal limits. Spread says "unusual among councils this year", not
// "beyond what chance explains", and is labelled so wherever it is shown.
const (
	Funnel Method = "funnel"
	Spread Method = "spread"
)

// Standings of a council on an indicator, by its polarity.
const (
	Worse   = "worse"
	Better  = "better"
	Similar = "similar"
)

// Criterion fixes what "in the same position" and "then improved" mean.
//
// A council is in the position (a concern) in year t0 when it lies beyond
// the P-level limit on the bad side: of England's funnel with Dispersion's
// over-dispersion adjustment (Funnel method), or of councils' robust spread
// (Spread). A funnel rather than the worst quartile, because a quartile
// takes a quarter of councils whatever the evidence and ranks small
// councils on noise; the over-dispersion adjustment, because for large
// denominators pure sampling limits would flag most councils.
//
// It then improved, and sustained it, when its change from t0 to t0+k lies
// beyond the P-level limit of the change funnel on the good side (its
// change against England's change over the same years, adjusted likewise)
// for every k = 1 … n with n ≥ MinPeriods and the years consecutive: a
// significant improvement in the first year that is still significant,
// measured from the same starting point, after two years. The episode runs
// as long as that holds.
type Criterion struct {
	P          float64          // one-tail probability of the limits; stats.P95
	Dispersion stats.Dispersion // stats.Additive
	Winsor     float64          // stats.DefaultWinsor
	MinPeriods int              // 2
}

// DefaultCriterion is the criterion briefs and the validation use. It
// takes DerSimonian–Laird's τ² from winsorised z-scores, as the issue's
// method states, where the warnings take the robust τ² (stats
// RobustAdditive), whose limits are wider: every council the warnings
// flag is therefore also "in the same position" here, and the pool of
// peers that improved is the broader one.
func DefaultCriterion() Criterion {
	return Criterion{P: stats.P95, Dispersion: stats.Additive, Winsor: stats.DefaultWinsor, MinPeriods: 2}
}

// Judged reports whether peers can be matched on an indicator: it has a
// polarity (better and worse mean something) and is published by council.
func Judged(ind *indicators.Indicator) bool {
	return ind != nil && ind.Polarity != indicators.NoJudgement && !ind.NationalOnly
}

// MethodFor is Funnel where the indicator has a sampling model, else Spread.
func MethodFor(ind *indicators.Indicator) Method {
	if ind.Model != stats.NoModel {
		return Funnel
	}
	return Spread
}

// Position is where a council stood on an indicator in a year.
type Position struct {
	Year   int      `json:"year"`
	Value  *float64 `json:"value"`            // null when not published as a number
	Symbol string   `json:"symbol,omitempty"` // the published symbol where there is no number
	// Z is the adjusted z-score against England (funnel) or the robust
	// z-score among councils (spread); positive is higher, whatever the
	// polarity. Null where the council cannot be judged.
	Z *float64 `json:"z"`
	// Standing is "worse" or "better" beyond the 95% limit by the
	// indicator's polarity, "similar" within, "" where not judged.
	Standing string `json:"standing"`
}

// Concern reports whether the council was beyond the bad-side limit.
func (p Position) Concern() bool { return p.Standing == Worse }

// Episode is one sustained improvement: a concern in ConcernYear followed by
// Periods consecutive years each significantly better than ConcernYear.
type Episode struct {
	ConcernYear int `json:"concern_year"`
	HeldTo      int `json:"held_to"` // ConcernYear + Periods
	Periods     int `json:"periods"`
	// Values of the indicator at the concern year, a year later and at
	// HeldTo, and England's in the same years.
	Before              float64 `json:"before"`
	AfterOneYear        float64 `json:"after_one_year"`
	After               float64 `json:"after"`
	EnglandBefore       float64 `json:"england_before"`
	EnglandAfterOneYear float64 `json:"england_after_one_year"`
	EnglandAfter        float64 `json:"england_after"`
	// Z holds the adjusted z-score of the change from ConcernYear to
	// ConcernYear+k against England's change, k = 1 … Periods (the robust
	// z among councils' changes for the spread method).
	Z []float64 `json:"z"`
}

// FirstChange is the change in the year after the concern.
func (e Episode) FirstChange() float64 { return e.AfterOneYear - e.Before }

// RelativeFirstChange is the first year's change less England's change in
// the same year: what the council gained on England, free of national shifts
// (the pandemic years moved every council's absence and health checks), and
// the figure the validation applies to a council in the same position.
func (e Episode) RelativeFirstChange() float64 {
	return e.FirstChange() - (e.EnglandAfterOneYear - e.EnglandBefore)
}

// Change is the whole change over the episode.
func (e Episode) Change() float64 { return e.After - e.Before }

// Detector judges positions and improvements on one indicator, with the
// funnels fitted once per year and pair of years from that year's figures.
// It is safe for concurrent use after NewDetector returns.
type Detector struct {
	tab    *indicators.Table
	ind    *indicators.Indicator
	crit   Criterion
	method Method
	good   int // +1 when higher is better, −1 when lower is better
	limit  float64
	level  map[int]*fit
	change map[[2]int]*fit
	// own holds every reporting unit's position on its own figure, fitted
	// once: Episodes asks for them many times.
	own map[unitYear]Position

	mu       sync.Mutex
	episodes map[unitYear][]Episode // by council and as-of year
}

type unitYear struct {
	unit string
	year int
}

// fit is a level or change funnel (funnel method) or the robust centre and
// scale of councils' figures or changes (spread method).
type fit struct {
	funnel        stats.Funnel
	change        stats.Change
	centre, scale float64
}

// NewDetector fits every year's level funnel and every pair of years'
// change funnel for an indicator. ind must be Judged.
func NewDetector(tab *indicators.Table, ind *indicators.Indicator, crit Criterion) *Detector {
	d := &Detector{tab: tab, ind: ind, crit: crit, method: MethodFor(ind), good: 1,
		limit: -distQuantile(crit.P), level: map[int]*fit{}, change: map[[2]int]*fit{},
		own: map[unitYear]Position{}, episodes: map[unitYear][]Episode{}}
	if ind.Polarity == indicators.LowIsGood {
		d.good = -1
	}
	years := tab.Years(ind.ID)
	for _, y := range years {
		if f := d.fitLevel(y); f != nil {
			d.level[y] = f
		}
	}
	for i, y1 := range years {
		for _, y2 := range years[i+1:] {
			if f := d.fitChange(y1, y2); f != nil {
				d.change[[2]int{y1, y2}] = f
			}
		}
	}
	for _, y := range years {
		for _, u := range tab.Units(ind.ID, y) {
			d.own[unitYear{u, y}] = d.position(u, y, true)
		}
	}
	return d
}

// Method is how this detector judges.
func (d *Detector) Method() Method { return d.method }

// Criterion is the criterion this detector applies.
func (d *Detector) Criterion() Criterion { return d.crit }

// unit is a reporting unit's counts, or ok false.
func (d *Detector) unit(area string, year int, ownOnly bool) (stats.Unit, bool) {
	c, ok := d.tab.Cell(d.ind.ID, area, year)
	if !ok || !c.HasCounts || c.Den <= 0 || ownOnly && c.Shared != "" {
		return stats.Unit{}, false
	}
	return stats.Unit{O: c.Num, N: c.Den}, true
}

// value is a reporting unit's published figure, or ok false.
func (d *Detector) value(area string, year int, ownOnly bool) (float64, bool) {
	c, ok := d.tab.Cell(d.ind.ID, area, year)
	if !ok || !c.Value.IsNumber() || ownOnly && c.Shared != "" {
		return 0, false
	}
	return c.Value.Num, true
}

func (d *Detector) england(year int) (stats.Unit, bool) {
	return d.unit(englandCode, year, false)
}

func (d *Detector) fitLevel(y int) *fit {
	units := d.tab.Units(d.ind.ID, y)
	if d.method == Spread {
		var xs []float64
		for _, u := range units {
			if v, ok := d.value(u, y, true); ok {
				xs = append(xs, v)
			}
		}
		return robust(xs)
	}
	eng, ok := d.england(y)
	if !ok {
		return nil
	}
	var us []stats.Unit
	for _, u := range units {
		if x, ok := d.unit(u, y, true); ok {
			us = append(us, x)
		}
	}
	if len(us) < 2 {
		return nil
	}
	return &fit{funnel: stats.FitFunnel(d.ind.Model, eng.Rate(), us, d.crit.Dispersion, d.crit.Winsor)}
}

func (d *Detector) fitChange(y1, y2 int) *fit {
	units := d.tab.Units(d.ind.ID, y2)
	if d.method == Spread {
		var xs []float64
		for _, u := range units {
			a, ok1 := d.value(u, y1, true)
			b, ok2 := d.value(u, y2, true)
			if ok1 && ok2 {
				xs = append(xs, b-a)
			}
		}
		return robust(xs)
	}
	e1, ok1 := d.england(y1)
	e2, ok2 := d.england(y2)
	if !ok1 || !ok2 {
		return nil
	}
	var before, after []stats.Unit
	for _, u := range units {
		a, ok1 := d.unit(u, y1, true)
		b, ok2 := d.unit(u, y2, true)
		if ok1 && ok2 {
			before, after = append(before, a), append(after, b)
		}
	}
	if len(before) < 2 {
		return nil
	}
	return &fit{change: stats.FitChange(d.ind.Model, e1.Rate(), e2.Rate(), before, after, d.crit.Dispersion, d.crit.Winsor)}
}

// robust is the median and 1.4826 × median absolute deviation of xs (the
// normal-consistent scale), or nil when there are too few to judge or no
// spread.
func robust(xs []float64) *fit {
	if len(xs) < 10 {
		return nil
	}
	m := stats.Median(xs)
	dev := make([]float64, len(xs))
	for i, x := range xs {
		dev[i] = math.Abs(x - m)
	}
	s := 1.4826 * stats.Median(dev)
	if s <= 0 {
		return nil
	}
	return &fit{centre: m, scale: s}
}

// Position is where a council (or a joint service, through the figure its
// councils share) stood in a year.
func (d *Detector) Position(council string, year int) Position {
	return d.position(council, year, false)
}

func (d *Detector) position(council string, year int, ownOnly bool) Position {
	p := Position{Year: year}
	c, ok := d.tab.Cell(d.ind.ID, council, year)
	if !ok || ownOnly && c.Shared != "" {
		return p
	}
	if !c.Value.IsNumber() {
		p.Symbol = c.Value.Symbol
		return p
	}
	v := c.Value.Num
	p.Value = &v
	f := d.level[year]
	if f == nil {
		return p
	}
	var z float64
	if d.method == Spread {
		z = (v - f.centre) / f.scale
	} else {
		u, ok := d.unit(council, year, ownOnly)
		if !ok {
			return p
		}
		z = f.funnel.Z(u)
		// The standing follows the funnel's own limits: exact where no
		// adjustment applies, normal where it does.
		switch f.funnel.Outside(u, d.crit.P) * d.good {
		case 1:
			p.Standing = Better
		case -1:
			p.Standing = Worse
		default:
			p.Standing = Similar
		}
	}
	if math.IsNaN(z) {
		p.Standing = ""
		return p
	}
	p.Z = &z
	if d.method == Spread {
		p.Standing = d.side(z)
	}
	return p
}

// side turns a z-score into a standing by the limit and polarity.
func (d *Detector) side(z float64) string {
	switch {
	case z*float64(d.good) > d.limit:
		return Better
	case z*float64(d.good) < -d.limit:
		return Worse
	}
	return Similar
}

// changeZ is the z-score of a council's own change from y1 to y2 and
// whether it could be judged.
func (d *Detector) changeZ(council string, y1, y2 int) (float64, bool) {
	f := d.change[[2]int{y1, y2}]
	if f == nil {
		return 0, false
	}
	if d.method == Spread {
		a, ok1 := d.value(council, y1, true)
		b, ok2 := d.value(council, y2, true)
		if !ok1 || !ok2 {
			return 0, false
		}
		return (b - a - f.centre) / f.scale, true
	}
	a, ok1 := d.unit(council, y1, true)
	b, ok2 := d.unit(council, y2, true)
	if !ok1 || !ok2 {
		return 0, false
	}
	z := f.change.Z(a, b)
	return z, !math.IsNaN(z)
}

// Episodes lists a council's sustained improvements known by the end of
// asOf: concern years t0 with t0 + MinPeriods ≤ asOf, runs measured only
// with years up to asOf. Only the council's own figures count (not a
// figure shared with a joint service). A concern year inside an earlier
// episode's run is part of that episode, not a new one.
func (d *Detector) Episodes(council string, asOf int) []Episode {
	k := unitYear{council, asOf}
	d.mu.Lock()
	eps, ok := d.episodes[k]
	d.mu.Unlock()
	if ok {
		return eps
	}
	eps = d.findEpisodes(council, asOf)
	d.mu.Lock()
	d.episodes[k] = eps
	d.mu.Unlock()
	return eps
}

func (d *Detector) findEpisodes(council string, asOf int) []Episode {
	var out []Episode
	heldTo := math.MinInt
	for _, t0 := range d.tab.Years(d.ind.ID) {
		if t0+d.crit.MinPeriods > asOf {
			break
		}
		if t0 < heldTo {
			continue
		}
		if !d.own[unitYear{council, t0}].Concern() {
			continue
		}
		var zs []float64
		for k := 1; t0+k <= asOf; k++ {
			z, ok := d.changeZ(council, t0, t0+k)
			if !ok || d.side(z) != Better {
				break
			}
			zs = append(zs, z)
		}
		if len(zs) < d.crit.MinPeriods {
			continue
		}
		e := Episode{ConcernYear: t0, Periods: len(zs), HeldTo: t0 + len(zs), Z: zs}
		e.Before, _ = d.value(council, t0, true)
		e.AfterOneYear, _ = d.value(council, t0+1, true)
		e.After, _ = d.value(council, e.HeldTo, true)
		e.EnglandBefore, _ = d.value(englandCode, t0, false)
		e.EnglandAfterOneYear, _ = d.value(englandCode, t0+1, false)
		e.EnglandAfter, _ = d.value(englandCode, e.HeldTo, false)
		out = append(out, e)
		heldTo = e.HeldTo
	}
	return out
}

// GapClosed is the share of its gap to England the council closed in the
// year after the concern: 1 − (x₁ − E₁)/(x₀ − E₀). 1 means it reached
// England's figure, 0 that the gap stayed as it was, more than 1 that it
// passed England.
func (e Episode) GapClosed() float64 {
	g0 := e.Before - e.EnglandBefore
	if g0 == 0 {
		return 0
	}
	return 1 - (e.AfterOneYear-e.EnglandAfterOneYear)/g0
}

// Describe says in plain words how this detector judges, for briefs and
// the API.
func (d *Detector) Describe() string {
	pct := fmt.Sprintf("%g%%", 100*(1-2*d.crit.P))
	if d.method == Spread {
		return fmt.Sprintf("No counts are published for this indicator, so there is no funnel: a council is in the position when its figure "+
			"is beyond the %s range of councils' figures that year on the bad side (robust z-score: distance from the median in units of "+
			"1.4826 × the median absolute deviation), and improved when its change from that year is beyond the %s range of councils' "+
			"changes on the good side, after one year and still after %d.", pct, pct, d.crit.MinPeriods)
	}
	return fmt.Sprintf("A council is in the position when it is beyond England's %s funnel limit on the bad side (limits widened for "+
		"over-dispersion, %s, winsorised %g%% each tail), and improved when its change from that year is beyond the %s limit of the "+
		"change funnel around England's change on the good side, after one year and still after %d, in consecutive years.",
		pct, d.crit.Dispersion, 100*d.crit.Winsor, pct, d.crit.MinPeriods)
}

// Limits returns the funnel limits at the criterion's level for a unit with
// denominator n in a year, on the indicator's scale (a percentage or a rate
// per 10,000); ok is false for the spread method or a year without a fit.
func (d *Detector) Limits(year int, n float64) (lo, hi float64, ok bool) {
	f := d.level[year]
	if d.method != Funnel || f == nil || n <= 0 {
		return 0, 0, false
	}
	lo, hi = f.funnel.Limits(n, d.crit.P)
	return lo * d.ind.Scale, hi * d.ind.Scale, !math.IsNaN(lo) && !math.IsNaN(hi)
}
