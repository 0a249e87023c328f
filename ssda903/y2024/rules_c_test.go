package y2024

import "testing"

type tablesC = map[string]string

func TestRule202(t *testing.T) {
	cur := tablesC{"Header": "CHILD,SEX\n101,1\n102,2\n103,1\n104,2\n105,\n106,1\n108,\n109,2\n110,3"}
	last := tablesC{"Header": "CHILD,SEX\n101,1\n102,1\n103,2\n104,2\n105,\n107,1\n108,2\n109,\n110,2"}
	// 105 is blank both years, 106 is new; a blank on one side is a change.
	expect(t, "202", ret2(t, cur, last), map[string][]int{"Header": {1, 2, 6, 7, 8}})
	// Without last year's Header there is nothing to compare.
	expect(t, "202", ret(t, cur), nil)
}

func TestRule203(t *testing.T) {
	cur := tablesC{"Header": `CHILD,DOB
101,16/03/2020
102,23/09/2016
103,31/12/19
104,31/02/2018
105,
106,10/08/2014
108,
109,20/01/2017
110,31/06/2020
111,1/2/2010`}
	last := tablesC{"Header": `CHILD,DOB
101,16/03/2020
102,22/09/2016
103,31/12/2019
104,31/02/2018
105,
107,11/11/2021
108,04/06/2017
109,
110,30/06/2020
111,01/02/2010`}
	// 104 is unreadable both years (left to 102); 111 is the same date
	// written differently.
	expect(t, "203", ret2(t, cur, last), map[string][]int{"Header": {1, 2, 6, 7, 8}})
}

func TestRule204(t *testing.T) {
	cur := tablesC{"Header": "CHILD,ETHNIC\n101,WBRI\n102,WBRI\n103,nobt\n104,AINS\n105,\n106,BOTH\n108,\n109,BCRB\n110,MWBC"}
	last := tablesC{"Header": "CHILD,ETHNIC\n101,WBRI\n102,NOBT\n103,NOBT\n104,AINS\n105,\n107,REFU\n108,MOTH\n109,\n110,MWBA"}
	expect(t, "204", ret2(t, cur, last), map[string][]int{"Header": {1, 6, 7, 8}})
}

func TestRule207(t *testing.T) {
	cur := tablesC{
		"Header":   "CHILD,MOTHER\n101,1\n102,0\n103,1\n104,\n105,\n106,1\n108,\n109,0\n110,2\n111,",
		"Episodes": "CHILD\n101\n101\n102\n103\n104\n105\n106\n107\n108\n109\n110",
	}
	last := tablesC{"Header": "CHILD,MOTHER\n101,1\n102,1\n103,0\n104,1\n105,\n107,1\n108,0\n109,\n110,1\n111,1"}
	// 111 was a mother but has no episode this year.
	expect(t, "207", ret2(t, cur, last), map[string][]int{"Header": {1, 3, 8}})
	delete(cur, "Episodes")
	expect(t, "207", ret2(t, cur, last), nil)
}

func TestRule208(t *testing.T) {
	last := tablesC{"Header": `CHILD,UPN
101,UN5
102,X888888888888
103,UN1
104,UN1
105,
106,UN4
108,UN1
109,
110,a------------
111,UN2
33333,UN5
44444,H000000000000
1000,`}
	cur := tablesC{"Header": `CHILD,UPN
101,H801200001001
102,O------------
103,UN1
104,UN2
105,
106,UN3
108,
109,UN4
110,A------------
111,H801200001111
55555,UN5
66666,X999999999999
1000,UN1`}
	// Faulted: a known UPN changed (102), UN4 to UN3 (106), UN1 to blank
	// (108), blank to UN1 (1000).
	expect(t, "208", ret2(t, cur, last), map[string][]int{"Header": {1, 5, 6, 12}})
}

func TestRule209(t *testing.T) {
	// School age for 2024/25: 4 by 31 August 2023.
	r := ret(t, tablesC{"Header": `CHILD,UPN,DOB
1,UN1,31/08/2019
2,UN1,01/09/2019
3,UN2,01/01/2010
4,UN1,
5,,01/01/2010
6,UN1,29/02/2016`})
	expect(t, "209", r, map[string][]int{"Header": {0, 5}})
}

func TestRule210(t *testing.T) {
	r := ret(t, tablesC{
		"Header": "CHILD,UPN\n111,UN4\n123,\n333,UN3\n444,UN4\n667,UN4",
		"Episodes": `CHILD,DECOM
111,01/01/2025
111,30/03/2025
123,25/03/2025
333,25/03/2025
444,24/03/2025
444,23/03/2025
667,01/01/2025
667,2025-03-25`,
	})
	expect(t, "210", r, map[string][]int{"Episodes": {1, 4}, "Header": {0, 3}})
}

func TestRule301(t *testing.T) {
	r := ret(t, tablesC{"Header": "CHILD,DOB\n1,01/04/2025\n2,31/03/2025\n3,\n4,02/06/2000\n5,04/06/2026\n6,bad"})
	expect(t, "301", r, map[string][]int{"Header": {0, 4}})
}

func TestRule302(t *testing.T) {
	r := ret(t, tablesC{
		"Episodes": `CHILD,RNE,DECOM
101,S,16/03/2021
102,S,17/06/2020
101,X1,20/03/2020
102,,
103,S,23/08/2020
104,X,01/02/1988
104,X,03/04/1994
105,S,bad`,
		"Header": "CHILD,DOB\n101,16/03/2021\n102,23/09/2019\n103,31/12/2020\n104,01/01/1995\n105,01/01/2000",
	})
	// Only each child's earliest dated episode is compared.
	expect(t, "302", r, map[string][]int{"Episodes": {2, 4, 5}, "Header": {0, 2, 3}})
}

func TestRule351(t *testing.T) {
	// Over 25 on 1 April 2024: born before 1 April 1999.
	r := ret(t, tablesC{"Header": "CHILD,DOB\n101,\n102,11/11/2020\n103,03/10/1995\n104,01/04/1999\n105,31/03/1999\n106,bad"})
	expect(t, "351", r, map[string][]int{"Header": {2, 4}})
}

func TestRule3001(t *testing.T) {
	r := ret(t, tablesC{
		"OC3":    "CHILD,ACCOM\n101,Z1\n102,Z2\n101,T1\n102,\n103,Z1\n102,Z3\n104,z2",
		"Header": "CHILD,DOB\n101,16/03/2008\n102,01/04/2007\n103,31/03/2007\n104,01/06/2007",
	})
	// 103 turned 17 the day before the year began.
	expect(t, "3001", r, map[string][]int{"OC3": {0, 1, 6}})
}

func TestRule205A(t *testing.T) {
	cur := tablesC{
		"Header": "CHILD,UASC\nA,0\nB,0\nC,0\nD,1\nE,0\nF,0",
		"UASC":   "CHILD,DOB,DUC\nA,,\nB,,10/07/2023\nC,,\nD,,\nE,,01/01/2024\nF,,",
	}
	last := tablesC{
		"Header": "CHILD,UASC\nA,1\nB,1\nC,1\nD,1\nE,0",
		"UASC":   "CHILD,DOB,DUC\nA,,10/07/2023\nB,,10/07/2023\nC,,14/05/2022\nD,,\nE,,",
	}
	// A ceased during 2023/24 as it should; B still has a date this year;
	// C ceased before 2023/24.
	expect(t, "205A", ret2(t, cur, last), map[string][]int{"UASC": {1, 2}, "Header": {1, 2}})
	// CSV returns carry no UASC flag: a child listed in UASC is UASC.
	noFlag := tablesC{"Header": "CHILD\nA\nB\nC\nD\nE\nF", "UASC": cur["UASC"]}
	expect(t, "205A", ret2(t, noFlag, last), nil)
	expect(t, "205A", ret2(t, cur, tablesC{"Header": last["Header"]}), nil)
}

func TestRule205B(t *testing.T) {
	cur := tablesC{
		"Header": "CHILD,UASC\nA,1\nB,1\nC,1\nD,1\nE,1\nF,1\nG,0",
		"UASC": `CHILD,DOB,DUC
A,15/06/2006,15/06/2024
B,15/06/2005,15/06/2023
C,15/06/2005,01/01/2023
D,15/06/2006,15/06/2024
E,15/06/2006,15/06/2024
F,29/02/2008,28/02/2026
G,15/06/2006,`,
	}
	last := tablesC{
		"Header": "CHILD,UASC\nA,1\nB,1\nC,1\nD,1\nE,1\nF,1\nG,1",
		"UASC": `CHILD,DOB,DUC
A,15/06/2006,15/06/2024
B,15/06/2005,15/06/2023
C,15/06/2005,15/06/2023
D,15/06/2006,01/01/2024
E,15/06/2006,
F,29/02/2008,28/02/2026
G,15/06/2006,01/01/2020`,
	}
	// C's date this year is neither in the year nor last year's; D's and E's
	// date last year was not their 18th birthday. G is not UASC this year.
	expect(t, "205B", ret2(t, cur, last), map[string][]int{"UASC": {2, 3, 4}, "Header": {2, 3, 4}})
	// Without flags, G counts as UASC (listed in UASC) and is faulted too.
	strip := func(m tablesC) tablesC {
		return tablesC{"Header": "CHILD\nA\nB\nC\nD\nE\nF\nG", "UASC": m["UASC"]}
	}
	expect(t, "205B", ret2(t, strip(cur), strip(last)), map[string][]int{"UASC": {2, 3, 4, 6}, "Header": {2, 3, 4, 6}})
}

func TestRule205C(t *testing.T) {
	cur := tablesC{
		"Header": "CHILD,UASC\nA,0\nB,0\nC,1\nD,0\nE,0",
		"UASC":   "CHILD,DOB,DUC\nA,,01/05/2024\nB,,\nC,,\nD,,\nE,,",
	}
	last := tablesC{
		"Header": "CHILD,UASC\nA,0\nB,0\nC,0\nD,1",
		"UASC":   "CHILD,DOB,DUC\nA,,\nB,,\nC,,01/01/2024\nD,,01/01/2024\nE,,01/01/2024",
	}
	// A has a date this year, E last year (E has no flag last year).
	expect(t, "205C", ret2(t, cur, last), map[string][]int{"UASC": {0, 4}, "Header": {0, 4}})
	noFlag := func(m tablesC) tablesC { return tablesC{"Header": "CHILD\nA\nB\nC\nD\nE", "UASC": m["UASC"]} }
	expect(t, "205C", ret2(t, noFlag(cur), noFlag(last)), nil)
}

func TestRule205D(t *testing.T) {
	cur := tablesC{"Header": "CHILD,UASC\nA,1\nB,1\nC,0\nD,1"}
	last := tablesC{"Header": "CHILD,UASC\nA,1\nB,0\nC,1"}
	// D was not in last year's return.
	expect(t, "205D", ret2(t, cur, last), map[string][]int{"Header": {1}})
	// The same from CSV tables: UASC status is being listed in UASC.
	cur = tablesC{"Header": "CHILD\nA\nB\nC\nD", "UASC": "CHILD,DUC\nA,\nB,"}
	last = tablesC{"Header": "CHILD\nA\nB\nC", "UASC": "CHILD,DUC\nA,"}
	expect(t, "205D", ret2(t, cur, last), map[string][]int{"Header": {1}})
	// A Header without flags and no UASC table says nothing.
	expect(t, "205D", ret2(t, tablesC{"Header": cur["Header"]}, last), nil)
}

func TestRule303(t *testing.T) {
	cur := tablesC{
		"Header": "CHILD,UASC\n0,0\n1,1\n2,0\n3,1\n4,0\n5,1",
		"UASC":   "CHILD,DUC\n0,\n1,04/04/2024\n2,01/06/2024\n3,\n4,10/04/2024\n5,01/03/2025",
	}
	expect(t, "303", ret(t, cur), map[string][]int{"UASC": {2, 4}, "Header": {2, 4}})
	// Without flags every child in UASC counts as UASC.
	expect(t, "303", ret(t, tablesC{"Header": "CHILD\n0\n1\n2\n3\n4\n5", "UASC": cur["UASC"]}), nil)
}

func TestRule304(t *testing.T) {
	r := ret(t, tablesC{"UASC": `CHILD,DOB,DUC
1,01/06/2000,05/06/2019
2,02/06/2000,
3,03/06/2000,01/06/2015
4,04/06/2000,02/06/2020
5,,05/06/2020
6,04/06/2000,04/06/2018`})
	expect(t, "304", r, map[string][]int{"UASC": {0, 3}})
}

func TestRule213(t *testing.T) {
	r := ret(t, tablesC{"Episodes": "PLACE,PLACE_PROVIDER\nT0,\nU6,\nU1,PR3\nU4,PR4\nP1,PR0\nT2,PR2\nT3,PR1\n,\nZ1,\nZ1,notna"})
	expect(t, "213", r, map[string][]int{"Episodes": {5, 6}})
}

func TestRule214(t *testing.T) {
	r := ret(t, tablesC{"Episodes": `LS,PL_POST,URN
V3,M2 3RT,XXXXXX
U1,M2 3RT,SC045099
U3,,SC045099
V4,M2 3RT,
V4,,SC045099
T1,M2 3RT,SC045100
U6,M2 3RT,SC045101
V3,,`})
	expect(t, "214", r, map[string][]int{"Episodes": {0, 3, 4}})
}

func TestRule217(t *testing.T) {
	r := ret(t, tablesC{"Episodes": `PLACE,DECOM,RNE
A3,01/04/2015,S
A5,31/12/2015,T
A3,20/01/2016,U
,,
U1,01/10/2017,X
A3,20/02/2016,X
A5,01/01/2017,X
A5,01/04/2013,X
A5,31/03/2015,P
A3,bad,P`})
	expect(t, "217", r, map[string][]int{"Episodes": {5, 6}})
}

func TestRule222(t *testing.T) {
	r := ret(t, tablesC{"Episodes": "PLACE,URN\nH5,XXXXXXX\nU1,Whatever\nU2,\nT1,\nR1,Whatever\nT2,Whatever\nP2,Whatever\nZ1,XXXXXXX"})
	expect(t, "222", r, map[string][]int{"Episodes": {4, 5}})
}

func TestRule225(t *testing.T) {
	r := ret(t, tablesC{"Episodes": `CHILD,DECOM,RNE,REC,PLACE,REASON_PLACE_CHANGE
111,01/06/2020,P,X1,U1,
111,05/06/2020,P,E11,X1,
111,06/06/2020,B,E3,X1,
123,08/06/2020,P,X1,U1,
123,10/06/2020,P,E3,X1,
333,06/06/2020,T,X1,U1,
333,07/06/2020,L,X1,X1,CHANGE
333,08/06/2020,P,E3,U1,
444,09/06/2020,U,X1,T1,
444,15/06/2020,P,X1,X1,
444,16/06/2020,P,E3,T3,
666,17/06/2020,P,,T4,`})
	// 333's first is followed by RNE L; 444's are temporary placements or
	// followed by one; 666 has no next episode.
	expect(t, "225", r, map[string][]int{"Episodes": {0, 3}})
}

func TestRule226(t *testing.T) {
	r := ret(t, tablesC{"Episodes": `CHILD,DECOM,PLACE,REASON_PLACE_CHANGE
111,01/01/2020,U1,XXX
111,11/01/2020,T1,
111,22/01/2020,X1,
123,01/01/2020,U1,
123,11/01/2020,X1,
333,01/01/2020,T2,
333,22/01/2020,X1,CHANGE
333,11/01/2020,U1,
444,22/01/2020,T1,XXX
444,11/01/2020,X1,
444,01/01/2020,T3,
666,01/01/2020,T4,`})
	// 111's T1 follows an episode with a reason; 444's T1 has its own.
	expect(t, "226", r, map[string][]int{"Episodes": {1, 8}})
}

func TestRule336(t *testing.T) {
	r := ret(t, tablesC{"Episodes": `CHILD,DECOM,PLACE
111,01/01/2020,U1
111,11/01/2020,T1
111,22/01/2020,A3
123,11/01/2020,A4
123,01/01/2020,U1
333,01/01/2020,U1
333,22/01/2020,A3
333,11/01/2020,T2
444,22/01/2020,A4
444,11/01/2020,X1
444,01/01/2020,A3
666,01/01/2020,A5
777,11/01/2020,A4
777,01/01/2020,
888,01/01/2020,
888,11/01/2020,A5
999,01/01/2020,U3
999,02/02/2020,A5`})
	// A3 after T1 and T2, A5 after a blank placement; first episodes and
	// A4 (not with current foster carers) are not checked.
	expect(t, "336", r, map[string][]int{"Episodes": {2, 6, 15}})
}

func TestRule352(t *testing.T) {
	r := ret(t, tablesC{
		"Episodes": "CHILD,RNE,DECOM\n101,S,16/03/2021\n102,S,17/06/2020\n101,X1,20/03/2020\n102,,\n103,S,23/08/2020\n104,s,31/12/2018",
		"Header":   "CHILD,DOB\n101,16/03/2005\n102,23/09/2002\n103,31/12/2000\n104,31/12/2000",
	})
	// 104 started on their 18th birthday.
	expect(t, "352", r, map[string][]int{"Episodes": {4, 5}})
}

func TestRule353(t *testing.T) {
	r := ret(t, tablesC{"Episodes": "CHILD,DECOM\n1,\n2,02/06/1980\n3,06/06/1890\n4,08/06/2020\n5,13/10/1991\n6,14/10/1991"})
	expect(t, "353", r, map[string][]int{"Episodes": {1, 2, 4}})
}

func TestRule354(t *testing.T) {
	r := ret(t, tablesC{"Episodes": "CHILD,DECOM\n1,01/01/2025\n2,31/03/2025\n3,01/04/2025\n4,38/04/2019\n5,\n6,3rd Dec 1873"})
	expect(t, "354", r, map[string][]int{"Episodes": {2}})
}

func TestRule355(t *testing.T) {
	r := ret(t, tablesC{"Episodes": `DECOM,DEC
01/01/2000,01/01/2000
01/02/2000,01/03/2000
01/03/2000,
01/04/2000,01/04/2000
01/05/2000,03/05/2000
01/06/2000,01/06/2000
04/05/2000,01/05/2000
,
1/6/2000,01/06/2000`})
	expect(t, "355", r, map[string][]int{"Episodes": {0, 3, 5, 8}})
}

func TestRule356(t *testing.T) {
	r := ret(t, tablesC{"Episodes": "DECOM,DEC\n14/03/2021,08/12/2020\n16/06/2019,24/08/2021\n03/10/2020,\n07/09/2021,07/09/2021\nbad,01/01/2020"})
	expect(t, "356", r, map[string][]int{"Episodes": {0}})
}

func TestRule357(t *testing.T) {
	r := ret(t, tablesC{"Episodes": `CHILD,DECOM,RNE
000,01/05/2024,!!
111,11/11/2024,P
111,01/01/2000,S
222,01/06/2024,P
222,,P
222,01/05/2024,S
333,12/12/2024,P
333,01/05/2024,!!
333,05/05/2024,P
444,05/05/2024,
555,01/01/1990,P
666,bad,P`})
	// 111's and 555's first episodes predate the collection year.
	expect(t, "357", r, map[string][]int{"Episodes": {0, 7, 9}})
}

func TestRule358(t *testing.T) {
	r := ret(t, tablesC{
		"Episodes": `CHILD,DECOM,LS
101,01/01/2009,J3
102,01/01/2001,X
103,20/12/2001,L2
104,03/01/2018,J2
105,03/04/2008,J1
106,01/01/2002,L2
107,10/01/2002,X
108,11/02/2012,J1
109,25/01/2002,L2
110,25/01/2002,L2
111,,J2
112,25/01/2002,J3`,
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
112,`,
	})
	expect(t, "358", r, map[string][]int{"Episodes": {0, 4}, "Header": {0, 4}})
}

func TestRule359(t *testing.T) {
	r := ret(t, tablesC{
		"Header": "CHILD,DOB\n111,01/06/2020\n222,05/06/2000\n333,05/06/2000\n444,06/06/2006\n555,31/03/2007",
		"Episodes": `CHILD,DEC,LS,PLACE
111,01/06/2024,R1,R2
222,,V2,K2
333,,V2,K1
444,,R1,R2
555,,R1,R2
444,01/01/2025,V2,K1`,
	})
	// 555 turns 18 on the last day of the year; 444's closed episode passes.
	expect(t, "359", r, map[string][]int{"Episodes": {2, 3}})
}

// spellsC are episodes for the legal-status duration rules 361 and 362.
func spellsC(ls string) string {
	return `CHILD,DECOM,DEC,LS
111,01/06/2024,04/06/2024,` + ls + `
111,04/06/2024,05/06/2024,` + ls + `
111,06/07/2024,07/07/2024,E2
111,08/09/2024,10/09/2024,` + ls + `
111,09/10/2024,12/11/2024,E3
333,06/06/2024,10/06/2024,` + ls + `
333,10/06/2024,12/10/2024,` + ls + `
444,07/06/2024,08/07/2024,` + ls + `
444,08/08/2024,09/08/2024,E4
444,09/08/2024,15/08/2024,` + ls + `
444,15/08/2024,,` + ls + `
555,15/03/2025,,` + ls + `
666,01/05/2024,04/05/2024,` + ls + `
666,01/07/2024,bad,` + ls
}

func TestRule361(t *testing.T) {
	// Spells of 4 days (111's first two), 2, 128, 31, 234 and 16 (open at
	// 31 March); 666's 3 days pass and its unreadable end is skipped.
	r := ret(t, tablesC{"Episodes": spellsC("L1")})
	expect(t, "361", r, map[string][]int{"Episodes": {0, 1, 5, 6, 7, 9, 10, 11}})
}

func TestRule362(t *testing.T) {
	r := ret(t, tablesC{"Episodes": spellsC("L2")})
	expect(t, "362", r, map[string][]int{"Episodes": {5, 6, 7, 9, 10}})
	// Chained episodes are measured from the first start to the last end.
	r = ret(t, tablesC{"Episodes": "CHILD,DECOM,DEC,LS\n1,08/09/2024,09/10/2024,L2\n1,09/10/2024,12/11/2024,L2\n2,01/01/2025,20/01/2025,L2"})
	expect(t, "362", r, map[string][]int{"Episodes": {0, 1}})
}

// shortStatusC are episodes for the duration rules 363 and 364.
func shortStatusC(ls string) string {
	return `CHILD,DECOM,DEC,LS
101,01/01/2000,01/01/2001,` + ls + `
101,01/01/2001,20/12/2001,X
101,20/12/2001,12/01/2002,` + ls + `
2002,01/01/2000,03/01/2000,` + ls + `
2002,03/01/2000,09/01/2001,` + ls + `
2002,01/01/2002,07/01/2002,` + ls + `
2002,10/01/2002,11/01/2002,X
2002,11/01/2002,17/01/2002,` + ls + `
30003,25/01/2002,10/03/2001,` + ls + `
30003,25/01/2002,,` + ls + `
30003,,25/01/2002,` + ls + `
30003,,,` + ls
}

func TestRule363(t *testing.T) {
	// 30003's open episode runs to 31 March 2025; the ended-before-started
	// episode and the undated ones are left to other rules.
	expect(t, "363", ret(t, tablesC{"Episodes": shortStatusC("L3")}), map[string][]int{"Episodes": {0, 2, 3, 4, 9}})
}

func TestRule364(t *testing.T) {
	r := ret(t, tablesC{"Episodes": shortStatusC("J2")})
	expect(t, "364", r, map[string][]int{"Episodes": {0, 2, 3, 4, 9}})
	// 21 days exactly passes; 22 fails.
	r = ret(t, tablesC{"Episodes": "CHILD,DECOM,DEC,LS\n1,01/05/2024,22/05/2024,J2\n2,01/05/2024,10/05/2024,J2\n2,10/05/2024,23/05/2024,J2"})
	expect(t, "364", r, map[string][]int{"Episodes": {1, 2}})
}

func TestRule365(t *testing.T) {
	r := ret(t, tablesC{"Episodes": `CHILD,DECOM,DEC,LS
101,01/01/2000,01/01/2001,V3
101,01/01/2001,20/12/2001,X
101,20/12/2001,12/01/2002,V3
2002,01/01/2000,10/01/2000,V3
2002,10/01/2000,23/01/2001,X
2002,01/01/2002,18/01/2002,V3
2002,01/02/2002,19/02/2002,V3
2002,11/01/2002,25/01/2002,J2
30003,25/01/2002,10/03/2001,J2
30003,25/01/2002,,V3
30003,,25/01/2002,V3
30003,,,V3`})
	// 17 days (01/01–18/01) pass, 18 fail; the open one runs to year end.
	expect(t, "365", r, map[string][]int{"Episodes": {0, 2, 6, 9}})
}

func TestRule366(t *testing.T) {
	r := ret(t, tablesC{"Episodes": "LS,RNE\nV3,S\nV4,T\nU1,\nU2,\nV3,U\nV3,"})
	expect(t, "366", r, map[string][]int{"Episodes": {4, 5}})
}

func TestRule367(t *testing.T) {
	r := ret(t, tablesC{"Episodes": `CHILD,DECOM,DEC,LS
101,01/01/2024,01/06/2024,V3
2002,01/01/2024,01/05/2024,V3
30003,01/04/2024,01/05/2024,V3
30003,01/05/2024,01/07/2024,xx
30003,01/06/2024,01/07/2024,V3
30003,01/07/2024,01/08/2024,V3
400004,01/08/2024,01/07/2024,V3
400004,01/08/2024,01/11/2024,V3
555,01/07/2024,,V3`})
	// Days are counted from 1 April 2024: 101 has 61, 2002 30; 30003 has
	// 30+30+31; 400004's backwards episode is not counted.
	expect(t, "367", r, map[string][]int{"Episodes": {2, 4, 5, 7, 8}})
}

func TestRule215(t *testing.T) {
	cur := tablesC{
		"OC2": `CHILD,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,CONVICTED,HEALTH_CHECK,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
A,1,1,1,,,,1,
B,,,,,,,,1
C,1,1,1,1,1,1,1,1
D,,1,,1,1,1,1,1
E,1,1,1,1,,,,`,
		"OC3": "CHILD,IN_TOUCH,ACTIV,ACCOM\nA,DIED,,\nB,Yes,,\nC,RHOM,XXX,\nD,,,XXX\nE,,,",
	}
	expect(t, "215", ret(t, cur), map[string][]int{"OC3": {0, 1, 2, 3}, "OC2": {0, 1, 2, 3}})
	expect(t, "215", ret(t, tablesC{"OC3": cur["OC3"]}), nil)
}

func TestRule331(t *testing.T) {
	r := ret(t, tablesC{
		"AD1": "CHILD,DATE_MATCH\n111,01/01/2020\n222,02/06/2020\n333,11/11/2020\n444,\n555,01/02/2020\n66,04/06/2020",
		"Episodes": `CHILD,DECOM,REC
111,01/01/2020,E12
222,01/06/2020,E11
333,12/12/2020,E12
444,01/02/2020,E11
555,01/01/2020,xX
555,01/02/2020,E11
555,05/06/2020,E12
66,01/01/2020,Xx
66,01/02/2020,oO
66,05/06/2020,E11
66,06/07/2020,Oo`,
	})
	expect(t, "331", r, map[string][]int{"AD1": {1}, "Episodes": {1}})
}

func TestRule333(t *testing.T) {
	r := ret(t, tablesC{"AD1": `DATE_INT,DATE_MATCH
01/06/2020,05/06/2020
02/06/2020,
03/06/2020,01/06/2020
04/06/2020,02/06/2020
,05/06/2020
bad,05/06/2020
05/06/2020,05/06/2020`})
	expect(t, "333", r, map[string][]int{"AD1": {2, 3, 4, 5}})
}

func TestRule334(t *testing.T) {
	r := ret(t, tablesC{
		"Episodes": `CHILD,DECOM,RNE
101,01/03/1980,S
102,01/03/1980,o
102,01/03/1980,S
103,01/02/1970,o
103,01/03/1979,S
103,01/01/1980,S
104,01/03/1979,o
104,01/01/1981,o
105,01/03/1979,o
105,01/01/2020,S
105,26/05/2021,o`,
		"AD1": "CHILD,DATE_INT\n101,26/05/1978\n102,\n103,26/05/1981\n104,01/02/1960\n105,26/05/2019",
	})
	// 103's decision follows its latest S episode; 104 has none.
	expect(t, "334", r, map[string][]int{"Episodes": {0, 9}, "AD1": {0, 4}})
}

func TestRule335(t *testing.T) {
	r := ret(t, tablesC{
		"Episodes": "CHILD,PLACE,REC\n10,A2,E1\n11,--,E1\n12,A1,E1\n13,--,E12\n14,A4,E11\n15,--,E1\n16,A5,--\n17,A3,E12\n18,A6,E11",
		"AD1":      "CHILD,FOSTER_CARE\n10,0\n11,1\n12,0\n13,1\n14,2\n15,former foster carer\n16,\n17,\n18,1",
	})
	expect(t, "335", r, map[string][]int{"Episodes": {0, 8}, "AD1": {0, 8}})
}

func TestRule344(t *testing.T) {
	r := ret(t, tablesC{"OC3": "CHILD,IN_TOUCH,ACTIV,ACCOM\nA,DIED,0,0\nB,Yes,,\nC,RHOM,XXX,0\nD,,,XXX\nE,DIED,XXX,XXX\nF,RHOM,,0"})
	// A blank activity is not 0.
	expect(t, "344", r, map[string][]int{"OC3": {2, 4, 5}})
}

func TestRule345(t *testing.T) {
	r := ret(t, tablesC{"OC3": "CHILD,IN_TOUCH,ACTIV,ACCOM\nA,No,,0\nB,YES,0,\nC,YES,XXX,0\nD,,,XXX\nE,YES,XXX,XXX"})
	expect(t, "345", r, map[string][]int{"OC3": {1, 2}})
}

func TestRule347(t *testing.T) {
	r := ret(t, tablesC{"OC3": `CHILD,DOB,ACCOM
1,01/01/1999,T
2,01/01/2010,
3,01/01/2000,T
4,02/04/2006,T
5,01/04/2006,T
6,bad,T`})
	// 5 turned 18 the day the year began.
	expect(t, "347", r, map[string][]int{"OC3": {3}})
}
