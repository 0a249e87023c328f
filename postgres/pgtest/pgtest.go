// Package pgtest gives tests a real PostgreSQL database of their own:
// the server named by SIGHTLINE_TEST_POSTGRES, or else a throwaway cluster
// started from the installed PostgreSQL binaries, so the storage tests run
// against PostgreSQL on any machine with the Debian package and no setup.
//
// Without either, tests skip with a message saying how to get one, unless
// SIGHTLINE_REQUIRE_POSTGRES=1 (as in CI), when they fail: a CI run that
// silently skipped PostgreSQL would prove nothing about it.
//
// A package using URL may run its tests through Main, which stops the
// throwaway cluster as soon as they end; without it the cluster stops when
// the test binary exits.
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
	"syscall"
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
// was started and removes its files: use it as os.Exit(pgtest.Main(m)) in
// TestMain.
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
// test binary. The server is the binary's child and is told to stop when
// the binary exits (on Linux), even if nothing calls Main, and a later run
// removes the directories of clusters whose binary has gone.
type throwaway struct {
	bin, dir string
	cred     *syscall.Credential // the postgres user's, when running as root
	server   *exec.Cmd
	exited   chan struct{}
	url      string
}

const ownerFile = "sightline-test-binary.pid"

func startCluster(bin string) (*throwaway, error) {
	removeStale()
	dir, err := os.MkdirTemp("", "sightline-pg-")
	if err != nil {
		return nil, err
	}
	c := &throwaway{bin: bin, dir: dir, exited: make(chan struct{})}
	if err := c.start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return c, nil
}

func (c *throwaway) start() error {
	if err := os.WriteFile(filepath.Join(c.dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return err
	}
	// PostgreSQL refuses to run as root: run it as the postgres user the
	// Debian package creates, in a directory it owns.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root, and there is no postgres user to run PostgreSQL as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(c.dir, uid, gid); err != nil {
			return err
		}
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	data := filepath.Join(c.dir, "data")
	initdb := c.command("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	if out, err := initdb.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %w\n%s", strings.Join(initdb.Args, " "), err, out)
	}
	log, err := os.Create(filepath.Join(c.dir, "log"))
	if err != nil {
		return err
	}
	defer log.Close()
	c.server = c.command("postgres", "-D", data, "-k", c.dir, "-p", "5432", "-c", "listen_addresses=",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200")
	c.server.Stdout, c.server.Stderr = log, log
	stopWithParent(c.server)
	if err := c.server.Start(); err != nil {
		return err
	}
	go func() { c.server.Wait(); close(c.exited) }()
	c.url = (&url.URL{Scheme: "postgres", User: url.User("postgres"), Path: "/postgres",
		RawQuery: url.Values{"host": {c.dir}, "port": {"5432"}, "sslmode": {"disable"}}.Encode()}).String()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		conn, err := pgx.Connect(ctx, c.url)
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		select {
		case <-c.exited:
			out, _ := os.ReadFile(filepath.Join(c.dir, "log"))
			return fmt.Errorf("PostgreSQL stopped while starting:\n%s", out)
		default:
		}
		if time.Now().After(deadline) {
			c.stop()
			return fmt.Errorf("PostgreSQL did not accept connections within two minutes: %w", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// command runs one of PostgreSQL's programs, as the postgres user when
// running as root.
func (c *throwaway) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	return cmd
}

// stop shuts the server down at once (nothing in it is worth keeping) and
// removes its directory.
func (c *throwaway) stop() error {
	if c.server != nil && c.server.Process != nil {
		c.server.Process.Signal(syscall.SIGQUIT)
		select {
		case <-c.exited:
		case <-time.After(time.Minute):
			c.server.Process.Kill()
			<-c.exited
		}
	}
	return os.RemoveAll(c.dir)
}

// removeStale removes the directories of throwaway clusters whose test
// binary is no longer running.
func removeStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "sightline-pg-*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, ownerFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || syscall.Kill(pid, 0) != syscall.ESRCH {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "data", "postmaster.pid")); err == nil {
			continue // its server is still running: leave it be
		}
		os.RemoveAll(d)
	}
}
