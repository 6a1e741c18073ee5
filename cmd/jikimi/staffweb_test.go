package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// A demo staff member signs in over HTTP with the printed login, password
// and the code `jikimi demo code` gives, and may act at once.
func TestDemoStaffSignIn(t *testing.T) {
	t.Parallel()
	s, data, c := startDemo(t)
	defer s.stop(t)
	login := demoStaff(t, c, "demo.caseworker")
	code, _, err := runCmd(t, "demo", "code", "--data", data, "demo.caseworker")
	if err != nil || len(strings.TrimSpace(code)) != 6 {
		t.Fatalf("demo code: %q %v", code, err)
	}
	body, _ := json.Marshal(map[string]string{"login": login.Login, "password": login.Password, "code": strings.TrimSpace(code)})
	res, err := http.Post(s.url+"/api/v1/staff/session", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var sess struct {
		Token                  string   `json:"token"`
		Roles                  []string `json:"roles"`
		PasswordChangeRequired bool     `json:"password_change_required"`
	}
	if res.StatusCode != 200 || json.Unmarshal(out, &sess) != nil || sess.Token == "" || sess.PasswordChangeRequired || len(sess.Roles) != 1 || sess.Roles[0] != "caseworker" {
		t.Fatalf("sign-in: %d %s", res.StatusCode, out)
	}
	if _, _, err := runCmd(t, "demo", "code", "--data", data, "nobody"); err == nil {
		t.Fatal("code of an unknown login: no error")
	}
}
