package synthkit

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

type council struct{ code, la, slug string }

func ids(c council) []string { return []string{c.code, c.la, c.slug} }

var all = []council{{"E09000001", "201", "city-of-london"}, {"E09000007", "202", "camden"}, {"E09000011", "203", "greenwich"}}

func TestPick(t *testing.T) {
	for _, tc := range []struct {
		filter []string
		n      int
		want   []string
	}{
		{nil, 0, []string{"201", "202", "203"}},
		{nil, 2, []string{"201", "202"}},
		{[]string{"CAMDEN", "e09000011"}, 0, []string{"202", "203"}},
		{[]string{"203", "201"}, 1, []string{"201"}},
		{[]string{"nowhere"}, 0, nil},
	} {
		var got []string
		for _, c := range Pick(all, tc.filter, tc.n, ids) {
			got = append(got, c.la)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Pick(%v, %d) = %v, want %v", tc.filter, tc.n, got, tc.want)
		}
	}
}

func TestGenerateKeepsOrderAndReportsFirstFailure(t *testing.T) {
	got, err := Generate(all, func(c council) (string, error) { return c.slug, nil })
	if err != nil || !reflect.DeepEqual(got, []string{"city-of-london", "camden", "greenwich"}) {
		t.Fatalf("got %v, %v", got, err)
	}
	_, err = Generate(all, func(c council) (string, error) {
		if c.la != "201" {
			return "", fmt.Errorf("council %s failed", c.la)
		}
		return "", nil
	})
	if err == nil || err.Error() != "council 202 failed" {
		t.Fatalf("err = %v, want council 202's", err)
	}
	if _, err := Generate(all, func(council) (int, error) { return 0, errors.New("x") }); err == nil {
		t.Fatal("want an error")
	}
}
