package access

import (
	"strings"
	"testing"
	"time"

	"github.com/sightline-uk/sightline"
)

func TestPasswordHashAndVerify(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=4$") {
		t.Fatalf("hash %q is not an argon2id PHC string with the default parameters", h)
	}
	if rehash, err := VerifyPassword(h, "correct horse battery"); err != nil || rehash {
		t.Fatalf("right password: rehash %v, %v", rehash, err)
	}
	if _, err := VerifyPassword(h, "correct horse batterz"); err != ErrMismatch {
		t.Fatalf("wrong password: %v", err)
	}
	h2, _ := HashPassword("correct horse battery")
	if h2 == h {
		t.Fatal("two hashes of one password are the same: no salt")
	}
	weak, _ := hashWith("correct horse battery", Params{Time: 1, Memory: 8 * 1024, Threads: 1, KeyLen: 32})
	if rehash, err := VerifyPassword(weak, "correct horse battery"); err != nil || !rehash {
		t.Fatalf("weak hash: rehash %v, %v", rehash, err)
	}
	for _, bad := range []string{"", "$2a$10$abc", "$argon2id$v=19$m=0,t=0,p=0$AA$AA", "$argon2id$v=18$m=1,t=1,p=1$AA$AAAAAAAAAAAAAAAAAAAAAA", "$argon2id$v=19$m=8,t=1,p=1$!!$AA"} {
		if _, err := VerifyPassword(bad, "x"); err == nil || err == ErrMismatch {
			t.Errorf("hash %q: %v", bad, err)
		}
	}
	if err := CheckPassword("short"); err == nil {
		t.Error("a five-character password was accepted")
	}
	if err := CheckPassword("three random words"); err != nil {
		t.Error(err)
	}
}

func TestTokens(t *testing.T) {
	tok, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) < 40 || TokenHash(tok) != hash || strings.Contains(hash, tok) {
		t.Fatalf("token %q hash %q", tok, hash)
	}
	tok2, _, _ := NewToken()
	if tok2 == tok {
		t.Fatal("two tokens alike")
	}
}

func TestAuditChain(t *testing.T) {
	var evs []sightline.AuditEvent
	seq, hash := int64(0), ""
	for i, a := range []string{"login", "read", "export"} {
		e := Seal(sightline.AuditEvent{At: time.Date(2026, 11, 22, 10, i, 0, 123456789, time.UTC), Actor: "ana", Role: sightline.RoleCouncil, Action: a, Object: "x", Outcome: "ok"}, seq, hash)
		seq, hash = e.Seq, e.Hash
		evs = append(evs, e)
	}
	if evs[0].At.Nanosecond()%1000 != 0 {
		t.Fatal("Seal kept nanoseconds the stores cannot")
	}
	if err := VerifyChain(evs); err != nil {
		t.Fatal(err)
	}
	changed := append([]sightline.AuditEvent(nil), evs...)
	changed[1].Object = "y"
	if err := VerifyChain(changed); err == nil || !strings.Contains(err.Error(), "event 2") {
		t.Fatalf("changed event: %v", err)
	}
	if err := VerifyChain([]sightline.AuditEvent{evs[0], evs[2]}); err == nil {
		t.Fatal("a removed event was not found")
	}
	long := Seal(sightline.AuditEvent{Object: strings.Repeat("é", 400)}, 0, "")
	if len(long.Object) > 500 || !strings.HasPrefix(long.Object, "é") || strings.ContainsRune(long.Object, '\uFFFD') {
		t.Fatalf("clipped object has %d bytes", len(long.Object))
	}
}

func TestDecide(t *testing.T) {
	regions := func(code string) string {
		return map[string]string{"E09000001": "E12000007", "E09000002": "E12000007", "E08000025": "E12000005"}[code]
	}
	records := DefaultPolicy()["GET /records/{code}"]
	home := DefaultPolicy()["GET /{$}"]
	audit := DefaultPolicy()["GET /admin/audit"]
	public := sightline.User{Role: sightline.RolePublic}
	ana := sightline.User{Name: "ana", Role: sightline.RoleCouncil, Council: "E09000001"}
	reg := sightline.User{Name: "reg", Role: sightline.RoleRegional, Region: "E12000007"}
	nat := sightline.User{Name: "nat", Role: sightline.RoleNational}
	adm := sightline.User{Name: "adm", Role: sightline.RoleAdmin}
	pc := sightline.User{Name: "pc", Role: sightline.RolePartner, Council: "E09000001", Agency: "police"}
	cases := []struct {
		rule  Rule
		u     sightline.User
		code  string
		allow bool
	}{
		{home, public, "", true},
		{home, ana, "", true},
		{records, public, "E09000001", false},
		{records, ana, "E09000001", true},
		{records, ana, "E09000002", false},
		{records, reg, "E09000002", true},
		{records, reg, "E08000025", false},
		{records, nat, "E08000025", true},
		{records, adm, "E09000001", false},
		{records, pc, "E09000001", false},
		{audit, adm, "", true},
		{audit, nat, "", false},
	}
	for _, c := range cases {
		d := Decide(c.rule, c.u, c.code, regions)
		if d.Allow != c.allow {
			t.Errorf("%s as %s for %q: allow %v (%s), want %v", c.rule.Pattern, c.u.Role, c.code, d.Allow, d.Why, c.allow)
		}
	}
	if d := Decide(records, public, "E09000001", regions); !d.SignIn {
		t.Error("the public were not asked to sign in")
	}
	off := ana
	off.Disabled = true
	if d := Decide(records, off, "E09000001", regions); d.Allow {
		t.Error("a disabled account was let in")
	}
}

func TestPolicyTableIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Routes {
		if seen[r.Pattern] {
			t.Errorf("%s twice", r.Pattern)
		}
		seen[r.Pattern] = true
		if len(r.Roles) == 0 {
			t.Errorf("%s admits nobody", r.Pattern)
		}
		for _, role := range r.Roles {
			if !role.Valid() {
				t.Errorf("%s: unknown role %q", r.Pattern, role)
			}
		}
		open := false
		for _, role := range r.Roles {
			open = open || role == sightline.RolePublic
		}
		if r.ChildLevel && (open || r.Audit == "") {
			t.Errorf("%s shows child-level data but is open to the public or not audited", r.Pattern)
		}
		if r.Scope == InArea && !strings.Contains(r.Pattern, "{code}") {
			t.Errorf("%s is scoped to an area but has no {code}", r.Pattern)
		}
	}
}

func TestCheckUser(t *testing.T) {
	for _, u := range []sightline.User{
		{Name: "a", Role: sightline.RolePublic},
		{Name: "a", Role: "boss"},
		{Role: sightline.RoleAdmin},
		{Name: "a", Role: sightline.RoleCouncil},
		{Name: "a", Role: sightline.RolePartner, Council: "E09000001"},
		{Name: "a", Role: sightline.RoleRegional},
	} {
		if CheckUser(u) == nil {
			t.Errorf("%+v accepted", u)
		}
	}
	if err := CheckUser(sightline.User{Name: "a", Role: sightline.RoleNational}); err != nil {
		t.Error(err)
	}
}
