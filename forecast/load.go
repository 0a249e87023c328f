package forecast

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/ssda903"
)

var yearInName = regexp.MustCompile(`(?:19|20)\d\d`)

// ReadYears groups a council's yearly SSDA903 CSV tables by the year in
// each file's name (2020-episodes.csv, episodes_2020.csv): analysts keep
// one folder of tables per council. Tables are recognised by their
// columns; tables other than episodes and header are not needed and are
// listed in skipped. What each year covers is inferred from its dates
// (BuildHistory says so).
func ReadYears(files []ssda903.File) (years []YearTables, skipped []string, err error) {
	by := map[int]*YearTables{}
	for _, f := range files {
		base := path.Base(f.Name)
		t, err := ssda903.ReadCSV(f.Name, f.Data)
		if err != nil {
			return nil, nil, err
		}
		if t.Name != ssda903.Episodes && t.Name != ssda903.Header {
			skipped = append(skipped, base)
			continue
		}
		ys := yearInName.FindAllString(base, -1)
		if len(ys) != 1 {
			return nil, nil, &sightline.InputError{File: f.Name, Msg: "cannot tell which year this table is for: put one four-digit year in its name, as in 2020-episodes.csv"}
		}
		y, _ := strconv.Atoi(ys[0])
		yt := by[y]
		if yt == nil {
			yt = &YearTables{Name: ys[0]}
			by[y] = yt
		}
		slot := &yt.Episodes
		if t.Name == ssda903.Header {
			slot = &yt.Header
		}
		if *slot != nil {
			return nil, nil, &sightline.InputError{File: f.Name, Msg: fmt.Sprintf("a %s table for %s was already read from %s", t.Name, ys[0], (*slot).File)}
		}
		*slot = t
	}
	var keys []int
	for y := range by {
		keys = append(keys, y)
	}
	sort.Ints(keys)
	for _, y := range keys {
		yt := by[y]
		if yt.Episodes == nil {
			return nil, nil, &sightline.InputError{File: yt.Header.File, Msg: fmt.Sprintf("there is a header table for %d but no episodes table", y)}
		}
		years = append(years, *yt)
	}
	if len(years) == 0 {
		return nil, skipped, fmt.Errorf("no episodes tables among the files")
	}
	return years, skipped, nil
}

//go:embed testdata/multiyear_2017_2021/*.csv
var multiyear embed.FS

// BundledYears are the five years of a fictional council's tables bundled
// with Sightline (fake data, MIT licence; see
// testdata/multiyear_2017_2021/README.md), on which the model is
// backtested.
func BundledYears() ([]YearTables, error) {
	names, err := fs.Glob(multiyear, "testdata/multiyear_2017_2021/*.csv")
	if err != nil {
		return nil, err
	}
	var files []ssda903.File
	for _, n := range names {
		b, err := multiyear.ReadFile(n)
		if err != nil {
			return nil, err
		}
		files = append(files, ssda903.File{Name: path.Base(n), Data: b})
	}
	years, _, err := ReadYears(files)
	return years, err
}
