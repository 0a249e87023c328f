package ees_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/ees"
)

const header = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,category,count,rate\n"

// file joins a header and rows into an EES CSV with a final newline.
func file(header string, rows ...string) []byte {
	return []byte(header + strings.Join(rows, "\n") + "\n")
}

// goodFile has a BOM, all three levels, a joint service, every symbol and a
// year span. count holds the symbols; rate is numeric throughout.
func goodFile() []byte {
	rows := []string{
		`202425,Academic year,National,E92000001,England,,,,,,Children in need,"1,234",56.5`,
		`202425,Academic year,Regional,E92000001,England,E12000001,North East,,,,Children in need,200,40`,
		`202425,Academic year,Local authority,E92000001,England,E12000001,North East,805,E06000001,Hartlepool,Children in need,c,1`,
		`202425,Academic year,Local authority,E92000001,England,E12000001,North East,806,E06000002,Middlesbrough,Children in need,x,2`,
		`202425,Academic year,Local authority,E92000001,England,E12000001,North East,807,E06000003,Redcar and Cleveland,Children in need,z,3`,
		`202425,Academic year,Local authority,E92000001,England,E12000001,North East,808,E06000004,Stockton-on-Tees,Children in need,low,4`,
		`202425,Academic year,Local authority,E92000001,England,E12000001,North East,840,E06000047,County Durham,Children in need,k,5`,
		`202425,Academic year,Local authority,E92000001,England,E12000001,North East,841,E06000005,Darlington,Children in need,~,6`,
		`202425,Academic year,Local authority,E92000001,England,E12000001,North East,390,E08000037,Gateshead,Children in need,:,7`,
		`202425,Academic year,Local authority,E92000001,England,E13000002,Outer London,314 / 318,E09000021 / E09000027,Kingston upon Thames / Richmond upon Thames,Children in need,0,8`,
		`202324,Academic year,Local authority,E92000001,England,E13000002,Outer London,314 / 318,E09000021 / E09000027,Kingston upon Thames / Richmond upon Thames,Children in need,17,9`,
		`202324,Academic year,Local authority,E92000001,England,E12000001,North East,805,E06000001,Hartlepool,Children in need,,10`,
	}
	return append([]byte("\xEF\xBB\xBF"), file(header, rows...)...)
}

func TestReadGoodFile(t *testing.T) {
	tab, err := ees.Read(bytes.NewReader(goodFile()), "data/b1_cin.csv", ees.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Dataset != "b1_cin" || tab.File != "data/b1_cin.csv" {
		t.Errorf("dataset %q file %q", tab.Dataset, tab.File)
	}
	if got := strings.Join(tab.Columns, ","); got+"\n" != header {
		t.Errorf("columns %q: the BOM must not stick to time_period", got)
	}
	if fmt.Sprint(tab.Filters) != "[category]" || fmt.Sprint(tab.Measures) != "[count rate]" {
		t.Errorf("filters %v measures %v, want [category] and [count rate]", tab.Filters, tab.Measures)
	}
	if tab.Rows != 12 || len(tab.Observations) != 24 {
		t.Fatalf("%d rows, %d observations; want 12 and 24", tab.Rows, len(tab.Observations))
	}
	byKey := map[string]sightline.Observation{}
	for _, o := range tab.Observations {
		byKey[o.Period+" "+o.Area+" "+o.Measure] = o
		if o.Dataset != "b1_cin" || o.Filters != "category=Children in need" || o.TimeID != "Academic year" {
			t.Errorf("observation %+v", o)
		}
		want := map[string]int{"202425": 2025, "202324": 2024}[o.Period]
		if o.Year != want {
			t.Errorf("period %s read as year %d, want %d", o.Period, o.Year, want)
		}
	}
	num := func(key string, want float64) {
		t.Helper()
		o, ok := byKey[key]
		if !ok || !o.Value.IsNumber() || o.Value.Num != want {
			t.Errorf("%s = %+v, want the number %v", key, o.Value, want)
		}
	}
	num("202425 E92000001 count", 1234) // thousands separator
	num("202425 E92000001 rate", 56.5)
	num("202425 E12000001 count", 200)
	num("202425 E09000021 / E09000027 count", 0) // a real zero stays a number
	num("202324 E09000021 / E09000027 count", 17)
	for code, sym := range map[string]string{"E06000001": "c", "E06000002": "x", "E06000003": "z", "E06000004": "low",
		"E06000047": "k", "E06000005": "~", "E08000037": ":"} {
		o := byKey["202425 "+code+" count"]
		if o.Value.IsNumber() || o.Value.Symbol != sym || o.Value.Num != 0 {
			t.Errorf("%s count = %+v, want symbol %q", code, o.Value, sym)
		}
		if o.Value.String() != sym {
			t.Errorf("%s count renders as %q, want %q", code, o.Value.String(), sym)
		}
	}
	if o := byKey["202324 E06000001 count"]; o.Value != sightline.Missing {
		t.Errorf("an empty cell reads as %+v, want Missing", o.Value)
	}
	if o := byKey["202425 E92000001 count"]; o.Level != sightline.National {
		t.Errorf("England level %q", o.Level)
	}

	areas := map[string]sightline.Area{}
	for _, a := range tab.Areas {
		areas[a.Code] = a
	}
	if len(areas) != 10 {
		t.Errorf("%d areas, want 10: %+v", len(areas), tab.Areas)
	}
	joint := areas["E09000021 / E09000027"]
	if joint.OldCode != "314 / 318" || joint.Level != sightline.LocalAuthority || joint.FirstYear != 2024 || joint.LastYear != 2025 ||
		joint.RegionCode != "E13000002" || joint.Name != "Kingston upon Thames / Richmond upon Thames" {
		t.Errorf("joint service area %+v", joint)
	}
	if a := areas["E06000001"]; a.OldCode != "805" || a.Name != "Hartlepool" || a.RegionName != "North East" || a.FirstYear != 2024 || a.LastYear != 2025 {
		t.Errorf("Hartlepool %+v", a)
	}
}

func TestReadOptions(t *testing.T) {
	data := file(header,
		`2025,Reporting year,National,E92000001,England,,,,,,A,1,2`,
		`2025,Reporting year,National,E92000001,England,,,,,,B,3,4`,
	)
	// Columns names the whole set of filters and measures.
	if _, err := ees.Parse(data, "f.csv", ees.Options{Dataset: "d", Columns: []string{"category", "count", "rate"}}); err != nil {
		t.Errorf("exact columns: %v", err)
	}
	checkInputError(t, "unknown column", data, ees.Options{Dataset: "d", Columns: []string{"category", "count"}}, "f.csv", 1, "rate", "unknown column")
	checkInputError(t, "missing column", data, ees.Options{Dataset: "d", Columns: []string{"category", "count", "rate", "sex"}}, "f.csv", 1, "sex", "missing")

	// A filter column whose values all look like numbers is a filter when
	// named neither as a measure nor by content.
	ages := file("time_period,time_identifier,geographic_level,country_code,country_name,age,children\n",
		`2025,Reporting year,National,E92000001,England,Total,10`,
		`2025,Reporting year,National,E92000001,England,Under 1,2`,
	)
	tab, err := ees.Parse(ages, "ages.csv", ees.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(tab.Filters) != "[age]" || fmt.Sprint(tab.Measures) != "[children]" {
		t.Errorf("filters %v measures %v", tab.Filters, tab.Measures)
	}

	// Forced measures and durations.
	adoption := file("time_period,time_identifier,geographic_level,country_code,country_name,stage,number\n",
		`2025,Reporting year,National,E92000001,England,A,01:04`,
		`2025,Reporting year,National,E92000001,England,B,00:11`,
		`2025,Reporting year,National,E92000001,England,C,x`,
	)
	tab, err = ees.Parse(adoption, "adoption.csv", ees.Options{Measures: []string{"number"}, Durations: []string{"number"}})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, o := range tab.Observations {
		got = append(got, o.Value.String())
	}
	if strings.Join(got, " ") != "16 11 x" {
		t.Errorf("durations read as %v, want 16 11 x (months)", got)
	}
	checkInputError(t, "bad duration", file("time_period,time_identifier,geographic_level,country_code,country_name,stage,number\n",
		`2025,Reporting year,National,E92000001,England,A,01:04`,
		`2025,Reporting year,National,E92000001,England,B,01:12`,
	), ees.Options{Measures: []string{"number"}, Durations: []string{"number"}}, "adoption.csv", 3, "number", "neither a number")

	// Rows at levels Sightline does not measure are skipped, not errors.
	other := file(header,
		`2025,Reporting year,National,E92000001,England,,,,,,A,1,2`,
		`2025,Reporting year,Local authority district,E92000001,England,,,,E07000223,Adur,A,3,4`,
	)
	if tab, err := ees.Parse(other, "f.csv", ees.Options{}); err != nil || len(tab.Observations) != 2 || tab.Rows != 2 {
		t.Errorf("other levels: %v", err)
	}
}

// checkInputError parses data and checks the error is an InputError at the
// given place whose message mentions all of them.
func checkInputError(t *testing.T, name string, data []byte, opt ees.Options, fileName string, line int, col, msg string) {
	t.Helper()
	tab, err := ees.Parse(data, fileName, opt)
	if err == nil {
		t.Errorf("%s: no error; table has %d rows, filters %v, measures %v", name, tab.Rows, tab.Filters, tab.Measures)
		return
	}
	var ie *sightline.InputError
	if !errors.As(err, &ie) {
		t.Errorf("%s: error %v is a %T, not an InputError", name, err, err)
		return
	}
	if ie.File != fileName || ie.Line != line || ie.Column != col || !strings.Contains(ie.Msg, msg) {
		t.Errorf("%s: got file %q line %d column %q msg %q; want %q line %d column %q msg containing %q",
			name, ie.File, ie.Line, ie.Column, ie.Msg, fileName, line, col, msg)
	}
	s := err.Error()
	want := []string{fileName}
	if line > 0 {
		want = append(want, fmt.Sprintf("line %d", line))
	}
	if col != "" {
		want = append(want, strconv.Quote(col))
	}
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("%s: message %q does not name %s", name, s, w)
		}
	}
}

const nat = `2025,Reporting year,National,E92000001,England,,,,,,A,1,2`

func la(old, code, name string) string {
	return fmt.Sprintf(`2025,Reporting year,Local authority,E92000001,England,E12000001,North East,%s,%s,%s,A,1,2`, old, code, name)
}

func utf16File(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestReadBadInput(t *testing.T) {
	// twelve numeric cells and one stray word: still a measure column
	var many []string
	for i := 0; i < 12; i++ {
		many = append(many, fmt.Sprintf(`2025,Reporting year,Local authority,E92000001,England,E12000001,North East,%d,E0600%04d,LA %d,A,%d,2`, 805+i, 1+i, i, i))
	}
	many = append(many, `2025,Reporting year,National,E92000001,England,,,,,,A,12a,2`)

	for _, c := range []struct {
		name string
		data []byte
		opt  ees.Options
		line int
		col  string
		msg  string
	}{
		{"empty file", nil, ees.Options{}, 0, "", "empty"},
		{"only a byte-order mark", []byte("\xEF\xBB\xBF"), ees.Options{}, 0, "", "empty"},
		{"only blank lines", []byte("\n\r\n\n"), ees.Options{}, 0, "", "empty"},
		{"header only", file(header), ees.Options{}, 2, "", "no rows"},
		{"header only without rows or newline", []byte(strings.TrimSuffix(header, "\n")), ees.Options{}, 1, "", "truncated"},
		{"invalid column name", file(strings.Replace(header, "rate", "rate (%)", 1), nat), ees.Options{}, 1, "rate (%)", "not an EES column name"},
		{"column name with a space", file(strings.Replace(header, "la_name", "la name", 1), nat), ees.Options{}, 1, "la name", "not an EES column name"},
		{"unnamed column", file(strings.Replace(header, ",rate", ",", 1), nat), ees.Options{}, 1, "M", "no name"},
		{"duplicate column", file(strings.Replace(header, "rate", "count", 1), nat), ees.Options{}, 1, "count", "appears twice (columns 12 and 13)"},
		{"non-EES CSV", file("la_code,la_name,value\n", "E06000001,Hartlepool,1"), ees.Options{}, 1, "time_period", "not an EES tidy CSV"},
		{"missing geographic_level", file("time_period,time_identifier,value\n", "2025,Reporting year,1"), ees.Options{}, 1, "geographic_level", "required column"},
		{"new_la_code too short", file(header, nat, la("805", "E0600001", "Hartlepool")), ees.Options{}, 3, "new_la_code", "E0600001"},
		{"new_la_code wrong letter", file(header, nat, la("805", "X06000001", "Hartlepool")), ees.Options{}, 3, "new_la_code", "X06000001"},
		{"new_la_code of a district", file(header, nat, la("805", "E07000223", "Adur")), ees.Options{}, 3, "new_la_code", "E07000223"},
		{"new_la_code empty", file(header, nat, la("805", "", "Hartlepool")), ees.Options{}, 3, "new_la_code", "not a nine-character"},
		{"joint code with a bad part", file(header, nat, la("314 / 318", "E09000021 / E0900002", "K / R")), ees.Options{}, 3, "new_la_code", "E0900002"},
		{"old_la_code two digits", file(header, nat, la("12", "E06000001", "Hartlepool")), ees.Options{}, 3, "old_la_code", `"12"`},
		{"old_la_code letters", file(header, nat, la("80a", "E06000001", "Hartlepool")), ees.Options{}, 3, "old_la_code", "three-digit"},
		{"council check", file(header, nat, la("805", "E06000001", "Hartlepool")),
			ees.Options{CheckCouncil: func(code, old, name string) error { return fmt.Errorf("no such council %s", code) }}, 3, "new_la_code", "no such council E06000001"},
		{"bad country code", file(header, strings.Replace(nat, "E92000001", "E9200001", 1)), ees.Options{}, 2, "country_code", "E9200001"},
		{"bad region code", file(header, nat, `2025,Reporting year,Regional,E92000001,England,E1200001,North East,,,,A,1,2`), ees.Options{}, 3, "region_code", "E1200001"},
		{"empty level", file(header, nat, `2025,Reporting year,,E92000001,England,,,,,,B,1,2`), ees.Options{}, 3, "geographic_level", "empty"},
		{"bad period", file(header, nat, strings.Replace(la("805", "E06000001", "H"), "2025", "2025/26", 1)), ees.Options{}, 3, "time_period", "2025/26"},
		{"non-consecutive period", file(header, strings.Replace(nat, "2025", "202426", 1)), ees.Options{}, 2, "time_period", "consecutive"},
		{"empty time identifier", file(header, strings.Replace(nat, "Reporting year", "", 1)), ees.Options{}, 2, "time_identifier", "empty"},
		{"truncated mid-row", []byte(header + nat + "\n" + la("805", "E06000001", "Hartlepool")[:60]), ees.Options{}, 3, "", "truncated"},
		{"truncated mid-quoted-field", []byte(header + nat + "\n" + `2025,Reporting year,Local authority,E92000001,England,E13000002,Outer London,"314 / 318","E09000021 / E09`), ees.Options{}, 3, "", "truncated"},
		{"truncated mid-quoted-field at a line end", []byte(header + nat + "\n" + `2025,Reporting year,Local authority,E92000001,England,E13000002,Outer London,"314 / 318","E09000021` + "\n"), ees.Options{}, 3, "new_la_code", "quotation mark"},
		{"bare quotation mark", file(header, nat, la("805", "E06000001", `Hart"lepool`)), ees.Options{}, 3, "la_name", "quotation mark"},
		{"text after a closing quotation mark", file(header, nat, la("805", `"E06000001"x`, "Hartlepool")), ees.Options{}, 3, "new_la_code", "quotation mark"},
		{"unclosed quotation mark over lines", file(header, nat, la("805", "E06000001", `"Hartle`), "pool,A,1,2", nat), ees.Options{}, 5, "la_name", "row starts on line 3"},
		{"short row", file(header, nat, `2025,Reporting year,National,E92000001,England,,,,,,B,1`), ees.Options{}, 3, "", "wrong number of fields"},
		{"duplicate row", file(header, nat, la("805", "E06000001", "Hartlepool"), la("806", "E06000002", "Middlesbrough"), la("805", "E06000001", "Hartlepool")),
			ees.Options{}, 5, "", "as line 3"},
		{"duplicate national row", file(header, nat, strings.Replace(nat, ",1,2", ",3,4", 1)), ees.Options{}, 3, "", "as line 2"},
		{"Windows-1252 apostrophe", file(header, nat, la("805", "E06000001", "Children\x92s Trust")), ees.Options{}, 3, "", "Windows-1252"},
		{"Latin-1 in the header", file(strings.Replace(header, "la_name", "la_n\xe9me", 1), nat), ees.Options{}, 1, "", "not valid UTF-8"},
		{"UTF-16 with BOM", utf16File(header + nat + "\n"), ees.Options{}, 1, "", "UTF-16"},
		{"UTF-16 big-endian BOM", []byte{0xFE, 0xFF, 0, 't'}, ees.Options{}, 1, "", "UTF-16"},
		{"non-numeric in a forced measure", file(header, nat, strings.Replace(nat, ",A,1,", ",B,12a,", 1)), ees.Options{Measures: []string{"count"}}, 3, "count", `"12a"`},
		{"non-numeric in a measure by content", file(header, many...), ees.Options{}, 14, "count", `"12a"`},
		{"no measures", file("time_period,time_identifier,geographic_level,country_code,country_name,category\n",
			`2025,Reporting year,National,E92000001,England,A`), ees.Options{}, 1, "", "no measure columns"},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkInputError(t, c.name, c.data, c.opt, "in/"+strings.ReplaceAll(c.name, " ", "_")+".csv", c.line, c.col, c.msg)
		})
	}
}

// TestReadTruncatedEverywhere cuts a good file at every byte: each cut either
// fails with an InputError or, when it falls just after a row's line ending,
// reads exactly the rows before it.
func TestReadTruncatedEverywhere(t *testing.T) {
	data := file(header, nat, la("805", "E06000001", "Hartlepool"), `2025,Reporting year,Local authority,E92000001,England,E13000002,Outer London,"314 / 318","E09000021 / E09000027","Kingston, Richmond",A,c,5`)
	full, err := ees.Parse(data, "f.csv", ees.Options{})
	if err != nil || full.Rows != 3 {
		t.Fatalf("full file: %v", err)
	}
	for n := 0; n < len(data); n++ {
		cut := data[:n]
		tab, err := ees.Parse(cut, "f.csv", ees.Options{})
		rowsBefore := bytes.Count(cut, []byte("\n")) - 1
		atLineEnd := n > 0 && cut[n-1] == '\n'
		switch {
		case err != nil:
			var ie *sightline.InputError
			if !errors.As(err, &ie) || ie.File != "f.csv" {
				t.Fatalf("cut at %d: %v is not an InputError naming the file", n, err)
			}
			if atLineEnd && rowsBefore > 0 {
				t.Errorf("cut at %d after %d whole rows: %v", n, rowsBefore, err)
			}
		case !atLineEnd:
			t.Errorf("cut at %d, mid-line, read %d rows without error", n, tab.Rows)
		case tab.Rows != rowsBefore:
			t.Errorf("cut at %d: %d rows, want %d", n, tab.Rows, rowsBefore)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(goodFile())
	f.Add(file(header, nat))
	f.Add(file(header, nat, la("314 / 318", "E09000021 / E09000027", "K / R")))
	f.Add(file("time_period,time_identifier,geographic_level,country_code,country_name,stage,number\n",
		`202425,Academic year,National,E92000001,England,A,01:04`, `2025,Reporting year,National,E92000001,England,B,[c]`))
	f.Add(file(header, nat, nat))
	f.Add(file(header))
	f.Add([]byte(header + nat))
	f.Add([]byte("\xEF\xBB\xBF"))
	f.Add(utf16File(header + nat + "\n"))
	f.Add(file(header, nat, la("12", "E0600001", "H\x92")))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		checkTable(t, data, ees.Options{})
		checkTable(t, data, ees.Options{Measures: []string{"count", "number"}, Durations: []string{"number"}})
	})
}

func checkTable(t *testing.T, data []byte, opt ees.Options) {
	tab, err := ees.Parse(data, "fuzz.csv", opt)
	if err != nil {
		var ie *sightline.InputError
		if !errors.As(err, &ie) || ie.File != "fuzz.csv" {
			t.Fatalf("error %v (%T) is not an InputError naming the file", err, err)
		}
		if tab != nil {
			t.Fatalf("a partial table came back with the error %v", err)
		}
		return
	}
	measures := map[string]bool{}
	for _, m := range tab.Measures {
		measures[m] = true
	}
	if len(tab.Measures) == 0 {
		t.Fatal("a table without measures")
	}
	known := map[string]bool{"c": true, "x": true, "z": true, "low": true, "k": true, "~": true, ":": true, "u": true}
	areas := map[string]bool{}
	for _, a := range tab.Areas {
		if areas[a.Code] {
			t.Fatalf("area %q listed twice", a.Code)
		}
		areas[a.Code] = true
		if a.FirstYear > a.LastYear {
			t.Fatalf("area %+v: first year after last", a)
		}
	}
	if len(tab.Observations)%len(tab.Measures) != 0 {
		t.Fatalf("%d observations for %d measures", len(tab.Observations), len(tab.Measures))
	}
	filterPrefix := ""
	if len(tab.Filters) > 0 {
		filterPrefix = tab.Filters[0] + "="
	}
	for i, o := range tab.Observations {
		if want := tab.Measures[i%len(tab.Measures)]; o.Measure != want || !measures[o.Measure] {
			t.Fatalf("observation %d has measure %q, want %q of %v", i, o.Measure, want, tab.Measures)
		}
		var year int
		switch len(o.Period) {
		case 4:
			year, _ = strconv.Atoi(o.Period)
		case 6:
			year, _ = strconv.Atoi(o.Period[:4])
			year++
			if fmt.Sprintf("%02d", year%100) != o.Period[4:] {
				t.Fatalf("period %q is not two consecutive years", o.Period)
			}
		default:
			t.Fatalf("period %q", o.Period)
		}
		if o.Year != year {
			t.Fatalf("period %q read as year %d, want %d", o.Period, o.Year, year)
		}
		if o.Value.IsNumber() {
			if math.IsNaN(o.Value.Num) || math.IsInf(o.Value.Num, 0) {
				t.Fatalf("value %v", o.Value.Num)
			}
		} else if !known[o.Value.Symbol] {
			t.Fatalf("symbol %q is not an EES symbol", o.Value.Symbol)
		}
		switch o.Level {
		case sightline.National, sightline.Regional, sightline.LocalAuthority:
		default:
			t.Fatalf("level %q", o.Level)
		}
		if !areas[o.Area] {
			t.Fatalf("observation area %q is not among the table's areas", o.Area)
		}
		if !strings.HasPrefix(o.Filters, filterPrefix) || strings.Count(o.Filters, "=") < len(tab.Filters) {
			t.Fatalf("filters %q for filter columns %v", o.Filters, tab.Filters)
		}
		if o.Dataset != "fuzz" || o.TimeID == "" {
			t.Fatalf("observation %+v", o)
		}
	}
}
