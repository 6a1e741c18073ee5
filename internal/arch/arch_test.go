package arch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goFiles parses every non-test Go file of the module, by package directory.
func goFiles(t *testing.T) map[string][]*ast.File {
	t.Helper()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	out := map[string][]*ast.File{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		out[filepath.ToSlash(rel)] = append(out[filepath.ToSlash(rel)], f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 5 {
		t.Fatalf("found only %d packages: is the walk rooted right?", len(out))
	}
	return out
}

// Principle 4: time is injected. Only package clock reads the wall clock.
func TestNoWallClockOutsideClock(t *testing.T) {
	forbidden := map[string]bool{"Now": true, "Since": true, "Until": true}
	for dir, files := range goFiles(t) {
		if dir == "clock" {
			continue
		}
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "time" && forbidden[sel.Sel.Name] {
					t.Errorf("%s: time.%s: take a clock.Clock instead", dir, sel.Sel.Name)
				}
				return true
			})
		}
	}
}

// STYLE 12: a package comment on every package says what it owns.
func TestEveryPackageHasAComment(t *testing.T) {
	for dir, files := range goFiles(t) {
		documented := false
		for _, f := range files {
			documented = documented || (f.Doc != nil && len(strings.TrimSpace(f.Doc.Text())) > 20)
		}
		if !documented {
			t.Errorf("package in %s has no package comment", dir)
		}
	}
}

// Principle 1: one gate. No package but vault names a personal-data table
// (pd_*) or the vault's key canary table in its code.
func TestOnlyTheVaultReachesPersonalData(t *testing.T) {
	pdTable := regexp.MustCompile(`\b(pd_[a-z_]+|vault_meta)\b`)
	seen := false
	for dir, files := range goFiles(t) {
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING || !pdTable.MatchString(lit.Value) {
					return true
				}
				if dir == "vault" {
					seen = true
					return true
				}
				t.Errorf("%s names a personal-data table in %s: only package vault may", dir, lit.Value)
				return true
			})
		}
	}
	if !seen {
		t.Fatal("found no personal-data table even in package vault: the check is looking at the wrong thing")
	}
}

// The simulation's weak password hasher never reaches a service that
// serves people: only jikimi simulate may build it.
func TestSimulationHasherOnlyInSimulate(t *testing.T) {
	root := filepath.Join("..", "..")
	allowed := map[string]bool{"password/simulation.go": true, "cmd/jikimi/simulatecmd.go": true}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		b, err := os.ReadFile(path)
		if err == nil && strings.Contains(string(b), "NewSimulationHasher(") && !allowed[filepath.ToSlash(rel)] {
			t.Errorf("%s: password.NewSimulationHasher outside jikimi simulate", rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Wiring is explicit (STYLE 6, cmd/jikimi's services()): no package
// registers itself or sets up state from a func init(), which runs on
// import, in an order no reader sees.
func TestNoInitFunctions(t *testing.T) {
	for dir, files := range goFiles(t) {
		for _, f := range files {
			for _, d := range f.Decls {
				if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "init" {
					t.Errorf("%s: func init(): wire it explicitly (cmd/jikimi) or initialise the variable where it is declared", dir)
				}
			}
		}
	}
}
