package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/sightline-uk/sightline/cin/check"
	"github.com/sightline-uk/sightline/rules"
)

// validateCIN checks CIN census XML files against their year's schema and
// DfE's rules, telling errors (which fail a return) from queries (which ask
// the council to confirm). Several files (a region's or the country's) are
// checked in parallel into one report.
func validateCIN(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("validate cin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rf := addReportFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError("validate cin: name a CIN census XML file (or several)")
	}
	if err := rf.check(); err != nil {
		return err
	}
	start := time.Now()
	if fs.NArg() == 1 {
		data, err := os.ReadFile(fs.Arg(0))
		if err != nil {
			return usageError(err.Error())
		}
		res := check.Data(fs.Arg(0), data)
		if res.Err != nil {
			return res.Err
		}
		for _, n := range res.Notes {
			fmt.Fprintln(stderr, "sightline:", n)
		}
		title := fmt.Sprintf("CIN census for %d/%02d (LA %s): %d children, %d rules", res.Year-1, res.Year%100, res.LA, res.Children, res.Report.Rules)
		return rf.writeReport(res.Report, title, time.Since(start), stdout, stderr)
	}
	paths := fs.Args()
	results := make([]check.Result, len(paths))
	bar := progressbar.NewOptions(len(paths), progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("Checking"),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionSetWidth(30),
		progressbar.OptionSetVisibility(isTerminal(stderr)))
	check.Files(paths, runtime.GOMAXPROCS(0), func(i int, r check.Result) {
		results[i] = r
		bar.Add(1)
	})
	bar.Finish()
	var reps []*rules.Report
	var unreadable error
	children := 0
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintln(stderr, "sightline:", r.Err)
			if unreadable == nil {
				unreadable = r.Err
			}
			continue
		}
		for _, n := range r.Notes {
			fmt.Fprintln(stderr, "sightline:", n)
		}
		reps = append(reps, r.Report)
		children += r.Children
	}
	rep := rules.Merge(reps...)
	title := fmt.Sprintf("%d CIN census files: %d children, %d rules", len(reps), children, rep.Rules)
	err := rf.writeReport(rep, title, time.Since(start), stdout, stderr)
	if unreadable != nil {
		return fmt.Errorf("%d of %d files could not be read: %w", len(paths)-len(reps), len(paths), unreadable)
	}
	return err
}
