package check

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sightline-uk/sightline"
)

// Checking several files in parallel gives each file the report checking
// it alone gives, and an unreadable file its own error without stopping
// the others.
func TestFilesMatchesData(t *testing.T) {
	paths, _ := filepath.Glob("../testdata/fake/*.xml")
	if len(paths) < 4 {
		t.Fatalf("fake census files missing: %v", paths)
	}
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.xml")
	os.WriteFile(broken, []byte("<Message><Header></Message>"), 0o644)
	all := append(append([]string{}, paths...), filepath.Join(dir, "missing.xml"), broken)

	got := make([]Result, len(all))
	calls := 0
	Files(all, 3, func(i int, r Result) { got[i] = r; calls++ })
	if calls != len(all) {
		t.Fatalf("%d calls for %d files", calls, len(all))
	}
	for i, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		want := Data(p, data)
		if want.Err != nil {
			t.Fatalf("%s: %v", p, want.Err)
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("%s: Files and Data differ:\n%+v\n%+v", p, got[i], want)
		}
		if want.Children == 0 || want.Report == nil || len(want.Report.Findings) == 0 {
			t.Errorf("%s: %+v", p, want)
		}
	}
	if r := got[len(paths)]; r.Err == nil || !errors.Is(r.Err, os.ErrNotExist) {
		t.Errorf("missing file: %v", r.Err)
	}
	var ie *sightline.InputError
	if r := got[len(paths)+1]; !errors.As(r.Err, &ie) || ie.Line != 1 {
		t.Errorf("malformed file: %v", r.Err)
	}
}

// The buffer a worker reuses must not leak into results: values read from
// one file stay intact after the next file is read into the same buffer.
func TestFilesReuseBufferSafely(t *testing.T) {
	paths, _ := filepath.Glob("../testdata/fake/*.xml")
	var first Result
	Files(paths, 1, func(i int, r Result) {
		if i == 0 {
			first = r
		}
	})
	data, _ := os.ReadFile(paths[0])
	if want := Data(paths[0], data); !reflect.DeepEqual(first, want) {
		t.Error("the first file's result changed after later files were read into the same buffer")
	}
}
