package y2024

import "testing"

func TestRuleSW01STG1(t *testing.T) {
	eps := `CHILD,DEC,LS
c1,,C2
c2,,C2
c3,,C2
c4,,C2
c5,01/01/2025,C2
c6,,V4
c8,,C2
c9,,C2`
	r := ret(t, map[string]string{
		"Episodes": eps,
		"SWEpisodes": `CHILD,SW_ID,SW_DECOM,SW_REASON
c1,,01/01/2024,MANAGE
c2,SW1,,MANAGE
c3,SW1,01/01/2024,
c4,SW1,01/01/2024,OTHERS
c5,SW1,01/01/2024,
c6,SW1,01/01/2024,
c7,SW1,01/01/2024,
c9,SW1,,
c9,,01/01/2024,`,
	})
	// c1 has no ID, c2 no start, c8 no episode at all. c9 gives each item
	// in some episode; c5 left care; c6 is on short breaks.
	expect(t, "SW01STG1", r, map[string][]int{"Episodes": {0, 1, 6}})
	expect(t, "SW01STG1", ret(t, map[string]string{"Episodes": eps}), nil)
}

func TestRuleSW02STG1(t *testing.T) {
	r := ret(t, map[string]string{"SWEpisodes": "CHILD,SW_ID\n1,SW000\n2,XX000\n3,aa00\n4,xx000\n5,\n6,S"})
	expect(t, "SW02STG1", r, map[string][]int{"SWEpisodes": {2, 3, 4, 5}})
}

func TestRuleSW03STG1(t *testing.T) {
	r := ret(t, map[string]string{"SWEpisodes": `CHILD,SW_ID,SW_DECOM,SW_DEC,SW_REASON
1,,01/01/2024,02/01/2024,MANAGE
2,SW1,,02/01/2024,MANAGE
3,SW1,01/01/2024,02/01/2024,
4,SW1,01/01/2024,,MANAGE
5,SW1,01/01/2024,02/01/2024,MANAGE`})
	expect(t, "SW03STG1", r, map[string][]int{"SWEpisodes": {0, 1, 2}})
}

const swDatesF = `1,ZZ/ZZ/ZZZZ
2,01/01/2001
3,zz
4,01/01/ZZZZ
5,
6,31/02/2024
7,ZZ/13/2024
8,29/02/ZZZZ
9,1/2/2024`

func TestRuleSW04STG1(t *testing.T) {
	r := ret(t, map[string]string{"SWEpisodes": "CHILD,SW_DECOM\n" + swDatesF})
	expect(t, "SW04STG1", r, map[string][]int{"SWEpisodes": {2, 4, 5, 6}})
}

func TestRuleSW05STG1(t *testing.T) {
	// The end date may be blank (an open episode).
	r := ret(t, map[string]string{"SWEpisodes": "CHILD,SW_DEC\n" + swDatesF})
	expect(t, "SW05STG1", r, map[string][]int{"SWEpisodes": {2, 5, 6}})
}

func TestRuleSW06STG2(t *testing.T) {
	r := ret(t, map[string]string{"SWEpisodes": "CHILD,SW_DECOM\n1,01/04/2025\n2,31/03/2025\n3,01/01/2020\n4,\n5,junk"})
	expect(t, "SW06STG2", r, map[string][]int{"SWEpisodes": {0}})
}

func TestRuleSW07STG2(t *testing.T) {
	// The social worker reporting period is 1 April 2023 to 31 March 2025.
	r := ret(t, map[string]string{"SWEpisodes": "CHILD,SW_DEC\n1,01/04/2025\n2,31/03/2023\n3,01/04/2023\n4,31/03/2025\n5,\n6,junk"})
	expect(t, "SW07STG2", r, map[string][]int{"SWEpisodes": {0, 1}})
}

func TestRuleSW09STG2(t *testing.T) {
	r := ret(t, map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC
1,01/01/2024,01/01/2024
1,02/01/2024,01/01/2024
2,1/1/2024,01/01/2024
2,,01/01/2024
3,,
4,junk,junk`})
	expect(t, "SW09STG2", r, map[string][]int{"SWEpisodes": {0, 2, 5}})
}

func TestRuleSW108STG2(t *testing.T) {
	r := ret(t, map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC
111,01/06/2024,04/06/2024
111,05/06/2024,06/06/2024
222,05/06/2024,06/06/2024
333,06/06/2024,
333,07/06/2024,08/06/2024
444,08/06/2024,09/06/2024
444,15/06/2024,
6666,14/06/2024,
6666,12/06/2024,13/06/2024
6666,15/06/2024,16/06/2024
999,31/06/2024,
123,,`})
	// 333's and 6666's open episodes are followed by later ones (6666's rows
	// are out of order in the table); 444's open episode is its latest.
	expect(t, "SW108STG2", r, map[string][]int{"SWEpisodes": {3, 7}})
}

func TestRuleSW10STG2(t *testing.T) {
	r := ret(t, map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC,SW_REASON
1,01/01/2024,09/01/2024,MANAGE
1,02/01/2024,03/01/2024,MANAGE
2,01/01/2023,09/01/2024,MANAGE
2,01/01/2024,10/01/2024,MANAGE
3,10/01/2024,20/01/2024,MANAGE
3,10/01/2024,11/01/2024,MANAGE
3,18/01/2024,20/01/2024,MANAGE
3,30/01/2024,31/01/2024,MANAGE
6,01/01/2023,09/01/2024,MANAGE
6,01/01/2024,10/01/2024,FCONTA
7,01/01/2024,,MANAGE
7,01/02/2024,,MANAGE`})
	// Row 3 starts 8 days before the previous ended. Row 1 is within the
	// 7 days' tolerance; child 3's rows sort by start then end; a gap
	// (row 7) is not an overlap; FCONTA is exempt; 7's first episode has no
	// end to compare with.
	expect(t, "SW10STG2", r, map[string][]int{"SWEpisodes": {3}})
}

func TestRuleSW11STG2(t *testing.T) {
	r := ret(t, map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC
1,01/04/2024,10/06/2024
1,10/06/2024,
2,01/04/2024,10/06/2024
2,12/06/2024,
3,01/04/2024,31/03/2025
4,01/04/2024,10/06/2024
5,01/04/2024,10/06/2024
5,,
6,10/06/2024,
6,01/04/2024,10/06/2024`})
	// 2's next episode starts two days after the previous ended; 5's next
	// has no start. 3 ended on 31 March; 4's last episode has no successor
	// to check; 6's rows are out of order in the table.
	expect(t, "SW11STG2", r, map[string][]int{"SWEpisodes": {3, 7}})
}

func TestRuleSW12STG2(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DECOM,DEC,LS
1,01/01/2023,,C2
2,01/01/2023,,C2
3,01/01/2023,,V4
4,01/01/2023,,C2
5,01/06/2024,,C2
6,01/05/2024,01/07/2024,C2
6,01/09/2024,,C2
7,01/01/2023,01/01/2025,C2
8,01/01/2023,,C2`,
		"SWEpisodes": `CHILD,SW_DECOM
1,01/01/2023
4,01/06/2024
5,01/06/2024
6,01/08/2024
8,junk
8,01/04/2024`,
	})
	// 2 has no social worker episodes; 4's begin in June though she was in
	// care all year; 6's begin after her first episode of the year. 5 came
	// into care in June; 7 left care; 3 is on short breaks.
	expect(t, "SW12STG2", r, map[string][]int{"Episodes": {1, 3, 6}, "SWEpisodes": {1, 3}})
}

func TestRuleSW13STG1(t *testing.T) {
	r := ret(t, map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC,SW_REASON
1,01/04/2024,02/04/2024,OTHERS
2,01/04/2024,02/04/2024,
2,03/04/2024,04/04/2024,
3,03/04/2022,04/04/2024,
3,05/04/2024,06/04/2024,
4,05/04/2022,31/03/2024,
4,05/04/2024,,
5,01/05/2024,,LAZY
6,junk,,
7,01/01/2023,,`})
	// Only the first episode of the year may lack a reason: the one open
	// on 1 April (3, 7) or else the first to start (2, 4).
	expect(t, "SW13STG1", r, map[string][]int{"SWEpisodes": {2, 4, 5, 7, 8}})
}

func TestRuleSW14STG2(t *testing.T) {
	r := ret(t, map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC
1,01/01/2024,01/01/2024
1,02/01/2024,
2,01/01/2024,
2,02/01/2024,
3,01/01/2024,
4,02/02/2024,
4,01/03/2024,`})
	// Latest is by date, not by text: 4's latest is March.
	expect(t, "SW14STG2", r, map[string][]int{"SWEpisodes": {2, 5}})
}

func TestRuleSW15STG2(t *testing.T) {
	r := ret(t, map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_REASON
1,02/01/2024,
2,02/01/2023,
3,02/01/2024,OTHERS
4,01/04/2023,
5,junk,`})
	// Episodes starting before the reporting period (1 April 2023) are
	// exempt.
	expect(t, "SW15STG2", r, map[string][]int{"SWEpisodes": {0, 3, 4}})
}

func TestRuleSW16aSTG2(t *testing.T) {
	cur := map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC,SW_ID
c1,,01/01/2025,SW1
c2,01/01/2024,,SW1
c3,01/01/2024,,SW2
c3,02/01/2024,,SW2
c4,03/01/2024,04/01/2024,SW2
c5,05/05/2024,,SW7
c5,01/01/2024,,SW1`}
	last := map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC,SW_ID
c1,01/01/2024,,SW2
c1,02/01/2024,01/03/2024,SW1
c2,01/01/2024,,SW1
c3,01/01/2024,,SW1
c4,01/01/2024,02/01/2024,SW1
c5,01/01/2024,,SW1`}
	// c3's first episode has another worker than last year's open one. c1's
	// latest episode last year was closed, as was c4's; c5's first episode
	// this year is row 6.
	expect(t, "SW16aSTG2", ret2(t, cur, last), map[string][]int{"SWEpisodes": {2}})
	expect(t, "SW16aSTG2", ret(t, cur), nil)
}

func TestRuleSW16bSTG2(t *testing.T) {
	cur := map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC
c1,,01/01/2025
c2,01/01/2024,
c3,02/01/2024,03/01/2024
c3,03/01/2024,
c4,01/01/2024,04/01/2024
c5,01/01/2024,`}
	last := map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC
c1,01/01/2024,
c1,02/01/2024,01/03/2024
c2,01/01/2024,
c3,01/01/2024,
c4,01/01/2024,
c5,1/1/2024,`}
	// c3 restarts the open episode on another date; c5 writes the same date
	// differently.
	expect(t, "SW16bSTG2", ret2(t, cur, last), map[string][]int{"SWEpisodes": {2}})
	expect(t, "SW16bSTG2", ret(t, cur), nil)
}

func TestRuleSW16cSTG2(t *testing.T) {
	cur := map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC,SW_REASON
c1,,01/01/2025,OTHERS
c2,01/01/2024,,OTHERS
c3,01/01/2024,,FCONTA
c3,02/01/2024,,FCONTA
c4,03/01/2024,04/01/2024,FCONTA
c6,01/01/2024,,`}
	last := map[string]string{"SWEpisodes": `CHILD,SW_DECOM,SW_DEC,SW_REASON
c1,01/01/2024,,OTHERS
c1,02/01/2024,01/03/2024,OTHERS
c2,01/01/2024,,OTHERS
c3,01/01/2024,,OTHERS
c4,01/01/2024,02/01/2024,OTHERS
c6,01/01/2024,,`}
	// c6's reason is blank in both years, which matches.
	expect(t, "SW16cSTG2", ret2(t, cur, last), map[string][]int{"SWEpisodes": {2}})
	expect(t, "SW16cSTG2", ret(t, cur), nil)
}
