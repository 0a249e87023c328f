package cin

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/returns"
)

// records are the elements whose fields make one row, by parent/element.
// Disabilities, factors at assessment and review dates are lists: each item
// is a row of its own; CIN episodes, assessments and plans are read apart
// because they hold records of their own.
var records = map[string]string{
	"Child/ChildIdentifiers":           ChildIdentifiers,
	"Child/ChildCharacteristics":       ChildCharacteristics,
	"CINdetails/CINPlanDates":          CINplanDates,
	"CINdetails/Section47":             Section47,
	"CINdetails/PreProceedingsandFGDM": PreProceedings,
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

// renamed are elements whose field name changed between census years:
// GenderCurrent (to 2024) is Sex from 2025.
var renamed = map[string]string{"GenderCurrent": "Sex"}

// Read reads a CIN census XML file of any layout from 2017 to 2026 into a
// return. The structure is checked only as far as reading needs (known
// elements in known places); the year's schema is checked separately.
// Errors name the file, the line and the element.
func Read(name string, data []byte) (*Return, error) {
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
		path      []string
		text      []byte
		child     string // LAchildID of the child being read
		cinID     int
		cppID     int
		header    = map[string]string{}
		rec       map[string]string // the identifiers, characteristics, plan dates or s47 being read
		recTable  string
		recLine   int
		cinRec    map[string]string // the CIN episode being read
		cinLine   int
		factors   []string
		assessRec map[string]string
		cppRec    map[string]string
		sawRoot   bool
	)
	add := func(table string, line int, vals map[string]string) {
		t := r.Tables[table]
		row := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			row[i] = vals[c]
		}
		t.Rows = append(t.Rows, row)
		t.Lines = append(t.Lines, line)
	}
	ids := func() map[string]string {
		m := map[string]string{"LAchildID": child, "CINdetailsID": strconv.Itoa(cinID)}
		if cppID > 0 {
			m["CPPID"] = strconv.Itoa(cppID)
		}
		return m
	}
	sc := newXMLScanner(data)
	for {
		if !sc.next() {
			if sc.err == nil {
				break
			}
			line := sc.line
			var se *xml.SyntaxError
			if errors.As(sc.err, &se) {
				line = se.Line
			}
			return nil, fail(line, "", "malformed XML: %v", sc.err)
		}
		tk := &sc.tok
		line := tk.EndLine
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
					rec, recTable, recLine = map[string]string{}, records[parent+"/"+el], line
				case "CINdetails":
					cinID++
					cppID = 0
					cinRec, cinLine = ids(), line
				}
			case parent == "CINdetails":
				switch el {
				case "Assessments":
					assessRec, factors = ids(), nil
					assessRec["_line"] = strconv.Itoa(line)
				case "CINPlanDates", "Section47", "PreProceedingsandFGDM":
					rec, recTable, recLine = ids(), records[parent+"/"+el], line
				case "ChildProtectionPlans":
					cppID++
					cppRec = ids()
					cppRec["_line"] = strconv.Itoa(line)
				}
			}
		case tokText:
			text = append(text, tk.Text...)
		case tokEnd:
			el := tk.Name
			var v string
			if t := bytes.TrimSpace(text); len(t) > 0 {
				v = string(t)
			}
			text = text[:0]
			parent := ""
			if len(path) > 1 {
				parent = path[len(path)-2]
			}
			if n, ok := renamed[el]; ok {
				el = n
			}
			switch {
			case parent == "CollectionDetails" || parent == "Source":
				header[el] = v
			case parent == "Child" && el == "ChildIdentifiers":
				child = rec["LAchildID"]
				add(ChildIdentifiers, recLine, rec)
				rec = nil
			case parent == "Child" && el == "ChildCharacteristics":
				rec["LAchildID"] = child
				add(ChildCharacteristics, recLine, rec)
				rec = nil
			case parent == "Child" && el == "CINdetails":
				add(CINdetails, cinLine, cinRec)
				cinRec = nil
			case parent == "CINdetails" && (el == "CINPlanDates" || el == "Section47" || el == "PreProceedingsandFGDM"):
				add(recTable, recLine, rec)
				rec = nil
			case parent == "Disabilities" && el == "Disability":
				add(Disabilities, line, map[string]string{"LAchildID": child, "Disability": v})
			case parent == "FactorsIdentifiedAtAssessment" && el == "AssessmentFactors":
				factors = append(factors, v)
			case parent == "CINdetails" && el == "Assessments":
				l, _ := strconv.Atoi(assessRec["_line"])
				if len(factors) == 0 {
					factors = []string{""} // the assessment still counts, with no factor
				}
				for _, f := range factors {
					row := map[string]string{"AssessmentFactors": f}
					for k, v := range assessRec {
						row[k] = v
					}
					add(Assessments, l, row)
				}
				assessRec = nil
			case parent == "Reviews" && el == "CPPreviewDate":
				vals := map[string]string{"CPPreviewDate": v}
				for _, k := range []string{"LAchildID", "CINdetailsID", "CPPID"} {
					vals[k] = cppRec[k]
				}
				add(Reviews, line, vals)
			case parent == "CINdetails" && el == "ChildProtectionPlans":
				l, _ := strconv.Atoi(cppRec["_line"])
				add(ChildProtectionPlans, l, cppRec)
				cppRec = nil
			case parent == "Assessments" && assessRec != nil && el != "FactorsIdentifiedAtAssessment":
				if !knownColumn(Assessments, el) {
					return nil, fail(line, el, "unknown element %s in Assessments", el)
				}
				assessRec[el] = v
			case parent == "ChildProtectionPlans" && cppRec != nil && el != "Reviews":
				if !knownColumn(ChildProtectionPlans, el) {
					return nil, fail(line, el, "unknown element %s in ChildProtectionPlans", el)
				}
				cppRec[el] = v
			case parent == "CINdetails" && cinRec != nil:
				if el == "Assessments" || el == "CINPlanDates" || el == "Section47" || el == "ChildProtectionPlans" || el == "PreProceedingsandFGDM" {
					break // records of their own, handled above
				}
				if !knownColumn(CINdetails, el) {
					return nil, fail(line, el, "unknown element %s in CINdetails", el)
				}
				cinRec[el] = v
			case rec != nil && (parent == "ChildIdentifiers" || parent == "ChildCharacteristics" || parent == "CINPlanDates" || parent == "Section47" || parent == "PreProceedingsandFGDM"):
				if el == "Disabilities" {
					break // a list, handled above
				}
				if !knownColumn(recTable, el) {
					return nil, fail(line, el, "unknown element %s in %s", el, parent)
				}
				rec[el] = v
			}
			path = path[:len(path)-1]
		}
	}
	if !sawRoot {
		return nil, &sightline.InputError{File: name, Msg: "no Message element: not a CIN census XML file"}
	}
	add(Header, 1, header)
	r.LA = header["LEA"]
	if d := ParseDate(header["ReferenceDate"]); d.OK {
		r.Year = d.Year()
		if d.Month() > 3 {
			r.Year++
		}
	}
	return r, nil
}

// ParseDate reads a census date (yyyy-mm-dd).
func ParseDate(s string) returns.Date { return returns.ParseLayouts(s, Layouts...) }

func knownColumn(table, col string) bool {
	for _, c := range Columns[table] {
		if c == col {
			return true
		}
	}
	return false
}
