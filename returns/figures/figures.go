// Package figures holds what every return's own indicators share, so the
// SSDA903 and CIN census measures, the store and the council page treat
// them alike: the kinds of figure, the part of a published indicator a
// figure sits beside, and the figure as shown (Figure), suppressed by the
// publication's rules and, across one return's figures, by secondary
// suppression (Protect), both in package disclosure.
package figures

import (
	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/disclosure"
)

// Kind says how a figure is shown and suppressed.
type Kind string

// Kinds of figure.
const (
	Count Kind = "count" // a number of children, episodes, plans or incidents
	Ratio Kind = "ratio" // numerator/denominator × Scale: a percentage or rate
	Mean  Kind = "mean"  // numerator (a total) / denominator (children) × Scale
)

// Part names the figure of a published indicator that an own figure sits
// beside, so a count is never set against a rate.
type Part string

// Parts of a published indicator.
const (
	PartValue     Part = "value"     // the indicator's value (a rate, a percentage)
	PartNumerator Part = "numerator" // the count behind it
)

// Definition describes one figure a return's measures compute: what it
// counts and which published indicator it matches, so pages can set the two
// side by side.
type Definition struct {
	ID              string
	Title           string
	Kind            Kind
	Unit            sightline.Unit
	Scale           float64
	Decimals        int
	NumeratorText   string
	DenominatorText string
	// Indicator is the matching published indicator's id in the
	// indicators catalogue, "" where none matches; Part says which of its
	// figures matches.
	Indicator string
	Part      Part
	// Within names the count figure this count is part of (children looked
	// after at 31 March for the unaccompanied asylum-seeking ones), so the
	// rest, which subtracting one from the other gives, is protected as a
	// cell of the same table.
	Within string
	// NumeratorID and DenominatorID name the count figures that are this
	// ratio's numerator and denominator, so a ratio is hidden whenever a
	// count it would give away is.
	NumeratorID, DenominatorID string
}

// Figure is one own figure as it may be shown, already suppressed, with
// what a page needs to set it beside the published indicator, whichever
// return it was computed from.
type Figure struct {
	ID        string // the result's id, unique across returns
	Title     string
	Indicator string // the matching published indicator; "" where DfE publishes none
	Part      Part
	Unit      sightline.Unit
	Decimals  int
	Year      int
	Shown     sightline.Value // suppressed and rounded
	Note      string

	// What Protect needs to suppress across figures; never shown.
	rules disclosure.Rules
	def   *Definition
	res   Result
}

// Defined reports whether the figure has a definition to show it by (a
// stored result whose id is no longer defined has none).
func (f Figure) Defined() bool { return f.def != nil }

// Catalogue finds a return's figure definitions by id, so stored results
// can be read back with their titles and kinds.
type Catalogue map[string]*Definition

// NewCatalogue indexes definitions by id.
func NewCatalogue(defs []Definition) Catalogue {
	c := make(Catalogue, len(defs))
	for i := range defs {
		c[defs[i].ID] = &defs[i]
	}
	return c
}

// Result is one figure computed from a return, unsuppressed. Each
// return's measures package has its own Result with the same fields, so
// its methods can find its definitions; they convert to this one to share
// the showing.
type Result struct {
	ID   string
	Year int
	// Numerator and Denominator are the counts (for a Mean, the total and
	// the number of children); Denominator is 0 for a Count.
	Numerator, Denominator float64
	// Value is the unrounded figure, or Missing ("x") when it cannot be
	// computed from the return; Note says why, or what was left out.
	Value sightline.Value
	Note  string
}

// Show is a result as the publication would show it, by its definition d
// (nil when its id is no longer defined): suppressed and rounded by the
// rules, its own symbol where it has no number, and "x" for a number with
// no definition to show it by. It is the result on its own; a page showing
// a return's figures together shows them through Protect.
func Show(r disclosure.Rules, d *Definition, res Result) sightline.Value {
	if d == nil || !res.Value.IsNumber() {
		if res.Value.IsNumber() {
			return sightline.Missing
		}
		return res.Value
	}
	switch d.Kind {
	case Ratio:
		return r.Ratio(res.Numerator, res.Denominator, d.Scale, d.Decimals)
	case Mean:
		return r.Mean(res.Numerator*d.Scale, res.Denominator, d.Decimals)
	}
	return r.Count(res.Numerator, sightline.LocalAuthority)
}

// Make is a result as a page sets it beside the published figure, shown by
// Show; Protect then suppresses across the figures shown together.
func Make(r disclosure.Rules, d *Definition, res Result) Figure {
	f := Figure{ID: res.ID, Title: res.ID, Year: res.Year, Shown: Show(r, d, res), Note: res.Note, rules: r, def: d, res: res}
	if d != nil {
		f.Title, f.Indicator, f.Part, f.Unit, f.Decimals = d.Title, d.Indicator, d.Part, d.Unit, d.Decimals
	}
	return f
}

// Protect applies secondary suppression to figures shown together (one
// return's, or several returns'): for each publication's rules and year,
// the count figures are the cells of a disclosure.Table, with a line for
// each count declared Within another and the rest as an unshown cell, so
// no small count (the rest included) can be worked out by subtraction. A
// ratio is then hidden when a count it names as numerator, or as
// denominator under a non-zero numerator, is hidden. Figures made without
// Make (no rules) are left as they are.
func Protect(figs []Figure) []Figure {
	type group struct {
		rules disclosure.Rules
		year  int
	}
	out := append([]Figure(nil), figs...)
	byGroup := map[group][]int{}
	var order []group
	for i, f := range out {
		if f.def == nil || f.rules.Smallest == 0 {
			continue
		}
		g := group{f.rules, f.Year}
		if byGroup[g] == nil {
			order = append(order, g)
		}
		byGroup[g] = append(byGroup[g], i)
	}
	for _, g := range order {
		protectGroup(out, byGroup[g], g.rules)
	}
	return out
}

func protectGroup(figs []Figure, members []int, r disclosure.Rules) {
	var tab disclosure.Table
	cell := map[string]int{}
	for _, i := range members {
		f := figs[i]
		if f.def.Kind == Count && f.res.Value.IsNumber() {
			cell[f.ID] = tab.Count(f.ID, f.res.Numerator)
			if !f.Shown.IsNumber() {
				tab.Suppress(cell[f.ID])
			}
		}
	}
	for _, i := range members {
		f := figs[i]
		part, isCell := cell[f.ID]
		whole, ok := cell[f.def.Within]
		if !isCell || !ok {
			continue
		}
		for _, j := range members {
			if figs[j].ID == f.def.Within {
				tab.Total(whole, part, tab.Unshown(f.ID+" rest", figs[j].res.Numerator-f.res.Numerator))
				break
			}
		}
	}
	failed := tab.Protect(r) != nil
	hidden := func(id string) bool {
		c, ok := cell[id]
		return ok && (failed || tab.Hidden(c))
	}
	for _, i := range members {
		f := &figs[i]
		if !f.Shown.IsNumber() {
			continue
		}
		if failed || hidden(f.ID) || hidden(f.def.NumeratorID) || f.res.Numerator != 0 && hidden(f.def.DenominatorID) {
			f.Shown = disclosure.Suppressed
		}
	}
}
