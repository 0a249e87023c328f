package main

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/snapshot"
)

func TestNeedsSnapshot(t *testing.T) {
	var all []sightline.Dataset
	for _, f := range snapshot.Files() {
		data, err := f.Read()
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		all = append(all, sightline.Dataset{ID: f.Name, File: f.Name, SHA256: hex.EncodeToString(sum[:])})
	}
	newer := all[0]
	newer.SHA256 = "0000"
	own := sightline.Dataset{ID: "own", File: "children-in-need_2026.csv", SHA256: "1111"}
	for _, c := range []struct {
		name string
		ds   []sightline.Dataset
		want bool
	}{
		{"empty store", nil, true},
		{"first start stopped after two files", all[:2], true},
		{"every bundled file", all, false},
		{"a newer release under a bundled file's name", []sightline.Dataset{newer, all[1]}, false},
		{"a file of the user's own", []sightline.Dataset{all[0], own}, false},
	} {
		if got := needsSnapshot(c.ds); got != c.want {
			t.Errorf("%s: needsSnapshot %v, want %v", c.name, got, c.want)
		}
	}
}
