package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/cin/measure"
	"github.com/sightline-uk/sightline/returns/figures"
	"github.com/sightline-uk/sightline/ssda903/beside"
)

// cmdKeepCIN reads a council's CIN census, prints its own indicators
// (suppressed as DfE suppresses the Children in need tables) beside the
// published ones, and keeps the census in the database pseudonymised under
// the same key as the council's SSDA903 returns, so a child's records link.
// The council and year come from the census header.
func cmdKeepCIN(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("keep cin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	keyFile := fs.String("key-file", "", "pseudonymisation key file, created (mode 0600) on first use; default $XDG_CONFIG_HOME/sightline/903.key, shared with keep 903")
	population := fs.Float64("population", 0, "ONS mid-year estimate of children aged 0 to 17 for the year before, for rates per 10,000")
	previousFile := fs.String("previous", "", "the previous year's CIN census XML, so every re-referral within 12 months can be checked")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("keep cin: name one CIN census XML file: sightline keep cin [--key-file F] [--previous LAST.xml] [--population N] FILE.xml")
	}
	ret, err := readCensus(fs.Arg(0))
	if err != nil {
		return err
	}
	if !laRe.MatchString(ret.LA) || ret.Year == 0 {
		return usageError(fmt.Sprintf("keep cin: %s's header must give the council's three-digit LA number (LEA, here %q) and a ReferenceDate", fs.Arg(0), ret.LA))
	}
	opt := measure.Options{Population: *population}
	if *previousFile != "" {
		prev, err := readCensus(*previousFile)
		if err != nil {
			return err
		}
		if prev.LA != ret.LA || prev.Year != ret.Year-1 {
			return usageError(fmt.Sprintf("keep cin: --previous is LA %s's census for %d; the previous year's is LA %s's for %d", prev.LA, prev.Year, ret.LA, ret.Year-1))
		}
		opt.Previous = prev
	}
	key, path, err := loadKey(*keyFile, stderr)
	if err != nil {
		return err
	}
	results := measure.Compute(ret, opt)

	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	table, council, err := besideTable(ctx, store, ret.LA)
	if err != nil {
		return err
	}
	code := ""
	if council != nil {
		code = council.Code
	}
	figs := make([]figures.Figure, len(results))
	for i, r := range results {
		figs[i] = r.Figure()
	}
	title := fmt.Sprintf("CIN census for %d/%02d", ret.Year-1, ret.Year%100)
	if err := printBeside(stdout, title, "1 to 5", ret.LA, council, beside.CompareFigures(figs, table, code)); err != nil {
		return err
	}
	if err := store.KeepCIN(ctx, ret.LA, ret.Year, ret, key, results...); err != nil {
		cliAudit(ctx, store, "keep", fmt.Sprintf("CIN census %d LA %s", ret.Year, ret.LA), "failed", err.Error())
		return err
	}
	cliAudit(ctx, store, "keep", fmt.Sprintf("CIN census %d LA %s", ret.Year, ret.LA), "ok", "")
	fmt.Fprintf(stdout, "\nKept the CIN census for LA %s %d in %s, pseudonymised with the key in %s.\n", ret.LA, ret.Year, dbName(*db), path)
	return nil
}

// readCensus reads a CIN census XML file.
func readCensus(path string) (*cin.Return, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageError(err.Error())
	}
	return cin.Read(path, data)
}
