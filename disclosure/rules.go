package disclosure

import (
	"math"

	"github.com/sightline-uk/sightline"
)

// Rules are one publication's primary disclosure control, applied to a
// council's own figures so that Sightline shows no more than DfE would
// publish. The publications differ only in their threshold and in whether
// a zero out of a small total is shown, so one set of functions serves
// them all.
type Rules struct {
	// Smallest is the smallest non-zero count shown: counts from 1 to
	// Smallest−1 are replaced by "c".
	Smallest float64
	// HideZeroOfSmall suppresses a ratio whose numerator is zero but whose
	// denominator is small (0 of 4 still says something of 4 children);
	// when false such a ratio is shown as 0, as the CIN tables show it.
	HideZeroOfSmall bool
}

// DfE's disclosure control for the children looked after statistics, applied
// to every figure Sightline shows from a council's own SSDA903 return so that
// it shows no more than DfE would publish:
//
//   - Local authority figures are unrounded; national and regional figures
//     are rounded to the nearest 10 ("National and regional figures have been
//     rounded to the nearest 10. Local authority figures are unrounded.":
//     DfE, Stability measures for children looked after in England 2024,
//     data guidance, "Rounding and suppression",
//     https://explore-education-statistics.service.gov.uk/find-statistics/stability-measures-for-children-looked-after-in-england/2024/data-guidance;
//     the same words in DfE's methodology for Children looked after: a focus
//     on placement location, "Rounding, suppression and grossing",
//     https://explore-education-statistics.service.gov.uk/methodology/children-looked-after-a-focus-on-placement-location;
//     and the Children looked after in England including adoptions data
//     sets' footnote "Numbers have been rounded to the nearest 10.
//     Percentages rounded to the nearest whole number").
//   - Small numbers are replaced by "c" "to protect confidentiality" (same
//     sources). Sightline suppresses counts of 1 to 4, and any percentage,
//     rate or average whose numerator or denominator is 1 to 4, as Sightline
//     was asked to; DfE's older rule was 1 to 5 inclusive (Hansard, 8 January
//     2008, children looked after at 31 March 2007, footnote 3), so a figure
//     of 5 may be one DfE itself would now show as c. Secondary suppression
//     (hiding a second cell so the first cannot be worked out by
//     subtraction) is a property of a whole table: see Table.
//   - "Where any number is shown as zero, the original figure submitted was
//     zero" (same sources): a true zero is shown, not suppressed.
//   - "k" marks a percentage that rounds to zero but is not zero.
//   - Percentages and rates are rounded to whole numbers, half away from
//     zero (sightline.Round), as the published tables are.

// LookedAfterThreshold is the smallest count the SSDA903 figures show:
// counts of 1 to LookedAfterThreshold−1 are "c".
const LookedAfterThreshold = 5

// LookedAfter are the SSDA903 figures' disclosure control as described
// above.
var LookedAfter = Rules{Smallest: LookedAfterThreshold, HideZeroOfSmall: true}

// DfE's disclosure control for the Children in need publication, applied to
// every figure Sightline shows from a council's own CIN census so that it
// shows no more than DfE would publish:
//
//   - "Any number between 1 and 5 inclusive has been suppressed and replaced
//     by 'c'. Secondary suppression has been applied where necessary"
//     (DfE, Children in need 2021, data guidance, "Confidentiality",
//     https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need/2021/explore;
//     the 2020 guidance says the same). The published tables bear it out:
//     in every local authority row of tables B1, C1, C3, D3 and D5 for
//     2018 to 2025 (snapshot/england) the smallest non-zero count shown is
//     6, and no 5 is shown. This is stricter than the SSDA903 figures'
//     1 to 4, so the two publications share Rules with their own
//     thresholds. Secondary suppression is done by Table.
//   - "0 indicates the original figure submitted was zero" (same source): a
//     true zero is shown. A percentage whose numerator is zero is shown as
//     0 even over a suppressed denominator, as the tables show it (Isles of
//     Scilly, D3 2025: plans started "c", second or subsequent 0, 0%).
//   - "England and regional totals are rounded to the nearest 10";
//     council figures are unrounded (same source).
//   - "Percentages are rounded to one decimal place", and "Rates per
//     10,000 children aged under 18 years are rounded to one decimal
//     place" (same source): the CIN figures' definitions give ratios one
//     decimal.
//   - "k" marks a percentage that rounds to zero but is not zero, as for the
//     SSDA903 figures.

// ChildrenInNeedThreshold is the smallest count the CIN census figures
// show: counts of 1 to ChildrenInNeedThreshold−1 (1 to 5) are "c".
const ChildrenInNeedThreshold = 6

// ChildrenInNeed are the CIN publication's disclosure control, described
// above.
var ChildrenInNeed = Rules{Smallest: ChildrenInNeedThreshold}

// Small reports whether a count is suppressed: above zero and below
// Smallest.
func (r Rules) Small(n float64) bool { return n > 0 && n < r.Smallest }

// Count is how a count is shown at a geographic level: "c" when small,
// otherwise the count, rounded to the nearest 10 at national and regional
// level (DfE rounds those totals; a council's own counts are unrounded).
// A true zero is shown: DfE says "0 indicates the original figure
// submitted was zero".
func (r Rules) Count(n float64, level sightline.Level) sightline.Value {
	if math.IsNaN(n) || math.IsInf(n, 0) || n < 0 {
		return sightline.Missing
	}
	if r.Small(n) {
		return Suppressed
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
	case math.IsNaN(num) || math.IsNaN(den) || math.IsInf(num, 0) || math.IsInf(den, 0) || num < 0 || den < 0:
		return sightline.Missing
	case r.Small(num) || r.Small(den) && (num > 0 || r.HideZeroOfSmall):
		return Suppressed
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
	case math.IsNaN(sum) || math.IsNaN(n) || math.IsInf(sum, 0) || math.IsInf(n, 0) || n < 0:
		return sightline.Missing
	case r.Small(n):
		return Suppressed
	case n == 0:
		return sightline.Sym("z")
	}
	return sightline.Number(sightline.Round(sum/n, dp))
}

// Suppressed is what a suppressed figure shows: EES's "c", whether it was
// small itself or hidden so that a small one cannot be worked out.
var Suppressed = sightline.Sym("c")

// Published passes a figure released by DfE, ONS, OHID, MHCLG or Ofsted
// through unchanged. Those producers apply their own disclosure control
// before release (the "c" cells and secondary suppression arrive in the
// files), and re-suppressing would hide figures anyone can download, so
// the one thing done here is to say so at the point a published value
// enters a page, the API or a download, as a council's own figures enter
// through Rules and Table.
func Published(v sightline.Value) sightline.Value { return v }
