package synthkit

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// AddDays is n calendar days after t (before, for negative n).
func AddDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

// DaysBetween is the whole days from a to b (negative when b is earlier).
func DaysBetween(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

// Earlier is the earlier of two times.
func Earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Later is the later of two times.
func Later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Between is a uniform whole number in [a, b]; a when b <= a, drawing
// nothing from r, so an empty range does not shift later draws.
func Between(r *rand.Rand, a, b int) int {
	if b <= a {
		return a
	}
	return a + r.IntN(b-a+1)
}

// DateIn is a uniform day in [a, b]; a when b is not after a.
func DateIn(r *rand.Rand, a, b time.Time) time.Time {
	return AddDays(a, Between(r, 0, DaysBetween(a, b)))
}

// Chance is true with probability p.
func Chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// Choice is a weighted pick of codes, declared once and drawn from often.
type Choice struct {
	codes   []string
	weights []float64
	total   float64
}

// Weighted declares a Choice from code, weight pairs; a weight is an int or
// a float64. A malformed declaration is a mistake in the generator, so it
// panics when the declaration runs.
func Weighted(pairs ...any) Choice {
	var c Choice
	for i := 0; i < len(pairs); i += 2 {
		code, ok := pairs[i].(string)
		if !ok || i+1 == len(pairs) {
			panic(fmt.Sprintf("synthkit: Weighted wants code, weight pairs, got %v", pairs))
		}
		var w float64
		switch x := pairs[i+1].(type) {
		case int:
			w = float64(x)
		case float64:
			w = x
		default:
			panic(fmt.Sprintf("synthkit: weight %v for %s is not a number", x, code))
		}
		c.codes = append(c.codes, code)
		c.weights = append(c.weights, w)
		c.total += w
	}
	return c
}

// Pick draws one code, each with probability its weight over the total.
// Codes are the codes a Choice picks from, in the order declared.
func (c Choice) Codes() []string { return c.codes }

func (c Choice) Pick(r *rand.Rand) string {
	x := r.Float64() * c.total
	for i, w := range c.weights {
		if x < w {
			return c.codes[i]
		}
		x -= w
	}
	return c.codes[len(c.codes)-1]
}

// Distinct draws n different codes (all of them when n is more).
func (c Choice) Distinct(r *rand.Rand, n int) []string {
	n = min(n, len(c.codes))
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		if code := c.Pick(r); !seen[code] {
			seen[code] = true
			out = append(out, code)
		}
	}
	return out
}

// Hash is FNV-1a, to give each council its own random streams and fixed
// choices from its LA number.
func Hash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// CouncilRand is a council's generating stream: the same seed and LA give
// the same return whichever other councils are generated.
func CouncilRand(seed uint64, la string) *rand.Rand {
	return rand.New(rand.NewPCG(seed, Hash(la)))
}

// PlantRand is a council's stream for planting errors, apart from its
// generating stream, so asking for planted errors leaves the rest of the
// return as it would have been.
func PlantRand(seed uint64, la string) *rand.Rand {
	return rand.New(rand.NewPCG(seed^0x9e3779b97f4a7c15, Hash(la)))
}
