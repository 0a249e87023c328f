package main

import (
	"context"
	"encoding/csv"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/access"
	"github.com/sightline-uk/sightline/duckdb"
)

// TestUsersAndAudit makes the first administrator and other accounts from
// the command line, audits an import and an export, and shows that an
// altered audit log is found.
func TestUsersAndAudit(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.duckdb")
	code, out, errs := runCmd(t, "users", "add", "root", "--db", db, "--role", "admin")
	if code != 0 || !strings.Contains(out, "Their first password is: ") {
		t.Fatalf("add admin: %d %q %q", code, out, errs)
	}
	pw := regexp.MustCompile(`password is: (\S+)`).FindStringSubmatch(out)[1]
	stdin = strings.NewReader("a password from stdin\n")
	if code, out, errs = runCmd(t, "users", "add", "ana", "--db", db, "--role", "council", "--council", "E08000025", "--password-stdin"); code != 0 || strings.Contains(out, "password is") {
		t.Fatalf("add council analyst: %d %q %q", code, out, errs)
	}
	for _, bad := range [][]string{
		{"users", "add", "x", "--db", db, "--role", "council", "--council", "E99999999"},
		{"users", "add", "x", "--db", db, "--role", "partner", "--council", "E08000025", "--agency", "bank"},
		{"users", "add", "x", "--db", db, "--role", "emperor"},
		{"users", "disable", "nobody", "--db", db},
	} {
		if code, _, errs := runCmd(t, bad...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d %q, want 2 and a message", bad, code, errs)
		}
	}
	stdin = strings.NewReader("short\n")
	if code, _, errs := runCmd(t, "users", "password", "ana", "--db", db, "--password-stdin"); code != 2 || !strings.Contains(errs, "at least 12") {
		t.Errorf("short password: %d %q", code, errs)
	}
	if code, _, _ := runCmd(t, "users", "disable", "ana", "--db", db); code != 0 {
		t.Fatal("disable failed")
	}
	code, out, _ = runCmd(t, "users", "list", "--db", db)
	if code != 0 || !regexp.MustCompile(`ana\s+council\s+E08000025\s+disabled`).MatchString(out) || !regexp.MustCompile(`root\s+admin.*active`).MatchString(out) {
		t.Errorf("list:\n%s", out)
	}

	good := writeBundled(t, dir, "d3_cpps_subsequent_plan_2013_to_2025.csv")
	if code, _, errs := runCmd(t, "import", "--db", db, good); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	if code, _, errs := runCmd(t, "export", "--db", db, "--format", "csv", "--out", filepath.Join(dir, "x.csv"), "--indicator", "cpp_repeat_pct"); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	code, out, _ = runCmd(t, "audit", "--db", db, "--format", "csv", "--limit", "0")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil {
		t.Fatalf("audit csv: %d %v", code, err)
	}
	var actions []string
	for _, r := range recs[1:] {
		actions = append(actions, r[4]+":"+r[5])
		if !strings.HasPrefix(r[2], "cli:") {
			t.Errorf("event by %q, want the person at the terminal", r[2])
		}
	}
	joined := strings.Join(actions, " | ")
	for _, want := range []string{"user-add:account root", "user-add:account ana", "user-change:account ana", "import:cin_d3", "export:"} {
		if !strings.Contains(joined, want) {
			t.Errorf("audit lacks %q: %s", want, joined)
		}
	}
	code, out, _ = runCmd(t, "audit", "--db", db)
	if code != 0 || !strings.Contains(out, "is whole") {
		t.Errorf("audit text: %d\n%s", code, out)
	}

	s, err := duckdb.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.UserByName(context.Background(), "root")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := access.VerifyPassword(u.PasswordHash, pw); err != nil || u.Role != sightline.RoleAdmin {
		t.Errorf("the printed password does not sign root in: %v", err)
	}
	if _, err := s.DB().Exec(`UPDATE audit SET actor = 'someone else' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	code, _, errs = runCmd(t, "audit", "--db", db)
	if code != 1 || !strings.Contains(errs, "audit event 2 has been changed") {
		t.Errorf("altered log: exit %d %q", code, errs)
	}
}
