package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/sightline-uk/sightline/linkage"
	"github.com/sightline-uk/sightline/linkage/auto"
	"github.com/sightline-uk/sightline/linkage/inputs"
	linkrun "github.com/sightline-uk/sightline/linkage/run"
	"github.com/sightline-uk/sightline/store"
)

// linkCmd links records about the same person within one input
// (deduplication) or across several (linkage): it reads CSV or Parquet
// inputs, takes a model from a settings file or infers one (auto), trains
// it without labels when its parameters are not yet known, scores every
// candidate pair, and writes the pairs, the clusters and the trained model.
func linkCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("link", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var in listFlag
	fs.Var(&in, "input", "a CSV or Parquet file of records (repeatable: two or more are linked across)")
	idColumn := fs.String("id-column", "", "the column that identifies a record within its input")
	settingsFile := fs.String("settings", "auto", "a model (JSON settings, trained or not), or auto to infer one from the columns")
	outDir := fs.String("out", "", "folder for pairs.csv, clusters.csv, model.json (and auto.txt with --settings auto)")
	threshold := fs.Float64("threshold", -1, "match probability at which a pair is a link (default: the model's, or 0.9)")
	onePer := fs.Bool("one-per-source", false, "when linking sources that hold no duplicates, keep each record's best link into each other source only (no chaining)")
	retrain := fs.Bool("retrain", false, "train the model again even if its parameters are already known")
	explain := fs.String("explain", "", "explain one pair, by the two records' ids (ID,ID; with several inputs source/ID,source/ID)")
	linkType := fs.String("link-type", "", "with several inputs: link (across them only, the default) or link_and_dedupe (within them too, when sources hold duplicates)")
	keep := fs.String("keep", "", "keep the clusters as the person index under this name, pseudonymised, in --db")
	db := dbFlag(fs)
	keyFile := fs.String("key-file", "", "pseudonymisation key file for --keep, the one kept returns use; default $XDG_CONFIG_HOME/sightline/903.key")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case len(in) == 0:
		return usageError("link: give --input FILE (repeat it to link several)")
	case *idColumn == "":
		return usageError("link: give --id-column, the column that identifies a record")
	case *outDir == "" && *explain == "":
		return usageError("link: give --out DIR for the pairs, clusters and model")
	}
	start := time.Now()
	var ins []*inputs.Input
	for _, p := range in {
		input, err := inputs.Read(p, inputs.SourceName(p))
		if err != nil {
			return err
		}
		ins = append(ins, input)
	}
	o := linkrun.Options{IDColumn: *idColumn, LinkType: *linkType, Threshold: *threshold, Retrain: *retrain, OnePerSource: *onePer}
	if *settingsFile != "auto" {
		f, err := os.Open(*settingsFile)
		if err != nil {
			return usageError(err.Error())
		}
		o.Settings, err = linkage.LoadSettings(f)
		f.Close()
		if err != nil {
			return usageError(fmt.Sprintf("%s: %v", *settingsFile, err))
		}
	}
	if *threshold > 1 {
		return usageError("link: --threshold is a probability, from 0 to 1")
	}
	visible := isTerminal(stderr)
	tbar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("Training"),
		progressbar.OptionClearOnFinish(), progressbar.OptionSetWidth(30), progressbar.OptionSetVisibility(visible))
	o.TrainProgress = func(stage string, done, total int) {
		tbar.ChangeMax(total)
		tbar.Describe("Training: " + stage)
		tbar.Set(done)
	}
	sbar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("Scoring"),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionSetWidth(30), progressbar.OptionSetVisibility(visible))
	o.ScoreProgress = func(done, total int) {
		tbar.Finish()
		sbar.ChangeMax(total)
		sbar.Set(done)
	}
	if *explain != "" {
		o.ScoreProgress = nil
	}
	res, err := linkrun.Link(ctx, ins, o)
	tbar.Finish()
	sbar.Finish()
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "sightline: warning:", w)
	}
	if res.Trained {
		fmt.Fprintf(stderr, "trained without labels: prior %.3g (%s), u from %d random pairs\n", res.Train.Prior, res.Train.PriorFrom, res.Train.USampled)
	}
	l, pairs, clusters, stats, settings := res.Linker, res.Pairs, res.Clusters, res.Stats, res.Linker.Settings()
	t := l.Table()
	if *explain != "" {
		return explainPair(l, *explain, stdout)
	}
	autoReport := ""
	if res.Inferred {
		autoReport = formatAutoReport(res.AutoReport)
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		return err
	}
	if err := writeLinkFiles(*outDir, l, pairs, clusters, autoReport); err != nil {
		return err
	}
	if *keep != "" {
		if err := keepPersonIndex(ctx, *db, *keyFile, *keep, l, pairs, clusters, stderr); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "kept the person index %q in %s\n", *keep, *db)
	}
	n := map[int32]bool{}
	for _, c := range clusters {
		n[c] = true
	}
	secs := stats.Duration.Seconds()
	fmt.Fprintf(stdout, "%d records, %d candidate pairs scored in %s (%.0f pairs/s), %d links at probability %.2f or more, %d clusters; %s in all\n",
		t.Len(), stats.Candidates, stats.Duration.Round(time.Millisecond), float64(stats.Candidates)/math.Max(secs, 1e-9), len(pairs),
		settings.Threshold, len(n), time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(stdout, "wrote %s\n", strings.Join([]string{filepath.Join(*outDir, "pairs.csv"), filepath.Join(*outDir, "clusters.csv"), filepath.Join(*outDir, "model.json")}, ", "))
	return nil
}

// keepPersonIndex stores each record's person (its cluster) and best link
// probability under a linkage name, with ids pseudonymised by the key kept
// returns use, so the person index joins to them.
func keepPersonIndex(ctx context.Context, db, keyFile, name string, l *linkage.Linker, pairs []linkage.Pair, clusters []int32, stderr io.Writer) error {
	key, _, err := loadKey(keyFile, stderr)
	if err != nil {
		return err
	}
	best := make([]float64, l.Table().Len())
	for _, p := range pairs {
		best[p.A], best[p.B] = max(best[p.A], p.Probability), max(best[p.B], p.Probability)
	}
	src := l.Settings().SourceColumn
	var sources []string
	if src != "" {
		sources, _ = l.Table().Column(src)
	}
	recs := make([]store.PersonRecord, len(clusters))
	for i, c := range clusters {
		source := "records"
		if sources != nil {
			source = sources[i]
		}
		// The id as the source issued it, so a social care record's
		// pseudonym is its child's in kept returns.
		id := strings.TrimPrefix(l.ID(i), source+"/")
		recs[i] = store.PersonRecord{Source: source, Record: id, Person: strconv.Itoa(int(c)), Probability: best[i]}
	}
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.KeepPersonIndex(ctx, name, key, recs); err != nil {
		cliAudit(ctx, st, "keep", "person index "+name, "failed", err.Error())
		return err
	}
	cliAudit(ctx, st, "keep", fmt.Sprintf("person index %s (%d records)", name, len(recs)), "ok", "")
	return nil
}

// writeLinkFiles writes pairs.csv, clusters.csv, model.json and, for an
// inferred model, auto.txt saying why each column was treated as it was.
func writeLinkFiles(dir string, l *linkage.Linker, pairs []linkage.Pair, clusters []int32, autoReport string) error {
	f, err := os.Create(filepath.Join(dir, "pairs.csv"))
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"unique_id_l", "unique_id_r", "match_weight", "match_probability"})
	for _, p := range pairs {
		w.Write([]string{l.ID(int(p.A)), l.ID(int(p.B)), strconv.FormatFloat(p.Weight, 'f', 3, 64), strconv.FormatFloat(p.Probability, 'f', 5, 64)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if f, err = os.Create(filepath.Join(dir, "clusters.csv")); err != nil {
		return err
	}
	if err := l.WriteClusters(f, clusters); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if f, err = os.Create(filepath.Join(dir, "model.json")); err != nil {
		return err
	}
	if err := l.Settings().Save(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if autoReport != "" {
		return os.WriteFile(filepath.Join(dir, "auto.txt"), []byte(autoReport), 0o644)
	}
	return nil
}

// explainPair prints the waterfall of one pair's score: each comparison's
// level, m, u and match weight, from the prior to the final probability.
func explainPair(l *linkage.Linker, spec string, w io.Writer) error {
	ids := strings.Split(spec, ",")
	if len(ids) != 2 {
		return usageError("link: --explain takes two ids, ID,ID")
	}
	var rows [2]int
	for k, id := range ids {
		r := linkrun.Row(l, strings.TrimSpace(id))
		if r < 0 {
			return usageError(fmt.Sprintf("link: no record %q (with several inputs, write source/id)", id))
		}
		rows[k] = r
	}
	e, err := l.Explain(rows[0], rows[1])
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s and %s\n\n", e.IDA, e.IDB)
	fmt.Fprintln(tw, "COMPARISON\tVALUES\tLEVEL\tm\tu\tWEIGHT\tRUNNING")
	running := e.PriorWeight
	fmt.Fprintf(tw, "prior\t\t\t\t\t%+.2f\t%+.2f\n", e.PriorWeight, running)
	for _, s := range e.Steps {
		running += s.Log2BayesFactor
		fmt.Fprintf(tw, "%s\t%s | %s\t%s\t%.4f\t%.4f\t%+.2f\t%+.2f\n", s.Comparison, strings.Join(s.ValuesA, " "), strings.Join(s.ValuesB, " "),
			s.Level, s.M, s.U, s.Log2BayesFactor, running)
	}
	tw.Flush()
	verdict := "not a link"
	if e.Link {
		verdict = "a link"
	}
	fmt.Fprintf(w, "\nmatch weight %.2f, probability %.4f: %s at threshold %.2f", e.Weight, e.Probability, verdict, e.Threshold)
	if e.Candidate == "" {
		fmt.Fprint(w, " (no blocking rule makes this pair a candidate, so a run never scores it)")
	} else {
		fmt.Fprintf(w, " (a candidate by %s)", e.Candidate)
	}
	fmt.Fprintln(w)
	return nil
}

// formatAutoReport says why each column was treated as it was.
func formatAutoReport(rep auto.Report) string {
	var b strings.Builder
	b.WriteString("How the model was inferred from the columns (review, then save and refine model.json):\n\n")
	b.WriteString(rep.String())
	return b.String()
}
