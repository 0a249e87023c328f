package auto

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/sightline-uk/sightline/linkage"
)

// KeyValue applies a blocking key's transform to a value exactly as the
// engine will (after its normalisation), so that the pair counts behind
// the inferred rules are those the rules will make; an empty result means
// the record has no key and joins no block.
func KeyValue(transform, v string) (string, error) {
	return linkage.Transform(transform, v)
}

// isDate says whether the engine reads a value as a date, which is what
// makes date comparisons and transforms work on the column.
func isDate(v string) bool {
	_, ok := linkage.ParseDate(linkage.Normalise(v))
	return ok
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

var postcodeRE = regexp.MustCompile(`^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$`)

// SplitPostcode splits a UK postcode into its outward code (the district,
// "SW1A") and inward code ("1AA"), whatever its spacing and case.
func SplitPostcode(s string) (outward, inward string, ok bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) < 5 || len(s) > 7 {
		return "", "", false
	}
	m := postcodeRE.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// Block is how many records fall in one block key.
type blockCount struct {
	total    int
	bySource map[string]int
}

// RulePairs counts the candidate pairs a blocking rule makes (skipping
// blocks larger than maxBlock when it is positive), across sources only
// when sourceCol is at least 0, so that a rule can be judged before any
// pair is scored.
func RulePairs(columns []string, rows [][]string, rule linkage.BlockingRule, sourceCol, maxBlock int) (pairs int64, skipped int, err error) {
	keys, err := ruleKeys(columns, rows, rule)
	if err != nil {
		return 0, 0, err
	}
	blocks := map[string]*blockCount{}
	for i, k := range keys {
		if k == "" {
			continue
		}
		b := blocks[k]
		if b == nil {
			b = &blockCount{}
			blocks[k] = b
		}
		b.total++
		if sourceCol >= 0 {
			if b.bySource == nil {
				b.bySource = map[string]int{}
			}
			b.bySource[rows[i][sourceCol]]++
		}
	}
	for _, b := range blocks {
		if maxBlock > 0 && b.total > maxBlock {
			skipped++
			continue
		}
		n := int64(b.total)
		p := n * (n - 1) / 2
		for _, m := range b.bySource {
			p -= int64(m) * int64(m-1) / 2
		}
		pairs += p
	}
	return pairs, skipped, nil
}

// ruleKeys computes each row's composite key for a rule ("" when any part
// is missing).
func ruleKeys(columns []string, rows [][]string, rule linkage.BlockingRule) ([]string, error) {
	idx := make([]int, len(rule.Keys))
	for i, k := range rule.Keys {
		idx[i] = -1
		for j, c := range columns {
			if c == k.Column {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return nil, fmt.Errorf("blocking rule %q: no column %q", rule.Name, k.Column)
		}
		if _, err := KeyValue(k.Transform, "x"); err != nil {
			return nil, err
		}
	}
	out := make([]string, len(rows))
	var b strings.Builder
	for r, row := range rows {
		b.Reset()
		ok := true
		for i, k := range rule.Keys {
			v, _ := KeyValue(k.Transform, row[idx[i]])
			if v == "" {
				ok = false
				break
			}
			b.WriteString(v)
			b.WriteByte(0)
		}
		if ok {
			out[r] = b.String()
		}
	}
	return out, nil
}

// CandidatePairs lists the distinct candidate pairs (row indices, lower
// first) the union of the rules makes, each once however many rules make
// it, as the engine scores them; it is for measuring blocking on test sets
// of modest size.
func CandidatePairs(columns []string, rows [][]string, rules []linkage.BlockingRule, sourceCol, maxBlock int) ([][2]int, error) {
	seen := map[[2]int]struct{}{}
	var out [][2]int
	for _, rule := range rules {
		keys, err := ruleKeys(columns, rows, rule)
		if err != nil {
			return nil, err
		}
		blocks := map[string][]int{}
		for i, k := range keys {
			if k != "" {
				blocks[k] = append(blocks[k], i)
			}
		}
		for _, b := range blocks {
			if maxBlock > 0 && len(b) > maxBlock {
				continue
			}
			for x := 0; x < len(b); x++ {
				for y := x + 1; y < len(b); y++ {
					i, j := b[x], b[y]
					if sourceCol >= 0 && rows[i][sourceCol] == rows[j][sourceCol] {
						continue
					}
					p := [2]int{min(i, j), max(i, j)}
					if _, ok := seen[p]; !ok {
						seen[p] = struct{}{}
						out = append(out, p)
					}
				}
			}
		}
	}
	return out, nil
}
