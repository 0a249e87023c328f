package ssda903

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/sightline-uk/sightline"
)

// The XML return (EXPSSDA903) nests each child's records under CHILD. Its
// element names are the CSV column names, except that the placement is PL
// in XML and PLACE in CSV, and the child's id is CHILDID in the header.
//
// Repeating records are elements of their own (EPISODE under CHILD; AREVIEW,
// PERMANENCE, OC2, AD_PLACED and AMISSING under HEADER). The UASC date
// (DUC), adoption (AD1) and care leaver (OC3) fields sit directly in HEADER
// and become rows of their tables when present.
var xmlGroups = map[string]string{
	"EPISODE": Episodes, "AREVIEW": Reviews, "PERMANENCE": PrevPerm, "OC2": OC2,
	"AD_PLACED": PlacedAdoption, "AMISSING": Missing, "SW_EPISODE": SWEpisodes, "DOLO": DoLo,
}

// flatTables are the tables whose fields sit directly in HEADER.
var flatTables = []string{UASC, AD1, OC3}

var xmlRename = map[string]string{"PL": "PLACE", "CHILDID": "CHILD"}

// ReadXML reads an EXPSSDA903 file into tables. Unknown elements and
// malformed XML are errors naming the file, the child's position and the
// element; rows take the child's DOB (and SEX for UASC) from its header, as
// the CSV tables carry them.
func ReadXML(name string, data []byte) (map[string]*Table, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "us-ascii", "ascii", "utf-8", "utf8":
			return in, nil
		}
		return nil, fmt.Errorf("encoding %q is not supported; export the return as UTF-8", label)
	}
	tabs := map[string]*Table{}
	for _, n := range TableNames {
		tabs[n] = &Table{Name: n, File: filepath.Base(name), Columns: Columns[n]}
	}
	fail := func(child int, elem, format string, a ...any) error {
		line, _ := dec.InputPos()
		msg := fmt.Sprintf(format, a...)
		if child > 0 {
			msg = fmt.Sprintf("child %d: %s", child, msg)
		}
		return &sightline.InputError{File: name, Line: line, Column: elem, Msg: msg}
	}
	type groupRow struct {
		table string
		row   map[string]string
	}
	var (
		path     []string
		child    int
		header   map[string]string
		inHeader bool
		group    string // the record being read: EPISODE, AREVIEW…
		row      map[string]string
		pending  []groupRow
		text     strings.Builder
		sawRoot  bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fail(child, "", "malformed XML: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			el := tk.Name.Local
			path = append(path, el)
			text.Reset()
			switch {
			case len(path) == 1:
				if el != "EXPSSDA903" {
					return nil, fail(0, el, "the root element is %s; an SSDA903 XML return starts with EXPSSDA903", el)
				}
				sawRoot = true
			case len(path) == 2:
				if el != "CHILD" {
					return nil, fail(child, el, "unexpected element %s under EXPSSDA903 (expected CHILD)", el)
				}
				child++
				header, pending = map[string]string{}, nil
			case len(path) == 3 && el == "HEADER":
				inHeader = true
			case group == "" && xmlGroups[el] != "" && xmlGroups[el] != Header && (len(path) == 3 || inHeader && len(path) == 4):
				group, row = xmlGroups[el], map[string]string{}
			case len(path) == 3:
				return nil, fail(child, el, "unknown element %s in CHILD", el)
			case len(path) > 5 || len(path) == 5 && group == "":
				return nil, fail(child, el, "unexpected element %s inside %s", el, path[len(path)-2])
			}
		case xml.CharData:
			text.Write(tk)
		case xml.EndElement:
			el := tk.Name.Local
			v := strings.TrimSpace(text.String())
			text.Reset()
			col := el
			if r, ok := xmlRename[el]; ok {
				col = r
			}
			switch {
			case len(path) == 2:
				for _, p := range pending {
					t := tabs[p.table]
					rec := make([]string, len(t.Columns))
					for i, c := range t.Columns {
						if v, ok := p.row[c]; ok {
							rec[i] = v
						} else if c == "CHILD" || c == "DOB" || c == "SEX" {
							rec[i] = header[c] // CSV tables repeat these from the header
						}
					}
					t.Rows = append(t.Rows, rec)
					t.Lines = append(t.Lines, child)
				}
				for _, ft := range flatTables {
					t := tabs[ft]
					present := false
					rec := make([]string, len(t.Columns))
					for i, c := range t.Columns {
						rec[i] = header[c]
						if c != "CHILD" && c != "DOB" && c != "SEX" && header[c] != "" {
							present = true
						}
					}
					if ft == UASC && header["UASC"] == "1" {
						present = true
					}
					if present {
						t.Rows = append(t.Rows, rec)
						t.Lines = append(t.Lines, child)
					}
				}
				if len(header) > 0 {
					h := tabs[Header]
					rec := make([]string, len(h.Columns))
					for i, c := range h.Columns {
						rec[i] = header[c]
					}
					h.Rows = append(h.Rows, rec)
					h.Lines = append(h.Lines, child)
				}
			case len(path) == 3 && el == "HEADER":
				inHeader = false
			case group != "" && xmlGroups[el] == group && (len(path) == 3 || len(path) == 4):
				// An empty record (<UASC />) means the child has none.
				empty := true
				for _, v := range row {
					empty = empty && v == ""
				}
				if !empty {
					pending = append(pending, groupRow{group, row})
				}
				group = ""
			case group != "":
				if !knownColumn(group, col) {
					return nil, fail(child, el, "unknown element %s in %s", el, group)
				}
				row[col] = v
			case inHeader && len(path) == 4:
				if !knownColumn(Header, col) && !knownColumn(UASC, col) && !knownColumn(AD1, col) && !knownColumn(OC3, col) && col != "UASC" {
					return nil, fail(child, el, "unknown element %s in HEADER", el)
				}
				header[col] = v
			}
			path = path[:len(path)-1]
		}
	}
	if !sawRoot {
		return nil, &sightline.InputError{File: name, Msg: "no EXPSSDA903 element: not an SSDA903 XML return"}
	}
	for n, t := range tabs {
		if len(t.Rows) == 0 {
			delete(tabs, n)
		}
	}
	return tabs, nil
}

func knownColumn(table, col string) bool {
	for _, c := range Columns[table] {
		if c == col {
			return true
		}
	}
	return false
}
