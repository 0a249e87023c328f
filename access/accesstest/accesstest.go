// Package accesstest holds the behaviour every store's accounts and audit
// log must show, run by each store's tests so DuckDB and PostgreSQL are held
// to the same contract.
package accesstest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/access"
)

// Store is what the tests need of a store.
type Store interface {
	sightline.Accounts
	sightline.AuditLog
}

// Tamper changes one stored audit event behind the log's back, as someone
// with write access to the database could; the test then proves the chain
// finds it. Each store supplies the SQL.
type Tamper func(t *testing.T, seq int64, newObject string)

// Run runs the contract against fresh stores from open.
func Run(t *testing.T, open func(t *testing.T) Store, tamper Tamper) {
	t.Run("Accounts", func(t *testing.T) { testAccounts(t, open(t)) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, open(t)) })
	t.Run("AuditChain", func(t *testing.T) {
		s := open(t)
		testAudit(t, s)
		if tamper != nil {
			evs, err := s.AuditEvents(context.Background(), sightline.AuditQuery{})
			if err != nil {
				t.Fatal(err)
			}
			tamper(t, evs[len(evs)/2].Seq, "something else")
			evs, err = s.AuditEvents(context.Background(), sightline.AuditQuery{})
			if err != nil {
				t.Fatal(err)
			}
			if err := access.VerifyChain(evs); err == nil {
				t.Fatal("a changed audit event was not found")
			}
		}
	})
}

func testAccounts(t *testing.T, s Store) {
	ctx := context.Background()
	hash, err := access.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.AddUser(ctx, sightline.User{Name: "ana", Email: "ana@example.gov.uk", Role: sightline.RoleCouncil, Council: "E09000001", PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 {
		t.Fatal("AddUser gave no ID")
	}
	if _, err := s.AddUser(ctx, sightline.User{Name: "ana", Role: sightline.RoleAdmin}); err == nil {
		t.Fatal("a second account named ana was accepted")
	}
	if _, err := s.AddUser(ctx, sightline.User{Name: "bob", Role: sightline.RoleCouncil}); err == nil {
		t.Fatal("a council analyst without a council was accepted")
	}
	got, err := s.UserByName(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != u.ID || got.Role != sightline.RoleCouncil || got.Council != "E09000001" || got.Email != "ana@example.gov.uk" || got.PasswordHash != hash {
		t.Fatalf("read back %+v", got)
	}
	if _, err := access.VerifyPassword(got.PasswordHash, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UserByName(ctx, "nobody"); !errors.Is(err, sightline.ErrNotFound) {
		t.Fatalf("missing user: %v", err)
	}
	p, err := s.AddUser(ctx, sightline.User{Name: "pc", Role: sightline.RolePartner, Council: "E09000001", Agency: "police", Subject: "idp|42"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.UserBySubject(ctx, "idp|42"); err != nil || got.ID != p.ID {
		t.Fatalf("by subject: %+v %v", got, err)
	}
	if _, err := s.UserBySubject(ctx, ""); !errors.Is(err, sightline.ErrNotFound) {
		t.Fatalf("empty subject found an account: %v", err)
	}
	got.Role, got.Region, got.Council, got.Disabled = sightline.RoleRegional, "E12000007", "", true
	if err := s.UpdateUser(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, _ := s.UserByName(ctx, "ana")
	if again.Role != sightline.RoleRegional || again.Region != "E12000007" || again.Council != "" || !again.Disabled {
		t.Fatalf("after update %+v", again)
	}
	if err := s.UpdateUser(ctx, sightline.User{ID: 9999, Name: "x", Role: sightline.RoleAdmin}); !errors.Is(err, sightline.ErrNotFound) {
		t.Fatalf("update of a missing account: %v", err)
	}
	all, err := s.Users(ctx)
	if err != nil || len(all) != 2 || all[0].Name != "ana" || all[1].Name != "pc" {
		t.Fatalf("users %+v %v", all, err)
	}
}

func testSessions(t *testing.T, s Store) {
	ctx := context.Background()
	u, err := s.AddUser(ctx, sightline.User{Name: "ana", Role: sightline.RoleNational})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	_, live, _ := access.NewToken()
	_, old, _ := access.NewToken()
	for _, se := range []sightline.Session{
		{TokenHash: live, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)},
		{TokenHash: old, UserID: u.ID, CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-time.Hour)},
	} {
		if err := s.CreateSession(ctx, se); err != nil {
			t.Fatal(err)
		}
	}
	se, got, err := s.SessionUser(ctx, live, now)
	if err != nil || got.ID != u.ID || se.UserID != u.ID {
		t.Fatalf("live session: %+v %+v %v", se, got, err)
	}
	if _, _, err := s.SessionUser(ctx, old, now); !errors.Is(err, sightline.ErrNotFound) {
		t.Fatalf("expired session: %v", err)
	}
	if _, _, err := s.SessionUser(ctx, live, now.Add(2*time.Hour)); !errors.Is(err, sightline.ErrNotFound) {
		t.Fatalf("session after expiry: %v", err)
	}
	u.Disabled = true
	if err := s.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionUser(ctx, live, now); !errors.Is(err, sightline.ErrNotFound) {
		t.Fatalf("session of a disabled account: %v", err)
	}
	u.Disabled = false
	s.UpdateUser(ctx, u)
	if err := s.DeleteSession(ctx, live); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionUser(ctx, live, now); !errors.Is(err, sightline.ErrNotFound) {
		t.Fatalf("signed-out session: %v", err)
	}
	// Ending expired sessions leaves live ones.
	_, other, _ := access.NewToken()
	s.CreateSession(ctx, sightline.Session{TokenHash: other, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
	if err := s.DeleteExpiredSessions(ctx, now.Add(30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionUser(ctx, other, now); err != nil {
		t.Fatalf("a live session was cleared with the expired ones: %v", err)
	}
	if err := s.DeleteExpiredSessions(ctx, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionUser(ctx, other, now); !errors.Is(err, sightline.ErrNotFound) {
		t.Fatalf("an ended session survived clearing: %v", err)
	}
	_, again, _ := access.NewToken()
	s.CreateSession(ctx, sightline.Session{TokenHash: again, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
	if err := s.DeleteUserSessions(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionUser(ctx, again, now); !errors.Is(err, sightline.ErrNotFound) {
		t.Fatalf("session after signing out everywhere: %v", err)
	}
}

func testAudit(t *testing.T, s Store) {
	ctx := context.Background()
	// Concurrent appends must still form one chain.
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Append(ctx, sightline.AuditEvent{Actor: fmt.Sprintf("user%d", i%4), Role: sightline.RoleCouncil,
				Action: []string{"read", "export"}[i%2], Object: fmt.Sprintf("child %d", i), Reason: "case review", Outcome: "allowed", Remote: "127.0.0.1"})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.AuditEvents(ctx, sightline.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 40 || all[0].Seq != 40 {
		t.Fatalf("%d events, newest %d", len(all), all[0].Seq)
	}
	if err := access.VerifyChain(all); err != nil {
		t.Fatal(err)
	}
	reads, _ := s.AuditEvents(ctx, sightline.AuditQuery{Action: "read", Actor: "user0"})
	if len(reads) != 10 {
		t.Fatalf("user0's reads: %d, want 10", len(reads))
	}
	last, _ := s.AuditEvents(ctx, sightline.AuditQuery{Limit: 3})
	if len(last) != 3 || last[0].Seq != 40 || last[2].Seq != 38 {
		t.Fatalf("limit 3: %+v", last)
	}
	future, _ := s.AuditEvents(ctx, sightline.AuditQuery{Since: time.Now().Add(time.Hour)})
	if len(future) != 0 {
		t.Fatalf("%d events from the future", len(future))
	}
}
