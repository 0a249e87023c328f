// Package export writes Sightline's tables for analysts: CSV in the Explore
// Education Statistics tidy format (symbols kept, never turned into zeros or
// blanks) and xlsx workbooks with numbers as numbers.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/sightline-uk/sightline"
)

// Cell is text or a value (number or symbol).
type Cell struct {
	Text    string
	Value   sightline.Value
	IsValue bool
	// Decimals for a number's display in xlsx; -1 shows it as stored.
	Decimals int
}

// T makes a text cell.
func T(s string) Cell { return Cell{Text: s} }

// V makes a value cell shown to dp decimal places.
func V(v sightline.Value, dp int) Cell { return Cell{Value: v, IsValue: true, Decimals: dp} }

// N makes a whole-number cell.
func N(n int) Cell { return Cell{Value: sightline.Number(float64(n)), IsValue: true} }

// String renders a cell as the EES CSV would.
func (c Cell) String() string {
	if !c.IsValue {
		return c.Text
	}
	if c.Value.IsNumber() && c.Decimals >= 0 {
		return c.Value.Format(c.Decimals)
	}
	return c.Value.String()
}

// Table is a titled grid with a header row.
type Table struct {
	Title   string
	Source  string // provenance line for the notes
	Columns []string
	Rows    [][]Cell
}

// WriteCSV writes the table as CSV (UTF-8, no byte-order mark, "\n" line
// endings, as EES files are).
func WriteCSV(w io.Writer, t *Table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for i := range rec {
			rec[i] = ""
			if i < len(r) {
				rec[i] = r[i].String()
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the table as a workbook: a data sheet with a bold,
// frozen, filterable header, numbers stored as numbers with their published
// precision, symbols as text; and a notes sheet explaining the symbols and
// the source.
func WriteXLSX(w io.Writer, t *Table) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Data"
	f.SetSheetName("Sheet1", sheet)
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"#F3F2F1"}, Pattern: 1}})
	if err != nil {
		return err
	}
	numStyles := map[int]int{}
	numStyle := func(dp int) (int, error) {
		if s, ok := numStyles[dp]; ok {
			return s, nil
		}
		format := "#,##0"
		if dp > 0 {
			format += "." + strings.Repeat("0", dp)
		}
		s, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
		numStyles[dp] = s
		return s, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = excelize.Cell{Value: c, StyleID: bold}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for ri, r := range t.Rows {
		row := make([]any, len(r))
		for i, c := range r {
			switch {
			case c.IsValue && c.Value.IsNumber():
				dp := c.Decimals
				if dp < 0 {
					dp = 0
				}
				st, err := numStyle(dp)
				if err != nil {
					return err
				}
				row[i] = excelize.Cell{Value: c.Value.Num, StyleID: st}
			default:
				row[i] = c.String()
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, ri+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if len(t.Columns) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(t.Columns), len(t.Rows)+1)
		if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
			return err
		}
	}
	notes := "Notes"
	if _, err := f.NewSheet(notes); err != nil {
		return err
	}
	lines := [][]string{{t.Title}, {t.Source}, {"Contains public sector information licensed under the Open Government Licence v3.0."}, {}, {"Symbol", "Meaning"}}
	for _, s := range []string{"c", "x", "z", "low", "k", "~", ":", "u"} {
		lines = append(lines, []string{s, sightline.Symbols[s]})
	}
	for i, l := range lines {
		for j, v := range l {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr(notes, cell, v); err != nil {
				return err
			}
		}
	}
	if err := f.SetColWidth(notes, "A", "A", 14); err != nil {
		return err
	}
	if err := f.SetColWidth(notes, "B", "B", 60); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}
