package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/sightline-uk/sightline/linkage/synthpeople"
)

// cmdSynthPeople writes a synthetic multi-agency extract — social care,
// school census, health and police records of the same children, with
// realistic errors — and the truth, to try and test linkage without real
// children's data.
func cmdSynthPeople(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("synth people", flag.ContinueOnError)
	fs.SetOutput(stderr)
	children := fs.Int("children", 1000, "how many children")
	seed := fs.Uint64("seed", 1, "random seed; the same seed writes the same records")
	out := fs.String("out", "", "folder to write one CSV per agency and truth.csv to")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return usageError("synth people: give --out DIR")
	}
	if *children < 1 {
		return usageError("synth people: --children must be at least 1")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	ds := synthpeople.Generate(synthpeople.Options{Children: *children, Seed: *seed, Rates: synthpeople.DefaultRates()})
	records := 0
	for _, s := range ds.Sources {
		f, err := os.Create(filepath.Join(*out, s.Source+".csv"))
		if err != nil {
			return err
		}
		if err := synthpeople.WriteCSV(f, s); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		records += len(s.Rows)
	}
	f, err := os.Create(filepath.Join(*out, "truth.csv"))
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"source", "record_id", "person_id"})
	var rows [][]string
	for id, person := range ds.Truth {
		rows = append(rows, []string{id.Source, id.ID, person})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i][0] != rows[j][0] {
			return rows[i][0] < rows[j][0]
		}
		return rows[i][1] < rows[j][1]
	})
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %d children's records from %d agencies (%d records) and truth.csv to %s\n", *children, len(ds.Sources), records, *out)
	return nil
}
