package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"jikimi/clock"
	"jikimi/demo"
)

// The demo Bokjiro member can log in with what `jikimi demo credentials`
// prints.
func TestDemoBokjiroMemberLogsIn(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	af := &appFlags{store: &storeFlags{data: dir}}
	sys, err := openApp(ctx, env{getenv: noEnv}, af, clock.System{})
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close()
	creds, err := demo.Seed(ctx, demo.Deps{Vault: sys.vault, Staff: sys.staff, Clock: sys.clk, Accounts: sys.citizens, SQL: sys.st.SQL()}, demoPath(af))
	if err != nil {
		t.Fatal(err)
	}
	var printed bytes.Buffer
	creds.Print(&printed)
	for _, c := range creds.Citizens {
		if c.Login != "demo_bokjiro1" {
			continue
		}
		if !strings.Contains(printed.String(), "demo_bokjiro1") || !strings.Contains(printed.String(), c.Password) {
			t.Fatalf("credentials do not print the login:\n%s", printed.String())
		}
		s, err := sys.citizens.Login(ctx, "bokjiro", accountPurposes["bokjiro"], c.Login, c.Password, "127.0.0.1")
		if err != nil || s.Subject != c.Subject {
			t.Fatalf("login: %+v %v", s, err)
		}
		return
	}
	t.Fatal("no demo Bokjiro member with a login")
}
