package sightline

import (
	"errors"
	"strings"
	"testing"
)

func TestParseValue(t *testing.T) {
	cases := []struct {
		in   string
		want Value
		ok   bool
	}{
		{"67", Number(67), true}, {"-1.5", Number(-1.5), true}, {"1,234", Number(1234), true},
		{"12,345,678.5", Number(12345678.5), true}, {" 3 ", Number(3), true}, {".5", Number(0.5), true},
		{"c", Sym("c"), true}, {"low", Sym("low"), true}, {"~", Sym("~"), true}, {":", Sym(":"), true},
		{"[x]", Sym("x"), true}, {"[Z]", Sym("z"), true}, {"", Missing, true},
		{"1,2,3", Value{}, false}, {"12a", Value{}, false}, {"0x10", Value{}, false}, {"NaN", Value{}, false},
		{"Inf", Value{}, false}, {"1,23", Value{}, false}, {"C", Value{}, false},
	}
	for _, c := range cases {
		got, ok := ParseValue(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("ParseValue(%q) = %+v, %v; want %+v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestSymbolsAreNeverZero(t *testing.T) {
	for s := range Symbols {
		v, ok := ParseValue(s)
		if !ok || v.IsNumber() || v.Format(1) != s || v.String() != s {
			t.Errorf("symbol %q read as %+v", s, v)
		}
		if j := v.JSON(); j.Value != nil || j.Symbol == nil || *j.Symbol != s {
			t.Errorf("symbol %q in JSON: %+v", s, j)
		}
	}
}

func TestRoundHalfAwayFromZero(t *testing.T) {
	if Round(2.25, 1) != 2.3 || Round(-2.25, 1) != -2.3 || Round(66.5, 0) != 67 {
		t.Error("rounding must be half away from zero, as DfE rounds")
	}
}

func TestFiltersMatch(t *testing.T) {
	f := Filters(MakeFilters([]string{"cla_group", "placement_stability"}, []string{"CLA on 31 March", "Total children"}))
	if !f.Matches(map[string]string{"cla_group": "CLA on 31 March"}) || !f.Matches(nil) {
		t.Error("a subset of filters should match")
	}
	if f.Matches(map[string]string{"cla_group": "CLA 2 years on 31 March"}) || f.Matches(map[string]string{"sex": "Boys"}) {
		t.Error("a different value, or a filter the row lacks, must not match")
	}
}

func TestTextFile(t *testing.T) {
	got, err := TextFile("a.csv", []byte("\xEF\xBB\xBFx,y\n"), "")
	if err != nil || string(got) != "x,y\n" {
		t.Errorf("BOM: %q, %v", got, err)
	}
	for _, c := range []struct {
		data []byte
		want string
	}{
		{[]byte("\xFF\xFEx\x00"), "UTF-16"},
		{[]byte("\xEF\xBB\xBF \r\n\n"), "file is empty; a register"},
		{nil, "file is empty"},
	} {
		_, err := TextFile("a.csv", c.data, "a register")
		var ie *InputError
		if !errors.As(err, &ie) || ie.File != "a.csv" || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.data, err, c.want)
		}
	}
}
