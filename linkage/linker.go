package linkage

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
)

// Linker binds a model to a table: columns resolved, values interned to
// integers so exact agreement is one comparison, dates parsed once per
// distinct value and blocking indexes built, so that scoring a pair does
// no parsing, hashing or allocation.
type Linker struct {
	s        *Settings
	t        *Table
	n        int
	ids      []string
	source   []int32
	sources  []string
	linkOnly bool
	comps    []*compiled
	rules    []*blockIndex
	maxBlock int
	warnings []string

	// Match weights, filled by prepare once the model is trained.
	priorW float64
	lw     [][]float64
	tfW    [][]float64
}

// New checks the settings against the table and builds the blocking
// indexes. Problems that make a run meaningless (missing columns, no
// records, duplicate ids) are errors; problems that make it weaker (a
// comparison that can never agree, a block too large to score) are
// warnings, listed by Warnings.
func New(s *Settings, t *Table) (*Linker, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if t == nil || t.Len() == 0 {
		return nil, errors.New("linkage: the table has no records")
	}
	l := &Linker{s: s.Clone(), t: t, n: t.Len(), maxBlock: s.MaxBlockSize}
	if l.maxBlock == 0 {
		l.maxBlock = DefaultMaxBlockSize
	}
	if l.n >= math.MaxInt32 {
		return nil, fmt.Errorf("linkage: %d records is more than this engine handles", l.n)
	}
	var missing []string
	need := func(col, use string) {
		if _, ok := t.Column(col); !ok {
			missing = append(missing, fmt.Sprintf("%q (%s)", col, use))
		}
	}
	need(s.UniqueID, "unique_id_column")
	if s.LinkType != Dedupe {
		need(s.SourceColumn, "source_column")
	}
	for _, c := range s.Comparisons {
		for _, col := range c.Columns {
			need(col, "comparison "+c.Name)
		}
	}
	for _, r := range append(append([]BlockingRule(nil), s.Blocking...), s.Deterministic...) {
		for _, k := range r.Keys {
			need(k.Column, "rule "+RuleString(r))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("linkage: the table lacks columns named in the settings: %s (it has %s)",
			strings.Join(dedupeStrings(missing), ", "), strings.Join(t.Columns, ", "))
	}
	l.ids, _ = t.Verbatim(s.UniqueID)
	l.source = make([]int32, l.n)
	if s.LinkType != Dedupe {
		col, _ := t.Verbatim(s.SourceColumn)
		index := map[string]int32{}
		for i, v := range col {
			id, ok := index[v]
			if !ok {
				id = int32(len(l.sources))
				index[v] = id
				l.sources = append(l.sources, v)
			}
			l.source[i] = id
		}
		if s.LinkType == Link && len(l.sources) < 2 {
			return nil, fmt.Errorf("linkage: link_type link needs records from at least two sources; column %q holds %d", s.SourceColumn, len(l.sources))
		}
		l.linkOnly = s.LinkType == Link
	}
	if err := l.checkIDs(); err != nil {
		return nil, err
	}

	// Comparisons and blocking rules are independent: build them side by side.
	l.comps = make([]*compiled, len(s.Comparisons))
	l.rules = make([]*blockIndex, len(s.Blocking))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	cache := &internCache{m: map[string]*interned{}}
	for i := range s.Comparisons {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			l.comps[i] = compileComparison(&l.s.Comparisons[i], t, cache)
		}()
	}
	for i := range s.Blocking {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			l.rules[i] = l.buildIndex(s.Blocking[i])
		}()
	}
	wg.Wait()
	for _, c := range l.comps {
		if c.nonNull == 0 {
			l.warnings = append(l.warnings, fmt.Sprintf("comparison %q: column %q is null in every record, so it can never agree and adds no evidence", c.name, c.cmp.Columns[0]))
		} else if len(c.dict) == 2 && c.nonNull == l.n {
			l.warnings = append(l.warnings, fmt.Sprintf("comparison %q: column %q holds one value in every record, so it cannot tell records apart", c.name, c.cmp.Columns[0]))
		}
	}
	for _, r := range l.rules {
		l.warnings = append(l.warnings, r.warnings...)
	}
	if l.s.Trained() {
		l.prepare()
	}
	return l, nil
}

func dedupeStrings(s []string) []string {
	seen := map[string]bool{}
	out := s[:0]
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func (l *Linker) checkIDs() error {
	seen := make(map[string]struct{}, l.n)
	var key []byte
	for i, id := range l.ids {
		if id == "" {
			return fmt.Errorf("linkage: record %d has no %s", i+1, l.s.UniqueID)
		}
		key = key[:0]
		if l.sources != nil {
			key = append(key, l.sources[l.source[i]]...)
			key = append(key, 0)
		}
		key = append(key, id...)
		if _, dup := seen[string(key)]; dup {
			return fmt.Errorf("linkage: %s %q appears more than once (record %d): each record needs its own id", l.s.UniqueID, id, i+1)
		}
		seen[string(key)] = struct{}{}
	}
	return nil
}

// Warnings lists what New found that weakens the linkage without stopping
// it: comparisons that can never agree and blocks skipped as too large.
func (l *Linker) Warnings() []string { return append([]string(nil), l.warnings...) }

// Settings is the linker's own copy of the model, with m, u and the prior
// once trained; save it to reuse the model.
func (l *Linker) Settings() *Settings { return l.s }

// Table is the table the linker was built on.
func (l *Linker) Table() *Table { return l.t }

// ID is a record's unique id, qualified by its source when linking
// ("source/id"), so ids stay unique across sources.
func (l *Linker) ID(row int) string {
	if l.sources != nil {
		return l.sources[l.source[row]] + "/" + l.ids[row]
	}
	return l.ids[row]
}

// totalPairs counts the pairs the link type allows among all records: the
// denominator of the prior.
func (l *Linker) totalPairs() float64 {
	n := float64(l.n)
	all := n * (n - 1) / 2
	if !l.linkOnly {
		return all
	}
	counts := make([]float64, len(l.sources))
	for _, s := range l.source {
		counts[s]++
	}
	for _, c := range counts {
		all -= c * (c - 1) / 2
	}
	return all
}

// prepare turns m and u into the weights scoring adds up.
func (l *Linker) prepare() {
	l.priorW = logit2(l.s.Prior)
	l.lw = make([][]float64, len(l.comps))
	l.tfW = make([][]float64, len(l.comps))
	for k, c := range l.comps {
		l.lw[k] = make([]float64, len(c.cmp.Levels))
		for i, lv := range c.cmp.Levels {
			l.lw[k][i] = levelWeight(lv)
		}
		if c.cmp.TermFrequency && c.exact >= 0 && c.nonNull > 0 {
			u := c.cmp.Levels[c.exact].U
			w := make([]float64, len(c.dict))
			for id := 1; id < len(c.dict); id++ {
				if c.freq[id] > 0 {
					w[id] = math.Log2(u / (float64(c.freq[id]) / float64(c.nonNull)))
				}
			}
			l.tfW[k] = w
		}
	}
}

// weight scores one pair: the prior's log2 odds plus each comparison's
// log2 Bayes factor, adjusted for the frequency of an exact match's value.
func (l *Linker) weight(i, j int32) float64 {
	w := l.priorW
	for k, c := range l.comps {
		lv := c.level(i, j)
		w += l.lw[k][lv]
		if tf := l.tfW[k]; tf != nil && int(lv) == c.exact {
			w += tf[c.col0[i]]
		}
	}
	return w
}

// pattern packs each comparison's level into four bits: the agreement
// pattern (gamma vector) that training counts.
func (l *Linker) pattern(i, j int32) uint64 {
	var p uint64
	for k, c := range l.comps {
		p |= uint64(c.level(i, j)) << (4 * k)
	}
	return p
}
