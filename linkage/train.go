package linkage

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
)

// TrainOptions tune unsupervised training.
type TrainOptions struct {
	// USamples is how many random pairs estimate u (default 2,000,000);
	// all pairs are used when there are fewer.
	USamples int
	// Seed fixes the random pairs, so training is repeatable.
	Seed uint64
	// Recall is the share of true matches the deterministic rules are
	// assumed to find (default 0.8, a cautious guess: exact agreement on
	// name and date of birth misses every match with a typo in either).
	Recall float64
	// MaxIterations and Tolerance stop expectation–maximisation (defaults
	// 200 and 1e-7 on the largest change of any m or λ).
	MaxIterations int
	Tolerance     float64
	Workers       int
	// Progress, when set, is told the stage and the blocks done.
	Progress func(stage string, done, total int)
}

// Session is one expectation–maximisation run, on the pairs one blocking
// rule makes, estimating m for the comparisons that do not use the rule's
// columns (those always agree on its pairs, so the pairs say nothing of
// them).
type Session struct {
	Rule       string
	Pairs      int64
	Patterns   int
	Estimated  []string
	Lambda     float64
	Iterations int
	Converged  bool
}

// TrainReport tells what training did, so its assumptions can be checked.
type TrainReport struct {
	USampled           int64
	Prior              float64
	PriorFrom          string
	DeterministicPairs int64
	TotalPairs         float64
	Sessions           []Session
	Warnings           []string
}

// clampM keeps every m inside (0, 1): EM drives a level no match shows to
// m = 0, whose Bayes factor of 0 would veto a pair outright on one field;
// 1e-6 bounds that veto at about −20 in match weight.
const clampM = 1e-6

// Train estimates u from random pairs, m by expectation–maximisation on
// the agreement patterns of blocked pairs, and the prior, and stores them
// in the linker's settings. Only the linker's own table is read.
func (l *Linker) Train(ctx context.Context, opts TrainOptions) (TrainReport, error) {
	if opts.USamples <= 0 {
		opts.USamples = 2_000_000
	}
	if opts.Recall <= 0 || opts.Recall > 1 {
		opts.Recall = 0.8
	}
	if opts.MaxIterations <= 0 {
		opts.MaxIterations = 200
	}
	if opts.Tolerance <= 0 {
		opts.Tolerance = 1e-7
	}
	var rep TrainReport
	rep.TotalPairs = l.totalPairs()
	if rep.TotalPairs < 1 {
		return rep, fmt.Errorf("linkage: %d records make no pairs to train on", l.n)
	}
	progress := func(stage string) Progress {
		if opts.Progress == nil {
			return nil
		}
		return func(done, total int) { opts.Progress(stage, done, total) }
	}

	// u: the level shares among random pairs, nearly all non-matches.
	u, sampled, warns := l.estimateU(opts)
	rep.USampled = sampled
	rep.Warnings = append(rep.Warnings, warns...)
	for k := range l.comps {
		for i := range l.s.Comparisons[k].Levels {
			l.s.Comparisons[k].Levels[i].U = u[k][i]
		}
	}

	// Agreement patterns of the blocked pairs, per rule and for the union.
	perRule := make([]map[uint64]int64, len(l.rules))
	union := map[uint64]int64{}
	var vmu sync.Mutex
	var visitors []*patternCounter
	err := l.walk(ctx, l.rules, opts.Workers, true, progress("patterns"), func() visitor {
		pc := &patternCounter{l: l, rule: make([]map[uint64]int64, len(l.rules)), union: map[uint64]int64{}}
		for i := range pc.rule {
			pc.rule[i] = map[uint64]int64{}
		}
		vmu.Lock()
		visitors = append(visitors, pc)
		vmu.Unlock()
		return pc
	})
	if err != nil {
		return rep, err
	}
	for i := range perRule {
		perRule[i] = map[uint64]int64{}
	}
	for _, pc := range visitors {
		for r, m := range pc.rule {
			for p, c := range m {
				perRule[r][p] += c
			}
		}
		for p, c := range pc.union {
			union[p] += c
		}
	}

	nlev := make([]int, len(l.comps))
	nullLev := make([]int, len(l.comps))
	for k, c := range l.comps {
		nlev[k] = len(c.levels)
		nullLev[k] = -1
		for i, lv := range c.levels {
			if lv.kind == lvNull {
				nullLev[k] = i
			}
		}
	}
	m0 := l.initialM()
	sum := make([][]float64, len(l.comps))
	nEst := make([]int, len(l.comps))
	for k := range sum {
		sum[k] = make([]float64, nlev[k])
	}
	for r, bi := range l.rules {
		used := map[string]bool{}
		for _, key := range bi.rule.Keys {
			used[key.Column] = true
		}
		use := make([]bool, len(l.comps))
		s := Session{Rule: bi.name, Patterns: len(perRule[r])}
		for k, c := range l.s.Comparisons {
			use[k] = !slices.ContainsFunc(c.Columns, func(col string) bool { return used[col] })
			if use[k] {
				s.Estimated = append(s.Estimated, c.Name)
			}
		}
		counts := toCounts(perRule[r])
		for _, c := range counts {
			s.Pairs += int64(c.n)
		}
		if s.Pairs == 0 || len(s.Estimated) == 0 {
			rep.Sessions = append(rep.Sessions, s)
			continue
		}
		res := em(counts, nlev, nullLev, use, u, m0, 0.3, opts.MaxIterations, opts.Tolerance)
		s.Lambda, s.Iterations, s.Converged = res.lambda, res.iterations, res.converged
		for k := range l.comps {
			if use[k] {
				nEst[k]++
				for i := range sum[k] {
					sum[k][i] += res.m[k][i]
				}
			}
		}
		rep.Sessions = append(rep.Sessions, s)
	}
	// The union of rules estimates λ among all candidates, and m for any
	// comparison every rule blocks on.
	all := make([]bool, len(l.comps))
	for k := range all {
		all[k] = true
	}
	uc := toCounts(union)
	var unionPairs float64
	for _, c := range uc {
		unionPairs += c.n
	}
	if unionPairs == 0 {
		return rep, fmt.Errorf("linkage: the blocking rules make no candidate pairs to train on")
	}
	ures := em(uc, nlev, nullLev, all, u, m0, 0.3, opts.MaxIterations, opts.Tolerance)
	rep.Sessions = append(rep.Sessions, Session{Rule: "union of blocking rules", Pairs: int64(unionPairs), Patterns: len(uc),
		Lambda: ures.lambda, Iterations: ures.iterations, Converged: ures.converged})
	for k, c := range l.s.Comparisons {
		m := make([]float64, nlev[k])
		if nEst[k] > 0 {
			for i := range m {
				m[i] = sum[k][i] / float64(nEst[k])
			}
		} else {
			copy(m, ures.m[k])
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("comparison %q: every blocking rule uses its columns, so its m was estimated on all candidate pairs, which overstates agreement", c.Name))
		}
		for i := range c.Levels {
			if i == nullLev[k] {
				c.Levels[i].M = 0
				continue
			}
			c.Levels[i].M = m[i]
		}
		// A level matches should show more than non-matches but does not
		// suggests EM found some other grouping than match and non-match.
		if first := firstNonNull(nullLev[k]); c.Levels[first].M < c.Levels[first].U {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("comparison %q: level %q is rarer among matches (m=%.3g) than non-matches (u=%.3g); check the comparison and blocking rules", c.Name, c.Levels[first].Name, c.Levels[first].M, c.Levels[first].U))
		}
	}

	// The prior: deterministic rules, else the user's, else EM's λ scaled
	// from candidates to all pairs (assuming blocking finds every match).
	switch {
	case len(l.s.Deterministic) > 0:
		det := make([]*blockIndex, len(l.s.Deterministic))
		for i, r := range l.s.Deterministic {
			det[i] = l.buildIndex(r)
			rep.Warnings = append(rep.Warnings, det[i].warnings...)
		}
		var n int64
		var nmu sync.Mutex
		err := l.walk(ctx, det, opts.Workers, false, progress("deterministic"), func() visitor {
			return &counterFunc{add: func(c int64) { nmu.Lock(); n += c; nmu.Unlock() }}
		})
		if err != nil {
			return rep, err
		}
		rep.DeterministicPairs = n
		if n == 0 {
			return rep, fmt.Errorf("linkage: the deterministic rules find no pairs, so the prior cannot be estimated from them")
		}
		rep.Prior = float64(n) / (opts.Recall * rep.TotalPairs)
		rep.PriorFrom = fmt.Sprintf("%d pairs from deterministic rules over %.0f pairs, assuming they find %.0f%% of matches", n, rep.TotalPairs, 100*opts.Recall)
	case l.s.Prior > 0:
		rep.Prior = l.s.Prior
		rep.PriorFrom = "given in the settings"
	default:
		rep.Prior = ures.lambda * unionPairs / rep.TotalPairs
		rep.PriorFrom = fmt.Sprintf("EM's share of matches among %.0f candidate pairs (%.4g) over %.0f pairs, assuming blocking finds every match", unionPairs, ures.lambda, rep.TotalPairs)
	}
	rep.Prior = math.Min(math.Max(rep.Prior, 1e-12), 0.5)
	l.s.Prior = rep.Prior
	l.prepare()
	return rep, nil
}

func firstNonNull(null int) int {
	if null == 0 {
		return 1
	}
	return 0
}

type counterFunc struct {
	n   int64
	add func(int64)
}

func (c *counterFunc) visit(int, int32, int32, bool) { c.n++ }
func (c *counterFunc) flush() error {
	c.add(c.n)
	c.n = 0
	return nil
}

type patternCounter struct {
	l     *Linker
	rule  []map[uint64]int64
	union map[uint64]int64
}

func (pc *patternCounter) visit(rule int, i, j int32, first bool) {
	p := pc.l.pattern(i, j)
	pc.rule[rule][p]++
	if first {
		pc.union[p]++
	}
}

func (pc *patternCounter) flush() error { return nil }

// initialM starts EM from the user's m where given, otherwise from m
// falling fourfold per level from the closest agreement down, so the
// match class begins as the one that agrees.
func (l *Linker) initialM() [][]float64 {
	m := make([][]float64, len(l.comps))
	for k, c := range l.s.Comparisons {
		m[k] = make([]float64, len(c.Levels))
		given := true
		for _, lv := range c.Levels {
			if lv.Kind != KindNull && lv.M <= 0 {
				given = false
			}
		}
		w, total := 1.0, 0.0
		for i, lv := range c.Levels {
			if lv.Kind == KindNull {
				continue
			}
			if given {
				m[k][i] = lv.M
			} else {
				m[k][i] = w
				w /= 4
			}
			total += m[k][i]
		}
		for i := range m[k] {
			m[k][i] /= total
		}
	}
	return m
}

// estimateU samples random pairs (all pairs when there are fewer) in
// fixed chunks, each with its own seeded generator, so the estimate does
// not depend on how many cores ran it.
func (l *Linker) estimateU(opts TrainOptions) (u [][]float64, sampled int64, warnings []string) {
	counts := make([][]int64, len(l.comps))
	for k, c := range l.comps {
		counts[k] = make([]int64, len(c.levels))
	}
	var mu sync.Mutex
	add := func(local [][]int64) {
		mu.Lock()
		for k := range local {
			for i, c := range local[k] {
				counts[k][i] += c
			}
		}
		mu.Unlock()
	}
	newLocal := func() [][]int64 {
		local := make([][]int64, len(l.comps))
		for k, c := range l.comps {
			local[k] = make([]int64, len(c.levels))
		}
		return local
	}
	count := func(local [][]int64, i, j int32) {
		for k, c := range l.comps {
			local[k][c.level(i, j)]++
		}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = 4
	}
	if l.totalPairs() <= float64(opts.USamples) {
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				local := newLocal()
				for i := w; i < l.n; i += workers {
					for j := i + 1; j < l.n; j++ {
						if l.linkOnly && l.source[i] == l.source[j] {
							continue
						}
						count(local, int32(i), int32(j))
					}
				}
				add(local)
			}()
		}
		wg.Wait()
	} else {
		const chunk = 1 << 16
		chunks := (opts.USamples + chunk - 1) / chunk
		next := make(chan int, chunks)
		for c := 0; c < chunks; c++ {
			next <- c
		}
		close(next)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				local := newLocal()
				for c := range next {
					rng := rand.New(rand.NewPCG(opts.Seed, uint64(c)))
					n := min(chunk, opts.USamples-c*chunk)
					for s := 0; s < n; {
						i, j := int32(rng.IntN(l.n)), int32(rng.IntN(l.n))
						if i == j || (l.linkOnly && l.source[i] == l.source[j]) {
							continue
						}
						count(local, i, j)
						s++
					}
				}
				add(local)
			}()
		}
		wg.Wait()
	}
	u = make([][]float64, len(l.comps))
	for k, c := range l.comps {
		u[k] = make([]float64, len(c.levels))
		var total int64
		for i, lv := range c.levels {
			if lv.kind != lvNull {
				total += counts[k][i]
			}
			sampled += counts[k][i]
		}
		if total == 0 {
			warnings = append(warnings, fmt.Sprintf("comparison %q: no sampled pair had values on both sides; u set evenly and the comparison adds no evidence in practice", c.name))
		}
		for i, lv := range c.levels {
			switch {
			case lv.kind == lvNull:
			case total == 0:
				u[k][i] = 1 / float64(len(c.levels))
			case counts[k][i] == 0:
				// Rarer than one in the sample: half a pair is the
				// conventional continuity correction.
				u[k][i] = 0.5 / float64(total)
			default:
				u[k][i] = float64(counts[k][i]) / float64(total)
			}
		}
	}
	if len(l.comps) > 0 {
		sampled /= int64(len(l.comps))
	}
	return u, sampled, warnings
}

type patternCount struct {
	p uint64
	n float64
}

func toCounts(m map[uint64]int64) []patternCount {
	out := make([]patternCount, 0, len(m))
	for p, n := range m {
		out = append(out, patternCount{p, float64(n)})
	}
	// A fixed order makes the floating-point sums, and so the model,
	// repeatable.
	slices.SortFunc(out, func(a, b patternCount) int {
		switch {
		case a.p < b.p:
			return -1
		case a.p > b.p:
			return 1
		}
		return 0
	})
	return out
}

type emResult struct {
	m          [][]float64
	lambda     float64
	iterations int
	converged  bool
}

// em estimates m and λ (the share of matches) from counts of agreement
// patterns with u held fixed, working on distinct patterns rather than
// pairs, so a run over millions of pairs costs a few thousand sums per
// iteration. Comparisons not in use and null levels contribute a factor
// of one to both classes. Every m is clamped to [1e-6, 1−1e-6] and the
// levels renormalised after each step.
func em(counts []patternCount, nlev, nullLev []int, use []bool, u, m0 [][]float64, lambda float64, maxIter int, tol float64) emResult {
	K := len(nlev)
	m := make([][]float64, K)
	acc := make([][]float64, K)
	for k := range m {
		m[k] = append([]float64(nil), m0[k]...)
		acc[k] = make([]float64, nlev[k])
	}
	levelOf := func(p uint64, k int) int { return int(p>>(4*k)) & 15 }
	res := emResult{}
	for it := 1; it <= maxIter; it++ {
		for k := range acc {
			clear(acc[k])
		}
		var matches, total float64
		for _, c := range counts {
			pm, pu := lambda, 1-lambda
			for k := 0; k < K; k++ {
				lv := levelOf(c.p, k)
				if !use[k] || lv == nullLev[k] {
					continue
				}
				pm *= m[k][lv]
				pu *= u[k][lv]
			}
			w := pm / (pm + pu)
			if math.IsNaN(w) {
				w = 0
			}
			wn := w * c.n
			matches += wn
			total += c.n
			for k := 0; k < K; k++ {
				acc[k][levelOf(c.p, k)] += wn
			}
		}
		change := 0.0
		newLambda := math.Min(math.Max(matches/total, clampM), 1-clampM)
		change = math.Abs(newLambda - lambda)
		lambda = newLambda
		for k := 0; k < K; k++ {
			if !use[k] {
				continue
			}
			var sum float64
			for lv, a := range acc[k] {
				if lv != nullLev[k] {
					sum += a
				}
			}
			if sum == 0 {
				continue
			}
			var norm float64
			next := make([]float64, nlev[k])
			for lv := range next {
				if lv == nullLev[k] {
					continue
				}
				next[lv] = math.Min(math.Max(acc[k][lv]/sum, clampM), 1-clampM)
				norm += next[lv]
			}
			for lv := range next {
				next[lv] /= norm
				change = math.Max(change, math.Abs(next[lv]-m[k][lv]))
			}
			m[k] = next
		}
		res.iterations = it
		if change < tol {
			res.converged = true
			break
		}
	}
	res.m, res.lambda = m, lambda
	return res
}
