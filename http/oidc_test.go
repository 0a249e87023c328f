package http_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/sightline-uk/sightline"
	shttp "github.com/sightline-uk/sightline/http"
)

// fakeIdP is a minimal OpenID Connect provider: discovery, keys, an
// authorisation endpoint that signs in whoever it is told to, and a token
// endpoint that checks the PKCE verifier and signs an ID token.
type fakeIdP struct {
	*httptest.Server
	key     *rsa.PrivateKey
	subject string
	mu      sync.Mutex
	codes   map[string][2]string // code → nonce, challenge
}

func newFakeIdP(t *testing.T) *fakeIdP {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &fakeIdP{key: key, codes: map[string][2]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"issuer": p.URL, "authorization_endpoint": p.URL + "/authorize",
			"token_endpoint": p.URL + "/token", "jwks_uri": p.URL + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"},
			"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"}})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("code_challenge_method") != "S256" {
			http.Error(w, "PKCE required", 400)
			return
		}
		code := "code-" + q.Get("state")[:8]
		p.mu.Lock()
		p.codes[code] = [2]string{q.Get("nonce"), q.Get("code_challenge")}
		p.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		p.mu.Lock()
		c, ok := p.codes[r.Form.Get("code")]
		p.mu.Unlock()
		sum := sha256.Sum256([]byte(r.Form.Get("code_verifier")))
		if !ok || base64.RawURLEncoding.EncodeToString(sum[:]) != c[1] {
			http.Error(w, `{"error":"invalid_grant"}`, 400)
			return
		}
		signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1"))
		claims, _ := json.Marshal(map[string]any{"iss": p.URL, "sub": p.subject, "aud": "sightline", "exp": time.Now().Add(5 * time.Minute).Unix(),
			"iat": time.Now().Unix(), "nonce": c[0]})
		jws, _ := signer.Sign(claims)
		tok, _ := jws.CompactSerialize()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": tok})
	})
	p.Server = httptest.NewServer(mux)
	t.Cleanup(p.Close)
	return p
}

// TestOIDCSignIn signs in through an identity provider: the provider's
// subject must belong to an enabled account, and the state, PKCE verifier,
// signature and nonce must all check.
func TestOIDCSignIn(t *testing.T) {
	idp := newFakeIdP(t)
	ctx := context.Background()
	if err := fixture.srv.EnableOIDC(ctx, shttp.OIDCConfig{Issuer: idp.URL, ClientID: "sightline", ClientSecret: "s",
		RedirectURL: fixture.ts.URL + "/sign-in/oidc/callback"}); err != nil {
		t.Fatal(err)
	}
	if _, err := fixture.store.AddUser(ctx, sightline.User{Name: "entra-user", Role: sightline.RoleNational, Subject: "idp|entra-user"}); err != nil {
		t.Fatal(err)
	}
	signIn := func(subject string) (*http.Response, *cookiejar.Jar) {
		idp.subject = subject
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
		resp, err := c.Get(fixture.ts.URL + "/sign-in/oidc?next=/records")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp, jar
	}
	resp, jar := signIn("idp|entra-user")
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/records" {
		t.Fatalf("signed in through the provider: ended at %s with %d", resp.Request.URL, resp.StatusCode)
	}
	u, _ := url.Parse(fixture.ts.URL)
	var session bool
	for _, c := range jar.Cookies(u) {
		session = session || c.Name == "sightline_session"
	}
	if !session {
		t.Error("no session cookie after signing in through the provider")
	}
	resp, _ = signIn("idp|stranger")
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a subject with no account: %d, want 401", resp.StatusCode)
	}
	// A callback with a forged state is refused.
	resp, body := getAs(t, sightline.RolePublic, "/sign-in/oidc/callback?code=x&state=forged")
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "Try again") {
		t.Errorf("forged state: %d", resp.StatusCode)
	}
	evs, _ := fixture.store.AuditEvents(ctx, sightline.AuditQuery{Action: "login"})
	var ok, failed bool
	for _, e := range evs {
		ok = ok || e.Actor == "entra-user" && e.Outcome == "ok" && e.Object == "identity provider"
		failed = failed || e.Outcome == "failed" && strings.Contains(e.Reason, "idp|stranger")
	}
	if !ok || !failed {
		t.Errorf("audit: provider sign-in ok %v, stranger refused %v", ok, failed)
	}
}
