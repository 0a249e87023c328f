package http

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/sightline-uk/sightline"
)

// OIDCConfig connects Sightline to a council's identity provider (Entra
// ID, Google Workspace, Okta…) by OpenID Connect. Accounts still come from
// the administrator, who records each person's subject: the provider says
// who someone is, Sightline decides what they may see.
type OIDCConfig struct {
	Issuer       string // e.g. https://login.microsoftonline.com/<tenant>/v2.0
	ClientID     string
	ClientSecret string
	// RedirectURL is this site's callback as registered with the provider:
	// https://<host>/sign-in/oidc/callback.
	RedirectURL string
}

type oidcProvider struct {
	verifier *oidc.IDTokenVerifier
	config   oauth2.Config
}

// oidcCookie carries the sign-in's state, nonce and PKCE verifier through
// the provider and back; it lives ten minutes.
const oidcCookie = "sightline_oidc"

// EnableOIDC reads the provider's discovery document and turns on "Sign in
// with your council's account".
func (s *Server) EnableOIDC(ctx context.Context, cfg OIDCConfig) error {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return errors.New("OpenID Connect needs an issuer, a client id and a redirect URL")
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return fmt.Errorf("OpenID Connect provider %s: %w", cfg.Issuer, err)
	}
	s.oidc = &oidcProvider{
		verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID}),
		config: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: p.Endpoint(),
			RedirectURL: cfg.RedirectURL, Scopes: []string{oidc.ScopeOpenID, "profile", "email"}},
	}
	return nil
}

func randomString() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// oidcStart sends the browser to the provider with a fresh state, nonce
// and PKCE challenge.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) {
	if s.oidc == nil {
		s.notFound(w, r)
		return
	}
	state, nonce, verifier := randomString(), randomString(), oauth2.GenerateVerifier()
	next := safeNext(r.URL.Query().Get("next"))
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: strings.Join([]string{state, nonce, verifier, base64.RawURLEncoding.EncodeToString([]byte(next))}, "."),
		Path: "/sign-in/oidc", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r), MaxAge: 600})
	http.Redirect(w, r, s.oidc.config.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// oidcCallback finishes the sign-in: the state must match, the code is
// exchanged with the PKCE verifier, and the ID token's signature, audience,
// expiry and nonce are checked before the subject is looked up.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	if s.oidc == nil {
		s.notFound(w, r)
		return
	}
	fail := func(why, msg string) {
		s.audit(r, sightline.AuditEvent{Actor: "oidc", Role: sightline.RolePublic, Action: "login", Object: "identity provider", Outcome: "failed", Reason: why})
		s.render(w, r, http.StatusUnauthorized, "signin", page{Title: "Sign in", Data: signInData{Next: "/account", Err: msg, OIDC: true}})
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/sign-in/oidc", HttpOnly: true, MaxAge: -1})
	c, err := r.Cookie(oidcCookie)
	parts := []string{}
	if err == nil {
		parts = strings.Split(c.Value, ".")
	}
	if len(parts) != 4 || r.URL.Query().Get("state") != parts[0] || parts[0] == "" {
		fail("state missing or not matching", "The sign-in took too long or was started elsewhere. Try again.")
		return
	}
	if e := r.URL.Query().Get("error"); e != "" {
		fail("provider said "+e, "Your council's sign-in service did not sign you in.")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	tok, err := s.oidc.config.Exchange(ctx, r.URL.Query().Get("code"), oauth2.VerifierOption(parts[2]))
	if err != nil {
		fail("code exchange: "+err.Error(), "Your council's sign-in service could not be reached. Try again.")
		return
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		fail("no id_token", "Your council's sign-in service gave no identity.")
		return
	}
	idt, err := s.oidc.verifier.Verify(ctx, raw)
	if err != nil {
		fail("id token: "+err.Error(), "Your council's sign-in service gave an identity Sightline could not check.")
		return
	}
	if idt.Nonce != parts[1] {
		fail("nonce does not match", "The sign-in could not be checked. Try again.")
		return
	}
	u, err := s.accounts.UserBySubject(r.Context(), idt.Subject)
	if err != nil || u.Disabled {
		fail("no enabled account for subject "+idt.Subject, "You have no Sightline account yet. Ask your Sightline administrator to add one for subject "+idt.Subject+".")
		return
	}
	if err := s.startSession(w, r, u, "identity provider"); err != nil {
		s.serverError(w, err)
		return
	}
	next := "/account"
	if b, err := base64.RawURLEncoding.DecodeString(parts[3]); err == nil {
		next = safeNext(string(b))
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
