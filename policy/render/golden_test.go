package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"jikimi/policies"
	"jikimi/policy"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// services are the declarations the golden files cover: the fixture of this
// package, which uses every part of the model, and the real declarations.
var services = []struct {
	name string
	load func(t *testing.T) *policy.Registry
}{
	{"fixture", loadFixture},
	{"seoul-healthcare", loadReal},
	{"bokjiro", loadReal},
}

func loadFixture(t *testing.T) *policy.Registry {
	t.Helper()
	r, err := policy.LoadDir(filepath.Join("testdata", "decl"))
	if err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	return r
}

// loadReal loads the declarations the program embeds, as it does at start-up.
func loadReal(t *testing.T) *policy.Registry {
	t.Helper()
	r, err := policy.LoadFS(policies.FS, ".")
	if err != nil {
		t.Fatalf("load policies.FS: %v", err)
	}
	return r
}

// current is the newest declared version of a service.
func current(t *testing.T, r *policy.Registry, service string) *policy.Policy {
	t.Helper()
	ps := r.Declared(service)
	if len(ps) == 0 {
		t.Fatalf("no declared version of %s", service)
	}
	return ps[len(ps)-1]
}

func renderPolicy(t *testing.T, p *policy.Policy, f Format) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Policy(&buf, p, f); err != nil {
		t.Fatalf("render %s as %s: %v", p.Service, f, err)
	}
	return buf.String()
}

func renderHistory(t *testing.T, r *policy.Registry, service string, f Format) string {
	t.Helper()
	var buf bytes.Buffer
	if err := History(&buf, service, current(t, r, service).Title, r.History(service), f); err != nil {
		t.Fatalf("render history of %s as %s: %v", service, f, err)
	}
	return buf.String()
}

func TestPolicyGolden(t *testing.T) {
	for _, s := range services {
		r := s.load(t)
		for _, f := range []Format{Markdown, HTML} {
			t.Run(s.name+"."+string(f), func(t *testing.T) {
				golden(t, s.name+"."+string(f), renderPolicy(t, current(t, r, s.name), f))
			})
		}
	}
}

func TestHistoryGolden(t *testing.T) {
	for _, s := range services {
		r := s.load(t)
		for _, f := range []Format{Markdown, HTML} {
			t.Run(s.name+"."+string(f), func(t *testing.T) {
				golden(t, s.name+"-history."+string(f), renderHistory(t, r, s.name, f))
			})
		}
	}
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./policy/render -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s: output differs from the golden file (review, then go test ./policy/render -update)\n%s", path, firstDiff(string(want), got))
	}
}

// firstDiff shows the first line that differs.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n- " + wl + "\n+ " + gl
		}
	}
	return ""
}
