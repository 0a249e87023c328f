// Package check reads and checks CIN census files, one council's or a
// whole country's, against the year's XML schema and DfE's rules, in one
// pass over each file.
package check

import (
	"bytes"
	"fmt"
	"os"
	"sync"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/cin"
	"github.com/sightline-uk/sightline/cin/y2025"
	"github.com/sightline-uk/sightline/rules"
)

// Result is one census file's check. The return itself is not kept, so
// that checking every council's census holds only the reports.
type Result struct {
	Path     string
	LA       string
	Year     int
	Children int // child identifiers in the file
	Episodes int // CIN episodes
	Report   *rules.Report
	// Notes describe the check rather than the file (the schema that
	// stood in for a year without one).
	Notes []string
	// Err is set when the file could not be read as a census at all; it
	// names the file, line and element.
	Err error
}

// Data checks one census file held in memory. The data may be reused once
// Data returns: nothing in the result refers to it.
func Data(name string, data []byte) Result {
	res, _ := dataKeep(name, data)
	return res
}

// Return checks one census file and gives its return as well, for callers
// that show the rows the findings point at.
func Return(name string, data []byte) (Result, *cin.Return) {
	return dataKeep(name, data)
}

func dataKeep(name string, data []byte) (Result, *cin.Return) {
	res := Result{Path: name}
	ret, problems, err := cin.ReadChecked(name, data)
	if err != nil {
		res.Err = err
		return res, nil
	}
	set := y2025.Set()
	res.Report = rules.BuildReport(set, rules.Run(set, ret), ret)
	cin.AddSchemaProblems(res.Report, ret.File, problems)
	res.Notes = cin.SchemaNotes(problems)
	res.LA, res.Year = ret.LA, ret.Year
	res.Children, res.Episodes = ret.T(cin.ChildIdentifiers).Len(), ret.T(cin.CINdetails).Len()
	return res, ret
}

// Files checks census files on workers goroutines (at least one) and calls
// done with each file's index and result as it finishes, one call at a
// time. Each worker reads its files into one buffer it reuses: the files
// of a national census come to about a gigabyte, and allocating each anew
// would mostly make work for the garbage collector.
func Files(paths []string, workers int, done func(i int, r Result)) {
	workers = max(1, min(workers, len(paths)))
	next := make(chan int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for i := range next {
				res := Result{Path: paths[i]}
				if err := readInto(&buf, paths[i]); err != nil {
					res.Err = err
				} else {
					res = Data(paths[i], buf.Bytes())
				}
				mu.Lock()
				done(i, res)
				mu.Unlock()
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
}

// readInto reads a file into buf, replacing what it held, and refuses a
// file larger than a census can be before reading it.
func readInto(buf *bytes.Buffer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	buf.Reset()
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		if st.Size() > int64(cin.MaxFileBytes) {
			return &sightline.InputError{File: path, Msg: fmt.Sprintf("the file is %d MB; a CIN census is far smaller (at most %d MB read)", st.Size()>>20, cin.MaxFileBytes>>20)}
		}
		buf.Grow(int(st.Size()) + 1)
	}
	_, err = buf.ReadFrom(f)
	return err
}
