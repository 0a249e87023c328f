package sightline

import (
	"context"
	"errors"
	"time"
)

// Role is what a signed-in person may see. Sightline holds child-level
// records beside figures meant for everyone, so every route names the roles
// it admits (package access holds that policy table).
type Role string

// The roles. Public needs no account and sees aggregates only. A council
// analyst sees their own council's returns and records; a partner (police,
// health, a school) sees only the linked fields shared with their agency,
// for their area; regional and national analysts see pooled, pseudonymised
// records for their region or for England; an administrator manages
// accounts and reads the audit log, but no child's record.
const (
	RolePublic   Role = "public"
	RoleCouncil  Role = "council"
	RolePartner  Role = "partner"
	RoleRegional Role = "regional"
	RoleNational Role = "national"
	RoleAdmin    Role = "admin"
)

// Roles lists every role, public first, so that policy tests can try each.
var Roles = []Role{RolePublic, RoleCouncil, RolePartner, RoleRegional, RoleNational, RoleAdmin}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// User is an account. Its scope fields say whose records it may see: a
// council analyst's Council, a regional analyst's Region, a partner's
// Agency and Council (the area it serves).
type User struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"` // the sign-in name, unique
	Email string `json:"email,omitempty"`
	Role  Role   `json:"role"`
	// Council is the ONS code of the council a council analyst works for,
	// or whose area a partner serves.
	Council string `json:"council,omitempty"`
	// Region is the ONS region code a regional analyst covers.
	Region string `json:"region,omitempty"`
	// Agency is a partner's agency: the person index's source name for
	// its records (police, health, school).
	Agency string `json:"agency,omitempty"`
	// PasswordHash is an argon2id PHC string; empty for accounts that sign
	// in only through the council's identity provider.
	PasswordHash string `json:"-"`
	// Subject is the identity provider's subject for OpenID Connect sign-in.
	Subject   string    `json:"subject,omitempty"`
	Disabled  bool      `json:"disabled,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Session is a signed-in browser. Only the SHA-256 of its token is kept, so
// a copy of the database cannot be used to sign in.
type Session struct {
	TokenHash string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// ErrNotFound is returned by lookups that find nothing, so callers can tell
// "no such user" from a failing database.
var ErrNotFound = errors.New("not found")

// Accounts keeps users and their sessions.
type Accounts interface {
	// AddUser creates an account and returns it with its ID; a taken name
	// is an error.
	AddUser(ctx context.Context, u User) (User, error)
	// UpdateUser rewrites an account's role, scope, password hash and
	// disabled flag (looked up by ID).
	UpdateUser(ctx context.Context, u User) error
	UserByName(ctx context.Context, name string) (User, error)
	UserBySubject(ctx context.Context, subject string) (User, error)
	Users(ctx context.Context) ([]User, error)
	CreateSession(ctx context.Context, s Session) error
	// SessionUser returns the live session with that token hash and its
	// user; an expired session or a disabled user is ErrNotFound.
	SessionUser(ctx context.Context, tokenHash string, now time.Time) (Session, User, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteUserSessions signs a user out everywhere (after a password
	// change or when an account is disabled).
	DeleteUserSessions(ctx context.Context, userID int64) error
	// DeleteExpiredSessions clears sessions that ended before now, so the
	// table holds only live ones.
	DeleteExpiredSessions(ctx context.Context, now time.Time) error
}

// AuditEvent is one line of the audit log: who did what, to what, when and
// why. Events are chained: each carries the hash of the one before, so a
// changed or deleted line shows.
type AuditEvent struct {
	Seq    int64     `json:"seq"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"` // user name, "public", or "cli:<os user>"
	Role   Role      `json:"role"`
	Action string    `json:"action"` // e.g. login, login-failed, read, import, export, keep
	// Object names what was touched: a route, a council's return, a child's
	// pseudonym, a file.
	Object  string `json:"object"`
	Reason  string `json:"reason,omitempty"` // the purpose the person gave
	Outcome string `json:"outcome"`          // allowed, denied, ok, failed
	Remote  string `json:"remote,omitempty"` // client address for web events
	Prev    string `json:"prev"`             // hash of the previous event
	Hash    string `json:"hash"`
}

// AuditQuery selects audit events, newest first.
type AuditQuery struct {
	Actor  string
	Action string
	Since  time.Time
	Limit  int // 0: all
}

// AuditLog is append-only: there is no way to change or remove an event.
type AuditLog interface {
	// Append stores an event after the latest one, filling Seq, Prev and
	// Hash, and returns it as stored.
	Append(ctx context.Context, e AuditEvent) (AuditEvent, error)
	AuditEvents(ctx context.Context, q AuditQuery) ([]AuditEvent, error)
}
