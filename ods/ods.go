// Package ods reads OpenDocument spreadsheets (.ods), the format in which
// MHCLG and other government departments publish their statistics, so that
// Sightline can import them as published without converting them first.
//
// It reads cell values only: no formulas, styles or formatting. Empty cells
// and rows repeated to the edge of the sheet (LibreOffice writes 16,384
// columns on every row) are trimmed rather than materialised, so a sheet
// costs memory in proportion to the cells that hold something.
package ods

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sightline-uk/sightline"
)

// Workbook is a parsed spreadsheet: its sheets in document order.
type Workbook struct {
	Sheets []*Sheet
}

// Sheet is one table of a workbook. Rows[i] is spreadsheet row i+1 and
// Rows[i][j] the cell in column j+1, so positions match what a person sees
// in a spreadsheet program. Trailing empty rows and cells are left out, so a
// row may be shorter than its neighbours (or nil): use Cell to read
// positions that may lie beyond the end.
type Sheet struct {
	Name string
	Rows [][]Cell
}

// Cell is a cell's value. Text is what the cell displays: for a number the
// formatted figure such as "16,799", for a date or boolean with no displayed
// text its stored value. Float is the exact stored number when the cell is
// numeric (float, percentage or currency): statistics should use it rather
// than the rounded display text.
type Cell struct {
	Text    string
	Float   float64
	IsFloat bool
}

// Empty reports whether the cell holds nothing, so that callers treat a
// styled but blank cell the same as one beyond the end of its row.
func (c Cell) Empty() bool { return !c.IsFloat && c.Text == "" }

// Sheet returns the sheet with this name, or nil, so callers can find a data
// sheet without depending on its position in the workbook.
func (w *Workbook) Sheet(name string) *Sheet {
	for _, s := range w.Sheets {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Cell returns the cell at 0-based row and column, or an empty Cell when the
// position lies in the trimmed empty area, so callers need no bounds checks.
func (s *Sheet) Cell(row, col int) Cell {
	if row < 0 || row >= len(s.Rows) || col < 0 || col >= len(s.Rows[row]) {
		return Cell{}
	}
	return s.Rows[row][col]
}

// ColumnName gives the spreadsheet letter of a 0-based column index (0 → "A",
// 26 → "AA"), so error messages point where a person will look.
func ColumnName(col int) string {
	if col < 0 {
		return "?"
	}
	var b []byte
	for col++; col > 0; col = (col - 1) / 26 {
		b = append(b, byte('A'+(col-1)%26))
	}
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// MIME types of an OpenDocument spreadsheet and its template.
const (
	mimeODS = "application/vnd.oasis.opendocument.spreadsheet"
	mimeOTS = "application/vnd.oasis.opendocument.spreadsheet-template"
)

// Limits that keep a hostile or corrupt file from exhausting memory through
// repeat counts: a few bytes of XML can ask for billions of cells. They are
// far above anything a statistical publication needs (RO3 has about 215,000
// cells). Variables so that tests and the fuzzer can lower them.
var (
	maxCells   = 1 << 23 // materialised cells per workbook
	maxRows    = 1 << 21 // rows per sheet, empty ones included
	maxColumns = 1 << 16 // columns per row
	maxText    = 1 << 20 // bytes of text per cell
)

// Parse is Read for a file already in memory, which is how Sightline's
// importers receive files (they hash the bytes as well as parse them).
func Parse(data []byte, name string) (*Workbook, error) {
	return Read(bytes.NewReader(data), int64(len(data)), name)
}

// Read reads an .ods file, streaming its content.xml so that even a large
// workbook is never held in memory as XML. Every error is a
// *sightline.InputError naming the file and, where it applies, the sheet,
// row and column.
func Read(r io.ReaderAt, size int64, name string) (*Workbook, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, &sightline.InputError{File: name, Msg: fmt.Sprintf("not an OpenDocument spreadsheet: not a zip archive (%v)", err)}
	}
	var content *zip.File
	for _, f := range zr.File {
		switch f.Name {
		case "mimetype":
			mt, err := readSmall(f, 256)
			if err != nil {
				return nil, &sightline.InputError{File: name, Msg: fmt.Sprintf("cannot read mimetype entry: %v", err)}
			}
			if mt := strings.TrimSpace(mt); mt != mimeODS && mt != mimeOTS {
				return nil, &sightline.InputError{File: name, Msg: fmt.Sprintf("not an OpenDocument spreadsheet: mimetype is %q, want %q", mt, mimeODS)}
			}
		case "content.xml":
			if content == nil {
				content = f
			}
		}
	}
	if content == nil {
		return nil, &sightline.InputError{File: name, Msg: "not an OpenDocument spreadsheet: the archive has no content.xml"}
	}
	rc, err := content.Open()
	if err != nil {
		return nil, &sightline.InputError{File: name, Msg: fmt.Sprintf("cannot open content.xml: %v", err)}
	}
	defer rc.Close()
	p := &parser{name: name, budget: maxCells}
	if err := p.parse(rc); err != nil {
		return nil, err
	}
	return p.wb, nil
}

func readSmall(f *zip.File, limit int64) (string, error) {
	rc, err := f.Open()
	if err != nil {
		return "", err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit))
	return string(b), err
}

// strconvInt parses a repeat or space count: a positive integer.
func strconvInt(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil && n > 0
}
