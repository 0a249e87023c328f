package linkage

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Table holds the records to link, column by column, with every value
// already normalised, so that comparisons run on clean values and a column
// is one contiguous slice the scorer walks without chasing rows. A null is
// the empty string.
type Table struct {
	// Columns names each column in order.
	Columns []string
	data    [][]string
	n       int
	index   map[string]int
	// verbatim holds, for the few columns whose exact text matters (the
	// unique id, the source), the values as written.
	verbatim map[int][]string
}

// NewTable builds a table from rows as a file reader produces them, so
// readers need know nothing of normalisation. Every row must have one value
// per column.
func NewTable(columns []string, rows [][]string) (*Table, error) {
	t, err := emptyTable(columns, len(rows))
	if err != nil {
		return nil, err
	}
	for r, row := range rows {
		if len(row) != len(columns) {
			return nil, fmt.Errorf("linkage: row %d has %d values, want %d (one per column)", r+1, len(row), len(columns))
		}
		for c, v := range row {
			t.data[c][r] = Normalise(v)
		}
	}
	return t, nil
}

// NewTableColumns builds a table from whole columns, for readers (Parquet,
// DuckDB) that already hold data column by column.
func NewTableColumns(columns []string, values [][]string) (*Table, error) {
	if len(values) != len(columns) {
		return nil, fmt.Errorf("linkage: %d columns named but %d given", len(columns), len(values))
	}
	n := 0
	if len(values) > 0 {
		n = len(values[0])
	}
	t, err := emptyTable(columns, n)
	if err != nil {
		return nil, err
	}
	for c, col := range values {
		if len(col) != n {
			return nil, fmt.Errorf("linkage: column %q has %d values, want %d", columns[c], len(col), n)
		}
		for r, v := range col {
			t.data[c][r] = Normalise(v)
		}
	}
	return t, nil
}

func emptyTable(columns []string, n int) (*Table, error) {
	t := &Table{Columns: append([]string(nil), columns...), n: n, index: make(map[string]int, len(columns))}
	t.data = make([][]string, len(columns))
	for i, c := range columns {
		if _, dup := t.index[c]; dup {
			return nil, fmt.Errorf("linkage: column %q named twice", c)
		}
		t.index[c] = i
		t.data[i] = make([]string, n)
	}
	return t, nil
}

// KeepVerbatim stores a column's values as the source wrote them (only
// trimmed), for ids and source names: a record must come back with its id
// exactly as its source issued it, not lower-cased for comparison.
func (t *Table) KeepVerbatim(column string, values []string) error {
	c, ok := t.index[column]
	if !ok {
		return fmt.Errorf("linkage: no column %q", column)
	}
	if len(values) != t.n {
		return fmt.Errorf("linkage: %d values for column %q, want %d", len(values), column, t.n)
	}
	if t.verbatim == nil {
		t.verbatim = map[int][]string{}
	}
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = strings.TrimSpace(v)
	}
	t.verbatim[c] = out
	return nil
}

// Verbatim gives a column's values as written when they were kept, and its
// normalised values otherwise.
func (t *Table) Verbatim(column string) ([]string, bool) {
	c, ok := t.index[column]
	if !ok {
		return nil, false
	}
	if v, ok := t.verbatim[c]; ok {
		return v, true
	}
	return t.data[c], true
}

// Len is the number of records.
func (t *Table) Len() int { return t.n }

// Column returns a column's normalised values, shared not copied, so
// callers can read a million values without an allocation.
func (t *Table) Column(name string) ([]string, bool) {
	i, ok := t.index[name]
	if !ok {
		return nil, false
	}
	return t.data[i], true
}

// Value is one normalised cell, for explanations and output.
func (t *Table) Value(row int, column string) string {
	i, ok := t.index[column]
	if !ok || row < 0 || row >= t.n {
		return ""
	}
	return t.data[i][row]
}

// nullTokens are the spellings of "no value" found in partner agencies'
// extracts; each is read as null so it never agrees with itself.
var nullTokens = map[string]bool{
	"null": true, "na": true, "n/a": true, "none": true, "nan": true, "nil": true,
	"-": true, "?": true, "unknown": true, "not known": true, "not recorded": true,
}

// Normalise trims, lower-cases and collapses runs of spaces, and turns the
// common null tokens into the empty string, so that "  SMITH " and "smith"
// agree and "N/A" never does. A value already normal is returned without
// allocating.
func Normalise(v string) string {
	clean := true
	prevSpace := true
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || c == '\t' || c == '\n' || c == '\r' || (c == ' ' && prevSpace) {
			clean = false
			break
		}
		prevSpace = c == ' '
	}
	if clean && (len(v) == 0 || v[len(v)-1] != ' ') {
		if len(v) <= 12 && nullTokens[v] {
			return ""
		}
		return v
	}
	var b strings.Builder
	b.Grow(len(v))
	space := false
	for _, r := range v {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	s := b.String()
	if nullTokens[s] {
		return ""
	}
	return s
}
