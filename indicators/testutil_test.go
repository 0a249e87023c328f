package indicators

import (
	"os"
	"testing"
)

// tempDir holds the test database shared by the real-data tests.
var tempDir string

func TestMain(m *testing.M) {
	var err error
	if tempDir, err = os.MkdirTemp("", "sightline-indicators"); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(tempDir)
	os.Exit(code)
}
