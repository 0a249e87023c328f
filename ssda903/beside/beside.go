// Package beside puts a council's own indicators, computed from its returns
// (the SSDA903 and the CIN census alike, as figures.Figure), beside the
// published figures for the same council and indicator. It is apart from
// the measure packages so the store can use them without the catalogue.
package beside

import (
	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/disclosure"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/returns/figures"
	"github.com/sightline-uk/sightline/ssda903/measure"
)

// Row sets a council's own figure beside the published one, for the
// council page; it carries values only, no markup.
type Row struct {
	ID        string // the result's id
	Indicator string // the published indicator's id; "" where DfE publishes none
	Part      measure.Part
	Title     string
	Unit      indicators.Unit
	Decimals  int // the decimal places both figures are shown to
	Year      int
	Own       sightline.Value // suppressed, primary and secondary (figures.Protect)
	Published sightline.Value // the published figure for the same year, Missing when none
	// PublishedArea is the area the published figure is for: the council,
	// or England for indicators DfE publishes only nationally.
	PublishedArea string
	Note          string
}

// Compare returns one row per SSDA903 result, in the results' order: the
// council's own figure (suppressed) and the published figure for the same
// year from the indicator table (the rate, percentage or count the result
// matches). council is the nine-character ONS code; table may be nil when
// nothing is published yet.
func Compare(results []measure.Result, table *indicators.Table, council string) []Row {
	figs := make([]figures.Figure, 0, len(results))
	for _, r := range results {
		if r.Def() != nil {
			figs = append(figs, r.Figure())
		}
	}
	return CompareFigures(figs, table, council)
}

// CompareFigures is Compare for any return's figures, suppressed by the
// rules of the publication they match: every own figure a page, the API, a
// download or the command line shows passes through here, and so through
// figures.Protect, which hides what subtracting one shown figure from
// another would give away. Published figures pass through
// disclosure.Published unchanged.
func CompareFigures(figs []figures.Figure, table *indicators.Table, council string) []Row {
	figs = figures.Protect(figs)
	rows := make([]Row, 0, len(figs))
	for _, f := range figs {
		row := Row{ID: f.ID, Indicator: f.Indicator, Part: f.Part, Title: f.Title, Unit: f.Unit, Decimals: f.Decimals, Year: f.Year,
			Own: f.Shown, Published: sightline.Missing, PublishedArea: council, Note: f.Note}
		if ind := indicators.ByID(f.Indicator); ind != nil && table != nil {
			area := council
			if ind.NationalOnly {
				area = sightline.EnglandCode
			}
			row.PublishedArea = area
			if c, ok := table.Cell(ind.ID, area, f.Year); ok {
				switch {
				case f.Part == figures.PartValue:
					row.Published = disclosure.Published(c.Value)
				case c.HasCounts:
					row.Published = disclosure.Published(sightline.Number(c.Num))
				case !c.Value.IsNumber():
					row.Published = disclosure.Published(c.Value) // a suppressed rate hides its count too
				}
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// CouncilForLA finds the current council with a DfE three-digit LA number,
// or nil, since returns name councils by that number and pages by ONS code.
func CouncilForLA(reg *geography.Register, la string) *sightline.Council {
	var found *sightline.Council
	for _, c := range reg.Councils() {
		if c.OldCode == la && (found == nil || c.Current) {
			found = c
		}
	}
	return found
}
