package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jikimi/demo"
)

// The demo Bokjiro member can log in with what `jikimi demo credentials`
// prints.
func TestDemoBokjiroMemberLogsIn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sys, _, creds := seededApp(t, func(sys *app) demo.Deps {
		return demo.Deps{Vault: sys.vault, Staff: sys.staff, Clock: sys.clk, Accounts: sys.citizens, SQL: sys.st.SQL(), Jobs: sys.jobs}
	})
	defer sys.Close()
	var printed bytes.Buffer
	creds.Print(&printed)
	c := demoCitizen(t, creds, "demo_bokjiro1")
	if !strings.Contains(printed.String(), "demo_bokjiro1") || !strings.Contains(printed.String(), c.Password) {
		t.Fatalf("credentials do not print the login:\n%s", printed.String())
	}
	s, err := sys.citizens.Login(ctx, "bokjiro", accountPurposes["bokjiro"], c.Login, c.Password, "127.0.0.1")
	if err != nil || s.Subject != c.Subject {
		t.Fatalf("login: %+v %v", s, err)
	}
}

// `jikimi newsletter send` queues an issue for every subscriber (the
// mailing itself, by the outbox, is welfare/newsletter's
// TestIssueSentWithOwnUnsubscribeLink); a missing body is a usage error.
func TestNewsletterSendCommand(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	s := startServe(t, "--data", data, "--demo")
	for _, addr := range []string{"reader-0001@example.invalid", "reader-0002@example.invalid"} {
		res, err := http.Post(s.url+"/api/v1/bokjiro/newsletter", "application/json",
			strings.NewReader(`{"email":"`+addr+`","birth_year":1980,"consent_text":"가상 동의"}`))
		if err != nil || res.StatusCode != 201 {
			t.Fatalf("subscribe: %v %v", res, err)
		}
		res.Body.Close()
	}
	s.stop(t)
	body := filepath.Join(t.TempDir(), "issue.txt")
	os.WriteFile(body, []byte("가상 본문: 12월의 복지 소식"), 0o600)
	if _, _, err := runCmd(t, "newsletter", "send", "--data", data, "--issue", "2026-12", "--title", "12월 소식"); exitStatus(err) != 2 {
		t.Fatalf("no body: exit %d", exitStatus(err))
	}
	out, stderr, err := runCmd(t, "newsletter", "send", "--data", data, "--issue", "2026-12", "--title", "12월 소식", "--body", body)
	if err != nil || !strings.Contains(out, "queued for 2 subscribers") {
		t.Fatalf("send: %v\n%s\n%s", err, out, stderr)
	}
}
