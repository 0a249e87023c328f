package y2024

import "testing"

func TestRule1004(t *testing.T) {
	r := ret(t, map[string]string{"Missing": "CHILD,MIS_START\n1,08/03/2024\n2,22/06/2024\n3,\n4,1/2/2025\n5,10/24/2024\n6,2024-06-01"})
	expect(t, "1004", r, map[string][]int{"Missing": {2, 4, 5}})
}

func TestRule1005(t *testing.T) {
	r := ret(t, map[string]string{"Missing": "CHILD,MIS_END\n1,08/03/2024\n2,\n3,22/06/2024\n4,13/10/24\n5,31/02/2025"})
	expect(t, "1005", r, map[string][]int{"Missing": {3, 4}})
}

func TestRule1006(t *testing.T) {
	r := ret(t, map[string]string{"Missing": "CHILD,MISSING\n1,M\n2,A\n3,AWAY\n4,NA\n5,\n6,m"})
	expect(t, "1006", r, map[string][]int{"Missing": {2, 3, 5}})
}

func TestRule1009(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": "CHILD,REASON_PLACE_CHANGE\n1,CARPL\n2,OTHER\n3,other\n4,NA\n5,\n6,CUSTOD\n7,LAREQ"})
	expect(t, "1009", r, map[string][]int{"Episodes": {2, 3}})
}

func TestRule104(t *testing.T) {
	// The year starts 01/04/2024: a cessation before it is faulted, on it is not.
	r := ret(t, map[string]string{"UASC": `CHILD,DUC
1,01/03/2024
2,19/02/2025
3,03/04/2024
4,01/01/2024
5,
6,INVALID/DATE/2077
7,01/04/2024`})
	expect(t, "104", r, map[string][]int{"UASC": {0, 3, 5}})
}

func TestRule105(t *testing.T) {
	// A CSV return's header has no UASC flag: nothing to check.
	expect(t, "105", ret(t, map[string]string{"Header": "CHILD,SEX\n1,M"}), nil)
	r := ret(t, map[string]string{"Header": "CHILD,UASC\n1,0\n2,1\n3,\n4,2\n5,Y\n6,1.0"})
	expect(t, "105", r, map[string][]int{"Header": {2, 3, 4}})
}

// dateRowsA is a column of dates for the plain date-validity rules: valid,
// valid, impossible day, two-digit year, blank.
const dateRowsA = "\n1,01/01/2021\n2,19/02/2010\n3,38/04/2019\n4,01/01/19\n5,"

func TestRule112(t *testing.T) {
	expect(t, "112", ret(t, map[string]string{"AD1": "CHILD,DATE_INT" + dateRowsA}), map[string][]int{"AD1": {2, 3}})
}

func TestRule113(t *testing.T) {
	expect(t, "113", ret(t, map[string]string{"AD1": "CHILD,DATE_MATCH" + dateRowsA}), map[string][]int{"AD1": {2, 3}})
}

func TestRule114(t *testing.T) {
	r := ret(t, map[string]string{"AD1": "CHILD,FOSTER_CARE\n1,0\n2,1\n3,2\n4,former foster carer\n5,\n6,00"})
	expect(t, "114", r, map[string][]int{"AD1": {2, 3, 5}})
}

func TestRule115(t *testing.T) {
	r := ret(t, map[string]string{"PlacedAdoption": "CHILD,DATE_PLACED" + dateRowsA})
	expect(t, "115", r, map[string][]int{"PlacedAdoption": {2, 3}})
}

func TestRule116(t *testing.T) {
	r := ret(t, map[string]string{"PlacedAdoption": "CHILD,DATE_PLACED_CEASED" + dateRowsA})
	expect(t, "116", r, map[string][]int{"PlacedAdoption": {2, 3}})
}

func TestRule117(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DECOM,DEC,REC
101,01/01/2016,01/01/2016,E45
102,01/01/2017,01/01/2017,A3
102,03/01/2025,03/01/2025,E46
103,01/01/2018,01/01/2018,X2
104,10/01/2009,10/01/2009,E11
104,11/02/2017,11/02/2017,X1
105,25/01/2009,25/01/2009,E47
105,,,E45
106,01/06/2024,,`,
		"PlacedAdoption": `CHILD,DATE_PLACED,DATE_PLACED_CEASED
101,26/05/2007,26/05/2007
102,26/05/2007,01/07/2025
103,,26/05/2007
104,01/02/2008,26/05/2024
105,26/05/2025,
106,01/07/2024,
107,01/05/2025,
101,31/13/2024,
101,01/01/2016,`,
	})
	// 102: ceased decision after the year (its latest episode is named);
	// 104: after its latest episode that is not X1 ended; 105: placed after
	// the year (the undated episode is ignored); 107 has no episode but is
	// still after the year. 106's episode is open; 101's last row is on the
	// day care ended, which is allowed.
	expect(t, "117", r, map[string][]int{"Episodes": {2, 4, 6}, "PlacedAdoption": {1, 3, 4, 6}})
}

func TestRule118(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DECOM,LS
101,01/01/2023,L1
102,01/01/2025,V3
102,20/12/2024,C2
102,03/01/2025,L1
103,01/01/2023,C2
104,01/01/2023,C2
105,01/05/2024,V4
106,,C2`,
		"PlacedAdoption": `CHILD,DATE_PLACED_CEASED
101,08/03/2024
102,22/06/2024
103,13/10/2024
104,
105,01/06/2024
105,01/03/2024
103,bad
102,20/12/2024
106,01/05/2024`,
	})
	// 101: before the year; 102: before its first non-respite episode (the
	// V3 episode is ignored); 105's only episode is respite, but 01/03/2024
	// is still before the year. Same-day decisions are allowed.
	expect(t, "118", r, map[string][]int{"Episodes": {0, 2}, "PlacedAdoption": {0, 1, 5}})
}

func TestRule119(t *testing.T) {
	r := ret(t, map[string]string{"PlacedAdoption": `CHILD,DATE_PLACED_CEASED,REASON_PLACED_CEASED
1,22/11/2024,RD1
2,08/05/2024,
3,,RD2
4,,
5,not a date,RD3`})
	expect(t, "119", r, map[string][]int{"PlacedAdoption": {1, 2}})
}

func TestRule120(t *testing.T) {
	r := ret(t, map[string]string{"PlacedAdoption": "CHILD,REASON_PLACED_CEASED\n1,rd1\n2,RD0\n3,1\n4,RD1\n5,\n6,RD4\n7,RD5"})
	expect(t, "120", r, map[string][]int{"PlacedAdoption": {0, 1, 2, 6}})
}
