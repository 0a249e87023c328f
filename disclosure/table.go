package disclosure

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/sightline-uk/sightline"
)

// Status is what happens to a cell of a Table when it is shown.
type Status uint8

// Statuses of a cell.
const (
	// Shown cells are published as they are.
	Shown Status = iota
	// Primary cells are small counts, shown as "c".
	Primary
	// Secondary cells are shown as "c" so that no small count can be
	// worked out from the cells that are shown.
	Secondary
	// Unshown cells are never published, but the published cells pin
	// them down as well as they pin down any other (the rest of a total
	// beyond the parts shown, a difference of two published tables); a
	// small one is protected like a suppressed cell.
	Unshown
)

func (s Status) String() string {
	return [...]string{"shown", "primary", "secondary", "unshown"}[min(int(s), 3)]
}

// Table is a set of counts with additive structure: totals and their
// parts, sub-totals, and linked tables whose cells add up across them
// (this year's count is last year's plus the change; all children are
// a subgroup plus the rest). Protect decides which cells are shown.
//
// Counts are a council's own, unrounded (Rules.Count rounds national and
// regional counts, which breaks exact additivity; those are published
// figures and never pass through a Table).
type Table struct {
	cells []cell
	lines [][]term // each line says Σ coef·cell = 0
}

type cell struct {
	label  string
	n      float64
	free   bool // may be negative: a change, not a count
	status Status
	lines  int // how many lines the cell is in, to prefer interior cells
}

type term struct {
	cell int
	coef float64
}

// Count adds a published count and returns its index.
func (t *Table) Count(label string, n float64) int { return t.add(label, n, false, Shown) }

// Unshown adds a count that is never published but follows from those
// that are (the rest of a total beyond the parts shown), and returns its
// index. A small one must stay as uncertain as a suppressed count.
func (t *Table) Unshown(label string, n float64) int { return t.add(label, n, false, Unshown) }

// Change adds a published difference, which may be negative (this year's
// count less last year's), and returns its index. A change is not a count
// of children, so it is never small itself, but it links the counts it is
// the difference of.
func (t *Table) Change(label string, n float64) int { return t.add(label, n, true, Shown) }

func (t *Table) add(label string, n float64, free bool, s Status) int {
	t.cells = append(t.cells, cell{label: label, n: n, free: free, status: s})
	return len(t.cells) - 1
}

// Total says cell total is the sum of parts. Indices outside the table
// are ignored, so a caller's mistake loses a line rather than panics.
func (t *Table) Total(total int, parts ...int) {
	if !t.valid(total) || len(parts) == 0 {
		return
	}
	l := []term{{total, -1}}
	for _, p := range parts {
		if !t.valid(p) {
			return
		}
		l = append(l, term{p, 1})
	}
	t.lines = append(t.lines, l)
	for _, x := range l {
		t.cells[x.cell].lines++
	}
}

// Difference says cell diff is later − earlier, as a published change
// between two linked tables is.
func (t *Table) Difference(diff, later, earlier int) { t.Total(later, earlier, diff) }

func (t *Table) valid(i int) bool { return i >= 0 && i < len(t.cells) }

// Len is the number of cells.
func (t *Table) Len() int { return len(t.cells) }

// Label is a cell's label.
func (t *Table) Label(i int) string {
	if !t.valid(i) {
		return ""
	}
	return t.cells[i].label
}

// Status is a cell's status, as Protect left it.
func (t *Table) Status(i int) Status {
	if !t.valid(i) {
		return Primary
	}
	return t.cells[i].status
}

// Hidden reports whether a cell is not published: suppressed or unshown.
func (t *Table) Hidden(i int) bool { return t.Status(i) != Shown }

// Value is a cell as published: the count, or "c" when suppressed; an
// unshown cell is "x", as it is never published.
func (t *Table) Value(i int) sightline.Value {
	switch t.Status(i) {
	case Shown:
		return sightline.Number(t.cells[i].n)
	case Unshown:
		return sightline.Missing
	}
	return Suppressed
}

// Suppress marks a cell as hidden before Protect, for a cell hidden for a
// reason of its own (a rate whose denominator is small), so the cells
// around it are protected too.
func (t *Table) Suppress(i int) {
	if t.valid(i) && t.cells[i].status == Shown {
		t.cells[i].status = Primary
	}
}

// sensitive reports whether a cell must not be pinned down: a small count,
// shown or not.
func (t *Table) sensitive(r Rules, i int) bool { return !t.cells[i].free && r.Small(t.cells[i].n) }

// guarded reports whether a cell must stay uncertain: a small count, or
// any suppressed cell but a zero (a "c" that could be worked out would be
// a "c" in name only).
func (t *Table) guarded(r Rules, i int) bool {
	s := t.cells[i].status
	return t.sensitive(r, i) || (s == Primary || s == Secondary) && t.cells[i].n != 0
}

// ErrUnprotected is returned when a table cannot be protected: its counts
// are not finite, or do not add up as its lines say, or the solver failed.
// Every cell is then hidden, so a caller that goes on shows nothing.
var ErrUnprotected = errors.New("disclosure: the table cannot be protected")

// Protect decides which cells are shown under the rules r. Small counts
// are primary suppressions. Then, repeatedly: every line (a total and its
// parts) in which exactly one cell is hidden would give that cell away by
// subtraction, so the smallest shown cell of that line is hidden too; and
// when the lines all hold two hidden cells or more but the shown cells
// still pin a small count down (across several lines, as in linked
// tables), the smallest shown cell in the lines around it is hidden. It
// stops when every small count, shown or unshown, and every other hidden
// cell but a zero, could take at least two whole values given everything
// shown (see Interval). Complements are the smallest cells, then those in
// fewest lines (parts before totals), and never zeros: a hidden zero
// protects only upwards, a reader may know it is structural, and hiding
// every non-zero cell around a small count always protects it (the shown
// zeros allow every hidden cell to shrink towards zero together), so the
// loop ends.
func (t *Table) Protect(r Rules) error {
	for i := range t.cells {
		c := &t.cells[i]
		if math.IsNaN(c.n) || math.IsInf(c.n, 0) || !c.free && c.n < 0 {
			t.hideAll()
			return fmt.Errorf("%w: cell %q is %v", ErrUnprotected, c.label, c.n)
		}
		if c.status == Shown && t.sensitive(r, i) {
			c.status = Primary
		}
	}
	for _, l := range t.lines {
		sum := 0.0
		for _, x := range l {
			sum += x.coef * t.cells[x.cell].n
		}
		if math.Abs(sum) > eps {
			t.hideAll()
			return fmt.Errorf("%w: %q is not the sum of its parts", ErrUnprotected, t.cells[l[0].cell].label)
		}
	}
	// Hiding more cells only widens every interval, so a cell once found
	// protected stays protected and is not solved for again.
	safe := make([]bool, len(t.cells))
	for range len(t.cells) + 1 {
		t.closeLines(r)
		sys, err := t.system()
		if err != nil {
			t.hideAll()
			return fmt.Errorf("%w: %v", ErrUnprotected, err)
		}
		exposed := -1
		for i := range t.cells {
			if safe[i] || !t.guarded(r, i) {
				continue
			}
			iv, err := sys.interval(i)
			if err != nil || !iv.Protected() {
				exposed = i
				break
			}
			safe[i] = true
		}
		if exposed < 0 {
			return nil
		}
		c := t.cheapest(t.around(exposed))
		if c < 0 {
			t.hideAll()
			return fmt.Errorf("%w: nothing left to hide around %q", ErrUnprotected, t.cells[exposed].label)
		}
		t.cells[c].status = Secondary
	}
	t.hideAll()
	return ErrUnprotected
}

func (t *Table) hideAll() {
	for i := range t.cells {
		if t.cells[i].status == Shown {
			t.cells[i].status = Secondary
		}
	}
}

// closeLines hides a second cell in every line where a suppressed cell,
// or a small unshown one, is the only hidden cell.
func (t *Table) closeLines(r Rules) {
	for changed := true; changed; {
		changed = false
		for _, l := range t.lines {
			hidden, alone := 0, -1
			for _, x := range l {
				if t.cells[x.cell].status != Shown {
					hidden++
					alone = x.cell
				}
			}
			if hidden != 1 {
				continue
			}
			if s := t.cells[alone].status; s == Unshown && !t.sensitive(r, alone) {
				continue
			}
			var shown []int
			for _, x := range l {
				shown = append(shown, x.cell)
			}
			if c := t.cheapest(shown); c >= 0 {
				t.cells[c].status = Secondary
				changed = true
			}
		}
	}
}

// around lists the cells of the lines that hold cell i, or failing any
// shown there, of every line linked to it through hidden cells.
func (t *Table) around(i int) []int {
	var near []int
	for _, l := range t.lines {
		if has(l, i) {
			for _, x := range l {
				near = append(near, x.cell)
			}
		}
	}
	if t.cheapest(near) >= 0 {
		return near
	}
	reached := map[int]bool{i: true}
	var all []int
	for grew := true; grew; {
		grew = false
		for _, l := range t.lines {
			touches := false
			for _, x := range l {
				touches = touches || reached[x.cell]
			}
			if !touches {
				continue
			}
			for _, x := range l {
				all = append(all, x.cell)
				if t.cells[x.cell].status != Shown && !reached[x.cell] {
					reached[x.cell], grew = true, true
				}
			}
		}
	}
	return all
}

func has(l []term, i int) bool {
	for _, x := range l {
		if x.cell == i {
			return true
		}
	}
	return false
}

// cheapest is the shown non-zero cell among cs that costs least to hide,
// or −1.
func (t *Table) cheapest(cs []int) int {
	var shown []int
	for _, c := range cs {
		if t.cells[c].status == Shown && t.cells[c].n != 0 {
			shown = append(shown, c)
		}
	}
	if len(shown) == 0 {
		return -1
	}
	sort.Slice(shown, func(a, b int) bool {
		x, y := t.cells[shown[a]], t.cells[shown[b]]
		switch {
		case math.Abs(x.n) != math.Abs(y.n):
			return math.Abs(x.n) < math.Abs(y.n)
		case x.lines != y.lines:
			return x.lines < y.lines
		}
		return shown[a] < shown[b]
	})
	return shown[0]
}
