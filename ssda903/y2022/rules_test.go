package y2022

import (
	"testing"

	"github.com/sightline-uk/sightline/ssda903/onspd"
)

func TestRule222(t *testing.T) {
	r := ret(t, map[string]string{"Episodes": `CHILD,PLACE,URN
1,H5,1234567
2,P2,1234567
3,R1,XXXXXXX
4,H5,XXXXXXX
5,U1,7654321
6,K2,7654321
7,P1,`})
	// H5 needed no URN in 2022/23.
	expect(t, "222", r, map[string][]int{"Episodes": {0, 1}})
}

func TestRule370(t *testing.T) {
	r := ret(t, map[string]string{
		"Header": "CHILD,DOB\na,15/03/2000\nb,15/03/2000\nc,01/01/2007",
		"Episodes": `CHILD,DECOM,PLACE
a,15/03/2015,P2
b,14/03/2015,P2
c,01/06/2022,P2
c,01/06/2020,H5`})
	// c at 15 passes in 2022/23 (2023/24 wants 16).
	expect(t, "370", r, map[string][]int{"Episodes": {1}})
}

func TestRule371(t *testing.T) {
	r := ret(t, map[string]string{
		"Header": "CHILD,DOB\na,15/03/2000\nb,15/03/2000\nc,01/01/2008",
		"Episodes": `CHILD,DECOM,PLACE
a,15/03/2014,H5
b,14/03/2014,H5
c,01/06/2022,H5
c,01/06/2020,H5`})
	// c at 14 passes in 2022/23 (2023/24 wants 16); at 12 it does not.
	expect(t, "371", r, map[string][]int{"Episodes": {1, 3}})
}

func TestRule218(t *testing.T) {
	d, err := onspd.FromRows([]onspd.Row{
		{Postcode: "B1 1BB", East: 406700, North: 286700, District: "E08000025"},
		{Postcode: "CF10 1EP", East: 318396, North: 176276, District: "W06000015"},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := ret(t, map[string]string{"Episodes": `CHILD,PLACE,DEC,URN,PL_POST
0,K2,,,B1 1BB
1,H5,,,B1 1BB
2,P2,,,B1 1BB
3,K2,31/03/2022,,B1 1BB
4,K2,01/04/2022,,B1 1BB
5,K2,,,CF10 1EP
6,K2,,SC123456,B1 1BB
7,R1,,,B1 1BB`})
	r.PostcodeDirectory = d
	// 2022/23 exempts H5 and P2 as well (1, 2); 3 ended before the year, 5
	// is in Wales, 6 has a URN, 7 needs none.
	expect(t, "218", r, map[string][]int{"Episodes": {0, 4}})
}
