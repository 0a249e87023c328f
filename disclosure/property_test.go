package disclosure

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// count draws a cell: many zeros and small counts, some larger ones, as a
// small council's tables have.
func count(r *rand.Rand) float64 {
	switch x := r.IntN(10); {
	case x < 3:
		return 0
	case x < 7:
		return float64(1 + r.IntN(6))
	default:
		return float64(7 + r.IntN(60))
	}
}

// cube is an n-dimensional table with every margin: a coordinate equal to
// its dimension's size is that dimension's total.
type cube struct {
	sizes []int
	idx   map[string]int // coordinates → cell
}

func key(c []int) string { return fmt.Sprint(c) }

// each calls f with every coordinate vector, totals included.
func (q *cube) each(f func([]int)) {
	c := make([]int, len(q.sizes))
	var rec func(d int)
	rec = func(d int) {
		if d == len(c) {
			f(append([]int(nil), c...))
			return
		}
		for v := 0; v <= q.sizes[d]; v++ {
			c[d] = v
			rec(d + 1)
		}
	}
	rec(0)
}

// newCube adds a table with the given interior values (drawn when nil)
// through add, and its margins' lines to t.
func newCube(t *Table, r *rand.Rand, sizes []int, values map[string]float64, add func(string, float64) int) (*cube, map[string]float64) {
	q := &cube{sizes: sizes, idx: map[string]int{}}
	if values == nil {
		values = map[string]float64{}
		q.each(func(c []int) {
			for d, v := range c {
				if v == sizes[d] {
					return
				}
			}
			values[key(c)] = count(r)
		})
		// Totals add up the interior cells beneath them.
		q.each(func(c []int) {
			if _, ok := values[key(c)]; ok {
				return
			}
			sum := 0.0
			q.each(func(in []int) {
				for d, v := range in {
					if v == sizes[d] || c[d] != sizes[d] && c[d] != v {
						return
					}
				}
				sum += values[key(in)]
			})
			values[key(c)] = sum
		})
	}
	q.each(func(c []int) { q.idx[key(c)] = add(key(c), values[key(c)]) })
	q.each(func(c []int) {
		for d, v := range c {
			if v != sizes[d] {
				continue
			}
			var parts []int
			for p := 0; p < sizes[d]; p++ {
				in := append([]int(nil), c...)
				in[d] = p
				parts = append(parts, q.idx[key(in)])
			}
			t.Total(q.idx[key(c)], parts...)
		}
	})
	return q, values
}

// hierarchy is rows grouped into sub-totals, the sub-totals into a grand
// total, crossed with columns that have a total of their own.
func hierarchy(t *Table, r *rand.Rand) {
	groups, cols := 2+r.IntN(2), 2+r.IntN(3)
	var subs [][]int // sub-total rows, each with its column total last
	for range groups {
		leaves := 2 + r.IntN(3)
		q, _ := newCube(t, r, []int{leaves, cols}, nil, t.Count)
		row := make([]int, cols+1)
		for j := range cols + 1 {
			row[j] = q.idx[key([]int{leaves, j})]
		}
		subs = append(subs, row)
	}
	grand := make([]int, cols+1)
	for j := range cols + 1 {
		sum := 0.0
		var parts []int
		for _, s := range subs {
			sum += t.cells[s[j]].n
			parts = append(parts, s[j])
		}
		grand[j] = t.Count(fmt.Sprint("grand ", j), sum)
		t.Total(grand[j], parts...)
	}
	t.Total(grand[cols], grand[:cols]...)
}

// years is last year's and this year's tables with the change in every
// cell published too.
func years(t *Table, r *rand.Rand) {
	sizes := []int{1 + r.IntN(3), 2 + r.IntN(3)}
	last, _ := newCube(t, r, sizes, nil, t.Count)
	this, _ := newCube(t, r, sizes, nil, t.Count)
	last.each(func(c []int) {
		a, b := last.idx[key(c)], this.idx[key(c)]
		t.Difference(t.Change("change "+key(c), t.cells[b].n-t.cells[a].n), b, a)
	})
}

// subgroup is a table of all children and the same table of a subgroup,
// both published; the rest, which subtraction gives, is not.
func subgroup(t *Table, r *rand.Rand) {
	sizes := []int{1 + r.IntN(3), 2 + r.IntN(3)}
	sub, _ := newCube(t, r, sizes, nil, t.Count)
	rest, _ := newCube(t, r, sizes, nil, t.Unshown)
	all := map[string]float64{}
	sub.each(func(c []int) { all[key(c)] = t.cells[sub.idx[key(c)]].n + t.cells[rest.idx[key(c)]].n })
	whole, _ := newCube(t, r, sizes, all, t.Count)
	whole.each(func(c []int) { t.Total(whole.idx[key(c)], sub.idx[key(c)], rest.idx[key(c)]) })
}

var shapes = []struct {
	name  string
	build func(*Table, *rand.Rand)
}{
	{"one-way", func(t *Table, r *rand.Rand) { newCube(t, r, []int{2 + r.IntN(6)}, nil, t.Count) }},
	{"two-way", func(t *Table, r *rand.Rand) { newCube(t, r, []int{2 + r.IntN(4), 2 + r.IntN(4)}, nil, t.Count) }},
	{"three-way", func(t *Table, r *rand.Rand) { newCube(t, r, []int{2, 2 + r.IntN(2), 2 + r.IntN(2)}, nil, t.Count) }},
	{"hierarchy", hierarchy},
	{"years", years},
	{"subgroup", subgroup},
}

// consistent reports why a whole table does not agree with what t
// publishes (shown cells, lines, non-negative counts), or "" when it does.
// It shares nothing with the linear programs, so it checks their answers.
func consistent(t *Table, x []float64) string {
	for i, c := range t.cells {
		if c.status == Shown && math.Abs(x[i]-c.n) > 1e-6 {
			return fmt.Sprintf("shown cell %s is %v, not %v", c.label, x[i], c.n)
		}
		if !c.free && x[i] < -1e-6 {
			return fmt.Sprintf("count %s is %v", c.label, x[i])
		}
	}
	for _, l := range t.lines {
		sum := 0.0
		for _, term := range l {
			sum += term.coef * x[term.cell]
		}
		if math.Abs(sum) > 1e-6 {
			return fmt.Sprintf("%s is not the sum of its parts (off by %v)", t.cells[l[0].cell].label, sum)
		}
	}
	return ""
}

// TestNothingSuppressedCanBeDerived is the property: for random tables of
// every shape, after Protect, no shown cell is a small count, and every
// suppressed cell (but a zero) and every small unshown cell lies in an
// interval, given everything published, holding at least two whole values:
// the linear programs' minimum and maximum, each with a whole table
// checked here, independently, to agree with everything published.
func TestNothingSuppressedCanBeDerived(t *testing.T) {
	tables := 300 // 50 of each shape
	if testing.Short() {
		tables = 60
	}
	var hidden, secondary, checked int
	for seed := range tables {
		r := rand.New(rand.NewPCG(uint64(seed), 2026))
		shape := shapes[seed%len(shapes)]
		rules := []Rules{LookedAfter, ChildrenInNeed}[seed/len(shapes)%2]
		var tab Table
		shape.build(&tab, r)
		if err := tab.Protect(rules); err != nil {
			t.Fatalf("seed %d %s: %v", seed, shape.name, err)
		}
		for i, c := range tab.cells {
			if c.status == Shown && tab.sensitive(rules, i) {
				t.Errorf("seed %d %s: small count %s (%v) shown", seed, shape.name, c.label, c.n)
			}
			if c.status == Secondary {
				secondary++
			}
			if c.status == Primary || c.status == Secondary {
				hidden++
			}
			if !(c.status == Primary || c.status == Secondary) && !(c.status == Unshown && tab.sensitive(rules, i)) {
				continue
			}
			iv, err := tab.Interval(i)
			if err != nil {
				t.Fatalf("seed %d %s: cell %s: %v", seed, shape.name, c.label, err)
			}
			checked++
			if why := consistent(&tab, iv.Low); why != "" {
				t.Fatalf("seed %d %s: the table with %s at its least: %s", seed, shape.name, c.label, why)
			}
			if why := consistent(&tab, iv.High); why != "" {
				t.Fatalf("seed %d %s: the table with %s at its most: %s", seed, shape.name, c.label, why)
			}
			if c.n == 0 {
				continue
			}
			lo, hi := iv.Low[i], iv.High[i]
			if math.Floor(hi+1e-6)-math.Ceil(lo-1e-6) < Protection || !iv.Protected() {
				t.Errorf("seed %d %s (%s): %s = %v can be derived: it lies in [%v, %v]", seed, shape.name, rules.name(), c.label, c.n, lo, hi)
			}
		}
	}
	t.Logf("%d tables, %d cells suppressed (%d secondary), %d intervals solved", tables, hidden, secondary, checked)
}

func (r Rules) name() string { return fmt.Sprintf("1 to %v suppressed", r.Smallest-1) }

// Protect hides nothing in a table without small counts, and hides a
// table's small counts however they are laid out: the property above
// cannot pass by hiding everything either.
func TestProtectHidesOnlyWhatItMust(t *testing.T) {
	var tab Table
	newCube(&tab, nil, []int{2, 2}, map[string]float64{
		"[0 0]": 10, "[0 1]": 20, "[1 0]": 30, "[1 1]": 40, "[0 2]": 30, "[1 2]": 70, "[2 0]": 40, "[2 1]": 60, "[2 2]": 100,
	}, tab.Count)
	if err := tab.Protect(LookedAfter); err != nil {
		t.Fatal(err)
	}
	for i := range tab.Len() {
		if tab.Hidden(i) {
			t.Errorf("%s hidden in a table with no small count", tab.Label(i))
		}
	}
	shown, all := 0, 0
	for seed := range 60 {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		var tab Table
		newCube(&tab, r, []int{4, 4}, nil, tab.Count)
		if err := tab.Protect(LookedAfter); err != nil {
			t.Fatal(err)
		}
		for i := range tab.Len() {
			all++
			if !tab.Hidden(i) {
				shown++
			}
		}
	}
	if shown*2 < all {
		t.Errorf("only %d of %d cells shown in 4×4 tables", shown, all)
	}
}

// FuzzProtect: any counts in a table with margins are protected, never a
// panic.
func FuzzProtect(f *testing.F) {
	f.Add(uint64(1), uint8(3), uint8(3))
	f.Add(uint64(9), uint8(1), uint8(6))
	f.Fuzz(func(t *testing.T, seed uint64, rows, cols uint8) {
		r := rand.New(rand.NewPCG(seed, 0))
		var tab Table
		newCube(&tab, r, []int{1 + int(rows%5), 1 + int(cols%5)}, nil, tab.Count)
		if err := tab.Protect(ChildrenInNeed); err != nil {
			t.Fatal(err)
		}
		if ex, err := tab.Exposed(ChildrenInNeed); err != nil || len(ex) > 0 {
			t.Fatalf("exposed %v (%v)", ex, err)
		}
	})
}
