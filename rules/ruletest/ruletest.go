// Package ruletest checks, from a rule-set package's own tests, that every
// rule has a test of its own: a function TestRule<code> in the package's
// _test.go files.
package ruletest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
)

// TestedCodes returns the codes that have a TestRule<code> function in the
// _test.go files of dir (the package under test's directory, ".").
func TestedCodes(dir string) (map[string]bool, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	out := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		file, err := parser.ParseFile(fset, f, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range file.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil {
				if code, ok := strings.CutPrefix(fn.Name.Name, "TestRule"); ok && code != "" {
					out[code] = true
				}
			}
		}
	}
	return out, nil
}
