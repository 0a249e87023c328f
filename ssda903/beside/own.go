package beside

import (
	"context"

	"github.com/sightline-uk/sightline"
	cinmeasure "github.com/sightline-uk/sightline/cin/measure"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/returns/figures"
	"github.com/sightline-uk/sightline/ssda903/measure"
)

// Kept903 is what a store offers when it keeps councils' SSDA903 returns.
type Kept903 interface {
	Indicators903(ctx context.Context, la string) ([]measure.Result, error)
}

// KeptCIN is what a store offers when it keeps councils' CIN censuses.
type KeptCIN interface {
	IndicatorsCIN(ctx context.Context, la string) ([]cinmeasure.Result, error)
}

// Own reads a council's kept figures from a store, whichever returns it
// keeps, each return's latest year, and sets them beside the published
// ones through CompareFigures, so the command line's export shows exactly
// what the council page and the API show. A store keeping no returns
// gives none.
func Own(ctx context.Context, store any, table *indicators.Table, council *sightline.Council) ([]Row, error) {
	var rows []Row
	add := func(figs []figures.Figure, err error) error {
		rows = append(rows, CompareFigures(Latest(figs), table, council.Code)...)
		return err
	}
	if s, ok := store.(Kept903); ok {
		if err := add(figuresOf(s.Indicators903(ctx, council.OldCode))); err != nil {
			return nil, err
		}
	}
	if s, ok := store.(KeptCIN); ok {
		if err := add(figuresOf(s.IndicatorsCIN(ctx, council.OldCode))); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// figuresOf turns any return's results into figures.
func figuresOf[R interface{ Figure() figures.Figure }](rs []R, err error) ([]figures.Figure, error) {
	figs := make([]figures.Figure, 0, len(rs))
	for _, r := range rs {
		figs = append(figs, r.Figure())
	}
	return figs, err
}

// Latest keeps the figures of the latest year among figs, with a
// definition: pages show a return's latest year only.
func Latest(figs []figures.Figure) []figures.Figure {
	latest := 0
	for _, f := range figs {
		if f.Defined() {
			latest = max(latest, f.Year)
		}
	}
	var out []figures.Figure
	for _, f := range figs {
		if f.Year == latest && f.Defined() {
			out = append(out, f)
		}
	}
	return out
}
