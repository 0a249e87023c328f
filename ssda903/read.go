package ssda903

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sightline-uk/sightline"
)

// File is one input file: its name for messages, and its bytes.
type File struct {
	Name string
	Data []byte
}

// ReadFiles reads a return from CSV tables and/or an XML file. CSV tables
// are recognised by their columns; a file whose columns match no table, or
// a table given twice, is an error naming the file.
func ReadFiles(year int, la string, files []File) (*Return, error) {
	r := &Return{Year: year, LA: la, Tables: map[string]*Table{}, Last: map[string]*Table{}}
	for _, f := range files {
		if isXML(f.Data) {
			tabs, err := ReadXML(f.Name, f.Data)
			if err != nil {
				return nil, err
			}
			for _, t := range tabs {
				if err := r.add(f.Name, t); err != nil {
					return nil, err
				}
			}
			continue
		}
		t, err := ReadCSV(f.Name, f.Data)
		if err != nil {
			return nil, err
		}
		if err := r.add(f.Name, t); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// AddEarlier reads episodes tables (CSV, or the episodes of an XML return)
// from years before the previous one and attaches them with SetEarlier.
// They only make sense beside last year's return, which must be attached
// first.
func (r *Return) AddEarlier(files []File) error {
	if len(files) == 0 {
		return nil
	}
	if len(r.Last) == 0 {
		return &sightline.InputError{File: files[0].Name, Msg: "earlier years' episodes only count beside last year's return; give that too"}
	}
	var tables []*Table
	for _, f := range files {
		e, err := ReadFiles(r.Year-2, r.LA, []File{f})
		if err != nil {
			return err
		}
		t := e.Tables[Episodes]
		if t == nil {
			return &sightline.InputError{File: f.Name, Msg: "this is not an episodes table; earlier years take episodes tables only"}
		}
		tables = append(tables, t)
	}
	r.SetEarlier(tables...)
	return nil
}

func (r *Return) add(file string, t *Table) error {
	if prev := r.Tables[t.Name]; prev != nil {
		return &sightline.InputError{File: file, Msg: fmt.Sprintf("the %s table was already read from %s; give each table once", t.Name, prev.File)}
	}
	r.Tables[t.Name] = t
	return nil
}

func isXML(data []byte) bool {
	d := bytes.TrimLeft(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	return bytes.HasPrefix(d, []byte("<"))
}

// ReadCSV reads one CSV table and recognises which table it is by its
// columns (in any order). Extra or missing columns are errors that name the
// column, so a wrong export is caught before any rule runs.
func ReadCSV(name string, data []byte) (*Table, error) {
	fail := func(line int, col, format string, a ...any) error {
		return &sightline.InputError{File: name, Line: line, Column: col, Msg: fmt.Sprintf(format, a...)}
	}
	data, err := sightline.TextFile(name, data, "")
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, csvErr(name, err)
	}
	for i := range header {
		header[i] = strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff")))
	}
	tname, err := recognise(header)
	if err != nil {
		return nil, &sightline.InputError{File: name, Line: 1, Msg: err.Error()}
	}
	t := &Table{Name: tname, File: filepath.Base(name), Columns: header}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != len(header) {
			return nil, fail(line, "", "row has %d fields but the header has %d", len(rec), len(header))
		}
		for j := range rec {
			if !utf8.ValidString(rec[j]) {
				return nil, fail(line, header[j], "text is not valid UTF-8 (the file looks Windows-1252 encoded); save it as UTF-8 CSV")
			}
			rec[j] = strings.TrimSpace(rec[j])
		}
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, line)
	}
	return t, nil
}

// recognise names the table whose columns the header has exactly, or
// explains the nearest table's missing and extra columns.
func recognise(header []string) (string, error) {
	seen := map[string]bool{}
	for _, h := range header {
		if h == "" {
			return "", errors.New("a column has no name")
		}
		if seen[h] {
			return "", fmt.Errorf("column %s appears twice", h)
		}
		seen[h] = true
	}
	best, bestScore := "", -1
	var bestMissing, bestExtra []string
	for _, name := range TableNames {
		cols := Columns[name]
		var missing, extra []string
		for _, c := range cols {
			if !seen[c] {
				missing = append(missing, c)
			}
		}
		for _, h := range header {
			if !slices.Contains(cols, h) {
				extra = append(extra, h)
			}
		}
		if len(missing) == 0 && len(extra) == 0 {
			return name, nil
		}
		score := len(cols) - len(missing) - len(extra)
		if score > bestScore {
			best, bestScore, bestMissing, bestExtra = name, score, missing, extra
		}
	}
	sort.Strings(bestMissing)
	sort.Strings(bestExtra)
	msg := fmt.Sprintf("columns match no SSDA903 table; nearest is %s", best)
	if len(bestMissing) > 0 {
		msg += ", which also needs " + strings.Join(bestMissing, ", ")
	}
	if len(bestExtra) > 0 {
		msg += "; unknown columns: " + strings.Join(bestExtra, ", ")
	}
	return "", errors.New(msg)
}

func csvErr(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &sightline.InputError{File: name, Line: pe.Line, Msg: pe.Err.Error()}
	}
	return &sightline.InputError{File: name, Msg: err.Error()}
}
