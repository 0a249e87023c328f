// Package figures holds what every return's own indicators share, so the
// SSDA903 and CIN census measures, the store and the council page treat
// them alike: the kinds of figure, the part of a published indicator a
// figure sits beside, a publication's disclosure control (Rules) and the
// figure as shown (Figure).
package figures

import (
	"math"

	"github.com/sightline-uk/sightline"
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
}

// Rules are one publication's disclosure control, applied to a council's
// own figures so that Sightline shows no more than DfE would publish. The
// publications differ only in their threshold and in whether a zero out of
// a small total is shown, so one set of functions serves them all.
type Rules struct {
	// Smallest is the smallest non-zero count shown: counts from 1 to
	// Smallest−1 are replaced by "c".
	Smallest float64
	// HideZeroOfSmall suppresses a ratio whose numerator is zero but whose
	// denominator is small (0 of 4 still says something of 4 children);
	// when false such a ratio is shown as 0, as the CIN tables show it.
	HideZeroOfSmall bool
}

// Small reports whether a count is suppressed: above zero and below
// Smallest.
func (r Rules) Small(n float64) bool { return n > 0 && n < r.Smallest }

// Count is how a count is shown at a geographic level: "c" when small,
// otherwise the count, rounded to the nearest 10 at national and regional
// level (DfE rounds those totals; a council's own counts are unrounded).
// A true zero is shown: DfE says "0 indicates the original figure
// submitted was zero".
func (r Rules) Count(n float64, level sightline.Level) sightline.Value {
	if math.IsNaN(n) || n < 0 {
		return sightline.Missing
	}
	if r.Small(n) {
		return sightline.Sym("c")
	}
	if level == sightline.National || level == sightline.Regional {
		return sightline.Number(sightline.Round(n/10, 0) * 10)
	}
	return sightline.Number(n)
}

// Ratio is how num/den×scale is shown (scale 100 for a percentage, 10,000
// for a rate per 10,000), to dp decimal places: "c" when the numerator is
// small (or the denominator, under HideZeroOfSmall or with a non-zero
// numerator), "z" (not applicable) when there is no denominator, "k" when
// a non-zero figure rounds to zero.
func (r Rules) Ratio(num, den, scale float64, dp int) sightline.Value {
	switch {
	case math.IsNaN(num) || math.IsNaN(den) || num < 0 || den < 0:
		return sightline.Missing
	case r.Small(num) || r.Small(den) && (num > 0 || r.HideZeroOfSmall):
		return sightline.Sym("c")
	case den == 0:
		return sightline.Sym("z")
	}
	v := sightline.Round(num/den*scale, dp)
	if v == 0 && num > 0 {
		return sightline.Sym("k")
	}
	return sightline.Number(v)
}

// Mean is how an average of n children's figures (total sum) is shown:
// "c" when it rests on a small number of children, "z" when on none.
func (r Rules) Mean(sum, n float64, dp int) sightline.Value {
	switch {
	case math.IsNaN(sum) || math.IsNaN(n) || n < 0:
		return sightline.Missing
	case r.Small(n):
		return sightline.Sym("c")
	case n == 0:
		return sightline.Sym("z")
	}
	return sightline.Number(sightline.Round(sum/n, dp))
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
}

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
// no definition to show it by.
func (r Rules) Show(d *Definition, res Result) sightline.Value {
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

// Figure is a result as a page sets it beside the published figure.
func (r Rules) Figure(d *Definition, res Result) Figure {
	f := Figure{ID: res.ID, Title: res.ID, Year: res.Year, Shown: r.Show(d, res), Note: res.Note}
	if d != nil {
		f.Title, f.Indicator, f.Part, f.Unit, f.Decimals = d.Title, d.Indicator, d.Part, d.Unit, d.Decimals
	}
	return f
}
