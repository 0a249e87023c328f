package http_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/access"
)

// allowed is the authorisation matrix written out by hand, independently
// of the policy table it checks: which roles may use each route. "all"
// means everyone, signed in or not. {code} is filled with the role's own
// council (for regional analysts, a council in their region); scope is
// tested separately below.
var allowed = map[string]string{
	"GET /assets/":              "all",
	"GET /healthz":              "all",
	"GET /{$}":                  "all",
	"GET /councils":             "all",
	"GET /councils/{code}":      "all",
	"GET /councils/{code}/data": "all",
	"GET /councils/{code}/support/{indicator}": "all",
	"GET /indicators":                          "all",
	"GET /indicators/{id}":                     "all",
	"GET /indicators/{id}/data":                "all",
	"GET /compare":                             "all",
	"GET /compare/data":                        "all",
	"GET /emerging":                            "all",
	"GET /forecast":                            "all",
	"GET /search":                              "all",
	"GET /data":                                "all",
	"GET /data/england":                        "all",
	"GET /data/indicators":                     "all",
	"GET /data/ofsted":                         "all",
	"GET /data/{id}":                           "all",
	"GET /api":                                 "all",
	"GET /api/v1/openapi.json":                 "all",
	"GET /api/v1/councils":                     "all",
	"GET /api/v1/councils/{code}":              "all",
	"GET /api/v1/indicators":                   "all",
	"GET /api/v1/indicators/{id}":              "all",
	"GET /api/v1/values":                       "all",
	"GET /api/v1/comparisons":                  "all",
	"GET /api/v1/neighbours":                   "all",
	"GET /api/v1/judgements":                   "all",
	"GET /api/v1/datasets":                     "all",
	"GET /api/v1/warnings":                     "all",
	"GET /api/v1/emerging":                     "all",
	"GET /api/v1/risk":                         "all",
	"GET /api/v1/support":                      "all",
	"GET /api/v1/forecast":                     "all",
	"GET /api/":                                "all",
	"GET /":                                    "all",
	"GET /sign-in":                             "all",
	"POST /sign-in":                            "all",
	"GET /sign-in/oidc":                        "all",
	"GET /sign-in/oidc/callback":               "all",
	"POST /sign-out":                           "council partner regional national admin",
	"GET /account":                             "council partner regional national admin",
	"POST /account/password":                   "council partner regional national admin",
	"GET /validate":                            "council",
	"POST /validate":                           "council",
	"POST /validate/keep":                      "council",
	"GET /placements":                          "council",
	"POST /placements":                         "council",
	"POST /api/v1/placements":                  "council",
	"GET /link":                                "council",
	"POST /link":                               "council",
	"GET /records":                             "council regional national",
	"GET /records/{code}":                      "council regional national",
	"GET /records/pooled/data":                 "council regional national",
	"GET /records/{code}/data":                 "council regional national",
	"GET /records/{code}/children/{child}":     "council regional national",
	"GET /partner":                             "partner",
	"POST /partner":                            "partner",
	"GET /admin/audit":                         "admin",
	"GET /admin/audit/data":                    "admin",
	"GET /admin/users":                         "admin",
	"POST /admin/users":                        "admin",
	"POST /admin/users/{name}":                 "admin",
}

// samplePath turns a route pattern into a path that reaches it.
func samplePath(pattern string) string {
	_, p, _ := strings.Cut(pattern, " ")
	if p == "/" {
		return "/no-such-page"
	}
	r := strings.NewReplacer("{$}", "", "{code}", "E08000025", "{indicator}", "rereferral_pct", "{id}", "cla_rate",
		"{child}", "nobody", "{name}", "nobody")
	p = r.Replace(p)
	switch p {
	case "/assets/":
		p = "/assets/sightline.css"
	case "/api/":
		p = "/api/no-such-path"
	}
	return p
}

// try sends one request as a role with a fresh session (so that signing
// out in one cell does not sign the role out of the next), and reports
// whether it was let through.
func try(t *testing.T, role sightline.Role, method, path string) (bool, *http.Response) {
	t.Helper()
	req, _ := http.NewRequest(method, fixture.ts.URL+path, strings.NewReader(url.Values{"reason": {"testing access"}}.Encode()))
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if role != sightline.RolePublic {
		token, err := newSession(context.Background(), fixture.store, fixture.users[role])
		if err != nil {
			t.Fatal(err)
		}
		req.AddCookie(&http.Cookie{Name: "sightline_session", Value: token})
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	denied := resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden ||
		resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/sign-in?")
	if pattern := method + " " + path; pattern == "POST /sign-in" || pattern == "POST /sign-out" {
		// Signing in fails (no name) and signing out redirects home:
		// neither is a refusal by the policy.
		denied = resp.StatusCode == http.StatusForbidden || strings.HasPrefix(resp.Header.Get("Location"), "/sign-in?")
	}
	return !denied, resp
}

// TestAuthorisationMatrix tries every route as every role and checks the
// answer against the matrix above; a route added to the site without a
// line here fails.
func TestAuthorisationMatrix(t *testing.T) {
	routes := map[string]bool{}
	for _, rule := range access.Routes {
		routes[rule.Pattern] = true
		if _, ok := allowed[rule.Pattern]; !ok {
			t.Errorf("%s is in the policy but not in the test's matrix", rule.Pattern)
		}
		if got := fixture.srv.RoutePattern(mustRequest(t, rule.Pattern)); got != rule.Pattern {
			t.Errorf("%s: a request for %s reaches %q: the route is not registered", rule.Pattern, samplePath(rule.Pattern), got)
		}
	}
	for p := range allowed {
		if !routes[p] {
			t.Errorf("%s is in the test's matrix but not in the policy", p)
		}
	}
	cells := 0
	for _, rule := range access.Routes {
		method, _, _ := strings.Cut(rule.Pattern, " ")
		want := strings.Fields(allowed[rule.Pattern])
		for _, role := range sightline.Roles {
			expect := slices.Contains(want, "all") || slices.Contains(want, string(role))
			got, resp := try(t, role, method, samplePath(rule.Pattern))
			cells++
			if got != expect {
				t.Errorf("%s as %s: let through %v (status %d, Location %q), want %v", rule.Pattern, role, got, resp.StatusCode, resp.Header.Get("Location"), expect)
			}
			if !expect && role == sightline.RolePublic && !strings.HasPrefix(samplePath(rule.Pattern), "/api/") && resp.StatusCode != http.StatusSeeOther {
				t.Errorf("%s as the public: status %d, want a redirect to sign in", rule.Pattern, resp.StatusCode)
			}
			if rule.ChildLevel && resp.Header.Get("Cache-Control") != "no-store" && got {
				t.Errorf("%s as %s: Cache-Control %q on child-level data", rule.Pattern, role, resp.Header.Get("Cache-Control"))
			}
		}
	}
	t.Logf("%d routes × %d roles = %d cells checked", len(access.Routes), len(sightline.Roles), cells)
}

func mustRequest(t *testing.T, pattern string) *http.Request {
	method, _, _ := strings.Cut(pattern, " ")
	req, err := http.NewRequest(method, fixture.ts.URL+samplePath(pattern), nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// TestScope checks area scope on the kept-records routes: a council
// analyst sees only their council, a regional analyst their region, a
// national analyst every council.
func TestScope(t *testing.T) {
	for _, c := range []struct {
		role  sightline.Role
		code  string
		allow bool
	}{
		{sightline.RoleCouncil, "E08000025", true},  // Birmingham, their own
		{sightline.RoleCouncil, "E08000026", false}, // Coventry
		{sightline.RoleRegional, "E08000026", true}, // Coventry, West Midlands
		{sightline.RoleRegional, "E09000001", false},
		{sightline.RoleNational, "E09000001", true},
		{sightline.RolePartner, "E08000025", false}, // partners use the look-up, not the records
	} {
		for _, p := range []string{"/records/" + c.code + "?reason=x", "/records/" + c.code + "/data?kind=903&year=2024&reason=x", "/records/" + c.code + "/children/abc?reason=x"} {
			got, resp := try(t, c.role, http.MethodGet, p)
			if got != c.allow {
				t.Errorf("%s as %s: let through %v (status %d), want %v", p, c.role, got, resp.StatusCode, c.allow)
			}
		}
	}
	// Every refusal of child-level data is in the audit log.
	evs, err := fixture.store.AuditEvents(context.Background(), sightline.AuditQuery{Actor: "council", Since: time.Now().Add(-time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	denied := 0
	for _, e := range evs {
		if e.Outcome == "denied" && strings.Contains(e.Object, "/records/E08000026") {
			denied++
		}
	}
	if denied < 3 {
		t.Errorf("%d refusals of Coventry's records to Birmingham's analyst audited, want 3", denied)
	}
}
