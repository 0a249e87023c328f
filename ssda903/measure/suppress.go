package measure

import (
	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/returns/figures"
)

// DfE's disclosure control for the children looked after statistics, applied
// to every figure Sightline shows from a council's own return so that it
// shows no more than DfE would publish:
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
//     subtraction) is a property of a whole table and is left to the page
//     that lays one out.
//   - "Where any number is shown as zero, the original figure submitted was
//     zero" (same sources): a true zero is shown, not suppressed.
//   - "k" marks a percentage that rounds to zero but is not zero.
//   - Percentages and rates are rounded to whole numbers, half away from
//     zero (sightline.Round), as the published tables are.

// Threshold is the smallest count shown: counts of 1 to Threshold−1 are "c".
const Threshold = 5

// Rules are the SSDA903 figures' disclosure control as described above,
// shared with other returns' measures through figures.Rules.
var Rules = figures.Rules{Smallest: Threshold, HideZeroOfSmall: true}

// SuppressCount is how a count is shown at a geographic level: "c" for 1 to
// 4, otherwise the count, rounded to the nearest 10 at national and regional
// level as DfE rounds them (a council's own counts are unrounded).
func SuppressCount(n float64, level sightline.Level) sightline.Value { return Rules.Count(n, level) }

// SuppressRatio is how num/den×scale is shown (scale 100 for a percentage,
// 10,000 for a rate per 10,000), to dp decimal places: "c" when either count
// is 1 to 4, "z" (not applicable) when there is no denominator, "k" when a
// non-zero figure rounds to zero.
func SuppressRatio(num, den, scale float64, dp int) sightline.Value {
	return Rules.Ratio(num, den, scale, dp)
}

// SuppressMean is how an average of n children's figures (total sum) is
// shown: "c" when it rests on 1 to 4 children, "z" when on none.
func SuppressMean(sum, n float64, dp int) sightline.Value { return Rules.Mean(sum, n, dp) }
