package http_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/access"
)

func postForm(t *testing.T, path string, form url.Values, cookies ...*http.Cookie) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, fixture.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func sessionCookieOf(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == "sightline_session" {
			return c
		}
	}
	return nil
}

// TestSignInAndOut walks a person through signing in with a password,
// using a page only their role may see, and signing out; and checks the
// cookie's protections and the audit trail.
func TestSignInAndOut(t *testing.T) {
	ctx := context.Background()
	hash, _ := access.HashPassword("a long enough password")
	if _, err := fixture.store.AddUser(ctx, sightline.User{Name: "walker", Role: sightline.RoleNational, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	// A child-level page sends the public to sign in, remembering where.
	resp, _ := get(t, "/records/E08000025?reason=x")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/sign-in?next="+url.QueryEscape("/records/E08000025?reason=x") {
		t.Fatalf("public at a child-level page: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	page(t, "/sign-in", 200, "Sign in")

	resp, body := postForm(t, "/sign-in", url.Values{"name": {"walker"}, "password": {"wrong password!"}, "next": {"/records"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "The name or password is not right") || sessionCookieOf(resp) != nil {
		t.Fatalf("wrong password: %d, cookie %v", resp.StatusCode, sessionCookieOf(resp))
	}
	// An unknown name gets the same answer, not a different one.
	resp, body2 := postForm(t, "/sign-in", url.Values{"name": {"nobody-at-all"}, "password": {"wrong password!"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body2, "The name or password is not right") {
		t.Fatalf("unknown name: %d", resp.StatusCode)
	}

	resp, _ = postForm(t, "/sign-in", url.Values{"name": {"walker"}, "password": {"a long enough password"}, "next": {"/records"}})
	c := sessionCookieOf(resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/records" || c == nil {
		t.Fatalf("right password: %d %q cookie %v", resp.StatusCode, resp.Header.Get("Location"), c)
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge <= 0 {
		t.Errorf("session cookie lacks its protections: %+v", c)
	}
	// An off-site next is not followed.
	resp, _ = postForm(t, "/sign-in", url.Values{"name": {"walker"}, "password": {"a long enough password"}, "next": {"//evil.example/"}})
	if loc := resp.Header.Get("Location"); loc != "/account" {
		t.Errorf("next=//evil.example/ redirected to %q", loc)
	}

	req, _ := http.NewRequest(http.MethodGet, fixture.ts.URL+"/account", nil)
	req.AddCookie(c)
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	acct, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(acct), "national analyst") || !strings.Contains(string(acct), `action="/sign-out"`) {
		t.Fatalf("account page: %d", resp.StatusCode)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("a signed-in page is cacheable: %q", cc)
	}

	// A form posted from another site is refused, whatever the cookie.
	req, _ = http.NewRequest(http.MethodPost, fixture.ts.URL+"/sign-out", nil)
	req.AddCookie(c)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err = noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site sign-out: %d, want 403", resp.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodPost, fixture.ts.URL+"/sign-out", nil)
	req.AddCookie(c)
	req.Header.Set("Origin", "https://evil.example")
	resp, _ = noRedirect.Do(req)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-out from another origin: %d, want 403", resp.StatusCode)
	}

	resp, _ = postForm(t, "/sign-out", nil, c)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", resp.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodGet, fixture.ts.URL+"/account", nil)
	req.AddCookie(c)
	resp, _ = noRedirect.Do(req)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the old cookie still works after signing out: %d", resp.StatusCode)
	}

	evs, _ := fixture.store.AuditEvents(ctx, sightline.AuditQuery{Actor: "walker"})
	var seen []string
	for _, e := range evs {
		seen = append(seen, e.Action+":"+e.Outcome)
	}
	for _, want := range []string{"login:failed", "login:ok", "logout:ok"} {
		if !strings.Contains(strings.Join(seen, " "), want) {
			t.Errorf("audit log for walker lacks %s: %v", want, seen)
		}
	}
}

// TestSignInThrottle refuses a sixth wrong password for an account within
// fifteen minutes, even with the right one, and says when to try again.
func TestSignInThrottle(t *testing.T) {
	hash, _ := access.HashPassword("a long enough password")
	if _, err := fixture.store.AddUser(context.Background(), sightline.User{Name: "guessed", Role: sightline.RoleAdmin, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		resp, _ := postForm(t, "/sign-in", url.Values{"name": {"guessed"}, "password": {"guess number " + string(rune('a'+i))}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i+1, resp.StatusCode)
		}
	}
	resp, body := postForm(t, "/sign-in", url.Values{"name": {"guessed"}, "password": {"a long enough password"}})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Too many failed attempts") || sessionCookieOf(resp) != nil {
		t.Fatalf("after five wrong guesses: %d", resp.StatusCode)
	}
}

// TestPasswordChangeAndDisable changes a password (other sessions end) and
// has an administrator disable an account (its sessions end at once).
func TestPasswordChangeAndDisable(t *testing.T) {
	ctx := context.Background()
	hash, _ := access.HashPassword("first password here")
	u, err := fixture.store.AddUser(ctx, sightline.User{Name: "changer", Role: sightline.RoleCouncil, Council: "E08000026", PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	tokA, _ := newSession(ctx, fixture.store, u)
	tokB, _ := newSession(ctx, fixture.store, u)
	a := &http.Cookie{Name: "sightline_session", Value: tokA}
	resp, body := postForm(t, "/account/password", url.Values{"current": {"first password here"}, "new": {"short"}, "confirm": {"short"}}, a)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "at least 12") {
		t.Fatalf("short password: %d", resp.StatusCode)
	}
	resp, body = postForm(t, "/account/password", url.Values{"current": {"first password here"}, "new": {"second password here"}, "confirm": {"second password here"}}, a)
	if resp.StatusCode != 200 || !strings.Contains(body, "Your password has been changed") || sessionCookieOf(resp) == nil {
		t.Fatalf("password change: %d %.300s", resp.StatusCode, body)
	}
	if _, _, err := fixture.store.SessionUser(ctx, access.TokenHash(tokB), time.Now()); err == nil {
		t.Error("another browser is still signed in after the password changed")
	}
	got, _ := fixture.store.UserByName(ctx, "changer")
	if _, err := access.VerifyPassword(got.PasswordHash, "second password here"); err != nil {
		t.Errorf("new password: %v", err)
	}

	tokC, _ := newSession(ctx, fixture.store, got)
	admin := &http.Cookie{Name: "sightline_session", Value: fixture.tokens[sightline.RoleAdmin]}
	resp, body = postForm(t, "/admin/users/changer", url.Values{"action": {"disable"}}, admin)
	if resp.StatusCode != 200 || !strings.Contains(body, "disabled and signed out") {
		t.Fatalf("disable: %d %.300s", resp.StatusCode, body)
	}
	req, _ := http.NewRequest(http.MethodGet, fixture.ts.URL+"/validate", nil)
	req.AddCookie(&http.Cookie{Name: "sightline_session", Value: tokC})
	resp, _ = noRedirect.Do(req)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a disabled account's session still works: %d", resp.StatusCode)
	}
	resp, body = postForm(t, "/sign-in", url.Values{"name": {"changer"}, "password": {"second password here"}})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a disabled account signed in: %d", resp.StatusCode)
	}
	// Adding an account checks its scope against the register.
	resp, body = postForm(t, "/admin/users", url.Values{"name": {"newbie"}, "role": {"council"}, "council": {"E99999999"}, "password": {"a long enough password"}}, admin)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "not a council") {
		t.Errorf("account for an unknown council: %d", resp.StatusCode)
	}
	resp, body = postForm(t, "/admin/users", url.Values{"name": {"newbie"}, "role": {"partner"}, "council": {"E08000026"}, "agency": {"health"}, "password": {"a long enough password"}}, admin)
	if resp.StatusCode != 200 || !strings.Contains(body, "Account newbie added") {
		t.Errorf("add partner: %d %.300s", resp.StatusCode, body)
	}
}
