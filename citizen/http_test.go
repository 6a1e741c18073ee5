package citizen_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"jikimi/vault/vaulttest"
	"jikimi/web"
	"jikimi/web/webtest"
)

var purposes = map[string]string{svc: purpose}

func TestMountDocumented(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	if err := web.CheckMount(f.a.Mount(purposes)); err != nil {
		t.Fatal(err)
	}
}

func TestHTTPLoginActorLogout(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	subject := f.account(t, "demo_kim01", pw)
	ts := webtest.Serve(t, &web.Server{Policies: f.env.Policies, Clock: f.env.Clock, Mounts: []web.Mount{f.a.Mount(purposes)}})

	status, body := call(t, "POST", ts.URL+"/api/v1/session", "", `{"service":"seoul-healthcare","login":"demo_kim01","password":"`+pw+`"}`)
	var s struct{ Token, Subject string }
	if status != 201 || json.Unmarshal([]byte(body), &s) != nil || s.Subject != subject {
		t.Fatalf("login: %d %s", status, body)
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Authorization", "Bearer "+s.Token)
	actor, _, err := f.a.Actor(req)
	if err != nil || actor.ID != subject || actor.Kind != "subject" {
		t.Fatalf("Actor = %+v, %v", actor, err)
	}
	cookie := httptest.NewRequest("GET", "/", nil)
	cookie.AddCookie(&http.Cookie{Name: "jikimi_session", Value: s.Token})
	if actor, _, err := f.a.Actor(cookie); err != nil || actor.ID != subject {
		t.Fatalf("Actor from cookie = %+v, %v", actor, err)
	}
	if status, body := call(t, "DELETE", ts.URL+"/api/v1/session", s.Token, ""); status != 204 {
		t.Fatalf("logout: %d %s", status, body)
	}
	if _, _, err := f.a.Actor(req); err == nil {
		t.Fatal("the session outlived logout")
	}
	for _, tt := range []struct{ name, body, reason string }{
		{"wrong password", `{"service":"seoul-healthcare","login":"demo_kim01","password":"nope"}`, `"bad_credentials"`},
		{"unknown service", `{"service":"nowhere","login":"demo_kim01","password":"nope"}`, `"unknown_service"`},
	} {
		if _, body := call(t, "POST", ts.URL+"/api/v1/session", "", tt.body); !strings.Contains(body, tt.reason) {
			t.Errorf("%s: %s", tt.name, body)
		}
	}
}

func call(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	code, b := webtest.Call(t, method, url, token, strings.NewReader(body))
	return code, string(b)
}
