package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/schollz/progressbar/v3"
)

// eachCouncil runs work for every council, as many at once as there are
// cores, with a progress bar on stderr naming the council just done. Each
// council is worked on its own, so memory stays at a few councils' worth
// however many there are. tally gets each council's result, one at a time
// (so it needs no lock). No new council is started once ctx ends; the
// first error, or ctx's, is returned.
func eachCouncil[C, R any](ctx context.Context, stderr io.Writer, cs []C, name func(C) string, work func(C) (R, error), tally func(R)) error {
	bar := progressbar.NewOptions(len(cs), progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("Generating"),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionSetWidth(30),
		progressbar.OptionSetVisibility(isTerminal(stderr)))
	var (
		mu       sync.Mutex
		done     int
		firstErr error
	)
	next := make(chan C)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				res, err := work(c)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				if err == nil {
					tally(res)
				}
				done++
				bar.Describe(fmt.Sprintf("Generating %-30.30s", name(c)))
				bar.Set(done)
				mu.Unlock()
			}
		}()
	}
	for _, c := range cs {
		if ctx.Err() != nil {
			break
		}
		next <- c
	}
	close(next)
	wg.Wait()
	bar.Finish()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}
