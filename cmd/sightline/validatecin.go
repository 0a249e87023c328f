package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/cin/y2025"
	"github.com/sightline-uk/sightline/rules"
)

// validateCIN checks a CIN census XML file against DfE's rules, telling
// errors (which fail the return) from queries (which ask the council to
// confirm).
func validateCIN(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("validate cin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rf := addReportFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("validate cin: name one CIN census XML file")
	}
	if err := rf.check(); err != nil {
		return err
	}
	start := time.Now()
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return usageError(err.Error())
	}
	ret, err := cin.Read(fs.Arg(0), data)
	if err != nil {
		return err
	}
	set := y2025.Set()
	rep := rules.BuildReport(set, rules.Run(set, ret), ret)
	problems := cin.ValidateSchema(ret.Year, fs.Arg(0), data)
	cin.AddSchemaProblems(rep, ret.File, problems)
	for _, n := range cin.SchemaNotes(problems) {
		fmt.Fprintln(stderr, "sightline:", n)
	}
	title := fmt.Sprintf("CIN census for %d/%02d (LA %s): %d children, %d rules", ret.Year-1, ret.Year%100, ret.LA, ret.T(cin.ChildIdentifiers).Len(), rep.Rules)
	return rf.writeReport(rep, title, time.Since(start), stdout, stderr)
}
