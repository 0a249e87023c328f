package measure

import "github.com/sightline-uk/sightline/returns/figures"

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
//     1 to 4, so the two publications share figures.Rules with their own
//     thresholds. Secondary suppression is a property of a whole table and
//     is left to the page that lays one out.
//   - "0 indicates the original figure submitted was zero" (same source): a
//     true zero is shown. A percentage whose numerator is zero is shown as
//     0 even over a suppressed denominator, as the tables show it (Isles of
//     Scilly, D3 2025: plans started "c", second or subsequent 0, 0%).
//   - "England and regional totals are rounded to the nearest 10";
//     council figures are unrounded (same source).
//   - "Percentages are rounded to one decimal place", and "Rates per
//     10,000 children aged under 18 years are rounded to one decimal
//     place" (same source): Definitions give ratios one decimal.
//   - "k" marks a percentage that rounds to zero but is not zero, as for the
//     SSDA903 figures.

// Threshold is the smallest count shown: counts of 1 to Threshold−1 (1 to
// 5) are "c".
const Threshold = 6

// Rules are the CIN publication's disclosure control, described above.
var Rules = figures.Rules{Smallest: Threshold}
