package ods

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline"
)

const docHead = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:body><office:spreadsheet>`

const docTail = `</office:spreadsheet></office:body></office:document-content>`

// fixtureContent exercises what real files contain: repeated empty cells
// to column XFD, repeated empty rows to the bottom of the sheet, repeated
// cells and rows that carry values, covered cells, every value type, text
// markup and a comment that must not leak into the cell's text.
const fixtureContent = docHead + `
<table:table table:name="Data">
 <table:table-column table:number-columns-repeated="16384"/>
 <table:table-header-rows>
  <table:table-row>
   <table:table-cell office:value-type="string"><text:p>Hello<text:s text:c="2"/><text:span>big</text:span> <text:a xlink:href="https://example.org/">world</text:a></text:p><text:p>second<text:tab/>line<text:line-break/>third</text:p></table:table-cell>
   <table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>  spaced   out  </text:p></table:table-cell>
   <table:covered-table-cell/>
   <table:table-cell office:value-type="string"><office:annotation><dc:creator>someone</dc:creator><text:p>a comment</text:p></office:annotation><text:p>noted</text:p></table:table-cell>
   <table:table-cell table:number-columns-repeated="16380"/>
  </table:table-row>
 </table:table-header-rows>
 <table:table-row>
  <table:table-cell office:value-type="float" office:value="1234.5678"><text:p>1,234.57</text:p></table:table-cell>
  <table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25%</text:p></table:table-cell>
  <table:table-cell office:value-type="currency" office:currency="GBP" office:value="-3"><text:p>-£3.00</text:p></table:table-cell>
  <table:table-cell table:number-columns-repeated="3" table:style-name="ce1"/>
  <table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell>
  <table:table-cell office:value-type="string" office:string-value="stored"><text:p>shown</text:p></table:table-cell>
  <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>
  <table:table-cell office:value-type="date" office:date-value="2025-03-31"/>
  <table:table-cell office:value-type="string"><text:p>[x]</text:p></table:table-cell>
  <table:table-cell table:number-columns-repeated="16372"/>
 </table:table-row>
 <table:table-row table:number-rows-repeated="5"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
 <table:table-row-group>
  <table:table-row table:number-rows-repeated="2">
   <table:table-cell table:number-columns-repeated="2"/>
   <table:table-cell office:value-type="string"><text:p>twice</text:p></table:table-cell>
   <table:table-cell table:number-columns-repeated="16381"/>
  </table:table-row>
 </table:table-row-group>
 <table:table-row table:number-rows-repeated="1048566"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
</table:table>
<table:table table:name="Empty">
 <table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
</table:table>
<table:table table:name="Second"><table:table-row><table:table-cell office:value-type="float" office:value="1e3"><text:p>1000</text:p></table:table-cell></table:table-row></table:table>
<table:named-expressions/>` + docTail

// makeODS zips entries the way an ODS is packaged: the mimetype first and
// stored, the rest deflated (or stored, so the fuzzer can reach the XML).
func makeODS(t testing.TB, mimetype, content string, deflate bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if mimetype != "" {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(mimetype))
	}
	if content != "" {
		m := zip.Store
		if deflate {
			m = zip.Deflate
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: "content.xml", Method: m})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	w, _ := zw.Create("META-INF/manifest.xml")
	w.Write([]byte(`<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func fixture(t testing.TB) []byte { return makeODS(t, mimeODS, fixtureContent, true) }

func TestParse(t *testing.T) {
	wb, err := Parse(fixture(t), "fixture.ods")
	if err != nil {
		t.Fatal(err)
	}
	if len(wb.Sheets) != 3 {
		t.Fatalf("got %d sheets, want 3", len(wb.Sheets))
	}
	s := wb.Sheet("Data")
	if s == nil || wb.Sheet("nope") != nil {
		t.Fatal("Sheet lookup")
	}
	// Rows: header, values, 5 empty, 2 repeated; trailing empties trimmed.
	if len(s.Rows) != 9 {
		t.Fatalf("Data has %d rows, want 9", len(s.Rows))
	}
	str := func(text string) Cell { return Cell{Text: text} }
	num := func(text string, f float64) Cell { return Cell{Text: text, Float: f, IsFloat: true} }
	want := [][]Cell{
		{str("Hello  big world\nsecond\tline\nthird"), str("spaced out "), {}, str("noted")},
		{num("1,234.57", 1234.5678), num("25%", 0.25), num("-£3.00", -3), {}, {}, {}, num("7", 7), num("7", 7),
			str("stored"), str("TRUE"), str("2025-03-31"), str("[x]")},
		nil, nil, nil, nil, nil,
		{{}, {}, str("twice")},
		{{}, {}, str("twice")},
	}
	for i := range want {
		if fmt.Sprint(s.Rows[i]) != fmt.Sprint(want[i]) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i+1, s.Rows[i], want[i])
		}
	}
	// Repeated rows must not share cells: a caller editing one would edit both.
	s.Rows[7][2].Text = "changed"
	if s.Rows[8][2].Text != "twice" {
		t.Error("repeated rows share their cells")
	}
	if c := s.Cell(1, 0); !c.IsFloat || c.Float != 1234.5678 {
		t.Errorf("Cell(1,0) = %+v", c)
	}
	if c := s.Cell(2, 0); !c.Empty() {
		t.Errorf("Cell in an empty row = %+v", c)
	}
	if c := s.Cell(1000, 1000); !c.Empty() {
		t.Errorf("Cell beyond the sheet = %+v", c)
	}
	if e := wb.Sheet("Empty"); len(e.Rows) != 0 {
		t.Errorf("Empty sheet has %d rows", len(e.Rows))
	}
	if c := wb.Sheet("Second").Cell(0, 0); c.Float != 1000 {
		t.Errorf("Second A1 = %+v", c)
	}
}

func TestReadWithoutMimetype(t *testing.T) {
	// Some tools omit the mimetype entry; content.xml still says what it is.
	data := makeODS(t, "", fixtureContent, false)
	if _, err := Read(bytes.NewReader(data), int64(len(data)), "x.ods"); err != nil {
		t.Fatal(err)
	}
}

func TestErrors(t *testing.T) {
	good := fixture(t)
	sheetRow := func(sheet string, row int, cells string) string {
		return docHead + `<table:table table:name="` + sheet + `">` +
			strings.Repeat(`<table:table-row><table:table-cell office:value-type="string"><text:p>ok</text:p></table:table-cell></table:table-row>`, row-1) +
			`<table:table-row>` + cells + `</table:table-row></table:table>` + docTail
	}
	for _, c := range []struct {
		name      string
		data      []byte
		line      int
		col, want string
	}{
		{"not a zip", []byte("E-code,ONS Code\n"), 0, "", "not a zip archive"},
		{"empty", nil, 0, "", "not a zip archive"},
		{"truncated zip", good[:len(good)/2], 0, "", "not a zip archive"},
		{"no content", makeODS(t, mimeODS, "", true), 0, "", "no content.xml"},
		{"text document", makeODS(t, "application/vnd.oasis.opendocument.text", fixtureContent, true), 0, "", "mimetype is"},
		{"not a spreadsheet", makeODS(t, mimeODS, docHead[:strings.Index(docHead, "<office:spreadsheet>")]+`</office:body></office:document-content>`, true), 0, "", "no office:spreadsheet"},
		{"malformed", makeODS(t, mimeODS, sheetRow("S", 3, `<table:table-cell><text:p>a</table:table-cell>`), true), 3, "", `sheet "S": malformed content.xml`},
		{"truncated xml", makeODS(t, mimeODS, fixtureContent[:len(fixtureContent)/2], true), 2, "", `sheet "Data": malformed content.xml`},
		{"bad float", makeODS(t, mimeODS, sheetRow("S", 4, `<table:table-cell/><table:table-cell office:value-type="float" office:value="1,2"/>`), true), 4, "B", "is not a number"},
		{"bad repeat", makeODS(t, mimeODS, sheetRow("S", 2, `<table:table-cell table:number-columns-repeated="-1"/>`), true), 2, "A", "number-columns-repeated"},
		{"bad row repeat", makeODS(t, mimeODS, sheetRow("S", 1, `</table:table-row><table:table-row table:number-rows-repeated="x">`), true), 2, "", "number-rows-repeated"},
		{"too many columns", makeODS(t, mimeODS, sheetRow("S", 1, `<table:table-cell table:number-columns-repeated="1000000"><text:p>a</text:p></table:table-cell>`), true), 1, "A", "more than"},
		{"too many cells", makeODS(t, mimeODS, sheetRow("S", 1, `</table:table-row><table:table-row table:number-rows-repeated="1000000000"><table:table-cell table:number-columns-repeated="60000"><text:p>a</text:p></table:table-cell>`), true), 2, "", "more than"},
		{"huge text:s", makeODS(t, mimeODS, sheetRow("S", 1, `<table:table-cell><text:p><text:s text:c="999999999"/></text:p></table:table-cell>`), true), 1, "A", "longer than"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.data, "bad.ods")
			var ie *sightline.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v (%T), want *sightline.InputError", err, err)
			}
			if ie.File != "bad.ods" || ie.Line != c.line || ie.Column != c.col || !strings.Contains(ie.Msg, c.want) {
				t.Errorf("got %#v, want line %d column %q containing %q", ie, c.line, c.col, c.want)
			}
		})
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := ColumnName(i); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", i, got, want)
		}
	}
}

// fuzzSeeds are the fixture, stored so that mutations reach the XML, and
// truncations of it that end in the zip directory, a header or mid-entry.
func fuzzSeeds(t testing.TB) [][]byte {
	stored := makeODS(t, mimeODS, fixtureContent, false)
	seeds := [][]byte{fixture(t), stored}
	for _, n := range []int{0, 4, 30, 100, len(stored) / 2, len(stored) - 22, len(stored) - 1} {
		seeds = append(seeds, stored[:n])
	}
	return seeds
}

// FuzzParse checks that no input, however corrupt, makes Parse panic or
// return an error other than an *sightline.InputError.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	lowerLimits(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, data)
	})
}

// FuzzContent reaches the XML parser far more often than FuzzParse, whose
// mutations mostly break the zip structure first.
func FuzzContent(f *testing.F) {
	f.Add([]byte(fixtureContent))
	f.Add([]byte(fixtureContent[:len(fixtureContent)/3]))
	lowerLimits(f)
	f.Fuzz(func(t *testing.T, content []byte) {
		checkParse(t, makeODS(t, mimeODS, string(content), false))
	})
}

// lowerLimits keeps each fuzz input cheap: the repeat counts in a few bytes
// could otherwise ask for gigabytes, which the limits exist to refuse.
func lowerLimits(f *testing.F) {
	old := [...]int{maxCells, maxRows, maxColumns, maxText}
	maxCells, maxRows, maxColumns, maxText = 1<<16, 1<<14, 1<<10, 1<<12
	f.Cleanup(func() { maxCells, maxRows, maxColumns, maxText = old[0], old[1], old[2], old[3] })
}

func checkParse(t *testing.T, data []byte) {
	wb, err := Parse(data, "fuzz.ods")
	if err != nil {
		var ie *sightline.InputError
		if !errors.As(err, &ie) || ie.File != "fuzz.ods" {
			t.Fatalf("error %v (%T) is not an InputError naming the file", err, err)
		}
		return
	}
	for _, s := range wb.Sheets {
		for i, r := range s.Rows {
			if i == len(s.Rows)-1 && len(r) == 0 {
				t.Fatalf("sheet %q keeps a trailing empty row", s.Name)
			}
			if len(r) > 0 && r[len(r)-1].Empty() {
				t.Fatalf("sheet %q row %d keeps trailing empty cells", s.Name, i+1)
			}
		}
	}
}

// TestWriteFuzzCorpus regenerates testdata/fuzz/FuzzParse from fuzzSeeds
// when SIGHTLINE_WRITE_CORPUS=1, so the committed corpus follows the fixture.
func TestWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("SIGHTLINE_WRITE_CORPUS") != "1" {
		t.Skip("set SIGHTLINE_WRITE_CORPUS=1 to rewrite testdata/fuzz/FuzzParse")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzParse")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, s := range fuzzSeeds(t) {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", s)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%02d", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkParseReal measures the MHCLG workbooks Sightline imports, the
// largest of which has a 26 MB content.xml; they are skipped when absent.
func BenchmarkParseReal(b *testing.B) {
	for _, name := range []string{"RO3_LA_Data_2024-25_data_by_LA.ods", "RSX_LA_Data_2024-25_data_by_LA.ods"} {
		var data []byte
		for _, dir := range []string{"../snapshot/england", "../../shared/data/england"} {
			if d, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
				data = d
				break
			}
		}
		b.Run(name[:3], func(b *testing.B) {
			if data == nil {
				b.Skip("not found")
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(data, name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
