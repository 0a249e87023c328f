package peers

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/indicators"
)

// Liverpool's re-referrals within 12 months rose to 30.5% in 2025, beyond
// England's adjusted funnel: the case support matching is for.
func TestMatchFlaggedCouncil(t *testing.T) {
	m := realData(t)
	mt, err := m.Match("E08000012", "rereferral_pct", 0)
	if err != nil {
		t.Fatal(err)
	}
	if mt.Year != 2025 || mt.Position.Value == nil || *mt.Position.Value != 30.5 || !mt.Position.Concern() {
		t.Fatalf("Liverpool 2025: %+v, want 30.5%% and a concern", mt.Position)
	}
	if mt.NeighbourModel != "2025" || mt.Indicator.Method != Funnel {
		t.Errorf("model %s method %s, want the 2025 neighbours and the funnel", mt.NeighbourModel, mt.Indicator.Method)
	}
	if len(mt.Peers) != DefaultMaxPeers || mt.Candidates < len(mt.Peers) {
		t.Fatalf("%d peers of %d candidates", len(mt.Peers), mt.Candidates)
	}
	nb, _ := m.neighboursAsOf("E08000012", 2025)
	rank := map[string]int{}
	for _, n := range nb {
		rank[n.Neighbour] = n.Rank
	}
	d := m.Detector(indicators.ByID("rereferral_pct"))
	lastRank, lastDist, neighboursDone := 0, 0.0, false
	for _, p := range mt.Peers {
		if p.Code == "E08000012" {
			t.Error("Liverpool is listed as its own peer")
		}
		// Statistical neighbours first, by rank; then by context distance.
		if p.Neighbour {
			if neighboursDone || rank[p.Code] != p.NeighbourRank || p.NeighbourRank <= lastRank {
				t.Errorf("%s: neighbour rank %d out of order", p.Name, p.NeighbourRank)
			}
			lastRank = p.NeighbourRank
		} else {
			neighboursDone = true
			if rank[p.Code] != 0 {
				t.Errorf("%s is a statistical neighbour but is listed by distance", p.Name)
			}
			if p.Distance == nil || *p.Distance < lastDist {
				t.Errorf("%s: distance %v out of order", p.Name, p.Distance)
			} else {
				lastDist = *p.Distance
			}
		}
		// Each was in the same position and improved, by figures the
		// trajectory shows.
		if len(p.Episodes) == 0 {
			t.Fatalf("%s has no improvement", p.Name)
		}
		e := p.Latest()
		var concern, before bool
		for _, pt := range p.Trajectory {
			if pt.Year == e.ConcernYear {
				concern = pt.Standing == Worse
				before = pt.Value != nil && *pt.Value == e.Before
			}
			if pt.Year > 2025 {
				t.Errorf("%s trajectory runs past the match year", p.Name)
			}
		}
		if !concern || !before {
			t.Errorf("%s: trajectory does not show the concern of %d at %v", p.Name, e.ConcernYear, e.Before)
		}
		if e.After >= e.Before {
			t.Errorf("%s: re-referrals went from %v to %v; low is good", p.Name, e.Before, e.After)
		}
		if got := d.Episodes(p.Code, 2025); !reflect.DeepEqual(got, p.Episodes) {
			t.Errorf("%s: episodes differ from the detector's", p.Name)
		}
		for _, j := range p.Judgements {
			if m.reg.Canonical(j.Council) != p.Code {
				t.Errorf("%s shows %s's judgement", p.Name, j.Council)
			}
		}
	}
	if !mt.Peers[0].Neighbour {
		t.Error("Liverpool has statistical neighbours that improved; they should come first")
	}
	if _, err := json.Marshal(mt); err != nil {
		t.Errorf("match does not encode as JSON: %v", err)
	}

	for _, c := range []struct{ council, ind, want string }{
		{"E08000012", "no_such", "no indicator"},
		{"E08000012", "cla_rate", "no judgement"},
		{"E08000012", "adoption_timeliness_months", "national only"},
		{"E99999999", "rereferral_pct", "no council"},
	} {
		if _, err := m.Match(c.council, c.ind, 0); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Match(%s, %s): %v, want an error saying %q", c.council, c.ind, err, c.want)
		}
	}
	if _, err := m.Match("E08000012", "rereferral_pct", 2031); err == nil {
		t.Error("a year without figures should be an error")
	}
}

// TestMatchUsesOnlyWhatWasPublished recomputes the whole table from the
// published observations for 2019 and earlier and checks that a match as
// of 2019 is the same with or without the later years: nothing after the
// as-of year shapes the peers, their episodes or the distances.
func TestMatchUsesOnlyWhatWasPublished(t *testing.T) {
	m := realData(t)
	ctx := context.Background()
	var obs []sightline.Observation
	need := map[string]map[string]bool{}
	for _, ind := range indicators.Catalogue() {
		for _, r := range ind.Refs() {
			if need[r.Dataset] == nil {
				need[r.Dataset] = map[string]bool{}
			}
			need[r.Dataset][r.Measure] = true
		}
	}
	for ds, ms := range need {
		q := sightline.ObservationQuery{Dataset: ds}
		for meas := range ms {
			q.Measures = append(q.Measures, meas)
		}
		o, err := real.store.Observations(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range o {
			if x.Year <= 2019 {
				obs = append(obs, x)
			}
		}
	}
	nb, err := real.store.Neighbours(ctx)
	if err != nil {
		t.Fatal(err)
	}
	early, err := indicators.Compute(indicators.Catalogue(), m.reg, nb, obs)
	if err != nil {
		t.Fatal(err)
	}
	var js []sightline.Judgement
	for _, j := range real.js {
		if j.PublicationDate.Before(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) {
			js = append(js, j)
		}
	}
	then := NewMatcher(early, m.reg, js, Options{})
	compared := 0
	for _, c := range []struct{ council, ind string }{
		{"E08000012", "rereferral_pct"}, {"E08000025", "cpp_repeat_pct"}, {"E10000016", "cpp_2yrs_pct"},
		{"E06000023", "injury_admissions_rate"}, {"E09000022", "sw_agency_pct"},
	} {
		now, err := m.Match(c.council, c.ind, 2019)
		if err != nil {
			t.Fatal(err)
		}
		was, err := then.Match(c.council, c.ind, 2019)
		if err != nil {
			t.Fatal(err)
		}
		if now.NeighbourModel != "2021" {
			t.Errorf("%s as of 2019 uses the %s neighbours; the 2025 model came later", c.council, now.NeighbourModel)
		}
		a, _ := json.Marshal(now)
		b, _ := json.Marshal(was)
		if string(a) != string(b) {
			t.Errorf("%s %s as of 2019 changes when later years are published:\nwith: %s\nwithout: %s", c.council, c.ind, a, b)
		}
		for _, p := range now.Peers {
			if p.Latest().HeldTo > 2019 {
				t.Errorf("%s: peer %s's improvement is dated %d", c.ind, p.Name, p.Latest().HeldTo)
			}
		}
		compared += len(now.Peers)
	}
	if compared < 20 {
		t.Errorf("only %d peers compared; the test needs matches with peers", compared)
	}
}

// TestMatchSpreadMethod: workforce figures have no counts, so positions and
// changes are judged by the spread of councils' figures.
func TestMatchSpreadMethod(t *testing.T) {
	m := realData(t)
	mt, err := m.Match("E09000022", "sw_agency_pct", 0)
	if err != nil {
		t.Fatal(err)
	}
	if mt.Indicator.Method != Spread || !strings.Contains(mt.Criterion, "No counts") {
		t.Errorf("method %s, criterion %q", mt.Indicator.Method, mt.Criterion)
	}
	if mt.Position.Z == nil || mt.Position.Standing == "" {
		t.Errorf("Lambeth's agency rate was not judged: %+v", mt.Position)
	}
	if len(mt.Peers) == 0 {
		t.Error("no council improved its agency rate from a concern, by the spread method")
	}
}
