package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sightline-uk/sightline/ssda903"
	"github.com/sightline-uk/sightline/synth"
	"github.com/sightline-uk/sightline/synth/synthkit"
)

// cmdSynth writes synthetic SSDA903 returns, one folder per council, for
// trying validation, reports and performance without real children's data.
func cmdSynth(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "cin" {
		return cmdSynthCIN(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "people" {
		return cmdSynthPeople(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "903" {
		return usageError("synth: say what to write: sightline synth 903|cin|people --out DIR")
	}
	fs := flag.NewFlagSet("synth 903", flag.ContinueOnError)
	fs.SetOutput(stderr)
	las := fs.Int("las", 0, "how many councils, in LA-number order (0: all 153)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed writes the same returns")
	out := fs.String("out", "", "folder to write the returns to (one sub-folder per council)")
	year := fs.Int("year", 2025, "collection year, by the year it ends: 2025 is 1 April 2024 to 31 March 2025")
	plantSpec := fs.String("plant", "", "errors to plant in each council, as RULE=N,RULE=N (e.g. 101=3,142=2)")
	var councils listFlag
	fs.Var(&councils, "council", "only these councils, by ONS code, LA number or name slug (repeatable)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return usageError("synth 903: --out DIR is needed")
	}
	plant, err := parsePlant("synth", "101=3,142=2", *plantSpec, synth.PlantableCodes())
	if err != nil {
		return err
	}
	all, err := synth.Councils(*year)
	if err != nil {
		return err
	}
	cs := synthkit.Pick(all, councils, *las, synth.Council.IDs)
	if len(cs) == 0 {
		return usageError("synth 903: no council matches --council")
	}
	start := time.Now()
	var children, episodes, planted int
	err = eachCouncil(ctx, stderr, cs, func(c synth.Council) string { return c.Name },
		func(c synth.Council) (synth.Council903, error) {
			res, err := synth.Generate903(synth.Options{Seed: *seed, Year: *year, Plant: plant, CodeFilter: []string{c.LA}})
			if err != nil {
				return synth.Council903{}, err
			}
			return res[0], writeCouncil(*out, res[0])
		},
		func(c synth.Council903) {
			children += c.Stats.Children
			episodes += c.Stats.Episodes
			planted += len(c.Planted)
		})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %d councils' %d/%02d returns to %s: %d children, %d episodes", len(cs), *year-1, *year%100, *out, children, episodes)
	if planted > 0 {
		fmt.Fprintf(stdout, ", %d planted errors (listed in each folder's planted.tsv)", planted)
	}
	fmt.Fprintf(stdout, " in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// parsePlant reads RULE=N,RULE=N for command cmd (named in its errors,
// with example as a sample). A code is matched to plantable regardless of
// case and kept in plantable's spelling, so the generator finds it.
func parsePlant(cmd, example, s string, plantable []string) (map[string]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	out := map[string]int{}
	for _, part := range strings.Split(s, ",") {
		code, n, ok := strings.Cut(strings.TrimSpace(part), "=")
		code = strings.TrimSpace(code)
		count, err := strconv.Atoi(strings.TrimSpace(n))
		if !ok || err != nil || count < 1 || code == "" {
			return nil, usageError(fmt.Sprintf("%s: --plant wants RULE=N pairs such as %s, not %q", cmd, example, part))
		}
		i := slices.IndexFunc(plantable, func(c string) bool { return strings.EqualFold(c, code) })
		if i < 0 {
			return nil, usageError(fmt.Sprintf("%s: cannot plant errors for rule %s; plantable rules are %s", cmd, code, strings.Join(plantable, ", ")))
		}
		out[plantable[i]] += count
	}
	return out, nil
}

// writeCouncil writes a council's tables as CSV in DIR/<la>_<slug>/, the
// previous year's in its previous/ folder, the episodes of the years before
// in earlier/, and the planted errors.
func writeCouncil(root string, c synth.Council903) error {
	dir := filepath.Join(root, c.LA+"_"+c.Slug())
	if err := os.MkdirAll(filepath.Join(dir, "previous"), 0o755); err != nil {
		return err
	}
	for _, name := range synth.GeneratedTables {
		if err := writeTable(filepath.Join(dir, synth.Files[name]), c.Return.Tables[name]); err != nil {
			return err
		}
	}
	for name, t := range c.Return.Last {
		if err := writeTable(filepath.Join(dir, "previous", synth.Files[name]), t); err != nil {
			return err
		}
	}
	if c.Return.Earlier != nil {
		if err := os.MkdirAll(filepath.Join(dir, "earlier"), 0o755); err != nil {
			return err
		}
		if err := writeTable(filepath.Join(dir, "earlier", synth.Files[ssda903.Episodes]), c.Return.Earlier); err != nil {
			return err
		}
	}
	if len(c.Planted) == 0 {
		return nil
	}
	rows := [][]string{{"rule", "table", "file", "line", "child", "also"}}
	for _, p := range c.Planted {
		rows = append(rows, []string{p.Code, p.Table, synth.Files[p.Table], strconv.Itoa(p.Row + 2), p.Child, strings.Join(p.Also, " ")})
	}
	// Tab-separated, so that validating the folder's *.csv skips it.
	return writeRows(filepath.Join(dir, "planted.tsv"), rows[0], rows[1:], '\t')
}

func writeTable(path string, t *ssda903.Table) error {
	return writeRows(path, t.Columns, t.Rows, ',')
}

func writeRows(path string, header []string, rows [][]string, comma rune) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	w := csv.NewWriter(bw)
	w.Comma = comma
	w.Write(header)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
