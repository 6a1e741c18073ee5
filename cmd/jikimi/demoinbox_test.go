package main

import (
	"encoding/json"
	"jikimi/internal/testlog"
	"net/http"
	"strings"
	"testing"
)

// The demo's texts and e-mails (a child's sign-up code, notices) go through
// one gateway simulator, as through one outside system, and serve prints
// where its inbox is: a demo user finds the code there.
func TestDemoInboxIsOneAndPrinted(t *testing.T) {
	t.Parallel()
	var log testlog.Buffer
	s := startProgramLogging(t, []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--demo"}, &log)
	var inbox string
	for _, l := range s.lines {
		if _, rest, ok := strings.Cut(l, "texts and e-mails sent (sign-up codes, notices) are at "); ok {
			inbox = strings.TrimSpace(rest)
		}
	}
	if !strings.HasPrefix(inbox, "http://127.0.0.1:") || !strings.HasSuffix(inbox, "/v1/inbox") {
		t.Fatalf("serve --demo printed no inbox address: %q", s.lines)
	}
	for _, name := range []string{"sms", "email"} {
		if n := strings.Count(log.String(), "connector="+name+" "); n != 1 {
			t.Errorf("%d simulators started for %s, want one", n, name)
		}
	}
	res, err := http.Post(s.url+"/api/v1/bokjiro/members/representative-verifications", "application/json",
		strings.NewReader(`{"mobile":"010-0000-0999"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated && res.StatusCode != http.StatusOK {
		t.Fatalf("representative verification: status %d", res.StatusCode)
	}
	res, err = http.Get(inbox)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got []struct {
		Channel string `json:"channel"`
		To      string `json:"to"`
	}
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range got {
		found = found || d.Channel == "sms" && d.To == "01000000999"
	}
	if !found {
		t.Fatalf("the code sent to the representative is not in the printed inbox: %+v", got)
	}
}
