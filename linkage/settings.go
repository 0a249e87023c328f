// Package linkage finds records about the same person across and within
// sources that share no identifier, by probabilistic record linkage
// (Fellegi–Sunter): candidate pairs from blocking rules, field comparisons
// with levels, m and u probabilities trained without labels, match weights
// and probabilities, and clusters.
package linkage

// Settings describe a linkage model: how records are blocked into
// candidate pairs, how each field is compared and, once trained, each
// level's m and u probabilities. They are saved as JSON; a trained model is
// the same document with its parameters filled in, so a user can read,
// refine and reload it.
type Settings struct {
	// LinkType is "dedupe" (one source), "link" (pairs across sources
	// only) or "link_and_dedupe".
	LinkType string `json:"link_type"`
	// UniqueID names the column that identifies a record within its
	// source; SourceColumn, when linking, the column (added by the reader)
	// naming the source a record came from.
	UniqueID     string `json:"unique_id_column"`
	SourceColumn string `json:"source_column,omitempty"`
	// Blocking rules are a union: a pair is a candidate when it agrees on
	// every key of at least one rule, and it is scored once.
	Blocking []BlockingRule `json:"blocking_rules"`
	// Comparisons are the fields compared, each with its levels.
	Comparisons []Comparison `json:"comparisons"`
	// Deterministic rules pick pairs that are surely matches, from which
	// the prior is estimated before training.
	Deterministic []BlockingRule `json:"deterministic_rules,omitempty"`
	// Prior is the probability that two records drawn at random match.
	Prior float64 `json:"probability_two_random_records_match,omitempty"`
	// Threshold is the match probability at or above which a pair is a
	// link.
	Threshold float64 `json:"match_probability_threshold"`
	// MaxBlockSize bounds the records sharing one blocking key: a larger
	// block is skipped with a warning rather than exhausting memory.
	MaxBlockSize int `json:"max_block_size,omitempty"`
}

// BlockingRule makes candidate pairs of records that agree on every key.
type BlockingRule struct {
	Name string `json:"name,omitempty"`
	Keys []Key  `json:"keys"`
}

// Key is a column, optionally transformed before records are compared on
// it: "lower", "soundex", "first:N", "date" (any date form written as
// yyyy-mm-dd), "year", "month_day", "postcode_district", "postcode_sector".
// ("metaphone" is not supported: use soundex.)
type Key struct {
	Column    string `json:"column"`
	Transform string `json:"transform,omitempty"`
}

// Comparison compares one field (or a few, for swaps) of a pair, level by
// level: the first level whose condition holds is the pair's level.
type Comparison struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	Levels  []Level  `json:"levels"`
	// TermFrequency adjusts exact matches by how common the value is, so
	// agreeing on "Smith" counts for less than agreeing on "Zygmunt".
	TermFrequency bool `json:"term_frequency_adjustments,omitempty"`
}

// Level is one outcome of a comparison. Kind is one of "null" (either
// value missing), "exact", "jaro_winkler" (similarity ≥ Threshold),
// "levenshtein" (distance ≤ Threshold), "date_transposed" (day and month
// swapped), "date_within_days" (within Threshold days), "date_same_year",
// "postcode_sector", "postcode_district", "columns_swapped" (the first two
// columns agree crossed over), "else". Levels other than exact and
// columns_swapped look at the first column. M and U are the probabilities of the level
// among matches and among non-matches; zero until trained.
type Level struct {
	Name      string  `json:"name"`
	Kind      string  `json:"kind"`
	Threshold float64 `json:"threshold,omitempty"`
	M         float64 `json:"m_probability,omitempty"`
	U         float64 `json:"u_probability,omitempty"`
}
