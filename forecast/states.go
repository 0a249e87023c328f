package forecast

import (
	"fmt"
	"strconv"
	"strings"
)

// Band is an age band by whole years of age: a child is in the band from
// the birthday on which they turn From until the birthday on which they
// turn the next band's From (the last band runs until they leave care).
type Band struct {
	Name string
	From int
}

// Category groups SSDA903 placement codes that cost and are commissioned
// alike, so that the model has few enough states to estimate.
type Category struct {
	Name  string
	Codes []string
}

// StateSpace is the model's states: every age band crossed with every
// placement category. It is configurable because councils plan by
// different bands and groupings.
type StateSpace struct {
	Bands      []Band
	Categories []Category
	// Other is the index of the category that takes placement codes no
	// category lists (each such code is reported, never dropped silently).
	Other int
	// LeaveAge is the birthday on which a child stops being looked after
	// (18 in England): the model ends care then, deterministically.
	LeaveAge int

	codes map[string]int
}

// Placement categories of the default state space. Fostering is U1–U6;
// residential is children's homes (K2) and residential care homes (R1);
// supported is semi-independent and supported accommodation (H5, and K3
// which replaced it in 2024/25) and independent living (P2); other is
// every remaining DfE code: placed for adoption (A3–A6), secure children's
// homes (K1), placed with parents (P1), residential employment (P3), NHS
// or health settings (R2), family centres (R3), young offender
// institutions (R5), residential schools (S1), temporary placements
// (T0–T4) and other placements (Z1).
var (
	Fostering   = Category{Name: "fostering", Codes: []string{"U1", "U2", "U3", "U4", "U5", "U6"}}
	Residential = Category{Name: "residential", Codes: []string{"K2", "R1"}}
	Supported   = Category{Name: "supported", Codes: []string{"H5", "K3", "P2"}}
	Other       = Category{Name: "other", Codes: []string{"A3", "A4", "A5", "A6", "K1", "P1", "P3", "R2", "R3", "R5", "S1", "T0", "T1", "T2", "T3", "T4", "Z1"}}
)

// DefaultStateSpace has bands [0,1), [1,5), [5,10), [10,16) and [16,18)
// years (care ends on the 18th birthday) and the categories fostering,
// residential, supported and other, as DfE's own age groups and the
// placement types councils commission.
func DefaultStateSpace() StateSpace {
	s := StateSpace{
		Bands:      []Band{{"0-1", 0}, {"1-5", 1}, {"5-10", 5}, {"10-16", 10}, {"16+", 16}},
		Categories: []Category{Fostering, Residential, Supported, Other},
		Other:      3,
		LeaveAge:   18,
	}
	s.init()
	return s
}

// NewStateSpace checks a custom state space: bands must start at 0 and
// rise, every code may belong to one category only, and the catch-all
// category must exist.
func NewStateSpace(bands []Band, cats []Category, other string, leaveAge int) (StateSpace, error) {
	s := StateSpace{Bands: bands, Categories: cats, Other: -1, LeaveAge: leaveAge}
	if len(bands) == 0 || bands[0].From != 0 {
		return s, fmt.Errorf("age bands must start at 0")
	}
	for i := 1; i < len(bands); i++ {
		if bands[i].From <= bands[i-1].From {
			return s, fmt.Errorf("age bands must rise: %d after %d", bands[i].From, bands[i-1].From)
		}
	}
	if leaveAge <= bands[len(bands)-1].From {
		return s, fmt.Errorf("the leaving age %d must be above the last band's start %d", leaveAge, bands[len(bands)-1].From)
	}
	seen := map[string]string{}
	for i, c := range cats {
		if c.Name == other {
			s.Other = i
		}
		for _, code := range c.Codes {
			if prev, ok := seen[code]; ok {
				return s, fmt.Errorf("placement code %s is in both %s and %s", code, prev, c.Name)
			}
			seen[code] = c.Name
		}
	}
	if s.Other < 0 {
		return s, fmt.Errorf("no category is named %q to take unlisted placement codes", other)
	}
	s.init()
	return s, nil
}

// BandsFromYears builds bands from their starting ages, named as the
// default bands are ("0-1", …, "16+").
func BandsFromYears(from []int) []Band {
	out := make([]Band, len(from))
	for i, f := range from {
		name := strconv.Itoa(f) + "+"
		if i+1 < len(from) {
			name = strconv.Itoa(f) + "-" + strconv.Itoa(from[i+1])
		}
		out[i] = Band{Name: name, From: f}
	}
	return out
}

func (s *StateSpace) init() {
	s.codes = map[string]int{}
	for i, c := range s.Categories {
		for _, code := range c.Codes {
			s.codes[code] = i
		}
	}
}

// NumStates is bands × categories.
func (s StateSpace) NumStates() int { return len(s.Bands) * len(s.Categories) }

// State numbers a band and category.
func (s StateSpace) State(band, cat int) int { return band*len(s.Categories) + cat }

// Split is a state's band and category.
func (s StateSpace) Split(state int) (band, cat int) {
	return state / len(s.Categories), state % len(s.Categories)
}

// StateName reads "10-16 fostering", the form backtest scopes use.
func (s StateSpace) StateName(state int) string {
	b, c := s.Split(state)
	return s.Bands[b].Name + " " + s.Categories[c].Name
}

// CategoryOf places a placement code; known is false for a code no
// category lists, which goes to the catch-all category.
func (s StateSpace) CategoryOf(code string) (cat int, known bool) {
	if s.codes == nil {
		s.init()
	}
	c, ok := s.codes[strings.ToUpper(code)]
	if !ok {
		return s.Other, false
	}
	return c, true
}

// CategoryIndex finds a category by name, for scenarios, costs and
// capacity files.
func (s StateSpace) CategoryIndex(name string) (int, bool) {
	for i, c := range s.Categories {
		if strings.EqualFold(c.Name, name) {
			return i, true
		}
	}
	return -1, false
}

func (s StateSpace) categoryNames() string {
	var names []string
	for _, c := range s.Categories {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}

// bandOfAge is the band of a whole-years age.
func (s StateSpace) bandOfAge(age int) int {
	b := 0
	for i, band := range s.Bands {
		if age >= band.From {
			b = i
		}
	}
	return b
}
