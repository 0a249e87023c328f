package y2023

import (
	"testing"

	"github.com/sightline-uk/sightline/ssda903"
)

func TestRule101(t *testing.T) {
	// 2023/24 codes are 1 and 2; M and F are 2024/25's.
	expect(t, "101", ret(t, map[string]string{"Header": "CHILD,SEX\n1,1\n2,2\n3,M\n4,F\n5,0\n6,"}),
		map[string][]int{"Header": {2, 3, 4, 5}})
}

func TestRule146(t *testing.T) {
	// K3 arrived in 2024/25; P2 and H5 are still 2023/24 codes.
	expect(t, "146", ret(t, map[string]string{"Episodes": "CHILD,PLACE\n1,P1\n2,K3\n3,P2\n4,H5\n5,\n6,t3\n7,A2"}),
		map[string][]int{"Episodes": {1, 5, 6}})
}

// returnFor165 is a 2023/24 return (sex coded 1 and 2) for rule 165.
func returnFor165() map[string]string {
	return map[string]string{
		"Header": `CHILD,SEX,MOTHER
101,1,
102,2,0
103,2,1
105,2,
106,2,2
107,1,1
108,2,
109,2,
110,2,1
111,2,
112,2,1
113,2,1
114,2,
115,F,`,
		"Episodes": `CHILD,DECOM,DEC,LS
101,01/01/2023,01/05/2023,C2
102,11/01/2023,11/05/2023,C2
103,30/03/2023,,C2
105,01/01/2023,01/05/2023,C2
106,22/01/2023,22/05/2023,C2
107,11/01/2023,11/05/2023,C2
108,22/01/2023,22/05/2023,C2
109,25/03/2023,25/03/2023,C2
110,01/01/2023,01/05/2023,V3
110,01/11/2024,01/11/2024,C2
111,01/11/2023,01/11/2023,v3
112,01/01/2022,31/03/2023,C2
113,01/01/2022,01/02/2022,C2
115,01/05/2023,,C2`,
		"OC3": `CHILD,IN_TOUCH,ACTIV,ACCOM
105,,,
106,,,
107,,,
108,YES,F1,
109,,,B1
112,YES,F1,B1
113,,,
101,,,`,
	}
}

func TestRule165(t *testing.T) {
	// Faulted: 105 a girl in care this year without MOTHER, 106 an invalid
	// value, 107 a boy with a value, 108 a girl in care this year without
	// a value, 112 a girl not in care this year with a value and care
	// leaver data. Passed: 109 (care leaver data, no value), 110 and 111
	// (short breaks only in the year), 113 (no care leaver data), 114 (no
	// episodes), 115 (F is not a 2023/24 code).
	expect(t, "165", ret(t, returnFor165()), map[string][]int{
		"Header": {3, 4, 5, 6, 10},
		"OC3":    {0, 1, 2, 3, 5},
	})
	src := returnFor165()
	delete(src, "OC3")
	expect(t, "165", ret(t, src), nil)
}

func TestRule174(t *testing.T) {
	expect(t, "174", ret(t, map[string]string{"Header": "CHILD,SEX,MC_DOB\n1,1,\n2,1,19/02/2010\n3,2,19/02/2010\n4,M,19/02/2010"}),
		map[string][]int{"Header": {1}})
}

func TestRule217t(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,PLACE,DEC
1,P2,01/11/2023
2,P2,28/10/2023
3,P2,
4,P1,01/11/2023
5,P2,27/10/2023
6,P2,31/31/2023`})
	expect(t, "217t", r, map[string][]int{"Episodes": {0, 2, 5}})
}

func TestRule222(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,PLACE,URN
1,H5,1234567
2,P2,1234567
3,R1,XXXXXXX
4,T2,7654321
5,U1,7654321
6,P1,`})
	expect(t, "222", r, map[string][]int{"Episodes": {1, 3}})
}

func TestRule370(t *testing.T) {
	r := ret(t, map[string]string{
		"Header": "CHILD,DOB\na,15/03/2000\nb,15/03/2000\nc,01/01/2010",
		"Episodes": `CHILD,DECOM,PLACE
a,15/03/2016,P2
b,14/03/2016,P2
c,01/01/2020,P2
c,01/01/2020,H5
d,01/01/2020,P2`})
	expect(t, "370", r, map[string][]int{"Episodes": {1, 2}})
}

func TestRule371(t *testing.T) {
	r := ret(t, map[string]string{
		"Header": "CHILD,DOB\na,15/03/2000\nb,15/03/2000\nc,01/01/2010",
		"Episodes": `CHILD,DECOM,PLACE
a,15/03/2016,H5
b,14/03/2016,H5
c,01/01/2020,K3
c,01/01/2024,H5`})
	expect(t, "371", r, map[string][]int{"Episodes": {1, 3}})
}

func TestRule393(t *testing.T) {
	r := ret(t, map[string]string{
		"Header":   "CHILD,SEX,MOTHER\n101,2,1\n102,1,\n103,2,0\n104,2,\n105,2,\n106,F,",
		"Episodes": "CHILD,LS\n101,C2\n102,C2\n103,c2\n104,C1\n105,v4\n106,C1"})
	expect(t, "393", r, map[string][]int{"Header": {3}})
}

func TestRule503D(t *testing.T) {
	cur := map[string]string{"Episodes": `CHILD,DECOM,PLACE
111,01/06/2023,T1
111,05/06/2023,T2
123,08/06/2023,T4
222,05/06/2023,T5
444,08/06/2023,T3
555,08/06/2023,K3
999,08/06/2023,H3
777,08/06/2023,U1
888,08/06/2023,T1`}
	last := map[string]string{"Episodes": `CHILD,DECOM,DEC,PLACE
111,01/06/2022,,
123,08/06/2022,,N4
222,05/06/2022,,L
444,08/06/2022,,L
555,19/06/2022,,H5
999,08/06/2022,,H5
777,08/06/2022,,U1
888,01/01/2022,01/02/2022,P1`}
	// K3 for H5 is a change in 2023/24 (only 2024/25 excuses it); 888's
	// last episode had ended.
	expect(t, "503D", ret2(t, cur, last), map[string][]int{"Episodes": {0, 2, 3, 4, 5, 6}})
	expect(t, "503D", ret(t, cur), nil)
}

func TestRule557(t *testing.T) {
	src := map[string]string{
		"Episodes": `CHILD,PLACE,LS,REC
11,A3,x,x
202,x,E1,x
3003,A4,E1,E12
40004,x,D1,EEE
5005,A5,x,x
606,A6,x,x
77,x,x,x
8,A6,x,X1`,
		"PlacedAdoption": `CHILD,DATE_PLACED_CEASED,REASON_PLACED_CEASED
11,,
202,01/02/2003,RD1
3003,,
40004,,
606,,`,
	}
	// A freeing order (D1) still counts in 2023/24.
	expect(t, "557", ret(t, src), map[string][]int{"Episodes": {0, 3, 4, 5}, "PlacedAdoption": {0, 3, 4}})
	delete(src, "PlacedAdoption")
	expect(t, "557", ret(t, src), nil)
}

func TestRule607(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DEC,REC,LS
101,01/01/2024,,L1
102,01/01/2024,E15,V4
104,03/01/2023,E46,L4
105,03/04/2023,E48,L1
105,10/01/2024,E11,L4
108,11/02/2024,E48,L1
109,25/01/2024,X1,L1
110,25/01/2024,E47,
111,,E45,L4
112,25/08/2023,E46,L1
113,25/08/2023,E46,L1`,
		"Header": "CHILD,SEX,MOTHER\n101,2,\n102,2,\n104,2,\n105,2,\n108,1,\n109,2,\n110,2,\n111,2,\n112,2,1\n113,F,"})
	expect(t, "607", r, map[string][]int{"Episodes": {3, 4, 7}, "Header": {3, 6}})
}

func TestRule612(t *testing.T) {
	r := ret(t, map[string]string{"Header": `CHILD,SEX,MOTHER,MC_DOB
1,2,0,19/02/2016
2,2,,31/31/19
3,2,,
4,2,1,19/02/2019
5,1,0,12/10/2010
6,F,0,19/02/2016
7,2,0.0,01/01/2015`})
	expect(t, "612", r, map[string][]int{"Header": {0, 1, 6}})
}

func TestRuleSW01STG1(t *testing.T) {
	src := map[string]string{
		"Episodes": "CHILD,DEC,LS\nc1,,C2\nc2,,C2\nc3,,C2\nc4,,C2\nc5,01/01/2024,C2\nc6,,V4",
		"SWEpisodes": `CHILD,SW_ID,SW_DECOM,SW_REASON
c1,SW1,01/04/2023,MANAGE
c2,SW2,01/04/2023,
c3,,01/04/2023,OTHERS
c3,SW3,05/05/2023,
c5,SW5,,`,
	}
	// 2023/24 also needs a reason: c2 has none; c3's episodes give all
	// three between them; c4 has no social worker episodes.
	expect(t, "SW01STG1", ret(t, src), map[string][]int{"Episodes": {1, 3}})
	delete(src, "SWEpisodes")
	expect(t, "SW01STG1", ret(t, src), nil)
}

func TestRuleSW07STG2(t *testing.T) {
	// The 2023/24 reporting period is the collection year.
	r := ret(t, map[string]string{"SWEpisodes": "CHILD,SW_DEC\n1,01/04/2023\n2,31/03/2023\n3,01/04/2024\n4,\n5,15/06/2022"})
	expect(t, "SW07STG2", r, map[string][]int{"SWEpisodes": {1, 2, 4}})
}

func TestRuleSW10STG2(t *testing.T) {
	r := ret(t, map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC,SW_REASON
1,01/01/2024,09/01/2024,MANAGE
1,02/01/2024,03/01/2024,MANAGE
2,01/01/2023,09/01/2024,MANAGE
2,01/01/2024,10/01/2024,FCONTA
3,30/01/2024,31/01/2024,OTHERS
3,10/01/2024,20/01/2024,OTHERS`})
	// FCONTA is no excuse in 2023/24; 7 days' overlap is tolerated.
	expect(t, "SW10STG2", r, map[string][]int{"SWEpisodes": {3}})
}

func TestRuleSW13STG1(t *testing.T) {
	r := ret(t, map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC,SW_REASON
1,01/04/2023,,OTHERS
2,01/04/2023,02/04/2023,
3,01/01/2022,,LAZY
4,05/04/2023,,swdied`})
	// Even a child's first episode of the year needs a reason in 2023/24.
	expect(t, "SW13STG1", r, map[string][]int{"SWEpisodes": {1, 2, 3}})
}

// fakeRegister is a provider register of fixed entries.
type fakeRegister map[string]ssda903.Provider

func (f fakeRegister) Provider(urn string) (ssda903.Provider, bool) { p, ok := f[urn]; return p, ok }

func TestRule221(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,LS,PLACE,PL_POST,URN
1,C2,K2,AB1 2CD,SC1
2,C2,K2,XY9 9XY,SC1
3,C2,H5,xy99xy,SC2
4,V3,H5,XY9 9XY,SC2
5,C2,U1,XY9 9XY,SC2
6,C2,H5,,SC2
7,C2,H5,AB1 2CD,SC9`})
	r.ProviderRegister = fakeRegister{"SC1": {URN: "SC1", Postcode: "AB1 2CD"}, "SC2": {URN: "SC2", Postcode: "AB1 2CD"}}
	// 2: wrong postcode; 3: H5 is checked in 2023/24 and the postcode differs;
	// 7: a URN the register does not have. 4 is a short break, 5 fostering,
	// 6 has no postcode.
	expect(t, "221", r, map[string][]int{"Episodes": {1, 2, 6}})
}

func TestRule230(t *testing.T) {
	r := withPostcodes(t, ret(t, map[string]string{"Episodes": `CHILD,PLACE,DEC,URN,PL_POST
0,H5,29/10/2023,,B1 1BB
1,H5,29/10/2023,SC123456,B1 1BB
2,H5,,,B1 1BB
3,H5,,,CF10 1EP
4,P1,,,B1 1BB
5,H5,,XXXXXXX,B1 1BB
6,H5,28/10/2023,,B1 1BB
7,H5,,,EH1 1YZ
8,H5,,,ZZ9 9ZZ
9,H5,,,`}))
	// 0, 2 and 5 (XXXXXXX is no URN) fault. 1 has a URN, 3 and 7 are in
	// Wales and Scotland, 4 is not H5, 6 ended before 29 October 2023, and
	// 8 and 9 have no derivable area, which DfE's tool reads as outside
	// England.
	expect(t, "230", r, map[string][]int{"Episodes": {0, 2, 5}})
}
