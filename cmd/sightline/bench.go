package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/sightline-uk/sightline/postgres"
)

// cmdBench sends an open-loop load (requests start on schedule whether or
// not earlier ones have finished, so slow responses cannot hide queueing)
// of council pages, indicator pages and API value queries, and reports
// latency percentiles and bytes per page.
func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	rate := fs.Int("rate", 500, "requests per second")
	dur := fs.Duration("duration", 30*time.Second, "how long to send load")
	target := fs.String("url", "", "base URL of a running Sightline (default: start one on loopback)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *rate <= 0 || *dur <= 0 {
		return usageError("bench: --rate and --duration must be positive")
	}
	base := *target
	if base == "" {
		dir, err := os.MkdirTemp("", "sightline-bench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path := *db
		if _, err := os.Stat(path); err != nil && !postgres.IsURL(path) {
			path = filepath.Join(dir, "bench.duckdb")
		}
		start := time.Now()
		srv, store, err := openServer(ctx, path, stderr)
		if err != nil {
			return err
		}
		defer store.Close()
		fmt.Fprintf(stdout, "store ready in %.2fs (%s)\n", time.Since(start).Seconds(), dbName(path))
		n, took := srv.Warm(ctx)
		fmt.Fprintf(stdout, "warmed %d pages in %.2fs\n", n, took.Seconds())
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		sctx, cancel := context.WithCancel(ctx)
		defer cancel()
		go serveUntilDone(sctx, srv, ln)
		base = "http://" + ln.Addr().String()
		codes := []string{}
		for _, c := range srv.State().Councils {
			if c.Current {
				codes = append(codes, c.Code)
			}
		}
		if err := runBench(ctx, base, codes, *rate, *dur, stdout, stderr); err != nil {
			return err
		}
		hits, misses := srv.CacheStats()
		fmt.Fprintf(stdout, "response cache: %d hits, %d misses (rendered on demand)\n", hits, misses)
		return nil
	}
	codes, err := currentCouncils(base)
	if err != nil {
		return err
	}
	return runBench(ctx, base, codes, *rate, *dur, stdout, stderr)
}

// currentCouncils asks a running Sightline for its current councils' codes.
func currentCouncils(base string) ([]string, error) {
	resp, err := http.Get(base + "/api/v1/councils?current=true")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var body struct {
		Councils []struct{ Code string } `json:"councils"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, fmt.Errorf("%s/api/v1/councils: %w", base, err)
	}
	var codes []string
	for _, c := range body.Councils {
		codes = append(codes, c.Code)
	}
	if len(codes) == 0 {
		return nil, fmt.Errorf("%s has no councils", base)
	}
	return codes, nil
}

// runBench offers the load and reports latency percentiles by kind of
// request and bytes per page.
func runBench(ctx context.Context, base string, councils []string, rate int, dur time.Duration, stdout, stderr io.Writer) error {
	client := loadClient()
	// First council page, transferred size with gzip as a browser would ask.
	first, err := pageBytes(client, base+"/councils/"+councils[0])
	if err != nil {
		return err
	}
	n := int(float64(rate) * dur.Seconds())
	samples := make([]sample, 0, n)
	var mu sync.Mutex
	bar := progressbar.NewOptions(n, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("Load"), progressbar.OptionClearOnFinish(), progressbar.OptionSetWidth(30), progressbar.OptionSetVisibility(isTerminal(stderr)))
	start := time.Now()
	openLoop(ctx, client, rate, dur, newLoadMix(base, councils).next, func(s sample) {
		mu.Lock()
		samples = append(samples, s)
		bar.Add(1)
		mu.Unlock()
	})
	bar.Finish()
	elapsed := time.Since(start)
	byKind := map[string][]sample{}
	for _, s := range samples {
		byKind[s.kind] = append(byKind[s.kind], s)
		byKind["all"] = append(byKind["all"], s)
	}
	fmt.Fprintf(stdout, "%d requests in %.1fs (%.0f/s offered %d/s) against %s\n", len(samples), elapsed.Seconds(), float64(len(samples))/elapsed.Seconds(), rate, base)
	fmt.Fprintf(stdout, "%-15s %7s %7s %8s %8s %8s %8s %10s\n", "kind", "n", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "avg bytes")
	for _, k := range []string{"council page", "indicator page", "API values", "all"} {
		ss := byKind[k]
		if len(ss) == 0 {
			continue
		}
		ds := make([]float64, len(ss))
		errs, bytes := 0, int64(0)
		for i, s := range ss {
			ds[i] = float64(s.d.Microseconds()) / 1000
			bytes += s.bytes
			if s.err {
				errs++
			}
		}
		sort.Float64s(ds)
		q := func(p float64) float64 { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
		fmt.Fprintf(stdout, "%-15s %7d %7d %8.1f %8.1f %8.1f %8.1f %10d\n", k, len(ss), errs, q(0.5), q(0.95), q(0.99), ds[len(ds)-1], bytes/int64(len(ss)))
	}
	fmt.Fprintf(stdout, "first council page transferred (gzip, with CSS and JS): %d bytes\n", first)
	return nil
}

// pageBytes fetches a page and the assets it links, gzip-encoded, and adds
// up the bytes on the wire, as a browser with an empty cache would.
func pageBytes(client *http.Client, page string) (int64, error) {
	u, err := url.Parse(page)
	if err != nil {
		return 0, err
	}
	base := u.Scheme + "://" + u.Host
	total := int64(0)
	tr := &http.Transport{DisableCompression: true}
	for _, p := range []string{page, base + "/assets/sightline.css", base + "/assets/govuk-frontend.min.js", base + "/assets/init.js"} {
		req, _ := http.NewRequest("GET", p, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := (&http.Client{Transport: tr}).Do(req)
		if err != nil {
			return 0, err
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return 0, fmt.Errorf("%s: %s", p, resp.Status)
		}
		total += n
	}
	return total, nil
}
