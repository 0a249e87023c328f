package disclosure

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// Protection is how uncertain a small count must stay: given every shown
// cell, the lines and non-negativity, at least Protection+1 whole values
// (two) must remain possible for it. It is DfE's requirement that a
// suppressed count cannot be worked out, and no more: a reader may still
// narrow a "c" to a range, as with DfE's own tables. Two whole values,
// rather than an interval of positive width, because counts are whole: an
// interval from 2.5 to 3.5 would still give away 3.
const Protection = 1

// eps absorbs floating-point error in the linear programs; every count is
// whole, so it cannot hide a real difference.
const eps = 1e-6

// Interval is the range a cell could take given everything published: the
// shown cells, the lines (totals equal the sum of their parts) and that
// counts are not negative. This is the attack a reader with a linear
// programming solver can make on a table, the audit of a suppression
// pattern described by Hundepool et al., Handbook on Statistical
// Disclosure Control (2nd edition, 2024, chapters on tabular data).
type Interval struct {
	Lo, Hi float64 // Hi is +Inf when nothing bounds the cell above
	// Low and High are whole tables, every cell in Table order, that agree
	// with everything published and give the cell Lo and Hi (or, when the
	// cell is unbounded, one more than its true value): the proof that the
	// cell cannot be pinned down, which anyone can check by adding up.
	Low, High []float64
}

// Protected reports whether at least Protection+1 whole values lie in the
// interval.
func (iv Interval) Protected() bool {
	return math.Floor(iv.Hi+eps)-math.Ceil(iv.Lo-eps) >= Protection
}

// Interval is the range cell i could take given the cells shown now.
func (t *Table) Interval(i int) (Interval, error) {
	if !t.valid(i) {
		return Interval{}, fmt.Errorf("disclosure: no cell %d", i)
	}
	sys, err := t.system()
	if err != nil {
		return Interval{}, err
	}
	return sys.interval(i)
}

// Exposed lists the cells that the cells shown now pin down to fewer than
// Protection+1 whole values although they must not be: small counts
// (shown, suppressed or unshown) and every other suppressed cell that is
// not zero. After Protect it is empty; it is exported so a test, or a
// reviewer, can audit any pattern.
func (t *Table) Exposed(r Rules) ([]int, error) {
	sys, err := t.system()
	if err != nil {
		return nil, err
	}
	var out []int
	for i := range t.cells {
		if !t.guarded(r, i) {
			continue
		}
		iv, err := sys.interval(i)
		if err != nil {
			return nil, err
		}
		if !iv.Protected() {
			out = append(out, i)
		}
	}
	return out, nil
}

// system is the table's lines with the shown cells put in as constants,
// over the hidden cells (a change split into its positive and negative
// parts, so every variable is non-negative), reduced by Gauss–Jordan
// elimination to independent rows, as the simplex method needs.
type system struct {
	t     *Table
	cols  []int       // the cell of each column
	sign  []float64   // +1, or −1 for a change's negative part
	colOf map[int]int // a hidden cell's first column
	rows  [][]float64
	rhs   []float64
	pivot []int // the pivot column of each row
}

func (t *Table) system() (*system, error) {
	s := &system{t: t, colOf: map[int]int{}}
	for i, c := range t.cells {
		if c.status == Shown {
			continue
		}
		s.colOf[i] = len(s.cols)
		s.cols, s.sign = append(s.cols, i), append(s.sign, 1)
		if c.free {
			s.cols, s.sign = append(s.cols, i), append(s.sign, -1)
		}
	}
	for _, l := range t.lines {
		row := make([]float64, len(s.cols))
		rhs := 0.0
		for _, x := range l {
			c := t.cells[x.cell]
			if c.status == Shown {
				rhs -= x.coef * c.n
				continue
			}
			j := s.colOf[x.cell]
			row[j] += x.coef
			if c.free {
				row[j+1] -= x.coef
			}
		}
		s.rows, s.rhs = append(s.rows, row), append(s.rhs, rhs)
	}
	return s, s.reduce()
}

// reduce brings the rows to reduced row echelon form and drops the
// dependent ones (a grand total's row is the sum of the others).
func (s *system) reduce() error {
	r := 0
	for j := 0; j < len(s.cols) && r < len(s.rows); j++ {
		p, best := -1, eps
		for k := r; k < len(s.rows); k++ {
			if a := math.Abs(s.rows[k][j]); a > best {
				p, best = k, a
			}
		}
		if p < 0 {
			continue
		}
		s.rows[r], s.rows[p] = s.rows[p], s.rows[r]
		s.rhs[r], s.rhs[p] = s.rhs[p], s.rhs[r]
		f := s.rows[r][j]
		for k := range s.rows[r] {
			s.rows[r][k] /= f
		}
		s.rhs[r] /= f
		for k := range s.rows {
			if k == r || s.rows[k][j] == 0 {
				continue
			}
			g := s.rows[k][j]
			for m := range s.rows[k] {
				s.rows[k][m] -= g * s.rows[r][m]
			}
			s.rhs[k] -= g * s.rhs[r]
		}
		s.pivot = append(s.pivot, j)
		r++
	}
	for k := r; k < len(s.rows); k++ {
		if math.Abs(s.rhs[k]) > eps*(1+math.Abs(s.rhs[k])) {
			return errors.New("disclosure: the table does not add up")
		}
	}
	s.rows, s.rhs = s.rows[:r], s.rhs[:r]
	return nil
}

// truth is the table as it is, the starting point of every witness.
func (s *system) truth() []float64 {
	out := make([]float64, len(s.t.cells))
	for i, c := range s.t.cells {
		out[i] = c.n
	}
	return out
}

func (s *system) interval(i int) (Interval, error) {
	c := s.t.cells[i]
	if c.status == Shown {
		return Interval{Lo: c.n, Hi: c.n, Low: s.truth(), High: s.truth()}, nil
	}
	j := s.colOf[i]
	used := make([]bool, len(s.cols))
	for _, row := range s.rows {
		for k, a := range row {
			used[k] = used[k] || a != 0
		}
	}
	if !used[j] && (!c.free || !used[j+1]) {
		// In no line with another hidden cell: only its sign bounds it.
		up := s.truth()
		up[i]++
		lo := 0.0
		if c.free {
			lo = math.Inf(-1)
		}
		return Interval{Lo: lo, Hi: math.Inf(1), Low: s.truth(), High: up}, nil
	}
	// A pivot whose row holds nothing else is fixed by the shown cells.
	if !c.free {
		for r, p := range s.pivot {
			if p != j {
				continue
			}
			alone := true
			for k, a := range s.rows[r] {
				alone = alone && (k == j || math.Abs(a) <= eps)
			}
			if alone {
				return Interval{Lo: s.rhs[r], Hi: s.rhs[r], Low: s.truth(), High: s.truth()}, nil
			}
		}
	}
	lo, low, err := s.optimise(i, used, 1)
	if err != nil {
		return Interval{}, err
	}
	hi, high, err := s.optimise(i, used, -1)
	if err != nil {
		return Interval{}, err
	}
	return Interval{Lo: lo, Hi: hi, Low: low, High: high}, nil
}

// optimise minimises (dir 1) or maximises (dir −1) cell i by the simplex
// method over the used columns, returning the bound and a whole table that
// attains it; an unbounded direction is reported as ±Inf with a table one
// beyond the truth.
func (s *system) optimise(i int, used []bool, dir float64) (bound float64, table []float64, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("disclosure: linear program failed: %v", v)
		}
	}()
	// Only the rows linked to cell i through shared hidden cells bear on
	// it; the rest of the table is left out of the program.
	inCol := make([]bool, len(s.cols))
	for k := range s.cols {
		inCol[k] = s.cols[k] == i && used[k]
	}
	var rows []int
	inRow := make([]bool, len(s.rows))
	for grew := true; grew; {
		grew = false
		for r, row := range s.rows {
			if inRow[r] {
				continue
			}
			for k, a := range row {
				if a != 0 && inCol[k] {
					inRow[r], grew = true, true
					rows = append(rows, r)
					for k2, a2 := range row {
						if a2 != 0 {
							inCol[k2] = true
						}
					}
					break
				}
			}
		}
	}
	var keep []int
	for k, u := range inCol {
		if u {
			keep = append(keep, k)
		}
	}
	obj := func(k int) float64 {
		if s.cols[k] == i {
			return dir * s.sign[k]
		}
		return 0
	}
	solve := func(capped bool) (float64, []float64, error) {
		m, n := len(rows), len(keep)
		if capped {
			m, n = m+1, n+1
		}
		a := mat.NewDense(m, n, nil)
		b := make([]float64, m)
		c := make([]float64, n)
		for q, r := range rows {
			for p, k := range keep {
				a.Set(q, p, s.rows[r][k])
			}
			b[q] = s.rhs[r]
		}
		for q, k := range keep {
			c[q] = obj(k)
		}
		if capped {
			// cell i + slack = truth + 1 when maximising; cell i − slack =
			// truth − 1 when minimising (a change unbounded below).
			for q, k := range keep {
				if s.cols[k] == i {
					a.Set(m-1, q, s.sign[k])
				}
			}
			a.Set(m-1, n-1, -dir)
			b[m-1] = s.t.cells[i].n - dir
		}
		f, x, err := lp.Simplex(c, a, b, 1e-10, nil)
		return f, x, err
	}
	f, x, err := solve(false)
	unbounded := errors.Is(err, lp.ErrUnbounded)
	if unbounded {
		f, x, err = solve(true)
	}
	if err != nil {
		return 0, nil, fmt.Errorf("disclosure: linear program for %q: %w", s.t.cells[i].label, err)
	}
	table = s.truth()
	hidden := map[int]float64{}
	for q, k := range keep {
		hidden[s.cols[k]] += s.sign[k] * x[q]
	}
	for cellIdx := range hidden {
		table[cellIdx] = hidden[cellIdx]
	}
	bound = f * dir
	if unbounded {
		bound = math.Inf(-int(dir))
	}
	return bound, table, nil
}
