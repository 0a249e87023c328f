package cinsynth

import (
	"bytes"
	"slices"
	"testing"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/returns"
)

// TestXMLRoundTrips writes each generated census as XML, reads it back with
// cin.Read, and checks that every table comes back row for row (so the
// counts agree too), and that the file is valid against the 2025 schema.
func TestXMLRoundTrips(t *testing.T) {
	cs, err := Generate(Options{Seed: 3, CodeFilter: []string{"805", "201", "906", "873"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		data := c.XML()
		ret, err := cin.Read(c.Return.File, data)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if ret.Year != c.Return.Year || ret.LA != c.LA {
			t.Errorf("%s: read back year %d LA %s, want %d %s", c.Name, ret.Year, ret.LA, c.Return.Year, c.LA)
		}
		for _, name := range cin.TableNames {
			want, got := c.Return.T(name), ret.T(name)
			if got.Len() != want.Len() {
				t.Errorf("%s: %s has %d rows read back, %d generated", c.Name, name, got.Len(), want.Len())
				continue
			}
			for i := range want.Rows {
				if !slices.Equal(got.Rows[i], want.Rows[i]) {
					t.Errorf("%s: %s row %d read back as %v, generated %v", c.Name, name, i, got.Rows[i], want.Rows[i])
					break
				}
			}
		}
		st := c.Stats
		if n := ret.T(cin.ChildIdentifiers).Len(); n != st.Children {
			t.Errorf("%s: %d children read back, stats say %d", c.Name, n, st.Children)
		}
		if n := ret.T(cin.CINdetails).Len(); n != st.Episodes {
			t.Errorf("%s: %d episodes read back, stats say %d", c.Name, n, st.Episodes)
		}
		if n := ret.T(cin.ChildProtectionPlans).Len(); n != st.CPPs {
			t.Errorf("%s: %d plans read back, stats say %d", c.Name, n, st.CPPs)
		}
		if n := ret.T(cin.Reviews).Len(); n != st.Reviews {
			t.Errorf("%s: %d reviews read back, stats say %d", c.Name, n, st.Reviews)
		}
		if n := ret.T(cin.Section47).Len(); n != st.Section47 {
			t.Errorf("%s: %d enquiries read back, stats say %d", c.Name, n, st.Section47)
		}
		if n := ret.T(cin.CINplanDates).Len(); n != st.CINPlans {
			t.Errorf("%s: %d CIN plans read back, stats say %d", c.Name, n, st.CINPlans)
		}
		if n := ret.T(cin.Assessments).Len(); n != st.FactorRecords {
			t.Errorf("%s: %d assessment rows read back, stats say %d", c.Name, n, st.FactorRecords)
		}
		probs := cin.ValidateSchema(2025, c.Return.File, data)
		for i, p := range probs {
			if i == 5 {
				t.Errorf("%s: … %d schema problems in all", c.Name, len(probs))
				break
			}
			t.Errorf("%s: schema: %s", c.Name, p)
		}
		t.Logf("%s: %+v", c.Name, st)
	}
}

// TestCalibrated checks each council's census against the published
// figures it is sized to: referrals and plans exactly, children in need on
// 31 March within a few per cent.
func TestCalibrated(t *testing.T) {
	cs, err := Generate(Options{Seed: 5, CodeFilter: []string{"805", "330", "208", "873", "940", "201", "906"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		st := c.Stats
		if st.Referrals != c.Referrals {
			t.Errorf("%s: %d referrals, published %d", c.Name, st.Referrals, c.Referrals)
		}
		if st.CPPStarts != max(c.CPPStarts, c.CPPByDuration[0]+c.CPPByDuration[1]+c.CPPByDuration[2]) {
			t.Errorf("%s: %d plans started, published %d", c.Name, st.CPPStarts, c.CPPStarts)
		}
		if st.CPPAt31 != c.CPPAt31 {
			t.Errorf("%s: %d plans open on 31 March, published %d", c.Name, st.CPPAt31, c.CPPAt31)
		}
		if d := st.InNeedAt31 - c.InNeedAt31; d*d*400 > c.InNeedAt31*c.InNeedAt31 && d*d > 9 {
			t.Errorf("%s: %d in need on 31 March, published %d", c.Name, st.InNeedAt31, c.InNeedAt31)
		}
		t.Logf("%s: published %d referrals, %d in need at 31 March, %d plans started, %d open; generated %+v",
			c.Name, c.Referrals, c.InNeedAt31, c.CPPStarts, c.CPPAt31, st)
	}
}

// TestDeterministic checks the same seed gives the same file, whichever
// other councils are generated alongside.
func TestDeterministic(t *testing.T) {
	a, err := Generate(Options{Seed: 9, CodeFilter: []string{"805"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(Options{Seed: 9, CodeFilter: []string{"805", "806", "807"}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a[0].XML(), b[0].XML()) {
		t.Error("the same seed gave different files")
	}
	c, err := Generate(Options{Seed: 10, CodeFilter: []string{"805"}})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a[0].XML(), c[0].XML()) {
		t.Error("different seeds gave the same file")
	}
}

// TestJourneysLookReal checks the timeliness a real council's census
// shows: most assessments authorised within 45 working days, most initial
// conferences within 15 working days of the enquiry starting, first
// reviews within three months of the plan, and a few per cent of children
// unborn.
func TestJourneysLookReal(t *testing.T) {
	cs, err := Generate(Options{Seed: 21, CodeFilter: []string{"330"}})
	if err != nil {
		t.Fatal(err)
	}
	ret := cs[0].Return
	share := func(n, of int) float64 { return float64(n) / float64(max(of, 1)) }
	as := ret.T(cin.Assessments)
	start, auth := as.DateColumn("AssessmentActualStartDate"), as.DateColumn("AssessmentAuthorisationDate")
	in45, done := 0, 0
	for i := range start {
		if auth[i].OK {
			done++
			if returns.WorkingDays(start[i].Time, auth[i].Time) <= 45 {
				in45++
			}
		}
	}
	s47 := ret.T(cin.Section47)
	s, icpc := s47.DateColumn("S47ActualStartDate"), s47.DateColumn("DateOfInitialCPC")
	in15, held := 0, 0
	for i := range s {
		if icpc[i].OK {
			held++
			if returns.WorkingDays(s[i].Time, icpc[i].Time) <= 15 {
				in15++
			}
		}
	}
	ids := ret.T(cin.ChildIdentifiers)
	unborn := 0
	for _, e := range ids.Column("ExpectedPersonBirthDate") {
		if e != "" {
			unborn++
		}
	}
	checks := []struct {
		what   string
		got    float64
		lo, hi float64
	}{
		{"assessments authorised within 45 working days", share(in45, done), 0.75, 0.95},
		{"conferences within 15 working days", share(in15, held), 0.6, 0.95},
		{"children unborn", share(unborn, ids.Len()), 0.005, 0.05},
		{"referrals with no further action", share(cs[0].Stats.NFA, cs[0].Stats.Referrals), 0, 0.1},
	}
	for _, c := range checks {
		if c.got < c.lo || c.got > c.hi {
			t.Errorf("%s: %.1f%%, want %.0f%% to %.0f%%", c.what, 100*c.got, 100*c.lo, 100*c.hi)
		}
		t.Logf("%s: %.1f%%", c.what, 100*c.got)
	}
}
