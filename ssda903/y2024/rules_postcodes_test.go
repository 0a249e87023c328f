package y2024

import (
	"math"
	"testing"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/onspd"
)

// Home postcode of every test episode, and points due east of it at the
// distances rules 453 and 503G compare (a mile is 1,609.3 m).
const homeEastP, homeNorthP = 406725, 286651

// postcodesP attaches a small postcode directory to a return (whose LA is
// Birmingham, 330). ZZ1 1ZZ is a made-up point over 1,000 miles away.
func postcodesP(t *testing.T, r *ssda903.Return) *ssda903.Return {
	t.Helper()
	nan := math.NaN()
	d, err := onspd.FromRows([]onspd.Row{
		{Postcode: "B1 1BB", East: homeEastP, North: homeNorthP, District: "E08000025"},        // Birmingham, 330
		{Postcode: "B2 4QA", East: 406900, North: 287000, District: "E08000025"},               // Birmingham
		{Postcode: "B3 1AA", East: homeEastP + 1609, North: homeNorthP, District: "E08000025"}, // 1.0 miles from home
		{Postcode: "B3 2AA", East: homeEastP + 1931, North: homeNorthP, District: "E08000025"}, // 1.2 miles
		{Postcode: "B3 3AA", East: homeEastP + 2092, North: homeNorthP, District: "E08000025"}, // 1.3 miles
		{Postcode: "B91 3QB", East: 415281, North: 279151, District: "E08000029"},              // Solihull, 334
		{Postcode: "SO23 8UJ", East: 448089, North: 129554, District: "E07000094"},             // Winchester → Hampshire, 850
		{Postcode: "CF10 1EP", East: 318396, North: 176276, District: "W06000015"},             // Cardiff → WAL
		{Postcode: "EH1 1YZ", East: 325792, North: 673732, District: "S12000036"},              // Edinburgh → SCO
		{Postcode: "JE2 3QA", East: nan, North: nan, District: "L99999999"},                    // Jersey: no grid reference, no council
		{Postcode: "ZZ1 1ZZ", East: homeEastP + 1_700_000, North: homeNorthP, District: "E08000025"},
	})
	if err != nil {
		t.Fatal(err)
	}
	r.PostcodeDirectory = d
	return r
}

func TestPlacementFields(t *testing.T) {
	r := postcodesP(t, ret(t, map[string]string{"Episodes": `CHILD,HOME_POST,PL_POST
1,B1 1BB,b2 4qa
2,B1 1BB,B91 3QB
3,,CF101EP
4,B1 1BB,JE2 3QA
5,B1 1BB,
6,B1 1BB,ZZ9 9ZZ
7,ZZ9 9ZZ,B3 3AA`}))
	f := derivedPlacement(r, r.T(ssda903.Episodes))
	wantLA := []string{"330", "334", "WAL", "", "", "", "330"}
	wantLoc := []string{"IN", "OUT", "OUT", "OUT", "", "", "IN"}
	wantDist := []float64{0.2, 7.1, math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	for i := range wantLA {
		d := f.distance[i]
		if f.la[i] != wantLA[i] || f.location[i] != wantLoc[i] || d != wantDist[i] && !(math.IsNaN(d) && math.IsNaN(wantDist[i])) {
			t.Errorf("row %d: PL_LA %q, PL_LOCATION %q, PL_DISTANCE %v; want %q, %q, %v", i, f.la[i], f.location[i], d, wantLA[i], wantLoc[i], wantDist[i])
		}
	}
	// DfE rounds half to even after dividing by 1.6093.
	for _, c := range []struct{ dx, want float64 }{{1609, 1.0}, {1931, 1.2}, {0, 0}, {80.4, 0}, {80.5, 0.1}, {1609300, 1000}} {
		if got := plMiles(0, 0, c.dx, 0); got != c.want {
			t.Errorf("plMiles(%v m) = %v, want %v", c.dx, got, c.want)
		}
	}
}

func TestRule1015(t *testing.T) {
	src := map[string]string{"Episodes": `CHILD,PLACE,LS,PLACE_PROVIDER,PL_POST
1,K2,C2,PR1,B1 1BB
2,K2,C2,PR1,B91 3QB
3,U1,C2,PR1,B91 3QB
4,K2,V3,PR1,B91 3QB
5,K2,C2,PR4,B91 3QB
6,,C2,PR1,B91 3QB
7,K2,,PR1,B91 3QB
8,K2,C2,PR1,
9,K2,C2,PR1,ZZ9 9ZZ
10,K2,C2,PR1,b1 1bb`}
	// Own provision outside Birmingham (1), or where the area cannot be
	// derived (7, 8), as DfE's tool faults it.
	expect(t, "1015", postcodesP(t, ret(t, src)), map[string][]int{"Episodes": {1, 7, 8}})
	r := postcodesP(t, ret(t, src))
	r.LA = ""
	expect(t, "1015", r, nil)
}

func TestRule164(t *testing.T) {
	src := map[string]string{
		"Header": "CHILD\nA\nU",
		"UASC":   "CHILD,DUC\nU,01/01/2025",
		"Episodes": `CHILD,HOME_POST,PL_POST
A,B1 1BB,ZZ1 1ZZ
A,B1 1BB,B3 1AA
U,B1 1BB,ZZ1 1ZZ
A,,ZZ1 1ZZ`,
	}
	expect(t, "164", postcodesP(t, ret(t, src)), map[string][]int{"Episodes": {0}})
	// Without a UASC table or flag, DfE's tool cannot tell who was UASC
	// and checks nothing.
	delete(src, "UASC")
	expect(t, "164", postcodesP(t, ret(t, src)), nil)
}

const areasP = `LS,PL_POST
C2,B1 1BB
C2,CF10 1EP
C2,
C2,JE2 3QA
V3,
C2,ZZ9 9ZZ
V4,JE2 3QA`

func TestRule169(t *testing.T) {
	// Blank (2), Jersey (3) and unknown (5) placements have no LA.
	expect(t, "169", postcodesP(t, ret(t, map[string]string{"Episodes": areasP})), map[string][]int{"Episodes": {2, 3, 5}})
}

func TestRule179(t *testing.T) {
	// Jersey is OUT of the council's area; only blank and unknown
	// placement postcodes have no location.
	expect(t, "179", postcodesP(t, ret(t, map[string]string{"Episodes": areasP})), map[string][]int{"Episodes": {2, 5}})
}

func TestRule218(t *testing.T) {
	r := postcodesP(t, ret(t, map[string]string{"Episodes": `CHILD,PLACE,DEC,URN,PL_POST
0,K2,,,B1 1BB
1,K2,31/03/2024,,B1 1BB
2,K2,01/04/2024,,B1 1BB
3,K2,33/04/2024,,B1 1BB
4,R1,,,B1 1BB
5,K2,,,CF10 1EP
6,K2,,,EH1 1YZ
7,K2,,,
8,K2,,SC123456,B1 1BB
9,K2,,,SO23 8UJ
10,K2,,,JE2 3QA`}))
	// 1 ended before the year, 3's end is unreadable, 4 needs no URN, 5 and
	// 6 are outside England, 7 and 10 have no derivable area, 8 has a URN.
	expect(t, "218", r, map[string][]int{"Episodes": {0, 2, 9}})
}

func TestRule392a(t *testing.T) {
	cur := map[string]string{
		"Header": "CHILD\nA\nU",
		"Episodes": `CHILD,LS,HOME_POST,PL_POST
A,C2,B1 1BB,B3 1AA
A,C2,,B3 1AA
A,C2,B1 1BB,JE2 3QA
A,V3,,
U,C2,,
A,C2,ZZ9 9ZZ,B3 1AA`,
	}
	// U was UASC last year; Jersey has no grid reference (2).
	r := postcodesP(t, ret2(t, cur, map[string]string{"UASC": "CHILD,DUC\nU,01/01/2024"}))
	expect(t, "392a", r, map[string][]int{"Episodes": {1, 2, 5}})
	expect(t, "392a", postcodesP(t, ret(t, cur)), nil)
}

func TestRule392c(t *testing.T) {
	r := postcodesP(t, ret(t, map[string]string{"Episodes": `HOME_POST,PL_POST
B1 1BB,b11bb
ZZ9 9ZZ,B1 1BB
B1 1BB,ZZ9 9ZZ
,
JE2 3QA,SO238UJ
B1 1BB X,`}))
	expect(t, "392c", r, map[string][]int{"Episodes": {1, 2, 5}})
}

func TestRule406(t *testing.T) {
	// An XML return flags UASC children in the Header.
	r := postcodesP(t, ret(t, map[string]string{
		"Header": "CHILD,UASC\nA,0\nV,1",
		"Episodes": `CHILD,HOME_POST,PL_POST
V,B1 1BB,B3 1AA
V,,B3 1AA
A,B1 1BB,B3 1AA
V,B1 1BB,JE2 3QA`,
	}))
	expect(t, "406", r, map[string][]int{"Episodes": {0}})
}

func TestRule411(t *testing.T) {
	// PL_LOCATION and PL_LA are both derived from PL_POST, so they agree.
	r := postcodesP(t, ret(t, map[string]string{"Episodes": "PL_POST\nB1 1BB\nB91 3QB\n\nJE2 3QA\nZZ9 9ZZ"}))
	expect(t, "411", r, nil)
}

func TestRule420(t *testing.T) {
	r := postcodesP(t, ret(t, map[string]string{"Episodes": `LS,PL_POST
V3,B1 1BB
V4,
C2,B1 1BB
V4,JE2 3QA
V3,EH1 1YZ
V3,ZZ9 9ZZ`}))
	expect(t, "420", r, map[string][]int{"Episodes": {0, 4}})
}

func TestRule452(t *testing.T) {
	r := postcodesP(t, ret2(t, map[string]string{"Episodes": `CHILD,DECOM,RNE,PL_POST
1,01/04/2024,P,B1 1BB
2,01/04/2024,P,B91 3QB
3,01/04/2024,P,B91 3QB
4,01/04/2024,S,B91 3QB
5,01/04/2024,P,
6,01/05/2024,P,B1 1BB
6,01/04/2024,P,B91 3QB
7,01/04/2024,,B91 3QB`}, map[string]string{"Episodes": `CHILD,DECOM,DEC,RNE,PL_POST
1,01/01/2024,,P,B2 4QA
2,01/01/2024,,P,B1 1BB
3,01/01/2024,31/03/2024,P,B1 1BB
4,01/01/2024,,P,B1 1BB
5,01/01/2024,,P,JE2 3QA
6,01/01/2023,01/01/2024,P,B91 3QB
6,01/01/2024,,P,B1 1BB
7,01/01/2024,,,B1 1BB`}))
	// 1 stays in Birmingham; 3's episode had ended; 4 changed reason; 5 has
	// no LA either year; 7 gives no reason. 2 and 6 moved to Solihull.
	expect(t, "452", r, map[string][]int{"Episodes": {1, 6}})
	expect(t, "452", postcodesP(t, ret(t, map[string]string{"Episodes": "CHILD,DECOM,RNE,PL_POST\n2,01/04/2024,P,B91 3QB"})), nil)
}

func TestRule453(t *testing.T) {
	r := postcodesP(t, ret2(t, map[string]string{"Episodes": `CHILD,DECOM,RNE,HOME_POST,PL_POST
1,01/04/2024,P,B1 1BB,B3 1AA
2,01/04/2024,P,B1 1BB,B3 2AA
3,01/04/2024,P,B1 1BB,B3 3AA
4,01/04/2024,P,,B3 3AA
5,01/04/2024,P,B1 1BB,B3 3AA`}, map[string]string{"Episodes": `CHILD,DECOM,DEC,RNE,HOME_POST,PL_POST
1,01/01/2024,,P,B1 1BB,B3 1AA
2,01/01/2024,,P,B1 1BB,B3 1AA
3,01/01/2024,,P,B1 1BB,B3 1AA
4,01/01/2024,,P,B1 1BB,B3 1AA
5,01/01/2024,31/03/2024,P,B1 1BB,B3 1AA`}))
	// 1.3 against 1.0 miles differs (2). 1.2 against 1.0 does not, in
	// floating point as in DfE's tool (1); nor does an unknown distance (3).
	expect(t, "453", r, map[string][]int{"Episodes": {2}})
}

func TestRule503G(t *testing.T) {
	r := postcodesP(t, ret2(t, map[string]string{"Episodes": `CHILD,DECOM,HOME_POST,PL_POST
1,01/04/2024,B1 1BB,B3 1AA
2,01/04/2024,B1 1BB,B3 3AA
3,01/04/2024,B1 1BB,B3 1AA
4,01/04/2024,,B3 1AA
5,01/04/2024,B1 1BB,B3 3AA
6,01/04/2024,B1 1BB,B3 2AA`}, map[string]string{"Episodes": `CHILD,DECOM,DEC,HOME_POST,PL_POST
1,01/01/2024,,B1 1BB,B3 1AA
2,01/01/2024,,B1 1BB,B3 1AA
3,01/01/2024,,,B3 1AA
4,01/01/2024,,B1 1BB,B3 1AA
5,01/01/2024,31/03/2024,B1 1BB,B3 1AA
6,01/01/2024,,B1 1BB,B3 1AA`}))
	// 2 moved 0.3 miles; 3 has a distance only this year.
	expect(t, "503G", r, map[string][]int{"Episodes": {1, 2}})
}

const carriedLastP = `CHILD,DECOM,DEC,PL_POST
1,01/01/2024,,B2 4QA
2,01/01/2024,,B1 1BB
3,01/01/2024,,CF10 1EP
4,01/01/2024,,
5,01/01/2024,,ZZ9 9ZZ
6,01/01/2024,31/03/2024,B1 1BB`

func TestRule503H(t *testing.T) {
	r := postcodesP(t, ret2(t, map[string]string{"Episodes": `CHILD,DECOM,PL_POST
1,01/04/2024,B1 1BB
2,01/04/2024,B91 3QB
3,01/04/2024,SO23 8UJ
4,01/04/2024,EH1 1YZ
5,01/04/2024,JE2 3QA
6,01/04/2024,B91 3QB`}, map[string]string{"Episodes": carriedLastP}))
	// 330 → 334 (1), WAL → 850 (2), none → SCO (3); 5 has no LA either
	// year; 6's episode had ended.
	expect(t, "503H", r, map[string][]int{"Episodes": {1, 2, 3}})
}

func TestRule503J(t *testing.T) {
	cur := map[string]string{"Episodes": `CHILD,DECOM,PL_POST
1,01/04/2024,B1 1BB
2,01/04/2024,B91 3QB
3,01/04/2024,SO23 8UJ
4,01/04/2024,JE2 3QA
5,01/04/2024,
6,01/04/2024,B91 3QB`}
	// IN → OUT (row 1), none → OUT (row 3); row 2 is OUT both years, row 4
	// has no location either year, and child 6's episode had ended.
	expect(t, "503J", postcodesP(t, ret2(t, cur, map[string]string{"Episodes": carriedLastP})), map[string][]int{"Episodes": {1, 3}})
	r := postcodesP(t, ret2(t, cur, map[string]string{"Episodes": carriedLastP}))
	r.LA = ""
	expect(t, "503J", r, nil)
}

var postcodeRulesP = []string{"1015", "164", "169", "179", "218", "392a", "392c", "406", "411", "420", "452", "453", "503G", "503H", "503J"}

// Without the directory the rules are reported as not checked; with it
// they run.
func TestPostcodeRulesNeedDirectory(t *testing.T) {
	src := map[string]string{
		"Header":   "CHILD\nA",
		"UASC":     "CHILD,DUC",
		"Episodes": "CHILD,DECOM,RNE,LS,PLACE,PLACE_PROVIDER,HOME_POST,PL_POST,URN\nA,01/04/2024,P,C2,K2,PR1,,ZZ9 9ZZ,",
	}
	byCode := func(r *ssda903.Return) map[string]rules.Result {
		out := map[string]rules.Result{}
		for _, res := range rules.Run(Set(), r) {
			out[res.Code] = res
		}
		return out
	}
	without := byCode(ret(t, src))
	with := byCode(postcodesP(t, ret(t, src)))
	for _, code := range postcodeRulesP {
		if got := without[code]; got.Skipped != ssda903.NeedPostcodes || got.Hits != nil {
			t.Errorf("rule %s without a directory: %+v, want skipped for %q", code, got, ssda903.NeedPostcodes)
		}
		if got := with[code]; got.Code != code || got.Skipped != "" || got.Err != nil {
			t.Errorf("rule %s with a directory: %+v, want it run", code, got)
		}
		if _, pending := Pending()[code]; pending {
			t.Errorf("rule %s is implemented but still pending", code)
		}
	}
	// The unknown placement postcode is found by the rules that look.
	for _, code := range []string{"1015", "169", "179", "392a", "392c"} {
		if len(with[code].Hits) != 1 {
			t.Errorf("rule %s: hits %v, want the one episode", code, with[code].Hits)
		}
	}
}
