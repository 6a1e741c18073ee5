package main

import (
	"context"
	"strings"
	"testing"

	"jikimi/clock"
	"jikimi/demo"
	"jikimi/vault"
)

// `jikimi shipments --by` lists the waiting watches' delivery data for a
// health-operator, and refuses anyone else.
func TestShipmentsCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sys, cfg, creds := seededApp(t, func(sys *app) demo.Deps { return demo.Deps{Vault: sys.vault, Staff: sys.staff} })
	subject, err := sys.vault.NewSubject(ctx, vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}, Service: "seoul-healthcare"})
	if err != nil {
		t.Fatal(err)
	}
	self := vault.Actor{Kind: vault.Subject, ID: subject, Source: "127.0.0.1"}
	for _, scope := range []string{"purpose:enrolment", "purpose:watch-delivery"} {
		if _, err := sys.vault.Give(ctx, vault.Request{Actor: self, Service: "seoul-healthcare", Subject: subject}, vault.Consent{Scope: scope, Channel: vault.ChannelWeb, Text: "동의"}); err != nil {
			t.Fatal(err)
		}
	}
	r := vault.Request{Actor: self, Service: "seoul-healthcare", Purpose: "watch-delivery", Subject: subject, Action: vault.Input}
	if _, err := sys.vault.Put(ctx, r, "delivery", map[string]string{"delivery_address": "서울특별시 가상구 가상로 0000", "delivery_contact": "010-0000-0009"}); err != nil {
		t.Fatal(err)
	}
	sys.Close()
	operator, counsellor := demoStaff(t, creds, "health-operator").AccountID, demoStaff(t, creds, "counsellor").AccountID
	out, stderr, err := runCmd(t, "shipments", "--data", cfg.Data, "--by", operator)
	if err != nil || !strings.Contains(out, subject+"\t서울특별시 가상구 가상로 0000\t010-0000-0009") {
		t.Fatalf("shipments: %v\n%s\n%s", err, out, stderr)
	}
	if _, _, err := runCmd(t, "shipments", "--data", cfg.Data, "--by", counsellor); exitStatus(err) != 1 {
		t.Fatalf("a counsellor: exit %d", exitStatus(err))
	}
}

// seededApp opens the system on a new data folder and seeds the demo with
// the dependencies deps picks; the caller closes it.
func seededApp(t *testing.T, deps func(*app) demo.Deps) (*app, *Config, *demo.Credentials) {
	t.Helper()
	cfg := testConfig(t, "--data", t.TempDir())
	sys, err := openApp(context.Background(), env{getenv: noEnv}, cfg, clock.System{})
	if err != nil {
		t.Fatal(err)
	}
	creds, err := demo.Seed(context.Background(), deps(sys), demoPath(cfg))
	if err != nil {
		sys.Close()
		t.Fatal(err)
	}
	return sys, cfg, creds
}
