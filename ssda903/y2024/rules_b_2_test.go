package y2024

import (
	"reflect"
	"sort"
	"testing"
	"time"
)

// episodes12MonthsB are 2024/25 episodes (1 April 2024 to 31 March 2025)
// whose children were looked after continuously for 12 months or not:
// 1, 2, 4, 5, 9 and 11 were; 3, 6, 7, 8 and 10 were not.
const episodes12MonthsB = `CHILD,DECOM,DEC,LS,REC,RNE
1,01/03/2024,31/03/2025,C2,X1,L
2,01/03/2024,30/03/2025,C2,X1,L
3,01/03/2024,01/01/2025,V3,X1,L
4,01/02/2014,,C2,,L
5,01/03/2023,01/01/2025,C2,X1,L
5,01/01/2025,,C2,,P
6,01/03/2023,01/01/2025,C2,E11,L
6,01/01/2025,,C2,,S
7,01/03/2023,01/01/2025,C2,X1,L
7,01/01/2025,01/07/2025,C2,E3,S
8,01/01/2025,,C2,,S
9,01/04/2024,,C2,,S
10,01/01/2020,31/03/2024,C2,E11,L
11,01/01/2020,31/03/2025,C2,E11,L`

func TestLookedAfter12MonthsB(t *testing.T) {
	// 3 had a short break (V3), 6 left care in the year, 7 and 8 started
	// it, 10 left before the year began. 9 started on 1 April itself, and
	// 11 left on 31 March, which DfE's definition does not count as leaving
	// during the year.
	got := lookedAfter12Months(ret(t, map[string]string{"Episodes": episodes12MonthsB}))
	var ids []string
	for c := range got {
		ids = append(ids, c)
	}
	sort.Strings(ids)
	if want := []string{"1", "11", "2", "4", "5", "9"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("looked after for 12 months: %v, want %v", ids, want)
	}
}

func TestPlusYearsB(t *testing.T) {
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"29/02/2008", 17, "28/02/2025"},
		{"29/02/2008", 4, "29/02/2012"},
		{"31/03/2008", 17, "31/03/2025"},
	} {
		from, _ := time.Parse("02/01/2006", c.from)
		if got := addYears(from, c.n).Format("02/01/2006"); got != c.want {
			t.Errorf("%s + %d years = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

// withEpisodesB adds the 12-month episodes to a return's tables.
func withEpisodesB(src map[string]string) map[string]string {
	src["Episodes"] = episodes12MonthsB
	return src
}

func TestRule157(t *testing.T) {
	oc2 := `CHILD,DOB,SDQ_SCORE,SDQ_REASON
1,31/03/2009,,SDQ1
2,01/04/2020,,SDQ1
2,02/04/2020,,SDQ1
1,30/03/2009,,SDQ1
3,01/01/2015,,SDQ1
99,01/01/2015,,SDQ1
2,01/01/2015,,SDQ2
2,01/01/2015,10,SDQ1
2,,,SDQ1`
	// 0 turns 16 on 31 March and 1 turned 4 on 1 April: both in the age
	// range, looked after for 12 months, with SDQ1. 2 was still 3 at the
	// start, 3 turned 16 before the end; 4 and 5 were not looked after for
	// 12 months; 6 gives another reason, 7 a score, 8 no date of birth.
	expect(t, "157", ret(t, withEpisodesB(map[string]string{"OC2": oc2})), map[string][]int{"OC2": {0, 1}})
	// Without episodes the rule cannot tell and does not apply.
	expect(t, "157", ret(t, map[string]string{"OC2": oc2}), nil)
}

func TestRule180(t *testing.T) {
	r := ret(t, map[string]string{"OC2": "CHILD,SDQ_SCORE\n1,10\n2,41\n3,58\n4,72\n5,0\n6,40\n7,39.5\n8,20.0\n9,\n10,XX\n11,-1"})
	expect(t, "180", r, map[string][]int{"OC2": {1, 2, 3, 6, 9, 10}})
}

func TestRule181(t *testing.T) {
	r := ret(t, map[string]string{"OC2": `CHILD,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
1,1,1,1,1,1,0,0,1
2,,,,,,,,
3,,,,0,1,0,1,
4,2,2,,,,1,1,0
5,2,2,2,2,2,2,2,2
6,yes,,,,,,,
7,,,,,,,,1.0`})
	expect(t, "181", r, map[string][]int{"OC2": {3, 4, 5, 6}})
}

func TestRule182(t *testing.T) {
	r := ret(t, map[string]string{"OC2": `CHILD,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,CONVICTED,HEALTH_CHECK,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
1,,,,,,,,
2,,,,,1,,,
3,,,,,,1,,
4,1,1,1,,,,1,
5,,,,,,,,1
6,1,1,1,1,1,1,1,1
7,,1,,1,1,1,1,1
8,1,1,1,1,,,,`})
	expect(t, "182", r, map[string][]int{"OC2": {1, 2, 3, 4, 6}})
}

func TestRule184(t *testing.T) {
	r := ret(t, map[string]string{
		"Header": "CHILD,DOB\n111,01/10/2017\n112,31/05/2018\n113,10/03/2019\n114,19/08/2020\n115,bad",
		"PlacedAdoption": `CHILD,DATE_PLACED
111,01/10/2017
112,10/02/2019
113,10/02/2019
114,
115,01/01/2010
116,01/01/2000
113,01/04/2019`,
	})
	// Only 113's first decision precedes a valid date of birth; undated
	// decisions, an invalid birth date and a child missing from the header
	// are other rules' concern.
	expect(t, "184", r, map[string][]int{"PlacedAdoption": {2}})
}

func TestRule185(t *testing.T) {
	oc2 := "CHILD,SDQ_SCORE\n99,10\n1,\n2,20\n3,5\n8,5\n9,"
	expect(t, "185", ret(t, withEpisodesB(map[string]string{"OC2": oc2})), map[string][]int{"OC2": {0, 3, 4}})
	expect(t, "185", ret(t, map[string]string{"OC2": oc2}), nil)
}

func TestRule186(t *testing.T) {
	oc2 := `CHILD,DOB,SDQ_SCORE,SDQ_REASON
1,01/04/2020,,
1,02/04/2020,,
2,01/04/2008,,
2,31/03/2008,,
4,01/01/2015,10,
4,01/01/2015,,SDQ2
3,01/01/2015,,
5,,,`
	// 0 turned 4 on 1 April, 2 turns 17 after 31 March: both need a score
	// or reason. 1 was 3 at the start, 3 turns 17 on 31 March; 4 and 5
	// have one; 6 was not looked after for 12 months; 7 has no birth date.
	expect(t, "186", ret(t, withEpisodesB(map[string]string{"OC2": oc2})), map[string][]int{"OC2": {0, 2}})
	expect(t, "186", ret(t, map[string]string{"OC2": oc2}), nil)
}

func TestRule187(t *testing.T) {
	r := ret(t, withEpisodesB(map[string]string{
		"OC3": "CHILD,IN_TOUCH,ACTIV,ACCOM\n99,YES,F1,B1\n1,YES,,\n2,,,\n3,YES,,\n5,,,B1",
		"AD1": `CHILD,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
1,,,,,,
4,01/01/2024,,,,,
3,01/01/2024,01/02/2024,0,1,MF,L0
8,01/01/2024,01/02/2024,0,1,MF,L0
5,,,,1,,`,
	}))
	expect(t, "187", r, map[string][]int{"OC3": {1, 4}, "AD1": {1, 4}})
}

func TestRule188(t *testing.T) {
	r := ret(t, map[string]string{"OC2": `CHILD,DOB,SDQ_SCORE,SDQ_REASON
1,01/01/2015,10,
2,01/01/2024,10,
3,01/01/2024,,SDQ1
4,01/01/2024,,
5,31/03/2021,10,
6,01/04/2021,10,
7,,10,`})
	// 4 is turned on 31 March 2025 by 5 (not under 4) but after it by 6.
	expect(t, "188", r, map[string][]int{"OC2": {1, 2, 5}})
}

func TestRule189(t *testing.T) {
	r := ret(t, map[string]string{"OC2": `CHILD,DOB,SDQ_SCORE,SDQ_REASON
1,01/04/2007,10,
2,02/04/2007,10,
3,01/01/2015,,
4,31/03/2000,,SDQ1
5,31/03/2000,,
6,bad,10,`})
	// 1 turned 17 on 1 April 2024, the first day of the year; 2 a day later.
	expect(t, "189", r, map[string][]int{"OC2": {0, 3}})
}

func TestRule190(t *testing.T) {
	oc2 := `CHILD,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
99,1,,,,,,,
1,1,1,1,1,1,0,,
2,,,,,,,,
3,,,,,,,,
8,,,,,,,,0
5,1,,,,,,,`
	expect(t, "190", ret(t, withEpisodesB(map[string]string{"OC2": oc2})), map[string][]int{"OC2": {0, 4}})
	expect(t, "190", ret(t, map[string]string{"OC2": oc2}), nil)
}

func TestRule191(t *testing.T) {
	oc2 := `CHILD,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE
99,,,,
1,,1,1,1
2,1,1,1,1
3,,,,
5,1,1,1,`
	// 1 and 5 lack items; 4, 9 and 11 were looked after for 12 months but
	// have no OC2 row, reported at their first episode (rows 3, 11, 13).
	expect(t, "191", ret(t, withEpisodesB(map[string]string{"OC2": oc2})),
		map[string][]int{"OC2": {1, 4}, "Episodes": {3, 11, 13}})
	// The first episode by start date, wherever it sits in the table.
	r := ret(t, map[string]string{
		"OC2":      "CHILD,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE\n1,1,1,1,1",
		"Episodes": "CHILD,DECOM,DEC,LS,REC,RNE\n7,01/05/2023,,C2,,P\n7,bad,,C2,,P\n7,01/01/2023,01/05/2023,C2,X1,S",
	})
	expect(t, "191", r, map[string][]int{"Episodes": {2}})
	// Without OC2 the rule does not apply.
	expect(t, "191", ret(t, map[string]string{"Episodes": episodes12MonthsB}), nil)
}

func TestRule192(t *testing.T) {
	r := ret(t, map[string]string{"OC2": "CHILD,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED\n1,0,0\n2,,\n3,0,1\n4,1,1\n5,1,\n6,1,"})
	expect(t, "192", r, map[string][]int{"OC2": {4, 5}})
}

func TestRule193(t *testing.T) {
	r := ret(t, map[string]string{"OC2": `CHILD,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
1,0,0,0
2,,,
3,0,1,1
4,1,1,1
5,,1,
6,,,0
7,0,,`})
	expect(t, "193", r, map[string][]int{"OC2": {0, 2, 4, 5}})
}

func TestRule196(t *testing.T) {
	expect(t, "196", ret(t, map[string]string{"OC2": "CHILD,SDQ_REASON\n1,SDQ2\n2,sdq2\n3,\n4,SDQ5\n5,SDQ6"}),
		map[string][]int{"OC2": {1, 4}})
}

func TestRule197B(t *testing.T) {
	oc2 := `CHILD,DOB,SDQ_SCORE,SDQ_REASON
1,31/03/2008,,
2,01/04/2020,,
2,31/03/2020,,
4,01/04/2021,,
4,09/09/2007,,
4,09/09/2007,10,
4,09/09/2007,,SDQ1
3,09/09/2007,,
99,09/09/2007,,
9,01/01/2015,,
4,01/04/2007,,`
	// 0 turns 17 on 31 March, 1 turned 4 on 1 April, 4 turned 17 in
	// September: none has a score or reason. 2 turned 4 the day before the
	// year and 3 turns 4 the day after it; 5 and 6 have one; 7 and 8 were
	// not looked after for 12 months; 9 turns 10. 10 turned 17 on 1 April,
	// the first day of the year: rule 189 forbids a score or reason for a
	// child 17 at the start of the year, so 197B leaves that day out.
	expect(t, "197B", ret(t, withEpisodesB(map[string]string{"OC2": oc2})), map[string][]int{"OC2": {0, 1, 4}})
	expect(t, "197B", ret(t, map[string]string{"OC2": oc2}), nil)
}

func TestRule197a(t *testing.T) {
	r := ret(t, map[string]string{"OC2": "CHILD,SDQ_SCORE,SDQ_REASON\n1,0,SDQ1\n2,,\n3,10,\n4,1,SDQ2\n5,,SDQ1"})
	expect(t, "197a", r, map[string][]int{"OC2": {0, 3}})
}

func TestRule198(t *testing.T) {
	oc2 := "CHILD,SDQ_REASON\n99,SDQ1\n1,\n2,SDQ2\n3,SDQ1\n10,\n8,SDQ4"
	expect(t, "198", ret(t, withEpisodesB(map[string]string{"OC2": oc2})), map[string][]int{"OC2": {0, 3, 5}})
	expect(t, "198", ret(t, map[string]string{"OC2": oc2}), nil)
}

func TestRule199(t *testing.T) {
	cur := map[string]string{"Episodes": `CHILD,DECOM,DEC,REC
104,19/07/2020,02/03/2021,E13
103,16/04/2020,,
103,16/04/2020,,oo
105,02/12/2021,03/12/2021,X1
105,03/12/2021,04/12/2021,E11
105,03/12/2022,04/12/2022,E11
105,12/12/2021,,
107,04/12/2021,,XXX
107,26/11/2017,04/12/2021,E12
108,01/01/2024,01/05/2024,E11
108,01/06/2024,,
109,01/01/2024,01/05/2024,E12
105,bad,,`}
	last := map[string]string{"Episodes": `CHILD,DECOM,DEC,REC
101,15/06/2016,20/12/2020,E11
102,08/10/2017,03/03/2018,E11
102,06/03/2018,12/08/2020,E4A
103,11/05/2015,07/04/2019,E12
104,26/11/2017,19/07/2020,E12
107,26/11/2017,,E12
108,01/01/2024,,
109,01/01/2024,01/05/2024,E12`}
	// This year alone: 105's episodes after its first adoption (5, 6), and
	// those after 107's (7) and 108's (10). An undated episode (12) is not
	// placed in the sequence.
	expect(t, "199", ret(t, cur), map[string][]int{"Episodes": {5, 6, 7, 10}})
	// Last year's adoptions of 103 and 104 fault all their episodes this
	// year. An adoption in both years' returns (107's, 109's) is one
	// episode, not a second adoption.
	expect(t, "199", ret2(t, cur, last), map[string][]int{"Episodes": {0, 1, 2, 5, 6, 7, 10}})
}
