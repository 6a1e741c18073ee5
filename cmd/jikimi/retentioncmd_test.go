package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"jikimi/demo"
	"jikimi/vault"
)

// retentionFixture is a data folder with the demo staff and three look-ups
// of 나의 복지서비스, which are due at once.
func retentionFixture(t *testing.T) (dir, officer, caseworker string) {
	t.Helper()
	ctx := context.Background()
	sys, cfg, creds := seededApp(t, func(sys *app) demo.Deps { return demo.Deps{Vault: sys.vault, Staff: sys.staff} })
	defer sys.Close()
	dir = cfg.Data
	officer, caseworker = demoStaff(t, creds, "privacy-officer").AccountID, demoStaff(t, creds, "caseworker").AccountID
	job := vault.Actor{Kind: vault.System, ID: "test"}
	subject, err := sys.vault.NewSubject(ctx, vault.Request{Actor: job, Service: "bokjiro"})
	if err != nil {
		t.Fatal(err)
	}
	r := vault.Request{Actor: job, Service: "bokjiro", Purpose: "my-welfare", Subject: subject, Action: vault.Input}
	if _, err := sys.vault.PutMany(ctx, r, "my-welfare", []map[string]string{{"pension_paid": "0"}, {"pension_paid": "0"}, {"pension_paid": "0"}}); err != nil {
		t.Fatal(err)
	}
	return dir, officer, caseworker
}

func TestRetentionCommands(t *testing.T) {
	t.Parallel()
	dir, officer, caseworker := retentionFixture(t)
	out, _, err := runCmd(t, "retention", "run", "--data", dir)
	plan := regexp.MustCompile(`pln_[a-z0-9]+`).FindString(out)
	if err != nil || plan == "" || !strings.Contains(out, "pending_approval, 3 records") {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, "retention", "approve", plan, "--by", caseworker, "--data", dir); err == nil || !strings.Contains(err.Error(), "not an active privacy officer") {
		t.Fatalf("a caseworker approved a destruction plan: %v", err)
	}
	out, _, err = runCmd(t, "retention", "approve", plan, "--by", officer, "--data", dir)
	if err != nil || !strings.Contains(out, "carried out: "+plan) || !strings.Contains(out, "destroyed 3") {
		t.Fatalf("approve: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, "retention", "report", "--data", dir)
	if err != nil || strings.Count(out, "bokjiro\tmy-welfare/my-welfare\tdestroy\tcrypto_shred") != 3 || !strings.Contains(out, plan+"\t"+officer) {
		t.Fatalf("report: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, "retention", "plans", "--state", "done", "--data", dir)
	if err != nil || !strings.Contains(out, plan+" bokjiro done") {
		t.Fatalf("plans: %v\n%s", err, out)
	}
}

func TestRetentionCommandsRefuseBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"retention"}, ""},
		{[]string{"retention", "shred-everything"}, ""},
		{[]string{"retention", "run", "--day", "2026-13-01", "--data", dir}, "want YYYY-MM-DD"},
		{[]string{"retention", "approve", "--data", dir}, "usage: jikimi retention approve PLAN --by STAFF_ID"},
		{[]string{"retention", "report", "--from", "2026-03-02", "--to", "2026-03-01", "--data", dir}, "is after"},
	} {
		_, stderr, err := runCmd(t, tt.args...)
		if exitStatus(err) != 2 || (tt.want != "" && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%v: exit %d, %v (stderr %q)", tt.args, exitStatus(err), err, stderr)
		}
	}
	if _, _, err := runCmd(t, "retention", "approve", "pln_nope", "--by", "stf_x", "--data", dir); exitStatus(err) != 1 || !strings.Contains(err.Error(), "no such plan") {
		t.Fatalf("approving an unknown plan: %v", err)
	}
}
