package y2022

import "testing"

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
