package linkage

import (
	"context"
	"errors"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// Pair is a scored candidate pair: rows A < B of the table, the match
// weight (log2 odds) and the match probability.
type Pair struct {
	A, B        int32
	Weight      float64
	Probability float64
}

// ScoreOptions tune a scoring run.
type ScoreOptions struct {
	// MinProbability is the floor below which pairs are counted but not
	// passed on; 0 passes every candidate pair.
	MinProbability float64
	// Workers defaults to every core.
	Workers int
	// Progress, when set, is told of blocks done.
	Progress Progress
}

// ScoreStats describe a scoring run, for the CLI and benchmarks.
type ScoreStats struct {
	// Candidates is the number of pairs scored (each once, however many
	// rules found it); Emitted those at or above the floor.
	Candidates, Emitted int64
	Duration            time.Duration
}

const batchSize = 4096

// Score scores every candidate pair and passes those at or above the floor
// to emit in batches. emit is never called by two workers at once, and a
// batch is reused after emit returns, so emit must copy what it keeps. An
// error from emit stops the run and is returned.
func (l *Linker) Score(ctx context.Context, opts ScoreOptions, emit func([]Pair) error) (ScoreStats, error) {
	if !l.s.Trained() {
		return ScoreStats{}, errors.New("linkage: the model is not trained: every level but null needs m and u, and the prior must be set")
	}
	if l.lw == nil {
		l.prepare()
	}
	start := time.Now()
	floor := Weight(opts.MinProbability)
	var mu sync.Mutex
	var cand, emitted atomic.Int64
	err := l.walk(ctx, l.rules, opts.Workers, false, opts.Progress, func() visitor {
		return &scorer{l: l, floor: floor, buf: make([]Pair, 0, batchSize), mu: &mu, emit: emit, cand: &cand, emitted: &emitted}
	})
	return ScoreStats{Candidates: cand.Load(), Emitted: emitted.Load(), Duration: time.Since(start)}, err
}

type scorer struct {
	l             *Linker
	floor         float64
	buf           []Pair
	n, e          int64
	mu            *sync.Mutex
	emit          func([]Pair) error
	cand, emitted *atomic.Int64
	err           error
}

func (s *scorer) visit(_ int, i, j int32, _ bool) {
	s.n++
	w := s.l.weight(i, j)
	if w < s.floor {
		return
	}
	s.buf = append(s.buf, Pair{A: i, B: j, Weight: w, Probability: Probability(w)})
	if len(s.buf) == batchSize {
		s.send()
	}
}

func (s *scorer) send() {
	if s.err == nil && s.emit != nil && len(s.buf) > 0 {
		s.mu.Lock()
		s.err = s.emit(s.buf)
		s.mu.Unlock()
	}
	s.e += int64(len(s.buf))
	s.buf = s.buf[:0]
}

func (s *scorer) flush() error {
	s.send()
	s.cand.Add(s.n)
	s.emitted.Add(s.e)
	s.n, s.e = 0, 0
	return s.err
}

// Links collects the pairs at or above the model's threshold, the usual
// input to clustering; a convenience over Score for tables whose links fit
// in memory (links, unlike candidates, are few).
func (l *Linker) Links(ctx context.Context, opts ScoreOptions) ([]Pair, ScoreStats, error) {
	if opts.MinProbability == 0 {
		opts.MinProbability = l.s.Threshold
	}
	var out []Pair
	st, err := l.Score(ctx, opts, func(b []Pair) error {
		out = append(out, b...)
		return nil
	})
	return out, st, err
}

// ScorePair scores one pair of rows, whether or not blocking would make it
// a candidate.
func (l *Linker) ScorePair(a, b int) (weight, probability float64) {
	if l.lw == nil {
		l.prepare()
	}
	w := l.weight(int32(a), int32(b))
	if math.IsNaN(w) {
		return w, math.NaN()
	}
	return w, Probability(w)
}
