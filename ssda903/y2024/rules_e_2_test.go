package y2024

import "testing"

func TestRule551(t *testing.T) {
	eps := `CHILD,PLACE
0,x
A,A3
B,A4
C,A5
D,A6
E,A3
F,A4
G,x
H,A3
I,A5`
	r := ret(t, map[string]string{
		"Episodes": eps,
		"PlacedAdoption": `CHILD,DATE_PLACED
A,
B,
C,
D,
E,01/01/2024
F,15/04/2024
G,
H,28th Jan 1930`,
	})
	// A–D have a blank date and I has no record; H's date is malformed but
	// present, which other rules report.
	expect(t, "551", r, map[string][]int{"Episodes": {1, 2, 3, 4, 9}})
	// Without the placed-for-adoption table the rule says nothing.
	expect(t, "551", ret(t, map[string]string{"Episodes": eps}), nil)
}

func TestRule552(t *testing.T) {
	r := ret(t, map[string]string{
		"PlacedAdoption": `CHILD,DATE_PLACED
104,08/03/2024
105,22/06/2024
107,13/10/2024
108,24/10/2024
109,
110,
111,baddate/2024
112,01/01/2024
112,01/06/2024`,
		"Episodes": `CHILD,DECOM,PLACE
104,08/03/2024,A3
105,22/07/2024,A4
107,13/10/2023,A6
108,22/06/2024,D5
109,26/05/2024,A3
110,,A5
111,01/02/2024,A4
112,01/03/2024,A5
112,01/07/2024,A5`,
	})
	// 107 was placed before the decision; 112's latest decision (June)
	// came after its first adoption placement (March).
	expect(t, "552", r, map[string][]int{"PlacedAdoption": {2, 8}, "Episodes": {2, 7}})
}

func TestRule553(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,LS,DEC,PLACE
111,E1,01/06/2024,T3
222,E1,05/06/2024,P3
333,T1,06/06/2024,T3
444,E1,,T3
555,E1,,T3
777,E1,,T3
888,C2,,T3`,
		"PlacedAdoption": `CHILD,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED
111,01/06/2024,01/06/2024,A
222,01/06/2024,01/06/2024,
333,01/06/2024,01/06/2024,A
123,01/06/2024,01/06/2024,A
555,01/06/2024,,A
777,,01/06/2024,
888,01/06/2024,01/06/2024,A`,
	})
	// 444 has no decision; open E1 episodes of 555 and 777 have a ceased
	// decision; 111 and 222's E1 episodes have ended.
	expect(t, "553", r, map[string][]int{"Episodes": {3}, "PlacedAdoption": {4, 5}})
}

func TestRule555(t *testing.T) {
	eps := `CHILD,LS,DEC,PLACE
111,E1,01/06/2024,T3
222,D1,05/06/2024,P3
333,D1,06/06/2024,T3
444,D1,,T3
555,D1,,T3
666,D1,,T3`
	r := ret(t, map[string]string{
		"Episodes": eps,
		"PlacedAdoption": `CHILD,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED
111,01/06/2024,01/06/2024,A
222,01/06/2024,01/06/2024,A
333,01/06/2024,01/06/2024,A
666,01/06/2024,,A
123,01/06/2024,01/06/2024,A
984,,01/06/2024,A`,
	})
	expect(t, "555", r, map[string][]int{"Episodes": {3, 4}, "PlacedAdoption": {3}})
	expect(t, "555", ret(t, map[string]string{"Episodes": eps}), nil)
}

func TestRule554(t *testing.T) {
	r := ret(t, map[string]string{
		"PlacedAdoption": `CHILD,DATE_PLACED
101,26/05/2024
102,
103,26/05/2023
104,22/01/2024
105,11/01/2024
106,01/01/2024`,
		"Episodes": `CHILD,DECOM,LS
101,01/01/2024,E1
101,11/01/2024,T1
101,22/01/2024,E1
102,11/01/2024,A4
102,01/01/2024,U1
103,01/01/2023,U1
103,22/07/2023,E1
104,01/02/2016,E1
104,11/01/2024,X1
105,11/01/2024,E1
105,01/01/2024,
106,,E1`,
	})
	// 101's first E1 episode (January) preceded the May decision; so did
	// 104's; 105's decision is on the day; 106's E1 episode is undated.
	expect(t, "554", r, map[string][]int{"Episodes": {0, 7}, "PlacedAdoption": {0, 3}})
}

func TestRule556(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,LS,DECOM
A,C1,
B,D1,15/03/2024
C,D1,15/03/2024
D,D1,15/03/2024
D,D1,15/05/2024
E,D1,`,
		"PlacedAdoption": `CHILD,DATE_PLACED
A,
B,15/04/2024
C,15/02/2024
D,15/04/2024
E,15/04/2024`,
	})
	// D's March D1 episode preceded the decision, its May one did not.
	expect(t, "556", r, map[string][]int{"Episodes": {1, 3}})
}

func TestRule557(t *testing.T) {
	eps := `CHILD,PLACE,LS,REC
11,A3,x,x
202,x,E1,x
3003,A4,E1,E12
40004,x,E1,EEE
5005,A5,x,x
606,A6,x,x
77,x,x,x
8,A6,x,X1
9,A6,x,
10,A3,C2,E11`
	r := ret(t, map[string]string{
		"Episodes": eps,
		"PlacedAdoption": `CHILD,DATE_PLACED_CEASED,REASON_PLACED_CEASED
11,,
202,01/02/2024,invalid dont matter
3003,,
40004,,
606,01/02/2024,
10,,`,
	})
	// 11, 40004 and 606 left care, not adopted, with the decision not
	// ceased in full; 5005 has no decision at all. 3003 and 10 were adopted,
	// 8 did not leave care, 9's reason is blank.
	expect(t, "557", r, map[string][]int{"Episodes": {0, 3, 4, 5}, "PlacedAdoption": {0, 3, 4}})
	expect(t, "557", ret(t, map[string]string{"Episodes": eps}), nil)
}

func TestRule558(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,REC
0,x
A,E11
B,E12
C,E11
D,E12
E,E11
F,E2`,
		"PlacedAdoption": `CHILD,DATE_PLACED_CEASED
A,
B,01/01/2024
C,01/01/2023
C,
D,01/01/2023
D,02/02/2024
F,01/01/2024`,
	})
	// B and D were adopted yet every decision of theirs has ceased; C's
	// earlier decision ceased but its latest is open; E has no decision
	// recorded; F was not adopted.
	expect(t, "558", r, map[string][]int{"Episodes": {2, 4}})
}

func TestRule559(t *testing.T) {
	cur := map[string]string{"PlacedAdoption": `CHILD,DATE_PLACED
101,26/05/2024
102,26/05/2023
103,
104,01/02/2016
105,26/05/2023
106,31/03/2024
107,01/04/2024`}
	last := map[string]string{"PlacedAdoption": `CHILD,DATE_PLACED
101,26/05/2000
102,26/05/2023
103,26/05/2000
104,01/02/2016
105,`}
	// 105's decision predates the year but last year's record has no date;
	// 106's was not reported last year; 107's falls in this year.
	expect(t, "559", ret2(t, cur, last), map[string][]int{"PlacedAdoption": {4, 5}})
	expect(t, "559", ret(t, cur), nil)
}

func TestRule560(t *testing.T) {
	cur := map[string]string{"PlacedAdoption": `CHILD,DATE_PLACED_CEASED,DATE_PLACED
101,26/05/2024,26/05/2023
102,01/07/2024,26/05/2020
103,26/05/2024,
104,26/05/2023,01/02/2016
105,,27/05/2023
106,,1/2/2023
107,01/02/2024,01/02/2023
107,,01/12/2024`}
	last := map[string]string{"PlacedAdoption": `CHILD,DATE_PLACED_CEASED,DATE_PLACED
101,,26/05/2020
102,01/07/2023,26/05/2020
103,26/05/2023,
104,26/05/2023,01/02/2016
105,,26/05/2023
106,,01/02/2023
107,,01/02/2023`}
	// 101 and 105 change the date of a decision open last year; 106's is
	// the same date written differently; 107 carries last year's decision
	// over (now ceased) beside a new one.
	expect(t, "560", ret2(t, cur, last), map[string][]int{"PlacedAdoption": {0, 4}})
	expect(t, "560", ret(t, cur), nil)
}

func TestRule561(t *testing.T) {
	cur := map[string]string{"PlacedAdoption": `CHILD,DATE_PLACED_CEASED,DATE_PLACED,REASON_PLACED_CEASED
101,26/05/2024,26/05/2023,xx
102,01/07/2023,26/05/2020,xx
103,26/05/2024,,xx
104,26/05/2023,01/02/2016,xx
106,,26/05/2029,xx
105,,26/05/2023,`}
	last := map[string]string{"PlacedAdoption": `CHILD,DATE_PLACED_CEASED,DATE_PLACED,REASON_PLACED_CEASED
101,,26/05/2023,xx
102,01/07/2023,26/05/2020,xx
103,26/05/2023,,xx
104,26/05/2023,01/02/2016,xx
105,,26/05/2023,
106,xx,01/07/2023,xx`}
	// 101, 102 and 104 report again a decision that ceased last year; 103
	// has no date; 105's decision was open; 106's dates differ.
	expect(t, "561", ret2(t, cur, last), map[string][]int{"PlacedAdoption": {0, 1, 3}})
	expect(t, "561", ret(t, cur), nil)
}

func TestRule563(t *testing.T) {
	r := ret(t, map[string]string{"PlacedAdoption": `CHILD,DATE_PLACED_CEASED,REASON_PLACED_CEASED,DATE_PLACED
11,,,26/05/2024
202,01/02/2025,invalid dont matter,26/05/2024
3003,,,26/05/2024
40004,26/05/2024,some sample reason,
606,01/01/2025,,
707,,RD1,`})
	expect(t, "563", r, map[string][]int{"PlacedAdoption": {3}})
}

func TestRule579(t *testing.T) {
	r := ret(t, map[string]string{"PlacedAdoption": `CHILD,DATE_PLACED,DATE_PLACED_CEASED
111,01/06/2024,05/06/2024
111,04/06/2024,
222,03/06/2024,04/06/2024
222,04/06/2024,
222,07/06/2024,09/06/2024
333,03/06/2024,09/06/2024
333,02/06/2024,04/06/2024
555,,05/06/2024
555,,05/06/2024
666,01/01/2024,bad
666,01/02/2024,`})
	// 111's second decision began before the first ceased; 222's third
	// began while the second was open; 333's rows are out of order and
	// overlap; a malformed ceased date counts as still open (666).
	expect(t, "579", r, map[string][]int{"PlacedAdoption": {1, 4, 5, 10}})
}

func TestRule582(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,REC,DEC
0,x,01/01/2024
A,E11,01/01/2024
B,E12,01/01/2024
H,E11,01/01/2024
I,A3,01/01/2024
J,E12,2/1/2024
K,E12,`,
		"AD1": `CHILD,DATE_MATCH
A,
B,02/01/2024
H,01/01/2024
I,01/01/2024
J,02/01/2024
K,`,
	})
	expect(t, "582", r, map[string][]int{"Episodes": {3, 5}})
}

func TestRule583(t *testing.T) {
	r := ret(t, map[string]string{"PlacedAdoption": `CHILD,DATE_PLACED,DATE_PLACED_CEASED
child1,01/02/2024,02/02/2024
child1,03/02/2024,04/02/2024
child2,01/02/2024,
child2,02/02/2024,
child3,01/02/2024,02/02/2024
child3,03/02/2024,
child4,01/02/2024,02/02/2024
child4,01/01/2024,
child5,01/01/2024,
child6,01/12/2024,
child6,01/02/2024,02/02/2024`})
	// child2 has two open decisions; child4's open one is not its latest.
	expect(t, "583", r, map[string][]int{"PlacedAdoption": {2, 3, 7}})
}

func TestRule584(t *testing.T) {
	cur := map[string]string{"PlacedAdoption": `CHILD,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED
child1,01/02/2023,01/02/2023,xx
child2,01/02/2023,01/02/2024,xx
child3,01/02/2023,01/02/2023,xx
child4,01/02/2023,,
child5,01/02/2024,01/02/2024,
child6,01/02/2023,01/02/2024,XX
child7,,01/02/2024,XX
child8,01/02/2023,,`}
	last := map[string]string{"PlacedAdoption": `CHILD,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED
child1,01/02/2024,01/02/2024,xx
child2,01/02/2024,,xx
child3,01/02/2024,01/02/2024,
child4,01/02/2023,01/02/2023,xx
child5,01/02/2023,02/02/2023,xx
child6,,01/02/2023,xx
child7,01/01/2023,01/02/2023,xx
child8,01/01/2023,,`}
	// After a ceased decision last year, a decision dated on or before it
	// (child1–4) or undated (child7) is wrong; child5's is later, child6's
	// earlier decision had no date, child8's was not ceased.
	expect(t, "584", ret2(t, cur, last), map[string][]int{"PlacedAdoption": {0, 1, 2, 3, 6}})
	expect(t, "584", ret(t, cur), nil)
}

func TestRule562(t *testing.T) {
	cur := map[string]string{"Episodes": `CHILD,DECOM
111,15/03/2024
111,05/06/2024
222,13/03/2024
222,08/06/2024
222,05/06/2024
333,01/01/2024
444,01/05/2024
555,01/01/2024
666,20/03/2024
666,bad`}
	last := map[string]string{"Episodes": `CHILD,DECOM
111,01/06/2023
111,05/06/2023
111,15/03/2024
222,01/02/2024
222,11/03/2024
333,06/06/2023
666,20/03/2024
666,`}
	// 222 and 333 began this year's first episode before 1 April on a date
	// that is not last year's latest episode; 555 is not in last year's
	// return at all; 444 started this year.
	expect(t, "562", ret2(t, cur, last), map[string][]int{"Episodes": {2, 5, 7}})
	expect(t, "562", ret(t, cur), nil)
}
