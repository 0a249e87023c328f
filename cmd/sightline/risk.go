package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/sightline-uk/sightline/risk"
)

// riskCmd writes every current council's risk of an inadequate judgement
// at its next inspection, from what was published before --as-of. The CSV
// form (la_code,la_name,risk) is a stable interface for other tools; text
// and JSON add the method and each score's reasons.
func riskCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("risk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	asOfFlag := fs.String("as-of", "", "use only what was published before this date, YYYY-MM-DD (default today)")
	format := fs.String("format", "csv", "csv (la_code,la_name,risk), text or json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("risk: unexpected argument " + strconv.Quote(fs.Arg(0)))
	}
	if *format != "csv" && *format != "text" && *format != "json" {
		return usageError("risk: --format must be csv, text or json")
	}
	asOf, err := parseAsOf(*asOfFlag)
	if err != nil {
		return err
	}
	data, closeStore, err := loadRiskData(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer closeStore()
	res, err := data.Risk(asOf)
	if err != nil {
		return err
	}
	switch *format {
	case "csv":
		return writeRiskCSV(stdout, res)
	case "json":
		return writeRiskJSON(stdout, res)
	}
	return writeRiskText(stdout, res)
}

// parseAsOf reads --as-of; empty means today.
func parseAsOf(s string) (time.Time, error) {
	if s == "" {
		y, m, d := time.Now().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usageError("risk: --as-of must be a date, YYYY-MM-DD: " + strconv.Quote(s))
	}
	return t, nil
}

// loadRiskData opens the store and reads what the risk model needs; an
// empty store is an error that says how to fill it.
func loadRiskData(ctx context.Context, db string, progress io.Writer) (*risk.Data, func(), error) {
	l, err := openLoaded(ctx, db, progress)
	if err != nil {
		return nil, nil, err
	}
	if len(l.judgements) == 0 {
		l.store.Close()
		return nil, nil, fmt.Errorf("%s holds no Ofsted judgements: import the Ofsted ILACS outcomes (sightline import --db %s --snapshot)", db, db)
	}
	data, err := risk.NewData(l.tab, l.reg, l.judgements)
	if err != nil {
		l.store.Close()
		return nil, nil, err
	}
	return data, func() { l.store.Close() }, nil
}

func writeRiskCSV(w io.Writer, res *risk.Result) error {
	scores := append([]risk.Score(nil), res.Scores...)
	sort.Slice(scores, func(i, j int) bool { return scores[i].Council < scores[j].Council })
	cw := csv.NewWriter(w)
	cw.Write([]string{"la_code", "la_name", "risk"})
	for _, s := range scores {
		cw.Write([]string{s.Council, s.Name, strconv.FormatFloat(s.Risk, 'f', 4, 64)})
	}
	cw.Flush()
	return cw.Error()
}

type riskJSON struct {
	AsOf        string       `json:"as_of"`
	Method      risk.Method  `json:"method"`
	Description string       `json:"description"`
	Reason      string       `json:"reason"`
	Scores      []risk.Score `json:"scores"`
}

func writeRiskJSON(w io.Writer, res *risk.Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(riskJSON{AsOf: res.AsOf.Format(time.DateOnly), Method: res.Method, Description: res.Describe, Reason: res.Reason, Scores: res.Scores})
}

// reasonsShown is how many reasons the text form gives for each council.
const reasonsShown = 3

func writeRiskText(w io.Writer, res *risk.Result) error {
	fmt.Fprintf(w, "Risk of an inadequate judgement at the next ILACS inspection, using only what was published before %s.\n", res.AsOf.Format("2 January 2006"))
	fmt.Fprintf(w, "Method: %s — %s.\n", res.Method, res.Describe)
	fmt.Fprintf(w, "Why this method: %s\n\n", res.Reason)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\tla_code\tla_name\trisk\treasons")
	for i, s := range res.Scores {
		reasons := s.Contributions
		if len(reasons) > reasonsShown {
			reasons = reasons[:reasonsShown]
		}
		first := ""
		if len(reasons) > 0 {
			first = reasons[0].Text
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.3f\t%s\n", i+1, s.Council, s.Name, s.Risk, first)
		for _, r := range reasons[min(1, len(reasons)):] {
			fmt.Fprintf(tw, "\t\t\t\t%s\n", r.Text)
		}
	}
	return tw.Flush()
}
