package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"jikimi/clock"
	"jikimi/policies"
	"jikimi/policy"
)

func newTestServer(t *testing.T, now time.Time) *httptest.Server {
	return startServer(t, &Server{Clock: clock.NewFake(now)})
}

// startServer serves s (with the declared policies and a silent log) until
// the test ends.
func startServer(t *testing.T, s *Server) *httptest.Server {
	t.Helper()
	reg, err := policy.LoadFS(policies.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	s.Policies, s.Log = reg, slog.New(slog.DiscardHandler)
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

type openAPI struct {
	Paths map[string]map[string]struct {
		Responses map[string]struct {
			Ref     string               `yaml:"$ref"`
			Content map[string]yaml.Node `yaml:"content"`
		} `yaml:"responses"`
	} `yaml:"paths"`
	Components struct {
		Responses map[string]struct {
			Content map[string]yaml.Node `yaml:"content"`
		} `yaml:"responses"`
	} `yaml:"components"`
}

func loadOpenAPI(t *testing.T) openAPI {
	t.Helper()
	var doc openAPI
	if err := yaml.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	return doc
}

// The route table and the OpenAPI document name the same operations.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := &Server{}
	if err := CheckMount(Mount{Name: "web", Routes: s.routes(), OpenAPI: openAPIDoc}); err != nil {
		t.Fatal(err)
	}
}

// Every response the server gives is documented with its status and content type.
func TestResponsesAreDocumented(t *testing.T) {
	ts := newTestServer(t, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	doc := loadOpenAPI(t)
	tests := []struct {
		path, pattern string
		status        int
	}{
		{"/healthz", "/healthz", 200},
		{"/favicon.ico", "/favicon.ico", 204},
		{"/openapi.yaml", "/openapi.yaml", 200},
		{"/privacy/seoul-healthcare", "/privacy/{service}", 200},
		{"/privacy/bokjiro?format=md", "/privacy/{service}", 200},
		{"/privacy/seoul-healthcare?version=2024-03-04", "/privacy/{service}", 200},
		{"/privacy/seoul-healthcare?version=1999-01-01", "/privacy/{service}", 404},
		{"/privacy/no-such-service", "/privacy/{service}", 404},
		{"/privacy/bokjiro?format=pdf", "/privacy/{service}", 400},
		{"/privacy/seoul-healthcare/history", "/privacy/{service}/history", 200},
		{"/privacy/bokjiro/history?format=md", "/privacy/{service}/history", 200},
		{"/privacy/nobody/history", "/privacy/{service}/history", 404},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, err := http.Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			ctype := strings.TrimSpace(strings.Split(res.Header.Get("Content-Type"), ";")[0])
			resp, ok := doc.Paths[tt.pattern]["get"].Responses[strconv.Itoa(res.StatusCode)]
			if !ok {
				t.Fatalf("status %d of %s is not documented", res.StatusCode, tt.pattern)
			}
			content := resp.Content
			if resp.Ref != "" {
				content = doc.Components.Responses[strings.TrimPrefix(resp.Ref, "#/components/responses/")].Content
			}
			if _, ok := content[ctype]; !ok && !(ctype == "" && len(content) == 0) {
				t.Fatalf("content type %q of %s %d is not documented", ctype, tt.pattern, res.StatusCode)
			}
			if res.Header.Get("Content-Security-Policy") == "" {
				t.Fatal("no Content-Security-Policy")
			}
		})
	}
}

// The page in force follows the clock: before the first version there is none.
func TestPolicyFollowsClock(t *testing.T) {
	before := newTestServer(t, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC))
	res, err := http.Get(before.URL + "/privacy/bokjiro")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("before the effective date: status %d, want 404", res.StatusCode)
	}
	after := newTestServer(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	res, err = http.Get(after.URL + "/privacy/bokjiro")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !regexp.MustCompile(`개인정보`).Match(body) {
		t.Fatalf("status %d, body lacks the policy", res.StatusCode)
	}
}
