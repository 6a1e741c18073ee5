package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/internal/testlog"
	"jikimi/web/webtest"
)

var thingsFragment = []byte(`
paths:
  /api/v1/things/{id}:
    get:
      operationId: thing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: ok}
`)

// thingsMount answers a thing by its ID: found for "sub_ok...", an
// internal error for "sub_fail...", not found otherwise.
func thingsMount() Mount {
	return Mount{Name: "things", OpenAPI: thingsFragment, Routes: []Route{{"GET", "/api/v1/things/{id}", func(w http.ResponseWriter, r *http.Request) error {
		switch id := r.PathValue("id"); {
		case strings.HasPrefix(id, "sub_ok"):
			JSON(w, http.StatusOK, map[string]string{"id": id})
			return nil
		case strings.HasPrefix(id, "sub_fail"):
			return errors.New("storage down")
		}
		return errs.E(errs.NotFound, "no such thing")
	}}}}
}

// logLines are the JSON log lines written to logs so far.
func logLines(t *testing.T, logs *testlog.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

func observedServer(t *testing.T, reg prometheus.Registerer, level slog.Level) (*httptest.Server, *testlog.Buffer) {
	t.Helper()
	logs := &testlog.Buffer{}
	s := &Server{Clock: clock.System{}, Log: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: level})), Mounts: []Mount{thingsMount()}, Metrics: reg}
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts, logs
}

func getID(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, res.Header.Get(RequestIDHeader)
}

// The request log names the route's pattern, never the path's ID nor the
// query; each line carries the request ID the response returned, and so
// does the log line of an internal error.
func TestRequestLogCarriesNoIDs(t *testing.T) {
	ts, logs := observedServer(t, nil, slog.LevelInfo)
	status, id := getID(t, ts.URL+"/api/v1/things/sub_ok7q3?name=김가상&rrn=000101-3000000")
	if status != 200 || !strings.HasPrefix(id, "req_") {
		t.Fatalf("status %d, request ID %q", status, id)
	}
	status, failedID := getID(t, ts.URL+"/api/v1/things/sub_fail9x2")
	if status != 500 || failedID == id || failedID == "" {
		t.Fatalf("status %d, request IDs %q and %q", status, id, failedID)
	}
	raw := logs.String()
	for _, secret := range []string{"sub_ok7q3", "sub_fail9x2", "김가상", "000101", "name=", "?"} {
		if strings.Contains(raw, secret) {
			t.Fatalf("the log carries %q:\n%s", secret, raw)
		}
	}
	lines := logLines(t, logs)
	want := []map[string]any{
		{"msg": "request", "method": "GET", "route": "/api/v1/things/{id}", "status": 200.0, "request_id": id},
		{"msg": "request failed", "request_id": failedID},
		{"msg": "request", "method": "GET", "route": "/api/v1/things/{id}", "status": 500.0, "request_id": failedID},
	}
	if len(lines) != len(want) {
		t.Fatalf("log lines %v, want %d", lines, len(want))
	}
	for i, w := range want {
		for k, v := range w {
			if lines[i][k] != v {
				t.Fatalf("line %d: %s = %v, want %v (%v)", i, k, lines[i][k], v, lines[i])
			}
		}
	}
	if _, ok := lines[0]["duration"].(float64); !ok {
		t.Fatalf("no duration in %v", lines[0])
	}
}

// Probes log at debug: an info log is not filled with them.
func TestProbesLogAtDebug(t *testing.T) {
	ts, logs := observedServer(t, nil, slog.LevelInfo)
	getID(t, ts.URL+"/healthz")
	if logs.String() != "" {
		t.Fatalf("a probe logged at info: %s", logs.String())
	}
	ts, logs = observedServer(t, nil, slog.LevelDebug)
	getID(t, ts.URL+"/healthz")
	if l := logLines(t, logs); len(l) != 1 || l[0]["route"] != "/healthz" || l[0]["level"] != "DEBUG" {
		t.Fatalf("debug log %v", l)
	}
}

// Requests are counted and timed by method, route pattern and status: two
// IDs are one series; a path no route takes and a made-up method are
// labelled as such, never as sent.
func TestRequestMetricsByRoutePattern(t *testing.T) {
	reg := prometheus.NewRegistry()
	ts, _ := observedServer(t, reg, slog.LevelInfo)
	getID(t, ts.URL+"/api/v1/things/sub_ok1")
	getID(t, ts.URL+"/api/v1/things/sub_ok2")
	getID(t, ts.URL+"/api/v1/things/sub_nope")
	getID(t, ts.URL+"/no/such/sub_secret")
	req, _ := http.NewRequest("BREW", ts.URL+"/healthz", nil)
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
	}
	text := scrape(t, reg)
	for _, want := range []string{
		`jikimi_http_requests_total{method="GET",route="/api/v1/things/{id}",status="200"} 2`,
		`jikimi_http_requests_total{method="GET",route="/api/v1/things/{id}",status="404"} 1`,
		`jikimi_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`jikimi_http_requests_total{method="other",route="unmatched",status="405"} 1`,
		`jikimi_http_request_duration_seconds_count{method="GET",route="/api/v1/things/{id}"} 3`,
		`jikimi_http_request_duration_seconds_bucket{method="GET",route="/api/v1/things/{id}",le="+Inf"} 3`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(text, "sub_") || strings.Contains(text, "BREW") {
		t.Fatalf("a label carries what the request sent:\n%s", text)
	}
}

// A second handler on the same registry shares its series.
func TestTwoHandlersShareARegistry(t *testing.T) {
	reg := prometheus.NewRegistry()
	a, _ := observedServer(t, reg, slog.LevelInfo)
	b, _ := observedServer(t, reg, slog.LevelInfo)
	getID(t, a.URL+"/healthz")
	getID(t, b.URL+"/healthz")
	if text := scrape(t, reg); !strings.Contains(text, `jikimi_http_requests_total{method="GET",route="/healthz",status="200"} 2`) {
		t.Fatalf("metrics:\n%s", text)
	}
}

// scrape serves reg's metrics as a scraper reads them.
func scrape(t *testing.T, reg *prometheus.Registry) string {
	t.Helper()
	rec := httptest.NewRecorder()
	MetricsHandler(reg).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics answer %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	return rec.Body.String()
}

// /readyz answers 200 while Ready passes, and 503 problem details naming
// the part that failed when it does not, logging the cause.
func TestReadyz(t *testing.T) {
	var failing error
	logs := &testlog.Buffer{}
	s := &Server{Clock: clock.System{}, Log: slog.New(slog.NewJSONHandler(logs, nil)),
		Ready: func(context.Context) error { return failing }}
	ts := startServer(t, s)
	s.Log = slog.New(slog.NewJSONHandler(logs, nil)) // startServer silenced it
	if code, body := webtest.Call(t, "GET", ts.URL+"/readyz", "", nil); code != 200 || !strings.Contains(string(body), `"ready"`) {
		t.Fatalf("ready: %d %s", code, body)
	}
	failing = &errs.Error{Code: errs.Unavailable, Reason: "database_unavailable", Message: "not ready: the database does not answer", Err: errors.New("sql: database is closed")}
	res, err := http.Get(ts.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	var p Problem
	json.NewDecoder(res.Body).Decode(&p)
	res.Body.Close()
	if res.StatusCode != 503 || res.Header.Get("Content-Type") != "application/problem+json" || p.Code != errs.Unavailable ||
		p.Reason != "database_unavailable" || strings.Contains(p.Message, "sql:") {
		t.Fatalf("not ready: %d %s %+v", res.StatusCode, res.Header.Get("Content-Type"), p)
	}
	if !strings.Contains(logs.String(), "sql: database is closed") {
		t.Fatalf("the cause was not logged: %s", logs.String())
	}
	failing = errors.New("a check that forgot its code")
	if code, _ := webtest.Call(t, "GET", ts.URL+"/readyz", "", nil); code != 503 {
		t.Fatalf("a failure without a code: %d, want 503", code)
	}
}
