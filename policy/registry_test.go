package policy

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// twoVersions returns a filesystem with the valid fixture as 2026-01-01 and a
// later version taking effect on 2026-07-01.
func twoVersions(t *testing.T) fstest.MapFS {
	valid := readValid(t)
	v2 := strings.NewReplacer(`version: "2026-01-01"`, `version: "2026-07-01"`, "effective: 2026-01-01", "effective: 2026-07-01").Replace(valid)
	return fstest.MapFS{
		"p/test-service/2026-01-01.yaml": {Data: []byte(valid)},
		"p/test-service/2026-07-01.yaml": {Data: []byte(v2)},
	}
}

func TestRegistryCurrentAndHistory(t *testing.T) {
	reg, err := LoadFS(twoVersions(t), "p")
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { d, _ := ParseDate(s); return d.Time }
	for _, tt := range []struct {
		at, want string
	}{
		{"2025-12-31", ""},
		{"2026-01-01", "2026-01-01"},
		{"2026-06-30", "2026-01-01"},
		{"2026-07-01", "2026-07-01"},
	} {
		p, ok := reg.Current("test-service", day(tt.at))
		got := ""
		if ok {
			got = p.Version
		}
		if got != tt.want {
			t.Errorf("Current(%s) = %q, want %q", tt.at, got, tt.want)
		}
	}
	var lines []string
	for _, v := range reg.History("test-service") {
		lines = append(lines, v.Version+" "+v.From.String()+"~"+v.To.String()+" "+map[bool]string{true: "declared", false: "listed"}[v.Declared])
	}
	want := "2026-07-01 2026-07-01~ declared|2026-01-01 2026-01-01~2026-06-30 declared|2025-01-01 2025-01-01~2025-12-31 listed"
	if got := strings.Join(lines, "|"); got != want {
		t.Fatalf("History:\n got %s\nwant %s", got, want)
	}
}

func TestLoadRefusesBadSets(t *testing.T) {
	valid := readValid(t)
	tests := []struct {
		name string
		fs   fstest.MapFS
		want string
	}{
		{"folder not named after service", fstest.MapFS{"p/other/a.yaml": {Data: []byte(valid)}},
			`p/other/a.yaml:3: service "test-service" declared in folder "other"`},
		{"same version twice", fstest.MapFS{
			"p/test-service/a.yaml": {Data: []byte(valid)},
			"p/test-service/b.yaml": {Data: []byte(valid)}},
			`version "2026-01-01" of test-service is also declared in p/test-service/a.yaml`},
		{"lint problem refuses all", fstest.MapFS{"p/test-service/a.yaml": {Data: []byte(strings.Replace(valid, "role: officer", "role: handler", 1))}},
			"no privacy officer"},
		{"nothing declared", fstest.MapFS{"p/README": {Data: []byte("x")}}, "no policy declarations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := LoadFS(tt.fs, "p")
			if err == nil || reg != nil {
				t.Fatalf("loaded a bad set: %v", reg)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestParseFillsDerivedFields(t *testing.T) {
	p := mustParse(t, readValid(t))
	if len(p.SHA256) != 64 {
		t.Fatalf("SHA256 = %q", p.SHA256)
	}
	it, err := p.LookupItem("weight", "")
	if err != nil || it.Purpose != "health" || it.Line != 39 {
		t.Fatalf("LookupItem(weight) = %+v, %v", it, err)
	}
	if _, err := p.LookupItem("membership/weight", ""); err == nil {
		t.Fatal("found weight under membership")
	}
	if p.Automatic.Items[0].Class != ClassAuto {
		t.Fatalf("automatic item class = %q, want auto by default", p.Automatic.Items[0].Class)
	}
}

func TestParseRejectsMultipleDocuments(t *testing.T) {
	_, err := Parse("d.yaml", []byte(readValid(t)+"\n---\nservice: x\n"))
	if err == nil || !strings.Contains(err.Error(), "more than one YAML document") {
		t.Fatalf("err = %v", err)
	}
}
