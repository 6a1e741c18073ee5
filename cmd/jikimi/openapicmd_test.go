package main

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// `jikimi openapi` writes exactly the document the server serves, and that
// document says truly which operations need credentials: each one requiring
// them refuses a request without any (401 or 403), each one declaring none
// does not answer it with "log in" (an empty requirement, {}, makes them
// optional: logging out without a session).
func TestOpenAPICommandAndSecurity(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	out := filepath.Join(t.TempDir(), "openapi.yaml")
	if _, _, err := runCmd(t, "openapi", "--data", data, "--out", out); err != nil {
		t.Fatal(err)
	}
	written := readFile(t, out)
	s := startServe(t, "--data", data)
	if _, served := get(t, s.url+"/openapi.yaml"); served != written {
		t.Fatal("jikimi openapi wrote another document than the server serves")
	}
	var doc struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal([]byte(written), &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{[^}]+\}`)
	checked := 0
	for path, item := range doc.Paths {
		if _, ok := item["x-jikimi-mount"]; !ok && !slices.Contains([]string{"/healthz", "/readyz", "/favicon.ico", "/openapi.yaml", "/privacy/{service}", "/privacy/{service}/history"}, path) {
			t.Errorf("%s: a mounted path item without x-jikimi-mount", path)
		}
		for method, node := range item {
			if method == "parameters" || strings.HasPrefix(method, "x-") {
				continue
			}
			var op struct {
				Security *[]map[string][]string `yaml:"security"`
			}
			if err := node.Decode(&op); err != nil || op.Security == nil {
				t.Errorf("%s %s: no security declared (want [] for a public operation)", method, path)
				continue
			}
			url := s.url + param.ReplaceAllString(strings.ReplaceAll(path, "{service}", "seoul-healthcare"), "synthetic-0")
			status, body := anonymous(t, strings.ToUpper(method), url)
			refused := status == http.StatusUnauthorized || status == http.StatusForbidden
			switch {
			case len(*op.Security) > 0 && !slices.ContainsFunc(*op.Security, isEmpty) && !refused:
				t.Errorf("%s %s declares security but answers %d without credentials", method, path, status)
			case len(*op.Security) == 0 && strings.Contains(body, `"no_session"`):
				t.Errorf("%s %s declares no security but asks to log in (%d)", method, path, status)
			}
			checked++
		}
	}
	if checked < 40 {
		t.Fatalf("checked %d operations", checked)
	}
}

func isEmpty(m map[string][]string) bool { return len(m) == 0 }

// anonymous sends a request without credentials and an empty JSON object.
func anonymous(t *testing.T, method, url string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// The written document passes Redocly's lint, as .ci/run checks it; here
// too when the pinned CLI is in .ci/run's cache (run .ci/run once), so that
// a fragment's mistake shows in go test.
func TestOpenAPILintsWithRedocly(t *testing.T) {
	t.Parallel()
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache")
	}
	cli := filepath.Join(cache, "jikimi-ci", "redocly-"+redoclyVersion(t), "node_modules", ".bin", "redocly")
	if _, err := os.Stat(cli); err != nil {
		t.Skipf("Redocly CLI not installed (.ci/run installs it): %v", err)
	}
	out := filepath.Join(t.TempDir(), "openapi.yaml")
	if _, _, err := runCmd(t, "openapi", "--data", t.TempDir(), "--out", out); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(cli, "lint", "--config", "../../.ci/redocly.yaml", "--format=stylish", out)
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("redocly lint: %v\n%s", err, b)
	}
}

// redoclyVersion is the version .ci/run pins.
func redoclyVersion(t *testing.T) string {
	m := regexp.MustCompile(`(?m)^REDOCLY_VERSION=(\S+)$`).FindStringSubmatch(readFile(t, "../../.ci/run"))
	if m == nil {
		t.Fatal(".ci/run pins no REDOCLY_VERSION")
	}
	return m[1]
}
