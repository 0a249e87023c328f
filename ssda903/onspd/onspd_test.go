package onspd

import (
	"archive/zip"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = "testdata/ONSPD_SAMPLE_UK.csv"

type want struct {
	east, north float64 // NaN for none
	la          string
}

var sampleWant = map[string]want{
	"B1 1BB":   {406725, 286651, "330"}, // Birmingham, a metropolitan district
	"b11aa":    {406529, 286839, "330"}, // terminated in 2000, still kept
	"B91 3QB":  {415281, 279151, "334"}, // Solihull
	"SO23 8UJ": {448089, 129554, "850"}, // Winchester → Hampshire
	"GU14ER":   {499674, 149465, "936"}, // Guildford → Surrey
	"CF10 1EP": {318396, 176276, "WAL"},
	"EH1 1YZ":  {325792, 673732, "SCO"},
	"BT1 5GS":  {333941, 374311, "NIR"},
	"JE2 3QA":  {math.NaN(), math.NaN(), ""}, // Jersey: no grid reference, no council
}

func checkSample(t *testing.T, d *Directory) {
	t.Helper()
	if d.Len() != len(sampleWant) {
		t.Errorf("Len() = %d, want %d", d.Len(), len(sampleWant))
	}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for pc, w := range sampleWant {
		e, n, la, ok := d.Locate(pc)
		if !ok || !same(e, w.east) || !same(n, w.north) || la != w.la {
			t.Errorf("Locate(%q) = %v, %v, %q, %v; want %v, %v, %q, true", pc, e, n, la, ok, w.east, w.north, w.la)
		}
	}
	for _, pc := range []string{"", "B1 1ZZ", "B1-1BB", "SW1A 1AA", "B1 1BBX", "NOT A POSTCODE"} {
		if _, _, _, ok := d.Locate(pc); ok {
			t.Errorf("Locate(%q) found a postcode the directory does not have", pc)
		}
	}
}

func TestLoad(t *testing.T) {
	d, err := Load(sample)
	if err != nil {
		t.Fatal(err)
	}
	checkSample(t, d)
}

func TestLoadZip(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ONSPD_SAMPLE.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	for name, body := range map[string][]byte{
		"Documents/LA_UA names and codes UK as at 04_23.csv": []byte("LAD23CD,LAD23NM\nE08000025,Birmingham\n"),
		"Data/ONSPD_SAMPLE_UK.csv":                           data,
		"User Guide/readme.txt":                              []byte("not data"),
	} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	d, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	checkSample(t, d)
}

// The 2025 layout renamed the columns (pcd7, east1m, north1m, lad25cd).
func TestRead2025Layout(t *testing.T) {
	src := "\ufeffpcd7,pcd8,pcds,dointr,doterm,usrtypind,east1m,north1m,gridind,oa21cd,cty25cd,ced25cd,lad25cd,wd25cd,ctry25cd\n" +
		`"CA8 7JG","CA8  7JG","CA8 7JG","200006","","0","366033","564878","1","E00139875","E99999999","E99999999","E06000063","E05014040","E92000001"` + "\n" +
		`"DL8 4AA","DL8  4AA","DL8 4AA","198001","","0","412345","487654","1","E00139876","E99999999","E99999999","E06000065","E05014041","E92000001"` + "\n"
	d, err := Read(strings.NewReader(src), "ONSPD_NOV_2025_UK.csv")
	if err != nil {
		t.Fatal(err)
	}
	if e, n, la, ok := d.Locate("CA87JG"); !ok || e != 366033 || n != 564878 || la != "942" {
		t.Errorf("Locate(CA87JG) = %v, %v, %q, %v; want Cumberland (942)", e, n, la, ok)
	}
	if _, _, la, _ := d.Locate("DL8 4AA"); la != "815" {
		t.Errorf("North Yorkshire postcode: council %q, want 815", la)
	}
}

func TestReadErrors(t *testing.T) {
	const head = "pcd,pcds,doterm,oslaua,oseast1m,osnrth1m\n"
	for _, c := range []struct{ src, want string }{
		{"", "x.csv: empty file"},
		{"pcd,pcds,oslaua,oseast1m\n", "x.csv: line 1: not the ONS Postcode Directory: no column osnrth1m or north1m"},
		{"name,value\n", "no column pcds or pcd or pcd2 or pcd7 or pcd8; no column oseast1m or east1m"},
		{head + `"B1  1BB","B1 1BB","","E08000025","406725","286651"` + "\n" + `"B1  1AA","B1 1AA","","E08000025","40652x","286839"` + "\n",
			`x.csv: line 3: column oseast1m: not a grid reference: "40652x"`},
		{head + `"B1  1BB","B1 1BB","","E08000025","406725","Inf"` + "\n", `x.csv: line 2: column osnrth1m: not a grid reference: "Inf"`},
		{head + `"B1/1BB","B1/1BB","","E08000025","406725","286651"` + "\n", `x.csv: line 2: column pcds: not a postcode: "B1/1BB"`},
		{head + `"B1  1BB","B1 1BB","","E08000025","406725"` + "\n", "x.csv: record on line 2: wrong number of fields"},
		{head + `"B1  1BB","B1 1"BB","","E08000025","406725","286651"` + "\n", `x.csv: parse error on line 2, column 16`},
	} {
		_, err := Read(strings.NewReader(c.src), "x.csv")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Read(%q) error %v, want one containing %q", c.src, err, c.want)
		}
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.csv")); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("Load of a missing file: error %v, want one naming it", err)
	}
}

// Every district in the bundled lookup has a council, and DfE's LA numbers
// come through the upper tier.
func TestCouncil(t *testing.T) {
	rows, err := csv.NewReader(strings.NewReader(ltlaUTLA)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "LTLA23CD" || rows[0][3] != "UTLA23CD" || len(rows) < 300 {
		t.Fatalf("unexpected lookup: header %v, %d rows", rows[0], len(rows))
	}
	for _, r := range rows[1:] {
		got := Council(r[0])
		switch {
		case strings.HasPrefix(r[0], "W") && got != "WAL":
			t.Errorf("Council(%s) = %q, want WAL", r[0], got)
		case strings.HasPrefix(r[0], "E") && (len(got) != 3 || got != Council(r[3])):
			t.Errorf("Council(%s) = %q, want its upper tier %s's LA number (%q)", r[0], got, r[3], Council(r[3]))
		}
	}
	for district, want := range map[string]string{
		"E07000223": "938", // Adur → West Sussex
		"E06000053": "420", // Isles of Scilly
		"E09000001": "201", // City of London
		"E08000038": "370", // Barnsley's 2024 code, newer than the lookup
		"e08000025": "330",
		"S12000033": "SCO",
		"N09000001": "NIR",
		"L99999999": "",
		"M99999999": "",
		"E07000026": "", // Allerdale, abolished in 2023
		"":          "",
	} {
		if got := Council(district); got != want {
			t.Errorf("Council(%q) = %q, want %q", district, got, want)
		}
	}
}

func TestFromRows(t *testing.T) {
	d, err := FromRows([]Row{{Postcode: "b1 1bb", East: 406725, North: 286651, District: "E08000025"}})
	if err != nil {
		t.Fatal(err)
	}
	if e, n, la, ok := d.Locate("B11BB"); !ok || e != 406725 || n != 286651 || la != "330" {
		t.Errorf("Locate = %v, %v, %q, %v", e, n, la, ok)
	}
	if _, err := FromRows([]Row{{Postcode: "B1 1BB 1BB"}}); err == nil {
		t.Error("FromRows accepted a postcode of more than seven characters")
	}
}

func TestKey(t *testing.T) {
	seen := map[uint64]string{}
	for _, pc := range []string{"A11AA", "A1 1AA", "AA11AA", "A111AA", "AA1A1AA", "AA9A9AA", "Z99ZZ", "0", "00", "A"} {
		k, ok := key(pc)
		if !ok {
			t.Fatalf("key(%q) not ok", pc)
		}
		if prev, dup := seen[k]; dup && Normalise(prev) != Normalise(pc) {
			t.Errorf("key(%q) = key(%q)", pc, prev)
		}
		seen[k] = pc
	}
	if Normalise(" sw1a 1aa ") != "SW1A1AA" {
		t.Errorf("Normalise = %q", Normalise(" sw1a 1aa "))
	}
}

// FuzzRead checks that no input makes the reader panic, and that what it
// reads it can find again.
func FuzzRead(f *testing.F) {
	data, err := os.ReadFile(sample)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	f.Add("pcds,oseast1m,osnrth1m,oslaua\nB1 1BB,1,2,E08000025\n")
	f.Add("pcd7,east1m,north1m,lad25cd\n\"JE2 3QA\",,,L99999999\n")
	f.Add("pcds,oseast1m,osnrth1m,lad\n\"x\",1e400,,\n")
	f.Fuzz(func(t *testing.T, src string) {
		d, err := Read(strings.NewReader(src), "fuzz.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		rows, err := csv.NewReader(strings.NewReader(src)).ReadAll()
		if err != nil {
			return
		}
		for _, r := range rows[1:] {
			for _, cell := range r {
				if k, ok := key(cell); ok {
					_ = k
					d.Locate(cell)
				}
			}
		}
		if d.Len() > len(rows)-1 {
			t.Errorf("%d postcodes from %d rows", d.Len(), len(rows)-1)
		}
	})
}
