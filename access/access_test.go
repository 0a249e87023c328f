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

func TestSharedFields(t *testing.T) {
	cells := []Cell{
		{Kind: "903", Year: 2024, Table: "Episodes", Row: 1, Field: "DECOM", Value: "01/05/2023"},
		{Kind: "903", Year: 2024, Table: "Episodes", Row: 1, Field: "LS", Value: "C1"},
		{Kind: "903", Year: 2024, Table: "Episodes", Row: 1, Field: "PLACE", Value: "U6"},
		{Kind: "903", Year: 2024, Table: "Episodes", Row: 1, Field: "DEC", Value: "01/09/2023"},
		{Kind: "903", Year: 2024, Table: "Episodes", Row: 2, Field: "DECOM", Value: "01/09/2023"},
		{Kind: "903", Year: 2024, Table: "Episodes", Row: 2, Field: "LS", Value: "C2"},
		{Kind: "903", Year: 2024, Table: "Episodes", Row: 2, Field: "PLACE", Value: "K2"},
		{Kind: "903", Year: 2024, Table: "Episodes", Row: 2, Field: "DEC", Value: ""},
		{Kind: "903", Year: 2023, Table: "Episodes", Row: 9, Field: "DECOM", Value: "01/01/2023"},
		{Kind: "903", Year: 2024, Table: "Missing", Row: 1, Field: "MISSING", Value: "M"},
		{Kind: "903", Year: 2024, Table: "Missing", Row: 2, Field: "MISSING", Value: "A"},
		{Kind: "903", Year: 2024, Table: "Missing", Row: 3, Field: "MISSING", Value: "M"},
		{Kind: "cin", Year: 2024, Table: "ChildProtectionPlans", Row: 4, Field: "CPPstartDate", Value: "2024-02-01"},
		{Kind: "cin", Year: 2024, Table: "ChildProtectionPlans", Row: 4, Field: "CPPendDate", Value: ""},
	}
	got := map[string]string{}
	for _, f := range Shared("police", cells) {
		got[f.ID] = f.Value
	}
	want := map[string]string{
		"looked_after":     "Yes, at the end of the latest return",
		"legal_status":     "Full care order (C2)",
		"placement":        "Children's home (K2)",
		"missing":          "missing 2 times, away without authorisation once",
		"child_protection": "Yes, since 2024-02-01",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if n := len(Shared("school_census", cells)); n != 2 {
		t.Errorf("a school is told %d fields, want 2", n)
	}
	if Shared("unknown agency", cells) != nil {
		t.Error("an agency with no agreement was told something")
	}
	if v := Shared("health", nil)[0].Value; v != "Not in the latest return" {
		t.Errorf("no cells: %q", v)
	}
}
