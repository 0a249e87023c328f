package linkage

import (
	"fmt"
	"math"
)

// Step is one bar of an explanation's waterfall: what one comparison saw
// in the pair and how much evidence that is.
type Step struct {
	Comparison string
	Columns    []string
	// ValuesA and ValuesB are the pair's normalised values, one per
	// column.
	ValuesA, ValuesB []string
	Level            string
	Kind             string
	LevelIndex       int
	M, U             float64
	// BayesFactor is m/u and Log2BayesFactor its match weight (0 for the
	// null level: a missing value is no evidence).
	BayesFactor     float64
	Log2BayesFactor float64
	// TermFrequency is the share of records holding the agreed value when
	// the exact level is adjusted for it (0 otherwise), and TFAdjustment
	// the log2 of u over that share, added to the weight.
	TermFrequency float64
	TFAdjustment  float64
	// Weight is this step's contribution and Cumulative the running
	// total from the prior onwards.
	Weight, Cumulative float64
}

// Explanation is why a pair scored as it did, in order: the prior, each
// comparison, and the total, which is the sum of the steps.
type Explanation struct {
	A, B        int
	IDA, IDB    string
	Prior       float64
	PriorWeight float64
	Steps       []Step
	Weight      float64
	Probability float64
	Threshold   float64
	Link        bool
	// Candidate names the first blocking rule that makes the pair a
	// candidate, or is empty when no rule does (the pair is never scored
	// in a run, whatever its weight).
	Candidate string
}

// Explain sets out how the model scores rows a and b, level by level, for
// the CLI and the web page to render as a waterfall.
func (l *Linker) Explain(a, b int) (Explanation, error) {
	if a < 0 || b < 0 || a >= l.n || b >= l.n || a == b {
		return Explanation{}, fmt.Errorf("linkage: cannot explain rows %d and %d of %d", a, b, l.n)
	}
	if !l.s.Trained() {
		return Explanation{}, fmt.Errorf("linkage: the model is not trained")
	}
	if l.lw == nil {
		l.prepare()
	}
	i, j := int32(a), int32(b)
	e := Explanation{A: a, B: b, IDA: l.ID(a), IDB: l.ID(b), Prior: l.s.Prior, PriorWeight: l.priorW, Threshold: l.s.Threshold}
	w := l.priorW
	for k, c := range l.comps {
		lv := int(c.level(i, j))
		level := c.cmp.Levels[lv]
		st := Step{Comparison: c.name, Columns: c.cmp.Columns, Level: level.Name, Kind: level.Kind, LevelIndex: lv, M: level.M, U: level.U,
			Log2BayesFactor: l.lw[k][lv]}
		for _, col := range c.cmp.Columns {
			st.ValuesA = append(st.ValuesA, l.t.Value(a, col))
			st.ValuesB = append(st.ValuesB, l.t.Value(b, col))
		}
		st.BayesFactor = math.Exp2(st.Log2BayesFactor)
		st.Weight = st.Log2BayesFactor
		if tf := l.tfW[k]; tf != nil && lv == c.exact {
			id := c.col0[i]
			st.TermFrequency = float64(c.freq[id]) / float64(c.nonNull)
			st.TFAdjustment = tf[id]
			st.Weight += st.TFAdjustment
		}
		w += st.Weight
		st.Cumulative = w
		e.Steps = append(e.Steps, st)
	}
	e.Weight = w
	e.Probability = Probability(w)
	e.Link = e.Probability >= l.s.Threshold
	for r, bi := range l.rules {
		k := bi.key[i]
		if k != 0 && k == bi.key[j] && !bi.big[k] && (!l.linkOnly || l.source[i] != l.source[j]) {
			e.Candidate = l.rules[r].name
			break
		}
	}
	return e, nil
}
