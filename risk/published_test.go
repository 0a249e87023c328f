package risk

import (
	"testing"
	"time"

	"github.com/sightline-uk/sightline/indicators"
)

// Every dataset the catalogue reads has a publication calendar; without
// one its figures would never be used, silently.
func TestEveryCatalogueDatasetHasARelease(t *testing.T) {
	for _, ind := range indicators.Catalogue() {
		for _, r := range ind.Refs() {
			if releaseByDataset[r.Dataset] == nil {
				t.Errorf("indicator %s reads %s, which has no release calendar", ind.ID, r.Dataset)
			}
		}
	}
	if !DatasetPublished("no_such_dataset", 2020).Equal(never) {
		t.Error("a dataset without a calendar must never count as published")
	}
}

// Known release dates, checked against the publishers' histories.
func TestPublishedWorkedExamples(t *testing.T) {
	for _, c := range []struct {
		ind  string
		year int
		want string
		why  string
	}{
		// CIN 2020/21 released 28 October 2021; the rate also needs the
		// mid-2020 population (June 2021).
		{"rereferral_pct", 2021, "2021-11-30", "CIN release"},
		{"cin_rate", 2021, "2021-11-30", "CIN release after the mid-2020 population"},
		// The 2022 rate reads the census-based mid-2021 estimate, released
		// 21 December 2022, so it is no earlier than that.
		{"cin_rate", 2022, "2022-12-31", "waits for the census-based mid-2021 population"},
		// Workforce census of 30 September 2018, released 28 February 2019.
		{"sw_turnover_pct", 2018, "2019-03-15", "workforce release the following February"},
		{"cla_rate", 2021, "2021-12-31", "CLA release of 18 November 2021"},
		{"cla_ks2_rwm_pct", 2019, "2021-06-30", "2018/19 council figures first in the 2021 outcomes release"},
		{"cla_ks2_rwm_pct", 2023, "2024-06-30", "outcomes release the following spring"},
		{"injury_admissions_rate", 2024, "2025-12-31", "Fingertips refresh during the following year"},
	} {
		got := Published(indicators.ByID(c.ind), c.year)
		if got.Format(time.DateOnly) != c.want {
			t.Errorf("Published(%s, %d) = %s, want %s (%s)", c.ind, c.year, got.Format(time.DateOnly), c.want, c.why)
		}
	}
	ind := indicators.ByID("sw_turnover_pct")
	if Public(ind, 2018, date(2019, time.March, 15)) {
		t.Error("a figure is not public on the day of its conservative release date, only after it")
	}
	if !Public(ind, 2018, date(2019, time.March, 16)) {
		t.Error("the 2018 workforce figures are public from 16 March 2019")
	}
}

// No figure can be published before its period has ended: a calendar that
// said so would let figures in too early.
func TestNothingIsPublishedBeforeItsPeriodEnds(t *testing.T) {
	d := realData(t)
	for _, ind := range indicators.Catalogue() {
		for _, y := range d.Table.Years(ind.ID) {
			var end time.Time
			switch d.Table.TimeID(ind.ID, y) {
			case "Academic year":
				end = date(y, time.August, 31)
			case "Financial year", "Reporting year":
				end = date(y, time.March, 31)
			default:
				t.Fatalf("%s %d: unknown time identifier %q", ind.ID, y, d.Table.TimeID(ind.ID, y))
			}
			if ind.Source() == "csww" {
				end = date(y, time.September, 30) // the workforce census date
			}
			if p := Published(ind, y); !p.After(end.AddDate(0, 3, 0)) {
				t.Errorf("%s %d is said to be public on %s, within three months of its period ending %s",
					ind.ID, y, p.Format(time.DateOnly), end.Format(time.DateOnly))
			}
		}
	}
}
