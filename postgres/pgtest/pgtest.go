// Package pgtest gives tests a real PostgreSQL database of their own:
// the server named by SIGHTLINE_TEST_POSTGRES, or else a throwaway cluster
// started from the installed PostgreSQL binaries, so the storage tests run
// against PostgreSQL on any machine with the Debian package and no setup.
//
// Without either, tests skip with a message saying how to get one, unless
// SIGHTLINE_REQUIRE_POSTGRES=1 (as in CI), when they fail: a CI run that
// silently skipped PostgreSQL would prove nothing about it.
//
// A package using URL should run its tests through Main, which stops the
// throwaway cluster when they end.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the server tests use instead of starting their own (a URL whose
// role may create databases); Require makes a missing PostgreSQL a failure.
const (
	Env     = "SIGHTLINE_TEST_POSTGRES"
	Require = "SIGHTLINE_REQUIRE_POSTGRES"
)

var (
	once    sync.Once
	admin   string // URL of the maintenance database
	cluster *throwaway
	setup   error
	missing bool // no PostgreSQL found: skip unless required
	dbs     atomic.Int64
)

// URL creates an empty database (UTF-8, C collation) for the test and
// returns its URL; the database is dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(start)
	if setup != nil {
		if missing && os.Getenv(Require) != "1" {
			t.Skipf("no PostgreSQL for the PostgreSQL store's tests: %v (set %s=postgres://… to use a server, or install the postgresql package; %s=1 makes this a failure)", setup, Env, Require)
		}
		t.Fatalf("PostgreSQL for tests: %v", setup)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connect to the test server: %v", err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("sightline_test_%d_%d", os.Getpid(), dbs.Add(1))
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Main runs a package's tests, then stops the throwaway cluster if one
// was started: use it as os.Exit(pgtest.Main(m)) in TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	if cluster != nil {
		if err := cluster.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
	}
	return code
}

// start finds the server for this test binary.
func start() {
	if u := os.Getenv(Env); u != "" {
		admin = u
		return
	}
	bin, err := binaries()
	if err != nil {
		setup, missing = err, true
		return
	}
	cluster, setup = startCluster(bin)
	if setup == nil {
		admin = cluster.url
	}
}

// binaries finds the newest installed PostgreSQL's initdb and pg_ctl.
func binaries() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("initdb was not found in /usr/lib/postgresql/*/bin or on PATH")
}

func version(bin string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return n
}

// throwaway is a cluster in a temporary directory, listening only on a
// Unix socket there, with durability turned off: it lives as long as the
// tests.
type throwaway struct {
	bin, dir string
	asUser   []string // runuser prefix when running as root
	url      string
}

func startCluster(bin string) (*throwaway, error) {
	dir, err := os.MkdirTemp("", "sightline-pg-")
	if err != nil {
		return nil, err
	}
	c := &throwaway{bin: bin, dir: dir}
	// PostgreSQL refuses to run as root: run it as the postgres user the
	// Debian package creates, in a directory it owns.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root, and there is no postgres user to run PostgreSQL as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		runuser, err := exec.LookPath("runuser")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root needs runuser to start PostgreSQL as the postgres user: %w", err)
		}
		c.asUser = []string{runuser, "-u", "postgres", "--"}
	}
	data := filepath.Join(dir, "data")
	if err := c.run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	opts := fmt.Sprintf("-k %s -c listen_addresses='' -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", dir)
	if err := c.run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-t", "120", "-o", opts, "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%w\n%s", err, log)
	}
	c.url = (&url.URL{Scheme: "postgres", User: url.User("postgres"), Path: "/postgres",
		RawQuery: url.Values{"host": {dir}, "port": {"5432"}, "sslmode": {"disable"}}.Encode()}).String()
	return c, nil
}

func (c *throwaway) run(name string, args ...string) error {
	argv := append(append(append([]string(nil), c.asUser...), filepath.Join(c.bin, name)), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = c.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", strings.Join(argv, " "), err, out)
	}
	return nil
}

func (c *throwaway) stop() error {
	err := c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	if rerr := os.RemoveAll(c.dir); err == nil {
		err = rerr
	}
	return err
}
