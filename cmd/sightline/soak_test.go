package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// TestSoakCountsErrors soaks a server that refuses every indicator page:
// the soak must count exactly the refusals the server made, report them,
// and fail.
func TestSoakCountsErrors(t *testing.T) {
	var served, refused atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		switch {
		case r.URL.Path == "/api/v1/councils":
			fmt.Fprint(w, `{"councils":[{"code":"E08000025"},{"code":"E09000033"}]}`)
		case strings.HasPrefix(r.URL.Path, "/indicators/"):
			refused.Add(1)
			http.NotFound(w, r)
		default:
			fmt.Fprint(w, "ok")
		}
	}))
	defer srv.Close()
	code, out, errs := runCmd(t, "soak", "--url", srv.URL, "--pid", strconv.Itoa(os.Getpid()), "--rate", "100", "--duration", "2s")
	if code != 1 || !strings.Contains(errs, "soak failed") {
		t.Errorf("exit %d, stderr %q: want 1 and the failure named", code, errs)
	}
	m := regexp.MustCompile(`(\d+) requests, (\d+) errors`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no totals in\n%s", out)
	}
	if m[1] != "200" || m[2] != strconv.FormatInt(refused.Load(), 10) || refused.Load() == 0 {
		t.Errorf("reported %s requests and %s errors; the server refused %d of %d (the council list included)", m[1], m[2], refused.Load(), served.Load())
	}
	for _, want := range []string{"404 Not Found", "verdict: FAIL", "RSS MiB", "resident memory"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Nothing to soak: a URL where no Sightline answers is an error at once.
	if code, _, errs := runCmd(t, "soak", "--url", "http://127.0.0.1:1", "--duration", "1s"); code != 1 || !strings.Contains(errs, "127.0.0.1:1") {
		t.Errorf("unreachable URL: exit %d, %q", code, errs)
	}
	if code, _, _ := runCmd(t, "soak", "--rate", "0"); code != 2 {
		t.Errorf("--rate 0: exit %d, want 2", code)
	}
}

// TestSoakInProcess soaks a server in this process on the bundled data for
// a few seconds: every request answers and memory is sampled and judged.
func TestSoakInProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the snapshot; not in -short")
	}
	db := filepath.Join(t.TempDir(), "s.duckdb")
	// A few seconds cannot show a leak; the generous limit keeps the test
	// about errors and the report, not about warm-up.
	code, out, errs := runCmd(t, "soak", "--db", db, "--rate", "50", "--duration", "3s", "--max-growth", "1000")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errs, out)
	}
	for _, want := range []string{"150 requests, 0 errors", "heap MiB", "Go heap in use", "verdict: PASS: no errors, memory flat"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
