package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/export"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/peers"
	"github.com/sightline-uk/sightline/store"
)

// peersCmd prints the improvement brief for a council and indicator (the
// peers that were in the same position and improved), or with --validate
// the out-of-sample test of the method.
func peersCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("peers", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	council := fs.String("council", "", "council ONS code, e.g. E08000025")
	indicator := fs.String("indicator", "", "indicator id with a polarity, e.g. rereferral_pct (see sightline indicators)")
	year := fs.Int("year", 0, "as-of year (default: the indicator's latest); only figures up to it are used")
	format := fs.String("format", "text", "text, json or xlsx")
	out := fs.String("out", "", "output file (default: standard output; needed for xlsx)")
	validate := fs.Bool("validate", false, "test the method out of sample against England's and the neighbours' figures")
	maxPeers := fs.Int("peers", peers.DefaultMaxPeers, "how many peers to list (and to average in --validate)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("peers: unexpected argument " + fs.Arg(0))
	}
	switch *format {
	case "text", "json", "xlsx":
	default:
		return usageError("peers: --format must be text, json or xlsx")
	}
	if *format == "xlsx" && *out == "" {
		return usageError("peers: --out FILE is needed for xlsx")
	}
	if !*validate && (*council == "" || *indicator == "") {
		return usageError("peers: give --council CODE and --indicator ID, or --validate")
	}
	if *maxPeers < 1 {
		return usageError("peers: --peers must be at least 1")
	}
	reg := geography.Default()
	if !*validate {
		if reg.Council(*council) == nil {
			return usageError(fmt.Sprintf("peers: no council %q (use its nine-character ONS code)", *council))
		}
		ind := indicators.ByID(*indicator)
		if ind == nil {
			return usageError(fmt.Sprintf("peers: no indicator %q (see sightline indicators)", *indicator))
		}
		if !peers.Judged(ind) {
			return usageError(fmt.Sprintf("peers: %s has no polarity (or is national only), so no council improved on it", ind.ID))
		}
	}
	m, store, err := openMatcher(ctx, *db, *maxPeers, stderr)
	if err != nil {
		return err
	}
	defer store.Close()

	var buf bytes.Buffer
	w := io.Writer(&buf)
	if *validate {
		v := m.Validate()
		switch *format {
		case "json":
			err = writeJSON(w, v)
		case "xlsx":
			err = export.WriteXLSX(w, v.Table())
		default:
			err = writeValidation(w, v)
		}
	} else {
		var b *peers.Brief
		if b, err = m.Brief(*council, *indicator, *year); err != nil {
			return usageError("peers: " + err.Error())
		}
		switch *format {
		case "json":
			err = writeJSON(w, b)
		case "xlsx":
			err = export.WriteXLSX(w, b.Table())
		default:
			err = writeBrief(w, b)
		}
	}
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	return os.WriteFile(*out, buf.Bytes(), 0o644)
}

// openMatcher opens the store (filled with the bundled snapshot when empty,
// as every command does) and prepares matching.
func openMatcher(ctx context.Context, db string, maxPeers int, progress io.Writer) (*peers.Matcher, store.Store, error) {
	l, err := openLoaded(ctx, db, progress)
	if err != nil {
		return nil, nil, err
	}
	return peers.NewMatcher(l.tab, l.reg, l.judgements, peers.Options{MaxPeers: maxPeers}), l.store, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeBrief prints the brief for a terminal: where the council stands,
// the evidence in words, the peers and their trajectories, the framework.
func writeBrief(w io.Writer, b *peers.Brief) error {
	dp := b.Indicator.Decimals
	num := func(v *float64) string {
		if v == nil {
			return "-"
		}
		return strconv.FormatFloat(sightline.Round(*v, dp), 'f', dp, 64)
	}
	fmt.Fprintf(w, "Improvement brief: %s (%s), %s, %s\n", b.Council.Name, b.Council.Code, b.Indicator.Title, b.Period)
	fmt.Fprintf(w, "%s; %s.\n\n", b.Indicator.Unit, b.Indicator.Polarity)
	for _, e := range b.Evidence {
		fmt.Fprintf(w, "- %s\n", e)
	}
	fmt.Fprintf(w, "\n%s, year by year\n", b.Council.Name)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "YEAR\tVALUE\tENGLAND\tSTANDING")
	for _, p := range b.Trajectory {
		v := num(p.Value)
		if p.Symbol != "" {
			v = p.Symbol
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Period, v, num(p.England), dash(p.Standing))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(b.Peers) > 0 {
		fmt.Fprintf(w, "\nPeers (%d listed of %d that improved from the same position)\n", len(b.Peers), b.Candidates)
		tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "PEER\tWHY LISTED\tCONCERN\tBEFORE\tA YEAR ON\tHELD TO\tAFTER\tGAP CLOSED\tLATEST OFSTED")
		for i := range b.Peers {
			p := &b.Peers[i]
			why := "distance -"
			if p.Distance != nil {
				why = fmt.Sprintf("distance %.2f", *p.Distance)
			}
			if p.Neighbour {
				why = fmt.Sprintf("neighbour %d", p.NeighbourRank)
			}
			e := p.Latest()
			ofsted := "-"
			if n := len(p.Judgements); n > 0 {
				j := p.Judgements[n-1]
				ofsted = fmt.Sprintf("%s (%s)", j.Overall, j.InspectionDate.Format("2006-01"))
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%d\t%s\t%.0f%%\t%s\n", p.Name, why, e.ConcernYear, num(&e.Before), num(&e.AfterOneYear),
				e.HeldTo, num(&e.After), 100*e.GapClosed(), ofsted)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w, "\nTrajectories (value, with * where beyond the bad-side limit)")
		tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		years := map[int]bool{}
		var order []int
		for _, p := range b.Trajectory {
			if !years[p.Year] {
				years[p.Year] = true
				order = append(order, p.Year)
			}
		}
		head := []string{"COUNCIL"}
		for _, y := range order {
			head = append(head, strconv.Itoa(y))
		}
		fmt.Fprintln(tw, strings.Join(head, "\t"))
		line := func(name string, pts []peers.Point) {
			by := map[int]peers.Point{}
			for _, p := range pts {
				by[p.Year] = p
			}
			row := []string{name}
			for _, y := range order {
				p, ok := by[y]
				s := "-"
				if ok {
					s = num(p.Value)
					if p.Symbol != "" {
						s = p.Symbol
					}
					if p.Standing == peers.Worse {
						s += "*"
					}
				}
				row = append(row, s)
			}
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		line(b.Council.Name, b.Trajectory)
		for i := range b.Peers {
			line(b.Peers[i].Name, b.Peers[i].Trajectory)
		}
		var eng []peers.Point
		for _, p := range b.Trajectory {
			eng = append(eng, peers.Point{Year: p.Year, Value: p.England})
		}
		line("England", eng)
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(b.EnablerMeanings) > 0 {
		fmt.Fprintln(w, "\nEnablers of improvement this indicator relates to")
		for _, e := range b.EnablerMeanings {
			fmt.Fprintf(w, "- %s\n", e)
		}
	}
	fmt.Fprintf(w, "\nMethod: %s\n", b.Criterion)
	for _, c := range b.Caveats {
		fmt.Fprintf(w, "- %s\n", c)
	}
	return nil
}

// writeValidation prints the validation table: one line per indicator and
// subset, errors in the indicator's units, then the verdict.
func writeValidation(w io.Writer, v *peers.Validation) error {
	fmt.Fprintln(w, "Peers' forecast tested out of sample (errors in each indicator's units; scaled MAE in SDs of councils' figures)")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "INDICATOR\tCASES\tMAE PEERS\tENGLAND\tNEIGHBOURS\tPERSISTENCE\tRMSE PEERS\tENGLAND\tNEIGHBOURS\tSCALED PEERS\tENGLAND\tNEIGHBOURS\tPERSISTENCE\tBEATS ENG\tBEATS NBRS\tBEATS BOTH\t")
	for _, s := range v.Scores {
		name := s.Indicator
		if s.Subset == "flagged" {
			name += " (flagged)"
		}
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.0f%%\t%.0f%%\t%.0f%%\t\n", name, s.Cases,
			s.MAE.Peers, s.MAE.England, s.MAE.Neighbours, s.MAE.Persistence, s.RMSE.Peers, s.RMSE.England, s.RMSE.Neighbours,
			s.ScaledMAE.Peers, s.ScaledMAE.England, s.ScaledMAE.Neighbours, s.ScaledMAE.Persistence,
			100*s.PeersBeatEngland, 100*s.PeersBeatNeighbours, 100*s.PeersBeatBoth)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s\n\nMethod: %s\n", v.Verdict, v.Method)
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
