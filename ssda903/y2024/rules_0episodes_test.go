package y2024

import "testing"

func TestRule141(t *testing.T) {
	expect(t, "141", ret(t, map[string]string{"Episodes": "CHILD,DECOM\n1,01/04/2024\n2,\n3,32/01/2024"}),
		map[string][]int{"Episodes": {1, 2}})
}

func TestRule1003(t *testing.T) {
	r := ret(t, map[string]string{
		"Episodes": `CHILD,DECOM,RNE
101,01/03/1980,S
102,01/03/1980,o
102,01/03/1980,S
103,01/02/1970,o
103,01/03/1979,S
103,01/01/1981,S
104,01/03/1979,o
105,01/01/1981,S`,
		"PlacedAdoption": `CHILD,DATE_PLACED
101,26/05/1978
102,
103,26/05/1970
104,01/02/1960
105,26/05/2019`,
	})
	// 101 and 103 were placed before their first S episode; 102 has no date,
	// 104 no S episode, 105 was placed after.
	expect(t, "1003", r, map[string][]int{"Episodes": {0, 4}, "PlacedAdoption": {0, 2}})
}
