package y2024

import "testing"

func TestRule371(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DECOM,PLACE,DEC
111,01/01/2022,K3,13/02/2022
222,01/02/2022,P2,14/03/2022
333,02/03/2022,P2,14/04/2022
444,15/01/1982,K3,27/04/2012
555,15/03/2016,K3,26/04/2016
666,14/03/2016,K3,25/04/2016
777,01/06/2024,K3,
888,,K3,
999,01/06/2024,K3,
101,01/06/2024,K3,`,
		"Header": `CHILD,DOB
111,01/01/1998
222,01/02/2000
333,02/03/2015
444,15/01/2010
555,15/03/2000
666,15/03/2000
777,01/01/2010
888,01/01/2015
101,31/02/2015`,
	})
	// 555 started on their 16th birthday; 666 the day before; 777 is 14 in
	// an open episode; 888 has no start date, 999 no header, 101 a bad DOB.
	expect(t, "371", r, map[string][]int{"Episodes": {3, 5, 6}})
}

func TestRule372(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DECOM,PLACE
111,01/01/2020,R5
222,01/02/2020,R5
333,02/03/2020,P2
444,15/03/2010,R5
555,15/01/1980,R5
666,14/03/2010,R5
777,15/03/2010,R5`,
		"Header": `CHILD,DOB
111,01/01/1998
222,01/02/2000
333,02/03/2015
444,15/01/2010
555,15/03/2000
666,15/03/2000
777,15/03/2000`,
	})
	expect(t, "372", r, map[string][]int{"Episodes": {3, 4, 5}})
}

func TestRule373(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DECOM,PLACE
111,01/01/2020,S1
333,02/03/2020,P2
444,15/03/2010,S1
555,15/03/2004,S1
666,14/03/2004,S1`,
		"Header": `CHILD,DOB
111,01/01/1998
333,02/03/2015
444,15/01/2010
555,15/03/2000
666,15/03/2000`,
	})
	expect(t, "373", r, map[string][]int{"Episodes": {2, 4}})
}

func TestRule374(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DECOM,PLACE
111,01/01/2020,P3
222,01/02/2020,P3
333,02/03/2020,P3
555,,P3
666,15/03/2004,P3
777,14/03/2014,P3
888,15/03/2014,P3`,
		"Header": `CHILD,DOB
111,01/01/1998
222,01/02/2000
333,02/03/2015
555,15/03/2000
666,15/03/2000
777,15/03/2000
888,15/03/2000`,
	})
	expect(t, "374", r, map[string][]int{"Episodes": {2, 4, 5}})
}

func TestRule375(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,DECOM,DEC,PLACE
111,01/01/2020,13/02/2020,T1
222,01/02/2020,14/03/2020,T1
333,02/03/2020,14/04/2020,T1
444,15/03/2010,27/04/2010,T1
555,15/03/2004,26/04/2004,T1
666,14/03/2014,25/04/2014,P2
777,01/01/2020,,T1`})
	// 222 and 555 lasted exactly 42 days.
	expect(t, "375", r, map[string][]int{"Episodes": {0, 2, 3}})
}

func TestRule376(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,DECOM,DEC,PLACE
111,01/01/2020,22/01/2020,T3
222,01/02/2020,23/02/2020,T3
333,02/03/2020,24/03/2020,T3
444,15/03/2010,06/04/2010,T3
555,15/03/2004,05/04/2004,T3
666,14/03/2014,04/04/2014,P2
777,,,T3`})
	expect(t, "376", r, map[string][]int{"Episodes": {1, 2, 3}})
}

func TestRule377(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,RNE,DECOM,PLACE
111,P,01/06/2020,T3
111,P,05/06/2020,P3
111,T,06/06/2020,T3
111,B,08/06/2020,T3
222,B,05/06/2020,T3
333,B,06/06/2020,T3
333,U,10/06/2020,T3
444,B,07/06/2020,T3
444,B,08/06/2020,oo
444,T,09/06/2020,T3
444,B,15/06/2020,T3
6666,P,11/06/2020,oo
6666,P,12/06/2020,T3
6666,P,13/06/2020,T3
6666,P,14/06/2020,T3`})
	expect(t, "377", r, map[string][]int{"Episodes": {0, 2, 3, 7, 9, 10, 12, 13, 14}})
}

func TestRule378(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,PLACE,LS
11,P1,x
202,x,D1
3003,A4,D1
40004,P1,V2
5005,A5,x
606,A6,V2
77,P1,`})
	expect(t, "378", r, map[string][]int{"Episodes": {3}})
}

func TestRule379(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,DECOM,DEC,PLACE
111,01/01/2020,08/01/2020,T4
222,01/02/2020,09/02/2020,T4
333,02/03/2020,09/03/2020,T4
444,15/03/2010,25/03/2010,T4
555,15/03/2004,22/03/2004,T4
666,14/03/2014,25/03/2014,P2`})
	expect(t, "379", r, map[string][]int{"Episodes": {1, 3}})
}

func TestRule380(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,RNE,PLACE
1,S,U1
2,L,T0
3,P,U2
4,B,Z1
5,P,T1
6,,
7,,T3`})
	expect(t, "380", r, map[string][]int{"Episodes": {1, 6}})
}

func TestRule381(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,REC,PLACE
1,X1,T3
2,PR1,T0
3,X1,U2
4,,T2
5,X1,T1
6,,
7,E11,T4`})
	expect(t, "381", r, map[string][]int{"Episodes": {1, 6}})
}

func TestRule382(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,PLACE,LS
1,T0,V3
2,R4,V3
3,T1,X3
4,T2,V4
5,T3,V4
6,T4,`})
	expect(t, "382", r, map[string][]int{"Episodes": {0, 3, 4}})
}

func TestRule383(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,RNE,DECOM,PLACE
111,S,01/06/2020,S1
111,S,05/06/2020,T1
111,T,06/06/2020,S1
222,S,05/06/2020,T1
333,S,06/06/2020,S1
333,S,10/06/2020,T1
333,P,12/06/2020,S2
444,S,08/06/2020,T1
444,S,09/06/2020,P4
444,S,15/06/2020,T1
6666,S,12/06/2020,T1
6666,S,13/06/2020,T1
6666,P,14/06/2020,T1
777,P,10/07/2020,U1
777,S,01/07/2020,U1
777,P,05/07/2020,T3
888,S,01/07/2020,U1
888,P,05/07/2020,T1
888,P,08/07/2020,U3`})
	// 111's next episode is not RNE P; 333 and 888 do not go back to the
	// placement they left; 777's rows are out of date order but correct.
	expect(t, "383", r, map[string][]int{"Episodes": {1, 5, 17}})
}

func TestRule384(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,PLACE,LS
11,U1,V4
202,x,D1
3003,U4,V3
40004,P1,V3
5005,A5,x
606,A6,V4
77,U1,`})
	expect(t, "384", r, map[string][]int{"Episodes": {0, 2}})
}

func TestRule385(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,DEC
1,14/03/2025
2,08/09/2025
3,03/10/2024
4,01/04/2025
5,
6,Tuesday 33st
7,31/03/2025`})
	expect(t, "385", r, map[string][]int{"Episodes": {1, 3}})
}

func TestRule386(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,REC,DEC
101,E11,15/03/2021
102,E12,17/06/2020
101,X1,20/03/2020
102,,
103,E11,23/08/2020
104,E11,
105,e12,01/02/2024`,
		"Header": `CHILD,DOB
101,16/03/2020
102,23/09/2002
103,31/12/2000
104,01/02/2003
105,01/02/2006`,
	})
	// 105 was adopted on their 18th birthday.
	expect(t, "386", r, map[string][]int{"Episodes": {4, 6}})
}

func TestRule387(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,REC,DEC
101,E5,16/03/2021
102,E6,17/06/2020
101,X1,20/03/2020
102,,
103,E6,23/08/2020
104,E5,19XX/33rd
105,E6,
106,E5,01/01/2020
103,e5,30/12/2028`,
		"Header": `CHILD,DOB
101,16/03/2005
102,23/09/2002
103,31/12/2014
104,31/12/2014
105,01/01/2004`,
	})
	// 106 has no header, so no age; 103's second episode ends the day
	// before their 14th birthday.
	expect(t, "387", r, map[string][]int{"Episodes": {4, 8}})
}

func TestRule388(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,DECOM,DEC,REC
111,01/06/2020,04/06/2020,X1
111,05/06/2020,06/06/2020,X1
111,06/06/2020,08/06/2020,X1
111,08/06/2020,05/06/2020,X1
222,05/06/2020,06/06/2020,
333,06/06/2020,07/06/2020,E11
333,07/06/2020,,
444,08/06/2020,09/06/2020,X1
444,09/06/2020,10/06/2020,E11
444,15/06/2020,,
555,11/06/2020,12/06/2020,X1
6666,12/06/2020,13/06/2020,X1
6666,13/06/2020,14/06/2020,X1
6666,14/06/2020,15/06/2020,X1
6666,15/06/2020,16/06/2020,X1
77777,16/06/2020,17/06/2020,X1
77777,17/06/2020,18/06/2020,X1
77777,18/06/2020,,
999,31/06/2020,,
123,,,
,,,`})
	// 0: next starts another day; 3, 10, 14: X1 on the last episode;
	// 5: ends the day the next begins but is not X1.
	expect(t, "388", r, map[string][]int{"Episodes": {0, 3, 5, 10, 14}})
}

func TestRule389(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,REC,DEC
101,E7,16/03/2021
102,E7,17/06/2020
101,X1,20/03/2020
102,,
103,E7,23/08/2020
101,E7,15/03/2021
104,E7,`,
		"Header": `CHILD,DOB
101,16/03/2005
102,23/09/2002
103,31/12/2014`,
	})
	expect(t, "389", r, map[string][]int{"Episodes": {4, 5}})
}

func TestRule390(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,PLACE,REC
11,P1,E11
202,x,x
3003,A4,E12
40004,P1,E12
5005,A5,E11
606,A6,x
77,,E11`})
	expect(t, "390", r, map[string][]int{"Episodes": {0, 3, 6}})
}

func TestRule391(t *testing.T) {
	r := ret(t, map[string]string{"OC3": `CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
A,01/01/2008,DIED,,
B,01/01/2023,Yes,,
C,20/12/2004,RHOM,XXX,
D,01/01/2009,,,XXX
E,03/01/2011,,,
F,01/04/2008,YES,,
G,31/03/2008,YES,,
H,,YES,,`})
	// F turns 17 the day after the year ends; G on its last day.
	expect(t, "391", r, map[string][]int{"OC3": {1, 3, 5}})
}

func TestRule392b(t *testing.T) {
	eps := `CHILD,LS,HOME_POST,PL_POST
111,L1,XX1,XX1
222,L1,XX1,
222,V3,,XX1
333,L1,XX1,
333,V4,XX1,XX1
345,L1,XX1,
444,L1,XX1,XX1
444,V3,,`
	// UASC flags on Header (as XML returns carry): 111 now, 444 last year.
	r := ret2(t, map[string]string{
		"Episodes": eps,
		"Header":   "CHILD,UASC\n111,1\n222,0\n333,0\n345,0\n444,0",
	}, map[string]string{
		"Header": "CHILD,UASC\n111,0\n222,0\n333,0\n345,0\n444,1",
	})
	expect(t, "392b", r, map[string][]int{"Episodes": {1, 3, 5}})

	// Last year's UASC table: 222 has a date ceased UASC, 345 no details.
	r = ret2(t, map[string]string{"Episodes": eps},
		map[string]string{"UASC": "CHILD,DUC\n222,01/01/1990\n345,"})
	expect(t, "392b", r, map[string][]int{"Episodes": {3, 5}})

	// This year's UASC table, no previous year.
	r = ret(t, map[string]string{"Episodes": eps, "UASC": "CHILD,SEX,DOB,DUC\n333,M,01/01/2008,"})
	expect(t, "392b", r, map[string][]int{"Episodes": {1, 5}})
}

func TestRule392d(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,PLACE,HOME_POST,PL_POST
1,P2,BN20,BN20
2,P1,BN20,BN20
3,P2,BN20,BN21
4,P2,,
5,U1,bn2 1aa,BN21AA
6,,BN2 1AA,BN2 1AA`})
	expect(t, "392d", r, map[string][]int{"Episodes": {0, 4, 5}})
}

func TestRule393(t *testing.T) {
	r := ret(t, map[string]string{
		"Header": `CHILD,SEX,MOTHER
101,F,1
102,M,
103,F,0
104,F,
105,F,
106,F,
107,F,`,
		"Episodes": `CHILD,LS
101,C2
102,C2
103,c2
104,C1
105,v4
107,V3
107,C2`,
	})
	// 105 is only on short breaks, 106 has no episode; 107 is looked
	// after in one of their episodes.
	expect(t, "393", r, map[string][]int{"Header": {3, 6}})
}
