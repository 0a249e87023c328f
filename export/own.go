package export

import (
	"strconv"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/ssda903/beside"
)

// ownColumns follow the geography columns in a table of a council's own
// figures.
var ownColumns = []string{"figure_id", "figure", "unit", "own_value", "published_value", "published_area", "indicator_id", "note"}

// Own builds the table of a council's own figures, computed from the
// returns it kept, beside the published ones: the rows exactly as the
// council page shows them, already through disclosure control
// (beside.CompareFigures), so a download shows nothing the page hides.
func Own(reg *geography.Register, council *sightline.Council, rows []beside.Row) *Table {
	t := &Table{Title: "Sightline: " + council.Name + "'s figures from its own returns",
		Source:  "Source: computed by Sightline from the council's own SSDA903 return and CIN census, suppressed as DfE suppresses them (c), beside DfE's published figures.",
		Columns: append(append([]string{}, eesColumns...), ownColumns...)}
	for _, r := range rows {
		row := geoCells(reg, strconv.Itoa(r.Year), "Reporting year", council.Code)
		row = append(row, T(r.ID), T(r.Title), T(string(r.Unit)), V(r.Own, r.Decimals), V(r.Published, r.Decimals),
			T(r.PublishedArea), T(r.Indicator), T(r.Note))
		t.Rows = append(t.Rows, row)
	}
	return t
}
