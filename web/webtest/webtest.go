// Package webtest holds what the HTTP tests of every service share:
// calling an endpoint of a test server with an optional bearer token and
// reading the whole answer. It is for tests only and must never be
// imported by production code.
package webtest

import (
	"io"
	"net/http"
	"testing"
)

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
