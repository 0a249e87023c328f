package ods

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/sightline-uk/sightline"
)

// OpenDocument namespaces, as resolved by the XML decoder.
const (
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsDraw   = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
)

// maxRepeat bounds a single repeat count; real files stay far below it and
// it keeps the running column and row counts from overflowing.
const maxRepeat = 1 << 30

// kind is what an open element means to the parser, so that its end tag can
// be handled without re-examining its name.
type kind uint8

const (
	kOther kind = iota
	kTable
	kRow
	kCell
	kPara
)

// parser is the state of one streaming pass over content.xml.
type parser struct {
	name   string
	wb     *Workbook
	budget int // cells that may still be materialised

	stack []kind
	skip  int // depth inside a subtree whose content is ignored

	sawSpreadsheet bool

	// current sheet
	sheet       *Sheet
	pendingRows int // empty rows not yet materialised

	// current row
	inRow        bool
	rowNum       int // 1-based number of the row's first repeat
	rowRepeat    int
	cells        []Cell // reused between rows
	pendingCells int    // empty cells not yet materialised
	col          int    // 0-based column of the next cell

	// current cell
	inCell     bool
	cell       Cell
	cellRepeat int
	attrText   string // office:string-value, date-value… used when there is no text
	stringVal  bool   // attrText is office:string-value, which wins over the text
	text       []byte
	paras      int
	paraDepth  int
	space      bool // last character written was collapsible white space
}

func (p *parser) parse(r io.Reader) error {
	p.wb = &Workbook{}
	d := xml.NewDecoder(r)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return p.fail(-1, "malformed content.xml (XML line %d): %s", se.Line, se.Msg)
			}
			return p.fail(-1, "cannot read content.xml: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if err := p.end(); err != nil {
				return err
			}
		case xml.CharData:
			if p.skip == 0 && p.paraDepth > 0 {
				if err := p.chars(t); err != nil {
					return err
				}
			}
		}
	}
	if !p.sawSpreadsheet {
		return &sightline.InputError{File: p.name, Msg: "not an OpenDocument spreadsheet: content.xml has no office:spreadsheet body"}
	}
	return nil
}

func (p *parser) start(t xml.StartElement) error {
	if p.skip > 0 {
		p.skip++
		return nil
	}
	n := t.Name
	if p.inCell {
		switch {
		case n.Space == nsOffice && n.Local == "annotation", n.Space == nsDraw, n.Space == nsTable && n.Local == "table":
			// Comments, drawings and sub-tables are not the cell's value.
			p.skip = 1
			return nil
		case n.Space == nsText && (n.Local == "p" || n.Local == "h"):
			if p.paraDepth == 0 {
				if p.paras > 0 {
					p.text = append(p.text, '\n')
				}
				p.paras++
				p.space = true
			}
			p.paraDepth++
			p.stack = append(p.stack, kPara)
			return nil
		case p.paraDepth > 0 && n.Space == nsText:
			switch n.Local {
			case "s":
				c := 1
				if v, ok := attr(t, nsText, "c"); ok {
					if k, ok := strconvInt(v); ok {
						c = k
					}
				}
				if c > maxText-len(p.text) {
					return p.fail(p.col, "cell text longer than %d bytes", maxText)
				}
				for range c {
					p.text = append(p.text, ' ')
				}
				p.space = true
			case "tab":
				p.text = append(p.text, '\t')
				p.space = true
			case "line-break":
				p.text = append(p.text, '\n')
				p.space = true
			}
		}
		p.stack = append(p.stack, kOther)
		return nil
	}
	if n.Space == nsOffice && n.Local == "spreadsheet" {
		p.sawSpreadsheet = true
	}
	if n.Space != nsTable {
		p.stack = append(p.stack, kOther)
		return nil
	}
	switch n.Local {
	case "table":
		if p.sheet != nil {
			p.skip = 1 // a table nested in a table is not a sheet
			return nil
		}
		name, _ := attr(t, nsTable, "name")
		p.sheet = &Sheet{Name: name}
		p.pendingRows = 0
		p.stack = append(p.stack, kTable)
	case "table-row":
		if p.sheet == nil || p.inRow {
			p.skip = 1
			return nil
		}
		p.inRow = true
		p.rowNum = len(p.sheet.Rows) + p.pendingRows + 1
		rep, err := p.repeat(t, "number-rows-repeated", -1)
		if err != nil {
			return err
		}
		p.rowRepeat = rep
		p.cells = p.cells[:0]
		p.pendingCells = 0
		p.col = 0
		p.stack = append(p.stack, kRow)
	case "table-cell", "covered-table-cell":
		if !p.inRow {
			p.skip = 1
			return nil
		}
		rep, err := p.repeat(t, "number-columns-repeated", p.col)
		if err != nil {
			return err
		}
		if err := p.startCell(t, rep); err != nil {
			return err
		}
		p.stack = append(p.stack, kCell)
	default:
		p.stack = append(p.stack, kOther)
	}
	return nil
}

// repeat reads a repeat count attribute, 1 when absent.
func (p *parser) repeat(t xml.StartElement, local string, col int) (int, error) {
	v, ok := attr(t, nsTable, local)
	if !ok {
		return 1, nil
	}
	n, ok := strconvInt(v)
	if !ok || n > maxRepeat {
		return 0, p.fail(col, "table:%s=%q is not a positive whole number up to %d", local, v, maxRepeat)
	}
	return n, nil
}

func (p *parser) startCell(t xml.StartElement, rep int) error {
	p.inCell = true
	p.cell = Cell{}
	p.cellRepeat = rep
	p.attrText = ""
	p.stringVal = false
	p.text = p.text[:0]
	p.paras = 0
	p.paraDepth = 0
	vt, _ := attr(t, nsOffice, "value-type")
	switch vt {
	case "float", "percentage", "currency":
		v, ok := attr(t, nsOffice, "value")
		if !ok {
			return nil // malformed but harmless: keep the displayed text
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return p.fail(p.col, "office:value=%q of a %s cell is not a number", v, vt)
		}
		p.cell.Float, p.cell.IsFloat = f, true
	case "string":
		p.attrText, p.stringVal = attr(t, nsOffice, "string-value")
	case "date":
		p.attrText, _ = attr(t, nsOffice, "date-value")
	case "time":
		p.attrText, _ = attr(t, nsOffice, "time-value")
	case "boolean":
		p.attrText, _ = attr(t, nsOffice, "boolean-value")
	}
	return nil
}

// chars appends paragraph text, collapsing runs of white space as ODF
// requires (literal spaces beyond the first are written as text:s).
func (p *parser) chars(b []byte) error {
	for _, c := range b {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			if !p.space {
				p.text = append(p.text, ' ')
				p.space = true
			}
			continue
		}
		p.text = append(p.text, c)
		p.space = false
	}
	if len(p.text) > maxText {
		return p.fail(p.col, "cell text longer than %d bytes", maxText)
	}
	return nil
}

func (p *parser) end() error {
	if p.skip > 0 {
		p.skip--
		return nil
	}
	if len(p.stack) == 0 {
		return nil // the decoder rejects unbalanced tags; be safe regardless
	}
	k := p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	switch k {
	case kPara:
		p.paraDepth--
	case kCell:
		return p.endCell()
	case kRow:
		return p.endRow()
	case kTable:
		p.wb.Sheets = append(p.wb.Sheets, p.sheet)
		p.sheet = nil
	}
	return nil
}

func (p *parser) endCell() error {
	p.inCell = false
	c := p.cell
	switch {
	case p.stringVal:
		c.Text = p.attrText
	case len(p.text) > 0:
		c.Text = string(p.text)
	default:
		c.Text = p.attrText
	}
	n := p.cellRepeat
	if c.Empty() {
		p.pendingCells += n
		p.col += n
		return nil
	}
	if len(p.cells)+p.pendingCells+n > maxColumns {
		return p.fail(p.col, "row has more than %d columns", maxColumns)
	}
	for range p.pendingCells {
		p.cells = append(p.cells, Cell{})
	}
	for range n {
		p.cells = append(p.cells, c)
	}
	p.pendingCells = 0
	p.col += n
	return nil
}

func (p *parser) endRow() error {
	defer func() { p.inRow = false }()
	if len(p.cells) == 0 {
		p.pendingRows += p.rowRepeat
		return nil
	}
	if len(p.sheet.Rows)+p.pendingRows+p.rowRepeat > maxRows {
		return p.fail(-1, "sheet has more than %d rows", maxRows)
	}
	if p.rowRepeat > p.budget/len(p.cells) {
		return p.fail(-1, "workbook has more than %d cells", maxCells)
	}
	p.budget -= len(p.cells) * p.rowRepeat
	for range p.pendingRows {
		p.sheet.Rows = append(p.sheet.Rows, nil)
	}
	p.pendingRows = 0
	for range p.rowRepeat {
		p.sheet.Rows = append(p.sheet.Rows, slices.Clone(p.cells))
	}
	return nil
}

// fail builds an input error located at the current sheet, row and (when
// col >= 0) column.
func (p *parser) fail(col int, format string, args ...any) error {
	e := &sightline.InputError{File: p.name, Msg: fmt.Sprintf(format, args...)}
	if p.sheet != nil {
		e.Msg = fmt.Sprintf("sheet %q: %s", p.sheet.Name, e.Msg)
		if p.inRow {
			e.Line = p.rowNum
			if col >= 0 {
				e.Column = ColumnName(col)
			}
		}
	}
	return e
}

func attr(t xml.StartElement, space, local string) (string, bool) {
	for _, a := range t.Attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value, true
		}
	}
	return "", false
}
