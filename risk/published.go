// Package risk estimates each council's risk of an inadequate Ofsted ILACS
// judgement at its next inspection from the statistics published before a
// given date, explains every score, and judges the method honestly by a
// rolling-origin backtest against two simple baselines.
//
// Nothing published on or after the as-of date is ever read: every figure
// carries the date it became public (published.go), features take the
// latest figure public before the date (features.go), and judgements count
// from the day Ofsted published them.
//
// One limit remains: the store holds each publication's latest release,
// whose back series may carry revisions made after a figure first appeared,
// so an older year's figure is the revised one. Revisions to these series
// are small, and the release calendar is conservative to compensate.
package risk

import (
	"time"

	"github.com/sightline-uk/sightline/indicators"
)

// Release says when a dataset's figures for a year became public. The date
// is conservative: on or after the latest day any year's release actually
// came out, so that a figure is never treated as known before it was.
//
// Year is the indicator year the store gives the figure (the year its
// reporting period ends: 2025 is the year to 31 March 2025, the academic
// year 2024/25, the financial year 2024-25, or the workforce census of 30
// September 2025).
type Release struct {
	Dataset     string
	Publication string
	// The figures for year Y become public on Day Month of Y+YearsAfter.
	Month      time.Month
	Day        int
	YearsAfter int
	// Exceptions override the rule for years whose release came out later.
	Exceptions map[int]time.Time
	Note       string
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Releases is the publication calendar of every dataset the indicator
// catalogue reads, from the publishers' release histories. A test fails if
// the catalogue reads a dataset that is missing here.
var Releases = []Release{
	// DfE, Characteristics of children in need: year to 31 March Y, published
	// between 22 October and 22 November of Y (2013–2025).
	{Dataset: "cin_b1", Publication: "DfE, Characteristics of children in need", Month: time.November, Day: 30,
		Note: "year to 31 March, released late October to 22 November of the same year"},
	{Dataset: "cin_c1", Publication: "DfE, Characteristics of children in need", Month: time.November, Day: 30,
		Note: "year to 31 March, released late October to 22 November of the same year"},
	{Dataset: "cin_c3", Publication: "DfE, Characteristics of children in need", Month: time.November, Day: 30,
		Note: "year to 31 March, released late October to 22 November of the same year"},
	{Dataset: "cin_d3", Publication: "DfE, Characteristics of children in need", Month: time.November, Day: 30,
		Note: "year to 31 March, released late October to 22 November of the same year"},
	{Dataset: "cin_d5", Publication: "DfE, Characteristics of children in need", Month: time.November, Day: 30,
		Note: "year to 31 March, released late October to 22 November of the same year"},
	// DfE, Children looked after in England including adoptions: year to 31
	// March Y, published mid-November to 10 December of Y.
	{Dataset: "cla_numbers", Publication: "DfE, Children looked after in England including adoptions", Month: time.December, Day: 31,
		Note: "year to 31 March, released mid-November to mid-December of the same year"},
	{Dataset: "cla_placement_stability", Publication: "DfE, Children looked after in England including adoptions", Month: time.December, Day: 31,
		Note: "year to 31 March, released mid-November to mid-December of the same year"},
	{Dataset: "cla_new_placements", Publication: "DfE, Children looked after in England including adoptions", Month: time.December, Day: 31,
		Note: "year to 31 March, released mid-November to mid-December of the same year"},
	{Dataset: "cla_social_worker_changes", Publication: "DfE, Children looked after in England including adoptions", Month: time.December, Day: 31,
		Note: "year to 31 March, released mid-November to mid-December of the same year"},
	{Dataset: "care_leavers_activity", Publication: "DfE, Children looked after in England including adoptions", Month: time.December, Day: 31,
		Note: "year to 31 March, released mid-November to mid-December of the same year"},
	{Dataset: "care_leavers_accommodation", Publication: "DfE, Children looked after in England including adoptions", Month: time.December, Day: 31,
		Note: "year to 31 March, released mid-November to mid-December of the same year"},
	{Dataset: "adoption_timeliness", Publication: "DfE, Children looked after in England including adoptions", Month: time.December, Day: 31,
		Note: "year to 31 March, released mid-November to mid-December of the same year"},
	// Health, convictions and wellbeing of children looked after moved into
	// the November release in 2021; before then they came with the March
	// outcomes release. The later of the two is used.
	{Dataset: "cla_outcomes", Publication: "DfE, Children looked after in England including adoptions (formerly Outcomes for children looked after)", Month: time.March, Day: 31, YearsAfter: 1,
		Note: "year to 31 March; the March release of the following year is assumed, the later of its two homes"},
	// School moves come with the outcomes release a year behind the care
	// statistics (the snapshot's series ends a year earlier than theirs).
	{Dataset: "cla_school_moves", Publication: "DfE, Outcomes for children in need, including children looked after", Month: time.June, Day: 30, YearsAfter: 1,
		Note: "year to 31 March, released in the spring of the following year"},
	// DfE, Children's social work workforce: the census of 30 September Y,
	// released between 22 and 29 February of Y+1 (2018–2025).
	{Dataset: "csww", Publication: "DfE, Children's social work workforce", Month: time.March, Day: 15, YearsAfter: 1,
		Note: "census of 30 September, released in late February of the following year"},
	// DfE, Outcomes for children in need, including children looked after:
	// academic year ending in summer Y, released at the end of March of Y+1
	// since 2021. The local-authority figures for 2018/19 first appeared with
	// the release of March 2021.
	{Dataset: "absence_social_care", Publication: "DfE, Outcomes for children in need, including children looked after", Month: time.June, Day: 30, YearsAfter: 1,
		Exceptions: map[int]time.Time{2019: date(2021, time.June, 30)},
		Note:       "academic year, released in the spring of the following year"},
	{Dataset: "ks2_social_care", Publication: "DfE, Outcomes for children in need, including children looked after", Month: time.June, Day: 30, YearsAfter: 1,
		Exceptions: map[int]time.Time{2019: date(2021, time.June, 30)},
		Note:       "academic year, released in the spring of the following year"},
	{Dataset: "ks4_social_care", Publication: "DfE, Outcomes for children in need, including children looked after", Month: time.June, Day: 30, YearsAfter: 1,
		Exceptions: map[int]time.Time{2019: date(2021, time.June, 30)},
		Note:       "academic year, released in the spring of the following year"},
	// ONS mid-year population estimates: mid-year Y, released in late June or
	// July of Y+1, except the census-based mid-2021 estimates (21 December
	// 2022) and the mid-2022 estimates, which followed between late 2023 and
	// spring 2024 (the later is assumed).
	{Dataset: "population", Publication: "ONS, mid-year population estimates", Month: time.September, Day: 30, YearsAfter: 1,
		Exceptions: map[int]time.Time{2021: date(2022, time.December, 31), 2022: date(2024, time.March, 31)},
		Note:       "mid-year estimate, released the following summer (later for mid-2021 and mid-2022)"},
	// OHID Fingertips, hospital admissions for injuries (from Hospital
	// Episode Statistics): financial year ending March Y, refreshed in
	// Fingertips during Y+1.
	{Dataset: "fingertips_90284", Publication: "OHID, Fingertips indicator 90284", Month: time.December, Day: 31, YearsAfter: 1,
		Note: "financial year, added to Fingertips during the following year"},
	// MHCLG revenue outturn: financial year ending March Y, final outturn
	// released in the autumn or winter of Y.
	{Dataset: "spend_rsx", Publication: "MHCLG, Local authority revenue expenditure and financing: outturn", Month: time.January, Day: 31, YearsAfter: 1,
		Note: "financial year, final outturn released by the following winter"},
	{Dataset: "spend_ro3", Publication: "MHCLG, Local authority revenue expenditure and financing: outturn", Month: time.January, Day: 31, YearsAfter: 1,
		Note: "financial year, final outturn released by the following winter"},
}

var releaseByDataset = func() map[string]*Release {
	m := map[string]*Release{}
	for i := range Releases {
		m[Releases[i].Dataset] = &Releases[i]
	}
	return m
}()

// never is the publication date of a figure whose dataset has no known
// calendar: it is never treated as public, so an unknown source cannot leak.
var never = date(9999, time.December, 31)

// DatasetPublished returns when a dataset's figures for a year became
// public, or a date far in the future for a dataset with no calendar.
func DatasetPublished(dataset string, year int) time.Time {
	r := releaseByDataset[dataset]
	if r == nil {
		return never
	}
	if d, ok := r.Exceptions[year]; ok {
		return d
	}
	return date(year+r.YearsAfter, r.Month, r.Day)
}

// Published returns when an indicator's figure for a year became public:
// the latest release among every figure it reads, so a rate is not known
// before both its count and its population are.
func Published(ind *indicators.Indicator, year int) time.Time {
	var latest time.Time
	for _, r := range ind.Refs() {
		if d := DatasetPublished(r.Dataset, year+r.YearOffset); d.After(latest) {
			latest = d
		}
	}
	if latest.IsZero() {
		return never
	}
	return latest
}

// Public reports whether an indicator's figure for a year had been
// published before the as-of date (strictly: a figure released on the
// as-of date itself is not yet used).
func Public(ind *indicators.Indicator, year int, asOf time.Time) bool {
	return Published(ind, year).Before(asOf)
}
