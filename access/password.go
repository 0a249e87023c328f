// Package access decides who may see what: password hashing, session
// tokens, the one policy table that authorises every route, and the audit
// log's hash chain. It holds no storage and no HTTP; the stores keep
// accounts and events, and package http asks this package before it
// answers.
package access

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters. The default is RFC 9106's second
// recommended option (t=3, 64 MiB, 4 lanes): strong, and about a tenth of a
// second on a small server, which is also what slows guessing.
type Params struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
	KeyLen  uint32
}

// DefaultParams hash every new password; a stored hash made with other
// parameters still verifies and is reported for rehashing.
var DefaultParams = Params{Time: 3, Memory: 64 * 1024, Threads: 4, KeyLen: 32}

// MinPasswordLength follows NCSC guidance: length, not composition rules,
// makes a password hard to guess.
const MinPasswordLength = 12

// ErrMismatch is a wrong password.
var ErrMismatch = errors.New("the password does not match")

// CheckPassword says why a new password is refused, in words a person can
// act on; nil when it is acceptable.
func CheckPassword(pw string) error {
	if n := utf8.RuneCountInString(pw); n < MinPasswordLength {
		return fmt.Errorf("the password has %d characters; use at least %d (three random words work well)", n, MinPasswordLength)
	}
	if len(pw) > 1024 {
		return errors.New("the password is longer than 1,024 bytes")
	}
	return nil
}

// HashPassword returns an argon2id hash in the PHC string form
// ($argon2id$v=19$m=…,t=…,p=…$salt$key) that other tools read too.
func HashPassword(pw string) (string, error) { return hashWith(pw, DefaultParams) }

func hashWith(pw string, p Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// VerifyPassword checks pw against a stored hash in constant time. rehash
// is true when the hash used weaker parameters than DefaultParams, so the
// caller can store a fresh one after a successful sign-in.
func VerifyPassword(hash, pw string) (rehash bool, err error) {
	p, salt, key, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return false, ErrMismatch
	}
	d := DefaultParams
	return p.Time < d.Time || p.Memory < d.Memory || p.Threads < d.Threads || len(key) < int(d.KeyLen), nil
}

func parseHash(h string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(h, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, fmt.Errorf("unsupported argon2 version %q", parts[2])
	}
	var threads uint32
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &threads); err != nil || threads == 0 || threads > 255 || p.Time == 0 || p.Memory == 0 {
		return p, nil, nil, fmt.Errorf("bad argon2 parameters %q", parts[3])
	}
	p.Threads = uint8(threads)
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, errors.New("bad argon2 salt")
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) < 16 {
		return p, nil, nil, errors.New("bad argon2 key")
	}
	return p, salt, key, nil
}

// NewToken returns a fresh session token for the browser's cookie and the
// SHA-256 hex digest the store keeps in its place.
func NewToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, TokenHash(token), nil
}

// TokenHash is the digest a session is stored under.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
