package returns

import (
	"reflect"
	"testing"
)

func TestGroup(t *testing.T) {
	keys := []string{"b", "a", "", "b", "c", "a", "b"}
	got := Group(len(keys), func(i int) (string, bool) { return keys[i], keys[i] != "" })
	want := map[string][]int{"a": {1, 5}, "b": {0, 3, 6}, "c": {4}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// Appending to one group must not overwrite the next group's rows.
	a := append(got["a"], 99)
	if !reflect.DeepEqual(got["b"], []int{0, 3, 6}) || len(a) != 3 {
		t.Errorf("append to a group spilt into another: %v", got)
	}
	if g := Group(0, func(int) (int, bool) { return 0, true }); len(g) != 0 {
		t.Errorf("no rows: %v", g)
	}
}
