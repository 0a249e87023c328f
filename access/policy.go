package access

import (
	"fmt"
	"slices"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/geography"
)

// Scope says how a route's council (its {code} path value) is checked
// against the user's own scope.
type Scope int

const (
	// Open routes carry no council, or only published aggregates.
	Open Scope = iota
	// InArea routes show one council's records: a council analyst's own
	// council, a partner's area, a regional analyst's region, a national
	// analyst's England.
	InArea
)

// Rule authorises one route: the roles it admits and what it touches.
type Rule struct {
	// Pattern is the route exactly as package http registers it.
	Pattern string
	// Roles admitted; RolePublic means everyone, signed in or not.
	Roles []sightline.Role
	Scope Scope
	// ChildLevel routes show or take records about individual children:
	// they are never cached, never shown to the public, and every request
	// is written to the audit log.
	ChildLevel bool
	// Audit names the route's action in the audit log (read, export,
	// keep, …): for child-level routes the policy writes it before the
	// handler runs; other audited routes' handlers write it with their
	// outcome. Refusals are written under it too. Empty for routes not
	// audited.
	Audit string
}

var (
	everyone = []sightline.Role{sightline.RolePublic}
	signedIn = []sightline.Role{sightline.RoleCouncil, sightline.RolePartner, sightline.RoleRegional, sightline.RoleNational, sightline.RoleAdmin}
	council  = []sightline.Role{sightline.RoleCouncil}
	pooled   = []sightline.Role{sightline.RoleCouncil, sightline.RoleRegional, sightline.RoleNational}
	partner  = []sightline.Role{sightline.RolePartner}
	admin    = []sightline.Role{sightline.RoleAdmin}
)

// Routes is the one policy table: every route the website and API serve,
// with who may use it. Package http refuses to register a route missing
// here, and its tests try every route as every role.
var Routes = []Rule{
	// Published aggregates: everyone.
	{Pattern: "GET /assets/", Roles: everyone},
	{Pattern: "GET /healthz", Roles: everyone},
	{Pattern: "GET /{$}", Roles: everyone},
	{Pattern: "GET /councils", Roles: everyone},
	{Pattern: "GET /councils/{code}", Roles: everyone},
	{Pattern: "GET /councils/{code}/data", Roles: everyone},
	{Pattern: "GET /councils/{code}/support/{indicator}", Roles: everyone},
	{Pattern: "GET /indicators", Roles: everyone},
	{Pattern: "GET /indicators/{id}", Roles: everyone},
	{Pattern: "GET /indicators/{id}/data", Roles: everyone},
	{Pattern: "GET /compare", Roles: everyone},
	{Pattern: "GET /compare/data", Roles: everyone},
	{Pattern: "GET /emerging", Roles: everyone},
	{Pattern: "GET /forecast", Roles: everyone},
	{Pattern: "GET /search", Roles: everyone},
	{Pattern: "GET /data", Roles: everyone},
	{Pattern: "GET /data/england", Roles: everyone},
	{Pattern: "GET /data/indicators", Roles: everyone},
	{Pattern: "GET /data/ofsted", Roles: everyone},
	{Pattern: "GET /data/{id}", Roles: everyone},
	{Pattern: "GET /api", Roles: everyone},
	{Pattern: "GET /api/v1/openapi.json", Roles: everyone},
	{Pattern: "GET /api/v1/councils", Roles: everyone},
	{Pattern: "GET /api/v1/councils/{code}", Roles: everyone},
	{Pattern: "GET /api/v1/indicators", Roles: everyone},
	{Pattern: "GET /api/v1/indicators/{id}", Roles: everyone},
	{Pattern: "GET /api/v1/values", Roles: everyone},
	{Pattern: "GET /api/v1/comparisons", Roles: everyone},
	{Pattern: "GET /api/v1/neighbours", Roles: everyone},
	{Pattern: "GET /api/v1/judgements", Roles: everyone},
	{Pattern: "GET /api/v1/datasets", Roles: everyone},
	{Pattern: "GET /api/v1/warnings", Roles: everyone},
	{Pattern: "GET /api/v1/emerging", Roles: everyone},
	{Pattern: "GET /api/v1/risk", Roles: everyone},
	{Pattern: "GET /api/v1/support", Roles: everyone},
	{Pattern: "GET /api/v1/forecast", Roles: everyone},
	{Pattern: "GET /api/", Roles: everyone},
	{Pattern: "GET /", Roles: everyone},

	// Signing in and out.
	{Pattern: "GET /sign-in", Roles: everyone},
	{Pattern: "POST /sign-in", Roles: everyone, Audit: "login"},
	{Pattern: "GET /sign-in/oidc", Roles: everyone},
	{Pattern: "GET /sign-in/oidc/callback", Roles: everyone, Audit: "login"},
	{Pattern: "POST /sign-out", Roles: signedIn, Audit: "logout"},
	{Pattern: "GET /account", Roles: signedIn},
	{Pattern: "POST /account/password", Roles: signedIn, Audit: "password"},

	// A council's own returns and records, checked and used in the
	// session: council analysts.
	{Pattern: "GET /validate", Roles: council},
	{Pattern: "POST /validate", Roles: council, ChildLevel: true, Audit: "check"},
	{Pattern: "POST /validate/keep", Roles: council, ChildLevel: true, Audit: "keep"},
	{Pattern: "GET /placements", Roles: council},
	{Pattern: "POST /placements", Roles: council, ChildLevel: true, Audit: "forecast"},
	{Pattern: "POST /api/v1/placements", Roles: council, ChildLevel: true, Audit: "forecast"},
	{Pattern: "GET /link", Roles: council},
	{Pattern: "POST /link", Roles: council, ChildLevel: true, Audit: "link"},

	// Kept records, pseudonymised: a council's own, or pooled across a
	// region or England.
	{Pattern: "GET /records", Roles: pooled},
	{Pattern: "GET /records/pooled/data", Roles: pooled, ChildLevel: true, Audit: "export"},
	{Pattern: "GET /records/{code}", Roles: pooled, Scope: InArea, ChildLevel: true, Audit: "read"},
	{Pattern: "GET /records/{code}/data", Roles: pooled, Scope: InArea, ChildLevel: true, Audit: "export"},
	{Pattern: "GET /records/{code}/children/{child}", Roles: pooled, Scope: InArea, ChildLevel: true, Audit: "read"},

	// Partners: the fields shared with their agency, for their area.
	{Pattern: "GET /partner", Roles: partner},
	{Pattern: "POST /partner", Roles: partner, ChildLevel: true, Audit: "read"},

	// Administration: accounts and the audit log, never a child's record.
	{Pattern: "GET /admin/audit", Roles: admin, Audit: "read-audit"},
	{Pattern: "GET /admin/audit/data", Roles: admin, Audit: "export-audit"},
	{Pattern: "GET /admin/users", Roles: admin},
	{Pattern: "POST /admin/users", Roles: admin, Audit: "user-add"},
	{Pattern: "POST /admin/users/{name}", Roles: admin, Audit: "user-change"},
}

// Policy finds a route's rule by its pattern.
type Policy map[string]Rule

// DefaultPolicy is Routes keyed by pattern.
func DefaultPolicy() Policy {
	p := Policy{}
	for _, r := range Routes {
		p[r.Pattern] = r
	}
	return p
}

// Decision is the answer for one request.
type Decision struct {
	Allow bool
	// SignIn is true when the route admits roles the visitor might sign
	// in as: the answer is a sign-in page, not a refusal.
	SignIn bool
	Why    string
}

// Regions tells a council's region, so a regional analyst's scope can be
// checked without package access knowing the geography.
type Regions func(council string) string

// Decide answers whether u may use the route of rule r for council code
// (the route's {code}, empty when it has none). An anonymous visitor is a
// User with RolePublic.
func Decide(r Rule, u sightline.User, code string, regionOf Regions) Decision {
	if slices.Contains(r.Roles, sightline.RolePublic) {
		return Decision{Allow: true, Why: "open to everyone"}
	}
	if u.Role == sightline.RolePublic || u.Role == "" {
		return Decision{SignIn: true, Why: "sign in to use this page"}
	}
	if u.Disabled {
		return Decision{Why: "the account is disabled"}
	}
	if !slices.Contains(r.Roles, u.Role) {
		return Decision{Why: fmt.Sprintf("a %s account cannot use this page", RoleName(u.Role))}
	}
	if r.Scope == InArea {
		if !InScope(u, code, regionOf) {
			return Decision{Why: fmt.Sprintf("council %s is outside this account's area", code)}
		}
	}
	return Decision{Allow: true, Why: "role " + string(u.Role)}
}

// InScope reports whether council code is within u's area: their own
// council, their region, or England for a national analyst.
func InScope(u sightline.User, code string, regionOf Regions) bool {
	if code == "" {
		return false
	}
	switch u.Role {
	case sightline.RoleNational:
		return true
	case sightline.RoleRegional:
		return u.Region != "" && regionOf != nil && regionOf(code) == u.Region
	case sightline.RoleCouncil, sightline.RolePartner:
		return u.Council != "" && u.Council == code
	}
	return false
}

// RoleName is how a role is written for people.
func RoleName(r sightline.Role) string {
	switch r {
	case sightline.RoleCouncil:
		return "council analyst"
	case sightline.RolePartner:
		return "partner"
	case sightline.RoleRegional:
		return "regional analyst"
	case sightline.RoleNational:
		return "national analyst"
	case sightline.RoleAdmin:
		return "administrator"
	}
	return "public"
}

// CheckUser says what is wrong with an account's scope for its role.
func CheckUser(u sightline.User) error {
	if !u.Role.Valid() || u.Role == sightline.RolePublic {
		return fmt.Errorf("role %q is not one of council, partner, regional, national, admin", u.Role)
	}
	if u.Name == "" {
		return fmt.Errorf("the account needs a name")
	}
	switch u.Role {
	case sightline.RoleCouncil:
		if u.Council == "" {
			return fmt.Errorf("a council analyst needs their council's ONS code")
		}
	case sightline.RolePartner:
		if u.Council == "" || u.Agency == "" {
			return fmt.Errorf("a partner needs the council area they serve and their agency")
		}
	case sightline.RoleRegional:
		if u.Region == "" {
			return fmt.Errorf("a regional analyst needs their region's ONS code")
		}
	}
	return nil
}

// CheckScope checks an account against the register as well: its council
// or region must be one Sightline knows, and a partner's agency one with
// an information-sharing agreement. The administration page and the
// users command both ask it.
func CheckScope(u sightline.User, reg *geography.Register) error {
	if err := CheckUser(u); err != nil {
		return err
	}
	if u.Council != "" && reg.Council(u.Council) == nil {
		return fmt.Errorf("%q is not a council's ONS code", u.Council)
	}
	if u.Region != "" && !slices.ContainsFunc(reg.Councils(), func(c *sightline.Council) bool { return c.RegionCode == u.Region }) {
		return fmt.Errorf("%q is not a region's ONS code", u.Region)
	}
	if _, ok := Sharing[u.Agency]; u.Role == sightline.RolePartner && !ok {
		return fmt.Errorf("agency %q has no information-sharing agreement; use police, health or school_census", u.Agency)
	}
	return nil
}
