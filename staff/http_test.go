package staff

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/web"
	"jikimi/web/webtest"
)

func TestMountDocumented(t *testing.T) {
	if err := web.CheckMount((&Service{}).Mount()); err != nil {
		t.Fatal(err)
	}
}

// Sign in over HTTP, owe a password change, change it, act in a held role,
// lose the role, sign out.
func TestHTTPSignInToActor(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin := f.admin()
		c := f.create("lee.caseworker")
		f.grant(c.Account.ID, admin.Account.ID, Caseworker)
		h, err := (&web.Server{Clock: f.clk, Mounts: []web.Mount{f.svc.Mount()}}).Handler()
		if err != nil {
			t.Fatal(err)
		}
		var whoami vault.Actor
		mux := http.NewServeMux()
		mux.Handle("/api/", h)
		mux.HandleFunc("GET /act/{role}", func(w http.ResponseWriter, r *http.Request) {
			a, _, err := f.svc.Actor(r, Role(r.PathValue("role")))
			if err != nil {
				http.Error(w, errs.Code(err)+"/"+reasonOf(err), errs.HTTPStatus(errs.Code(err)))
				return
			}
			whoami = a
		})
		ts := httptest.NewServer(mux)
		defer ts.Close()

		var sess sessionBody
		call(t, ts, "POST", "/api/v1/staff/session", "", loginBody{c.Account.Login, c.Password, f.code(c, 0)}, 200, &sess)
		if sess.Token == "" || !sess.PasswordChangeRequired || len(sess.Roles) != 1 {
			t.Fatalf("session %+v", sess)
		}
		act(t, ts, sess.Token, "caseworker", "403 forbidden/password_change_required")
		call(t, ts, "POST", "/api/v1/staff/password", sess.Token, passwordBody{"wrong", "a new long passphrase 2026"}, 403, nil)
		call(t, ts, "POST", "/api/v1/staff/password", sess.Token, passwordBody{c.Password, "a new long passphrase 2026"}, 204, nil)
		f.clk.Advance(60e9)
		call(t, ts, "POST", "/api/v1/staff/session", "", loginBody{c.Account.Login, "a new long passphrase 2026", f.code(c, 0)}, 200, &sess)
		act(t, ts, sess.Token, "caseworker", "200")
		if whoami.Kind != vault.Staff || whoami.ID != c.Account.ID || whoami.Role != "caseworker" || whoami.Source != "127.0.0.1" {
			t.Fatalf("actor %+v", whoami)
		}
		act(t, ts, sess.Token, "privacy-officer", "403 forbidden/role_missing")
		f.must(f.svc.Revoke(f.ctx, RoleChange{Account: c.Account.ID, Role: Caseworker, By: admin.Account.ID, Reason: "moved"}))
		act(t, ts, sess.Token, "caseworker", "403 forbidden/role_missing")
		act(t, ts, "", "caseworker", "401 unauthenticated/no_session")
		call(t, ts, "DELETE", "/api/v1/staff/session", sess.Token, nil, 204, nil)
		act(t, ts, sess.Token, "privacy-officer", "401 unauthenticated/")
	})
}

func reasonOf(err error) string {
	if e, ok := err.(*errs.Error); ok {
		return e.Reason
	}
	return ""
}

func act(t *testing.T, ts *httptest.Server, token, role, want string) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+"/act/"+role, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	got := strings.TrimSpace(strings.Split(res.Status, " ")[0] + " " + string(body))
	if !strings.HasPrefix(got, want) {
		t.Fatalf("acting as %s: %q, want %q", role, got, want)
	}
}

func call(t *testing.T, ts *httptest.Server, method, path, token string, in any, status int, out any) {
	t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = strings.NewReader(string(b))
	}
	code, data := webtest.Call(t, method, ts.URL+path, token, body)
	if code != status {
		t.Fatalf("%s %s: %d %s, want %d", method, path, code, data, status)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatal(err)
		}
	}
}
