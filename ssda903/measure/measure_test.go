package measure

import (
	"math"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/ssda903"
)

// The tiny return: 2023/24 (1 April 2023 to 31 March 2024), council 800.
// Every answer below is worked out by hand in the comments.
const (
	tinyHeader = `CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A1,1,01/01/2015,WBRI,A123456789012,,
B2,2,15/06/2012,WBRI,B123456789012,,
C3,1,01/02/2010,WBRI,C123456789012,,
D4,2,01/03/2005,WBRI,D123456789012,,
E5,1,10/10/2003,WBRI,E123456789012,,
F6,2,05/05/2002,WBRI,F123456789012,,
G7,1,01/12/2004,WBRI,G123456789012,,
H8,2,01/04/2006,WBRI,H123456789012,,
J9,1,01/06/2021,WBRI,J123456789012,,
K10,2,01/01/2012,WBRI,K123456789012,,
L11,1,01/01/2008,WBRI,L123456789012,,
M12,2,01/01/2016,WBRI,M123456789012,,
N13,1,01/01/2007,WBRI,N123456789012,,
`
	// A1: starts 10/05/2023 and moves carer twice (P, P): 3 placements.
	// B2: in care with one carer since 2020 (aged 11): long-term stable.
	// C3: in care since 2021 (previous return), new carer 01/01/2023.
	// J9: in care since 01/07/2021 (previous return), adopted 10/02/2024.
	// K10: a short break (V3) only: counted nowhere.
	// L11: started last year, ceased 15/09/2023; went missing twice.
	// M12: one carer 2020–2023, then placed for adoption with new carers.
	// N13: aged 17, starts 01/05/2023.
	tinyEpisodes = `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A1,10/05/2023,S,C2,N1,U1,PR1,01/08/2023,X1,,H1,P1,
A1,01/08/2023,P,C2,N1,U4,PR4,01/12/2023,X1,CARPL,H1,P2,
A1,01/12/2023,P,C2,N1,U4,PR4,,,CARPL,H1,P3,
B2,01/06/2020,S,C2,N1,U1,PR1,,,,H1,P1,
C3,01/01/2023,P,C2,N1,U4,PR4,,,,H1,P1,
J9,01/07/2022,P,E1,N1,A4,PR1,10/02/2024,E11,,H1,P1,
K10,01/05/2023,S,V3,N1,U1,PR1,03/05/2023,E8,,H1,P1,
L11,01/02/2023,S,C2,N1,R1,PR1,15/09/2023,E4A,,H1,P1,
M12,01/01/2020,S,C2,N1,U1,PR1,01/10/2023,X1,,H1,P1,
M12,01/10/2023,P,E1,N1,A4,PR1,,,CHANGE,H1,ZZ9,
N13,01/05/2023,S,C2,N1,R1,PR1,,,,H1,P2,
`
	tinyEpisodesLast = `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
B2,01/06/2020,S,C2,N1,U1,PR1,,,,H1,P1,
C3,01/01/2021,S,C2,N1,U1,PR1,01/01/2023,X1,,H1,P1,
C3,01/01/2023,P,C2,N1,U4,PR4,,,,H1,P1,
J9,01/07/2021,S,C2,N1,U1,PR1,01/07/2022,X1,,H1,P1,
J9,01/07/2022,P,E1,N1,A4,PR1,,,,H1,P1,
L11,01/02/2023,S,C2,N1,R1,PR1,,,,H1,P1,
M12,01/01/2020,S,C2,N1,U1,PR1,,,,H1,P1,
`
	// Missing from care: L11 twice (M), A1 away (A); K10's incident is
	// in a short break and B2's began before the year.
	tinyMissing = `CHILD,DOB,MISSING,MIS_START,MIS_END
L11,01/01/2008,M,01/06/2023,02/06/2023
L11,01/01/2008,M,01/07/2023,03/07/2023
A1,01/01/2015,A,01/09/2023,01/09/2023
K10,01/01/2012,M,02/05/2023,02/05/2023
B2,15/06/2012,M,15/03/2023,16/03/2023
`
	// UASC at 31 March: A1 (until 2033); B2 ceased to be UASC on
	// 01/01/2024; L11 is no longer looked after.
	tinyUASC = `CHILD,SEX,DOB,DUC
A1,1,01/01/2015,01/01/2033
B2,2,15/06/2012,01/01/2024
L11,1,01/01/2008,01/01/2026
`
	// Care leavers with a 19th, 20th or 21st birthday in the year: D4 (19,
	// EET, suitable), E5 (20, NEET, unsuitable), F6 (21, not in touch).
	// G7 died; H8 turns 18 on 1 April 2024, after the year.
	tinyOC3 = `CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
D4,01/03/2005,YES,F2,B1
E5,10/10/2003,YES,G5,S2
F6,05/05/2002,NO,,
G7,01/12/2004,DIED,,
H8,01/04/2006,YES,F1,B1
`
)

func tinyReturn(t *testing.T, withLast bool) *ssda903.Return {
	t.Helper()
	r := &ssda903.Return{Year: 2024, LA: "800", Tables: map[string]*ssda903.Table{}, Last: map[string]*ssda903.Table{}}
	for name, text := range map[string]string{"header.csv": tinyHeader, "episodes.csv": tinyEpisodes, "missing.csv": tinyMissing, "uasc.csv": tinyUASC, "oc3.csv": tinyOC3} {
		tab, err := ssda903.ReadCSV(name, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		r.Tables[tab.Name] = tab
	}
	if withLast {
		tab, err := ssda903.ReadCSV("episodes_last.csv", []byte(tinyEpisodesLast))
		if err != nil {
			t.Fatal(err)
		}
		r.Last[tab.Name] = tab
	}
	return r
}

func byID(rs []Result) map[string]Result {
	m := map[string]Result{}
	for _, r := range rs {
		m[r.ID] = r
	}
	return m
}

type want struct {
	num, den float64
	value    sightline.Value
	shown    string
}

func check(t *testing.T, rs map[string]Result, id string, w want) {
	t.Helper()
	r, ok := rs[id]
	if !ok {
		t.Errorf("%s: no result", id)
		return
	}
	if r.Numerator != w.num || r.Denominator != w.den {
		t.Errorf("%s: %v / %v, want %v / %v", id, r.Numerator, r.Denominator, w.num, w.den)
	}
	if r.Value.Symbol != w.value.Symbol || math.Abs(r.Value.Num-w.value.Num) > 1e-9 {
		t.Errorf("%s: value %v, want %v", id, r.Value, w.value)
	}
	if got := r.Display().Format(r.Def().Decimals); got != w.shown {
		t.Errorf("%s: shown as %q, want %q", id, got, w.shown)
	}
}

// fakePostcodes places postcodes at grid references (metres) in councils.
type fakePostcodes map[string]struct {
	e, n float64
	la   string
}

func (f fakePostcodes) Locate(pc string) (float64, float64, string, bool) {
	p, ok := f[pc]
	return p.e, p.n, p.la, ok
}

func TestTinyReturn(t *testing.T) {
	n := sightline.Number
	// P2 is 55.6 km (34.5 miles) north of H1, P3 11.1 km (6.9 miles).
	loc := fakePostcodes{"H1": {500000, 200000, "800"}, "P1": {500000, 201111, "800"}, "P2": {500000, 255600, "801"}, "P3": {500000, 211100, "801"}}
	rs := byID(Compute(tinyReturn(t, true), Options{Population: 10000, Postcodes: loc}))
	if len(rs) != len(Definitions) {
		t.Fatalf("%d results, want %d", len(rs), len(Definitions))
	}
	// Looked after at 31 March: A1, B2, C3, M12, N13 (not J9, L11: ceased;
	// not K10: short break).
	check(t, rs, "cla_31_march", want{5, 0, n(5), "5"})
	check(t, rs, "cla_rate", want{5, 10000, n(5), "5"})
	// Started: A1, N13 (L11 started last year, K10 is a short break).
	check(t, rs, "cla_starts", want{2, 0, n(2), "c"})
	check(t, rs, "cla_starts_rate", want{2, 10000, n(2), "c"})
	// Ceased: J9 (adopted), L11.
	check(t, rs, "cla_ceased", want{2, 0, n(2), "c"})
	// Three or more placements: A1 of the 5.
	check(t, rs, "placements_3plus_pct", want{1, 5, n(20), "c"})
	// Long-term: under 16, in care since on or before 30/09/2021: B2, C3,
	// M12 (A1 started in 2023; N13 is 17). Same carer for 2 years: B2;
	// M12 is placed for adoption and with the carer before since 2020.
	check(t, rs, "long_term_stability_pct", want{2, 3, n(200.0 / 3), "c"})
	// New placements in the year: A1's three, M12's, N13's; M12's cannot
	// be located. Outside 800 and over 20 miles: A1's second and N13's.
	check(t, rs, "placed_20miles_pct", want{2, 5, n(40), "c"})
	// Missing: L11 of the 7 looked after in the year (A1, B2, C3, J9, L11,
	// M12, N13), with two incidents; A1 away from placement once.
	check(t, rs, "missing_children_pct", want{1, 7, n(100.0 / 7), "c"})
	check(t, rs, "missing_incidents", want{2, 0, n(2), "c"})
	check(t, rs, "away_children", want{1, 0, n(1), "c"})
	check(t, rs, "uasc_31_march", want{1, 0, n(1), "c"})
	check(t, rs, "care_leavers_eet_pct", want{1, 3, n(100.0 / 3), "c"})
	check(t, rs, "care_leavers_suitable_pct", want{1, 3, n(100.0 / 3), "c"})
	// J9: 1 July 2021 to 10 February 2024 is 954 days.
	check(t, rs, "adopted", want{1, 0, n(1), "c"})
	check(t, rs, "adoption_timeliness_days", want{954, 1, n(954), "c"})
	check(t, rs, "adoption_timeliness_months", want{954, 1, n(954 * 12 / 365.25), "c"})
	if note := rs["placed_20miles_pct"].Note; !strings.Contains(note, "1 of 5") {
		t.Errorf("distance note %q should say 1 of 5 placements were not located", note)
	}
}

func TestTinyReturnWithoutHistory(t *testing.T) {
	n := sightline.Number
	rs := byID(Compute(tinyReturn(t, false), Options{}))
	for _, id := range []string{"cla_rate", "cla_starts_rate", "cla_ceased_rate"} {
		if r := rs[id]; r.Value != sightline.Missing || r.Note != NoPopulation || r.Display().Symbol != "x" {
			t.Errorf("%s without a population: %v %q", id, r.Value, r.Note)
		}
	}
	if r := rs["placed_20miles_pct"]; r.Value != sightline.Missing || r.Note != NoDistance || r.Display().Symbol != "x" {
		t.Errorf("distance without a locator: %v %q", r.Value, r.Note)
	}
	// C3's period of care now seems to begin on 01/01/2023 with a change
	// of carer, so whether it is 2½ years long cannot be told.
	check(t, rs, "long_term_stability_pct", want{2, 2, n(100), "c"})
	if !strings.HasPrefix(rs["long_term_stability_pct"].Note, "1 child under 16") {
		t.Errorf("long-term note: %q", rs["long_term_stability_pct"].Note)
	}
	// J9's period of care began before this year's episodes.
	check(t, rs, "adoption_timeliness_days", want{0, 0, sightline.Sym("z"), "z"})
	if !strings.HasPrefix(rs["adoption_timeliness_days"].Note, "1 adopted child left out") {
		t.Errorf("adoption note: %q", rs["adoption_timeliness_days"].Note)
	}
	// Counts that need no history are unchanged.
	check(t, rs, "cla_31_march", want{5, 0, n(5), "5"})
	check(t, rs, "placements_3plus_pct", want{1, 5, n(20), "c"})
}

func TestTemporaryPlacementIsNotANewOne(t *testing.T) {
	// A child in hospital (T1) for a week returns to the same foster
	// carer (same URN): one placement, not three.
	eps := `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
X,01/05/2023,S,C2,N1,U1,PR1,01/06/2023,X1,,,,SC1
X,01/06/2023,P,C2,N1,T1,,08/06/2023,X1,,,,
X,08/06/2023,P,C2,N1,U1,PR1,01/09/2023,X1,,,,SC1
X,01/09/2023,P,C2,N1,U1,PR1,01/10/2023,X1,,,,SC2
X,01/10/2023,U,C2,N1,U3,PR1,,,,,,SC2
`
	tab, err := ssda903.ReadCSV("e.csv", []byte(eps))
	if err != nil {
		t.Fatal(err)
	}
	r := &ssda903.Return{Year: 2024, Tables: map[string]*ssda903.Table{ssda903.Episodes: tab}}
	es := children(r)["X"]
	var starts []bool
	for i := range es {
		starts = append(starts, newPlacement(es, i))
	}
	// S starts; T1 does not; the return to SC1 does not; P to SC2 does; U
	// (same carer) does not: two placements.
	want := []bool{true, false, false, true, false}
	for i := range want {
		if starts[i] != want[i] {
			t.Errorf("episode %d: new placement %v, want %v", i, starts[i], want[i])
		}
	}
}
