package eval

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/sightline-uk/sightline/linkage"
	"github.com/sightline-uk/sightline/linkage/auto"
	"github.com/sightline-uk/sightline/linkage/inputs"
	"github.com/sightline-uk/sightline/linkage/synthpeople"
)

// Linker links records under settings and returns every candidate pair it
// scored (not only links, so recall can be traced to blocking) and,
// optionally, clusters; it is how an engine is plugged into the harness.
// When linking, the inputs already carry the settings' source column.
type Linker func(ctx context.Context, ins []*inputs.Input, s linkage.Settings) (Result, error)

// Result is what a Linker returns.
type Result struct {
	Pairs []Pair
	// Clusters, when nil, are made from the pairs at the settings'
	// threshold by transitivity.
	Clusters map[inputs.RecordID]string
	// Settings are the model as the linker finished with it (trained).
	Settings linkage.Settings
	Warnings []string
}

// Benchmark is a set of records with a known truth and the way to link
// them.
type Benchmark struct {
	Name         string
	LinkType     string
	IDColumn     string
	SourceColumn string // set when linking several inputs
	Inputs       []*inputs.Input
	Truth        Truth
	// Ignore lists columns that must not be modelled (the truth itself).
	Ignore []string
	// Labels, when present, are clerical judgements scored as well.
	Labels []Labelled
}

// FEBRL3 is FEBRL dataset3: 5,000 records to deduplicate, read from dir
// (febrl_dataset3.csv.gz).
func FEBRL3(dir string) (*Benchmark, error) {
	in, err := inputs.Read(filepath.Join(dir, "febrl_dataset3.csv.gz"), "")
	if err != nil {
		return nil, err
	}
	t, err := TruthFromFEBRL("rec_id", in)
	if err != nil {
		return nil, err
	}
	return &Benchmark{Name: "FEBRL3", LinkType: linkage.Dedupe, IDColumn: "rec_id", Inputs: []*inputs.Input{in}, Truth: t}, nil
}

// FEBRL4 is FEBRL dataset4a and dataset4b: 5,000 records each, each
// record in one matching one in the other.
func FEBRL4(dir string) (*Benchmark, error) {
	var ins []*inputs.Input
	for _, f := range []string{"febrl_dataset4a.csv.gz", "febrl_dataset4b.csv.gz"} {
		in, err := inputs.Read(filepath.Join(dir, f), "")
		if err != nil {
			return nil, err
		}
		ins = append(ins, in)
	}
	t, err := TruthFromFEBRL("rec_id", ins...)
	if err != nil {
		return nil, err
	}
	if err := inputs.Link(ins, "rec_id", "source"); err != nil {
		return nil, err
	}
	return &Benchmark{Name: "FEBRL4", LinkType: linkage.Link, IDColumn: "rec_id", SourceColumn: "source", Inputs: ins, Truth: t}, nil
}

// Fake1000 is 1,000 fake records of 250 people to deduplicate
// (fake_1000.csv, truth in its cluster column) with 3,176 clerically
// labelled pairs (fake_1000_labels.csv.gz).
func Fake1000(dir string) (*Benchmark, error) {
	in, err := inputs.Read(filepath.Join(dir, "fake_1000.csv"), "")
	if err != nil {
		return nil, err
	}
	t, err := TruthFromColumn(in, "unique_id", "cluster")
	if err != nil {
		return nil, err
	}
	lab, err := inputs.Read(filepath.Join(dir, "fake_1000_labels.csv.gz"), "")
	if err != nil {
		return nil, err
	}
	labels, err := LabelsFromInput(lab)
	if err != nil {
		return nil, err
	}
	return &Benchmark{Name: "fake_1000", LinkType: linkage.Dedupe, IDColumn: "unique_id", Inputs: []*inputs.Input{in}, Truth: t, Ignore: []string{"cluster"}, Labels: labels}, nil
}

// Synthetic is the generated multi-agency set: four sources linked and
// deduplicated at once, since each holds duplicates of its own.
func Synthetic(opt synthpeople.Options) (*Benchmark, error) {
	ds := synthpeople.Generate(opt)
	if err := inputs.Link(ds.Sources, "record_id", "source"); err != nil {
		return nil, err
	}
	return &Benchmark{Name: fmt.Sprintf("synthetic (%d children, seed %d)", opt.Children, opt.Seed), LinkType: linkage.LinkAndDedupe,
		IDColumn: "record_id", SourceColumn: "source", Inputs: ds.Sources, Truth: ds.Truth}, nil
}

// Table joins a benchmark's inputs into one table (columns in order of
// first appearance; a column an input lacks is blank), with each row's
// record, as an engine and the inference see them.
func Table(ins []*inputs.Input, idColumn string) (columns []string, rows [][]string, ids []inputs.RecordID, err error) {
	pos := map[string]int{}
	for _, in := range ins {
		for _, c := range in.Columns {
			if _, ok := pos[c]; !ok {
				pos[c] = len(columns)
				columns = append(columns, c)
			}
		}
	}
	for _, in := range ins {
		rid, err := in.IDs(idColumn)
		if err != nil {
			return nil, nil, nil, err
		}
		ids = append(ids, rid...)
		same := len(in.Columns) == len(columns)
		for i, c := range in.Columns {
			same = same && pos[c] == i
		}
		for _, r := range in.Rows {
			if same {
				rows = append(rows, r)
				continue
			}
			row := make([]string, len(columns))
			for i, c := range in.Columns {
				row[pos[c]] = r[i]
			}
			rows = append(rows, row)
		}
	}
	return columns, rows, ids, nil
}

// Outcome is a benchmark's result: the inferred model, what blocking
// alone achieves, and the links and clusters scored against the truth.
type Outcome struct {
	Benchmark string
	Inferred  linkage.Settings
	Report    auto.Report
	// Blocking is the candidate pairs the inferred rules make, counted
	// here independently of the linker, and the share of true pairs
	// among them.
	BlockingPairs  int
	BlockingRecall float64
	Trained        linkage.Settings
	AtThreshold    Scores // at the model's own threshold
	Best           Scores // at the threshold with the best F1 (chosen with the truth: optimistic)
	Clusters       ClusterScores
	Labelled       *Scores // on clerical labels, when the benchmark has them
	Warnings       []string
}

func (o Outcome) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: blocking %d candidate pairs, recall %.4f\n  at %s\n  best %s\n  clusters: %s\n",
		o.Benchmark, o.BlockingPairs, o.BlockingRecall, o.AtThreshold, o.Best, o.Clusters)
	if o.Labelled != nil {
		fmt.Fprintf(&b, "  clerical labels: %s\n", o.Labelled)
	}
	return b.String()
}

// Run infers settings from the benchmark's records (the truth left out),
// measures the blocking, links with the given linker and scores the
// result.
func Run(ctx context.Context, b *Benchmark, link Linker) (Outcome, error) {
	out := Outcome{Benchmark: b.Name}
	cols, rows, ids, err := Table(b.Inputs, b.IDColumn)
	if err != nil {
		return out, err
	}
	out.Inferred, out.Report = auto.InferWith(cols, rows, auto.Options{IDColumn: b.IDColumn, SourceColumn: b.SourceColumn, LinkType: b.LinkType, Ignore: b.Ignore})
	sourceCol := -1
	if b.LinkType == linkage.Link {
		for i, c := range cols {
			if c == b.SourceColumn {
				sourceCol = i
			}
		}
	}
	cand, err := auto.CandidatePairs(cols, rows, out.Inferred.Blocking, sourceCol, out.Inferred.MaxBlockSize)
	if err != nil {
		return out, err
	}
	blocked := make([]Pair, len(cand))
	for i, p := range cand {
		blocked[i] = Pair{A: ids[p[0]], B: ids[p[1]], Probability: 1}
	}
	bs := Pairwise(blocked, b.Truth, 1, b.LinkType)
	out.BlockingPairs, out.BlockingRecall = bs.Candidates, bs.CandidateRecall

	res, err := link(ctx, b.Inputs, out.Inferred)
	if err != nil {
		return out, fmt.Errorf("%s: %w", b.Name, err)
	}
	out.Trained, out.Warnings = res.Settings, res.Warnings
	th := res.Settings.Threshold
	if th == 0 {
		th = out.Inferred.Threshold
	}
	out.AtThreshold = Pairwise(res.Pairs, b.Truth, th, b.LinkType)
	out.Best = BestF1(Curve(res.Pairs, b.Truth, b.LinkType))
	cl := res.Clusters
	if cl == nil {
		cl = ClustersFromPairs(res.Pairs, th)
	}
	out.Clusters = Clusters(cl, b.Truth, b.LinkType)
	if b.Labels != nil {
		s := PairwiseLabelled(res.Pairs, b.Labels, th)
		out.Labelled = &s
	}
	return out, nil
}

// Exact is the baseline linker: records agreeing exactly (after the
// engine's normalisation) on every compared column are one person. It
// needs no training, so it shows what a model must beat.
func Exact(_ context.Context, ins []*inputs.Input, s linkage.Settings) (Result, error) {
	cols, rows, ids, err := Table(ins, s.UniqueID)
	if err != nil {
		return Result{}, err
	}
	var use []int
	for _, c := range s.Comparisons {
		for _, col := range c.Columns {
			for j, name := range cols {
				if name == col {
					use = append(use, j)
				}
			}
		}
	}
	src := -1
	for j, name := range cols {
		if name == s.SourceColumn && s.SourceColumn != "" {
			src = j
		}
	}
	groups := map[string][]int{}
	var key strings.Builder
	for i, r := range rows {
		key.Reset()
		for _, j := range use {
			key.WriteString(linkage.Normalise(r[j]))
			key.WriteByte(0)
		}
		groups[key.String()] = append(groups[key.String()], i)
	}
	res := Result{Settings: s}
	for _, g := range groups {
		for x := 0; x < len(g); x++ {
			for y := x + 1; y < len(g); y++ {
				if s.LinkType == linkage.Link && src >= 0 && rows[g[x]][src] == rows[g[y]][src] {
					continue
				}
				res.Pairs = append(res.Pairs, Pair{A: ids[g[x]], B: ids[g[y]], Probability: 1})
			}
		}
	}
	if res.Settings.Threshold == 0 {
		res.Settings.Threshold = 0.5
	}
	return res, nil
}
