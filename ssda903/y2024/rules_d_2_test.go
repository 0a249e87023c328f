package y2024

import "testing"

func TestRule398(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,LS,HOME_POST,PL_POST
1,V3,AB1 0JD,AB1 0JD
2,U1,invalid,AB1 0JD
3,V4,AB1 0JD,
4,T1,invalid,invalid
5,U1,AB10JD,AB1 0JD
6,V3,,
7,V4,,AB1 0JD`})
	expect(t, "398", r, map[string][]int{"Episodes": {0, 2, 6}})
}

func TestRule399(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,LS
101,V4
101,V4
103,V3
104,L4
105,
106,V4
108,V3
108,XO`,
		"Header": `CHILD,MOTHER
101,0
102,0
103,
104,
105,1
106,0
108,1
109,`,
		"Reviews": `CHILD,REVIEW,REVIEW_CODE
101,31/12/2008,PN1
102,01/01/2012,PN2
103,,
104,01/01/2009,PN4
105,01/01/2012,PN5
106,01/01/2017,PN6
108,01/01/2021,PN7
109,01/01/2015,PN0`,
	})
	// 103 is only on short breaks but has nothing recorded; 105 (blank LS)
	// and 108 have episodes that are not short breaks.
	expect(t, "399", r, map[string][]int{"Episodes": {0, 1, 5}, "Header": {0, 5}, "Reviews": {0, 5}})

	// A completed MOTHER implicates all the child's reviews, even blank
	// ones; a review alone faults the episode without a header row.
	r = ret(t, map[string]string{
		"Episodes": "CHILD,LS\n110,V3\n111,V4\n111,V3",
		"Header":   "CHILD,MOTHER\n111,1",
		"Reviews":  "CHILD,REVIEW,REVIEW_CODE\n110,,PN1\n111,,\n111,01/01/2024,PN2",
	})
	expect(t, "399", r, map[string][]int{"Episodes": {0, 1, 2}, "Header": {0}, "Reviews": {0, 1, 2}})
}

func TestRule407(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DEC,REC
101,01/01/2009,E45
102,01/01/2001,A3
103,20/12/2001,E15
104,03/01/2019,E46
105,03/04/2008,E48
106,01/01/2002,X2
107,10/01/2002,E11
108,11/02/2020,E48
109,25/01/2002,X1
110,25/01/2002,E47
111,,E45
112,25/01/2002,E46
113,01/05/2024,E45`,
		"Header": `CHILD,DOB
101,01/01/2000
102,01/01/2001
103,20/12/2001
104,01/01/2000
105,03/01/2000
106,01/01/2002
107,10/01/2002
108,11/01/2002
109,25/01/2002
110,25/01/2002
111,25/01/2002
112,
113,01/05/2006`,
	})
	// 113's order was made on their 18th birthday.
	expect(t, "407", r, map[string][]int{"Episodes": {3, 7, 12}, "Header": {3, 7, 12}})
}

func TestRule408(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,PLACE,LS
1,A5,S
2,V4,T
3,A6,E1
4,U2,
5,A6,U
6,A5,`})
	expect(t, "408", r, map[string][]int{"Episodes": {0, 4, 5}})
}

func TestRule426(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,LS
111,V3
111,V3
222,V3
222,V4
222,X1
444,V3
555,V4
555,V3
555,V3`})
	expect(t, "426", r, map[string][]int{"Episodes": {2, 3, 6, 7, 8}})
}

func TestRule431(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,RNE,DECOM,DEC
111,S,01/06/2020,04/06/2020
111,S,05/06/2020,06/06/2020
111,T,06/06/2020,08/06/2020
111,S,08/06/2020,05/06/2020
222,S,05/06/2020,06/06/2020
333,S,06/06/2020,07/06/2020
333,S,10/06/2020,
444,S,08/06/2020,09/06/2020
444,S,09/06/2020,10/06/2020
444,S,15/06/2020,
555,S,11/06/2020,12/06/2020
6666,S,12/06/2020,13/06/2020
6666,S,13/06/2020,14/06/2020
6666,S,14/06/2020,15/06/2020`})
	expect(t, "431", r, map[string][]int{"Episodes": {3, 8, 12, 13}})
}

func TestRule432(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,RNE,DECOM,REC
111,P,01/06/2020,E2
111,P,05/06/2020,E3
111,T,06/06/2020,E3
111,S,08/06/2020,
222,S,05/06/2020,E3
333,B,06/06/2020,E3
333,U,10/06/2020,
444,S,07/06/2020,E3
444,S,08/06/2020,E3
444,T,09/06/2020,E3
444,S,15/06/2020,E3`})
	expect(t, "432", r, map[string][]int{"Episodes": {1, 2, 6, 9}})
}

func TestRule433(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,DECOM,RNE,DEC
101,20/10/2021,S,20/11/2021
102,19/11/2021,P,
102,17/06/2021,P,19/11/2021
103,04/04/2020,B,12/09/2020
103,11/09/2020,B,06/05/2021
103,07/05/2021,B,
104,01/01/2024,S,
104,01/02/2024,P,
104,,L,
105,01/01/2024,S,01/02/2024
105,1/2/2024,p,`})
	// 102's rows are out of order but continuous; 104's previous episodes
	// have no end date; 105 writes the same date differently.
	expect(t, "433", r, map[string][]int{"Episodes": {4, 5, 7, 8}})
}

func TestRule434(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,DECOM,RNE,LS,PL_POST,URN,PLACE,PLACE_PROVIDER
111,01/01/2020,L,--,ooo,---,---,---
111,01/02/2020,P,--,ooo,---,---,---
111,01/12/2020,L,--,ooo,---,---,---
111,01/03/2020,P,--,ooo,---,---,---
222,01/01/2020,L,--,---,---,---,---
222,01/02/2020,L,xx,---,---,---,---
222,01/03/2020,L,oo,---,xxx,---,---
222,01/04/2020,L,oo,xxx,xxx,---,---
333,01/03/2020,P,C1,---,,---,---
333,01/04/2020,L,C2,---,,---,---`})
	// 2: same LS as the episode before it in date order; 6: URN changed;
	// 7: same LS and postcode changed.
	expect(t, "434", r, map[string][]int{"Episodes": {2, 6, 7}})
}

func TestRule435(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,DECOM,RNE,LS,PL_POST,URN,PLACE,PLACE_PROVIDER
111,01/06/2020,P,L1,XX1,SC112,R1,PR1
111,03/06/2020,P,L1,XX3,SC112,R1,PR1
111,04/06/2020,P,L1,XX3,SC112,R1,PR1
111,05/06/2020,P,L1,XX1,SC112,R1,PR1
222,07/06/2020,P,L1,XX1,SC112,R1,PR4
222,08/06/2020,P,L1,XX1,SC112,R1,PR1
222,09/06/2020,P,L3,XX1,SC112,R1,PR1
333,01/06/2020,S,C2,AB1 0JD,,U1,PR1
333,02/06/2020,T,C2,AB10JD,,U1,PR1`})
	// 2 and 8 record the same placement (8 only respaces the postcode and
	// both URNs are blank); 6 changes the legal status.
	expect(t, "435", r, map[string][]int{"Episodes": {2, 6, 8}})
}

func TestRule436(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,DECOM,RNE,LS,PLACE,PL_POST,URN,PLACE_PROVIDER
11,03/06/2020,P,P,X1,X1,R,b
11,05/06/2020,U,X,X1,X1,a,b
11,06/06/2020,B,P,X1,X1,a,b
11,08/06/2020,U,X,X1,TT,a,b
22,05/06/2020,U,P,,X1,a,b
33,06/06/2020,P,P,E11,X1,a,b
33,07/06/2020,B,,,X1,a,b
44,08/06/2020,T,P,X1,X1,a,b
44,09/06/2020,B,P,E11,X1,a,b
44,15/06/2020,B,P,,X1,a,b
55,11/06/2020,P,P,X1,X1,a,b
66,12/06/2020,P,P,X1,X1,a,b
66,13/06/2020,P,P,X1,X1,a,b
66,14/06/2020,B,X,X1,X1,a,b
66,15/06/2020,P,P,X1,X1,a,b
77,16/06/2020,P,P,X1,X1,a,b
77,17/06/2020,B,P,X1,X1,a,b
77,18/06/2020,P,,,X1,a,b
99,31/06/2020,P,,,X1,a,b
12,,U,,,X1,a,b
,,U,,,X1,a,b`})
	expect(t, "436", r, map[string][]int{"Episodes": {2, 8, 9, 13, 16}})
}

func TestRule437(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,DECOM,REC
101,20/10/2021,E2
102,19/11/2021,E15
102,17/06/2021,X1
103,04/04/2020,X1
103,11/09/2020,E15
103,07/05/2021,
104,15/02/2020,X1
104,09/04/2020,E4a
104,24/09/2020,X1
104,30/06/2021,
105,,E2
105,20/12/2020,X1
106,01/01/2024,e2
106,,`})
	// 102's E15 is its latest episode despite the row order; 105's E2 has
	// no start date; 106 has a later (undated) episode.
	expect(t, "437", r, map[string][]int{"Episodes": {4, 12}})
}

func TestRule440(t *testing.T) {
	r := ret(t, map[string]string{"Reviews": `CHILD,DOB,REVIEW,REVIEW_CODE
1,01/01/2004,31/12/2007,PN0
2,01/01/2006,01/01/2007,PN0
3,01/01/2007,,PN0
4,01/01/2008,01/01/2013,PN0
5,01/01/2010,01/01/2015,PN0
6,01/01/2012,01/01/2014,PN0
7,01/01/2014,01/01/2020,PN1
8,01/01/2020,01/01/2024,PN0`})
	// 8 was reviewed on their 4th birthday.
	expect(t, "440", r, map[string][]int{"Reviews": {3, 4, 7}})
}

func TestRule441(t *testing.T) {
	r := ret(t, map[string]string{"Reviews": `CHILD,DOB,REVIEW,REVIEW_CODE
1,01/01/2004,31/12/2008,PN1
2,01/01/2006,01/01/2012,PN2
3,01/01/2007,,PN3
4,01/01/2008,01/01/2009,PN4
5,01/01/2010,01/01/2012,PN5
6,01/01/2012,01/01/2017,PN6
7,01/01/2014,01/01/2021,PN7
8,01/06/2014,01/01/2015,PN0
9,01/01/2020,01/01/2024,PN3
10,02/01/2020,01/01/2024,PN3`})
	expect(t, "441", r, map[string][]int{"Reviews": {3, 4, 9}})
}

func TestRule442(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,LS
101,
102,L4
103,
104,L4
105,L1
106,V4
108,V3
999,XO`,
		"Header": `CHILD,UPN
101,
102,H801200001001
103,UN1
104,UN2
105,
106,UN3
108,
109,`,
	})
	// 108 is only on short breaks; 109 has no episode.
	expect(t, "442", r, map[string][]int{"Header": {0, 4}})
}

func TestRule445(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,LS,DECOM
1,D1,01/11/2005
2,D1,31/12/2005
3,D1,
4,D1,20/01/2006
5,D1,01/10/2012
6,C1,20/02/2005`})
	expect(t, "445", r, map[string][]int{"Episodes": {3, 4}})
}

func TestRule446(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,LS,DECOM
1,E1,01/12/2005
2,E1,15/05/2012
3,E1,
4,E1,20/09/2004
5,E1,01/10/2005
6,C1,20/02/2005`})
	expect(t, "446", r, map[string][]int{"Episodes": {3, 4}})
}

func TestRule451(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,REC,DEC,LS
101,E11,15/03/2021,J2
102,E12,17/06/2020,X
101,X1,20/03/2020,J2
102,,,D1
103,E11,23/08/2020,D
104,E11,,D1`})
	expect(t, "451", r, map[string][]int{"Episodes": {3}})
}

func TestRule460(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,REC,DEC
101,E17,16/03/2023
102,E17,17/06/2020
101,X1,20/03/2020
102,,
103,E17,23/08/2020
104,E17,23/08/2020
101,E17,15/03/2023`,
		"Header": `CHILD,DOB
101,16/03/2005
102,23/09/2002
103,31/12/2000
104,`,
	})
	// 101's first E17 is on their 18th birthday, the second the day before.
	expect(t, "460", r, map[string][]int{"Episodes": {1, 6}})
}
