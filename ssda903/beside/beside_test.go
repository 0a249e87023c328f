package beside

import (
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/ssda903/measure"
)

func TestCompare(t *testing.T) {
	reg := geography.Default()
	c := CouncilForLA(reg, "805")
	if c == nil || c.Code != "E06000001" {
		t.Fatalf("LA 805 is %+v, want Hartlepool E06000001", c)
	}
	o := func(ds, area string, level sightline.Level, filters, measure string, v sightline.Value) sightline.Observation {
		return sightline.Observation{Dataset: ds, Period: "2024", TimeID: "Reporting year", Year: 2024, Level: level, Area: area, Filters: filters, Measure: measure, Value: v}
	}
	n := sightline.Number
	at31 := "population_type=Children looked after on 31 March each year"
	la := sightline.LocalAuthority
	obs := []sightline.Observation{
		o("cla_numbers", c.Code, la, at31, "rate_per_10000", n(160)),
		o("cla_numbers", c.Code, la, at31, "children_count", n(300)),
		o("cla_numbers", c.Code, la, at31, "population_estimate", n(18750)),
		o("cla_placement_stability", c.Code, la, "cla_group=CLA on 31 March|placement_stability=With 3 or more placements during the year", "children_percent", sightline.Sym("c")),
		o("adoption_timeliness", sightline.EnglandCode, sightline.National, "cla_group=All|stage_of_adoption_process=6. Total average time between entry into care and adoption|age_start_poc=Total", "number", n(29)),
	}
	table, err := indicators.Compute(indicators.Catalogue(), reg, nil, obs)
	if err != nil {
		t.Fatal(err)
	}
	// The council's own results, by hand: counts of 5 or more are shown,
	// smaller ones (and figures resting on them) suppressed.
	var rs []measure.Result
	for _, d := range measure.Definitions {
		rs = append(rs, measure.Result{ID: d.ID, Year: 2024, Value: sightline.Missing})
	}
	set := func(id string, num, den float64, v float64) {
		for i := range rs {
			if rs[i].ID == id {
				rs[i].Numerator, rs[i].Denominator, rs[i].Value = num, den, n(v)
			}
		}
	}
	set("cla_31_march", 5, 0, 5)
	set("cla_rate", 5, 10000, 5)
	set("placements_3plus_pct", 2, 5, 40)
	set("cla_starts", 2, 0, 2)
	set("adoption_timeliness_months", 1200, 2, 19.7)
	set("missing_incidents", 3, 0, 3)
	rows := Compare(rs, table, c.Code)
	if len(rows) != len(measure.Definitions) {
		t.Fatalf("%d rows, want %d", len(rows), len(measure.Definitions))
	}
	got := map[string]Row{}
	for _, r := range rows {
		got[r.ID] = r
	}
	for id, w := range map[string]struct{ ind, own, pub, area string }{
		"cla_31_march":               {"cla_rate", "5", "300", c.Code},           // the count beside the published count
		"cla_rate":                   {"cla_rate", "5", "160", c.Code},           // the rate beside the published rate
		"placements_3plus_pct":       {"placements_3plus_pct", "c", "c", c.Code}, // both suppressed
		"cla_starts":                 {"cla_starts_rate", "c", "x", c.Code},      // nothing published
		"adoption_timeliness_months": {"adoption_timeliness_months", "c", "29", sightline.EnglandCode},
		"missing_incidents":          {"", "c", "x", c.Code}, // no published indicator
	} {
		r := got[id]
		if r.Indicator != w.ind || r.Own.Format(0) != w.own || r.Published.Format(0) != w.pub || r.PublishedArea != w.area {
			t.Errorf("%s: %s own %s published %s (%s); want %s own %s published %s (%s)", id, r.Indicator, r.Own.Format(0), r.Published.Format(0), r.PublishedArea, w.ind, w.own, w.pub, w.area)
		}
		if r.Title == "" {
			t.Errorf("%s has no title", id)
		}
	}
	if rows := Compare(rs, nil, c.Code); rows[0].Published != sightline.Missing {
		t.Errorf("with no table the published value is %v", rows[0].Published)
	}
}

// Every published indicator a definition names exists in the catalogue.
func TestDefinitionsNamePublishedIndicators(t *testing.T) {
	for _, d := range measure.Definitions {
		if d.Indicator != "" && indicators.ByID(d.Indicator) == nil {
			t.Errorf("%s names unknown indicator %s", d.ID, d.Indicator)
		}
		if d.Indicator != "" && d.Part != measure.PartValue && d.Part != measure.PartNumerator {
			t.Errorf("%s: part %q", d.ID, d.Part)
		}
		if (d.Kind == measure.Ratio || d.Kind == measure.Mean) && d.Scale == 0 {
			t.Errorf("%s has no scale", d.ID)
		}
		if measure.Lookup(d.ID) == nil {
			t.Errorf("Lookup(%s) is nil", d.ID)
		}
	}
}

// Seven children looked after, five of them unaccompanied asylum seekers:
// five is not small, but the two others are, and subtraction would give
// them, so the five is hidden too, on every output that reads the rows.
func TestCompareHidesWhatSubtractionGives(t *testing.T) {
	rs := []measure.Result{
		{ID: "cla_31_march", Year: 2025, Numerator: 7, Value: sightline.Number(7)},
		{ID: "cla_rate", Year: 2025, Numerator: 7, Denominator: 2000, Value: sightline.Number(35)},
		{ID: "uasc_31_march", Year: 2025, Numerator: 5, Value: sightline.Number(5)},
	}
	if rs[2].Display().String() != "5" {
		t.Fatalf("five shown alone as %v", rs[2].Display())
	}
	got := map[string]string{}
	for _, r := range Compare(rs, nil, "E06000053") {
		got[r.ID] = r.Own.String()
	}
	if got["cla_31_march"] != "7" || got["cla_rate"] != "35" || got["uasc_31_march"] != "c" {
		t.Errorf("shown %v; want 7, 35 and c", got)
	}
}
