// Package published forecasts every council's published numbers of children
// looked after at 31 March and of children starting to be looked after, one
// to three years ahead, with prediction intervals, from figures published
// before the forecast's origin only; and backtests every candidate model from
// rolling origins so that the shipped model is chosen by evidence.
//
// An origin is a reporting year Y: the forecast is made once DfE has
// published the figures for the year ending 31 March Y (each November), so
// it sees years up to Y and nothing later. The population behind year Y's
// rate (the ONS mid-year estimate for Y−1) is published before then.
package published

import (
	"math"
	"sort"
	"strings"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
)

// Measure is a published count that can be forecast, named by the
// catalogue indicator whose numerator it is, so counts come from the same
// cells pages show.
type Measure struct {
	ID        string // short name used in output ("cla", "starts")
	Indicator string // catalogue indicator whose numerator is the count
	Title     string
}

// The two counts forecast: the stock of children in care drives placement
// sufficiency and cost; starters drive the front door's workload.
var (
	LookedAfter = Measure{ID: "cla", Indicator: "cla_rate", Title: "Children looked after at 31 March"}
	Starters    = Measure{ID: "starts", Indicator: "cla_starts_rate", Title: "Children starting to be looked after in the year"}
)

// Measures lists what can be forecast, headline first.
var Measures = []Measure{LookedAfter, Starters}

// Series is one council's published counts. A year that was suppressed,
// not published or shared with another council is absent, never zero, so
// models see only figures that were published for this council.
type Series struct {
	Code, Name, Region string
	// FirstYear is the first reporting year of a council created by a merger
	// or split (0 otherwise): its series starts there and no predecessor's
	// figures are spliced on. A code change continues one series.
	FirstYear int
	Count     map[int]float64
	// Pop is the child population behind the year's published rate (the ONS
	// mid-year estimate for the previous year).
	Pop map[int]float64
}

// Years lists the series' published years, oldest first.
func (s *Series) Years() []int {
	ys := make([]int, 0, len(s.Count))
	for y := range s.Count {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// Panel is every current council's series for one measure, with England's,
// as far as a given origin.
type Panel struct {
	Measure  Measure
	Councils []Series
	England  map[int]float64
	// Origin is the last reporting year the panel holds.
	Origin int
}

// Load builds the panel of current councils from the indicator table, up
// to the newest published year. Councils are taken under the code their
// series continues under, so a code change (Somerset, North Yorkshire,
// Barnsley, Sheffield) is one series; a council created by a split or merger
// (Cumberland, Westmorland and Furness, the Northamptonshires) starts its
// series at its first reporting year, and abolished councils are left out.
func Load(tab *indicators.Table, reg *geography.Register, m Measure) *Panel {
	p := &Panel{Measure: m, England: map[int]float64{}}
	years := tab.Years(m.Indicator)
	for _, y := range years {
		if c, ok := tab.Cell(m.Indicator, sightline.EnglandCode, y); ok && c.HasCounts {
			p.England[y] = c.Num
		}
		p.Origin = max(p.Origin, y)
	}
	for _, c := range reg.Councils() {
		if !c.Current || reg.Canonical(c.Code) != c.Code || strings.Contains(c.Code, "/") {
			continue
		}
		// A council that only took a new code continues its old code's
		// series (the table files both under the new code); one created by
		// a merger or split starts afresh.
		first := c.FirstYear
		if len(reg.Aliases(c.Code)) > 1 {
			first = 0
		}
		s := Series{Code: c.Code, Name: c.Name, Region: c.RegionCode, FirstYear: first, Count: map[int]float64{}, Pop: map[int]float64{}}
		for _, y := range years {
			if first != 0 && y < first {
				continue
			}
			cell, ok := tab.Cell(m.Indicator, c.Code, y)
			if !ok || cell.Shared != "" || !cell.HasCounts {
				continue
			}
			s.Count[y] = cell.Num
			s.Pop[y] = cell.Den
		}
		if len(s.Count) > 0 {
			p.Councils = append(p.Councils, s)
		}
	}
	return p
}

// AsOf returns the panel as it stood at an origin: every figure for a later
// year removed. Models only ever see a panel cut this way, so no forecast
// can use a figure published after its origin.
func (p *Panel) AsOf(origin int) *Panel {
	q := &Panel{Measure: p.Measure, England: cut(p.England, origin), Origin: origin}
	for _, s := range p.Councils {
		t := s
		t.Count, t.Pop = cut(s.Count, origin), cut(s.Pop, origin)
		if len(t.Count) > 0 {
			q.Councils = append(q.Councils, t)
		}
	}
	return q
}

func cut(m map[int]float64, origin int) map[int]float64 {
	out := make(map[int]float64, len(m))
	for y, v := range m {
		if y <= origin {
			out[y] = v
		}
	}
	return out
}

// Council returns the series of a council, or nil.
func (p *Panel) Council(code string) *Series {
	for i := range p.Councils {
		if p.Councils[i].Code == code {
			return &p.Councils[i]
		}
	}
	return nil
}

// logDrift is the mean yearly change in log of a series over its published
// years up to origin: (log last − log first)/(years between), so a
// suppressed year in the middle is spanned, not treated as zero. False with
// fewer than two positive figures.
func logDrift(m map[int]float64, origin int) (float64, bool) {
	first, last := 0, 0
	for y, v := range m {
		if y > origin || v <= 0 {
			continue
		}
		if first == 0 || y < first {
			first = y
		}
		if y > last {
			last = y
		}
	}
	if first == 0 || first == last {
		return 0, false
	}
	return (math.Log(m[last]) - math.Log(m[first])) / float64(last-first), true
}

// last returns the newest figure at or before origin and its year.
func last(m map[int]float64, origin int) (float64, int, bool) {
	ly := 0
	for y := range m {
		if y <= origin && y > ly {
			ly = y
		}
	}
	if ly == 0 {
		return 0, 0, false
	}
	return m[ly], ly, true
}
