package y2024

import (
	"strings"
	"testing"

	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/providers"
)

// urnRegister is a small provider register: SC100001 open, 1234567 closed
// on 31/12/2024, SC100003 closed on 15/06/2024 and registered for nothing,
// SC100004 closed on 31/03/2025 at a postcode the directory lacks.
func urnRegister() ssda903.Providers {
	d := ssda903.ParseDate
	return providers.FromRows([]ssda903.Provider{
		{URN: "SC100001", Postcode: "AB1 2CD", Places: []string{"K2", "K1"}, Providers: []string{"PR1", "PR2"}},
		{URN: "1234567", Postcode: "LS1 4AP", Places: []string{"H5", "S1"}, Providers: []string{"PR4"}, Closed: d("31/12/2024")},
		{URN: "SC100003", Closed: d("15/06/2024")},
		{URN: "SC100004", Postcode: "B1 1AA", Places: []string{"K2"}, Providers: []string{"PR2"}, Closed: d("31/03/2025")},
	})
}

// withRegister is a return of episodes with urnRegister attached.
func withRegister(t *testing.T, episodes string) *ssda903.Return {
	t.Helper()
	r := ret(t, map[string]string{"Episodes": episodes})
	r.ProviderRegister = urnRegister()
	return r
}

// registerPostcodes is a postcode directory that knows only each
// postcode's council (upper-case, spaces removed, as keys).
type registerPostcodes map[string]string

func (p registerPostcodes) Locate(pc string) (float64, float64, string, bool) {
	la, ok := p[strings.ToUpper(strings.ReplaceAll(pc, " ", ""))]
	return 0, 0, la, ok
}

func TestRule1008(t *testing.T) {
	r := withRegister(t, `CHILD,URN
0,SC100001
1,
2,XXXXXXX
3,xxxxxxx
4,1234567
5,SC999999
6,XXXXXX
7,sc100001`)
	// 5 is not registered; 6 is not the placeholder (six Xs, not seven).
	expect(t, "1008", r, map[string][]int{"Episodes": {5, 6}})
}

func TestRule219(t *testing.T) {
	r := withRegister(t, `CHILD,URN,PLACE
0,SC100001,K2
1,SC100001,K1
2,SC100001,H5
3,SC100001,
4,1234567,s1
5,SC100003,K2
6,SC999999,K2
7,XXXXXXX,Z1
8,,K2`)
	// 2 is a type the home is not registered for, 3 gives none, SC100003
	// is registered for nothing and SC999999 is not in the register.
	expect(t, "219", r, map[string][]int{"Episodes": {2, 3, 5, 6}})
}

func TestRule221(t *testing.T) {
	r := withRegister(t, `CHILD,LS,PLACE,PL_POST,URN
0,C2,K2,AB1 2CD,SC100001
1,C2,K2,ab12cd,SC100001
2,C2,K1,AB1 2CE,SC100001
3,V3,K2,AB1 2CE,SC100001
4,C2,H5,ZZ1 1ZZ,1234567
5,C2,S1,ZZ1 1ZZ,1234567
6,C2,S1,LS1 4AP,1234567
7,C2,R3,AB1 2CD,SC100003
8,C2,R3,AB1 2CD,SC999999
9,C2,K2,,SC100001
10,C2,K2,AB9 9ZZ,XXXXXXX
11,C2,K2,AB9 9ZZ,
12,C2,U1,AB9 9ZZ,SC100001`)
	// 3 is a short break, 4 an H5 placement (exempt since 2024/25), 9 has
	// no postcode, 10 and 11 no URN, 12 is not a K1/K2/R3/S1 placement.
	// SC100003 has no registered postcode and SC999999 is not registered,
	// so neither matches.
	expect(t, "221", r, map[string][]int{"Episodes": {2, 5, 7, 8}})
}

func TestRule224(t *testing.T) {
	r := withRegister(t, `CHILD,URN,PLACE_PROVIDER
0,SC100001,PR1
1,SC100001,pr2
2,SC100001,PR4
3,1234567,PR4
4,1234567,
5,SC999999,PR1
6,XXXXXXX,PR0
7,SC100003,PR1
8,,PR3`)
	expect(t, "224", r, map[string][]int{"Episodes": {2, 4, 5, 7}})
}

func TestRule227(t *testing.T) {
	r := withRegister(t, `CHILD,DECOM,URN
0,01/01/2024,1234567
1,31/12/2024,1234567
2,02/01/2025,1234567
3,01/07/2024,SC100003
4,01/07/2024,SC100001
5,baddate,1234567
6,01/07/2025,SC999999
7,01/02/2025,XXXXXXX`)
	// 1 starts the day the setting closed; 4's setting is open; 5's date
	// is unreadable and SC999999 has no closure date to compare.
	expect(t, "227", r, map[string][]int{"Episodes": {1, 2, 3}})
}

func TestRule228(t *testing.T) {
	r := withRegister(t, `CHILD,DEC,URN
0,31/12/2024,1234567
1,01/01/2025,1234567
2,,1234567
3,,SC100001
4,01/06/2024,SC100003
5,,SC999999
6,01/01/2025,XXXXXXX
7,notadate,SC100003
8,,SC100004`)
	// 2 and 7 are open (7's DEC unreadable) at settings closed before
	// 31 March; SC100004 closed on 31 March itself.
	expect(t, "228", r, map[string][]int{"Episodes": {1, 2, 7}})
}

func TestRule229(t *testing.T) {
	eps := `CHILD,PLACE_PROVIDER,URN
0,PR1,SC100001
1,PR2,SC100001
2,PR1,1234567
3,PR2,1234567
4,PR1,SC100004
5,PR2,SC100004
6,PR1,SC999999
7,PR1,SC100003
8,PR4,1234567
9,PR1,XXXXXXX
10,pr2,SC100001`
	r := withRegister(t, eps)
	r.PostcodeDirectory = registerPostcodes{"AB12CD": "330", "LS14AP": "383"}
	// The council is 330. SC100001 is in its area, 1234567 in Leeds (383);
	// SC100004's postcode is not in the directory, SC100003 has none and
	// SC999999 is not registered: PR1 there is faulted, PR2 is not.
	expect(t, "229", r, map[string][]int{"Episodes": {1, 2, 4, 6, 7, 10}})
	// Without the council's LA number there is nothing to compare.
	r.LA = ""
	expect(t, "229", r, nil)
}

func TestProviderRulesSkippedWithoutRegister(t *testing.T) {
	codes := []string{"1008", "219", "221", "224", "227", "228", "229"}
	eps := `CHILD,DECOM,DEC,LS,PLACE,PLACE_PROVIDER,PL_POST,URN
0,01/07/2024,,C2,K2,PR1,ZZ9 9ZZ,SC999999`
	results := func(r *ssda903.Return) map[string]rules.Result {
		m := map[string]rules.Result{}
		for _, res := range rules.Run(Set(), r) {
			m[res.Code] = res
		}
		return m
	}
	got := results(ret(t, map[string]string{"Episodes": eps}))
	for _, c := range codes {
		if res := got[c]; res.Skipped != ssda903.NeedProviders || len(res.Hits) != 0 {
			t.Errorf("%s without a register: skipped %q with %d hits, want skipped %q", c, res.Skipped, len(res.Hits), ssda903.NeedProviders)
		}
	}
	// With the register but no postcode directory only 229 is skipped.
	r := withRegister(t, eps)
	got = results(r)
	for _, c := range codes {
		want := ""
		if c == "229" {
			want = ssda903.NeedPostcodes
		}
		if got[c].Skipped != want {
			t.Errorf("%s with a register: skipped %q, want %q", c, got[c].Skipped, want)
		}
	}
	if len(got["1008"].Hits) != 1 {
		t.Errorf("1008 with a register: %d hits, want 1", len(got["1008"].Hits))
	}
}
