package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/export"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/ssda903/beside"
)

type listFlag []string

// String and Set let a flag be repeated or comma-separated.
func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	format := fs.String("format", "csv", "csv (EES format), xlsx or parquet")
	out := fs.String("out", "", "output file (default: standard output for csv)")
	dataset := fs.String("dataset", "", "export an imported dataset in its published shape instead of indicators")
	own := fs.Bool("own", false, "export the figures from the council's own kept returns (one --council), suppressed as its page shows them")
	var inds, councils listFlag
	fs.Var(&inds, "indicator", "indicator id (repeatable; default all)")
	fs.Var(&councils, "council", "council ONS code (repeatable; default all)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *format != "csv" && *format != "xlsx" && *format != "parquet" {
		return usageError("export: --format must be csv, xlsx or parquet")
	}
	if *format != "csv" && *out == "" {
		return usageError("export: --out FILE is needed for " + *format)
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	reg := geography.Default()
	var t *export.Table
	switch {
	case *own:
		if len(councils) != 1 || reg.Council(councils[0]) == nil {
			return usageError("export: --own needs one --council code")
		}
		c := reg.Council(reg.Canonical(councils[0]))
		tab, err := indicators.Load(ctx, store, reg)
		if err != nil {
			return err
		}
		rows, err := beside.Own(ctx, store, tab, c)
		if err != nil {
			return err
		}
		t = export.Own(reg, c, rows)
	case *dataset != "":
		ds, err := store.Datasets(ctx)
		if err != nil {
			return err
		}
		var d *sightline.Dataset
		for i := range ds {
			if ds[i].ID == *dataset {
				d = &ds[i]
			}
		}
		if d == nil {
			return usageError("export: no dataset " + *dataset + " has been imported")
		}
		obs, err := store.Observations(ctx, sightline.ObservationQuery{Dataset: d.ID})
		if err != nil {
			return err
		}
		if t, err = export.Dataset(*d, obs, reg); err != nil {
			return err
		}
	default:
		tab, err := indicators.Load(ctx, store, reg)
		if err != nil {
			return err
		}
		var sel []*indicators.Indicator
		for _, id := range inds {
			ind := indicators.ByID(id)
			if ind == nil {
				return usageError("export: unknown indicator " + id + " (see sightline indicators)")
			}
			sel = append(sel, ind)
		}
		if len(sel) == 0 {
			sel = indicators.Catalogue()
		}
		for _, c := range councils {
			if reg.Council(c) == nil {
				return usageError("export: unknown council code " + c)
			}
		}
		t = export.Comparisons(tab, reg, export.Selection{Indicators: sel, Councils: councils, AllCouncils: len(councils) == 0, Context: true})
	}
	// Exports are written to the audit log: what, in which form, to where.
	what := fmt.Sprintf("%s, %d rows, %s to %s", t.Title, len(t.Rows), *format, orStdout(*out))
	var w io.Writer = stdout
	if *out != "" {
		if *format == "parquet" {
			if err := export.WriteParquet(ctx, *out, t); err != nil {
				return err
			}
			cliAudit(ctx, store, "export", what, "ok", "")
			return nil
		}
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if *format == "xlsx" {
		err = export.WriteXLSX(w, t)
	} else {
		err = export.WriteCSV(w, t)
	}
	if err != nil {
		return err
	}
	cliAudit(ctx, store, "export", what, "ok", "")
	if *out != "" {
		fmt.Fprintf(stderr, "wrote %d rows to %s\n", len(t.Rows), *out)
	}
	return nil
}

func cmdIndicators(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("indicators", flag.ContinueOnError)
	format := fs.String("format", "text", "text or csv")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *format == "csv" {
		t := export.Catalogue(indicators.Catalogue())
		return export.WriteCSV(stdout, t)
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tAREA\tKIND\tUNIT\tPOLARITY\tTITLE")
	for _, ind := range indicators.Catalogue() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", ind.ID, ind.Area, ind.Kind, ind.Unit, ind.Polarity, ind.Title)
	}
	return tw.Flush()
}

func orStdout(path string) string {
	if path == "" {
		return "standard output"
	}
	return path
}
