package http

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/access"
)

// sessionCookie names the browser's session token. It is HttpOnly and
// SameSite=Lax, and Secure whenever the site is served over TLS (directly or
// behind a proxy that says so), so scripts and other sites never see it.
const sessionCookie = "sightline_session"

// sessionLife is how long a sign-in lasts: a working day.
const sessionLife = 8 * time.Hour

type userKey struct{}

// userFrom is the person making the request: the public when no valid
// session came with it.
func userFrom(r *http.Request) sightline.User {
	if u, ok := r.Context().Value(userKey{}).(sightline.User); ok {
		return u
	}
	return sightline.User{Role: sightline.RolePublic}
}

func signedIn(u sightline.User) bool { return u.Role != sightline.RolePublic && u.Role != "" }

// withSession finds the request's session, if any, and puts its user in the
// request's context. A broken store is logged and treated as no session:
// the public site keeps working.
func (s *Server) withSession(r *http.Request) *http.Request {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || s.accounts == nil {
		return r
	}
	_, u, err := s.accounts.SessionUser(r.Context(), access.TokenHash(c.Value), time.Now())
	if err != nil {
		if !errors.Is(err, sightline.ErrNotFound) {
			s.Logger.Error("session lookup", "error", err)
		}
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), userKey{}, u))
}

// handle registers a route under its rule in the policy table; a route
// missing from the table is a programming error caught at start-up.
func (s *Server) handle(pattern string, h http.HandlerFunc) {
	rule, ok := s.policy[pattern]
	if !ok {
		panic(fmt.Sprintf("route %q is not in the access policy (access.Routes)", pattern))
	}
	s.mux.Handle(pattern, s.authorize(rule, h))
}

// ruleFor is the policy rule of the route a request would reach.
func (s *Server) ruleFor(r *http.Request) (access.Rule, bool) {
	_, pattern := s.mux.Handler(r)
	rule, ok := s.policy[pattern]
	return rule, ok
}

// publicRoute reports whether a request goes to a route open to everyone,
// whose response is the same for every visitor and may be cached.
func (s *Server) publicRoute(r *http.Request) bool {
	rule, ok := s.ruleFor(r)
	if !ok {
		return false
	}
	return access.Decide(rule, sightline.User{Role: sightline.RolePublic}, "", nil).Allow
}

// authorize enforces a route's rule: sign-in or refusal for those it does
// not admit, and for child-level routes, an audit event written before any
// record is shown (if the event cannot be written, nothing is shown).
func (s *Server) authorize(rule access.Rule, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := userFrom(r)
		code := r.PathValue("code")
		d := access.Decide(rule, u, code, s.regionOf)
		if !d.Allow {
			if rule.ChildLevel || signedIn(u) {
				s.audit(r, sightline.AuditEvent{Action: orDefault(rule.Audit, "access"), Object: r.Method + " " + r.URL.Path, Outcome: "denied", Reason: d.Why})
			}
			s.refuse(w, r, d)
			return
		}
		if rule.ChildLevel {
			w.Header().Set("Cache-Control", "no-store")
			if r.Method == http.MethodGet && strings.TrimSpace(r.URL.Query().Get("reason")) == "" {
				s.askReason(w, r)
				return
			}
			if err := s.auditErr(r, sightline.AuditEvent{Action: rule.Audit, Object: r.Method + " " + r.URL.Path, Outcome: "allowed", Reason: reasonOf(r)}); err != nil {
				s.Logger.Error("audit", "error", err)
				http.Error(w, "Sightline could not record this access in its audit log, so it will not show the records. Try again, or tell your administrator.", http.StatusServiceUnavailable)
				return
			}
		} else if signedIn(u) {
			w.Header().Set("Cache-Control", "private, no-store")
		}
		h(w, r)
	})
}

// reasonOf is the purpose a person gave for a child-level request.
func reasonOf(r *http.Request) string {
	if v := r.URL.Query().Get("reason"); v != "" {
		return strings.TrimSpace(v)
	}
	if r.Method == http.MethodPost && r.PostForm != nil {
		return strings.TrimSpace(r.PostForm.Get("reason"))
	}
	return ""
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// refuse answers a request the policy does not admit: the API in JSON, a
// page with a sign-in form for visitors who might have an account, and a
// plain refusal for those signed in.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, d access.Decision) {
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		status := http.StatusForbidden
		if d.SignIn {
			status = http.StatusUnauthorized
		}
		writeJSON(w, status, apiError{d.Why})
		return
	}
	if d.SignIn {
		next := r.URL.RequestURI()
		if r.Method != http.MethodGet {
			next = r.URL.Path
		}
		http.Redirect(w, r, "/sign-in?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusForbidden, "forbidden", page{Title: "You cannot see this page", Data: d.Why})
}

// askReason asks why the person needs the records before showing them; the
// answer goes in the audit log.
func (s *Server) askReason(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "reason", page{Title: "Why do you need these records?", Data: reasonData{Path: r.URL.Path, Query: r.URL.Query()}})
}

type reasonData struct {
	Path  string
	Query url.Values
}

// audit writes an event, logging (not failing) when it cannot: for events
// that are not a condition of showing data.
func (s *Server) audit(r *http.Request, e sightline.AuditEvent) {
	if err := s.auditErr(r, e); err != nil {
		s.Logger.Error("audit", "error", err, "action", e.Action)
	}
}

func (s *Server) auditErr(r *http.Request, e sightline.AuditEvent) error {
	if s.auditLog == nil {
		return errors.New("this store keeps no audit log")
	}
	u := userFrom(r)
	if e.Actor == "" {
		e.Actor = u.Name
		if !signedIn(u) {
			e.Actor = "public"
		}
	}
	if e.Role == "" {
		e.Role = u.Role
	}
	e.Remote = clientIP(r)
	_, err := s.auditLog.Append(context.WithoutCancel(r.Context()), e)
	return err
}

// clientIP is the request's remote address without its port.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// regionOf is a council's region, for regional analysts' scope.
func (s *Server) regionOf(code string) string {
	if c := s.Reg.Council(s.Reg.Canonical(code)); c != nil {
		return c.RegionCode
	}
	return ""
}

// throttle slows guessing: after maxFailures failed sign-ins for one
// account, or maxAddressFailures from one address (a council's offices may
// share one), within failureWindow, further attempts are refused until the
// window has passed. (The argon2id hash already makes each guess cost a
// tenth of a second.)
type throttle struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

const (
	maxFailures        = 5
	maxAddressFailures = 50
	failureWindow      = 15 * time.Minute
)

// blocked reports whether key has failed too often lately, and until when.
func (t *throttle) blocked(key string, now time.Time) (bool, time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.prune(key, now)
	limit := maxFailures
	if strings.HasPrefix(key, "ip:") {
		limit = maxAddressFailures
	}
	if len(recent) >= limit {
		return true, recent[0].Add(failureWindow)
	}
	return false, time.Time{}
}

func (t *throttle) fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failures == nil {
		t.failures = map[string][]time.Time{}
	}
	t.failures[key] = append(t.prune(key, now), now)
	if len(t.failures) > 100_000 { // bound memory under a spray of names
		for k := range t.failures {
			delete(t.failures, k)
			break
		}
	}
}

func (t *throttle) clear(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, key)
}

func (t *throttle) prune(key string, now time.Time) []time.Time {
	var keep []time.Time
	for _, at := range t.failures[key] {
		if now.Sub(at) < failureWindow {
			keep = append(keep, at)
		}
	}
	if len(keep) == 0 {
		delete(t.failures, key)
	} else {
		t.failures[key] = keep
	}
	return keep
}

type signInData struct {
	Next, Name, Err string
	OIDC            bool
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "signin", page{Title: "Sign in", Data: signInData{Next: safeNext(r.URL.Query().Get("next")), OIDC: s.oidc != nil}})
}

// safeNext keeps a post-sign-in redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/account"
	}
	return next
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	pw := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	data := signInData{Next: next, Name: name, OIDC: s.oidc != nil}
	now := time.Now()
	ip := clientIP(r)
	fail := func(status int, msg, why string) {
		s.audit(r, sightline.AuditEvent{Actor: name, Role: sightline.RolePublic, Action: "login", Object: "password", Outcome: "failed", Reason: why})
		data.Err = msg
		s.render(w, r, status, "signin", page{Title: "Sign in", Data: data})
	}
	if s.accounts == nil {
		fail(http.StatusServiceUnavailable, "This Sightline has no accounts store.", "no accounts store")
		return
	}
	for _, key := range []string{"ip:" + ip, "name:" + strings.ToLower(name)} {
		if b, until := s.throttle.blocked(key, now); b {
			fail(http.StatusTooManyRequests, fmt.Sprintf("Too many failed attempts. Try again after %s.", until.Format("15:04")), "throttled "+key)
			return
		}
	}
	u, err := s.accounts.UserByName(r.Context(), name)
	if err == nil && u.PasswordHash == "" {
		err = errors.New("account signs in through the identity provider")
	}
	var rehash bool
	if err == nil {
		rehash, err = access.VerifyPassword(u.PasswordHash, pw)
	} else {
		// Spend the same time on an unknown name, so timing does not tell
		// which names exist.
		access.VerifyPassword(dummyHash, pw)
	}
	if err == nil && u.Disabled {
		err = errors.New("account disabled")
	}
	if err != nil {
		s.throttle.fail("ip:"+ip, now)
		s.throttle.fail("name:"+strings.ToLower(name), now)
		fail(http.StatusUnauthorized, "The name or password is not right.", err.Error())
		return
	}
	s.throttle.clear("name:" + strings.ToLower(name))
	if rehash {
		if h, err := access.HashPassword(pw); err == nil {
			u.PasswordHash = h
			s.accounts.UpdateUser(r.Context(), u)
		}
	}
	if err := s.startSession(w, r, u, "password"); err != nil {
		s.Logger.Error("session", "error", err)
		http.Error(w, "Sightline could not start a session.", http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// dummyHash is verified against when the name is unknown.
var dummyHash, _ = access.HashPassword("an unknown account's password")

// startSession records a sign-in and gives the browser its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u sightline.User, how string) error {
	token, hash, err := access.NewToken()
	if err != nil {
		return err
	}
	now := time.Now()
	if err := s.accounts.CreateSession(r.Context(), sightline.Session{TokenHash: hash, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(sessionLife)}); err != nil {
		return err
	}
	// Each sign-in clears sessions that have ended, so the table holds only
	// live ones without a timer of its own.
	if err := s.accounts.DeleteExpiredSessions(r.Context(), now); err != nil {
		s.Logger.Warn("clearing ended sessions", "error", err)
	}
	s.audit(r, sightline.AuditEvent{Actor: u.Name, Role: u.Role, Action: "login", Object: how, Outcome: "ok"})
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.secure(r), Expires: now.Add(sessionLife), MaxAge: int(sessionLife.Seconds())})
	return nil
}

// secure reports whether cookies must be Secure: the request came over TLS
// or through a proxy that terminated it, or the server was told so.
func (s *Server) secure(r *http.Request) bool {
	return s.SecureCookies || r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.accounts.DeleteSession(r.Context(), access.TokenHash(c.Value))
	}
	s.audit(r, sightline.AuditEvent{Action: "logout", Object: "session", Outcome: "ok"})
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r), MaxAge: -1})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

type accountData struct {
	User     sightline.User
	RoleName string
	Council  string
	Region   string
	Err, Msg string
	Links    []navItem
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, "", "")
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, errMsg, msg string) {
	u := userFrom(r)
	d := accountData{User: u, RoleName: access.RoleName(u.Role), Err: errMsg, Msg: msg, Links: navFor(u, s.policy)}
	if c := s.Reg.Council(u.Council); c != nil {
		d.Council = c.Name
	}
	for _, c := range s.Reg.Councils() {
		if c.RegionCode == u.Region && u.Region != "" {
			d.Region = c.RegionName
			break
		}
	}
	s.render(w, r, status, "account", page{Title: "Your account", Data: d})
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	if _, err := access.VerifyPassword(u.PasswordHash, r.PostFormValue("current")); err != nil {
		s.renderAccount(w, r, http.StatusBadRequest, "Your current password is not right.", "")
		return
	}
	pw := r.PostFormValue("new")
	if pw != r.PostFormValue("confirm") {
		s.renderAccount(w, r, http.StatusBadRequest, "The new passwords do not match.", "")
		return
	}
	if err := access.CheckPassword(pw); err != nil {
		s.renderAccount(w, r, http.StatusBadRequest, sentence(err.Error())+".", "")
		return
	}
	h, err := access.HashPassword(pw)
	if err == nil {
		u.PasswordHash = h
		err = s.accounts.UpdateUser(r.Context(), u)
	}
	if err == nil {
		// Other browsers signed in with the old password are signed out;
		// this one starts afresh.
		err = s.accounts.DeleteUserSessions(r.Context(), u.ID)
	}
	if err == nil {
		err = s.startSession(w, r, u, "password change")
	}
	if err != nil {
		s.Logger.Error("password change", "error", err)
		s.renderAccount(w, r, http.StatusInternalServerError, "Sightline could not change the password.", "")
		return
	}
	s.audit(r, sightline.AuditEvent{Action: "password", Object: "own password", Outcome: "ok"})
	s.renderAccount(w, r, http.StatusOK, "", "Your password has been changed. Other browsers signed in as you have been signed out.")
}

func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// navFor is the menu for a user: the public pages, then those their role
// may use.
func navFor(u sightline.User, p access.Policy) []navItem {
	var out []navItem
	for _, n := range nav {
		rule, ok := p["GET "+n.Href]
		if n.Href == "/" {
			rule, ok = p["GET /{$}"]
		}
		if ok && access.Decide(rule, u, u.Council, nil).Allow {
			out = append(out, n)
		}
	}
	return out
}

// RoutePattern is the pattern of the route a request would reach, so tests
// can prove every route in the policy table is registered.
func (s *Server) RoutePattern(r *http.Request) string {
	_, pattern := s.mux.Handler(r)
	return pattern
}
