package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sightline-uk/sightline/synth/cinsynth"
	"github.com/sightline-uk/sightline/synth/synthkit"
)

// cmdSynthCIN writes synthetic CIN censuses, one XML file per council, for
// trying validation, reports and performance without real children's data.
func cmdSynthCIN(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("synth cin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	las := fs.Int("las", 0, "how many councils, in LA-number order (0: all 153)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed writes the same censuses")
	out := fs.String("out", "", "folder to write the censuses to (one XML file per council)")
	year := fs.Int("year", 2025, "census year, by the year it ends: 2025 is 1 April 2024 to 31 March 2025")
	plantSpec := fs.String("plant", "", "errors to plant in each council, as RULE=N,RULE=N (e.g. 8600=3,8875=2)")
	var councils listFlag
	fs.Var(&councils, "council", "only these councils, by ONS code, LA number or name slug (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return usageError("synth cin: --out DIR is needed")
	}
	plant, err := parsePlant("synth cin", "8600=3,8875=2", *plantSpec, cinsynth.PlantableCodes())
	if err != nil {
		return err
	}
	all, err := cinsynth.Councils(*year)
	if err != nil {
		return err
	}
	cs := synthkit.Pick(all, councils, *las, cinsynth.Volumes.IDs)
	if len(cs) == 0 {
		return usageError("synth cin: no council matches --council")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	start := time.Now()
	var (
		children, episodes int
		planted            [][]string
	)
	type written struct {
		name string
		c    cinsynth.Council
	}
	err = eachCouncil(ctx, stderr, cs, func(v cinsynth.Volumes) string { return v.Name },
		func(v cinsynth.Volumes) (written, error) {
			res, err := cinsynth.Generate(cinsynth.Options{Seed: *seed, Year: *year, Plant: plant, CodeFilter: []string{v.LA}})
			if err != nil {
				return written{}, err
			}
			name := v.LA + "_" + v.Slug() + ".xml"
			return written{name, res[0]}, os.WriteFile(filepath.Join(*out, name), res[0].XML(), 0o644)
		},
		func(w written) {
			children += w.c.Stats.Children
			episodes += w.c.Stats.Episodes
			for _, p := range w.c.Planted {
				planted = append(planted, []string{w.name, p.Code, p.Table, strconv.Itoa(p.Row), p.Child, strings.Join(p.Others, " "), strings.Join(p.Also, " ")})
			}
		})
	if err != nil {
		return err
	}
	// Councils finish in any order; listing by file makes the list the
	// same on every run with the same seed, as the files are.
	slices.SortStableFunc(planted, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	if len(planted) > 0 {
		// Tab-separated, beside the XML files, so validating *.xml skips it.
		header := []string{"file", "rule", "table", "row", "child", "others", "also"}
		if err := writeRows(filepath.Join(*out, "planted.tsv"), header, planted, '\t'); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Wrote %d councils' %d/%02d CIN censuses to %s: %d children, %d CIN episodes", len(cs), *year-1, *year%100, *out, children, episodes)
	if len(planted) > 0 {
		fmt.Fprintf(stdout, ", %d planted errors (listed in planted.tsv)", len(planted))
	}
	fmt.Fprintf(stdout, " in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}
