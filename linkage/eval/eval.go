// Package eval measures how well records were linked against a known truth,
// so that a linkage model is judged by the links it would have made on
// data whose answer is known, and runs the benchmark sets that do this.
package eval

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/sightline-uk/sightline/linkage/inputs"
)

// Pair is a candidate link with the engine's match probability; every
// scored candidate pair is reported, not only links, so that recall is
// measured over all true pairs and thresholds can be chosen afterwards.
type Pair struct {
	A, B        inputs.RecordID
	Probability float64
}

// Truth maps every record to the entity (person) it is about.
type Truth map[inputs.RecordID]string

// Scores are pairwise counts and rates: a true pair the engine never
// scored (because blocking did not produce it) is a false negative like any
// other, so Recall is over every true pair.
type Scores struct {
	Threshold float64
	// Candidates counts the distinct pairs scored; Links those at or above
	// the threshold.
	Candidates, Links   int
	TP, FP, FN          int
	Precision, Recall   float64
	F1                  float64
	TruePairs           int
	CandidateRecall     float64 // share of true pairs among all candidates: the ceiling blocking sets
	Unknown             int     // pairs naming a record the truth does not know; counted as false positives
	DuplicatePairsInput int     // pairs given more than once (the highest probability is kept)
}

func (s Scores) String() string {
	return fmt.Sprintf("threshold %.2f: %d links of %d candidates; precision %.4f recall %.4f F1 %.4f (TP %d FP %d FN %d of %d true pairs; blocking recall %.4f)",
		s.Threshold, s.Links, s.Candidates, s.Precision, s.Recall, s.F1, s.TP, s.FP, s.FN, s.TruePairs, s.CandidateRecall)
}

// key orders a pair so that (a,b) and (b,a) are one pair.
type key struct{ a, b inputs.RecordID }

func pairKey(a, b inputs.RecordID) key {
	if less(b, a) {
		a, b = b, a
	}
	return key{a, b}
}

func less(a, b inputs.RecordID) bool {
	return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.ID, b.ID)) < 0
}

// counted says whether a pair of records counts for a link type: linking
// looks only across sources, so a same-source true pair is not a miss.
func counted(a, b inputs.RecordID, linkType string) bool {
	if linkType == "link" {
		return a.Source != b.Source
	}
	return true
}

// TruePairs counts the pairs of records about the same entity that a model
// of the given link type should find.
func (t Truth) TruePairs(linkType string) int {
	bySource := map[string]map[string]int{} // entity → source → records
	for r, e := range t {
		m := bySource[e]
		if m == nil {
			m = map[string]int{}
			bySource[e] = m
		}
		m[r.Source]++
	}
	n := 0
	for _, m := range bySource {
		total := 0
		within := 0
		for _, k := range m {
			total += k
			within += k * (k - 1) / 2
		}
		all := total * (total - 1) / 2
		if linkType == "link" {
			n += all - within
		} else {
			n += all
		}
	}
	return n
}

// Pairwise scores predicted pairs at a threshold: a pair is a link when its
// probability is at least the threshold.
func Pairwise(pairs []Pair, truth Truth, threshold float64, linkType string) Scores {
	best := dedupe(pairs)
	s := Scores{Threshold: threshold, Candidates: len(best), TruePairs: truth.TruePairs(linkType), DuplicatePairsInput: len(pairs) - len(best)}
	trueCandidates := 0
	for k, p := range best {
		if !counted(k.a, k.b, linkType) {
			continue
		}
		ea, oka := truth[k.a]
		eb, okb := truth[k.b]
		match := oka && okb && ea == eb
		if !oka || !okb {
			s.Unknown++
		}
		if match {
			trueCandidates++
		}
		if p >= threshold {
			s.Links++
			if match {
				s.TP++
			} else {
				s.FP++
			}
		}
	}
	s.FN = s.TruePairs - s.TP
	s.finish()
	s.CandidateRecall = ratio(trueCandidates, s.TruePairs)
	return s
}

func dedupe(pairs []Pair) map[key]float64 {
	best := make(map[key]float64, len(pairs))
	for _, p := range pairs {
		if p.A == p.B {
			continue
		}
		k := pairKey(p.A, p.B)
		if q, ok := best[k]; !ok || p.Probability > q {
			best[k] = p.Probability
		}
	}
	return best
}

func (s *Scores) finish() {
	s.Precision = ratio(s.TP, s.TP+s.FP)
	s.Recall = ratio(s.TP, s.TP+s.FN)
	s.F1 = f1(s.Precision, s.Recall)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Curve scores every distinct threshold among the pairs' probabilities,
// highest first, so a threshold can be chosen from the trade-off rather
// than guessed.
func Curve(pairs []Pair, truth Truth, linkType string) []Scores {
	best := dedupe(pairs)
	type scored struct {
		p     float64
		match bool
	}
	var list []scored
	trueCandidates := 0
	for k, p := range best {
		if !counted(k.a, k.b, linkType) {
			continue
		}
		ea, oka := truth[k.a]
		eb, okb := truth[k.b]
		m := oka && okb && ea == eb
		if m {
			trueCandidates++
		}
		list = append(list, scored{p, m})
	}
	slices.SortFunc(list, func(x, y scored) int { return cmp.Compare(y.p, x.p) })
	total := truth.TruePairs(linkType)
	var out []Scores
	tp, fp := 0, 0
	for i := 0; i < len(list); {
		j := i
		for ; j < len(list) && list[j].p == list[i].p; j++ {
			if list[j].match {
				tp++
			} else {
				fp++
			}
		}
		s := Scores{Threshold: list[i].p, Candidates: len(best), Links: tp + fp, TP: tp, FP: fp, FN: total - tp, TruePairs: total, CandidateRecall: ratio(trueCandidates, total)}
		s.finish()
		out = append(out, s)
		i = j
	}
	return out
}

// BestF1 is the point of a curve with the highest F1: an optimistic figure
// (the threshold is chosen with the truth), to be read beside the F1 at
// the model's own threshold.
func BestF1(curve []Scores) Scores {
	var b Scores
	for _, s := range curve {
		if s.F1 > b.F1 {
			b = s
		}
	}
	return b
}

// Labelled is a clerical review: pairs a person judged to be a match or not.
type Labelled struct {
	A, B  inputs.RecordID
	Match bool
}

// PairwiseLabelled scores predicted pairs only on the pairs someone
// labelled: a labelled pair the engine did not score is predicted not to
// match, and a scored pair nobody labelled is ignored, since its truth is
// unknown.
func PairwiseLabelled(pairs []Pair, labels []Labelled, threshold float64) Scores {
	best := dedupe(pairs)
	s := Scores{Threshold: threshold, Candidates: len(best), DuplicatePairsInput: len(pairs) - len(best)}
	seen := map[key]bool{}
	trueCandidates := 0
	for _, l := range labels {
		k := pairKey(l.A, l.B)
		if seen[k] || l.A == l.B {
			continue
		}
		seen[k] = true
		p, scored := best[k]
		link := scored && p >= threshold
		if l.Match {
			s.TruePairs++
			if scored {
				trueCandidates++
			}
		}
		switch {
		case link && l.Match:
			s.TP++
		case link:
			s.FP++
		case l.Match:
			s.FN++
		}
		if link {
			s.Links++
		}
	}
	s.finish()
	s.CandidateRecall = ratio(trueCandidates, s.TruePairs)
	return s
}

// ClusterScores are B-cubed precision, recall and F1 (each record's share
// of its cluster that is truly its entity, and of its entity that is in
// its cluster, averaged over records), with the pairwise scores of the
// links the clusters imply.
type ClusterScores struct {
	Records                           int
	Clusters, Entities                int
	Precision, Recall, F1             float64
	PairPrecision, PairRecall, PairF1 float64
}

func (c ClusterScores) String() string {
	return fmt.Sprintf("%d records in %d clusters (%d entities): B-cubed precision %.4f recall %.4f F1 %.4f; pairwise precision %.4f recall %.4f F1 %.4f",
		c.Records, c.Clusters, c.Entities, c.Precision, c.Recall, c.F1, c.PairPrecision, c.PairRecall, c.PairF1)
}

// Clusters scores a clustering against the truth over every record the
// truth knows; a record absent from the clusters is a cluster of its own.
func Clusters(clusters map[inputs.RecordID]string, truth Truth, linkType string) ClusterScores {
	// A record missing from clusters gets a cluster id no other has.
	cl := func(r inputs.RecordID) string {
		if c, ok := clusters[r]; ok {
			return "c\x00" + c
		}
		return "s\x00" + r.Source + "\x00" + r.ID
	}
	type ce struct{ c, e string }
	clusterSize := map[string]int{}
	entitySize := map[string]int{}
	both := map[ce]int{}
	for r, e := range truth {
		c := cl(r)
		clusterSize[c]++
		entitySize[e]++
		both[ce{c, e}]++
	}
	out := ClusterScores{Records: len(truth), Clusters: len(clusterSize), Entities: len(entitySize)}
	if len(truth) == 0 {
		return out
	}
	// Sum over records = sum over (cluster, entity) cells of n·(n/size).
	var p, r float64
	for k, n := range both {
		p += float64(n) * float64(n) / float64(clusterSize[k.c])
		r += float64(n) * float64(n) / float64(entitySize[k.e])
	}
	out.Precision = p / float64(len(truth))
	out.Recall = r / float64(len(truth))
	out.F1 = f1(out.Precision, out.Recall)

	// Pairwise over the links the clusters imply.
	if linkType == "link" {
		tp, predicted := clusterPairsBySource(truth, cl)
		total := truth.TruePairs(linkType)
		out.PairPrecision = ratio(tp, predicted)
		out.PairRecall = ratio(tp, total)
	} else {
		tp, predicted := 0, 0
		for _, n := range both {
			tp += n * (n - 1) / 2
		}
		for _, n := range clusterSize {
			predicted += n * (n - 1) / 2
		}
		out.PairPrecision = ratio(tp, predicted)
		out.PairRecall = ratio(tp, truth.TruePairs(linkType))
	}
	out.PairF1 = f1(out.PairPrecision, out.PairRecall)
	return out
}

// clusterPairsBySource counts cross-source pairs implied by clusters, and
// those that are true.
func clusterPairsBySource(truth Truth, cl func(inputs.RecordID) string) (tp, predicted int) {
	type cs struct{ c, s string }
	type ces struct{ c, e, s string }
	bySource := map[cs]int{}
	byCluster := map[string]int{}
	byEntity := map[ce2]int{}
	byEntitySource := map[ces]int{}
	for r, e := range truth {
		c := cl(r)
		bySource[cs{c, r.Source}]++
		byCluster[c]++
		byEntity[ce2{c, e}]++
		byEntitySource[ces{c, e, r.Source}]++
	}
	for _, n := range byCluster {
		predicted += n * (n - 1) / 2
	}
	for _, n := range bySource {
		predicted -= n * (n - 1) / 2
	}
	for _, n := range byEntity {
		tp += n * (n - 1) / 2
	}
	for _, n := range byEntitySource {
		tp -= n * (n - 1) / 2
	}
	return tp, predicted
}

type ce2 struct{ c, e string }

// ClustersFromPairs joins links (pairs at or above the threshold) into
// clusters by transitivity, for linkers that return only pairs; each
// cluster is named by its smallest record.
func ClustersFromPairs(pairs []Pair, threshold float64) map[inputs.RecordID]string {
	parent := map[inputs.RecordID]inputs.RecordID{}
	var find func(inputs.RecordID) inputs.RecordID
	find = func(r inputs.RecordID) inputs.RecordID {
		p, ok := parent[r]
		if !ok {
			parent[r] = r
			return r
		}
		if p == r {
			return r
		}
		root := find(p)
		parent[r] = root
		return root
	}
	for _, p := range pairs {
		if p.Probability < threshold {
			continue
		}
		a, b := find(p.A), find(p.B)
		if a != b {
			if less(b, a) {
				a, b = b, a
			}
			parent[b] = a
		}
	}
	out := make(map[inputs.RecordID]string, len(parent))
	for r := range parent {
		root := find(r)
		out[r] = root.Source + "/" + root.ID
	}
	return out
}

// TruthFromColumn reads the truth from a column of the input (such as
// fake_1000's cluster), which must then be left out of the model.
func TruthFromColumn(in *inputs.Input, idColumn, entityColumn string) (Truth, error) {
	ids, err := in.IDs(idColumn)
	if err != nil {
		return nil, err
	}
	j := in.Index(entityColumn)
	if j < 0 {
		return nil, fmt.Errorf("%s: no truth column %q", in.File, entityColumn)
	}
	t := make(Truth, len(ids))
	for i, id := range ids {
		t[id] = in.Rows[i][j]
	}
	return t, nil
}

// FEBRLEntity is the entity of a FEBRL record id: the N of "rec-N-org" and
// "rec-N-dup-K".
func FEBRLEntity(recID string) (string, error) {
	parts := strings.Split(recID, "-")
	if len(parts) < 3 || parts[0] != "rec" || (parts[2] != "org" && parts[2] != "dup") {
		return "", fmt.Errorf("%q is not a FEBRL record id (rec-N-org or rec-N-dup-K)", recID)
	}
	return parts[1], nil
}

// TruthFromFEBRL reads the truth from FEBRL record ids, which carry it.
func TruthFromFEBRL(idColumn string, ins ...*inputs.Input) (Truth, error) {
	t := Truth{}
	for _, in := range ins {
		ids, err := in.IDs(idColumn)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			e, err := FEBRLEntity(id.ID)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", in.File, err)
			}
			t[id] = e
		}
	}
	return t, nil
}

// LabelsFromInput reads clerically labelled pairs in the layout
// unique_id_l, source_dataset_l, unique_id_r, source_dataset_r,
// clerical_match_score; a score of at least 0.5 is a match.
func LabelsFromInput(in *inputs.Input) ([]Labelled, error) {
	col := map[string]int{}
	for _, c := range []string{"unique_id_l", "source_dataset_l", "unique_id_r", "source_dataset_r", "clerical_match_score"} {
		j := in.Index(c)
		if j < 0 {
			return nil, fmt.Errorf("%s: no column %q", in.File, c)
		}
		col[c] = j
	}
	out := make([]Labelled, 0, len(in.Rows))
	for i, r := range in.Rows {
		var score float64
		if _, err := fmt.Sscan(r[col["clerical_match_score"]], &score); err != nil {
			return nil, fmt.Errorf("%s: line %d: clerical_match_score %q is not a number", in.File, in.Lines[i], r[col["clerical_match_score"]])
		}
		out = append(out, Labelled{
			A:     inputs.RecordID{Source: r[col["source_dataset_l"]], ID: r[col["unique_id_l"]]},
			B:     inputs.RecordID{Source: r[col["source_dataset_r"]], ID: r[col["unique_id_r"]]},
			Match: score >= 0.5,
		})
	}
	return out, nil
}
