package http_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sightline-uk/sightline/duckdb"
	"github.com/sightline-uk/sightline/geography"
	shttp "github.com/sightline-uk/sightline/http"
	"github.com/sightline-uk/sightline/sources"
)

// fixture is shared by every test in the package: a real DuckDB file holding
// the whole bundled England snapshot, the server over it, and an HTTP server.
var fixture struct {
	store *duckdb.Store
	srv   *shttp.Server
	ts    *httptest.Server
	logs  *syncBuffer // the server's warnings and errors
}

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "sightline-http-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	store, err := duckdb.Open(ctx, filepath.Join(dir, "sightline.duckdb"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "open store:", err)
		return 1
	}
	defer store.Close()
	reg := geography.Default()
	if _, err := sources.Import(ctx, store, reg, sources.SnapshotInputs(), nil); err != nil {
		fmt.Fprintln(os.Stderr, "import snapshot:", err)
		return 1
	}
	logs := &syncBuffer{}
	srv, err := shttp.NewServer(store, reg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		fmt.Fprintln(os.Stderr, "new server:", err)
		return 1
	}
	if err := srv.Reload(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "reload:", err)
		return 1
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	fixture.store, fixture.srv, fixture.ts, fixture.logs = store, srv, ts, logs
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "fixture ready in %s\n", time.Since(start).Round(time.Millisecond))
	}
	code := m.Run()
	if s := logs.String(); s != "" {
		fmt.Fprintf(os.Stderr, "server logged:\n%s", s)
		if code == 0 {
			code = 1 // an error logged by a handler is a failure even if every assertion passed
		}
	}
	return code
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// noRedirect is a client that reports redirects instead of following them.
var noRedirect = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// get fetches a path from the test server without following redirects, and
// returns the response with its body read (the transport asks for gzip and
// decompresses transparently).
func get(t testing.TB, path string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, fixture.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", path, err)
	}
	return resp, body
}

// getOK is get that fails the test unless the status is 200.
func getOK(t testing.TB, path string) []byte {
	t.Helper()
	resp, body := get(t, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200; body: %.300s", path, resp.StatusCode, body)
	}
	return body
}
