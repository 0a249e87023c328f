// Package run links inputs end to end — combining them, taking a model or
// inferring one, training it without labels, scoring and clustering — so
// the command line and the website do the same thing the same way.
package run

import (
	"context"
	"fmt"
	"strings"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/linkage"
	"github.com/sightline-uk/sightline/linkage/auto"
	"github.com/sightline-uk/sightline/linkage/inputs"
)

// SourceColumn is the column added to name each record's source when
// several inputs are linked.
const SourceColumn = "source_dataset"

// DefaultThreshold is the match probability a model without its own
// threshold links at.
const DefaultThreshold = 0.9

// Options say how to link.
type Options struct {
	IDColumn string
	// LinkType, for several inputs, is "link" (pairs across inputs only,
	// the default) or "link_and_dedupe" (within inputs too, for sources
	// that hold duplicates); one input is always deduplicated.
	LinkType string
	// Settings is the model to use; nil infers one from the columns.
	Settings *linkage.Settings
	// Threshold, when 0 to 1, replaces the model's threshold; negative
	// keeps it.
	Threshold float64
	// Retrain trains a model whose parameters are already known.
	Retrain bool
	// OnePerSource keeps each record's best link into each other source
	// only (no chaining), for sources without duplicates.
	OnePerSource bool
	// TrainProgress and ScoreProgress, when set, follow the long steps.
	TrainProgress func(stage string, done, total int)
	ScoreProgress linkage.Progress
}

// Result is a linkage done: the linker (for ids and explanations), the
// links at the threshold, each record's cluster, and what was said along
// the way.
type Result struct {
	Linker     *linkage.Linker
	Pairs      []linkage.Pair
	Clusters   []int32
	Stats      linkage.ScoreStats
	Trained    bool
	Train      linkage.TrainReport
	Inferred   bool
	AutoReport auto.Report
	Warnings   []string
}

// Combine puts inputs into one table: one input is deduplicated; several
// are linked across, must share their columns (in any order), and get a
// source column naming the input each record came from.
func Combine(ins []*inputs.Input, idColumn string) (columns []string, rows [][]string, linkType string, err error) {
	if len(ins) == 0 {
		return nil, nil, "", fmt.Errorf("no inputs to link")
	}
	if len(ins) == 1 {
		if err := ins[0].Check(idColumn); err != nil {
			return nil, nil, "", err
		}
		return ins[0].Columns, ins[0].Rows, linkage.Dedupe, nil
	}
	if err := inputs.Link(ins, idColumn, SourceColumn); err != nil {
		return nil, nil, "", err
	}
	cols := ins[0].Columns
	for _, in := range ins {
		if len(in.Columns) != len(cols) {
			return nil, nil, "", &sightline.InputError{File: in.File, Msg: fmt.Sprintf("has columns %s, but %s has %s: inputs to link need the same columns", strings.Join(in.Columns, ","), ins[0].File, strings.Join(cols, ","))}
		}
		idx := make([]int, len(cols))
		for i, c := range cols {
			if idx[i] = in.Index(c); idx[i] < 0 {
				return nil, nil, "", &sightline.InputError{File: in.File, Column: c, Msg: fmt.Sprintf("has no column %q, which %s has: inputs to link need the same columns", c, ins[0].File)}
			}
		}
		for _, r := range in.Rows {
			row := make([]string, len(cols))
			for i, j := range idx {
				row[i] = r[j]
			}
			rows = append(rows, row)
		}
	}
	return cols, rows, linkage.Link, nil
}

// Link links the inputs as the options say.
func Link(ctx context.Context, ins []*inputs.Input, o Options) (*Result, error) {
	cols, rows, linkType, err := Combine(ins, o.IDColumn)
	if err != nil {
		return nil, err
	}
	if linkType == linkage.Link && o.LinkType != "" {
		if o.LinkType != linkage.Link && o.LinkType != linkage.LinkAndDedupe {
			return nil, fmt.Errorf("the link type is link or link_and_dedupe, not %q", o.LinkType)
		}
		linkType = o.LinkType
	}
	t, err := linkage.NewTable(cols, rows)
	if err != nil {
		return nil, err
	}
	// Ids and source names come back exactly as written.
	for _, name := range []string{o.IDColumn, SourceColumn} {
		j := -1
		for i, c := range cols {
			if c == name {
				j = i
			}
		}
		if j < 0 {
			continue
		}
		vals := make([]string, len(rows))
		for i, r := range rows {
			vals[i] = r[j]
		}
		if err := t.KeepVerbatim(name, vals); err != nil {
			return nil, err
		}
	}
	res := &Result{}
	s := o.Settings
	if s == nil {
		opt := auto.Options{IDColumn: o.IDColumn, LinkType: linkType}
		if linkType != linkage.Dedupe {
			opt.SourceColumn = SourceColumn
		}
		var inferred linkage.Settings
		inferred, res.AutoReport = auto.InferWith(cols, rows, opt)
		s, res.Inferred = &inferred, true
	}
	switch {
	case o.Threshold > 1:
		return nil, fmt.Errorf("the threshold is a probability, from 0 to 1")
	case o.Threshold >= 0:
		s.Threshold = o.Threshold
	case s.Threshold == 0:
		s.Threshold = DefaultThreshold
	}
	l, err := linkage.New(s, t)
	if err != nil {
		return nil, err
	}
	res.Linker = l
	res.Warnings = append(res.Warnings, l.Warnings()...)
	if !s.Trained() || o.Retrain {
		rep, err := l.Train(ctx, linkage.TrainOptions{Seed: 1, Progress: o.TrainProgress})
		if err != nil {
			return nil, err
		}
		res.Trained, res.Train = true, rep
		res.Warnings = append(res.Warnings, rep.Warnings...)
	}
	res.Pairs, res.Stats, err = l.Links(ctx, linkage.ScoreOptions{Progress: o.ScoreProgress})
	if err != nil {
		return nil, err
	}
	if res.Clusters, err = l.Clusters(res.Pairs, o.OnePerSource); err != nil {
		return nil, err
	}
	return res, nil
}

// Row finds a record's row by its id as the linker writes it ("id", or
// "source/id" when linking), or -1.
func Row(l *linkage.Linker, id string) int {
	for i := 0; i < l.Table().Len(); i++ {
		if l.ID(i) == id {
			return i
		}
	}
	return -1
}
