package main

import (
	"bufio"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jikimi/clock"
	"jikimi/internal/testlog"
	"jikimi/keys"
)

// A demo session — a participant logs in, files an access request, reads
// it back by its ID and reads their data — shows in /metrics (served on
// its own listener) and in the JSON request log; neither carries an ID, a
// login or a name.
func TestMetricsAndRequestLogOfADemoSession(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	logs := &testlog.Buffer{}
	s := startProgramLogging(t, []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--demo",
		"--metrics-addr", "127.0.0.1:0", "--log-format", "json"}, logs)
	metricsURL := ""
	for _, l := range s.lines {
		if rest, ok := strings.CutPrefix(l, "jikimi: metrics on "); ok {
			metricsURL = strings.TrimSpace(rest)
		}
	}
	if metricsURL == "" {
		t.Fatalf("serve did not say where /metrics is: %q", s.lines)
	}
	if code, _ := get(t, s.url+"/metrics"); code != http.StatusNotFound {
		t.Fatalf("/metrics on the public listener: %d", code)
	}
	c := &bokjiroClient{t: t, base: s.url}
	p := demoCreds(t, data).Citizens[0]
	me := c.do("POST", "/api/v1/session", "", `{"service":"seoul-healthcare","login":"`+p.Login+`","password":"`+p.Password+`"}`, 201)["token"].(string)
	id, _ := c.do("POST", "/api/v1/seoul-healthcare/rights/requests", me, `{"kind":"access"}`, 201)["id"].(string)
	c.do("GET", "/api/v1/seoul-healthcare/rights/requests/"+id, me, "", 200)
	c.do("GET", "/api/v1/seoul-healthcare/me/data", me, "", 200)
	c.do("GET", "/api/v1/seoul-healthcare/rights/requests/req_nosuchrequest000000000", me, "", 404)

	code, text := get(t, metricsURL)
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`jikimi_http_requests_total{method="GET",route="/api/v1/{service}/rights/requests/{id}",status="200"} 1`,
		`jikimi_http_requests_total{method="GET",route="/api/v1/{service}/rights/requests/{id}",status="404"} 1`,
		`jikimi_http_request_duration_seconds_bucket{method="POST",route="/api/v1/session",le="+Inf"} 1`,
		`jikimi_gate_decisions_total{outcome="allowed",reason="none"}`,
		`jikimi_audit_entries_total `, `jikimi_audit_checkpoint_age_seconds `, `jikimi_audit_unsigned_entries `,
		`jikimi_jobs{state="available"}`, `jikimi_jobs{state="discarded"}`,
		`jikimi_retention_records_due{service="seoul-healthcare"}`, `jikimi_retention_records_overdue{service="bokjiro"}`,
		`jikimi_retention_plans{state="pending_approval"} 0`,
		`jikimi_rights_open_requests{days_left="8+"} 1`, `jikimi_rights_open_requests{days_left="overdue"} 0`,
		`jikimi_vault_key_cache_hits_total `, `jikimi_vault_key_cache_misses_total `, `jikimi_vault_key_cache_entries `,
		`jikimi_vault_fact_cache_hits_total `, `jikimi_vault_fact_cache_misses_total `, `jikimi_vault_fact_cache_entries `,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	secrets := []string{id, p.Subject, p.Login, me}
	checkLabels(t, text, secrets)
	checkRequestLog(t, logs.String(), id, secrets)
}

// checkLabels: every label value of a jikimi series is a code, a number or
// a route pattern, and none is one of the session's secrets.
func checkLabels(t *testing.T, text string, secrets []string) {
	t.Helper()
	labels := regexp.MustCompile(`(\w+)="([^"]*)"`)
	safe := regexp.MustCompile(`^([a-z][a-z0-9_.:-]*|[0-9.+e-]+|\+Inf|[A-Z]+|/[a-zA-Z0-9_/{}$.-]*|[0-9]+-[0-9]+|8\+)?$`)
	looksLikeID := regexp.MustCompile(`^[a-z]{2,5}_[a-z0-9]{16,}$`)
	n := 0
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "jikimi_") {
			continue
		}
		for _, m := range labels.FindAllStringSubmatch(line, -1) {
			n++
			v := m[2]
			if !safe.MatchString(v) || looksLikeID.MatchString(v) {
				t.Errorf("label %s=%q is not a fixed code or a route pattern: %s", m[1], v, line)
			}
			for _, s := range secrets {
				if strings.Contains(v, s) {
					t.Errorf("label %s carries the session's %q", m[1], s)
				}
			}
		}
	}
	if n < 20 {
		t.Fatalf("found only %d labels: is the scrape read right?", n)
	}
}

// checkRequestLog: each request is a JSON line with its method, route
// pattern, status, duration and request ID, and nothing in the log carries
// the session's IDs, login or token.
func checkRequestLog(t *testing.T, log, id string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(log, s) {
			t.Fatalf("the log carries the session's %q", s)
		}
	}
	found := false
	dec := json.NewDecoder(strings.NewReader(log))
	for {
		var l map[string]any
		if err := dec.Decode(&l); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("a log line that is not JSON: %v", err)
		}
		if l["msg"] == "request" && l["route"] == "/api/v1/{service}/rights/requests/{id}" && l["status"] == 200.0 {
			rid, _ := l["request_id"].(string)
			_, timed := l["duration"].(float64)
			found = l["method"] == "GET" && strings.HasPrefix(rid, "req_") && timed
		}
	}
	if !found {
		t.Fatalf("no request line for the request read by its ID in:\n%s", log)
	}
}

// /readyz on a running server: ready; not ready (503, naming the keyring)
// once the keyring file is removed or replaced by another installation's;
// ready again when it is put back. (A closed database: vault's TestReady.)
func TestReadyzFollowsTheKeyringFile(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	s := startServe(t, "--data", data)
	ring := filepath.Join(data, "keyring.json")
	saved, err := os.ReadFile(ring)
	if err != nil {
		t.Fatal(err)
	}
	want := func(code int, reason string) {
		t.Helper()
		got, body := get(t, s.url+"/readyz")
		if got != code || !strings.Contains(body, reason) {
			t.Fatalf("/readyz: %d %s; want %d %s", got, body, code, reason)
		}
	}
	want(200, `"ready"`)
	if err := os.Remove(ring); err != nil {
		t.Fatal(err)
	}
	want(503, `"reason":"keyring_mismatch"`)
	other, err := keys.Generate(ring, clock.System{}, rand.Reader)
	if err != nil || other == nil {
		t.Fatal(err)
	}
	want(503, `"reason":"keyring_mismatch"`)
	if err := os.WriteFile(ring, saved, 0o600); err != nil {
		t.Fatal(err)
	}
	want(200, `"ready"`)
}
