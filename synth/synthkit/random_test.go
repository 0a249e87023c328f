package synthkit

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestChoicePicksByWeight(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	c := Weighted("a", 3, "b", 1.0, "never", 0)
	n := map[string]int{}
	for range 40000 {
		n[c.Pick(r)]++
	}
	if n["never"] != 0 || n["a"] < 29000 || n["a"] > 31000 || n["a"]+n["b"] != 40000 {
		t.Fatalf("draws %v, want about 30000 a and 10000 b", n)
	}
	d := Weighted("x", 1, "y", 1, "z", 1).Distinct(r, 5)
	slices.Sort(d)
	if !slices.Equal(d, []string{"x", "y", "z"}) {
		t.Fatalf("Distinct = %v", d)
	}
}

func TestWeightedRefusesMalformedDeclarations(t *testing.T) {
	for _, pairs := range [][]any{{"a"}, {"a", "1"}, {1, 1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Weighted(%v) did not panic", pairs)
				}
			}()
			Weighted(pairs...)
		}()
	}
}

func TestDateInStaysInRange(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	a := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	b := AddDays(a, 10)
	seen := map[int]bool{}
	for range 1000 {
		d := DateIn(r, a, b)
		if d.Before(a) || d.After(b) {
			t.Fatalf("%v outside [%v, %v]", d, a, b)
		}
		seen[DaysBetween(a, d)] = true
	}
	if len(seen) != 11 {
		t.Fatalf("drew %d of the 11 days", len(seen))
	}
	if got := DateIn(r, b, a); !got.Equal(b) {
		t.Fatalf("empty range gave %v, want its start", got)
	}
	if Earlier(a, b) != a || Later(a, b) != b || Between(r, 5, 5) != 5 {
		t.Fatal("Earlier, Later or Between wrong")
	}
}
