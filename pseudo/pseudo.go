// Package pseudo turns children's ids into pseudonyms with a keyed hash, so
// a council can keep its SSDA903 returns, CIN censuses and linked partner
// records in Sightline's database and link a child across years and
// sources without the database ever holding the child's id.
//
// The key lives in a file outside the database: whoever holds only the
// database cannot reverse or even test a guessed id, and the same key gives
// the same pseudonym every year so returns link up.
package pseudo

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// KeySize is the key's length in bytes: 32, the size of HMAC-SHA256's
// output, the strength the hash offers.
const KeySize = 32

// Pseudonym is the child's id hashed with HMAC-SHA256 under key, in lower
// case hex (64 characters). Ids are trimmed first so " 123" and "123" in two
// years' exports link.
func Pseudonym(key []byte, id string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strings.TrimSpace(id)))
	return hex.EncodeToString(m.Sum(nil))
}

// Pseudonymiser hashes many ids under one key, remembering each, because a
// return names the same child in many rows.
type Pseudonymiser struct {
	key  []byte
	seen map[string]string
}

// New returns a Pseudonymiser for key, which must be KeySize bytes so a
// short or truncated key file is never used by mistake.
func New(key []byte) (*Pseudonymiser, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("pseudonymisation key is %d bytes; it must be %d", len(key), KeySize)
	}
	return &Pseudonymiser{key: append([]byte(nil), key...), seen: map[string]string{}}, nil
}

// Of returns id's pseudonym.
func (p *Pseudonymiser) Of(id string) string {
	if s, ok := p.seen[id]; ok {
		return s
	}
	s := Pseudonym(p.key, id)
	p.seen[id] = s
	return s
}

// DefaultKeyPath is $XDG_CONFIG_HOME/sightline/903.key (or the platform's
// user configuration directory), outside any database file.
func DefaultKeyPath() (string, error) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		var err error
		if dir, err = os.UserConfigDir(); err != nil {
			return "", fmt.Errorf("no configuration directory for the pseudonymisation key (set XDG_CONFIG_HOME or --key-file): %w", err)
		}
	}
	return filepath.Join(dir, "sightline", "903.key"), nil
}

// LoadOrCreateKey reads the key file, or creates it with a fresh random key
// (mode 0600, directory 0700) when it does not exist yet. created reports a
// new key, so the caller can tell the user to back it up: without it, later
// returns will not link to earlier ones.
func LoadOrCreateKey(path string) (key []byte, created bool, err error) {
	key, err = ReadKey(path)
	if err == nil {
		return key, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, err
	}
	key = make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, false, err
	}
	// O_EXCL: never overwrite a key another process created meanwhile.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			key, err = ReadKey(path)
			return key, false, err
		}
		return nil, false, err
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return nil, false, err
	}
	if err := f.Close(); err != nil {
		return nil, false, err
	}
	return key, true, nil
}

// ReadKey reads a key file: 64 hex digits (surrounding white space allowed).
// Its error wraps fs.ErrNotExist when the file is missing.
func ReadKey(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(key) != KeySize {
		return nil, fmt.Errorf("%s is not a pseudonymisation key (%d hex digits)", path, 2*KeySize)
	}
	return key, nil
}
