package forecast

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/sightline-uk/sightline"
)

// Capacity is the places a council has by placement category over time:
// foster places, residential beds, supported places. Places change by
// steps, as homes open and carers are approved or leave.
type Capacity struct {
	// Steps by category index: places from each month on.
	Steps map[int][]CapacityStep
	File  string
}

// CapacityStep is a number of places from a month (zero From: from the
// start) until the category's next step.
type CapacityStep struct {
	From   time.Time
	Places float64
}

// ReadCapacity reads a CSV file with the header category,month,places.
// A row with a blank month gives the category's places from the start; a
// row with a month (YYYY-MM) changes them from that month on. Only the
// categories listed are assessed. For example:
//
//	category,month,places
//	fostering,,180
//	residential,,12
//	residential,2025-10,16
//	supported,,30
//
// A bad row is an error naming the file, line and field.
func ReadCapacity(name string, data []byte, sp StateSpace) (*Capacity, error) {
	c := &Capacity{Steps: map[int][]CapacityStep{}, File: name}
	fail := func(line int, col, format string, a ...any) error {
		return &sightline.InputError{File: name, Line: line, Column: col, Msg: fmt.Sprintf(format, a...)}
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fail(0, "", "file is empty")
	}
	seen := map[string]int{}
	err := csvRows(name, data, []string{"category", "month", "places"}, func(line int, rec []string) error {
		cat, ok := sp.CategoryIndex(rec[0])
		if !ok {
			return fail(line, "category", "no category %q (categories: %s)", rec[0], sp.categoryNames())
		}
		var from time.Time
		if m := rec[1]; m != "" {
			var err error
			if from, err = time.Parse("2006-01", m); err != nil {
				return fail(line, "month", "%q is not a month like 2025-10 (leave it blank for places from the start)", m)
			}
		}
		places, err := strconv.ParseFloat(rec[2], 64)
		if err != nil || places < 0 {
			return fail(line, "places", "%q is not a number of places (0 or more)", rec[2])
		}
		k := fmt.Sprintf("%d %s", cat, from)
		if prev, dup := seen[k]; dup {
			return fail(line, "month", "%s already has places for this month on line %d", sp.Categories[cat].Name, prev)
		}
		seen[k] = line
		c.Steps[cat] = append(c.Steps[cat], CapacityStep{From: from, Places: places})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(c.Steps) == 0 {
		return nil, fail(0, "", "no rows: give places for at least one category")
	}
	for cat, steps := range c.Steps {
		sort.Slice(steps, func(a, b int) bool { return steps[a].From.Before(steps[b].From) })
		if !steps[0].From.IsZero() {
			return nil, fail(0, "month", "%s has no row with a blank month giving its places from the start", sp.Categories[cat].Name)
		}
	}
	return c, nil
}

// Places is a category's places at a month end; ok is false for a
// category the file does not list.
func (c *Capacity) Places(cat int, monthEnd time.Time) (float64, bool) {
	steps, ok := c.Steps[cat]
	if !ok {
		return 0, false
	}
	v := steps[0].Places
	for _, s := range steps[1:] {
		if !s.From.After(monthEnd) {
			v = s.Places
		}
	}
	return v, true
}

// Gap is one month's sufficiency for one category: projected need at the
// median and at the 90th percentile, less the places there are. A
// positive gap is a shortfall.
type Gap struct {
	Month    time.Time `json:"month"`
	Category string    `json:"category"`
	Places   float64   `json:"places"`
	Need     Interval  `json:"need"`
	GapP50   float64   `json:"gap_p50"`
	GapP90   float64   `json:"gap_p90"`
}

// Sufficiency sets need (children in care in each category at each month
// end, from a scenario's runs) against capacity, month by month.
func (p *Projection) Sufficiency(sc int, c *Capacity) []Gap {
	sp := p.Fit.Space
	var out []Gap
	for m := 1; m < p.nm; m++ {
		for cat := range sp.Categories {
			places, ok := c.Places(cat, p.Months[m])
			if !ok {
				continue
			}
			need := p.Stock(sc, m, Scope{-1, cat})
			out = append(out, Gap{Month: p.Months[m], Category: sp.Categories[cat].Name, Places: places, Need: need,
				GapP50: need.P50 - places, GapP90: need.P90 - places})
		}
	}
	return out
}
