package eval

import (
	"context"
	"strconv"

	"github.com/sightline-uk/sightline/linkage"
	"github.com/sightline-uk/sightline/linkage/inputs"
)

// Engine is the linkage engine as a Linker: it trains the model without
// labels (seeded, so runs repeat), scores every candidate pair and
// clusters the links by connected components.
func Engine(ctx context.Context, ins []*inputs.Input, s linkage.Settings) (Result, error) {
	cols, rows, ids, err := Table(ins, s.UniqueID)
	if err != nil {
		return Result{}, err
	}
	tab, err := linkage.NewTable(cols, rows)
	if err != nil {
		return Result{}, err
	}
	l, err := linkage.New(&s, tab)
	if err != nil {
		return Result{}, err
	}
	rep, err := l.Train(ctx, linkage.TrainOptions{Seed: 1})
	if err != nil {
		return Result{}, err
	}
	th := l.Settings().Threshold
	var pairs []Pair
	var links []linkage.Pair
	if _, err := l.Score(ctx, linkage.ScoreOptions{}, func(b []linkage.Pair) error {
		for _, p := range b {
			pairs = append(pairs, Pair{A: ids[p.A], B: ids[p.B], Probability: p.Probability})
			if p.Probability >= th {
				links = append(links, p)
			}
		}
		return nil
	}); err != nil {
		return Result{}, err
	}
	labels, err := l.Clusters(links, false)
	if err != nil {
		return Result{}, err
	}
	clusters := make(map[inputs.RecordID]string, len(labels))
	for i, c := range labels {
		clusters[ids[i]] = strconv.Itoa(int(c))
	}
	return Result{Pairs: pairs, Clusters: clusters, Settings: *l.Settings(), Warnings: append(l.Warnings(), rep.Warnings...)}, nil
}
