package linkage

import (
	"math"
	"testing"
	"unicode/utf8"
)

func TestJaroWinklerPublishedValues(t *testing.T) {
	// Winkler (1990) and the standard worked examples.
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"MARTHA", "MARHTA", 0.961},
		{"DWAYNE", "DUANE", 0.840},
		{"DIXON", "DICKSONX", 0.813},
		{"JELLYFISH", "SMELLYFISH", 0.896},
		{"martha", "martha", 1},
		{"abc", "xyz", 0},
		{"", "abc", 0},
		{"", "", 0},
	} {
		got := JaroWinkler(c.a, c.b)
		if math.Abs(got-c.want) > 0.0005 {
			t.Errorf("JaroWinkler(%q, %q) = %.4f, want %.3f", c.a, c.b, got, c.want)
		}
		if back := JaroWinkler(c.b, c.a); math.Abs(back-got) > 1e-12 {
			t.Errorf("JaroWinkler not symmetric on %q, %q: %g and %g", c.a, c.b, got, back)
		}
	}
	// Characters, not bytes: one accented letter differs in one place.
	if a, b := JaroWinkler("zoë", "zoe"), JaroWinkler("zoa", "zoe"); math.Abs(a-b) > 1e-12 {
		t.Errorf("JaroWinkler counts bytes: zoë/zoe %g, zoa/zoe %g", a, b)
	}
}

func TestLevenshtein(t *testing.T) {
	for _, c := range []struct {
		a, b     string
		max, out int
	}{
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 2, 3}, // beyond max: max+1
		{"flaw", "lawn", 5, 2},
		{"", "abc", 5, 3},
		{"abc", "", 1, 2},
		{"same", "same", 0, 0},
		{"smith", "smyth", 1, 1},
		{"jonathan", "jonathon", 1, 1},
		{"josé", "jose", 3, 1},
		{"abcdefgh", "a", 3, 4},
	} {
		if got := Levenshtein(c.a, c.b, c.max); got != c.out {
			t.Errorf("Levenshtein(%q, %q, %d) = %d, want %d", c.a, c.b, c.max, got, c.out)
		}
	}
}

func TestSoundex(t *testing.T) {
	// The examples of the US National Archives' rules.
	for in, want := range map[string]string{
		"Robert": "r163", "Rupert": "r163", "Rubin": "r150", "Ashcraft": "a261",
		"Ashcroft": "a261", "Tymczak": "t522", "Pfister": "p236", "Honeyman": "h555",
		"Lee": "l000", "": "", "123": "",
	} {
		if got := string(Soundex(nil, in)); got != want {
			t.Errorf("Soundex(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]Date{
		"2010-03-04": {2010, 3, 4}, "20100304": {2010, 3, 4}, "04/03/2010": {2010, 3, 4},
		"2010/03/04": {2010, 3, 4}, "2012-02-29": {2012, 2, 29}, "2000-02-29": {2000, 2, 29},
	} {
		got, ok := ParseDate(in)
		if !ok || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "2010-13-01", "2011-02-29", "1900-02-29", "2010-00-10", "2010-1-1", "abcdefgh", "2010-03-32"} {
		if d, ok := ParseDate(in); ok {
			t.Errorf("ParseDate(%q) accepted as %v", in, d)
		}
	}
	if d := (Date{1970, 1, 1}).Days(); d != 0 {
		t.Errorf("1970-01-01 is day %d", d)
	}
	if d := (Date{2000, 3, 1}).Days() - (Date{2000, 2, 28}).Days(); d != 2 {
		t.Errorf("2000 was a leap year, got %d days from 28 Feb to 1 Mar", d)
	}
	if d := (Date{2024, 1, 1}).Days(); d != 19723 {
		t.Errorf("2024-01-01 is day %d, want 19723", d)
	}
	if !(Date{2010, 3, 4}).Transposed(Date{2010, 4, 3}) || (Date{2010, 3, 4}).Transposed(Date{2011, 4, 3}) || (Date{2010, 3, 3}).Transposed(Date{2010, 3, 3}) {
		t.Error("Transposed wrong")
	}
}

func TestPostcodes(t *testing.T) {
	for in, want := range map[string][2]string{
		"sw1a 1aa": {"sw1a", "sw1a 1"}, "sw1a1aa": {"sw1a", "sw1a 1"}, "m1 1ae": {"m1", "m1 1"},
		"b33 8th": {"b33", "b33 8"}, "SW1A 1AA": {"SW1A", "SW1A 1"}, "nowhere": {"", ""}, "": {"", ""}, "12345": {"", ""},
	} {
		if d, s := PostcodeDistrict(in), PostcodeSector(in); d != want[0] || s != want[1] {
			t.Errorf("%q: district %q sector %q, want %q", in, d, s, want)
		}
	}
}

func TestNormalise(t *testing.T) {
	for in, want := range map[string]string{
		"  SMITH ": "smith", "smith": "smith", "Mary  Ann": "mary ann", "N/A": "", "null": "",
		"  ": "", "\tZoË\n": "zoë", "unknown": "", "o'neil": "o'neil",
	} {
		if got := Normalise(in); got != want {
			t.Errorf("Normalise(%q) = %q, want %q", in, got, want)
		}
	}
	if a := testing.AllocsPerRun(100, func() { _ = Normalise("already clean") }); a != 0 {
		t.Errorf("Normalise allocates %v times on a clean value", a)
	}
}

func TestTransforms(t *testing.T) {
	for _, c := range []struct{ tr, in, want string }{
		{"", " Smith ", "smith"}, {"lower", "SMITH", "smith"}, {"soundex", "Smyth", "s530"},
		{"first:3", "jonathan", "jon"}, {"first:3", "zoë", "zoë"}, {"first:2", "zoë", "zo"}, {"year", "20100304", "2010"},
		{"month_day", "2010-03-04", "03-04"}, {"date", "04/03/2010", "2010-03-04"}, {"date", "garbage", ""},
		{"postcode_district", "SW1A 1AA", "sw1a"}, {"postcode_sector", "sw1a1aa", "sw1a 1"}, {"soundex", "", ""},
	} {
		got, err := Transform(c.tr, c.in)
		if err != nil || got != c.want {
			t.Errorf("Transform(%q, %q) = %q, %v; want %q", c.tr, c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"metaphone", "first:0", "first:x", "upper"} {
		if _, err := Transform(bad, "x"); err == nil {
			t.Errorf("transform %q accepted", bad)
		}
	}
}

func TestComparisonsDoNotAllocate(t *testing.T) {
	a := testing.AllocsPerRun(100, func() {
		_ = JaroWinkler("jonathan", "johnathon")
		_ = JaroWinkler("zoë", "zoey")
		_ = Levenshtein("jonathan", "johnathon", 3)
		_ = Levenshtein("siân", "sian", 3)
		_, _ = ParseDate("2010-03-04")
		_, _, _ = postcodeParts("sw1a 1aa")
	})
	if a != 0 {
		t.Errorf("comparisons allocate %v times", a)
	}
}

// levenshteinFull is the textbook distance, to check the bounded one.
func levenshteinFull(a, b []rune) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func FuzzComparisons(f *testing.F) {
	for _, s := range [][2]string{{"martha", "marhta"}, {"", "x"}, {"zoë", "zoe"}, {"sw1a 1aa", "sw1a1ab"}, {"2010-03-04", "20100403"}} {
		f.Add(s[0], s[1], 2)
	}
	f.Fuzz(func(t *testing.T, a, b string, max int) {
		max = max & 7
		jw := JaroWinkler(a, b)
		if jw < 0 || jw > 1 || math.IsNaN(jw) {
			t.Fatalf("JaroWinkler(%q, %q) = %g", a, b, jw)
		}
		if a == b && a != "" && jw != 1 {
			t.Fatalf("JaroWinkler(%q, %q) = %g for equal strings", a, b, jw)
		}
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		want := levenshteinFull([]rune(a), []rune(b))
		if want > max {
			want = max + 1
		}
		if got := Levenshtein(a, b, max); got != want {
			t.Fatalf("Levenshtein(%q, %q, %d) = %d, want %d", a, b, max, got, want)
		}
		n := Normalise(a)
		if Normalise(n) != n {
			t.Fatalf("Normalise not idempotent on %q: %q then %q", a, n, Normalise(n))
		}
		for _, tr := range Transforms {
			if tr == "first:N" {
				tr = "first:2"
			}
			if _, err := Transform(tr, a); err != nil {
				t.Fatal(err)
			}
		}
		ParseDate(a)
		PostcodeSector(a)
	})
}
