package disclosure

import (
	"errors"
	"math"
	"testing"
)

// grid adds an r×c table of counts with row, column and grand totals and
// returns its cells, totals in the last row and column.
func grid(t *Table, label string, interior [][]float64, add func(string, float64) int) [][]int {
	rows, cols := len(interior), len(interior[0])
	v := make([][]float64, rows+1)
	for i := range v {
		v[i] = make([]float64, cols+1)
	}
	for i := range rows {
		for j := range cols {
			n := interior[i][j]
			v[i][j] += n
			v[i][cols] += n
			v[rows][j] += n
			v[rows][cols] += n
		}
	}
	idx := make([][]int, rows+1)
	for i := range v {
		idx[i] = make([]int, cols+1)
		for j := range v[i] {
			idx[i][j] = add(label, v[i][j])
		}
	}
	for i := range rows + 1 {
		t.Total(idx[i][cols], idx[i][:cols]...)
	}
	for j := range cols + 1 {
		col := make([]int, rows)
		for i := range rows {
			col[i] = idx[i][j]
		}
		t.Total(idx[rows][j], col...)
	}
	return idx
}

// A small count alone in a row beside a total is given away by
// subtraction: the audit must say so, and say what it is. This is the
// check the property test relies on, shown able to fail.
func TestAuditCatchesLoneSuppression(t *testing.T) {
	var tab Table
	g := grid(&tab, "", [][]float64{{3, 20}, {15, 30}}, tab.Count)
	tab.Suppress(g[0][0]) // the 3, and nothing else
	exposed, err := tab.Exposed(LookedAfter)
	if err != nil {
		t.Fatal(err)
	}
	if len(exposed) != 1 || exposed[0] != g[0][0] {
		t.Fatalf("exposed %v, want the lone 3 (cell %d)", exposed, g[0][0])
	}
	iv, err := tab.Interval(g[0][0])
	if err != nil || iv.Lo != 3 || iv.Hi != 3 || iv.Protected() {
		t.Fatalf("the lone 3 is in %+v (%v), want exactly 3", iv, err)
	}
}

// Every line holds two hidden cells, which fools a check line by line,
// but the hidden zeros can only grow, so the 3 is pinned: only the linear
// program sees it.
func TestAuditCatchesPatternLinesMiss(t *testing.T) {
	var tab Table
	g := grid(&tab, "", [][]float64{{3, 0, 9}, {5, 0, 9}, {7, 7, 9}}, tab.Count)
	for _, c := range [][2]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}} {
		tab.Suppress(g[c[0]][c[1]])
	}
	exposed, err := tab.Exposed(LookedAfter)
	if err != nil {
		t.Fatal(err)
	}
	if len(exposed) == 0 || exposed[0] != g[0][0] {
		t.Fatalf("exposed %v, want the 3 (cell %d) first", exposed, g[0][0])
	}
	// Protect the same table from scratch instead: it is safe.
	var safe Table
	g = grid(&safe, "", [][]float64{{3, 0, 9}, {5, 0, 9}, {7, 7, 9}}, safe.Count)
	if err := safe.Protect(LookedAfter); err != nil {
		t.Fatal(err)
	}
	if ex, err := safe.Exposed(LookedAfter); err != nil || len(ex) > 0 {
		t.Fatalf("after Protect, exposed %v (%v)", ex, err)
	}
	if safe.Status(g[0][1]) != Shown || safe.Status(g[1][1]) != Shown {
		t.Error("zeros were hidden as complements")
	}
}

// The classic case: one small cell in a table with margins hides a
// rectangle of four, the complements the smallest that close it.
func TestProtectRectangle(t *testing.T) {
	var tab Table
	g := grid(&tab, "", [][]float64{{3, 20, 40}, {15, 8, 30}, {50, 60, 70}}, tab.Count)
	if err := tab.Protect(LookedAfter); err != nil {
		t.Fatal(err)
	}
	want := map[[2]int]Status{{0, 0}: Primary, {0, 1}: Secondary, {1, 0}: Secondary, {1, 1}: Secondary}
	for i := range g {
		for j := range g[i] {
			if got := tab.Status(g[i][j]); got != want[[2]int{i, j}] {
				t.Errorf("cell %d,%d (%v) is %v, want %v", i, j, tab.cells[g[i][j]].n, got, want[[2]int{i, j}])
			}
		}
	}
	iv, err := tab.Interval(g[0][0])
	// 3+t, 20−t, 15−t and 8+t stay whole and not negative for t from −3
	// to 15.
	if err != nil || iv.Lo != 0 || iv.Hi != 18 {
		t.Errorf("the 3 lies in %+v (%v), want 0 to 18", iv, err)
	}
	if v := tab.Value(g[0][1]); v.String() != "c" {
		t.Errorf("a secondary cell shows %v", v)
	}
}

// All children and a subgroup are both published; the rest is not, but
// subtraction gives it, so a small rest hides the subgroup.
func TestProtectSubgroup(t *testing.T) {
	var tab Table
	all, sub, rest := tab.Count("all", 7), tab.Count("sub", 5), tab.Unshown("rest", 2)
	tab.Total(all, sub, rest)
	if err := tab.Protect(LookedAfter); err != nil {
		t.Fatal(err)
	}
	if tab.Status(sub) != Secondary || tab.Status(all) != Shown || tab.Value(rest).String() != "x" {
		t.Errorf("all %v, sub %v, rest %v", tab.Status(all), tab.Status(sub), tab.Status(rest))
	}
	// A rest of 40 needs nothing.
	var big Table
	all, sub, rest = big.Count("all", 45), big.Count("sub", 5), big.Unshown("rest", 40)
	big.Total(all, sub, rest)
	if err := big.Protect(LookedAfter); err != nil || big.Status(sub) != Shown {
		t.Errorf("sub %v (%v)", big.Status(sub), err)
	}
}

// This year, last year and the change are all published: a small count
// this year hides the change too, or last year's count would give it.
func TestProtectChange(t *testing.T) {
	var tab Table
	last, this := tab.Count("last", 12), tab.Count("this", 3)
	change := tab.Change("change", -9)
	tab.Difference(change, this, last)
	if err := tab.Protect(LookedAfter); err != nil {
		t.Fatal(err)
	}
	if tab.Status(this) != Primary || tab.Status(change) != Secondary || tab.Status(last) != Shown {
		t.Errorf("last %v, this %v, change %v", tab.Status(last), tab.Status(this), tab.Status(change))
	}
	iv, err := tab.Interval(this)
	if err != nil || iv.Lo != 0 || !math.IsInf(iv.Hi, 1) {
		t.Errorf("this year's 3 lies in %+v (%v)", iv, err)
	}
}

// Bad input never panics: a table that does not add up, or a count that is
// not a number, is refused and shown as nothing.
func TestProtectRefusesBadTables(t *testing.T) {
	var tab Table
	tot, a, b := tab.Count("total", 10), tab.Count("a", 3), tab.Count("b", 3)
	tab.Total(tot, a, b)
	tab.Total(99, a) // out of range: ignored
	if err := tab.Protect(LookedAfter); !errors.Is(err, ErrUnprotected) {
		t.Errorf("a table that does not add up: %v", err)
	}
	for i := range tab.Len() {
		if !tab.Hidden(i) {
			t.Errorf("cell %s shown from a refused table", tab.Label(i))
		}
	}
	var nan Table
	nan.Count("n", math.NaN())
	if err := nan.Protect(LookedAfter); !errors.Is(err, ErrUnprotected) || nan.Value(0).String() != "c" {
		t.Errorf("NaN: %v, shown %v", err, nan.Value(0))
	}
	if _, err := nan.Interval(5); err == nil {
		t.Error("an interval for a cell that does not exist")
	}
}
