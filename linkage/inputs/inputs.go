// Package inputs reads the record files that partner agencies send — CSV in
// whatever dialect their system exports, or Parquet — into one table shape
// the linkage engine, the settings inference and the evaluation share, and
// refuses bad files with an error a person can act on.
package inputs

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	// The DuckDB driver reads Parquet without a second Parquet library.
	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/sightline-uk/sightline"
)

// Input is one source's records as text: every value a string, a missing
// value the empty string, so that CSV and Parquet inputs look the same to
// everything downstream.
type Input struct {
	// Source names where the records came from ("school_census"); it is
	// the file's base name unless a name is given, and becomes the value
	// of the source column when sources are linked.
	Source string
	// File is the path read, kept for error messages.
	File    string
	Columns []string
	Rows    [][]string
	// Lines holds each row's line in the file (its row number for
	// Parquet), so that a later check can point at it.
	Lines []int
}

// RecordID identifies a record across sources: ids are only unique within
// the source that issued them.
type RecordID struct {
	Source string
	ID     string
}

// Index returns the position of a column, or -1, so callers can tell a
// missing column from the first one.
func (in *Input) Index(column string) int {
	for i, c := range in.Columns {
		if c == column {
			return i
		}
	}
	return -1
}

// IDs returns every record's identity, in row order, for evaluation and for
// engines that key their results by record.
func (in *Input) IDs(idColumn string) ([]RecordID, error) {
	j := in.Index(idColumn)
	if j < 0 {
		return nil, in.errorf(0, idColumn, "no id column %q (columns are %s)", idColumn, strings.Join(in.Columns, ", "))
	}
	out := make([]RecordID, len(in.Rows))
	for i, r := range in.Rows {
		out[i] = RecordID{Source: in.Source, ID: r[j]}
	}
	return out, nil
}

// Check refuses an input whose records cannot be told apart: a missing id
// column, a blank id or an id used twice would make links ambiguous.
func (in *Input) Check(idColumn string) error {
	j := in.Index(idColumn)
	if j < 0 {
		return in.errorf(0, idColumn, "no id column %q (columns are %s)", idColumn, strings.Join(in.Columns, ", "))
	}
	seen := make(map[string]int, len(in.Rows))
	for i, r := range in.Rows {
		id := r[j]
		if id == "" {
			return in.errorf(in.line(i), idColumn, "blank id")
		}
		if first, ok := seen[id]; ok {
			return in.errorf(in.line(i), idColumn, "duplicate id %q (first on line %d)", id, in.line(first))
		}
		seen[id] = i
	}
	return nil
}

func (in *Input) line(i int) int {
	if i < len(in.Lines) {
		return in.Lines[i]
	}
	return i + 2
}

func (in *Input) errorf(line int, column, format string, args ...any) error {
	return &sightline.InputError{File: in.File, Line: line, Column: column, Msg: fmt.Sprintf(format, args...)}
}

// Link prepares several sources for linking: each is checked, their names
// must differ, and each gains a source column holding its name (first, so
// it is easy to see), because ids alone do not say which source a record
// is from.
func Link(ins []*Input, idColumn, sourceColumn string) error {
	names := map[string]string{}
	for _, in := range ins {
		if in.Source == "" {
			return in.errorf(0, "", "the source has no name")
		}
		if other, ok := names[in.Source]; ok {
			return in.errorf(0, "", "source name %q is also the name of %s: give each source its own name", in.Source, other)
		}
		names[in.Source] = in.File
		if err := in.Check(idColumn); err != nil {
			return err
		}
		if in.Index(sourceColumn) >= 0 {
			return in.errorf(0, sourceColumn, "already has a column %q, which linking uses for the source name", sourceColumn)
		}
	}
	for _, in := range ins {
		in.Columns = append([]string{sourceColumn}, in.Columns...)
		for i, r := range in.Rows {
			in.Rows[i] = append([]string{in.Source}, r...)
		}
	}
	return nil
}

// SourceName is a file's base name without its extensions
// ("police.csv.gz" → "police"), the default name of its source.
func SourceName(path string) string {
	b := filepath.Base(path)
	if i := strings.IndexByte(b, '.'); i > 0 {
		b = b[:i]
	}
	return b
}

// Read reads a CSV (optionally gzip-compressed, ".gz") or Parquet
// (".parquet") file, choosing by extension; source names the source, or is
// empty for the file's base name.
func Read(path, source string) (*Input, error) {
	if source == "" {
		source = SourceName(path)
	}
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".parquet") || strings.HasSuffix(lower, ".pq") {
		in, err := ReadParquet(path)
		if in != nil {
			in.Source = source
		}
		return in, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(lower, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			return nil, &sightline.InputError{File: path, Msg: "not gzip-compressed: " + err.Error()}
		}
		defer z.Close()
		r = z
	}
	in, err := ReadCSV(r, path)
	if in != nil {
		in.Source = source
	}
	return in, err
}

// ReadCSV reads delimited text with a header row. The delimiter is whichever
// of comma, semicolon, tab or bar is commonest in the header outside
// quotes; when every comma there is followed by a space (as in the FEBRL
// files) the space belongs to the delimiter. A byte-order mark is skipped
// and values are trimmed of surrounding space, which carries no meaning in
// a name or date.
func ReadCSV(r io.Reader, file string) (*Input, error) {
	in := &Input{Source: SourceName(file), File: file}
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	head, err := br.Peek(64 << 10)
	if len(head) == 0 {
		if err != nil && err != io.EOF {
			return nil, &sightline.InputError{File: file, Msg: err.Error()}
		}
		return nil, &sightline.InputError{File: file, Msg: "empty file: expected a header row naming the columns"}
	}
	if i := bytes.IndexAny(head, "\r\n"); i >= 0 {
		head = head[:i]
	}
	comma, spaced := sniff(head)
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	cr.TrimLeadingSpace = spaced
	cr.ReuseRecord = false

	header, err := cr.Read()
	if err == io.EOF {
		return nil, &sightline.InputError{File: file, Msg: "empty file: expected a header row naming the columns"}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	seen := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if !utf8.ValidString(h) {
			return nil, &sightline.InputError{File: file, Line: 1, Msg: fmt.Sprintf("column %d's name is not UTF-8 text", i+1)}
		}
		if h == "" {
			return nil, &sightline.InputError{File: file, Line: 1, Msg: fmt.Sprintf("column %d has no name", i+1)}
		}
		if j, ok := seen[h]; ok {
			return nil, &sightline.InputError{File: file, Line: 1, Column: h, Msg: fmt.Sprintf("columns %d and %d have the same name", j+1, i+1)}
		}
		seen[h] = i
		header[i] = h
	}
	in.Columns = header
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && rec[0] == "" && len(header) > 1 {
			continue // a blank line
		}
		if len(rec) != len(header) {
			col := ""
			if len(rec) > len(header) {
				col = fmt.Sprintf("%d", len(header)+1)
			} else {
				col = header[len(rec)]
			}
			return nil, &sightline.InputError{File: file, Line: line, Column: col,
				Msg: fmt.Sprintf("row has %d values but the header names %d columns", len(rec), len(header))}
		}
		for i, v := range rec {
			if !utf8.ValidString(v) {
				return nil, &sightline.InputError{File: file, Line: line, Column: header[i], Msg: "value is not UTF-8 text"}
			}
			rec[i] = strings.TrimSpace(v)
		}
		in.Rows = append(in.Rows, rec)
		in.Lines = append(in.Lines, line)
	}
	if len(in.Rows) == 0 {
		return nil, &sightline.InputError{File: file, Msg: "no records after the header row"}
	}
	return in, nil
}

// sniff picks the delimiter from the header line.
func sniff(head []byte) (comma rune, spaced bool) {
	counts := map[byte]int{}
	commas, spacedCommas := 0, 0
	quoted := false
	for i, c := range head {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',' || c == ';' || c == '\t' || c == '|':
			counts[c]++
			if c == ',' {
				commas++
				if i+1 < len(head) && head[i+1] == ' ' {
					spacedCommas++
				}
			}
		}
	}
	best, n := byte(','), 0
	for _, c := range []byte{',', '\t', ';', '|'} {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return rune(best), best == ',' && commas > 0 && spacedCommas == commas
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &sightline.InputError{File: file, Line: pe.Line, Column: fmt.Sprintf("%d", pe.Column), Msg: pe.Err.Error()}
	}
	return &sightline.InputError{File: file, Msg: err.Error()}
}

// ReadParquet reads a Parquet file through DuckDB, turning every value into
// the text a CSV of the same data would hold (dates as YYYY-MM-DD, NULL as
// empty).
func ReadParquet(path string) (*Input, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query("SELECT * FROM read_parquet(?)", path)
	if err != nil {
		return nil, &sightline.InputError{File: path, Msg: "cannot read as Parquet: " + err.Error()}
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	in := &Input{Source: SourceName(path), File: path, Columns: cols}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, &sightline.InputError{File: path, Line: len(in.Rows) + 1, Msg: err.Error()}
		}
		rec := make([]string, len(cols))
		for i, v := range vals {
			rec[i] = strings.TrimSpace(text(v))
		}
		in.Rows = append(in.Rows, rec)
		in.Lines = append(in.Lines, len(in.Rows))
	}
	if err := rows.Err(); err != nil {
		return nil, &sightline.InputError{File: path, Msg: err.Error()}
	}
	if len(in.Rows) == 0 {
		return nil, &sightline.InputError{File: path, Msg: "no records"}
	}
	return in, nil
}

// text renders a Parquet value as CSV would hold it.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case *big.Int:
		return x.String()
	case fmt.Stringer:
		return x.String()
	default:
		return fmt.Sprint(x)
	}
}
