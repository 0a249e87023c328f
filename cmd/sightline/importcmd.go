package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/sources"
)

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	snap := fs.Bool("snapshot", false, "import the bundled England snapshot")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var inputs []sources.Input
	if *snap {
		inputs = sources.SnapshotInputs()
	}
	for _, f := range fs.Args() {
		f := f
		inputs = append(inputs, sources.Input{Name: f, Read: func() ([]byte, error) { return os.ReadFile(f) }})
	}
	if len(inputs) == 0 {
		return usageError("import: name files to import, or --snapshot")
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	res, err := importInputs(ctx, store, geography.Default(), inputs, stderr)
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	for _, r := range res {
		state := "imported"
		if !r.Changed {
			state = "unchanged"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d observations\n", state, r.Dataset, r.File, r.Observations)
	}
	tw.Flush()
	outcome := "ok"
	if err != nil {
		outcome = "failed"
	}
	for _, r := range res {
		if r.Changed {
			cliAudit(ctx, store, "import", r.Dataset+" from "+r.File, "ok", "")
		}
	}
	if err != nil {
		cliAudit(ctx, store, "import", fmt.Sprintf("%d files", len(inputs)), outcome, err.Error())
		return err
	}
	fmt.Fprintf(stdout, "%d files in %.2fs into %s\n", len(res), time.Since(start).Seconds(), dbName(*db))
	return nil
}
