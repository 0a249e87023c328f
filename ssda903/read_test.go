package ssda903

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline"
)

func fakeFiles(t testing.TB, csvOnly bool) []File {
	t.Helper()
	paths, _ := filepath.Glob("testdata/fake_2017/*")
	var out []File
	for _, p := range paths {
		ext := filepath.Ext(p)
		if ext == ".md" || csvOnly && ext == ".xml" || !csvOnly && ext == ".csv" {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, File{Name: p, Data: data})
	}
	return out
}

func TestReadFakeCSVAndXML(t *testing.T) {
	c, err := ReadFiles(2018, "999", fakeFiles(t, true))
	if err != nil {
		t.Fatal(err)
	}
	x, err := ReadFiles(2018, "999", fakeFiles(t, false))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range TableNames {
		t.Logf("%-15s csv %5d  xml %5d", n, c.T(n).Len(), x.T(n).Len())
	}
}

func TestXMLStructure(t *testing.T) {
	x, err := ReadFiles(2018, "999", fakeFiles(t, false))
	if err != nil {
		t.Fatal(err)
	}
	h := x.T(Header)
	kids := h.ByChild()
	for _, n := range TableNames {
		tab := x.T(n)
		for i := 0; i < tab.Len(); i++ {
			if _, ok := kids[tab.Str(i, "CHILD")]; !ok {
				t.Fatalf("%s row %d: child %q has no header", n, i, tab.Str(i, "CHILD"))
			}
		}
	}
	e := x.T(Episodes)
	if e.Len() == 0 || e.Str(0, "PLACE") == "" || e.Str(0, "CHILD") != "907440" || e.Str(0, "DECOM") != "06/01/2017" || e.Str(0, "PLACE") != "R5" {
		t.Errorf("first episode %v: PL should be read as PLACE", e.Rows[0])
	}
	if u := x.T(UASC); u.Len() == 0 || u.Str(0, "DUC") == "" || u.Str(0, "DOB") == "" {
		t.Error("UASC rows should carry DUC and the header's DOB")
	}
}

func TestCSVBadInput(t *testing.T) {
	cases := []struct {
		name, data, want string
		line             int
	}{
		{"extra.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,COLOUR\n1,M,01/01/2010,WBRI,,,,red\n", "unknown columns: COLOUR", 1},
		{"missing.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER\n1,M,01/01/2010,WBRI,,\n", "needs MC_DOB", 1},
		{"nothing.csv", "A,B\n1,2\n", "match no SSDA903 table", 1},
		{"dup.csv", "CHILD,CHILD\n1,2\n", "appears twice", 1},
		{"short.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,M\n", "row has 2 fields", 2},
		{"cp1252.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END\nO\x92Brien,01/01/2010,M,01/01/2024,\n", "Windows-1252", 2},
		{"quote.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END\n\"1,01/01/2010,M,01/01/2024,\n", "quote", 2},
		{"empty.csv", "", "empty", 0},
		{"utf16.csv", "\xff\xfeC\x00", "UTF-16", 1},
	}
	for _, c := range cases {
		_, err := ReadCSV(c.name, []byte(c.data))
		var ie *sightline.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) || ie.Line != c.line || ie.File != c.name {
			t.Errorf("%s: %v; want an InputError at line %d mentioning %q", c.name, err, c.line, c.want)
		}
	}
	// A byte-order mark and lower-case headers are fine.
	tab, err := ReadCSV("bom.csv", []byte("\xef\xbb\xbfchild,dob,missing,mis_start,mis_end\n1,01/01/2010,M,01/01/2024,\n"))
	if err != nil || tab.Name != Missing || tab.Str(0, "MISSING") != "M" || tab.Lines[0] != 2 {
		t.Errorf("BOM file: %+v %v", tab, err)
	}
	// A table given twice is refused.
	f := File{Name: "a.csv", Data: []byte("CHILD,DOB,MISSING,MIS_START,MIS_END\n1,01/01/2010,M,01/01/2024,\n")}
	if _, err := ReadFiles(2025, "330", []File{f, f}); err == nil || !strings.Contains(err.Error(), "already read") {
		t.Errorf("duplicate table: %v", err)
	}
}

func TestXMLBadInput(t *testing.T) {
	cases := []struct{ data, want string }{
		{"<NOTSSDA><CHILD/></NOTSSDA>", "root element is NOTSSDA"},
		{"<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID><COLOUR>red</COLOUR></HEADER></CHILD></EXPSSDA903>", "unknown element COLOUR in HEADER"},
		{"<EXPSSDA903><CHILD><EPISODE><DECOM>01/04/2024</DECOM><WHATEVER/></EPISODE></CHILD></EXPSSDA903>", "unknown element WHATEVER in Episodes"},
		{"<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID></HEADER>", "malformed XML"},
		{"<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILD></EXPSSDA903>", "malformed XML"},
		{"<?xml version='1.0' encoding='windows-1252'?><EXPSSDA903/>", "windows-1252"},
		{"<EXPSSDA903><FAMILY/></EXPSSDA903>", "expected CHILD"},
	}
	for _, c := range cases {
		_, err := ReadXML("r.xml", []byte(c.data))
		var ie *sightline.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) || ie.File != "r.xml" {
			t.Errorf("%q: %v; want an InputError mentioning %q", c.data, err, c.want)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, fl := range fakeFiles(f, true) {
		f.Add(fl.Data[:min(len(fl.Data), 600)])
	}
	f.Add([]byte("CHILD,DOB,MISSING,MIS_START,MIS_END\n\"1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ReadCSV("f.csv", data)
		if err != nil {
			var ie *sightline.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an InputError: %v", err)
			}
			return
		}
		if len(tab.Rows) != len(tab.Lines) || Columns[tab.Name] == nil {
			t.Fatalf("inconsistent table %s", tab.Name)
		}
		for _, r := range tab.Rows {
			if len(r) != len(tab.Columns) {
				t.Fatal("ragged row")
			}
		}
	})
}

func FuzzReadXML(f *testing.F) {
	for _, fl := range fakeFiles(f, false) {
		f.Add(fl.Data[:min(len(fl.Data), 3000)])
	}
	f.Add([]byte("<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID><DUC>01/01/2030</DUC></HEADER><EPISODE><PL>U1</PL></EPISODE></CHILD></EXPSSDA903>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tabs, err := ReadXML("f.xml", data)
		if err != nil {
			var ie *sightline.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an InputError: %v", err)
			}
			return
		}
		for n, tab := range tabs {
			if len(tab.Rows) != len(tab.Lines) {
				t.Fatalf("%s: rows and lines differ", n)
			}
			for _, r := range tab.Rows {
				if len(r) != len(Columns[n]) {
					t.Fatalf("%s: ragged row", n)
				}
			}
		}
	})
}

func TestSetPreviousNamesLastYearsTables(t *testing.T) {
	cur, err := ReadFiles(2018, "999", fakeFiles(t, true))
	if err != nil {
		t.Fatal(err)
	}
	prev, err := ReadFiles(2017, "999", fakeFiles(t, true))
	if err != nil {
		t.Fatal(err)
	}
	cur.SetPrevious(prev)
	if !cur.HasPrev(Episodes) || cur.Prev(Episodes).Name != "Episodes_last" || cur.T(Episodes).Name != "Episodes" {
		t.Fatalf("previous tables %q, current %q", cur.Prev(Episodes).Name, cur.T(Episodes).Name)
	}
	file, line, child := cur.Locate("Episodes_last", 0)
	if file != "episodes.csv" || line != 2 || child == "" {
		t.Errorf("Locate on last year's table: %s %d %q", file, line, child)
	}
}
