package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/export"
	"github.com/sightline-uk/sightline/stats"
	"github.com/sightline-uk/sightline/warning"
)

// warnCmd prints the emerging challenges: every current council's
// concerns, strengths and notes, or one council's; or the simulation study
// of how often each signal raises a false alarm and how soon it sees a
// real shift.
func warnCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("warn", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	council := fs.String("council", "", "one council's warnings (ONS code)")
	format := fs.String("format", "text", "text, csv or json")
	simulate := fs.Bool("simulate", false, "print the simulation study of every signal's false alarms and detection delay instead (about 10 s)")
	runs := fs.Int("runs", 20000, "with --simulate: simulated series per trend signal (funnel signals get one run of 150 councils per 500)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *format != "text" && *format != "csv" && *format != "json" {
		return usageError("warn: --format must be text, csv or json")
	}
	if *simulate {
		if *runs < 1 {
			return usageError("warn: --runs must be at least 1")
		}
		return writeStudy(stdout, stats.Study(*runs, max(1, *runs/500), 1), *format)
	}
	l, err := openLoaded(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer l.store.Close()
	tab, reg := l.tab, l.reg
	var current []*sightline.Council
	for _, c := range reg.Councils() {
		if c.Current && reg.Canonical(c.Code) == c.Code {
			current = append(current, c)
		}
	}
	set := warning.Compute(tab, current, warning.Default())
	var ws []warning.Warning
	if *council != "" {
		c := reg.Council(*council)
		if c == nil {
			return usageError("warn: no council with code " + *council)
		}
		ws = set.ByCouncil[reg.Canonical(c.Code)]
	} else {
		for _, s := range set.Ranked {
			ws = append(ws, s.Warnings...)
		}
	}
	switch *format {
	case "json":
		if ws == nil {
			ws = []warning.Warning{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", " ")
		if *council != "" {
			return enc.Encode(ws)
		}
		return enc.Encode(map[string]any{"councils": set.Ranked})
	case "csv":
		return export.WriteCSV(stdout, warningsTable(ws))
	}
	if *council != "" {
		return writeCouncilWarnings(stdout, ws)
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tCOUNCIL\tSCORE\tCONCERNS\tSTRENGTHS\tTOP CONCERN")
	rank := 0
	for _, s := range set.Ranked {
		if s.Concerns == 0 {
			continue
		}
		rank++
		top := ""
		if len(s.Warnings) > 0 {
			top = s.Warnings[0].Title + " (" + string(s.Warnings[0].Kind) + ", " + s.Warnings[0].Limit + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%.0f\t%d\t%d\t%s\n", rank, s.Name, s.Score, s.Concerns, s.Strengths, top)
	}
	return tw.Flush()
}

func writeCouncilWarnings(w io.Writer, ws []warning.Warning) error {
	if len(ws) == 0 {
		_, err := fmt.Fprintln(w, "No warnings in this council's latest figures.")
		return err
	}
	for _, wn := range ws {
		if _, err := fmt.Fprintf(w, "%-8s %-6s %s\n         %s\n", wn.Verdict, wn.Kind, wn.Title, wn.Words); err != nil {
			return err
		}
	}
	return nil
}

// warningsTable lays warnings out for CSV, one row each.
func warningsTable(ws []warning.Warning) *export.Table {
	t := &export.Table{Title: "Emerging challenges", Columns: []string{"council", "indicator", "year", "period", "kind", "verdict", "direction", "limit", "z", "value", "previous", "england", "unit", "weight", "words"}}
	v := func(x float64) export.Cell { return export.V(sightline.Number(x), -1) }
	for _, w := range ws {
		prev := export.T("")
		if w.Kind == warning.Change {
			prev = v(w.Previous)
		}
		t.Rows = append(t.Rows, []export.Cell{export.T(w.Council), export.T(w.Indicator), export.N(w.Year), export.T(w.Period), export.T(string(w.Kind)),
			export.T(string(w.Verdict)), export.T(w.Direction), export.T(w.Limit), v(w.Z), v(w.Value), prev, v(w.England), export.T(w.Unit), v(w.Weight), export.T(w.Words)})
	}
	return t
}

// writeStudy prints the simulation study as a table, CSV or JSON.
func writeStudy(w io.Writer, rows []stats.StudyRow, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		return enc.Encode(rows)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(stats.StudyColumns)
		for _, r := range rows {
			cw.Write(r.Cells())
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(stats.StudyColumns, "\t")+"\t")
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r.Cells(), "\t")+"\t")
	}
	return tw.Flush()
}
