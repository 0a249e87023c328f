package main

import (
	"context"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/sightline-uk/sightline/indicators"
)

// sample is one request's outcome.
type sample struct {
	kind  string
	d     time.Duration
	bytes int64
	err   bool
	what  string // for an error: the status or transport error, and the URL
}

// loadMix chooses requests as readers use the site: council pages (40%),
// indicator pages (30%) and API value queries (30%), over every current
// council and indicator. The sequence is the same on every run.
type loadMix struct {
	base     string
	councils []string
	inds     []*indicators.Indicator
	rng      *rand.Rand
}

func newLoadMix(base string, councils []string) *loadMix {
	return &loadMix{base: base, councils: councils, inds: indicators.Catalogue(), rng: rand.New(rand.NewPCG(1, 2))}
}

func (m *loadMix) next() (kind, target string) {
	switch r := m.rng.IntN(10); {
	case r < 4:
		return "council page", m.base + "/councils/" + m.councils[m.rng.IntN(len(m.councils))]
	case r < 7:
		return "indicator page", m.base + "/indicators/" + m.inds[m.rng.IntN(len(m.inds))].ID
	default:
		ind := m.inds[m.rng.IntN(len(m.inds))]
		return "API values", m.base + "/api/v1/values?indicator=" + ind.ID + "&council=" + m.councils[m.rng.IntN(len(m.councils))]
	}
}

// loadClient is the HTTP client both bench and soak use: enough idle
// connections for the rates they offer, a timeout so a stuck request
// counts as an error rather than hanging the run.
func loadClient() *http.Client {
	tr := &http.Transport{MaxIdleConnsPerHost: 512, MaxConnsPerHost: 0, DisableCompression: false}
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

// openLoop sends rate requests a second for dur, each started on schedule
// whether or not earlier ones have finished (so slow responses cannot hide
// queueing), and calls record, from many goroutines, as each completes. A
// request is an error unless it answers 200. It returns when every request
// sent has completed, or stops sending when ctx ends.
func openLoop(ctx context.Context, client *http.Client, rate int, dur time.Duration, next func() (kind, target string), record func(sample)) {
	n := int(math.Round(float64(rate) * dur.Seconds()))
	interval := time.Second / time.Duration(rate)
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < n; i++ {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				wg.Wait()
				return
			}
		}
		kind, target := next()
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			s := sample{kind: kind}
			req, err := http.NewRequestWithContext(ctx, "GET", target, nil)
			var resp *http.Response
			if err == nil {
				req.Header.Set("Accept-Encoding", "gzip")
				resp, err = client.Do(req)
			}
			if err != nil {
				s.err, s.what = true, err.Error()
			} else {
				s.bytes, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					s.err, s.what = true, resp.Status+" "+target
				}
			}
			s.d = time.Since(t0)
			record(s)
		}()
	}
	wg.Wait()
}
