package linkage

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// blockIndex is one blocking rule over the table: each record's key id,
// and the records of every block worth scoring laid out contiguously
// (grouped by source within a block when linking), so a worker walks a
// block as one slice.
type blockIndex struct {
	rule     BlockingRule
	name     string
	key      []uint32 // 0: the record has no key under this rule
	big      []bool   // by key id: the block was too large and skipped
	order    []int32
	starts   []int32 // block b is order[starts[b]:starts[b+1]]
	pairs    int64   // candidate pairs in kept blocks, before deduplication
	warnings []string
}

func (l *Linker) buildIndex(r BlockingRule) *blockIndex {
	bi := &blockIndex{rule: r, name: RuleString(r), key: make([]uint32, l.n)}
	cols := make([][]string, len(r.Keys))
	trs := make([]transform, len(r.Keys))
	for i, k := range r.Keys {
		cols[i], _ = l.t.Column(k.Column)
		trs[i], _ = parseTransform(k.Transform)
	}
	index := make(map[string]uint32)
	values := []string{""}
	var buf []byte
	for rec := 0; rec < l.n; rec++ {
		buf = buf[:0]
		ok := true
		for i, tr := range trs {
			if i > 0 {
				buf = append(buf, 0)
			}
			before := len(buf)
			buf = tr.apply(buf, cols[i][rec])
			if len(buf) == before {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		id, seen := index[string(buf)]
		if !seen {
			id = uint32(len(values))
			s := string(buf)
			index[s] = id
			values = append(values, s)
		}
		bi.key[rec] = id
	}
	index = nil
	counts := make([]int32, len(values))
	for _, k := range bi.key {
		counts[k]++
	}
	counts[0] = 0
	bi.big = make([]bool, len(values))
	var skipped []string
	skippedRecords := 0
	kept := 0
	for id, c := range counts {
		switch {
		case int(c) > l.maxBlock:
			bi.big[id] = true
			skippedRecords += int(c)
			if len(skipped) < 10 {
				skipped = append(skipped, fmt.Sprintf("%q (%d records)", strings.ReplaceAll(values[id], "\x00", " | "), c))
			}
			counts[id] = 0
		case c < 2:
			counts[id] = 0
		default:
			kept += int(c)
			bi.pairs += int64(c) * int64(c-1) / 2
		}
	}
	if skippedRecords > 0 {
		nBig := 0
		for _, b := range bi.big {
			if b {
				nBig++
			}
		}
		bi.warnings = append(bi.warnings, fmt.Sprintf("blocking rule %q: %d block(s) larger than the maximum of %d records skipped (%d records in all), e.g. %s; pairs in them are found only by other rules",
			bi.name, nBig, l.maxBlock, skippedRecords, strings.Join(skipped, ", ")))
	}
	// Counting sort of the kept records by key, and by source within a
	// key when linking (a stable pass by source first).
	recs := make([]int32, 0, kept)
	if l.sources != nil {
		srcCount := make([]int32, len(l.sources)+1)
		for rec := 0; rec < l.n; rec++ {
			if counts[bi.key[rec]] > 0 {
				srcCount[l.source[rec]+1]++
			}
		}
		for i := 1; i < len(srcCount); i++ {
			srcCount[i] += srcCount[i-1]
		}
		recs = recs[:kept]
		for rec := 0; rec < l.n; rec++ {
			if counts[bi.key[rec]] > 0 {
				s := l.source[rec]
				recs[srcCount[s]] = int32(rec)
				srcCount[s]++
			}
		}
	} else {
		for rec := 0; rec < l.n; rec++ {
			if counts[bi.key[rec]] > 0 {
				recs = append(recs, int32(rec))
			}
		}
	}
	pos := make([]int32, len(values))
	var at int32
	for id, c := range counts {
		if c > 0 {
			pos[id] = at
			bi.starts = append(bi.starts, at)
			at += c
		}
	}
	bi.starts = append(bi.starts, at)
	bi.order = make([]int32, kept)
	for _, rec := range recs {
		k := bi.key[rec]
		bi.order[pos[k]] = rec
		pos[k]++
	}
	return bi
}

// blocks is the number of blocks worth scoring.
func (bi *blockIndex) blocks() int { return len(bi.starts) - 1 }

// task is a run of consecutive blocks of one rule, sized so that workers
// share the pairs evenly and progress moves smoothly.
type task struct {
	rule   int
	lo, hi int // block range
}

const taskPairs = 1 << 15

func makeTasks(rules []*blockIndex) (tasks []task, blocks int) {
	for r, bi := range rules {
		lo := 0
		var pairs int64
		for b := 0; b < bi.blocks(); b++ {
			n := int64(bi.starts[b+1] - bi.starts[b])
			pairs += n * (n - 1) / 2
			if pairs >= taskPairs {
				tasks = append(tasks, task{r, lo, b + 1})
				lo, pairs = b+1, 0
			}
		}
		if lo < bi.blocks() {
			tasks = append(tasks, task{r, lo, bi.blocks()})
		}
		blocks += bi.blocks()
	}
	return tasks, blocks
}

// covered reports whether an earlier rule (before r) already makes the
// pair a candidate: checking the earlier rules' keys directly is how the
// union of rules is deduplicated without remembering any pair.
func covered(rules []*blockIndex, r int, i, j int32) bool {
	for _, e := range rules[:r] {
		k := e.key[i]
		if k != 0 && k == e.key[j] && !e.big[k] {
			return true
		}
	}
	return false
}

// Progress reports blocks done out of the total, for a progress bar. It is
// never called by two workers at once.
type Progress func(done, total int)

// visitor is one worker's handling of candidate pairs; first is false
// when an earlier rule already made the pair a candidate. flush is called
// after each task, so a visitor can pass results on and stop the run.
type visitor interface {
	visit(rule int, i, j int32, first bool)
	flush() error
}

// walk streams every candidate pair of the rules to visitors, one per
// worker, over tasks shared out by an atomic counter. Pairs are never
// stored: memory is the indexes plus each worker's buffer. When all is
// false, pairs an earlier rule covers are skipped.
func (l *Linker) walk(ctx context.Context, rules []*blockIndex, workers int, all bool, progress Progress, newVisitor func() visitor) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	tasks, totalBlocks := makeTasks(rules)
	var next atomic.Int64
	var done int
	var pmu sync.Mutex
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := newVisitor()
			for ctx.Err() == nil {
				ti := int(next.Add(1) - 1)
				if ti >= len(tasks) {
					break
				}
				t := tasks[ti]
				l.walkTask(rules, t, all, v)
				if err := v.flush(); err != nil {
					errs[w] = err
					cancel()
					break
				}
				if progress != nil {
					pmu.Lock()
					done += t.hi - t.lo
					progress(done, totalBlocks)
					pmu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (l *Linker) walkTask(rules []*blockIndex, t task, all bool, v visitor) {
	bi := rules[t.rule]
	order := bi.order
	src := l.source
	for b := t.lo; b < t.hi; b++ {
		lo, hi := int(bi.starts[b]), int(bi.starts[b+1])
		groupEnd := lo
		for p := lo; p < hi; p++ {
			i := order[p]
			q := p + 1
			if l.linkOnly {
				if groupEnd <= p {
					groupEnd = p + 1
					for groupEnd < hi && src[order[groupEnd]] == src[i] {
						groupEnd++
					}
				}
				q = groupEnd
			}
			for ; q < hi; q++ {
				j := order[q]
				first := t.rule == 0 || !covered(rules, t.rule, i, j)
				if !first && !all {
					continue
				}
				if i < j {
					v.visit(t.rule, i, j, first)
				} else {
					v.visit(t.rule, j, i, first)
				}
			}
		}
	}
}

// Candidates counts the candidate pairs the blocking rules make, after
// removing pairs found by more than one rule, without scoring them: the
// figure to check before a long run.
func (l *Linker) Candidates(ctx context.Context) (int64, error) {
	var total atomic.Int64
	err := l.walk(ctx, l.rules, 0, false, nil, func() visitor { return &counter{total: &total} })
	return total.Load(), err
}

type counter struct {
	n     int64
	total *atomic.Int64
}

func (c *counter) visit(int, int32, int32, bool) { c.n++ }
func (c *counter) flush() error {
	c.total.Add(c.n)
	c.n = 0
	return nil
}
