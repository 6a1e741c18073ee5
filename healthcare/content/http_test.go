package content

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/web"
)

// testHTTP is the content surface over the embedded library, for a
// participant whose bearer token is "p".
func testHTTP(t *testing.T) (*HTTP, *Library) {
	t.Helper()
	lib, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return &HTTP{Library: lib, Participant: func(r *http.Request) (vault.Actor, error) {
		if web.Bearer(r) != "p" {
			return vault.Actor{}, errs.E(errs.Forbidden, "no session")
		}
		return vault.Actor{Kind: vault.Subject, ID: "sub_p"}, nil
	}}, lib
}

func TestContentHTTP(t *testing.T) {
	h, _ := testHTTP(t)
	m := h.Mount()
	if err := web.CheckMount(m); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	for _, rt := range m.Routes {
		mux.HandleFunc(rt.Method+" "+rt.Path, func(w http.ResponseWriter, r *http.Request) {
			if err := rt.Handle(w, r); err != nil {
				w.WriteHeader(errs.HTTPStatus(errs.Code(err)))
			}
		})
	}
	for _, c := range []struct {
		path, token string
		code        int
	}{
		{"/api/v1/healthcare/contents", "p", 200},
		{"/api/v1/healthcare/contents/walking-basics", "p", 200},
		{"/api/v1/healthcare/contents/nope", "p", 404},
		{"/api/v1/healthcare/contents", "", 403},
	} {
		req := httptest.NewRequest("GET", c.path, nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		if rec.Code != c.code {
			t.Errorf("GET %s (%q): %d, want %d", c.path, c.token, rec.Code, c.code)
		}
	}
}
