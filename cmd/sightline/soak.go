package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sightline-uk/sightline/postgres"
)

// cmdSoak holds a steady open-loop load on Sightline for minutes, sampling
// its memory as it goes, and passes only if no request failed and memory
// stayed flat: leaks and slow failures show over minutes, not in the
// seconds a benchmark runs.
func cmdSoak(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	rate := fs.Int("rate", 200, "requests per second")
	dur := fs.Duration("duration", 5*time.Minute, "how long to hold the load")
	every := fs.Duration("every", 5*time.Second, "how often to sample memory and print a row")
	target := fs.String("url", "", "base URL of a running Sightline (default: start one in this process on loopback)")
	pid := fs.Int("pid", 0, "with --url, the server's process id, to sample its resident memory")
	maxGrowth := fs.Float64("max-growth", 10, "percent of resident memory the run may gain (see the verdict)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *rate <= 0 || *dur <= 0 || *every <= 0 {
		return usageError("soak: --rate, --duration and --every must be positive")
	}
	// At least ten samples, so each fifth of the run has two.
	if *every > *dur/10 {
		*every = max(*dur/10, 100*time.Millisecond)
	}
	var mem func() (heap, rss int64)
	var base string
	var councils []string
	if *target == "" {
		dir, err := os.MkdirTemp("", "sightline-soak")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path := *db
		if _, err := os.Stat(path); err != nil && !postgres.IsURL(path) {
			path = filepath.Join(dir, "soak.duckdb")
		}
		srv, store, err := openServer(ctx, path, stderr)
		if err != nil {
			return err
		}
		defer store.Close()
		srv.Warm(ctx)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		sctx, cancel := context.WithCancel(ctx)
		defer cancel()
		go serveUntilDone(sctx, srv, ln)
		base = "http://" + ln.Addr().String()
		for _, c := range srv.State().Councils {
			if c.Current {
				councils = append(councils, c.Code)
			}
		}
		mem = func() (int64, int64) {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			rss, _ := residentBytes("/proc/self/status")
			return int64(ms.HeapInuse), rss
		}
		fmt.Fprintf(stdout, "soak: %d requests/s for %v against this process (%s), memory sampled every %v\n", *rate, *dur, base, *every)
	} else {
		base = strings.TrimSuffix(*target, "/")
		var err error
		if councils, err = currentCouncils(base); err != nil {
			return err
		}
		if *pid > 0 {
			status := fmt.Sprintf("/proc/%d/status", *pid)
			if _, err := residentBytes(status); err != nil {
				return fmt.Errorf("soak: --pid %d: %w", *pid, err)
			}
			mem = func() (int64, int64) {
				rss, _ := residentBytes(status)
				return -1, rss
			}
		}
		fmt.Fprintf(stdout, "soak: %d requests/s for %v against %s", *rate, *dur, base)
		if mem != nil {
			fmt.Fprintf(stdout, " (process %d), memory sampled every %v\n", *pid, *every)
		} else {
			fmt.Fprintln(stdout, "; no --pid, so memory is not sampled")
		}
	}
	rep := runSoak(ctx, base, councils, *rate, *dur, *every, mem, stdout)
	return rep.verdict(stdout, *maxGrowth)
}

// residentBytes reads VmRSS from a /proc status file.
func residentBytes(status string) (int64, error) {
	f, err := os.Open(status)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			fields := strings.Fields(rest)
			if len(fields) == 2 && fields[1] == "kB" {
				kb, err := strconv.ParseInt(fields[0], 10, 64)
				return kb << 10, err
			}
		}
	}
	return 0, fmt.Errorf("%s: no VmRSS", status)
}

// latencies is a histogram with buckets 2% apart, so a soak's memory does
// not grow with the number of requests it has sent.
type latencies struct{ counts map[int]int64 }

func (l *latencies) add(d time.Duration) {
	if l.counts == nil {
		l.counts = map[int]int64{}
	}
	l.counts[int(math.Log(float64(max(d.Microseconds(), 1)))/math.Log(1.02))]++
}

// quantile is the upper edge of the bucket holding quantile q, in ms.
func (l *latencies) quantile(q float64) float64 {
	var total int64
	keys := make([]int, 0, len(l.counts))
	for k, c := range l.counts {
		keys = append(keys, k)
		total += c
	}
	if total == 0 {
		return math.NaN()
	}
	sort.Ints(keys)
	var seen int64
	for _, k := range keys {
		seen += l.counts[k]
		if float64(seen) >= q*float64(total) {
			return math.Pow(1.02, float64(k+1)) / 1000
		}
	}
	return math.Pow(1.02, float64(keys[len(keys)-1]+1)) / 1000
}

// memSample is memory at a moment of the run; heap is -1 when only the
// resident size of another process is known.
type memSample struct {
	at        time.Duration
	heap, rss int64
}

// soakReport is what a soak measured.
type soakReport struct {
	dur      time.Duration
	requests int64
	errors   int64
	firstErr []string
	lat      latencies
	mem      []memSample
}

// runSoak holds the load and prints a row every interval: requests and
// errors in it, its median and 99th percentile, and memory.
func runSoak(ctx context.Context, base string, councils []string, rate int, dur, every time.Duration, mem func() (heap, rss int64), stdout io.Writer) *soakReport {
	rep := &soakReport{dur: dur}
	var mu sync.Mutex
	var win latencies
	var winReq, winErr int64
	start := time.Now()
	row := func() {
		at := time.Since(start)
		mu.Lock()
		n, e, p50, p99 := winReq, winErr, win.quantile(0.5), win.quantile(0.99)
		win, winReq, winErr = latencies{}, 0, 0
		mu.Unlock()
		line := fmt.Sprintf("%7.0fs %9d %7d %8s %8s", at.Seconds(), n, e, "-", "-")
		if n > 0 {
			line = fmt.Sprintf("%7.0fs %9d %7d %8.1f %8.1f", at.Seconds(), n, e, p50, p99)
		}
		if mem != nil {
			heap, rss := mem()
			rep.mem = append(rep.mem, memSample{at: at, heap: heap, rss: rss})
			if heap >= 0 {
				line += fmt.Sprintf(" %9.1f", float64(heap)/(1<<20))
			} else {
				line += fmt.Sprintf(" %9s", "-")
			}
			line += fmt.Sprintf(" %9.1f", float64(rss)/(1<<20))
		}
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintf(stdout, "%8s %9s %7s %8s %8s %9s %9s\n", "time", "requests", "errors", "p50 ms", "p99 ms", "heap MiB", "RSS MiB")
	row()
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				row()
			case <-done:
				return
			}
		}
	}()
	openLoop(ctx, loadClient(), rate, dur, newLoadMix(base, councils).next, func(s sample) {
		mu.Lock()
		defer mu.Unlock()
		winReq++
		rep.requests++
		win.add(s.d)
		rep.lat.add(s.d)
		if s.err {
			winErr++
			rep.errors++
			if len(rep.firstErr) < 5 {
				rep.firstErr = append(rep.firstErr, s.what)
			}
		}
	})
	close(done)
	row()
	return rep
}

// verdict prints the totals and judges the run: no request may fail, and
// memory must be flat. The run is cut into fifths; the first is warm-up
// (caches filling). Flat means the median resident size of the last fifth
// is within maxGrowth percent of the second fifth's, and the least-squares
// trend over the last four fifths gains less than maxGrowth percent of
// the second fifth's median across them. For the five-minute default
// that is the last minute against the second, and no upward trend after
// the first.
func (r *soakReport) verdict(stdout io.Writer, maxGrowth float64) error {
	fmt.Fprintf(stdout, "%d requests, %d errors; latency p50 %.1f ms, p99 %.1f ms\n", r.requests, r.errors, r.lat.quantile(0.5), r.lat.quantile(0.99))
	for _, e := range r.firstErr {
		fmt.Fprintln(stdout, "  error:", e)
	}
	var problems []string
	if r.errors > 0 {
		problems = append(problems, fmt.Sprintf("%d of %d requests failed", r.errors, r.requests))
	}
	if len(r.mem) > 0 {
		fifth := r.dur / 5
		var second, last []float64
		var xs, ys []float64
		for _, m := range r.mem {
			v := float64(m.rss)
			switch {
			case m.at >= fifth && m.at < 2*fifth:
				second = append(second, v)
			case m.at >= r.dur-fifth:
				last = append(last, v)
			}
			if m.at >= fifth {
				xs, ys = append(xs, m.at.Seconds()), append(ys, v)
			}
		}
		first, end := r.mem[0], r.mem[len(r.mem)-1]
		fmt.Fprintf(stdout, "resident memory %.1f MiB at the start, %.1f MiB at the end", float64(first.rss)/(1<<20), float64(end.rss)/(1<<20))
		if first.heap >= 0 {
			fmt.Fprintf(stdout, "; Go heap in use %.1f MiB to %.1f MiB", float64(first.heap)/(1<<20), float64(end.heap)/(1<<20))
		}
		fmt.Fprintln(stdout)
		if len(second) == 0 || len(last) == 0 || len(xs) < 3 {
			problems = append(problems, "too few memory samples to judge: run longer or sample more often (--every)")
		} else {
			base, tail := median(second), median(last)
			slope := slopeOf(xs, ys)
			span := xs[len(xs)-1] - xs[0]
			growth := 100 * (tail - base) / base
			trend := 100 * slope * span / base
			fmt.Fprintf(stdout, "memory: last fifth's median %.1f MiB vs second fifth's %.1f MiB (%+.1f%%); trend %+.2f MiB a minute (%+.1f%% across the last four fifths); limit %.0f%%\n",
				tail/(1<<20), base/(1<<20), growth, slope*60/(1<<20), trend, maxGrowth)
			if growth > maxGrowth || trend > maxGrowth {
				problems = append(problems, fmt.Sprintf("memory grew (%+.1f%%, trend %+.1f%%; limit %.0f%%)", growth, trend, maxGrowth))
			}
		}
	}
	if len(problems) > 0 {
		fmt.Fprintln(stdout, "verdict: FAIL:", strings.Join(problems, "; "))
		return errors.New("soak failed: " + strings.Join(problems, "; "))
	}
	if len(r.mem) == 0 {
		fmt.Fprintln(stdout, "verdict: PASS: no errors (memory not sampled)")
		return nil
	}
	fmt.Fprintln(stdout, "verdict: PASS: no errors, memory flat")
	return nil
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// slopeOf is the least-squares slope of y on x.
func slopeOf(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	if sxx == 0 {
		return 0
	}
	return sxy / sxx
}
