package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sightline-uk/sightline/export"
	"github.com/sightline-uk/sightline/rules"
	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/ssda903/onspd"
	"github.com/sightline-uk/sightline/ssda903/providers"
	"github.com/sightline-uk/sightline/ssda903/rulesets"
)

// errFindings makes validate exit 1 when the return has errors, so scripts
// can gate on it, while still writing the report.
type errFindings int

func (e errFindings) Error() string { return fmt.Sprintf("%d errors found", int(e)) }

func cmdValidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	switch {
	case len(args) > 0 && args[0] == "903":
		return validate903(args[1:], stdout, stderr)
	case len(args) > 0 && strings.EqualFold(args[0], "cin"):
		return validateCIN(args[1:], stdout, stderr)
	}
	return usageError("validate: say which return: sightline validate 903 FILES… or sightline validate cin FILE.xml")
}

// reportFlags are the output flags every validate command shares.
type reportFlags struct{ format, out *string }

func addReportFlags(fs *flag.FlagSet) reportFlags {
	return reportFlags{
		format: fs.String("format", "text", "text, csv, json or xlsx"),
		out:    fs.String("out", "", "write the report to this file (default: standard output; needed for xlsx)"),
	}
}

func (f reportFlags) check() error {
	if *f.format != "text" && *f.format != "csv" && *f.format != "json" && *f.format != "xlsx" {
		return usageError("validate: --format must be text, csv, json or xlsx")
	}
	if *f.format == "xlsx" && *f.out == "" {
		return usageError("validate: --out FILE is needed for xlsx")
	}
	return nil
}

// writeReport writes a report in the chosen format; text writes title, the
// summary and every finding. It returns errFindings when the return has
// errors (queries alone do not fail it), after writing the report.
func (f reportFlags) writeReport(rep *rules.Report, title string, took time.Duration, stdout, stderr io.Writer) error {
	var w io.Writer = stdout
	if *f.out != "" {
		file, err := os.Create(*f.out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	var err error
	switch *f.format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		findings := rep.Findings
		if findings == nil {
			findings = []rules.Finding{}
		}
		err = enc.Encode(findings)
	case "csv":
		err = export.WriteCSV(w, export.Findings(rep))
	case "xlsx":
		err = export.WriteXLSX(w, export.Findings(rep))
	default:
		err = writeText(w, rep, title, took)
	}
	if err != nil {
		return err
	}
	for _, b := range rep.Broken {
		fmt.Fprintf(stderr, "sightline: %v (rule skipped; please report it)\n", b.Err)
	}
	errs, queries := rep.Counts()
	if *f.format != "text" {
		fmt.Fprintf(stderr, "%d errors and %d queries from %d rules in %s\n", errs, queries, len(rep.Summary), took.Round(time.Millisecond))
	}
	if errs > 0 {
		return errFindings(errs)
	}
	return nil
}

func validate903(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("validate 903", flag.ContinueOnError)
	fs.SetOutput(stderr)
	year := fs.Int("year", 2025, "collection year, by the year it ends: 2025 is 1 April 2024 to 31 March 2025")
	la := fs.String("la", "", "the council's three-digit DfE LA number")
	rf := addReportFlags(fs)
	var previous, earlier listFlag
	fs.Var(&previous, "previous", "a file of the previous year's return (repeatable)")
	fs.Var(&earlier, "earlier", "an episodes table from a year before the previous one (repeatable), so rules 1001 and 1002 can see care that ended before last year")
	providerFile := fs.String("providers", "", "Ofsted's provider register as CSV (see ssda903/providers); without it the URN rules are not checked")
	postcodeFile := fs.String("postcodes", "", "the ONS Postcode Directory CSV (ONSPD, or its zip); without it the placement area and distance rules are not checked")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError("validate 903: name the return's files (CSV tables or an XML file)")
	}
	if err := rf.check(); err != nil {
		return err
	}
	start := time.Now()
	ret, err := readWithPrevious(*year, *la, fs.Args(), previous)
	if err != nil {
		return err
	}
	if err := addEarlier(ret, earlier); err != nil {
		return err
	}
	if *providerFile != "" {
		reg, err := providers.Load(*providerFile)
		if err != nil {
			return err
		}
		ret.ProviderRegister = reg
	}
	if *postcodeFile != "" {
		dir, err := onspd.Load(*postcodeFile)
		if err != nil {
			return err
		}
		ret.PostcodeDirectory = dir
		if *la == "" {
			fmt.Fprintln(stderr, "sightline: without --la, rules comparing placements with the council's own area (1015, 411, 503J) check nothing")
		}
	}
	set, note := rulesets.ForYear(*year)
	if note != "" {
		fmt.Fprintln(stderr, "sightline:", note)
	}
	results := rules.Run(set, ret)
	rep := rules.BuildReport(set, results, ret)
	title := fmt.Sprintf("SSDA903 return for %d/%02d: %d children, %d rules (%s rule set)", ret.Year-1, ret.Year%100, ret.T(ssda903.Header).Len(), rep.Rules, rep.RuleSet)
	return rf.writeReport(rep, title, time.Since(start), stdout, stderr)
}

// readWithPrevious reads a council's return for year from paths and, when
// previous names any files, the year before's from those, for the rules
// that compare years.
func readWithPrevious(year int, la string, paths, previous []string) (*ssda903.Return, error) {
	ret, err := readReturn(year, la, paths)
	if err != nil {
		return nil, err
	}
	if len(previous) > 0 {
		prev, err := readReturn(year-1, la, previous)
		if err != nil {
			return nil, err
		}
		ret.SetPrevious(prev)
	}
	return ret, nil
}

// addEarlier attaches episodes tables from years before the previous one.
func addEarlier(ret *ssda903.Return, paths []string) error {
	files, err := readFiles(paths)
	if err != nil {
		return err
	}
	return ret.AddEarlier(files)
}

func readFiles(paths []string) ([]ssda903.File, error) {
	var files []ssda903.File
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, usageError(err.Error())
		}
		files = append(files, ssda903.File{Name: p, Data: data})
	}
	return files, nil
}

func readReturn(year int, la string, paths []string) (*ssda903.Return, error) {
	files, err := readFiles(paths)
	if err != nil {
		return nil, err
	}
	return ssda903.ReadFiles(year, la, files)
}

func writeText(w io.Writer, rep *rules.Report, title string, took time.Duration) error {
	fmt.Fprintf(w, "%s in %s\n", title, took.Round(time.Millisecond))
	writeNotChecked(w, rep)
	if len(rep.Findings) == 0 {
		fmt.Fprintln(w, "No errors.")
		return nil
	}
	errs, queries := rep.Counts()
	fmt.Fprintf(w, "%d errors and %d queries from %d rules, affecting %d children\n\n", errs, queries, len(rep.Summary), len(rep.ByChild()))
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tKIND\tROWS\tCHILDREN\tMESSAGE")
	for _, s := range rep.Summary {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", s.Rule, s.Kind, s.Rows, s.Records, truncate(s.Message, 100))
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tTABLE\tFILE:ROW\tCHILD\tFIELDS")
	for _, f := range rep.Findings {
		fmt.Fprintf(tw, "%s\t%s\t%s:%d\t%s\t%s\n", f.Rule, f.Table, f.File, f.Row, f.Child, strings.Join(f.Fields, ", "))
	}
	return tw.Flush()
}

// referenceFlags says how to supply the reference data a skipped rule needed.
var referenceFlags = map[string]string{
	ssda903.NeedPostcodes: "the ONS Postcode Directory (--postcodes)",
	ssda903.NeedProviders: "Ofsted's provider register (--providers)",
}

// writeNotChecked lists the rules skipped for want of reference data, by
// the data they need, so a report never passes them silently.
func writeNotChecked(w io.Writer, rep *rules.Report) {
	by := map[string][]string{}
	var needs []string
	for _, r := range rep.NotChecked {
		if by[r.Skipped] == nil {
			needs = append(needs, r.Skipped)
		}
		by[r.Skipped] = append(by[r.Skipped], r.Code)
	}
	for _, n := range needs {
		what := referenceFlags[n]
		if what == "" {
			what = n
		}
		fmt.Fprintf(w, "Not checked, for want of %s: %d rules (%s)\n", what, len(by[n]), strings.Join(by[n], ", "))
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}
