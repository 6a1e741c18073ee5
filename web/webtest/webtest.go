// Package webtest holds what the HTTP tests of every service share:
// serving a web.Server on a loopback test server, calling an endpoint of it
// with an optional bearer token and reading (or decoding) the whole answer.
// It is for tests only and must never be imported by production code.
package webtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Builder builds the handler a test serves: a *web.Server (named by its
// method, since package web's own tests import this package).
type Builder interface {
	Handler() (http.Handler, error)
}

// Serve starts a loopback test server on the handler s builds, closed when
// the test ends.
func Serve(t testing.TB, s Builder) *httptest.Server {
	t.Helper()
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

// Call sends one request (body may be nil; when not, it is sent as
// application/json) with "Authorization: Bearer token" when token is not
// empty, and returns the status and the body.
func Call(t testing.TB, method, url, token string, body io.Reader) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, data
}

// JSON calls as Call does with body as JSON text (sent as application/json
// even when empty) and, when out is not nil and the answer has a body,
// decodes the answer into out, failing the test when it is not JSON. It
// returns the status.
func JSON(t testing.TB, method, url, token, body string, out any) int {
	t.Helper()
	code, data := Call(t, method, url, token, strings.NewReader(body))
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %d %s: %v", method, url, code, data, err)
		}
	}
	return code
}

// Map calls as JSON does and returns the answer as a JSON object (empty
// when the answer has no body).
func Map(t testing.TB, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	out := map[string]any{}
	code := JSON(t, method, url, token, body, &out)
	return code, out
}
