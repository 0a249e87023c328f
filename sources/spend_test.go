package sources

import (
	"archive/zip"
	"bytes"
	"errors"
	"html"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
)

// spendODS builds a revenue outturn workbook shaped like MHCLG's: a front
// page, then the data sheet. Cells that parse as numbers become float cells;
// every row ends with the 16,384-column empty run LibreOffice writes.
func spendODS(t testing.TB, sheet string, rows [][]string) []byte {
	t.Helper()
	var c strings.Builder
	c.WriteString(`<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>`)
	c.WriteString(`<table:table table:name="Front_Page"><table:table-row><table:table-cell office:value-type="string"><text:p>Front page</text:p></table:table-cell></table:table-row></table:table>`)
	c.WriteString(`<table:table table:name="` + sheet + `">`)
	for _, r := range rows {
		c.WriteString(`<table:table-row>`)
		for _, v := range r {
			switch _, err := strconv.ParseFloat(v, 64); {
			case v == "":
				c.WriteString(`<table:table-cell/>`)
			case err == nil:
				c.WriteString(`<table:table-cell office:value-type="float" office:value="` + v + `"><text:p>` + v + `</text:p></table:table-cell>`)
			default:
				c.WriteString(`<table:table-cell office:value-type="string"><text:p>` + html.EscapeString(v) + `</text:p></table:table-cell>`)
			}
		}
		c.WriteString(`<table:table-cell table:number-columns-repeated="16000"/></table:table-row>`)
	}
	c.WriteString(`<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>`)
	c.WriteString(`</table:table></office:spreadsheet></office:body></office:document-content>`)

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("content.xml")
	w.Write([]byte(c.String()))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var spendHeader = []string{"E-code", "ONS Code", "Local authority", "Notes", "Class", "Detailed Class", "Certification",
	"Children's social care - Children Looked After - Total Expenditure (C3 = C1 + C2)",
	"TOTAL CHILDREN SOCIAL CARE - Net Current Expenditure (C7 = C3 - C6)"}

// spendRows is a miniature RO3: a unitary, a district (skipped), Gateshead
// with a note in place of a figure, Birmingham not received, England with
// [n], then the class totals table and the hidden row of codes.
func spendRows(extra ...[]string) [][]string {
	rows := [][]string{
		{"Worksheet 2: Revenue Outturn (RO) 2024-25: Social Care and Public Health (RO3) data"},
		{"This worksheet contains two tables. Data are reported in £ thousand."},
		spendHeader,
		{"E0701", "E06000001", "Hartlepool UA", "", "UA", "UA", "Y", "12345.67", "23456"},
		{"E3831", "E07000223", "Adur", "", "SD", "SD", "Y", "0", "0"},
		{"E4502", "E08000037", "Gateshead", "[note 4]", "MD", "MD", "Y", "[note 4]", "69061"},
		{"E4603", "E08000025", "Birmingham", "M", "MD", "MD", "[x]", "[x]", "[X]"},
		{"E5030", "E09000001", "City of London", "", "LB", "London", "Y", "894", "[z]"},
		{"E1031", "E10000016", "Kent CC", "", "SC", "SC", "Y", "[Y]", "[c]"},
	}
	rows = append(rows, extra...)
	return append(rows,
		[]string{"Eng", "E92000001", "ENGLAND", "", "Eng", "Eng", "[Y]", "8917040.34614", "[n]"},
		[]string{},
		[]string{"E-code", "ONS Code", "Local authority", "Notes", "Class", "Detailed Class", "Certification"},
		[]string{"[Y]", "E06", "Unitary Authorities", "", "UA", "UA", "54", "1", "2"},
		[]string{"E5100", "E12000007", "Greater London Authority", "", "O", "GLA", "0", "0", "0"},
		[]string{"", "", "", "", "", "", "", "RO3-csclkd-tot-exp", "RO3-csctot-net-cur-exp"},
	)
}

func TestReadSpendFixture(t *testing.T) {
	data := spendODS(t, "RO3_LA_Data_202425", spendRows())
	b, err := Read("anything.ods", data, geography.Default())
	if err != nil {
		t.Fatal(err)
	}
	if b.Dataset.ID != "spend_ro3" || b.Dataset.Kind != "spend" || !strings.Contains(b.Dataset.Title, "(RO3), 2024-25") {
		t.Errorf("dataset %+v", b.Dataset)
	}
	got := map[string]string{}
	for _, o := range b.Observations {
		if o.Dataset != "spend_ro3" || o.Period != "202425" || o.Year != 2025 || o.Filters != "" {
			t.Fatalf("observation %+v", o)
		}
		got[o.Area+" "+o.Measure] = o.Value.String()
	}
	want := map[string]string{
		"E06000001 RO3-csclkd-tot-exp": "12345.67", "E06000001 RO3-csctot-net-cur-exp": "23456",
		"E08000037 RO3-csclkd-tot-exp": "x", "E08000037 RO3-csctot-net-cur-exp": "69061",
		"E08000025 RO3-csclkd-tot-exp": "x", "E08000025 RO3-csctot-net-cur-exp": "x",
		"E09000001 RO3-csclkd-tot-exp": "894", "E09000001 RO3-csctot-net-cur-exp": "z",
		"E10000016 RO3-csclkd-tot-exp": "z", "E10000016 RO3-csctot-net-cur-exp": "c",
		"E92000001 RO3-csclkd-tot-exp": "8917040.34614", "E92000001 RO3-csctot-net-cur-exp": "x",
	}
	if len(got) != len(want) || len(b.Observations) != len(want) {
		t.Errorf("got %d observations %v, want %d", len(b.Observations), got, len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if len(b.Areas) != 6 {
		t.Errorf("areas %+v", b.Areas)
	}
	for _, a := range b.Areas {
		if a.FirstYear != 2025 || a.LastYear != 2025 || (a.Code == sightline.EnglandCode) != (a.Level == sightline.National) {
			t.Errorf("area %+v", a)
		}
	}
	if b.Dataset.Rows != 7 {
		t.Errorf("Rows = %d, want the 7 authority rows of the table", b.Dataset.Rows)
	}
}

func TestReadSpendErrors(t *testing.T) {
	reg := geography.Default()
	good := spendODS(t, "RO3_LA_Data_202425", spendRows())
	badValue := spendRows()
	badValue[5][8] = "about 70,000"
	for _, c := range []struct {
		name   string
		data   []byte
		line   int
		column string
		msg    []string
	}{
		{"truncated zip", good[:len(good)-40], 0, "", []string{"not a zip archive"}},
		{"non-numeric value", spendODS(t, "RO3_LA_Data_202425", badValue), 6, spendHeader[8],
			[]string{`sheet "RO3_LA_Data_202425"`, "E08000037", "column I", "RO3-csctot-net-cur-exp", `"about 70,000"`}},
		{"unknown council", spendODS(t, "RO3_LA_Data_202425", spendRows([]string{"E0999", "E06000999", "Nowhere UA", "", "UA", "UA", "Y", "1", "2"})), 10, "ONS Code",
			[]string{"E06000999", "Nowhere UA"}},
		{"form disagrees with sheet", spendODS(t, "RSX_LA_Data_202425", spendRows()), 15, "", []string{"named for form RSX"}},
		{"unknown form", spendODS(t, "RO4_LA_Data_202425", func() [][]string {
			r := spendRows()
			r[len(r)-1] = []string{"", "", "", "", "", "", "", "RO4-a-tot-exp", "RO4-b-tot-exp"}
			return r
		}()), 15, "", []string{"form RO4 is not one"}},
		{"no codes row", spendODS(t, "RO3_LA_Data_202425", spendRows()[:13]), 0, "", []string{"no row of reference codes"}},
		{"no header", spendODS(t, "RO3_LA_Data_202425", spendRows()[:2]), 0, "", []string{"no sheet has a header row"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read("ro3.ods", c.data, reg)
			var ie *sightline.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v (%T), want *sightline.InputError", err, err)
			}
			if ie.File != "ro3.ods" || ie.Line != c.line || ie.Column != c.column {
				t.Errorf("got %#v, want line %d column %q", ie, c.line, c.column)
			}
			for _, m := range c.msg {
				if !strings.Contains(ie.Error(), m) {
					t.Errorf("%q does not mention %q", ie.Error(), m)
				}
			}
		})
	}

	// An unknown council code on a row whose class has no children's
	// services (a district mis-coded, say) is not Sightline's concern.
	data := spendODS(t, "RO3_LA_Data_202425", spendRows([]string{"E0999", "E06000999", "Odd district", "", "SD", "SD", "Y", "1", "2"}))
	if _, err := Read("ro3.ods", data, reg); err != nil {
		t.Errorf("non-CSA class with a council-like code: %v", err)
	}
}

func TestReadSpendYearFromTitle(t *testing.T) {
	b, err := Read("x.ods", spendODS(t, "Data", spendRows()), geography.Default())
	if err != nil {
		t.Fatal(err)
	}
	if o := b.Observations[0]; o.Period != "202425" || o.Year != 2025 {
		t.Errorf("period %q year %d", o.Period, o.Year)
	}
}

// realSpendFile reads one of the bundled MHCLG workbooks from the
// repository's snapshot, or the shared data directory until the snapshot
// holds them.
func realSpendFile(t testing.TB, name string) []byte {
	t.Helper()
	for _, dir := range []string{"../snapshot/england", "../../shared/data/england"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err == nil {
			return data
		}
	}
	t.Skipf("%s is in neither ../snapshot/england nor ../../shared/data/england", name)
	return nil
}

const (
	ro3File = "RO3_LA_Data_2024-25_data_by_LA.ods"
	rsxFile = "RSX_LA_Data_2024-25_data_by_LA.ods"
)

func TestReadSpendReal(t *testing.T) {
	reg := geography.Default()
	for _, c := range []struct {
		file, id string
		cols     int
		values   map[string]float64 // "area measure" → £ thousand
		symbols  map[string]string
	}{
		{ro3File, "spend_ro3", 490, map[string]float64{
			"E10000016 RO3-csclkd-tot-exp":     230066.53, // Kent
			"E08000003 RO3-csctot-net-cur-exp": 201061,    // Manchester
			"E08000016 RO3-csctot-net-cur-exp": 82172,     // Barnsley, under its pre-2024 code
			"E92000001 RO3-csclkd-tot-exp":     8917040.3461399991,
			"E92000001 RO3-csctot-net-cur-exp": 15556137.15471,
			"E92000001 RO3-csctot-tot-exp":     16878876.029169999,
		}, map[string]string{
			"E08000025 RO3-csclkd-tot-exp":        "x", // Birmingham: return not received
			"E08000037 RO3-csclkdres-tot-exp":     "x", // Gateshead: [note 4], no breakdown
			"E92000001 RO3-cscsvmem-run-exp":      "x", // England: [n], no estimate
			"E06000039 RO3-csctot-net-cur-exp":    "x", // Slough
			"E06000063 RO3-csctot-net-cur-exp":    "x", // Cumberland
			"E08000037 RO3-csclkd-tot-exp":        "",  // Gateshead's total is a number
			"E06000001 RO3-csctot-net-cur-exp":    "",  // Hartlepool
			"E09000001 RO3-csctot-net-cur-exp":    "",  // City of London
			"E06000053 RO3-csctot-net-cur-exp":    "",  // Isles of Scilly
			"E92000001 RO3-cscsr-net-cur-exp":     "",
			"E10000016 RO3-csclkdasy-tot-exp":     "",
			"E08000025 RO3-csctot-net-cur-exp":    "x",
			"E92000001 RO3-ascsvmem-run-exp":      "x",
			"E92000001 RO3-phsvmem-run-exp":       "x",
			"E08000037 RO3-csclkdoth-net-cur-exp": "x",
		}},
		{rsxFile, "spend_rsx", 98, map[string]float64{
			"E10000016 RSX-csc-net-cur-exp":   355466.92,
			"E10000016 RSX-totsx-net-cur-exp": 2710762.31,
			"E08000003 RSX-csc-net-cur-exp":   201061,
			"E08000003 RSX-totsx-net-cur-exp": 1264909,
			"E92000001 RSX-csc-net-cur-exp":   15556137.15471,
			"E92000001 RSX-totsx-net-cur-exp": 134158660.76614,
		}, map[string]string{
			"E08000025 RSX-csc-net-cur-exp":   "x",
			"E08000025 RSX-totsx-net-cur-exp": "x",
			"E06000001 RSX-csc-net-cur-exp":   "",
		}},
	} {
		t.Run(c.id, func(t *testing.T) {
			data := realSpendFile(t, c.file)
			b, err := Read("renamed.ods", data, reg)
			if err != nil {
				t.Fatal(err)
			}
			if b.Dataset.ID != c.id || b.Dataset.Kind != "spend" {
				t.Errorf("dataset %+v", b.Dataset)
			}
			councils, england := 0, 0
			for _, a := range b.Areas {
				switch {
				case a.Level == sightline.National && a.Code == sightline.EnglandCode:
					england++
				case a.Level == sightline.LocalAuthority && reg.Council(a.Code) != nil:
					councils++
				default:
					t.Errorf("unexpected area %+v", a)
				}
			}
			if councils != 153 || england != 1 {
				t.Errorf("%d councils and %d England rows, want 153 and 1", councils, england)
			}
			if n := len(b.Observations); n != 154*c.cols {
				t.Errorf("%d observations, want %d (154 areas × %d columns)", n, 154*c.cols, c.cols)
			}
			obs := map[string]sightline.Value{}
			for _, o := range b.Observations {
				if strings.HasPrefix(o.Area, "E07") || o.Period != "202425" || o.Year != 2025 {
					t.Fatalf("observation %+v", o)
				}
				obs[o.Area+" "+o.Measure] = o.Value
			}
			for k, want := range c.values {
				if v, ok := obs[k]; !ok || !v.IsNumber() || math.Abs(v.Num-want) > 1e-6 {
					t.Errorf("%s = %v, want %v", k, v, want)
				}
			}
			for k, want := range c.symbols {
				if v, ok := obs[k]; !ok || v.Symbol != want {
					t.Errorf("%s = %+v, want symbol %q", k, v, want)
				}
			}
		})
	}
}

func BenchmarkReadSpend(b *testing.B) {
	reg := geography.Default()
	for _, f := range []string{ro3File, rsxFile} {
		data := realSpendFile(b, f)
		b.Run(f[:3], func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := readSpend(f, data, reg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
