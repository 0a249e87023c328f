package cin

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline"
)

func readFake(t testing.TB, name string) *Return {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata/fake", name))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Read(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReadEveryLayout(t *testing.T) {
	for _, c := range []struct {
		file     string
		year     int
		children int
	}{
		// The file names give the layout; the year is the header's
		// reference date (31 March of the census year).
		{"CIN_Census_2021.xml", 2023, 1}, {"CIN_Census_2024.xml", 2024, 2}, {"CIN_Census_2026.xml", 2024, 2}, {"fake_CIN_data.xml", 2023, 332},
	} {
		r := readFake(t, c.file)
		if n := r.T(ChildIdentifiers).Len(); n != c.children {
			t.Errorf("%s: %d children, want %d", c.file, n, c.children)
		}
		if c.year != 0 && r.Year != c.year {
			t.Errorf("%s: year %d, want %d", c.file, r.Year, c.year)
		}
		// Every row of every table belongs to a child in ChildIdentifiers.
		kids := r.T(ChildIdentifiers).ByChild()
		for _, n := range TableNames[1:] {
			tab := r.T(n)
			for i := 0; i < tab.Len(); i++ {
				if _, ok := kids[tab.Str(i, "LAchildID")]; !ok {
					t.Fatalf("%s: %s row %d has child %q with no identifiers", c.file, n, i, tab.Str(i, "LAchildID"))
				}
			}
		}
		t.Logf("%s: LEA %s, year %d, %d CIN episodes, %d assessment rows, %d plans, %d reviews", c.file, r.LA, r.Year,
			r.T(CINdetails).Len(), r.T(Assessments).Len(), r.T(ChildProtectionPlans).Len(), r.T(Reviews).Len())
	}
}

func TestFlatteningOf2024(t *testing.T) {
	r := readFake(t, "CIN_Census_2024.xml")
	ci := r.T(ChildIdentifiers)
	if ci.Str(0, "LAchildID") != "DfEX0000001" || ci.Str(0, "Sex") != "1" || ci.Date(0, "PersonBirthDate").Format("2006-01-02") != "2015-03-27" {
		t.Errorf("first child: %v", ci.Rows[0])
	}
	if d := r.T(Disabilities); d.Len() < 2 || d.Str(0, "Disability") != "HAND" || d.Str(1, "Disability") != "HEAR" {
		t.Errorf("disabilities: %v", d.Rows)
	}
	cin := r.T(CINdetails)
	if cin.Str(0, "CINdetailsID") != "1" || cin.Str(0, "ReferralSource") != "1A" || cin.Str(0, "ReasonForClosure") != "RC1" {
		t.Errorf("first CIN episode: %v", cin.Rows[0])
	}
	// One assessment row per factor, each with the assessment's dates.
	a := r.T(Assessments)
	for i := 0; i < a.Len(); i++ {
		if a.Str(i, "CINdetailsID") == "" || a.Str(i, "AssessmentActualStartDate") == "" {
			t.Errorf("assessment row %d lacks its episode or dates: %v", i, a.Rows[i])
		}
	}
	if r.T(Header).Str(0, "Collection") != "CIN" || r.LA != "201" {
		t.Errorf("header: %v, LA %q", r.T(Header).Rows, r.LA)
	}
}

func TestPreProceedings2026(t *testing.T) {
	r := readFake(t, "CIN_Census_2026.xml")
	pp := r.T(PreProceedings)
	if pp.Len() == 0 || pp.Str(0, "PPStartDate") != "2026-09-09" || pp.Str(0, "PPOutcome") != "A" || pp.Str(0, "CINdetailsID") == "" {
		t.Fatalf("pre-proceedings rows: %v", pp.Rows)
	}
}

func TestReadBadInput(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{"<NotCIN/>", "root element is NotCIN"},
		{"<Message><Children><Child><ChildIdentifiers><LAchildID>1</LAchildID><Colour>red</Colour></ChildIdentifiers></Child></Children></Message>", "unknown element Colour in ChildIdentifiers"},
		{"<Message><Children><Child><CINdetails><Whatever>1</Whatever></CINdetails></Child></Children></Message>", "unknown element Whatever in CINdetails"},
		{"<Message><Children><Child>", "malformed XML"},
		{"<?xml version='1.0' encoding='windows-1252'?><Message/>", "windows-1252"},
		{`<Message xmlns="http://www.example.org/ssda903"><Children/></Message>`, "namespace"},
		{"<Message>" + strings.Repeat("<Children>", 20000) + strings.Repeat("</Children>", 20000) + "</Message>", "nested more than"},
	} {
		_, err := Read("c.xml", []byte(c.data))
		var ie *sightline.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) || ie.File != "c.xml" {
			t.Errorf("%q: %v, want an InputError mentioning %q", c.data, err, c.want)
		}
	}
}

func TestReadRefusesHugeFiles(t *testing.T) {
	defer func(n int) { MaxFileBytes = n }(MaxFileBytes)
	MaxFileBytes = 1 << 20
	_, err := Read("big.xml", []byte("<Message>"+strings.Repeat(" ", 2<<20)+"</Message>"))
	var ie *sightline.InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "far smaller") {
		t.Fatalf("a 2 MB file over a 1 MB bound: %v", err)
	}
}

func FuzzRead(f *testing.F) {
	for _, n := range []string{"CIN_Census_2021.xml", "CIN_Census_2024.xml", "CIN_Census_2026.xml"} {
		data, _ := os.ReadFile(filepath.Join("testdata/fake", n))
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Read("f.xml", data)
		// Reading and checking in one pass reads the same and finds what
		// checking apart finds.
		rc, problems, errc := ReadChecked("f.xml", data)
		if (err == nil) != (errc == nil) || err != nil && err.Error() != errc.Error() {
			t.Fatalf("Read: %v; ReadChecked: %v", err, errc)
		}
		if err != nil {
			var ie *sightline.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an InputError: %v", err)
			}
			return
		}
		if !reflect.DeepEqual(r, rc) {
			t.Fatal("ReadChecked read differently from Read")
		}
		if apart := ValidateSchema(0, "f.xml", data); !reflect.DeepEqual(apart, problems) {
			t.Fatalf("schema problems in one pass %v, apart %v", problems, apart)
		}
		for _, n := range TableNames {
			tab := r.T(n)
			if len(tab.Rows) != len(tab.Lines) {
				t.Fatalf("%s: rows and lines differ", n)
			}
			for _, row := range tab.Rows {
				if len(row) != len(Columns[n]) {
					t.Fatalf("%s: ragged row", n)
				}
			}
		}
	})
}
