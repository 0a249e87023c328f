package y2024

import "testing"

func TestRule601(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DEC,REC
1,01/06/2024,E11
1,01/01/2024,E12
2,01/06/2024,E12
3,01/06/2024,E11
3,01/07/2024,E12
4,01/06/2024,E45
5,,E11`,
		"AD1": `CHILD,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
1,,01/02/2024,0,1,M1,L0
2,01/01/2024,01/02/2024,0,1,M1,L0
3,01/01/2024,01/02/2024,0,1,M1,
4,,,,,,
5,,,,,,`,
	})
	// 1 and 3 were adopted in the year with details missing (both of 3's
	// adoption episodes are faulted); 1's earlier E12 is last year's; 2 is
	// complete; 4 was not adopted; 5's adoption has no date.
	expect(t, "601", r, map[string][]int{"AD1": {0, 2}, "Episodes": {0, 3, 4}})
}

func TestRule602(t *testing.T) {
	ad1 := `CHILD,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
1,01/01/2024,,,,,
2,01/01/2024,,,,,
3,,,0,,,
4,,,,,,
5,,,,,,L0`
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DEC,REC
1,01/06/2024,E11
2,01/06/2024,E45
3,01/03/2024,E12
4,,E11`,
		"AD1": ad1,
	})
	// 1 was adopted; 4's AD1 row is empty; 2 was not adopted, 3 was adopted
	// last year, 5 has no episodes.
	expect(t, "602", r, map[string][]int{"AD1": {1, 2, 4}})
	// Without episodes there is nothing to compare with.
	expect(t, "602", ret(t, map[string]string{"AD1": ad1}), nil)
}

func TestRule607(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DEC,REC,LS
1,01/06/2024,E11,C2
1,01/05/2024,X1,C2
2,01/06/2024,E4A,V3
3,01/06/2023,E11,C2
4,01/06/2024,E11,C2
5,01/06/2024,E11,C2
6,01/06/2024,,C2
7,,E11,C2
8,31/03/2025,E13,`,
		"Header": `CHILD,SEX,MOTHER
1,F,
2,F,
3,F,
4,M,
5,F,0
6,F,
7,F,
8,F,`,
	})
	// 1 and 8 are girls who left care in the year with MOTHER blank; the
	// others are short breaks, last year, boys, completed, or not ceased.
	expect(t, "607", r, map[string][]int{"Episodes": {0, 8}, "Header": {0, 7}})
}

func TestRule611(t *testing.T) {
	r := ret(t, map[string]string{"Header": "CHILD,MOTHER,MC_DOB\n1,1,01/01/2021\n2,1,\n3,1.0,\n4,0,\n5,,"})
	expect(t, "611", r, map[string][]int{"Header": {1, 2}})
}

func TestRule612(t *testing.T) {
	r := ret(t, map[string]string{"Header": `CHILD,SEX,MOTHER,MC_DOB
1,F,0,19/02/2016
2,F,,19/02/2016
3,F,1,19/02/2016
4,F,0,
5,M,,19/02/2016
6,F,,rubbish`})
	// A completed MC_DOB counts even when malformed (row 5).
	expect(t, "612", r, map[string][]int{"Header": {0, 1, 5}})
}

func TestRule620(t *testing.T) {
	r := ret(t, map[string]string{"Header": `CHILD,MOTHER,DOB
1,1,02/04/2013
2,1,01/04/2013
3,1,
4,0,01/01/2020
5,1,01/01/2000
6,1.0,01/01/2020`})
	// Row 0 is a day short of 11 on 1 April 2024; row 1 is exactly 11.
	expect(t, "620", r, map[string][]int{"Header": {0, 5}})
}

func TestRule621(t *testing.T) {
	r := ret(t, map[string]string{"Header": `CHILD,DOB,MC_DOB
1,01/12/2021,01/01/2021
2,19/02/2006,19/12/2022
3,31/01/2009,31/01/2009
4,31/01/2009,
5,,01/01/2020
6,31/01/2009,junk`})
	expect(t, "621", r, map[string][]int{"Header": {0, 2}})
}

func TestRule624(t *testing.T) {
	cur := map[string]string{"Header": `CHILD,MC_DOB
111,01/06/2020
222,4/6/2020
333,
444,08/09/2020
555,
66,01/02/2020
77,01/01/2021`}
	last := map[string]string{"Header": `CHILD,MC_DOB
111,01/06/2020
222,04/06/2020
333,01/06/2019
444,10/09/2020
555,
66,`}
	// 333 lost its date, 444 changed it; 222 is the same date written
	// differently; 66 had none last year; 77 was not in last year's header.
	expect(t, "624", ret2(t, cur, last), map[string][]int{"Header": {2, 3}})
	expect(t, "624", ret(t, cur), nil)
}

func TestRule625(t *testing.T) {
	r := ret(t, map[string]string{
		"Header": `CHILD,MC_DOB
1,01/05/2025
2,01/06/2024
3,01/06/2024
4,
5,01/05/2025
6,01/05/2024`,
		"Episodes": `CHILD,DECOM,DEC
1,01/01/2024,
2,01/01/2023,01/01/2024
2,01/01/2024,01/05/2024
3,01/01/2024,01/05/2024
3,01/05/2024,
6,01/01/2024,01/05/2024`,
	})
	// 1 and 5: after the year (5 has no episode to fault); 2: after her
	// latest episode ended; 3's latest episode is still open; 6 was born
	// the day care ended.
	expect(t, "625", r, map[string][]int{"Header": {0, 1, 4}, "Episodes": {0, 2}})
}

func TestRule626(t *testing.T) {
	cur := map[string]string{"Header": `CHILD,MOTHER,MC_DOB
111,1,
222,1,04/01/2020
333,0,
444,1,01/04/2024
555,1.0,01/01/2024
666,1,01/01/2024`}
	last := map[string]string{"Header": `CHILD,MOTHER
111,1
222,0.0
333,1
444,0
555,0
666,1`}
	// 444's child was born on the first day of the year, so is new.
	expect(t, "626", ret2(t, cur, last), map[string][]int{"Header": {1, 4}})
	expect(t, "626", ret(t, cur), nil)
}

func TestRule628(t *testing.T) {
	r := ret(t, map[string]string{
		"Header":   "CHILD,MOTHER\n0,1\n1,\n2,0\n3,1\n4,0\n5,1\n6,1",
		"Episodes": "CHILD\na\n1\n3\n3\n3\n4\n5",
		"OC3": `CHILD,IN_TOUCH,ACTIV,ACCOM
0,YES,,1
2,,,
6,YES,,
5,YES,,`,
	})
	// 0 and 6 are care leavers with no episodes and MOTHER given; 2's OC3 row
	// is empty; 5 has episodes.
	expect(t, "628", r, map[string][]int{"Header": {0, 6}})
}

func TestRule630(t *testing.T) {
	eps := `CHILD,DECOM,RNE
0,01/04/2024,T
1,01/04/2024,S
2,01/04/2024,S
3,01/04/2024,P
4,31/03/2024,S
5,01/04/2024,S
6,01/04/2024,S
7,01/04/2024,S
8,01/04/2024,S
9,,S`
	r := ret(t, map[string]string{
		"Episodes": eps,
		"PrevPerm": `CHILD,PREV_PERM,LA_PERM,DATE_PERM
2,Z1,,
4,P1,352,
5,P1,,01/05/2000
6,Z1,,
7,,,
8,P1,352,05/05/2020`,
	})
	// 1 has no PrevPerm row, 5 lacks the LA, 7 lacks the option; 4 started
	// before the year.
	expect(t, "630", r, map[string][]int{"Episodes": {1, 5, 7}})
	expect(t, "630", ret(t, map[string]string{"Episodes": eps}), nil)
}

func TestRule631(t *testing.T) {
	r := ret(t, map[string]string{"PrevPerm": "CHILD,PREV_PERM\n1,P0\n2,P1\n3,p1\n4,\n5,Z1\n6,P4"})
	expect(t, "631", r, map[string][]int{"PrevPerm": {0, 2}})
}

func TestRule632(t *testing.T) {
	r := ret(t, map[string]string{
		"PrevPerm": `CHILD,DATE_PERM
101,xx/10/2011
102,17/06/2001
103,01/05/2000
104,
105,05/ZZ/2020
106,ZZ/05/2021
107,ZZ/ZZ/ZZZZ
108,ZZ/ZZ/1993
109,ZZ/ZZ/ZZ
110,01/13/2000
111,ZZ/06/2021
112,ZZ/07/2021`,
		"Episodes": `CHILD,DECOM
101,20/10/2011
102,19/11/2021
102,17/06/2001
103,
104,11/09/2015
105,01/03/2021
106,01/07/2021
107,01/07/2021
108,01/07/2021
109,01/07/2021
110,01/07/2021
111,15/06/2021
112,15/06/2021`,
	})
	// 101, 109, 110: malformed; 102: on the day care began (its first
	// episode is row 2); 112: July 2021 is surely after 15 June. 111 could
	// be early June, so passes; 103 has no dated episode.
	expect(t, "632", r, map[string][]int{"PrevPerm": {0, 1, 8, 9, 11}, "Episodes": {0, 2, 9, 10, 12}})
}

func TestRule633(t *testing.T) {
	// 940 (North Northamptonshire, 2021) and 928 (Northamptonshire, before
	// it) are both places an order could have been made.
	r := ret(t, map[string]string{"PrevPerm": "CHILD,LA_PERM\n1,\n2,SCO\n3,204\n4,458\n5,176\n6,212\n7,999\n8,sco\n9,940\n10,928\n11,943"})
	expect(t, "633", r, map[string][]int{"PrevPerm": {3, 4, 7}})
}

func TestRule634(t *testing.T) {
	r := ret(t, map[string]string{
		"PrevPerm": `CHILD,PREV_PERM,LA_PERM,DATE_PERM
101,Z1,,
102,,352,
103,,,01/05/2000
104,Z1,,
105,,,
106,P1,352,05/05/2020`,
		"Episodes": `CHILD,DECOM
101,20/10/2011
102,19/11/2021
102,17/06/2001
103,04/04/2002
103,11/09/2015
103,01/03/2016
105,01/01/2010
106,01/04/2016`,
	})
	// 101 and 103 only have episodes before 1 April 2016 (all faulted); 104
	// has none; 105's row is empty; 106 started on 1 April 2016.
	expect(t, "634", r, map[string][]int{"PrevPerm": {0, 2}, "Episodes": {0, 3, 4, 5}})
}

func TestRule635(t *testing.T) {
	r := ret(t, map[string]string{"PrevPerm": `CHILD,PREV_PERM,LA_PERM,DATE_PERM
1,Z1,,
2,,352,
3,,,01/05/2000
4,Z1,352,
5,,,
6,P1,352,05/05/2020
7,Z1,,01/01/2020`})
	expect(t, "635", r, map[string][]int{"PrevPerm": {1, 2, 3, 6}})
}

func TestRuleEPI(t *testing.T) {
	r := ret(t, map[string]string{
		"Header":   "CHILD\n101\n102\n103\n106\n107",
		"Episodes": "CHILD\n101\n101\n103",
		"OC3":      "CHILD\n107",
	})
	expect(t, "EPI", r, map[string][]int{"Header": {1, 3}})
}

func TestRuleNoE(t *testing.T) {
	cur := map[string]string{"Episodes": `CHILD,DECOM
101,14/03/2024
102,08/09/2024
103,03/10/2023
104,
105,01/01/2020`}
	last := map[string]string{"Episodes": "CHILD,DECOM\n101,14/03/2024\n102,16/06/2022"}
	// 103 and 105 began before the year but are missing from last year.
	expect(t, "NoE", ret2(t, cur, last), map[string][]int{"Episodes": {2, 4}})
	expect(t, "NoE", ret(t, cur), nil)
}

// notInHeaderCaseF checks an INT01–INT09 rule over its table.
func notInHeaderCaseF(t *testing.T, code, table string) {
	t.Helper()
	file := "CHILD\n101\n102\n103\n105\n101"
	r := ret(t, map[string]string{"Header": "CHILD\n101\n102\n103\n104", table: file})
	expect(t, code, r, map[string][]int{table: {3}})
	// Without a header there is nothing to check against.
	expect(t, code, ret(t, map[string]string{table: file}), nil)
}

func TestRuleINT01(t *testing.T) { notInHeaderCaseF(t, "INT01", "AD1") }
func TestRuleINT02(t *testing.T) { notInHeaderCaseF(t, "INT02", "PlacedAdoption") }
func TestRuleINT03(t *testing.T) { notInHeaderCaseF(t, "INT03", "Episodes") }
func TestRuleINT04(t *testing.T) { notInHeaderCaseF(t, "INT04", "Missing") }
func TestRuleINT05(t *testing.T) { notInHeaderCaseF(t, "INT05", "OC2") }
func TestRuleINT06(t *testing.T) { notInHeaderCaseF(t, "INT06", "OC3") }
func TestRuleINT07(t *testing.T) { notInHeaderCaseF(t, "INT07", "PrevPerm") }
func TestRuleINT08(t *testing.T) { notInHeaderCaseF(t, "INT08", "Reviews") }
func TestRuleINT09(t *testing.T) { notInHeaderCaseF(t, "INT09", "UASC") }

// dobDiffersCaseF checks an INT11–INT18 rule over its table.
func dobDiffersCaseF(t *testing.T, code, table string) {
	t.Helper()
	r := ret(t, map[string]string{
		"Header": "CHILD,DOB\n101,01/04/2020\n102,\n103,01/04/2020\n104,\n106,01/04/2020",
		table:    "CHILD,DOB\n101,01/04/2020\n102,01/01/2020\n103,04/01/2020\n105,01/04/2020\n106,1/4/2020\n103,\n101,bad",
	})
	// Only 103's 04/01/2020 disagrees: blanks, bad dates and children
	// missing from the header are other rules' business.
	expect(t, code, r, map[string][]int{table: {2}})
}

func TestRuleINT11(t *testing.T) { dobDiffersCaseF(t, "INT11", "AD1") }
func TestRuleINT12(t *testing.T) { dobDiffersCaseF(t, "INT12", "PlacedAdoption") }
func TestRuleINT13(t *testing.T) { dobDiffersCaseF(t, "INT13", "Missing") }
func TestRuleINT14(t *testing.T) { dobDiffersCaseF(t, "INT14", "OC2") }
func TestRuleINT15(t *testing.T) { dobDiffersCaseF(t, "INT15", "OC3") }
func TestRuleINT16(t *testing.T) { dobDiffersCaseF(t, "INT16", "PrevPerm") }
func TestRuleINT17(t *testing.T) { dobDiffersCaseF(t, "INT17", "Reviews") }
func TestRuleINT18(t *testing.T) { dobDiffersCaseF(t, "INT18", "UASC") }

func TestRuleINT21(t *testing.T) {
	r := ret(t, map[string]string{
		"Header": "CHILD,SEX\n101,M\n102,F\n103,M\n104,F",
		"UASC":   "CHILD,SEX\n101,M\n102,F\n103,F\n105,F\n104,",
	})
	expect(t, "INT21", r, map[string][]int{"UASC": {2}})
}

// repeatedCaseF checks an INT31–INT36 rule over its table.
func repeatedCaseF(t *testing.T, code, table string) {
	t.Helper()
	r := ret(t, map[string]string{table: "CHILD,DOB\n101,\n102,\n101,\n103,\n,\n,"})
	// Rows without a child id are not counted as a repeated child.
	expect(t, code, r, map[string][]int{table: {0, 2}})
}

func TestRuleINT31(t *testing.T) { repeatedCaseF(t, "INT31", "AD1") }
func TestRuleINT32(t *testing.T) { repeatedCaseF(t, "INT32", "Header") }
func TestRuleINT33(t *testing.T) { repeatedCaseF(t, "INT33", "OC2") }
func TestRuleINT34(t *testing.T) { repeatedCaseF(t, "INT34", "OC3") }
func TestRuleINT35(t *testing.T) { repeatedCaseF(t, "INT35", "PrevPerm") }
func TestRuleINT36(t *testing.T) { repeatedCaseF(t, "INT36", "UASC") }

func TestPartialDateF(t *testing.T) {
	for s, want := range map[string]bool{
		"01/02/2020": true, "1/2/2020": true, "ZZ/02/2020": true, "05/ZZ/2020": true, "ZZ/ZZ/ZZZZ": true,
		"29/02/ZZZZ": true, "31/ZZ/2021": true, "29/02/2021": false, "ZZ/ZZ/ZZ": false, "zz/01/2020": false,
		"01/13/2020": false, "01/01/20": false, "": false, "01-01-2020": false, "001/01/2020": false,
	} {
		if _, _, ok := partialDateF(s); ok != want {
			t.Errorf("partialDateF(%q) ok = %v, want %v", s, ok, want)
		}
	}
}
