package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"jikimi/clock"
	"jikimi/policies"
	"jikimi/policy"
)

// Every policy ID a service package names is declared by the embedded
// policy in force, and every package's service is one the policies declare.
func TestPolicyIDsDeclared(t *testing.T) {
	t.Parallel()
	reg, err := policy.LoadFS(policies.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, ids := range policyIDs {
		if len(reg.Declared(ids.Service)) == 0 {
			t.Errorf("%s names service %q, which no embedded policy declares", ids.Package, ids.Service)
		}
	}
	if err := checkPolicyIDs(reg, clock.System{}.Now()); err != nil {
		t.Fatal(err)
	}
}

// A policy that no longer declares what the code names stops the server
// before it publishes or serves anything, naming the missing ID.
func TestServeRefusesUndeclaredPolicyIDs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	err := fs.WalkDir(policies.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(policies.FS, path)
		if err != nil {
			return err
		}
		text := strings.Replace(string(b), "roles: [health-operator, counsellor,", "roles: [health-operator, counselor,", 1)
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(path)), 0o755); err != nil {
			return err
		}
		writeFile(t, filepath.Join(dir, filepath.Dir(path)), filepath.Base(path), text)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	_, _, err = runCmd(t, "serve", "--addr", "127.0.0.1:0", "--data", data, "--policies", dir, "--audit-keys", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), `healthcare/consult: role "counsellor"`) {
		t.Fatalf("serve on a policy without the counsellor role: %v", err)
	}
	if strings.Count(err.Error(), "\n") != 1 {
		t.Fatalf("more than the missing role named:\n%v", err)
	}
}

// A package that declares PolicyIDs is in the list start-up checks, under
// its own path.
func TestEveryPolicyIDsIsChecked(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	decl := regexp.MustCompile(`(?m)^var PolicyIDs = policy\.IDs\{Package: "([^"]+)"`)
	var checked []string
	for _, ids := range policyIDs {
		if !strings.HasPrefix(ids.Package, "cmd/jikimi") { // wiring's own IDs are declared here, not by a package
			checked = append(checked, ids.Package)
		}
	}
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range decl.FindAllStringSubmatch(string(b), -1) {
			found++
			dir, _ := filepath.Rel(root, filepath.Dir(path))
			if m[1] != filepath.ToSlash(dir) {
				t.Errorf("%s declares PolicyIDs as package %q: name it %q", path, m[1], filepath.ToSlash(dir))
			}
			if !slices.Contains(checked, m[1]) {
				t.Errorf("%s declares PolicyIDs that start-up does not check: add %s.PolicyIDs to policyIDs in cmd/jikimi/policyids.go", path, filepath.Base(dir))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found != len(checked) {
		t.Errorf("found %d PolicyIDs declarations, checked %d", found, len(checked))
	}
}
