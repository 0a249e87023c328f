package linkage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// The level kinds. Besides those named on Level, "date_same_year" (both
// dates in the same year) and "columns_swapped" (the first two columns
// agree crossed over, as when forename and surname are entered the wrong
// way round) are understood.
const (
	KindNull             = "null"
	KindExact            = "exact"
	KindJaroWinkler      = "jaro_winkler"
	KindLevenshtein      = "levenshtein"
	KindDateTransposed   = "date_transposed"
	KindDateWithinDays   = "date_within_days"
	KindDateSameYear     = "date_same_year"
	KindPostcodeSector   = "postcode_sector"
	KindPostcodeDistrict = "postcode_district"
	KindColumnsSwapped   = "columns_swapped"
	KindElse             = "else"
)

// The link types.
const (
	Dedupe        = "dedupe"
	Link          = "link"
	LinkAndDedupe = "link_and_dedupe"
)

// DefaultMaxBlockSize bounds a block when the settings do not: 5,000
// records make 12.5 million pairs, as many as a core scores in a few
// seconds, while a block on a common value ("unknown", 1 January) would
// make billions.
const DefaultMaxBlockSize = 5000

// Agreement patterns pack one level per comparison into four bits of a
// uint64, so they bound comparisons and levels.
const (
	maxComparisons = 16
	maxLevels      = 15
)

var kinds = map[string]bool{
	KindNull: true, KindExact: true, KindJaroWinkler: true, KindLevenshtein: true,
	KindDateTransposed: true, KindDateWithinDays: true, KindDateSameYear: true,
	KindPostcodeSector: true, KindPostcodeDistrict: true, KindColumnsSwapped: true, KindElse: true,
}

// Validate checks the settings make a model the engine can run, naming the
// rule, comparison or level at fault, so a hand-edited model fails on
// load rather than halfway through a run.
func (s *Settings) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	switch s.LinkType {
	case Dedupe:
	case Link, LinkAndDedupe:
		if s.SourceColumn == "" {
			bad("link_type %q needs source_column", s.LinkType)
		}
	default:
		bad("link_type %q: want dedupe, link or link_and_dedupe", s.LinkType)
	}
	if s.UniqueID == "" {
		bad("unique_id_column is empty")
	}
	if len(s.Blocking) == 0 {
		bad("no blocking_rules: at least one is needed to make candidate pairs")
	}
	checkRules := func(what string, rules []BlockingRule) {
		for i, r := range rules {
			if len(r.Keys) == 0 {
				bad("%s %d (%s) has no keys", what, i+1, r.Name)
			}
			for _, k := range r.Keys {
				if k.Column == "" {
					bad("%s %d (%s) has a key with no column", what, i+1, r.Name)
				}
				if _, err := parseTransform(k.Transform); err != nil {
					bad("%s %d (%s): %v", what, i+1, r.Name, err)
				}
			}
		}
	}
	checkRules("blocking rule", s.Blocking)
	checkRules("deterministic rule", s.Deterministic)
	if len(s.Comparisons) == 0 || len(s.Comparisons) > maxComparisons {
		bad("%d comparisons: want 1 to %d", len(s.Comparisons), maxComparisons)
	}
	for _, c := range s.Comparisons {
		if len(c.Columns) == 0 {
			bad("comparison %q names no columns", c.Name)
		}
		if len(c.Levels) < 2 || len(c.Levels) > maxLevels {
			bad("comparison %q has %d levels: want 2 to %d", c.Name, len(c.Levels), maxLevels)
			continue
		}
		if last := c.Levels[len(c.Levels)-1].Kind; last != KindElse {
			bad("comparison %q: the last level must be %q so every pair has a level, not %q", c.Name, KindElse, last)
		}
		nulls := 0
		for i, l := range c.Levels {
			if !kinds[l.Kind] {
				bad("comparison %q level %q: unknown kind %q", c.Name, l.Name, l.Kind)
			}
			switch l.Kind {
			case KindNull:
				nulls++
			case KindElse:
				if i != len(c.Levels)-1 {
					bad("comparison %q level %q: %q must be the last level", c.Name, l.Name, KindElse)
				}
			case KindJaroWinkler:
				if l.Threshold <= 0 || l.Threshold > 1 {
					bad("comparison %q level %q: Jaro–Winkler threshold %g not in (0, 1]", c.Name, l.Name, l.Threshold)
				}
			case KindLevenshtein, KindDateWithinDays:
				if l.Threshold < 0 || l.Threshold != math.Trunc(l.Threshold) {
					bad("comparison %q level %q: threshold %g must be a whole number ≥ 0", c.Name, l.Name, l.Threshold)
				}
			case KindColumnsSwapped:
				if len(c.Columns) < 2 {
					bad("comparison %q level %q: %q needs two columns", c.Name, l.Name, l.Kind)
				}
			}
			if l.M < 0 || l.M > 1 || l.U < 0 || l.U > 1 || math.IsNaN(l.M) || math.IsNaN(l.U) {
				bad("comparison %q level %q: m %g and u %g must be probabilities", c.Name, l.Name, l.M, l.U)
			}
		}
		if nulls > 1 {
			bad("comparison %q has %d null levels: want at most one", c.Name, nulls)
		}
	}
	if s.Threshold < 0 || s.Threshold > 1 {
		bad("match_probability_threshold %g not in [0, 1]", s.Threshold)
	}
	if s.Prior < 0 || s.Prior >= 1 {
		bad("probability_two_random_records_match %g not in [0, 1)", s.Prior)
	}
	if s.MaxBlockSize < 0 {
		bad("max_block_size %d is negative", s.MaxBlockSize)
	}
	if len(errs) > 0 {
		return fmt.Errorf("linkage settings: %w", errors.Join(errs...))
	}
	return nil
}

// Trained reports whether every level that carries evidence has m and u,
// and the prior is set: only then can pairs be scored.
func (s *Settings) Trained() bool {
	if s.Prior <= 0 {
		return false
	}
	for _, c := range s.Comparisons {
		for _, l := range c.Levels {
			if l.Kind != KindNull && (l.M <= 0 || l.U <= 0) {
				return false
			}
		}
	}
	return true
}

// Clone copies the settings deeply, so training one copy leaves the
// user's document untouched.
func (s *Settings) Clone() *Settings {
	c := *s
	c.Blocking = cloneRules(s.Blocking)
	c.Deterministic = cloneRules(s.Deterministic)
	c.Comparisons = make([]Comparison, len(s.Comparisons))
	for i, cmp := range s.Comparisons {
		cmp.Columns = append([]string(nil), cmp.Columns...)
		cmp.Levels = append([]Level(nil), cmp.Levels...)
		c.Comparisons[i] = cmp
	}
	return &c
}

func cloneRules(rules []BlockingRule) []BlockingRule {
	if rules == nil {
		return nil
	}
	out := make([]BlockingRule, len(rules))
	for i, r := range rules {
		r.Keys = append([]Key(nil), r.Keys...)
		out[i] = r
	}
	return out
}

// Save writes the settings as indented JSON: a trained model is the same
// document a user wrote, with m, u and the prior filled in.
func (s *Settings) Save(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// LoadSettings reads and validates a settings document; unknown fields are
// errors, so a misspelt key in a hand-edited model is not silently
// ignored.
func LoadSettings(r io.Reader) (*Settings, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var s Settings
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("linkage settings: %w", err)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// RuleString names a rule for warnings and explanations: its name, or its
// keys written out.
func RuleString(r BlockingRule) string {
	if r.Name != "" {
		return r.Name
	}
	parts := make([]string, len(r.Keys))
	for i, k := range r.Keys {
		parts[i] = k.Column
		if k.Transform != "" {
			parts[i] = k.Transform + "(" + k.Column + ")"
		}
	}
	return strings.Join(parts, " & ")
}

// LevelParameters is one level of a trained comparison, as the model's
// parameters page shows it.
type LevelParameters struct {
	Name, Kind string
	Threshold  float64
	M, U       float64
	// BayesFactor is m/u: how many times likelier the level is among
	// matches than non-matches; Log2BayesFactor is its match weight. The
	// null level is neutral (1 and 0): a missing value is no evidence.
	BayesFactor     float64
	Log2BayesFactor float64
}

// ComparisonParameters lists a comparison's levels with their parameters.
type ComparisonParameters struct {
	Name          string
	Columns       []string
	TermFrequency bool
	Levels        []LevelParameters
}

// Parameters lists every comparison's levels with m, u and Bayes factors,
// so a user can see (and challenge) what the model learned.
func (s *Settings) Parameters() []ComparisonParameters {
	out := make([]ComparisonParameters, len(s.Comparisons))
	for i, c := range s.Comparisons {
		cp := ComparisonParameters{Name: c.Name, Columns: append([]string(nil), c.Columns...), TermFrequency: c.TermFrequency}
		for _, l := range c.Levels {
			lp := LevelParameters{Name: l.Name, Kind: l.Kind, Threshold: l.Threshold, M: l.M, U: l.U}
			lp.Log2BayesFactor = levelWeight(l)
			lp.BayesFactor = math.Exp2(lp.Log2BayesFactor)
			cp.Levels = append(cp.Levels, lp)
		}
		out[i] = cp
	}
	return out
}

// levelWeight is a level's log2 Bayes factor; the null level and untrained
// levels carry none.
func levelWeight(l Level) float64 {
	if l.Kind == KindNull || l.M <= 0 || l.U <= 0 {
		return 0
	}
	return math.Log2(l.M / l.U)
}

// logit2 is the log2 odds of a probability: the prior's match weight.
func logit2(p float64) float64 { return math.Log2(p / (1 - p)) }

// Probability turns a match weight (log2 odds) into a match probability.
func Probability(weight float64) float64 {
	return 1 / (1 + math.Exp2(-weight))
}

// Weight turns a match probability into a match weight, for thresholds.
func Weight(probability float64) float64 {
	switch {
	case probability <= 0:
		return math.Inf(-1)
	case probability >= 1:
		return math.Inf(1)
	}
	return logit2(probability)
}
