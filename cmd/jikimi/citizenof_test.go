package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// A citizen's session opens only its own service's API (citizenOf): a 복지로
// member's token on a healthcare participant's route, and a participant's
// on a 복지로 member's, are forbidden with other_service.
func TestCitizenSessionOfAnotherService(t *testing.T) {
	t.Parallel()
	s, data := sharedDemo(t)
	creds := demoCreds(t, data)
	token := func(service string) string {
		t.Helper()
		c := demoCitizen(t, creds, service)
		body, _ := json.Marshal(map[string]string{"service": service, "login": c.Login, "password": c.Password})
		var out struct {
			Token string `json:"token"`
		}
		if st, raw := api(t, "POST", s.url+"/api/v1/session", "", string(body), &out); st != 201 {
			t.Fatalf("sign in to %s: %d %s", service, st, raw)
		}
		return out.Token
	}
	bokjiro, healthcare := token("bokjiro"), token("seoul-healthcare")
	for _, c := range []struct{ path, own, other string }{
		{"/api/v1/healthcare/contents", healthcare, bokjiro},
		{"/api/v1/bokjiro/applications", bokjiro, healthcare},
	} {
		if st, raw := api(t, "GET", s.url+c.path, c.own, "", nil); st != 200 {
			t.Errorf("GET %s with its own service's session: %d %s", c.path, st, raw)
		}
		if st, raw := api(t, "GET", s.url+c.path, c.other, "", nil); st != 403 || !strings.Contains(raw, `"other_service"`) {
			t.Errorf("GET %s with another service's session: %d %s, want 403 other_service", c.path, st, raw)
		}
	}
}
