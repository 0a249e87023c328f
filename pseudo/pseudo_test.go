package pseudo

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPseudonym(t *testing.T) {
	key := bytes.Repeat([]byte{1}, KeySize)
	a := Pseudonym(key, "566910")
	if len(a) != 64 || strings.Trim(a, "0123456789abcdef") != "" {
		t.Fatalf("pseudonym %q is not 64 hex digits", a)
	}
	if Pseudonym(key, " 566910 ") != a {
		t.Error("the same id with spaces should give the same pseudonym")
	}
	if Pseudonym(key, "566911") == a {
		t.Error("different ids gave the same pseudonym")
	}
	other := bytes.Repeat([]byte{2}, KeySize)
	if Pseudonym(other, "566910") == a {
		t.Error("a different key gave the same pseudonym")
	}
	p, err := New(key)
	if err != nil {
		t.Fatal(err)
	}
	if p.Of("566910") != a || p.Of("566910") != a {
		t.Error("Pseudonymiser disagrees with Pseudonym")
	}
	if _, err := New(key[:16]); err == nil {
		t.Error("a 16-byte key was accepted")
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "conf", "sightline", "903.key")
	k1, created, err := LoadOrCreateKey(path)
	if err != nil || !created || len(k1) != KeySize {
		t.Fatalf("first use: %d bytes, created %v, %v", len(k1), created, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	k2, created, err := LoadOrCreateKey(path)
	if err != nil || created || !bytes.Equal(k1, k2) {
		t.Fatalf("second use: created %v, same %v, %v", created, bytes.Equal(k1, k2), err)
	}
	os.WriteFile(path, []byte("not a key"), 0o600)
	if _, _, err := LoadOrCreateKey(path); err == nil || !strings.Contains(err.Error(), "not a pseudonymisation key") {
		t.Errorf("a damaged key file: %v", err)
	}
}

func TestDefaultKeyPath(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/tmp/xdg")
	p, err := DefaultKeyPath()
	if err != nil || p != "/tmp/xdg/sightline/903.key" {
		t.Errorf("DefaultKeyPath = %q, %v", p, err)
	}
}
