// Package returns holds the table every statutory return is read into
// (SSDA903, CIN census): cells as published, with typed, cached views that
// validation rules and measures share.
package returns

import (
	"sort"
	"strconv"
	"sync"
	"time"
)

// Table is one table of a return: cells as published (trimmed strings), with
// typed views parsed once on first use.
type Table struct {
	Name    string
	File    string
	Columns []string
	Rows    [][]string
	// Lines gives each row's place in its source: the CSV line number, or
	// the CHILD element's position in the XML file.
	Lines []int
	// Key is the column holding the child's id ("CHILD" when empty).
	Key string
	// Layouts are the date layouts cells are read with (DfE's dd/mm/yyyy
	// when empty; the CIN census XML uses ISO dates).
	Layouts []string

	once   sync.Once
	colIdx map[string]int
	mu     sync.Mutex
	child  map[string][]int
	// Per-column caches, filled on first use and read without locking:
	// rules run in parallel and read the same columns many times.
	dates   sync.Map // column → []Date
	columns sync.Map // column → []string
	sorted  sync.Map // column → []int
	derived sync.Map // caller's key → *derived
}

type derived struct {
	once sync.Once
	v    any
}

// Date is a parsed dd/mm/yyyy cell; OK is false for empty or malformed cells.
type Date struct {
	time.Time
	OK bool
}

func (t *Table) init() {
	t.once.Do(func() {
		t.colIdx = make(map[string]int, len(t.Columns))
		for i, c := range t.Columns {
			t.colIdx[c] = i
		}
	})
}

// Len is the number of rows; a nil table has none.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	return len(t.Rows)
}

// Has reports whether the table has a column.
func (t *Table) Has(col string) bool {
	if t == nil {
		return false
	}
	t.init()
	_, ok := t.colIdx[col]
	return ok
}

// Str is a cell's text, "" for a missing column or row.
func (t *Table) Str(row int, col string) string {
	if t == nil || row < 0 || row >= len(t.Rows) {
		return ""
	}
	t.init()
	i, ok := t.colIdx[col]
	if !ok || i >= len(t.Rows[row]) {
		return ""
	}
	return t.Rows[row][i]
}

// Blank reports whether a cell is empty.
func (t *Table) Blank(row int, col string) bool { return t.Str(row, col) == "" }

// Int parses a cell as a whole number.
func (t *Table) Int(row int, col string) (int, bool) {
	n, err := strconv.Atoi(t.Str(row, col))
	return n, err == nil
}

// Float parses a cell as a number ("1.0" as some exports write integers).
func (t *Table) Float(row int, col string) (float64, bool) {
	f, err := strconv.ParseFloat(t.Str(row, col), 64)
	return f, err == nil
}

// Date parses a dd/mm/yyyy cell. A column is parsed once, on first use, and
// kept, because many rules read the same dates.
func (t *Table) Date(row int, col string) Date {
	if t == nil || row < 0 || row >= len(t.Rows) {
		return Date{}
	}
	return t.DateColumn(col)[row]
}

// DateColumn is a whole column parsed as dates; index it by row.
func (t *Table) DateColumn(col string) []Date {
	if d, ok := t.dates.Load(col); ok {
		return d.([]Date)
	}
	cells := t.Column(col)
	d := make([]Date, len(cells))
	for i, c := range cells {
		d[i] = t.parse(c)
	}
	v, _ := t.dates.LoadOrStore(col, d)
	return v.([]Date)
}

// Column is a whole column's cells in row order ("" throughout for a
// column the table lacks); index it by row. Loops over many rows should
// take a column once rather than call Str per cell.
func (t *Table) Column(col string) []string {
	if t == nil {
		return nil
	}
	if c, ok := t.columns.Load(col); ok {
		return c.([]string)
	}
	t.init()
	out := make([]string, len(t.Rows))
	if i, ok := t.colIdx[col]; ok {
		for r, row := range t.Rows {
			if i < len(row) {
				out[r] = row[i]
			}
		}
	}
	v, _ := t.columns.LoadOrStore(col, out)
	return v.([]string)
}

func (t *Table) key() string {
	if t.Key == "" {
		return "CHILD"
	}
	return t.Key
}

// parse reads a date with the table's layouts.
func (t *Table) parse(s string) Date {
	if len(t.Layouts) == 0 {
		return ParseDate(s)
	}
	return ParseLayouts(s, t.Layouts...)
}

// ParseLayouts reads a date in any of the layouts.
func ParseLayouts(s string, layouts ...string) Date {
	if s == "" {
		return Date{}
	}
	if layouts[0] == "2006-01-02" {
		if d, ok := parseISODate(s); ok {
			return d
		}
	}
	for _, l := range layouts {
		if d, err := time.Parse(l, s); err == nil {
			return Date{Time: d, OK: true}
		}
	}
	return Date{}
}

// parseISODate reads yyyy-mm-dd without time.Parse's generality: census
// files hold millions of dates. It returns ok false for anything it does
// not fully accept, so the caller falls back to time.Parse.
func parseISODate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	num := func(b string) (int, bool) {
		n := 0
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 {
		return Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31 February and the like
		return Date{}, true
	}
	return Date{Time: t, OK: true}, true
}

// ParseDate reads DfE's dd/mm/yyyy dates (one-digit days and months are
// accepted, as spreadsheets write them).
func ParseDate(s string) Date {
	if s == "" {
		return Date{}
	}
	for _, layout := range []string{"02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{Time: t, OK: true}
		}
	}
	return Date{}
}

// ByChild maps each child's id to its rows, in table order.
func (t *Table) ByChild() map[string][]int {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.child == nil {
		ids := t.Column(t.key())
		t.child = Group(len(ids), func(i int) (string, bool) { return ids[i], true })
	}
	return t.child
}

// Group maps each key to its rows, in order, for rows 0..n-1 where key
// gives a key and true (rows it gives false for are left out). The rows of
// all keys share one backing array, so a table of a million rows costs two
// allocations rather than one per key: rules group tables by child or
// episode all the time.
func Group[K comparable](n int, key func(i int) (K, bool)) map[K][]int {
	ids := make(map[K]int32, n/2+1)
	group := make([]int32, n) // each row's group, or -1
	var count []int32
	for i := 0; i < n; i++ {
		k, ok := key(i)
		if !ok {
			group[i] = -1
			continue
		}
		g, seen := ids[k]
		if !seen {
			g = int32(len(count))
			ids[k] = g
			count = append(count, 0)
		}
		group[i] = g
		count[g]++
	}
	// Each group's slice of one backing array, filled in row order.
	start := make([]int32, len(count)+1)
	for g, c := range count {
		start[g+1] = start[g] + c
	}
	rows := make([]int, start[len(count)])
	next := append([]int32(nil), start[:len(count)]...)
	for i, g := range group {
		if g >= 0 {
			rows[next[g]] = i
			next[g]++
		}
	}
	out := make(map[K][]int, len(ids))
	for k, g := range ids {
		out[k] = rows[start[g]:start[g+1]:start[g+1]]
	}
	return out
}

// SortedBy returns row indices ordered by child, then by a date column
// (undated rows last), the order episode-sequence rules walk.
//
// The order is computed once per column and shared: callers must not
// modify the returned slice.
func (t *Table) SortedBy(dateCol string) []int {
	if s, ok := t.sorted.Load(dateCol); ok {
		return s.([]int)
	}
	idx := make([]int, t.Len())
	for i := range idx {
		idx[i] = i
	}
	d := t.DateColumn(dateCol)
	child := t.Column(t.key())
	sort.SliceStable(idx, func(a, b int) bool {
		ca, cb := child[idx[a]], child[idx[b]]
		if ca != cb {
			return ca < cb
		}
		da, db := d[idx[a]], d[idx[b]]
		if da.OK != db.OK {
			return da.OK
		}
		return da.Before(db.Time)
	})
	v, _ := t.sorted.LoadOrStore(dateCol, idx)
	return v.([]int)
}

// Derived is the value compute gives, computed once per table and key and
// then shared: several rules, running in parallel, need the same view of a
// table (an ordering of its rows, a cohort of children), and it lives as
// long as the table does. The key must be comparable and name whatever
// else the value depends on (another table, the collection year); callers
// must not modify the value.
func (t *Table) Derived(key any, compute func() any) any {
	v, ok := t.derived.Load(key)
	if !ok {
		v, _ = t.derived.LoadOrStore(key, &derived{})
	}
	d := v.(*derived)
	d.once.Do(func() { d.v = compute() })
	return d.v
}

// Age is the whole years between birth and a date.
func Age(dob, on time.Time) int {
	y := on.Year() - dob.Year()
	if on.Month() < dob.Month() || on.Month() == dob.Month() && on.Day() < dob.Day() {
		y--
	}
	return y
}

// In reports whether s is one of the codes (trimmed, case as given).
func In(s string, codes ...string) bool {
	for _, c := range codes {
		if s == c {
			return true
		}
	}
	return false
}
