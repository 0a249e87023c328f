package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/sightline-uk/sightline/risk"
)

// backtestCmd prints the risk model's rolling-origin backtest beside its two
// baselines, per origin and pooled, and whether the model is kept, so that
// anyone can see how far the risk scores deserve trust.
func backtestCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	format := fs.String("format", "text", "text or csv")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("backtest: unexpected argument " + strconv.Quote(fs.Arg(0)))
	}
	if *format != "text" && *format != "csv" {
		return usageError("backtest: --format must be text or csv")
	}
	data, closeStore, err := loadRiskData(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer closeStore()
	origins := data.Origins(time.Now())
	if len(origins) == 0 {
		return fmt.Errorf("backtest: no origin's 12-month window holds inspections in the data")
	}
	bt, err := data.Backtest(origins, time.Time{})
	if err != nil {
		return err
	}
	if *format == "csv" {
		return writeBacktestCSV(stdout, bt)
	}
	return writeBacktestText(stdout, bt)
}

func originLabel(r risk.Row) string {
	if r.Origin.IsZero() {
		return "pooled"
	}
	return r.Origin.Format(time.DateOnly)
}

// num formats a figure, or "-" where there is none (no inspections, or no
// inadequate judgement, in a window).
func num(v float64, dp int) string {
	if math.IsNaN(v) {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', dp, 64)
}

func writeBacktestCSV(w io.Writer, bt *risk.Backtest) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"origin", "method", "train_inspections", "train_inadequate", "test_inspections", "test_inadequate",
		"auc", "auc_low95", "auc_high95", "brier", "top_places", "top_inadequate", "precision_at_15", "recall_at_15", "detail"})
	for _, r := range bt.Rows {
		train, trainK := strconv.Itoa(r.Train), strconv.Itoa(r.TrainEvents)
		if r.Origin.IsZero() {
			train, trainK = "", ""
		}
		cw.Write([]string{originLabel(r), string(r.Method), train, trainK, strconv.Itoa(r.N), strconv.Itoa(r.Events),
			num(r.AUC, 4), num(r.AUCLow, 4), num(r.AUCHigh, 4), num(r.Brier, 4), strconv.Itoa(r.Top), num(r.Hits, 2),
			num(r.Precision, 4), num(r.Recall, 4), r.Detail})
	}
	cw.Flush()
	return cw.Error()
}

func writeBacktestText(w io.Writer, bt *risk.Backtest) error {
	fmt.Fprintln(w, "Rolling-origin backtest of the risk of an inadequate ILACS judgement.")
	fmt.Fprintln(w, "At each origin every method is fitted on the inspections published before it (features as of each inspection's")
	fmt.Fprintln(w, "own date) and predicts the inspections of the next 12 months from the features known at the origin.")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "origin\tmethod\ttrained on\ttested on\tAUC\t95% CI\tBrier\tprecision@15\trecall@15\t")
	for _, r := range bt.Rows {
		trained := fmt.Sprintf("%d (%d inad.)", r.Train, r.TrainEvents)
		if r.Origin.IsZero() {
			trained = ""
		}
		ci := "-"
		if !math.IsNaN(r.AUCLow) {
			ci = fmt.Sprintf("%s–%s", num(r.AUCLow, 2), num(r.AUCHigh, 2))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d (%d inad.)\t%s\t%s\t%s\t%s\t%s\t\n", originLabel(r), r.Method, trained, r.N, r.Events,
			num(r.AUC, 3), ci, num(r.Brier, 4), num(r.Precision, 3), num(r.Recall, 3))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Base rate: %d of %d inspections in the windows were judged inadequate (%s).\n", bt.Events, bt.N, num(bt.BaseRate, 3))
	fmt.Fprintln(w, "AUC: the chance that an inadequate council was given a higher risk than another (0.5 is chance); its 95% interval is DeLong's.")
	fmt.Fprintln(w, "Brier: the mean squared error of the predicted risk (lower is better; predicting the base rate for everyone scores about",
		num(bt.BaseRate*(1-bt.BaseRate), 3)+").")
	fmt.Fprintln(w, risk.TopDefinition)
	fmt.Fprintln(w, "An origin whose window holds no inspection (Ofsted paused inspections from March 2020 to mid-2021) has no figures (-).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Methods at each origin:")
	for _, r := range bt.Rows {
		if !r.Origin.IsZero() {
			fmt.Fprintf(w, "  %s %-18s %s\n", originLabel(r), r.Method, r.Detail)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Verdict:", bt.Verdict)
	return nil
}
