package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"regexp"
	"text/tabwriter"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/indicators"
	"github.com/sightline-uk/sightline/pseudo"
	"github.com/sightline-uk/sightline/ssda903/beside"
	"github.com/sightline-uk/sightline/ssda903/measure"
	"github.com/sightline-uk/sightline/ssda903/onspd"
)

var laRe = regexp.MustCompile(`^\d{3}$`)

// cmdKeep reads a council's SSDA903 return, prints its own indicators
// (suppressed) beside the published ones, and keeps the return in the
// database pseudonymised under a key held outside it.
func cmdKeep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "cin" {
		return cmdKeepCIN(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "903" {
		return usageError("keep: say which return: sightline keep 903 --la NNN --year YYYY FILES… or sightline keep cin FILE.xml")
	}
	fs := flag.NewFlagSet("keep 903", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	la := fs.String("la", "", "the council's three-digit DfE LA number (required)")
	year := fs.Int("year", 0, "collection year, by the year it ends: 2025 is 1 April 2024 to 31 March 2025 (required)")
	keyFile := fs.String("key-file", "", "pseudonymisation key file, created (mode 0600) on first use; default $XDG_CONFIG_HOME/sightline/903.key")
	population := fs.Float64("population", 0, "ONS mid-year estimate of children aged 0 to 17 for the year before, for rates per 10,000")
	postcodeFile := fs.String("postcodes", "", "the ONS Postcode Directory (ONSPD CSV or zip), for the share of placements more than 20 miles away")
	var previous listFlag
	fs.Var(&previous, "previous", "a file of the previous year's return (repeatable), to trace periods of care back")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if !laRe.MatchString(*la) {
		return usageError("keep 903: --la must be the council's three-digit DfE LA number, e.g. --la 805")
	}
	if *year < 2000 || *year > 2100 {
		return usageError("keep 903: --year is needed: the year the collection ends, e.g. --year 2025")
	}
	if fs.NArg() == 0 {
		return usageError("keep 903: name the return's files (CSV tables or an XML file)")
	}
	ret, err := readWithPrevious(*year, *la, fs.Args(), previous)
	if err != nil {
		return err
	}
	key, path, err := loadKey(*keyFile, stderr)
	if err != nil {
		return err
	}
	opt := measure.Options{Population: *population}
	if *postcodeFile != "" {
		dir, err := onspd.Load(*postcodeFile)
		if err != nil {
			return err
		}
		opt.Postcodes = dir
	}
	results := measure.Compute(ret, opt)

	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	table, council, err := besideTable(ctx, store, *la)
	if err != nil {
		return err
	}
	code := ""
	if council != nil {
		code = council.Code
	}
	title := fmt.Sprintf("SSDA903 return for %d/%02d", *year-1, *year%100)
	if err := printBeside(stdout, title, "1 to 4", *la, council, beside.Compare(results, table, code)); err != nil {
		return err
	}
	if err := store.KeepReturn903(ctx, *la, *year, ret, key, results...); err != nil {
		cliAudit(ctx, store, "keep", fmt.Sprintf("SSDA903 return %d LA %s", *year, *la), "failed", err.Error())
		return err
	}
	cliAudit(ctx, store, "keep", fmt.Sprintf("SSDA903 return %d LA %s", *year, *la), "ok", "")
	fmt.Fprintf(stdout, "\nKept the return for LA %s %d in %s, pseudonymised with the key in %s.\n", *la, *year, dbName(*db), path)
	return nil
}

// besideTable finds the council with a DfE LA number and loads the
// published indicators to set its own figures beside; both are nil for a
// number no current council has.
func besideTable(ctx context.Context, store sightline.Store, la string) (*indicators.Table, *sightline.Council, error) {
	reg := geography.Default()
	council := beside.CouncilForLA(reg, la)
	if council == nil {
		return nil, nil, nil
	}
	table, err := indicators.Load(ctx, store, reg)
	return table, council, err
}

// printBeside prints a council's own figures (as DfE would show them)
// beside the published ones, for any return.
// small names the counts the publication suppresses ("1 to 4").
func printBeside(w io.Writer, title, small, la string, council *sightline.Council, rows []beside.Row) error {
	name, code := "LA "+la, ""
	if council != nil {
		name, code = council.Name+" ("+council.Code+")", council.Code
	}
	fmt.Fprintf(w, "%s, %s: figures as DfE would show them (c: %s, suppressed; x: not available; z: not applicable)\n\n", name, title, small)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "INDICATOR\tOWN\tPUBLISHED\tNOTE")
	for _, r := range rows {
		pub := r.Published.Format(r.Decimals)
		if r.Indicator == "" {
			pub = "-"
		} else if r.PublishedArea != code {
			pub += " (England)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Title, r.Own.Format(r.Decimals), pub, truncate(r.Note, 90))
	}
	return tw.Flush()
}

// loadKey reads the pseudonymisation key from path (the default path when
// empty), creating it on first use and saying so, since every command that
// keeps child-level data must use the same key for its pseudonyms to join.
func loadKey(path string, stderr io.Writer) (key []byte, used string, err error) {
	if path == "" {
		if path, err = pseudo.DefaultKeyPath(); err != nil {
			return nil, "", err
		}
	}
	key, created, err := pseudo.LoadOrCreateKey(path)
	if err != nil {
		return nil, "", fmt.Errorf("pseudonymisation key: %w", err)
	}
	if created {
		fmt.Fprintf(stderr, "sightline: created a new pseudonymisation key at %s (mode 0600). Back it up and keep it apart from the database: without it, later returns will not link to this one.\n", path)
	}
	return key, path, nil
}
