package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Five wrong passwords lock a citizen login (the right one then answers
// account_locked); `jikimi citizen unlock` clears the lock.
func TestCitizenUnlock(t *testing.T) {
	t.Parallel()
	s, data, c := startDemo(t)
	defer s.stop(t)
	p := demoCitizen(t, c, "seoul-healthcare")
	login := func(pw string) string {
		body, _ := json.Marshal(map[string]string{"service": p.Service, "login": p.Login, "password": pw})
		res, err := http.Post(s.url+"/api/v1/session", "application/json", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out struct{ Reason string }
		b, _ := io.ReadAll(res.Body)
		json.Unmarshal(b, &out)
		if res.StatusCode == http.StatusCreated {
			return "ok"
		}
		if out.Reason == "" {
			return res.Status + " " + string(b)
		}
		return out.Reason
	}
	for range 5 {
		if got := login("wrong-password-0"); got != "bad_credentials" {
			t.Fatalf("a wrong password: %q", got)
		}
	}
	if got := login(p.Password); got != "account_locked" {
		t.Fatalf("after five failures, the right password: %q", got)
	}
	if _, _, err := runCmd(t, "citizen", "unlock", "--data", data, "--service", p.Service, "--login", "nobody_here"); exitStatus(err) != 1 {
		t.Fatalf("unknown login: exit %d", exitStatus(err))
	}
	if _, _, err := runCmd(t, "citizen", "unlock", "--data", data, "--service", "elsewhere", "--login", p.Login); exitStatus(err) != 2 {
		t.Fatalf("unknown service: exit %d", exitStatus(err))
	}
	out, _, err := runCmd(t, "citizen", "unlock", "--data", data, "--service", p.Service, "--login", p.Login)
	if err != nil || !strings.Contains(out, p.Subject) {
		t.Fatalf("unlock: %q %v", out, err)
	}
	if got := login(p.Password); got != "ok" {
		t.Fatalf("after unlock: %q", got)
	}
}
