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

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/access"
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
	// users are one account per role (Birmingham's council analyst, a
	// police partner in Birmingham, a West Midlands regional analyst…),
	// and tokens a signed-in session for each.
	users  map[sightline.Role]sightline.User
	tokens map[sightline.Role]string
}

// testPassword is every fixture account's password.
const testPassword = "correct horse battery staple"

// testKey is the pseudonymisation key the fixture server keeps returns
// and looks up partners' records with.
var testKey = []byte("0123456789abcdef0123456789abcdef")

// addUsers makes one account per role, each with a live session.
func addUsers(ctx context.Context, store *duckdb.Store) error {
	hash, err := access.HashPassword(testPassword)
	if err != nil {
		return err
	}
	fixture.users = map[sightline.Role]sightline.User{}
	fixture.tokens = map[sightline.Role]string{}
	for _, u := range []sightline.User{
		{Name: "council", Role: sightline.RoleCouncil, Council: "E08000025"},
		{Name: "partner", Role: sightline.RolePartner, Council: "E08000025", Agency: "police"},
		{Name: "regional", Role: sightline.RoleRegional, Region: "E12000005"},
		{Name: "national", Role: sightline.RoleNational},
		{Name: "admin", Role: sightline.RoleAdmin},
	} {
		u.PasswordHash = hash
		u, err := store.AddUser(ctx, u)
		if err != nil {
			return err
		}
		token, err := newSession(ctx, store, u)
		if err != nil {
			return err
		}
		fixture.users[u.Role], fixture.tokens[u.Role] = u, token
	}
	return nil
}

// newSession signs an account in directly in the store, as the sign-in
// page would, and returns the browser's token.
func newSession(ctx context.Context, store *duckdb.Store, u sightline.User) (string, error) {
	token, hash, err := access.NewToken()
	if err != nil {
		return "", err
	}
	now := time.Now()
	return token, store.CreateSession(ctx, sightline.Session{TokenHash: hash, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
}

// as sends a request as the fixture account of a role (the public: no
// cookie).
func as(req *http.Request, role sightline.Role) *http.Request {
	if tok := fixture.tokens[role]; tok != "" {
		req.AddCookie(&http.Cookie{Name: "sightline_session", Value: tok})
	}
	return req
}

// getAs is get as the account of a role.
func getAs(t testing.TB, role sightline.Role, path string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, fixture.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := noRedirect.Do(as(req, role))
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
	if err := addUsers(ctx, store); err != nil {
		fmt.Fprintln(os.Stderr, "accounts:", err)
		return 1
	}
	logs := &syncBuffer{}
	srv, err := shttp.NewServer(store, reg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		fmt.Fprintln(os.Stderr, "new server:", err)
		return 1
	}
	srv.Key = testKey
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
	return getAs(t, sightline.RolePublic, path)
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
