package forecast

import (
	"errors"
	"testing"

	"github.com/sightline-uk/sightline"
)

// FuzzReadCosts feeds arbitrary files to the costs reader (--costs, or an
// upload on the Plan placements page): an InputError naming the file, or
// a cost for every category that is a number of pounds.
func FuzzReadCosts(f *testing.F) {
	f.Add([]byte("category,per_day\nfostering,100\nresidential,800\nsupported,200\nother,150\n"))
	f.Add([]byte(`{"fostering": 100, "residential": 800.5, "supported": 200, "other": 0}`))
	f.Add([]byte("\ufeffcategory,per_day\nFostering, 1e3\n"))
	f.Add([]byte(`{"fostering": -1}`))
	sp := DefaultStateSpace()
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ReadCosts("costs.csv", data, sp)
		if err != nil {
			var ie *sightline.InputError
			if !errors.As(err, &ie) || ie.File != "costs.csv" {
				t.Fatalf("error %v is not an InputError naming the file", err)
			}
			return
		}
		for _, cat := range sp.Categories {
			if v := c.PerDay(cat.Name); v < 0 || v != v {
				t.Fatalf("%s costs %v a day", cat.Name, v)
			}
		}
	})
}

// FuzzReadCapacity feeds arbitrary files to the places reader: an error,
// or steps that are numbers of places, 0 or more.
func FuzzReadCapacity(f *testing.F) {
	f.Add([]byte("category,month,places\nfostering,,180\nresidential,,12\nresidential,2025-10,16\nsupported,,30\n"))
	f.Add([]byte("category,month,places\nresidential,2025-10,16\nresidential,2025-10,17\n"))
	f.Add([]byte("category,places,month\nother,,1\n"))
	sp := DefaultStateSpace()
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ReadCapacity("places.csv", data, sp)
		if err != nil {
			return
		}
		for cat, steps := range c.Steps {
			if cat < 0 || cat >= len(sp.Categories) {
				t.Fatalf("category %d out of range", cat)
			}
			for _, s := range steps {
				if s.Places < 0 || s.Places != s.Places {
					t.Fatalf("%v places", s.Places)
				}
			}
		}
	})
}

// FuzzParseScenario feeds arbitrary --scenario strings (and the Plan
// placements form's changes) to the scenario parser: an error or a
// scenario, never a crash.
func FuzzParseScenario(f *testing.F) {
	for _, s := range []string{
		"fewer=entry=-10%", "a=entry:residential=-20%", "b=entrants:residential>fostering=20%",
		"c=moves:residential>fostering=20%,rate:residential>fostering=x1.5", "d=leave:residential=+10%", "e=entry=x0.9", "=", "x=",
	} {
		f.Add(s)
	}
	sp := DefaultStateSpace()
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := ParseScenario(s, sp)
		if err != nil {
			return
		}
		if sc.Name == "" {
			t.Fatalf("%q parsed to a scenario without a name", s)
		}
	})
}
