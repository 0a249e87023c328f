package main

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/snapshot"
)

// needsSnapshot reports whether the bundled England snapshot should be
// imported on opening: the store is empty (a first start), or it holds
// some of the bundled files exactly as bundled and nothing else (a first
// start cut short by a kill, a full disk or a lost connection), which
// importing the snapshot again finishes, each file already there
// unchanged. A store holding anything of the user's own is left alone.
func needsSnapshot(ds []sightline.Dataset) bool {
	files := snapshot.Files()
	if len(ds) == 0 {
		return true
	}
	if len(ds) >= len(files) {
		return false
	}
	bundled := map[string]snapshot.File{}
	for _, f := range files {
		bundled[f.Name] = f
	}
	for _, d := range ds {
		f, ok := bundled[d.File]
		if !ok {
			return false
		}
		data, err := f.Read()
		if err != nil {
			return false
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != d.SHA256 {
			return false
		}
	}
	return true
}
