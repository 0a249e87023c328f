// Package indicators is the catalogue of national framework indicators that
// the published data supports, and the engine that computes each council's
// value, its comparators (England, region, statistical neighbours), rank,
// quartile band, change and significance for every year.
//
// An indicator is one declaration in a catalogue file (family_help.go,
// safety.go …); the engine reads declarations, never indicator ids.
package indicators

import (
	"fmt"
	"github.com/sightline-uk/sightline"
	"regexp"
	"sort"

	"github.com/sightline-uk/sightline/stats"
)

// Kind separates the framework's outcomes from its enablers.
type Kind string

// Kinds of indicator.
const (
	Outcome Kind = "outcome"
	Enabler Kind = "enabler"
)

// Polarity says which direction is better, and so how ranks and bands run.
type Polarity string

// Polarities.
const (
	HighIsGood  Polarity = "high is good"
	LowIsGood   Polarity = "low is good"
	NoJudgement Polarity = "no judgement"
)

// Unit of an indicator's value; the type lives in the domain package so
// that measures computed from returns share it without the catalogue.
type Unit = sightline.Unit

// Units.
const (
	Percent        = sightline.Percent
	PerTenThousand = sightline.PerTenThousand
	Count          = sightline.Count
	Pounds         = sightline.Pounds
	Months         = sightline.Months
	Score          = sightline.Score
	Ratio          = sightline.Ratio
)

// Ref points at one published figure: a measure of a dataset, in the row
// whose filters have the given values. YearOffset shifts the year read, as
// rates for year Y use the mid-year population of Y−1.
type Ref struct {
	Dataset    string
	Measure    string
	Filters    map[string]string
	YearOffset int
	// Multiply scales the figure (e.g. 1000 for £ thousand).
	Multiply float64
}

// Indicator declares one indicator: what it is, how to read it, and how to
// judge it.
type Indicator struct {
	ID       string
	Title    string
	Area     string // the outcome or enabler it evidences, e.g. "Family help"
	Kind     Kind
	Unit     Unit
	Decimals int
	Polarity Polarity
	// Definition in plain words, with the framework outcome it serves.
	Definition string
	// Value is the published figure, when there is one.
	Value *Ref
	// Numerator and Denominator are counts. Where Value is absent the value
	// is Numerator/Denominator×Scale; where both exist they give the funnel
	// plot its position and limits.
	Numerator, Denominator *Ref
	NumeratorText          string
	DenominatorText        string
	Scale                  float64
	// Model is the funnel plot's sampling model; NoModel where the value is
	// not a proportion or a rate of counts.
	Model stats.Model
	// NationalOnly indicators are published for England alone.
	NationalOnly bool
	// EnglandFromCouncils replaces the published England figure with the
	// sum of councils' numerators over the sum of their denominators, where
	// the published total covers more than children's services councils.
	EnglandFromCouncils bool
}

// Source is the dataset the indicator mainly reads.
func (ind *Indicator) Source() string {
	switch {
	case ind.Value != nil:
		return ind.Value.Dataset
	case ind.Numerator != nil:
		return ind.Numerator.Dataset
	}
	return ""
}

// Refs returns every figure the indicator reads.
func (ind *Indicator) Refs() []*Ref {
	var out []*Ref
	for _, r := range []*Ref{ind.Value, ind.Numerator, ind.Denominator} {
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}

// Areas in the order pages present them.
var Areas = []string{"Family help", "Safety", "Stable homes", "Education and health", "Workforce", "Spend"}

var idRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Catalogue returns every indicator, grouped by area in page order.
func Catalogue() []*Indicator { return catalogue }

var catalogue = build(familyHelp, safety, stableHomes, educationHealth, workforce, spend)

var byID map[string]*Indicator

// ByID finds an indicator, or nil.
func ByID(id string) *Indicator { return byID[id] }

func build(groups ...[]Indicator) []*Indicator {
	var out []*Indicator
	byID = map[string]*Indicator{}
	for _, g := range groups {
		for i := range g {
			ind := &g[i]
			if err := ind.validate(); err != nil {
				panic(err) // declarations are tested; this is a programming error
			}
			if byID[ind.ID] != nil {
				panic("indicator declared twice: " + ind.ID)
			}
			byID[ind.ID] = ind
			out = append(out, ind)
		}
	}
	order := map[string]int{}
	for i, a := range Areas {
		order[a] = i
	}
	sort.SliceStable(out, func(i, j int) bool { return order[out[i].Area] < order[out[j].Area] })
	return out
}

func (ind *Indicator) validate() error {
	switch {
	case !idRe.MatchString(ind.ID):
		return fmt.Errorf("indicator id %q is not snake_case", ind.ID)
	case ind.Title == "" || ind.Definition == "":
		return fmt.Errorf("indicator %s needs a title and a definition", ind.ID)
	case ind.Kind != Outcome && ind.Kind != Enabler:
		return fmt.Errorf("indicator %s: kind %q", ind.ID, ind.Kind)
	case ind.Polarity != HighIsGood && ind.Polarity != LowIsGood && ind.Polarity != NoJudgement:
		return fmt.Errorf("indicator %s: polarity %q", ind.ID, ind.Polarity)
	case ind.Value == nil && (ind.Numerator == nil || ind.Denominator == nil):
		return fmt.Errorf("indicator %s needs a value or a numerator and denominator", ind.ID)
	case ind.Numerator != nil && ind.Denominator != nil && ind.Scale == 0:
		return fmt.Errorf("indicator %s: numerator and denominator need a scale", ind.ID)
	case (ind.Numerator == nil || ind.Denominator == nil) && ind.Model != stats.NoModel:
		return fmt.Errorf("indicator %s: a funnel model needs a numerator and denominator", ind.ID)
	}
	if ind.Numerator != nil && ind.NumeratorText == "" || ind.Denominator != nil && ind.DenominatorText == "" {
		return fmt.Errorf("indicator %s: describe the numerator and denominator", ind.ID)
	}
	known := false
	for _, a := range Areas {
		known = known || a == ind.Area
	}
	if !known {
		return fmt.Errorf("indicator %s: unknown area %q", ind.ID, ind.Area)
	}
	return nil
}

// PeriodLabel turns a published period into words: "2025" stays, "202425"
// becomes "2024/25".
func PeriodLabel(p string) string {
	if len(p) == 6 {
		return p[:4] + "/" + p[4:]
	}
	return p
}
