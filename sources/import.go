package sources

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
	"github.com/sightline-uk/sightline/snapshot"
)

// Input is one file to import: its name (for messages) and a way to read it.
type Input struct {
	Name string
	Read func() ([]byte, error)
}

// Result says what importing one file did.
type Result struct {
	File         string
	Dataset      string
	Changed      bool // false: the same file was already imported
	Observations int
}

// Progress is told after each file is imported.
type Progress func(done, total int, file string)

// Import reads and imports files. Files are parsed concurrently but imported
// one at a time, each in its own transaction: a bad file is rejected whole and
// the files before it stay imported. It stops at the first error.
func Import(ctx context.Context, store sightline.Store, reg *geography.Register, inputs []Input, progress Progress) ([]Result, error) {
	type parsed struct {
		batch *sightline.Batch
		err   error
	}
	out := make([]chan parsed, len(inputs))
	for i := range out {
		out[i] = make(chan parsed, 1)
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	defer wg.Wait() // runs after cancel below, so waiting parsers give up
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for i, in := range inputs {
		wg.Add(1)
		go func(i int, in Input) {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				out[i] <- parsed{err: ctx.Err()}
				return
			}
			defer func() { <-sem }()
			data, err := in.Read()
			if err != nil {
				out[i] <- parsed{err: &sightline.InputError{File: in.Name, Msg: err.Error()}}
				return
			}
			b, err := Read(in.Name, data, reg)
			out[i] <- parsed{batch: b, err: err}
		}(i, in)
	}
	var results []Result
	for i, in := range inputs {
		p := <-out[i]
		if p.err != nil {
			return results, p.err
		}
		changed, err := store.Import(ctx, p.batch)
		if err != nil {
			return results, fmt.Errorf("%s: %w", in.Name, err)
		}
		results = append(results, Result{File: in.Name, Dataset: p.batch.Dataset.ID, Changed: changed, Observations: len(p.batch.Observations)})
		if progress != nil {
			progress(i+1, len(inputs), in.Name)
		}
	}
	return results, nil
}

// SnapshotInputs are the bundled England files as inputs.
func SnapshotInputs() []Input {
	var in []Input
	for _, f := range snapshot.Files() {
		in = append(in, Input{Name: f.Name, Read: f.Read})
	}
	return in
}
