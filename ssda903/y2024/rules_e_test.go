package y2024

import "testing"

func TestRule501(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,DECOM,DEC
111,01/06/2024,04/06/2024
111,02/06/2024,06/06/2024
111,06/06/2024,
111,08/06/2024,09/06/2024
222,10/06/2024,11/06/2024
333,05/06/2024,
333,04/06/2024,07/06/2024
444,08/06/2024,09/06/2024
444,08/06/2024,10/06/2024
444,15/06/2024,
555,01/05/2024,bad
555,02/05/2024,
555,,03/05/2024`})
	// 111: second starts before the first ended; 333 rows out of order,
	// the later starts before the earlier ended; 444 same-day starts; an
	// open or malformed previous end faults nothing (555).
	expect(t, "501", r, map[string][]int{"Episodes": {1, 5, 8}})
}

func TestRule502(t *testing.T) {
	cur := map[string]string{"Episodes": `CHILD,DECOM
111,01/06/2024
111,05/04/2024
123,08/03/2024
222,05/06/2024
333,06/06/2024
444,08/06/2024
444,09/06/2024
555,15/06/2024
666,bad`}
	last := map[string]string{"Episodes": `CHILD,DECOM,DEC
111,05/04/2024,
123,08/03/2024,
222,09/06/2023,
333,06/06/2023,05/03/2024
444,01/01/2024,05/03/2024
444,19/02/2024,
666,01/01/2024,`}
	// 111's first episode matches last year's open one; 222 and 444 start
	// on a different date; 333 closed last year; 555 was not there; 666 has
	// no dated episode this year.
	expect(t, "502", ret2(t, cur, last), map[string][]int{"Episodes": {3, 5}})
	// Without last year's episodes the rule says nothing.
	expect(t, "502", ret(t, cur), nil)
}

func TestRule503A(t *testing.T) {
	cur := map[string]string{"Episodes": `CHILD,DECOM,RNE
111,01/06/2024,L
111,05/06/2024,L
123,08/06/2024,L
222,05/06/2024,L
333,06/06/2024,L
333,07/06/2024,L
444,08/06/2024,L
555,01/04/2024,P`}
	last := map[string]string{"Episodes": `CHILD,DECOM,DEC,RNE
111,01/06/2023,,S
123,08/06/2023,,P
222,05/06/2023,,L
333,06/06/2023,,R
444,08/06/2023,,P
444,19/06/2023,,L
555,01/01/2024,31/03/2024,S`}
	// 111, 123 and 333 differ from last year's open episode; 444's latest
	// episode last year matches; 555's ended.
	r := ret2(t, cur, last)
	expect(t, "503A", r, map[string][]int{"Episodes": {0, 2, 4}})
	expect(t, "503A", ret(t, cur), nil)
	// The pairs the 503 rules share are not reused once the return's
	// tables change: here last year's episodes have all closed.
	r.Last = ret2(t, cur, map[string]string{"Episodes": "CHILD,DECOM,DEC,RNE\n111,01/06/2023,01/01/2024,S"}).Last
	expect(t, "503A", r, nil)
}

func TestRule503B(t *testing.T) {
	cur := map[string]string{"Episodes": `CHILD,DECOM,LS
111,01/06/2024,C2
111,01/05/2024,C2
123,08/06/2024,C2
222,05/06/2024,E1`}
	last := map[string]string{"Episodes": `CHILD,DECOM,DEC,LS
111,01/06/2023,,J2
123,08/06/2023,,C2
222,05/06/2023,,
`}
	// The first episode is the earliest, wherever it sits in the table; a
	// blank last-year value differs from a filled one.
	expect(t, "503B", ret2(t, cur, last), map[string][]int{"Episodes": {1, 3}})
}

func TestRule503C(t *testing.T) {
	cur := map[string]string{"Episodes": `CHILD,DECOM,CIN
111,01/06/2024,N1
123,08/06/2024,N2
222,05/06/2024,N3`}
	last := map[string]string{"Episodes": `CHILD,DECOM,DEC,CIN
111,01/06/2023,,N4
123,08/06/2023,,N2
222,05/06/2023,bad,N4`}
	// A malformed end date leaves last year's episode open.
	expect(t, "503C", ret2(t, cur, last), map[string][]int{"Episodes": {0, 2}})
}

func TestRule503D(t *testing.T) {
	cur := map[string]string{"Episodes": `CHILD,DECOM,PLACE
111,01/06/2024,T1
111,05/06/2024,T2
123,08/06/2024,T4
222,05/06/2024,T5
444,08/06/2024,T3
555,08/06/2024,K3
888,08/06/2024,K3
999,08/06/2024,H3
777,08/06/2024,U1`}
	last := map[string]string{"Episodes": `CHILD,DECOM,DEC,PLACE
111,01/06/2023,,
123,08/06/2023,,N4
222,05/06/2023,,L
444,08/06/2023,,L
555,19/06/2023,,H5
888,08/06/2023,,H5
999,08/06/2023,,H5
777,08/06/2023,,U1`}
	// K3 this year for H5 last year is the 2024/25 recoding; H3 is not.
	expect(t, "503D", ret2(t, cur, last), map[string][]int{"Episodes": {0, 2, 3, 4, 7}})
}

func TestRule503E(t *testing.T) {
	cur := map[string]string{"Episodes": `CHILD,DECOM,PLACE_PROVIDER
111,01/06/2024,PR1
123,08/06/2024,PR2
222,05/06/2024,`}
	last := map[string]string{"Episodes": `CHILD,DECOM,DEC,PLACE_PROVIDER
111,01/06/2023,,PR1
123,08/06/2023,,PR4
222,05/06/2023,,`}
	expect(t, "503E", ret2(t, cur, last), map[string][]int{"Episodes": {1}})
}

func TestRule503F(t *testing.T) {
	cur := map[string]string{"Episodes": `CHILD,DECOM,URN
111,01/06/2024,SC055123
111,05/06/2024,SC055123
123,08/06/2024,SC055123
222,05/06/2024,SC055123
333,06/06/2024,SC055123
444,07/06/2024,SC055123`}
	last := map[string]string{"Episodes": `CHILD,DECOM,DEC,URN
111,01/06/2023,,
123,08/06/2023,,SC055123
222,05/06/2023,,XXX
333,06/06/2023,,
444,08/06/2023,,XXX
444,19/06/2023,,SC055123`}
	expect(t, "503F", ret2(t, cur, last), map[string][]int{"Episodes": {0, 3, 4}})
}

func TestRule504(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,DECOM,DEC,REC,CIN
111,01/06/2024,04/06/2024,X1,N1
111,04/06/2024,06/06/2024,X1,N2
111,06/06/2024,,X1,N3
111,08/06/2024,09/06/2024,X1,N2
222,10/06/2024,11/06/2024,X1,N3
333,07/06/2024,,X1,N1
333,04/06/2024,07/06/2024,X1,N4
444,08/06/2024,09/06/2024,X1,N2
444,08/06/2024,10/06/2024,X1,N3
444,10/06/2024,,X1,N4
555,01/05/2024,02/05/2024,E2,N1
555,02/05/2024,,S,N2
666,01/05/2024,02/05/2024,X1,N1
666,02/05/2024,,X1,N1`})
	// Continuing episodes (previous ended X1 on the start day) must keep
	// the category of need; 555 left care (E2) and came back, so may change.
	expect(t, "504", r, map[string][]int{"Episodes": {1, 2, 5, 9}})
}

func TestRule511(t *testing.T) {
	r := ret(t, map[string]string{"AD1": `NB_ADOPTR,SEX_ADOPTR
2,MM
2,FF
,MM
2,M1
2,F1
1,F1
2.0,F1
1,M1
2,`})
	expect(t, "511", r, map[string][]int{"AD1": {3, 4, 6}})
}

func TestRule514(t *testing.T) {
	r := ret(t, map[string]string{"AD1": `LS_ADOPTR,SEX_ADOPTR
L0,M1
xx,F1
L0,xx
,
L0,MF
L0,`})
	expect(t, "514", r, map[string][]int{"AD1": {2, 4, 5}})
}

func TestRule516(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `REC,PLACE
E45,U1
E46,U2
,U3
E45,Z1
E46,S1
E45,R1
E45,U4
E2,K2
E46,T1
E46,U6
E46,
E4A,U1`})
	expect(t, "516", r, map[string][]int{"Episodes": {3, 4, 5, 8, 10}})
}

func TestRule517(t *testing.T) {
	r := ret(t, map[string]string{"AD1": `LS_ADOPTR,SEX_ADOPTR
L3,MF
L1,MF
,MM
L3,M1
L3,FF
L4,F1
L3,xxxxx
L3,`})
	expect(t, "517", r, map[string][]int{"AD1": {3, 4, 6, 7}})
}

func TestRule518(t *testing.T) {
	r := ret(t, map[string]string{"AD1": `LS_ADOPTR,SEX_ADOPTR
L4,MM
L4,FF
,MM
L4,M1
L4,MF
L1,F1
L4,xxxxx`})
	expect(t, "518", r, map[string][]int{"AD1": {3, 4, 6}})
}

func TestRule519(t *testing.T) {
	r := ret(t, map[string]string{"AD1": `LS_ADOPTR,SEX_ADOPTR
L2,MM
L4,FF
,MM
L2,M1
L2,MF
L2,
L4,xxxxx
L2,FF`})
	expect(t, "519", r, map[string][]int{"AD1": {3, 5}})
}

func TestRule520(t *testing.T) {
	r := ret(t, map[string]string{"AD1": `LS_ADOPTR,SEX_ADOPTR
L11,MM
L11,FF
,MM
L4,M1
L11,MF
L1,F1
L4,xxxxx
L11,`})
	expect(t, "520", r, map[string][]int{"AD1": {0, 1, 7}})
}

func TestRule524(t *testing.T) {
	r := ret(t, map[string]string{"AD1": `LS_ADOPTR,SEX_ADOPTR
L12,MM
L12,FF
,MM
L12,M1
L12,MF
L4,F1
L12,xxxxx`})
	expect(t, "524", r, map[string][]int{"AD1": {3, 4, 6}})
}

func TestRule521(t *testing.T) {
	r := ret(t, map[string]string{
		"AD1": `CHILD,DATE_INT
111,08/03/2024
123,22/07/2024
333,13/10/2024
444,22/06/2024
678,`,
		"Episodes": `CHILD,DECOM,PLACE
111,01/01/2024,A6
111,01/11/2024,A5
111,22/01/2024,X1
123,,A5
123,11/01/2024,X1
333,01/01/2024,A6
333,22/01/2024,X1
333,11/01/2024,U1
444,22/06/2024,A3
444,11/01/2024,X1
444,01/01/2024,A3
678,01/01/2024,A4
999,01/01/2024,A4`,
	})
	// Placed for adoption before the best-interests decision: 111's first
	// placement, 333, and 444's January placement (its June one is on the
	// day, which is allowed).
	expect(t, "521", r, map[string][]int{"Episodes": {0, 5, 10}, "AD1": {0, 2, 3}})
}

func TestRule522(t *testing.T) {
	r := ret(t, map[string]string{"PlacedAdoption": `CHILD,DATE_PLACED,DATE_PLACED_CEASED
11,26/05/2024,26/05/2024
202,26/05/2024,01/02/2025
3003,,26/05/2024
40004,01/02/2025,26/05/2024
606,26/05/2024,
707,bad,01/01/2020`})
	expect(t, "522", r, map[string][]int{"PlacedAdoption": {3}})
}

func TestRule523(t *testing.T) {
	r := ret(t, map[string]string{
		"PlacedAdoption": `CHILD,DATE_PLACED
1,08/03/2024
2,22/06/2024
3,13/10/2024
4,24/10/2024
5,
6,
7,£1st/Februart
10,11/11/2024
11,1/4/2024`,
		"AD1": `CHILD,DATE_INT
1,08/03/2024
2,22/07/2024
3,13/10/2023
4,22/06/2024
5,26/05/2024
6,
7,01/10/2024
333,01/10/2024
11,01/04/2024`,
	})
	// Dates differ for 2, 3 and 4; blank or malformed dates and children
	// without both records are left alone; 1/4/2024 is 01/04/2024.
	expect(t, "523", r, map[string][]int{"PlacedAdoption": {1, 2, 3}, "AD1": {1, 2, 3}})
}

func TestRule525(t *testing.T) {
	r := ret(t, map[string]string{
		"PlacedAdoption": `CHILD,DATE_PLACED_CEASED
104,08/03/2024
105,22/06/2024
107,13/10/2024
108,24/10/2024
109,
110,01/01/2025`,
		"AD1": `CHILD,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
104,,,,,,
105,,XXX,,,,
107,XXX,XXX,XXX,XXX,XXX,XXX
108,,,,,,XXX
109,XXX,XXX,XXX,XXX,XXX,XXX`,
	})
	// 110 has no adoption record at all.
	expect(t, "525", r, map[string][]int{"PlacedAdoption": {1, 2, 3}, "AD1": {1, 2, 3}})
}

func TestRule526(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `PLACE,PLACE_PROVIDER
E1,PR1
P0,PR2
T1,
T3,PR0
P1,
Z1,
P0,
T0,
,`})
	expect(t, "526", r, map[string][]int{"Episodes": {4, 6, 8}})
}

func TestRule527(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `PLACE,PLACE_PROVIDER
P1,PR1
A3,PR3
K1,PR4
R2,PR1
R5,PR1
X1,PR1
R2,PR2`})
	expect(t, "527", r, map[string][]int{"Episodes": {0, 3, 4}})
}

func TestRule528(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `PLACE,PLACE_PROVIDER
P1,PR2
A3,PR3
K1,PR2
P1,PR4
R5,PR2
R2,PR2
R2,PR1`})
	expect(t, "528", r, map[string][]int{"Episodes": {0, 4, 5}})
}

func TestRule529(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `PLACE_PROVIDER,PLACE
PR0,U1
PR1,U2
PR3,U3
PR3,T1
,
PR3,A3
PR3,K2
PR3,P1
PR3,U6
PR3,R1`})
	expect(t, "529", r, map[string][]int{"Episodes": {2, 5, 6, 7, 8}})
}

func TestRule530(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `PLACE,PLACE_PROVIDER
P1,PR4
A3,PR3
K1,PR4
P1,PR4
P1,PR5
P1,PRO`})
	expect(t, "530", r, map[string][]int{"Episodes": {0, 3}})
}

func TestRule531(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `PLACE,PLACE_PROVIDER
P1,PR5
A3,PR3
K1,PR5
P1,PR4
P1,PR5
P1,PRO`})
	expect(t, "531", r, map[string][]int{"Episodes": {0, 4}})
}

func TestRule550(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `PLACE,PLACE_PROVIDER
P1,PR0
P0,PR2
T1,PR4
T3,PR0
T1,
P1,PR0
P0,PR0
,PR0`})
	expect(t, "550", r, map[string][]int{"Episodes": {3, 6, 7}})
}

func TestRule542(t *testing.T) {
	r := ret(t, map[string]string{"OC2": `CHILD,DOB,CONVICTED
1,08/03/2020,1
2,22/06/2000,
3,,1
4,13/10/2000,1
5,10/01/2017,0
6,31/03/2015,1
7,01/04/2015,1
8,bad,1`})
	// Age on 31/03/2025: 6 turns 10 that day, 7 the day after.
	expect(t, "542", r, map[string][]int{"OC2": {0, 4, 6}})
}

// cla is an episodes table for the continuously-looked-after tests: 101,
// 102, 104 and 105 were looked after all year; 106 had respite (V3), 107
// left care, 108 started care in the year, 109's care ended before it.
const claEpisodesE = `CHILD,DECOM,DEC,LS,REC,RNE
101,01/03/2024,31/03/2025,C2,X1,S
102,01/03/2024,30/03/2025,C2,X1,S
103,01/03/2024,01/01/2025,C2,X1,S
104,01/02/2014,,C2,,S
105,01/03/2023,01/01/2025,C2,X1,S
105,01/01/2025,01/01/2026,C2,E2,P
106,01/03/2024,01/01/2026,V3,X1,S
107,01/03/2024,01/01/2025,C2,E2,S
108,01/05/2024,,C2,,S
109,01/03/2020,01/03/2024,C2,E2,S
110,01/03/2024,,C2,,S`

func TestRule543(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": claEpisodesE,
		"OC2": `CHILD,DOB,CONVICTED
101,08/03/2017,
102,22/06/2012,
103,,
104,13/10/2012,1
105,31/03/2015,
106,01/01/2005,
107,01/01/2005,
108,01/01/2005,
109,01/01/2005,
333,01/01/2005,
110,01/04/2015,`,
	})
	// 102 and 105 (10 on 31 March) were looked after all year with no
	// conviction information; 101 and 110 are 9; 104 has it; the rest were
	// not continuously looked after.
	expect(t, "543", r, map[string][]int{"OC2": {1, 4}})
}

func TestRule544(t *testing.T) {
	r := ret(t, map[string]string{"OC2": `CONVICTED,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE
,,,,
1,,,,
1,1,1,1,
1,1,1,,1
1,1,,1,1
1,,1,1,1
1,1,1,1,1
0,,,,
1,0,0,0,0`})
	expect(t, "544", r, map[string][]int{"OC2": {1, 2, 3, 4, 5}})
}

func TestRule545(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": claEpisodesE,
		"OC2": `CHILD,DOB,HEALTH_CHECK
101,08/03/2017,
102,22/06/2021,
103,,
104,13/10/2021,1
105,01/04/2020,
106,01/01/2022,
107,01/01/2022,
108,01/01/2022,
110,31/03/2020,`,
	})
	// 102 and 105 (4 on 31 March) lack health promotion information; 110
	// turns 5 that day.
	expect(t, "545", r, map[string][]int{"OC2": {1, 4}})
}

func TestRule546(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": claEpisodesE,
		"OC2": `CHILD,DOB,HEALTH_CHECK
101,08/03/2013,1
102,22/06/2007,1
103,,1
108,13/10/2010,1
105,10/01/2008,
110,31/03/2020,1
104,01/04/2020,1`,
	})
	// 108 was not looked after all year; 104 is 4.
	expect(t, "546", r, map[string][]int{"OC2": {0, 1, 5}})
}

func TestRule547(t *testing.T) {
	r := ret(t, map[string]string{"OC2": `HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE
,,,,
1,,,,
1,,,,
1,1,1,0,0
1,,1,1,
0,,,,
1,1,1,1,1
,,1,0,1
1,1,1,1,`})
	expect(t, "547", r, map[string][]int{"OC2": {1, 2, 4, 8}})
}
