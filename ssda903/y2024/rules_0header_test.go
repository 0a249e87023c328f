package y2024

import "testing"

func TestRule101(t *testing.T) {
	expect(t, "101", ret(t, map[string]string{"Header": "CHILD,SEX\n1,M\n2,F\n3,U\n4,1\n5,X\n6,"}),
		map[string][]int{"Header": {3, 4, 5}})
}

func TestRule102(t *testing.T) {
	expect(t, "102", ret(t, map[string]string{"Header": "CHILD,DOB\n1,01/02/2010\n2,31/02/2010\n3,2010-02-01\n4,\n5,1/2/2010"}),
		map[string][]int{"Header": {1, 2, 3}})
}

func TestRule103(t *testing.T) {
	expect(t, "103", ret(t, map[string]string{"Header": "CHILD,ETHNIC\n1,WBRI\n2,WIRI\n3,wbri\n4,White British\n5,"}),
		map[string][]int{"Header": {2, 3, 4}})
}
