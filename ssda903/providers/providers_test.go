package providers

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/ssda903"
)

func date(s string) ssda903.Date { return ssda903.ParseDate(s) }

func TestLoadFixture(t *testing.T) {
	reg, err := Load("testdata/register.csv")
	if err != nil {
		t.Fatal(err)
	}
	if reg.Len() != 3 {
		t.Fatalf("%d providers, want 3", reg.Len())
	}
	// SC123456 is listed twice: codes merged, the first postcode kept, the
	// closure date of the closed row taken.
	want := map[string]ssda903.Provider{
		"SC123456": {URN: "SC123456", Postcode: "AB1 2CD", LA: "383", Places: []string{"K2", "K1"},
			Providers: []string{"PR1", "PR2", "PR3"}, Registered: date("01/04/2015"), Closed: date("15/01/2025")},
		// Excel's ".0" dropped; a DfE number kept; ISO dates read; the
		// Windows-1252 name in a column not read is no matter.
		"1234567": {URN: "1234567", Postcode: "LS1 4AP", LA: "383", Places: []string{"U1", "U2"},
			Providers: []string{"PR4"}, Registered: date("30/06/2019"), Closed: date("31/12/2024")},
		"2345678": {URN: "2345678", Postcode: "M1 1AA", LA: "352", Places: []string{"H5"}, Providers: []string{"PR2"}},
	}
	for urn, w := range want {
		got, ok := reg.Provider(urn)
		if !ok {
			t.Errorf("%s not found", urn)
			continue
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %+v\nwant %+v", urn, got, w)
		}
	}
	for _, q := range []string{" sc123456 ", "1234567.0"} {
		if _, ok := reg.Provider(q); !ok {
			t.Errorf("lookup of %q failed", q)
		}
	}
	if _, ok := reg.Provider("XXXXXXX"); ok {
		t.Error("placeholder found")
	}
	var none *Register
	if _, ok := none.Provider("SC123456"); ok || none.Len() != 0 {
		t.Error("nil register has providers")
	}
}

func TestChildrensHomesListColumns(t *testing.T) {
	// The children's homes list's names: "Provider Code" holds placement
	// codes and "Provider Placement Code" the provider codes.
	src := "Closed Date,URN,Setting Postcode,Local Authority,Provider Code,Provider Placement Code\n" +
		"2024-09-30 00:00:00,SC1,b1 1aa,\"Bristol, City of\",K2,PR1/PR2\n" +
		",SC2,DH1 1AA,County Durham,S1,PR0\n"
	reg, err := Read("ch.csv", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := reg.Provider("SC1")
	if !reflect.DeepEqual(p.Places, []string{"K2"}) || !reflect.DeepEqual(p.Providers, []string{"PR1", "PR2"}) ||
		p.LA != "801" || p.Postcode != "B1 1AA" || !p.Closed.Equal(time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("SC1 = %+v", p)
	}
	if p, _ := reg.Provider("SC2"); p.LA != "840" || p.Closed.OK {
		t.Errorf("SC2 = %+v", p)
	}
}

func TestReadErrors(t *testing.T) {
	for _, c := range []struct {
		name, src string
		line      int
		col, msg  string
	}{
		{"empty", "", 0, "", "empty"},
		{"bom only", "\ufeff", 0, "", "empty"},
		{"utf16", "\xff\xfeU\x00", 1, "", "UTF-16"},
		{"missing columns", "URN,Postcode\nSC1,AB1 2CD\n", 1, "", "placement codes"},
		{"duplicate column", "URN,Postcode,Setting Postcode,Placement code,Placement provider code,Closed date\n", 1, "Setting Postcode", "also gives"},
		{"bad date", "URN,Postcode,Placement code,Placement provider code,Closed date\nSC1,AB1 2CD,K2,PR1,\nSC2,AB1 2CD,K2,PR1,31/02/2024\n", 3, "Closed date", "not a date"},
		{"windows-1252 in a read cell", "URN,Postcode,Placement code,Placement provider code,Closed date\nSC1,AB1 2CD,K2\x96,PR1,\n", 2, "Placement code", "Windows-1252"},
		{"bad quoting", "URN,Postcode,Placement code,Placement provider code,Closed date\nSC1,\"AB1\" 2CD\"x,K2,PR1,\n\"", 0, "", ""},
	} {
		_, err := Read("reg.csv", []byte(c.src))
		var ie *sightline.InputError
		if !errors.As(err, &ie) {
			if c.name == "bad quoting" && err == nil {
				continue // lazy quotes accept it
			}
			t.Errorf("%s: error %v, want an InputError", c.name, err)
			continue
		}
		if ie.File != "reg.csv" || c.line > 0 && ie.Line != c.line || ie.Column != c.col || !strings.Contains(ie.Msg, c.msg) {
			t.Errorf("%s: %v; want line %d column %q and %q", c.name, err, c.line, c.col, c.msg)
		}
	}
}

func TestFromRows(t *testing.T) {
	reg := FromRows([]ssda903.Provider{
		{URN: "sc1", Postcode: "ab12cd", Places: []string{"k2", "K1/K2"}, Providers: []string{"pr1"}},
		{URN: "SC1", Closed: date("01/01/2025"), Providers: []string{"PR2"}},
		{URN: "SC1", Closed: date("01/06/2025")},
		{URN: " "},
	})
	p, ok := reg.Provider("SC1")
	want := ssda903.Provider{URN: "SC1", Postcode: "AB1 2CD", Places: []string{"K2", "K1"}, Providers: []string{"PR1", "PR2"}, Closed: date("01/01/2025")}
	if !ok || !reflect.DeepEqual(p, want) || reg.Len() != 1 {
		t.Errorf("got %+v (%d), want %+v", p, reg.Len(), want)
	}
}

func TestNormalisePostcode(t *testing.T) {
	for in, want := range map[string]string{"ab12cd": "AB1 2CD", " SW1A 1AA ": "SW1A 1AA", "m11aa": "M1 1AA", "M1": "M1", "": "", "EC1A  1BB": "EC1A 1BB"} {
		if got := NormalisePostcode(in); got != want {
			t.Errorf("NormalisePostcode(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("URN,Postcode,Placement code,Placement provider code,Closed date\nSC1,AB1 2CD,K2,PR1/PR2,01/01/2025\n"))
	f.Add([]byte("\ufeffurn,setting postcode,provider code,provider placement code,deregistration date,local authority\n1.0,x,,,2024-01-01,Leeds\n"))
	f.Add([]byte("URN\n\"a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		reg, err := Read("fuzz.csv", data)
		if err != nil {
			var ie *sightline.InputError
			if !errors.As(err, &ie) || ie.File != "fuzz.csv" {
				t.Fatalf("error %v is not an InputError naming the file", err)
			}
			return
		}
		for urn, p := range reg.byURN {
			if urn == "" || p.URN != urn {
				t.Fatalf("provider %+v keyed %q", p, urn)
			}
			if q, ok := reg.Provider(urn); !ok || q.URN != urn {
				t.Fatalf("provider %q not found by its own URN", urn)
			}
			for _, c := range append(p.Places, p.Providers...) {
				if c == "" || c != strings.ToUpper(c) || strings.ContainsAny(c, ",/; ") {
					t.Fatalf("bad code %q in %+v", c, p)
				}
			}
		}
	})
}
