package y2024

import "testing"

func TestRule564(t *testing.T) {
	r := ret(t, map[string]string{"Missing": `MISSING,MIS_START
M,
A,07/02/2024
A,03/02/2024
,
m,
a,bad
X,`})
	expect(t, "564", r, map[string][]int{"Missing": {0, 4}})
}

func TestRule565(t *testing.T) {
	r := ret(t, map[string]string{"Missing": `MISSING,MIS_START
M,
,07/02/2024
A,03/02/2024
,
M,
,bad`})
	expect(t, "565", r, map[string][]int{"Missing": {1, 5}})
}

func TestRule566(t *testing.T) {
	r := ret(t, map[string]string{"Missing": `MISSING,MIS_END
M,
,07/02/2024
A,03/02/2024
,
M,01/02/2024
,13/02/2024`})
	expect(t, "566", r, map[string][]int{"Missing": {1, 5}})
}

func TestRule567(t *testing.T) {
	r := ret(t, map[string]string{"Missing": `MIS_START,MIS_END
01/06/2024,05/06/2024
02/06/2024,
03/06/2024,01/06/2024
04/06/2024,02/06/2024
,05/06/2024
05/06/2024,05/06/2024
bad,01/01/2024`})
	expect(t, "567", r, map[string][]int{"Missing": {2, 3}})
}

func TestRule570(t *testing.T) {
	r := ret(t, map[string]string{"Missing": `MIS_START
08/04/2025
22/06/2025
` + "\"\"" + `
13/10/2005
31/03/2025
01/04/2025
bad`})
	expect(t, "570", r, map[string][]int{"Missing": {0, 1, 5}})
}

func TestRule571(t *testing.T) {
	r := ret(t, map[string]string{"Missing": `MIS_START,MIS_END
08/03/2024,08/03/2024
22/06/2024,
,22/06/2024
13/10/2024,13/10/24
01/03/2024,01/04/2024
01/03/2025,31/03/2025
01/03/2025,01/04/2025
01/03/2024,31/03/2024`})
	// Ends before 1 April 2024 or after 31 March 2025; 13/10/24 is not a
	// dd/mm/yyyy date.
	expect(t, "571", r, map[string][]int{"Missing": {0, 6, 7}})
}

func TestRule574(t *testing.T) {
	r := ret(t, map[string]string{"Missing": `CHILD,MIS_START,MIS_END
111,01/06/2024,05/06/2024
111,04/06/2024,
222,03/06/2024,04/06/2024
222,04/06/2024,
222,07/06/2024,09/06/2024
333,02/06/2024,04/06/2024
333,03/06/2024,09/06/2024
444,06/06/2024,08/06/2024
444,10/06/2024,10/06/2024
444,08/06/2024,10/08/2024
555,,05/06/2024
555,,05/06/2024
666,01/06/2024,03/06/2024
666,10/06/2024,`})
	// 111: a period after one still open; 222: the third begins while the
	// second is open; 333 and 444 overlap; 666 opens a period after the
	// last closed.
	expect(t, "574", r, map[string][]int{"Missing": {0, 4, 6, 9}})
}

func TestRule575(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DECOM,DEC
111,01/06/2024,10/06/2024
123,08/06/2024,10/06/2024
222,05/06/2024,10/06/2024
333,06/06/2024,
333,07/06/2024,10/06/2024
444,08/06/2024,10/06/2024
444,08/06/2024,
555,01/06/2024,10/06/2024`,
		"Missing": `CHILD,MIS_START,MIS_END
111,01/06/2024,05/06/2024
123,08/06/2024,
222,05/06/2024,05/06/2024
333,06/06/2024,
444,08/06/2024,05/06/2024
444,09/06/2024,
444,19/06/2024,
555,,`,
	})
	// 123's and 444's open periods began within an episode that has ended;
	// 333's began in its open episode, 444's last after its episodes.
	expect(t, "575", r, map[string][]int{"Missing": {1, 5}})
}

func TestRule576(t *testing.T) {
	cur := map[string]string{"Missing": `CHILD,MIS_START
111,07/02/2024
222,08/02/2024
333,03/02/2024
444,
555,01/02/2024
666,13/02/2024
777,10/05/2024
777,01/02/2024
888,10/05/2024`}
	last := map[string]string{"Missing": `CHILD,MIS_START,MIS_END
111,07/02/2024,07/02/2024
222,07/02/2024,
333,03/02/2024,07/02/2024
444,07/02/2024,
555,01/02/2024,
666,13/02/2024,07/02/2024
777,01/02/2024,
888,01/03/2024,
888,01/01/2024,02/01/2024`}
	// 222 and 888 start this year on another date than last year's open
	// period; 444's first period is undated; 777's earliest period (the
	// second row) matches.
	expect(t, "576", ret2(t, cur, last), map[string][]int{"Missing": {1, 3, 8}})
	expect(t, "576", ret(t, cur), nil)
}

func TestRule577(t *testing.T) {
	r := ret(t, map[string]string{
		"Missing": `CHILD,MIS_START,MIS_END
1,01/01/2021,
2,01/01/2021,02/06/2024
3,01/01/2021,03/06/2026
3,01/01/2021,03/06/2024
4,01/01/2021,04/06/2024
5,01/01/2021,01/01/2022
5,01/01/2021,01/01/2024
6,01/01/2021,01/01/2021
7,,01/01/2021
8,01/01/2021,
9,01/01/2024,
9,01/01/2025,
9,04/06/2024,04/06/2025
99,01/01/2024,`,
		"Episodes": `CHILD,DECOM,DEC
1,01/04/2017,31/03/2021
2,01/04/2019,30/03/2021
88,01/05/2020,01/01/2021
3,01/04/2020,01/01/2021
3,01/04/2024,01/01/2025
3,01/01/2025,05/10/2025
4,01/04/2021,
5,01/04/2018,01/01/2021
5,01/01/2021,01/01/2023
5,01/04/2023,04/06/2024
6,01/04/2023,04/06/2024
7,01/04/2023,04/06/2024
8,01/04/2023,04/06/2024
9,01/01/2024,04/06/2024
9,04/06/2024,11/08/2024
9,11/08/2024,01/12/2024
9,22/12/2024,25/12/2024
9,01/01/2025,22/02/2025
9,22/02/2025,08/08/2025
9,08/08/2025,`,
	})
	// Each missing period must sit in one of the child's periods of care,
	// and be closed if that period is: 1 and 8 stay open after care ended;
	// 2 and 3's first end after their periods of care; 6 ends before any
	// began; 9's first starts before the open period of care and is open;
	// 99 has no episodes.
	expect(t, "577", r, map[string][]int{"Missing": {0, 1, 2, 7, 9, 10}})
}

func TestRule578(t *testing.T) {
	r := ret(t, map[string]string{
		"Missing": `CHILD,MIS_START
1,01/06/2024
2,02/06/2024
3,03/06/2026
3,03/06/2024
4,04/06/2024
5,01/01/2022
5,01/01/2024
6,01/01/2021
77,01/01/2021
8888,01/01/2049
5,`,
		"Episodes": `CHILD,DECOM,DEC
1,01/04/2017,31/03/2021
2,01/04/2019,30/03/2021
88,01/05/2020,01/01/2021
3,01/04/2020,01/01/2021
3,01/04/2024,01/01/2025
3,01/01/2025,05/10/2025
4,01/04/2021,
5,01/04/2018,01/01/2021
5,01/01/2021,01/01/2023
5,01/04/2023,04/06/2024
6,01/04/2023,04/06/2024
8888,01/04/2023,04/06/2024
8888,04/06/2024,`,
	})
	// 1 and 2 went missing after leaving care; 3's first after both its
	// periods of care; 6 before its care began; 8888's care is still open.
	expect(t, "578", r, map[string][]int{"Missing": {0, 1, 2, 7}})
}

func TestRule580(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DEC,REC
111,01/06/2024,E7
123,08/06/2024,E7
222,05/06/2024,E8
333,06/06/2024,E5
444,07/06/2024,E8
555,19/06/2024,E4A
777,19/06/2024,E4A
888,28/02/2026,E7
999,20/06/2024,E7`,
		"Missing": `CHILD,MISSING,MIS_END,DOB
111,M,01/06/2024,01/06/2006
123,M,08/06/2024,08/06/2006
222,M,05/06/2024,05/06/2006
333,M,06/06/2024,06/06/2006
444,M,08/06/2024,08/06/2006
444,M,09/06/2024,09/06/2006
555,M,19/06/2024,19/06/2006
777,A,19/06/2024,19/06/2006
888,M,28/02/2026,29/02/2008
999,M,20/06/2024,19/06/2006`,
	})
	// Missing until the 18th birthday, the day care ceased, without E8;
	// 888 was born on 29 February so turned 18 on 28 February; 999's period
	// ended the day after the birthday.
	expect(t, "580", r, map[string][]int{"Episodes": {0, 1, 3, 5, 6, 7}})
}

func TestRule581(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DECOM,DEC
111,01/06/2024,10/06/2024
123,08/06/2024,10/06/2024
222,06/06/2024,10/06/2024
333,06/06/2024,
333,07/06/2024,10/06/2024
444,08/06/2024,10/06/2024
444,12/06/2024,
555,15/06/2024,20/06/2024
666,bad,`,
		"Missing": `CHILD,MIS_START,MIS_END
111,01/06/2024,05/06/2024
123,08/06/2024,
222,05/06/2024,05/06/2024
333,12/06/2024,
444,08/06/2024,05/06/2024
444,11/06/2024,11/06/2024
444,19/06/2024,05/06/2024
555,21/06/2024,21/06/2024
555,,
666,01/07/2024,
777,01/07/2024,`,
	})
	// Missing before (222), between (444) or after (555) episodes; 666's
	// only episode is undated; 777 has no episodes.
	expect(t, "581", r, map[string][]int{"Missing": {2, 5, 7, 9}})
}

func TestRule586(t *testing.T) {
	r := ret(t, map[string]string{"Missing": `DOB,MIS_START
01/02/2020,
02/02/2020,07/02/2020
04/02/2020,03/02/2020
06/02/2020,
07/02/2020,01/02/2020
08/02/2020,13/02/2020
09/02/2020,09/02/2020
,01/01/2020`})
	expect(t, "586", r, map[string][]int{"Missing": {2, 4, 6}})
}
