package inputs_test

import (
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/linkage/inputs"
)

func TestReadFEBRL(t *testing.T) {
	in, err := inputs.Read("../testdata/febrl_dataset3.csv.gz", "")
	if err != nil {
		t.Fatal(err)
	}
	if in.Source != "febrl_dataset3" {
		t.Errorf("source = %q", in.Source)
	}
	want := []string{"rec_id", "given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode", "state", "date_of_birth", "soc_sec_id"}
	if !slices.Equal(in.Columns, want) {
		t.Fatalf("columns = %q", in.Columns)
	}
	if len(in.Rows) != 5000 {
		t.Errorf("%d rows, want 5000", len(in.Rows))
	}
	// The first record, as in the file: "rec-1496-org, mitchell, green, 7,
	// wallaby place, delmar, cleveland, 2119, sa, 19560409, 1804974".
	first := []string{"rec-1496-org", "mitchell", "green", "7", "wallaby place", "delmar", "cleveland", "2119", "sa", "19560409", "1804974"}
	if !slices.Equal(in.Rows[0], first) {
		t.Errorf("first row = %q", in.Rows[0])
	}
	if in.Lines[0] != 2 || in.Lines[4999] != 5001 {
		t.Errorf("lines %d..%d", in.Lines[0], in.Lines[4999])
	}
	if err := in.Check("rec_id"); err != nil {
		t.Error(err)
	}
	// Empty fields (", ,") are empty values, not a space.
	blank := 0
	for _, r := range in.Rows {
		for _, v := range r {
			if v == "" {
				blank++
			} else if strings.TrimSpace(v) != v {
				t.Fatalf("untrimmed value %q", v)
			}
		}
	}
	if blank == 0 {
		t.Error("no missing values found; FEBRL has many")
	}
}

func TestReadFake1000(t *testing.T) {
	in, err := inputs.Read("../testdata/fake_1000.csv", "people")
	if err != nil {
		t.Fatal(err)
	}
	if in.Source != "people" || len(in.Rows) != 1000 || len(in.Columns) != 7 {
		t.Fatalf("source %q, %d rows, %d columns", in.Source, len(in.Rows), len(in.Columns))
	}
	if got := in.Rows[0]; !slices.Equal(got, []string{"0", "Robert", "Alan", "1971-06-24", "", "robert255@smith.net", "0"}) {
		t.Errorf("first row = %q", got)
	}
	if err := in.Check("unique_id"); err != nil {
		t.Error(err)
	}
}

func TestDialects(t *testing.T) {
	want := [][]string{{"1", "Ann", "Smith, Jr"}, {"2", "Bill", "O\"Neil\nsecond line"}}
	for name, text := range map[string]string{
		"comma":     "id,first,last\n1,Ann,\"Smith, Jr\"\r\n2,Bill,\"O\"\"Neil\nsecond line\"\n",
		"bom":       "\ufeffid,first,last\n1,Ann,\"Smith, Jr\"\n2,Bill,\"O\"\"Neil\nsecond line\"",
		"semicolon": "id;first;last\n1;Ann;Smith, Jr\n2;Bill;\"O\"\"Neil\nsecond line\"\n",
		"tab":       "id\tfirst\tlast\n1\tAnn\tSmith, Jr\n2\tBill\t\"O\"\"Neil\nsecond line\"\n",
		"febrl":     "id, first, last\n1, Ann, \"Smith, Jr\"\n2, Bill, \"O\"\"Neil\nsecond line\"\n",
		"bar":       "id|first|last\n1|Ann|Smith, Jr\n2| Bill |\"O\"\"Neil\nsecond line\"\n",
	} {
		in, err := inputs.ReadCSV(strings.NewReader(text), name+".csv")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !slices.Equal(in.Columns, []string{"id", "first", "last"}) {
			t.Errorf("%s: columns %q", name, in.Columns)
		}
		if !slices.EqualFunc(in.Rows, want, slices.Equal) {
			t.Errorf("%s: rows %q", name, in.Rows)
		}
		if in.Lines[1] != 3 {
			t.Errorf("%s: second row on line %d, want 3", name, in.Lines[1])
		}
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		name, text, id string
		line           int
		column, msg    string
	}{
		{"empty", "", "id", 0, "", "empty file"},
		{"bom only", "\ufeff", "id", 0, "", "empty file"},
		{"header only", "id,name\n", "id", 0, "", "no records"},
		{"ragged short", "id,name,dob\n1,Ann,2001-01-01\n2,Bob\n", "id", 3, "dob", "2 values but the header names 3"},
		{"ragged long", "id,name\n1,Ann\n2,Bob,x\n", "id", 3, "3", "3 values but the header names 2"},
		{"duplicate column", "id,name,name\n1,a,b\n", "id", 1, "name", "same name"},
		{"unnamed column", "id,,x\n1,a,b\n", "id", 1, "", "column 2 has no name"},
		{"bad quote", "id,name\n1,\"Ann\n", "id", 2, "", "quote"},
		{"missing id", "ref,name\n1,Ann\n", "id", 0, "id", `no id column "id"`},
		{"duplicate id", "id,name\n1,Ann\n2,Bob\n1,Cat\n", "id", 4, "id", `duplicate id "1" (first on line 2)`},
		{"blank id", "id,name\n1,Ann\n,Bob\n", "id", 3, "id", "blank id"},
	} {
		in, err := inputs.ReadCSV(strings.NewReader(c.text), "agency.csv")
		if err == nil {
			err = in.Check(c.id)
		}
		var ie *sightline.InputError
		if !errors.As(err, &ie) {
			t.Errorf("%s: error %v, want an InputError", c.name, err)
			continue
		}
		if ie.File != "agency.csv" || ie.Line != c.line || (c.column != "" && ie.Column != c.column) || !strings.Contains(ie.Msg, c.msg) {
			t.Errorf("%s: got %q (line %d, column %q), want line %d, column %q, %q", c.name, err, ie.Line, ie.Column, c.line, c.column, c.msg)
		}
	}
}

func TestParquet(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "health.parquet")
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Exec(`COPY (SELECT * FROM (VALUES
		(1, 'Ann', DATE '2012-03-04', 4.5, NULL),
		(2, 'Bob', NULL, NULL, 'SW1A 1AA')) t(id, first_name, dob, score, postcode))
		TO '` + path + `' (FORMAT parquet)`)
	if err != nil {
		t.Fatal(err)
	}
	in, err := inputs.Read(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if in.Source != "health" || !slices.Equal(in.Columns, []string{"id", "first_name", "dob", "score", "postcode"}) {
		t.Fatalf("source %q columns %q", in.Source, in.Columns)
	}
	want := [][]string{{"1", "Ann", "2012-03-04", "4.5", ""}, {"2", "Bob", "", "", "SW1A 1AA"}}
	if !slices.EqualFunc(in.Rows, want, slices.Equal) {
		t.Errorf("rows %q, want %q", in.Rows, want)
	}
	if _, err := inputs.Read(filepath.Join(dir, "absent.parquet"), ""); err == nil || !strings.Contains(err.Error(), "absent.parquet") {
		t.Errorf("missing file: %v", err)
	}
}

func TestLink(t *testing.T) {
	a, _ := inputs.ReadCSV(strings.NewReader("id,name\n1,Ann\n2,Bob\n"), "dir/school.csv")
	b, _ := inputs.ReadCSV(strings.NewReader("id,name\n1,Anne\n"), "other/health.csv")
	if err := inputs.Link([]*inputs.Input{a, b}, "id", "source"); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Columns, []string{"source", "id", "name"}) || !slices.Equal(b.Rows[0], []string{"health", "1", "Anne"}) {
		t.Errorf("a %q, b %q", a.Columns, b.Rows)
	}
	ids, _ := b.IDs("id")
	if ids[0] != (inputs.RecordID{Source: "health", ID: "1"}) {
		t.Errorf("ids %v", ids)
	}
	c, _ := inputs.ReadCSV(strings.NewReader("id,name\n1,Ann\n"), "x/school.csv.gz")
	d, _ := inputs.ReadCSV(strings.NewReader("id,name\n1,Ann\n"), "y/school.csv")
	if err := inputs.Link([]*inputs.Input{c, d}, "id", "source"); err == nil || !strings.Contains(err.Error(), `"school"`) {
		t.Errorf("two sources named school: %v", err)
	}
	e, _ := inputs.ReadCSV(strings.NewReader("id,source\n1,Ann\n"), "z/police.csv")
	if err := inputs.Link([]*inputs.Input{e}, "id", "source"); err == nil {
		t.Error("a clashing source column was accepted")
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"id,name\n1,Ann\n", "id; name\n1;\"a;b\"\n", "\ufeffa\tb\n1\t2\n", "a, b\n1, \"x, y\"\n", "a\n\n\n", "\"a\nb\",c\n1,2\n", "a,b\n1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := inputs.ReadCSV(strings.NewReader(string(data)), "f.csv")
		if err != nil {
			var ie *sightline.InputError
			if !errors.As(err, &ie) || ie.File != "f.csv" {
				t.Fatalf("error %v is not an InputError naming the file", err)
			}
			return
		}
		if len(in.Rows) == 0 || len(in.Rows) != len(in.Lines) {
			t.Fatalf("%d rows, %d lines", len(in.Rows), len(in.Lines))
		}
		for i, r := range in.Rows {
			if len(r) != len(in.Columns) {
				t.Fatalf("row %d has %d values for %d columns", i, len(r), len(in.Columns))
			}
			if i > 0 && in.Lines[i] <= in.Lines[i-1] {
				t.Fatalf("lines not increasing: %v", in.Lines)
			}
		}
		_ = in.Check(in.Columns[0])
	})
}
