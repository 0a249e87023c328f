package cin

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/returns"
)

// recordTables are the elements of a CIN episode whose fields make one row,
// and their tables. (A child's identifiers and characteristics are rows
// of tables named as the elements.) Disabilities, factors at assessment
// and review dates are lists: each item is a row of its own; assessments
// and plans are read apart because they hold lists of their own.
var recordTables = map[string]string{
	"CINPlanDates":          CINplanDates,
	"Section47":             Section47,
	"PreProceedingsandFGDM": PreProceedings,
}

// IsCensus reports whether data looks like a CIN census file (its root
// element is Message), so an upload can be routed to the right reader.
func IsCensus(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	for i := 0; i < 20; i++ {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local == "Message"
		}
	}
	return false
}

// MaxFileBytes bounds a census file: a large council's census is a few tens
// of megabytes, so anything far larger is not one, and reading it would
// only use memory.
var MaxFileBytes = 512 << 20

// maxDepth is deeper than any census element (Message/Children/Child/
// CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate is seven).
const maxDepth = 12

// Read reads a CIN census XML file of any layout from 2017 to 2026 into a
// return. The structure is checked only as far as reading needs (known
// elements in known places); ReadChecked checks the year's schema as well.
// Errors name the file, the line and the element.
func Read(name string, data []byte) (*Return, error) {
	return read(name, data, nil)
}

// ReadChecked reads a census as Read does and checks it against the schema
// of its year (as ValidateSchema does) in the same pass over the file,
// which costs a third less than reading and checking apart.
func ReadChecked(name string, data []byte) (*Return, []SchemaProblem, error) {
	chk, notes := newValidator(0, name, data)
	if chk == nil {
		r, err := read(name, data, nil)
		return r, notes, err
	}
	r, err := read(name, data, chk)
	if err != nil {
		return nil, nil, err
	}
	return r, append(notes, chk.end()...), nil
}

// read reads a census, passing every token to chk as well when it is not
// nil.
func read(name string, data []byte, chk *validator) (*Return, error) {
	if len(data) > MaxFileBytes {
		return nil, &sightline.InputError{File: name, Msg: fmt.Sprintf("the file is %d MB; a CIN census is far smaller (at most %d MB read)", len(data)>>20, MaxFileBytes>>20)}
	}
	r := &Return{File: filepath.Base(name), Tables: map[string]*Table{}}
	for _, n := range TableNames {
		r.Tables[n] = newTable(n, r.File)
	}
	fail := func(line int, elem, format string, a ...any) error {
		return &sightline.InputError{File: name, Line: line, Column: elem, Msg: fmt.Sprintf(format, a...)}
	}
	var (
		path       []string
		text       []byte
		child      string // LAchildID of the child being read
		cinID      int
		cppID      int
		header     = map[string]string{}
		rec        []string // the identifiers, characteristics, plan dates or s47 being read
		recTable   string
		recIdx     map[string]int
		recLine    int
		cinRec     []string // the CIN episode being read
		cinLine    int
		factors    []string
		assessRec  []string
		assessLine int
		cppRec     []string
		cppLine    int
		sawRoot    bool
	)
	// Records are filled straight into their rows, by column position:
	// a census has millions of fields.
	add := func(table string, line int, row []string) {
		t := r.Tables[table]
		t.Rows = append(t.Rows, row)
		t.Lines = append(t.Lines, line)
	}
	ids := func(table string) []string {
		row := make([]string, len(Columns[table]))
		setCol(table, row, "LAchildID", child)
		setCol(table, row, "CINdetailsID", strconv.Itoa(cinID))
		if cppID > 0 {
			setCol(table, row, "CPPID", strconv.Itoa(cppID))
		}
		return row
	}
	// The column indexes of the tables with the most fields, looked up
	// once rather than for each field.
	cinIdx, assessIdx, cppIdx := colIndex[CINdetails], colIndex[Assessments], colIndex[ChildProtectionPlans]
	values := new(valueCache)
	sc := newXMLScanner(data)
	for {
		if !sc.next() {
			if sc.err == nil {
				break
			}
			line, _ := sc.failure()
			return nil, fail(line, "", "malformed XML: %v", sc.err)
		}
		tk := &sc.tok
		line := tk.EndLine
		if chk != nil && tk.Kind != tokEnd {
			chk.token(tk, "")
		}
		switch tk.Kind {
		case tokStart:
			el := tk.Name
			if tk.Space != "" {
				return nil, fail(line, el, "element %s is in the XML namespace %q; the CIN census uses no namespace (is this another collection's file?)", el, tk.Space)
			}
			if len(path) >= maxDepth {
				return nil, fail(line, el, "elements are nested more than %d deep; a CIN census is never this deep", maxDepth)
			}
			parent := ""
			if len(path) > 0 {
				parent = path[len(path)-1]
			}
			path = append(path, el)
			text = text[:0]
			switch {
			case len(path) == 1:
				if el != "Message" {
					return nil, fail(line, el, "the root element is %s; a CIN census starts with Message", el)
				}
				sawRoot = true
			case parent == "Children":
				if el == "Child" {
					child, cinID, cppID = "", 0, 0
				}
			case parent == "Child":
				switch el {
				case "ChildIdentifiers", "ChildCharacteristics":
					recTable, recLine = el, line
					recIdx = colIndex[recTable]
					rec = make([]string, len(Columns[recTable]))
				case "CINdetails":
					cinID++
					cppID = 0
					cinRec, cinLine = ids(CINdetails), line
				}
			case parent == "CINdetails":
				switch el {
				case "Assessments":
					assessRec, factors, assessLine = ids(Assessments), nil, line
				case "CINPlanDates", "Section47", "PreProceedingsandFGDM":
					recTable, recLine = recordTables[el], line
					recIdx = colIndex[recTable]
					rec = ids(recTable)
				case "ChildProtectionPlans":
					cppID++
					cppRec, cppLine = ids(ChildProtectionPlans), line
				}
			}
		case tokText:
			text = append(text, tk.Text...)
		case tokEnd:
			el := tk.Name
			var v string
			if t := bytes.TrimSpace(text); len(t) > 0 {
				v = values.get(t)
			}
			if chk != nil {
				chk.token(tk, v)
			}
			text = text[:0]
			parent := ""
			if len(path) > 1 {
				parent = path[len(path)-2]
			}
			if el == "GenderCurrent" { // renamed Sex in 2025
				el = "Sex"
			}
			switch {
			case parent == "CollectionDetails" || parent == "Source":
				header[el] = v
			case parent == "Child" && el == "ChildIdentifiers":
				child = rec[colIndex[ChildIdentifiers]["LAchildID"]]
				add(ChildIdentifiers, recLine, rec)
				rec = nil
			case parent == "Child" && el == "ChildCharacteristics":
				setCol(ChildCharacteristics, rec, "LAchildID", child)
				add(ChildCharacteristics, recLine, rec)
				rec = nil
			case parent == "Child" && el == "CINdetails":
				add(CINdetails, cinLine, cinRec)
				cinRec = nil
			case parent == "CINdetails" && (el == "CINPlanDates" || el == "Section47" || el == "PreProceedingsandFGDM"):
				add(recTable, recLine, rec)
				rec = nil
			case parent == "Disabilities" && el == "Disability":
				add(Disabilities, line, []string{child, v})
			case parent == "FactorsIdentifiedAtAssessment" && el == "AssessmentFactors":
				factors = append(factors, v)
			case parent == "CINdetails" && el == "Assessments":
				if len(factors) == 0 {
					factors = []string{""} // the assessment still counts, with no factor
				}
				for _, f := range factors {
					row := append([]string(nil), assessRec...)
					setCol(Assessments, row, "AssessmentFactors", f)
					add(Assessments, assessLine, row)
				}
				assessRec = nil
			case parent == "Reviews" && el == "CPPreviewDate":
				if cppRec == nil {
					return nil, fail(line, el, "a review date outside any ChildProtectionPlans element")
				}
				row := make([]string, len(Columns[Reviews]))
				for _, k := range []string{"LAchildID", "CINdetailsID", "CPPID"} {
					setCol(Reviews, row, k, cppRec[colIndex[ChildProtectionPlans][k]])
				}
				setCol(Reviews, row, "CPPreviewDate", v)
				add(Reviews, line, row)
			case parent == "CINdetails" && el == "ChildProtectionPlans":
				add(ChildProtectionPlans, cppLine, cppRec)
				cppRec = nil
			case parent == "Assessments" && assessRec != nil && el != "FactorsIdentifiedAtAssessment":
				if !setAt(assessIdx, assessRec, el, v) {
					return nil, fail(line, el, "unknown element %s in Assessments", el)
				}
			case parent == "ChildProtectionPlans" && cppRec != nil && el != "Reviews":
				if !setAt(cppIdx, cppRec, el, v) {
					return nil, fail(line, el, "unknown element %s in ChildProtectionPlans", el)
				}
			case parent == "CINdetails" && cinRec != nil:
				if el == "Assessments" || el == "CINPlanDates" || el == "Section47" || el == "ChildProtectionPlans" || el == "PreProceedingsandFGDM" {
					break // records of their own, handled above
				}
				if !setAt(cinIdx, cinRec, el, v) {
					return nil, fail(line, el, "unknown element %s in CINdetails", el)
				}
			case rec != nil && (parent == "ChildIdentifiers" || parent == "ChildCharacteristics" || parent == "CINPlanDates" || parent == "Section47" || parent == "PreProceedingsandFGDM"):
				if el == "Disabilities" {
					break // a list, handled above
				}
				if !setAt(recIdx, rec, el, v) {
					return nil, fail(line, el, "unknown element %s in %s", el, parent)
				}
			}
			path = path[:len(path)-1]
		}
	}
	if !sawRoot {
		return nil, &sightline.InputError{File: name, Msg: "no Message element: not a CIN census XML file"}
	}
	hrow := make([]string, len(Columns[Header]))
	for k, v := range header {
		setCol(Header, hrow, k, v)
	}
	add(Header, 1, hrow)
	r.LA = header["LEA"]
	if d := ParseDate(header["ReferenceDate"]); d.OK {
		r.Year = d.Year()
		if d.Month() > 3 {
			r.Year++
		}
	}
	return r, nil
}

// valueCache shares the strings of short values a census repeats endlessly
// (dates, codes, true and false), so that reading a million episodes does
// not allocate a string for each of their fields. It is direct-mapped: a
// collision only costs an allocation.
type valueCache [4096]string

// maxCachedValue is the longest value worth sharing: a date is ten bytes.
const maxCachedValue = 16

func (c *valueCache) get(b []byte) string {
	if len(b) > maxCachedValue {
		return string(b)
	}
	h := uint32(len(b))
	for _, x := range b {
		h = h*31 + uint32(x)
	}
	h ^= h >> 12
	slot := &c[h&uint32(len(c)-1)]
	if *slot == string(b) {
		return *slot
	}
	s := string(b)
	*slot = s
	return s
}

// ParseDate reads a census date (yyyy-mm-dd).
func ParseDate(s string) returns.Date { return returns.ParseLayouts(s, Layouts...) }

// colIndex gives each table's column positions.
var colIndex = func() map[string]map[string]int {
	m := map[string]map[string]int{}
	for t, cols := range Columns {
		m[t] = map[string]int{}
		for i, c := range cols {
			m[t][c] = i
		}
	}
	return m
}()

// setCol puts a field's value in its column of a row, reporting false for
// a field the table does not have (an unknown element).
func setCol(table string, row []string, col, v string) bool {
	return setAt(colIndex[table], row, col, v)
}

// setAt is setCol with the table's column index already looked up.
func setAt(idx map[string]int, row []string, col, v string) bool {
	i, ok := idx[col]
	if ok {
		row[i] = v
	}
	return ok
}
