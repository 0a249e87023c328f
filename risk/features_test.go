package risk

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/indicators"
)

// asOfDates are the dates the leakage test looks from besides every
// inspection's own date: the first day of every quarter from 2017 to 2026,
// the backtest origins among them.
func asOfDates() []time.Time {
	var out []time.Time
	for y := 2017; y <= 2026; y++ {
		for _, m := range []time.Month{time.January, time.April, time.July, time.October} {
			out = append(out, date(y, m, 1))
		}
	}
	return out
}

// TestFeaturesUseOnlyFiguresPublishedBefore checks every feature of every
// current council, on every date, against the release calendar and the
// table: its figure was published before the date, it is the council's
// figure for that year, and no newer figure of the council's was public.
func TestFeaturesUseOnlyFiguresPublishedBefore(t *testing.T) {
	d := realData(t)
	type probe struct {
		council string
		at      time.Time
	}
	var probes []probe
	for _, at := range asOfDates() {
		for _, c := range d.Register.Councils() {
			if c.Current {
				probes = append(probes, probe{c.Code, at})
			}
		}
	}
	for _, j := range d.Judgements {
		probes = append(probes, probe{j.Council, j.InspectionDate})
	}
	checked := 0
	for _, p := range probes {
		f := d.Features(p.council, p.at)
		for _, ft := range f.Inputs {
			ind := indicators.ByID(ft.Indicator)
			if ft.Missing {
				if ft.Z != 0 || ft.Year != 0 || !math.IsNaN(ft.Value) {
					t.Fatalf("%s as of %s: missing %s must sit at the national centre with no year: %+v", p.council, p.at.Format(time.DateOnly), ft.Name(), ft)
				}
				continue
			}
			checked++
			years := []int{ft.Year}
			if ft.Change {
				years = append(years, ft.Year-1)
			}
			for _, y := range years {
				for _, r := range ind.Refs() {
					if pub := DatasetPublished(r.Dataset, y+r.YearOffset); !pub.Before(p.at) {
						t.Fatalf("%s as of %s: %s reads %s %d, published %s", p.council, p.at.Format(time.DateOnly), ft.Name(), r.Dataset, y+r.YearOffset, pub.Format(time.DateOnly))
					}
				}
			}
			if !ft.Published.Equal(Published(ind, ft.Year)) || !ft.Published.Before(p.at) {
				t.Fatalf("%s as of %s: %s from %d published %s", p.council, p.at.Format(time.DateOnly), ft.Name(), ft.Year, ft.Published)
			}
			code := p.council
			if ft.From != "" {
				code = ft.From
			}
			c, ok := d.Table.Cell(ft.Indicator, code, ft.Year)
			if !ok || !c.Value.IsNumber() {
				t.Fatalf("%s as of %s: %s %d has no figure in the table", code, p.at.Format(time.DateOnly), ft.Name(), ft.Year)
			}
			want := c.Value.Num
			if ft.Change {
				// Both years come from the same series.
				prev, ok := d.Table.Cell(ft.Indicator, code, ft.Year-1)
				if !ok || !prev.Value.IsNumber() {
					t.Fatalf("%s as of %s: %s has no figure for %d in the same series", p.council, p.at.Format(time.DateOnly), ft.Name(), ft.Year-1)
				}
				want -= prev.Value.Num
			}
			if math.Abs(ft.Value-want) > 1e-9 {
				t.Fatalf("%s as of %s: %s = %v, the table says %v", p.council, p.at.Format(time.DateOnly), ft.Name(), ft.Value, want)
			}
			if !ft.Change {
				for _, y := range d.Table.Years(ft.Indicator) {
					if y > ft.Year && Public(ind, y, p.at) {
						if _, _, ok := d.cell(ft.Indicator, p.council, y); ok {
							t.Fatalf("%s as of %s: %s uses %d though %d was public", p.council, p.at.Format(time.DateOnly), ft.Name(), ft.Year, y)
						}
					}
				}
			}
		}
		if f.Previous != nil {
			if !f.Previous.PublicationDate.Before(p.at) {
				t.Fatalf("%s as of %s: previous judgement published %s", p.council, p.at.Format(time.DateOnly), f.Previous.PublicationDate)
			}
			for _, j := range d.Judgements {
				if j.Council == f.Previous.Council && j.PublicationDate.Before(p.at) && j.PublicationDate.After(f.Previous.PublicationDate) {
					t.Fatalf("%s as of %s: a later judgement (%s) was public", p.council, p.at.Format(time.DateOnly), j.PublicationDate)
				}
			}
		}
	}
	if checked < 50000 {
		t.Fatalf("only %d features were present to check", checked)
	}
}

// truncated rebuilds the data from the store with every figure and
// judgement published on or after asOf deleted.
func truncated(t *testing.T, d *Data, asOf time.Time) *Data {
	t.Helper()
	ctx := context.Background()
	need := map[string]map[string]bool{}
	for _, ind := range indicators.Catalogue() {
		for _, r := range ind.Refs() {
			if need[r.Dataset] == nil {
				need[r.Dataset] = map[string]bool{}
			}
			need[r.Dataset][r.Measure] = true
		}
	}
	var kept []sightline.Observation
	for ds, ms := range need {
		q := sightline.ObservationQuery{Dataset: ds}
		for m := range ms {
			q.Measures = append(q.Measures, m)
		}
		obs, err := shared.store.Observations(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range obs {
			if DatasetPublished(o.Dataset, o.Year).Before(asOf) {
				kept = append(kept, o)
			}
		}
	}
	nb, err := shared.store.Neighbours(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := indicators.Compute(indicators.Catalogue(), d.Register, nb, kept)
	if err != nil {
		t.Fatal(err)
	}
	var js []sightline.Judgement
	for _, j := range d.Judgements {
		if j.PublicationDate.Before(asOf) {
			js = append(js, j)
		}
	}
	td, err := NewData(tab, d.Register, js)
	if err != nil {
		t.Fatal(err)
	}
	return td
}

// TestRiskIsBlindToTheFuture is the end-to-end leakage test: deleting every
// figure and judgement published on or after the as-of date changes
// nothing, neither any council's features nor its risk nor the method
// chosen.
func TestRiskIsBlindToTheFuture(t *testing.T) {
	d := realData(t)
	for _, asOf := range []time.Time{date(2019, time.April, 1), date(2022, time.April, 1)} {
		past := truncated(t, d, asOf)
		for _, c := range d.Register.Councils() {
			if !c.Current {
				continue
			}
			a, b := d.Features(c.Code, asOf), past.Features(c.Code, asOf)
			if (a.Previous == nil) != (b.Previous == nil) || a.Previous != nil && *a.Previous != *b.Previous {
				t.Fatalf("%s as of %s: previous judgement differs without the future", c.Code, asOf.Format(time.DateOnly))
			}
			for i := range a.Inputs {
				fa, fb := a.Inputs[i], b.Inputs[i]
				if fa.Year != fb.Year || fa.Missing != fb.Missing || fa.Z != fb.Z {
					t.Fatalf("%s as of %s: %s differs without the future: %+v vs %+v", c.Code, asOf.Format(time.DateOnly), fa.Name(), fa, fb)
				}
			}
		}
		ra, err := d.Risk(asOf)
		if err != nil {
			t.Fatal(err)
		}
		rb, err := past.Risk(asOf)
		if err != nil {
			t.Fatal(err)
		}
		if ra.Method != rb.Method || len(ra.Scores) != len(rb.Scores) {
			t.Fatalf("as of %s: method %s vs %s", asOf.Format(time.DateOnly), ra.Method, rb.Method)
		}
		for i := range ra.Scores {
			if ra.Scores[i].Council != rb.Scores[i].Council || ra.Scores[i].Risk != rb.Scores[i].Risk {
				t.Fatalf("as of %s: %s risk %v with the future, %v without", asOf.Format(time.DateOnly), ra.Scores[i].Council, ra.Scores[i].Risk, rb.Scores[i].Risk)
			}
		}
		// The model itself, shipped or not, is blind too.
		ma, errA := d.Train(asOf)
		mb, errB := past.Train(asOf)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("as of %s: training differs: %v / %v", asOf.Format(time.DateOnly), errA, errB)
		}
		if errA == nil {
			for _, c := range []string{"E08000025", "E06000018", "E09000012"} {
				fa, fb := d.Features(c, asOf), past.Features(c, asOf)
				pa, _ := ma.Score(&fa)
				pb, _ := mb.Score(&fb)
				if pa != pb {
					t.Fatalf("as of %s: %s model risk %v with the future, %v without", asOf.Format(time.DateOnly), c, pa, pb)
				}
			}
		}
	}
}

// Missing figures are flagged and placed at the national centre; a split
// council stands on its predecessor's figures until it has its own; a
// merged council inherits no judgement.
func TestFeaturesMissingAndReorganised(t *testing.T) {
	d := realData(t)
	// The care statistics in the snapshot start with 2021, released in
	// December 2021: before then every council lacks them.
	f := d.Features("E08000025", date(2020, time.January, 1))
	for _, ft := range f.Inputs {
		if indicators.ByID(ft.Indicator).Source() == "cla_placement_stability" && (!ft.Missing || ft.Z != 0) {
			t.Errorf("placement stability as of 2020 must be missing: %+v", ft)
		}
		if ft.Indicator == "sw_turnover_pct" && !ft.Change && (ft.Missing || ft.Year != 2018) {
			t.Errorf("turnover as of 1 January 2020 is the 2018 census (released February 2019): %+v", ft)
		}
		if ft.Indicator == "cin_rate" && !ft.Change && (ft.Missing || ft.Year != 2019) {
			t.Errorf("children in need as of 1 January 2020 are the 2019 figures: %+v", ft)
		}
	}
	// Cumberland did not exist until April 2023: as of April 2022 it has
	// Cumbria's figures, and no judgement of its own or Cumbria's (Cumbria's
	// was published in November 2022).
	f = d.Features("E06000063", date(2022, time.April, 1))
	for _, ft := range f.Inputs {
		if !ft.Missing && ft.From != "E10000006" {
			t.Errorf("Cumberland as of 2022 should read Cumbria's figure for %s: %+v", ft.Name(), ft)
		}
	}
	if f.Previous != nil {
		t.Errorf("Cumberland as of April 2022 has no judgement yet: %+v", f.Previous)
	}
	if f = d.Features("E06000063", date(2023, time.April, 1)); f.Previous == nil || f.Previous.Council != "E10000006" {
		t.Errorf("Cumberland inherits Cumbria's 2022 judgement: %+v", f.Previous)
	}
	// North Northamptonshire inherits Northamptonshire's 2019 judgement.
	if f = d.Features("E06000061", date(2022, time.April, 1)); f.Previous == nil || f.Previous.Overall != sightline.Inadequate {
		t.Errorf("North Northamptonshire should inherit Northamptonshire's inadequate judgement: %+v", f.Previous)
	}
	// Bournemouth, Christchurch and Poole was a merger: Bournemouth's 2018
	// judgement is not its own.
	if f = d.Features("E06000058", date(2021, time.April, 1)); f.Previous != nil {
		t.Errorf("a merged council inherits no judgement: %+v", f.Previous)
	}
	// Barnsley's judgement was filed under its old code; it follows the
	// council to its new one.
	if f = d.Features("E08000038", date(2020, time.January, 1)); f.Previous == nil || f.Previous.CouncilName != "Barnsley" {
		t.Errorf("Barnsley's 2018 judgement should follow its code change: %+v", f.Previous)
	}
	if y := f.YearsSincePrevious(); math.Abs(y-(date(2020, time.January, 1).Sub(date(2018, time.November, 19)).Hours()/24/365.25)) > 1e-9 {
		t.Errorf("years since Barnsley's judgement (published 19 November 2018): %v", y)
	}
}

// Standardising: the median council scores 0 and the spread is the
// interquartile range over 1.349, as for a normal distribution.
func TestRobustCentre(t *testing.T) {
	c := robust([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9})
	// Type-7 quartiles of 1..9 are 3 and 7: IQR 4.
	if c.median != 5 || math.Abs(c.scale-4/1.349) > 1e-12 {
		t.Fatalf("robust(1..9) = %+v", c)
	}
	if z, _ := c.z(5 + 4/1.349); math.Abs(z-1) > 1e-12 {
		t.Errorf("one spread above the median should be z=1, got %v", z)
	}
	if z, _ := c.z(1000); z != zClip {
		t.Errorf("extreme figures are clipped to %v, got %v", zClip, z)
	}
	if c := robust([]float64{1, 2, 3}); !math.IsNaN(c.median) {
		t.Errorf("fewer than four councils give no distribution: %+v", c)
	}
}
