package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/disclosure"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/rules"
)

// Geography and time columns that open every EES table.
var eesColumns = []string{"time_period", "time_identifier", "geographic_level", "country_code", "country_name",
	"region_code", "region_name", "old_la_code", "new_la_code", "la_name"}

// Comparison measure columns, after the indicator filter columns.
var comparisonColumns = []string{"indicator_id", "indicator", "unit", "value", "numerator", "denominator",
	"england", "region", "neighbour_mean", "neighbour_median", "neighbours_used", "rank", "councils_ranked",
	"quartile_band", "change_from_previous_year", "significance_vs_england"}

// TimeIdentifier names a published period as EES does.
func TimeIdentifier(period string) string {
	if len(period) == 6 {
		return "Academic year"
	}
	return "Reporting year"
}

func geoCells(reg *geography.Register, period, timeID, area string) []Cell {
	if timeID == "" {
		timeID = TimeIdentifier(period)
	}
	row := []Cell{T(period), T(timeID)}
	switch {
	case area == sightline.EnglandCode:
		return append(row, T("National"), T(area), T("England"), T(""), T(""), T(""), T(""), T(""))
	case len(area) == 9 && (area[:3] == "E12" || area[:3] == "E13"):
		return append(row, T("Regional"), T(sightline.EnglandCode), T("England"), T(area), T(geography.RegionName(area)), T(""), T(""), T(""))
	}
	c := reg.Council(area)
	if c == nil {
		// A jointly reported service: its codes and names are its
		// councils', joined as DfE publishes them.
		var olds, names []string
		region := &sightline.Council{}
		for _, p := range geography.JointParts(area) {
			if pc := reg.Council(p); pc != nil {
				olds, names = append(olds, pc.OldCode), append(names, pc.Name)
				region = pc
			}
		}
		return append(row, T("Local authority"), T(sightline.EnglandCode), T("England"), T(region.RegionCode), T(region.RegionName),
			T(strings.Join(olds, " / ")), T(area), T(strings.Join(names, " / ")))
	}
	return append(row, T("Local authority"), T(sightline.EnglandCode), T("England"), T(c.RegionCode), T(c.RegionName), T(c.OldCode), T(c.Code), T(c.Name))
}

// Selection says what a comparisons table holds.
type Selection struct {
	Indicators []*indicators.Indicator
	// Councils to include; with AllCouncils, every council with its own
	// series (an old code continuing under a new one would repeat it).
	Councils    []string
	AllCouncils bool
	// Areas are England or regions to include as rows of their own.
	Areas []string
	// Context adds England and each chosen council's region.
	Context bool
	// Years to include; empty means every year.
	Years []int
}

// Comparisons builds an EES-format table of indicators × areas × years,
// with every comparator on the council rows.
func Comparisons(tab *indicators.Table, reg *geography.Register, sel Selection) *Table {
	t := &Table{Title: "Sightline: children's social care indicators", Source: "Source: Sightline, from DfE, ONS, OHID, MHCLG and Ofsted publications.",
		Columns: append(append([]string{}, eesColumns...), comparisonColumns...)}
	councils := sel.Councils
	if sel.AllCouncils {
		councils = nil
		for _, c := range reg.Councils() {
			if reg.Canonical(c.Code) == c.Code {
				councils = append(councils, c.Code)
			}
		}
	}
	areas := append([]string{}, sel.Areas...)
	if sel.Context {
		areas = append(areas, sightline.EnglandCode)
		for _, c := range councils {
			if co := reg.Council(c); co != nil {
				areas = append(areas, co.RegionCode)
			}
		}
	}
	slices.Sort(areas)
	areas = slices.Compact(areas)
	// England first, then regions in code order.
	if i := slices.Index(areas, sightline.EnglandCode); i > 0 {
		areas = append([]string{sightline.EnglandCode}, slices.Delete(areas, i, i+1)...)
	}
	for _, ind := range sel.Indicators {
		for _, y := range tab.Years(ind.ID) {
			if len(sel.Years) > 0 && !slices.Contains(sel.Years, y) {
				continue
			}
			period, timeID := tab.Period(ind.ID, y), tab.TimeID(ind.ID, y)
			for _, area := range areas {
				c, ok := tab.Cell(ind.ID, area, y)
				if !ok {
					continue
				}
				row := append(geoCells(reg, period, timeID, area), T(ind.ID), T(ind.Title), T(string(ind.Unit)), V(c.Value, ind.Decimals))
				row = append(row, counts(c)...)
				row = append(row, T(""), T(""), T(""), T(""), T(""), T(""), T(""), T(""), T(""), T(""))
				t.Rows = append(t.Rows, row)
			}
			for _, code := range councils {
				cmp := tab.Compare(ind.ID, code, y)
				if cmp == nil {
					continue
				}
				c, _ := tab.Cell(ind.ID, code, y)
				row := append(geoCells(reg, period, timeID, code), T(ind.ID), T(ind.Title), T(string(ind.Unit)), V(cmp.Value, ind.Decimals))
				row = append(row, counts(c)...)
				rank, ranked := T(""), T("")
				if cmp.Rank > 0 {
					rank, ranked = N(cmp.Rank), N(cmp.Ranked)
				}
				sig := cmp.Significance.Direction
				if cmp.Significance.Level != "" {
					sig += " (" + cmp.Significance.Level + ")"
				}
				row = append(row, V(cmp.England, ind.Decimals), V(cmp.Region, ind.Decimals),
					V(cmp.NeighbourMean, ind.Decimals+1), V(cmp.NeighbourMedian, ind.Decimals+1), N(cmp.NeighbourCount),
					rank, ranked, T(cmp.Band), V(cmp.Change, ind.Decimals), T(sig))
				t.Rows = append(t.Rows, row)
			}
		}
	}
	return t
}

func counts(c indicators.Cell) []Cell {
	if !c.HasCounts {
		return []Cell{T(""), T("")}
	}
	return []Cell{V(sightline.Number(c.Num), -1), V(sightline.Number(c.Den), -1)}
}

// Dataset rebuilds an imported EES dataset in its published wide shape: one
// row per period, area and filter combination, one column per measure, with
// every symbol as published.
func Dataset(d sightline.Dataset, obs []sightline.Observation, reg *geography.Register) (*Table, error) {
	if len(d.Measures) == 0 {
		return nil, fmt.Errorf("dataset %s has no measures to export", d.ID)
	}
	t := &Table{Title: d.Title, Source: "Source: " + d.File, Columns: append(append(append([]string{}, eesColumns...), d.Filters...), d.Measures...)}
	type rowKey struct{ period, level, area, filters string }
	rows := map[rowKey][]Cell{}
	var order []rowKey
	mi := map[string]int{}
	for i, m := range d.Measures {
		mi[m] = i
	}
	for _, o := range obs {
		k := rowKey{o.Period, string(o.Level), o.Area, o.Filters}
		r, ok := rows[k]
		if !ok {
			r = geoCells(reg, o.Period, o.TimeID, o.Area)
			r[2] = T(string(o.Level))
			fv := splitFilters(o.Filters, d.Filters)
			for _, f := range fv {
				r = append(r, T(f))
			}
			r = append(r, make([]Cell, len(d.Measures))...)
			order = append(order, k)
		}
		r[len(eesColumns)+len(d.Filters)+mi[o.Measure]] = Cell{Value: disclosure.Published(o.Value), IsValue: true, Decimals: -1}
		rows[k] = r
	}
	for _, k := range order {
		t.Rows = append(t.Rows, rows[k])
	}
	return t, nil
}

func splitFilters(f string, cols []string) []string {
	out := make([]string, len(cols))
	if len(cols) == 0 {
		return out
	}
	for i, kv := range strings.Split(f, "|") {
		if i < len(out) {
			_, out[i], _ = strings.Cut(kv, "=")
		}
	}
	return out
}

// Catalogue is the indicator catalogue as a table.
func Catalogue(cat []*indicators.Indicator) *Table {
	t := &Table{Title: "Sightline indicator catalogue", Source: "Source: Sightline.",
		Columns: []string{"id", "title", "area", "kind", "unit", "decimals", "polarity", "source", "numerator", "denominator", "definition"}}
	for _, ind := range cat {
		t.Rows = append(t.Rows, []Cell{T(ind.ID), T(ind.Title), T(ind.Area), T(string(ind.Kind)), T(string(ind.Unit)),
			N(ind.Decimals), T(string(ind.Polarity)), T(ind.Source()), T(ind.NumeratorText), T(ind.DenominatorText), T(ind.Definition)})
	}
	return t
}

// Judgements is Ofsted's ILACS judgements as a table, councils identified
// as in EES files.
func Judgements(js []sightline.Judgement, reg *geography.Register) *Table {
	t := &Table{Title: "Ofsted ILACS inspection outcomes", Source: "Source: Ofsted, children's social care data in England.",
		Columns: []string{"new_la_code", "old_la_code", "la_name", "region_name", "inspection_date", "publication_date", "inspection_type",
			"overall_effectiveness", "leaders", "help_and_protection", "children_in_care", "care_leavers"}}
	for _, j := range js {
		old, region := "", ""
		if c := reg.Council(j.Council); c != nil {
			old, region = c.OldCode, c.RegionName
		}
		pub := ""
		if !j.PublicationDate.IsZero() {
			pub = j.PublicationDate.Format("2006-01-02")
		}
		t.Rows = append(t.Rows, []Cell{T(j.Council), T(old), T(j.CouncilName), T(region), T(j.InspectionDate.Format("2006-01-02")), T(pub), T(j.Type),
			T(string(j.Overall)), T(string(j.Leaders)), T(string(j.HelpAndProtection)), T(string(j.ChildrenInCare)), T(string(j.CareLeavers))})
	}
	return t
}

// Findings is a validation report as a table: one row per faulted row of
// the return, located by file, row and child.
func Findings(rep *rules.Report) *Table {
	t := &Table{Title: "Validation report, " + rep.RuleSet + " rules", Source: "Source: Sightline validation of the council's return against DfE's rules.",
		Columns: []string{"rule", "message", "table", "file", "row", "child", "fields", "kind"}}
	for _, f := range rep.Findings {
		t.Rows = append(t.Rows, []Cell{T(f.Rule), T(f.Message), T(f.Table), T(f.File), N(f.Row), T(f.Child), T(strings.Join(f.Fields, " ")), T(f.Kind)})
	}
	return t
}
