// Package snapshot carries a compressed copy of the published England
// statistics Sightline starts with, so a fresh clone serves real data with no
// download. PROVENANCE.md says where each file came from.
package snapshot

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
)

//go:embed england/*.gz
var files embed.FS

// File is one bundled source file.
type File struct {
	Name string // the published file name, without .gz
	path string
}

// Files lists the bundled files in a stable order (reference data first, so
// that councils and neighbours exist before the statistics that use them).
func Files() []File {
	entries, _ := fs.ReadDir(files, "england")
	var out []File
	for _, e := range entries {
		out = append(out, File{Name: strings.TrimSuffix(e.Name(), ".gz"), path: "england/" + e.Name()})
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i].Name) < rank(out[j].Name) })
	return out
}

func rank(name string) int {
	switch {
	case strings.Contains(name, "population"):
		return 0
	case strings.Contains(name, "Neighbour") || strings.HasPrefix(name, "sn_"):
		return 1
	case strings.Contains(name, "ofsted"):
		return 2
	}
	return 3
}

// Read returns the decompressed contents.
func (f File) Read() ([]byte, error) {
	raw, err := files.ReadFile(f.path)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return io.ReadAll(zr)
}

// Lookup finds a bundled file by its published name.
func Lookup(name string) (File, bool) {
	for _, f := range Files() {
		if f.Name == name {
			return f, true
		}
	}
	return File{}, false
}
