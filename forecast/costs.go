package forecast

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sightline-uk/sightline"
)

// Costs are pounds per child per day of care by category name, with where
// they came from, so that every spend figure says what it rests on.
type Costs struct {
	PerDayBy map[string]float64
	Source   string
}

// DefaultCosts are rough national figures, for a first look only: a
// council's own unit costs differ by a factor of two or more and must be
// set with a costs file. None is a verified citation:
//
//   - fostering about £100 a day (about £700 a week), a blend of in-house
//     and agency foster care, of the order the PSSRU Unit Costs of Health
//     and Social Care reports;
//   - residential about £800 a day (about £5,600 a week), of the order of
//     the children's home prices in the CMA's children's social care market
//     study (2022) and the LGA and County Councils Network reports on
//     children's homes costs;
//   - supported accommodation about £200 a day, a rough figure (costs vary
//     several-fold by support level);
//   - other placements about £150 a day, a rough blend (placed with
//     parents and for adoption cost little, secure children's homes far
//     more).
func DefaultCosts() Costs {
	return Costs{
		PerDayBy: map[string]float64{"fostering": 100, "residential": 800, "supported": 200, "other": 150},
		Source: "illustrative defaults, about: fostering £100/day (order of the PSSRU Unit Costs of Health and Social Care), " +
			"residential £800/day (order of the CMA children's social care market study 2022 and LGA/CCN children's homes reports), " +
			"supported £200/day and other £150/day (rough); set your own with --costs",
	}
}

// PerDay is the daily cost of a category (0 when the costs do not list it).
func (c Costs) PerDay(category string) float64 { return c.PerDayBy[strings.ToLower(category)] }

// ReadCosts reads daily costs from a CSV file with the header
// category,per_day (one row per category) or a JSON object
// {"fostering": 100, …}. Every category of the state space must be given;
// a bad row is an error naming the file, line and field.
func ReadCosts(name string, data []byte, sp StateSpace) (Costs, error) {
	c := Costs{PerDayBy: map[string]float64{}, Source: name}
	fail := func(line int, col, format string, a ...any) error {
		return &sightline.InputError{File: name, Line: line, Column: col, Msg: fmt.Sprintf(format, a...)}
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return c, fail(0, "", "file is empty")
	}
	set := func(line int, col, cat string, v float64) error {
		i, ok := sp.CategoryIndex(cat)
		if !ok {
			return fail(line, col, "no category %q (categories: %s)", cat, sp.categoryNames())
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fail(line, "per_day", "a cost must be a number of pounds, 0 or more")
		}
		key := strings.ToLower(sp.Categories[i].Name)
		if _, dup := c.PerDayBy[key]; dup {
			return fail(line, col, "%s is given twice", key)
		}
		c.PerDayBy[key] = v
		return nil
	}
	if trimmed[0] == '{' {
		var m map[string]float64
		if err := json.Unmarshal(trimmed, &m); err != nil {
			return c, fail(0, "", "not a JSON object of category to pounds per day: %v", err)
		}
		for k, v := range m {
			if err := set(0, k, k, v); err != nil {
				return c, err
			}
		}
	} else {
		err := csvRows(name, data, []string{"category", "per_day"}, func(line int, rec []string) error {
			v, err := strconv.ParseFloat(strings.TrimPrefix(rec[1], "£"), 64)
			if err != nil {
				return fail(line, "per_day", "%q is not a number of pounds", rec[1])
			}
			return set(line, "category", rec[0], v)
		})
		if err != nil {
			return c, err
		}
	}
	for _, cat := range sp.Categories {
		if _, ok := c.PerDayBy[strings.ToLower(cat.Name)]; !ok {
			return c, fail(0, "", "no cost for %s; give every category (%s)", cat.Name, sp.categoryNames())
		}
	}
	return c, nil
}
