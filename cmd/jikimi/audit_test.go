package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/clock"
	"jikimi/keys"
	"jikimi/store"
	"jikimi/store/open"
)

// auditData is a data folder with a keyring and n access-log entries, the
// first of them on 2026-03-02 07:30 KST (off-hours), the rest in working hours.
func auditData(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	appendEntries(t, dir, 1, n)
	return dir
}

func appendEntries(t *testing.T, dir string, from, n int) {
	t.Helper()
	appendEntriesAt(t, dir, filepath.Join(dir, "audit-keys"), clock.NewFake(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)), from, n)
}

// appendEntriesWithKeys appends now, with the audit keys in keys.
func appendEntriesWithKeys(t *testing.T, dir, keys string, from, n int) {
	t.Helper()
	appendEntriesAt(t, dir, keys, clock.System{}, from, n)
}

func appendEntriesAt(t *testing.T, dir, auditKeys string, clk clock.Clock, from, n int) {
	t.Helper()
	ctx := context.Background()
	st, err := open.Open(ctx, open.Config{DataDir: dir, Clock: clk, Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ring, err := keys.LoadOrGenerate(filepath.Join(dir, "keyring.json"), clk, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	l, err := openAuditLog(ctx, st.SQL(), ring, auditKeys, clk)
	if err != nil {
		t.Fatal(err)
	}
	es := make([]audit.Entry, n)
	for i := range es {
		es[i] = audit.Entry{Handler: "staff-7", Role: "officer", Source: "10.0.0.1", Subject: fmt.Sprintf("s_%d", from+i),
			Service: "seoul-healthcare", Purpose: "health", Items: []string{"weight"}, Action: audit.View, Outcome: audit.Allowed}
	}
	if _, fake := clk.(*clock.Fake); fake && from == 1 {
		es[0].Time = time.Date(2026, 3, 1, 22, 30, 0, 0, time.UTC)
	}
	if err := st.SQL().InTx(ctx, func(tx store.Querier) error { return l.Append(ctx, tx, es...) }); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(ctx); err != nil { // as a server that stops signs its tail
		t.Fatal(err)
	}
}

func TestAuditVerify(t *testing.T) {
	t.Parallel()
	dir := auditData(t, 12)
	out, _, err := runCmd(t, "audit", "verify", "--data", dir)
	if err != nil || !strings.Contains(out, "OK: entries 1..12 chain") {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, open.SQLiteFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Entry 7's stored hash (bytes 193..224 of its batch's hashes) zeroed.
	if _, err := db.Exec(`UPDATE audit_batches SET hashes = substr(hashes, 1, 192) || zeroblob(32) || substr(hashes, 225) WHERE seq = 1`); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, "audit", "verify", "--data", dir)
	if exitStatus(err) != 1 || !strings.Contains(out, "FAILED: entry 7: altered") {
		t.Fatalf("verify of a tampered log: exit %d (%v)\n%s", exitStatus(err), err, out)
	}
}

func TestAuditAuditorFiles(t *testing.T) {
	t.Parallel()
	dir := auditData(t, 20)
	files := t.TempDir()
	f := func(name string) string { return filepath.Join(files, name) }
	mustRun(t, "audit", "export-public-key", "--data", dir, "--out", f("pub.pem"))
	mustRun(t, "audit", "export-checkpoint", "--data", dir, "--out", f("old.note"))
	mustRun(t, "audit", "prove", "5", "--data", dir, "--out", f("inclusion.json"))
	appendEntries(t, dir, 21, 30)
	mustRun(t, "audit", "export-checkpoint", "--data", dir, "--out", f("new.note"))
	mustRun(t, "audit", "prove", "--from", f("old.note"), "--data", dir, "--out", f("consistency.json"))

	// The auditor needs no database: --data points nowhere.
	nowhere := filepath.Join(files, "no-such-dir")
	out := mustRun(t, "audit", "verify", "--data", nowhere, "--public-key", f("pub.pem"), "--checkpoint", f("old.note"), "--proof", f("inclusion.json"))
	if !strings.Contains(out, "checkpoint of 20 entries") || !strings.Contains(out, `entry 5 is in the checkpoint`) || !strings.Contains(out, `subject "s_5"`) {
		t.Fatalf("inclusion:\n%s", out)
	}
	out = mustRun(t, "audit", "verify", "--data", nowhere, "--public-key", f("pub.pem"), "--checkpoint", f("new.note"), "--old-checkpoint", f("old.note"), "--proof", f("consistency.json"))
	if !strings.Contains(out, "extends the older one of 20 entries") {
		t.Fatalf("consistency:\n%s", out)
	}
	if _, err := os.Stat(nowhere); !os.IsNotExist(err) {
		t.Fatal("offline verify created a data folder")
	}
	// A proof against the wrong checkpoint fails with status 1.
	_, _, err := runCmd(t, "audit", "verify", "--public-key", f("pub.pem"), "--checkpoint", f("new.note"), "--proof", f("inclusion.json"))
	if exitStatus(err) != 1 || !strings.Contains(err.Error(), "FAILED") {
		t.Fatalf("wrong checkpoint: exit %d (%v)", exitStatus(err), err)
	}
	// Export a stored checkpoint by size.
	again := mustRun(t, "audit", "export-checkpoint", "--data", dir, "--size", "20")
	if again != readFile(t, f("old.note")) {
		t.Fatal("export-checkpoint --size 20 differs from the checkpoint exported then")
	}
}

func TestAuditInspect(t *testing.T) {
	t.Parallel()
	dir := auditData(t, 5)
	out := mustRun(t, "audit", "inspect", "--data", dir, "--month", "2026-03")
	for _, want := range []string{"Access log inspection (접속기록 점검) 2026-03", "5 entries", "Off-hours accesses: 1", "2026-03-02 07:30 Mon"} {
		if !strings.Contains(out, want) {
			t.Fatalf("inspect lacks %q:\n%s", want, out)
		}
	}
	out = mustRun(t, "audit", "inspect", "--data", dir, "--month", "2026-03", "--format", "md", "--hours", "7-20")
	if !strings.Contains(out, "# Access log inspection") || !strings.Contains(out, "Off-hours accesses: 0") {
		t.Fatalf("inspect --format md --hours 7-20:\n%s", out)
	}
}

func TestAuditUsageErrors(t *testing.T) {
	t.Parallel()
	dir := auditData(t, 1)
	for _, args := range [][]string{
		{"audit"},
		{"audit", "shred"},
		{"audit", "prove", "--data", dir},
		{"audit", "prove", "x", "--data", dir},
		{"audit", "prove", "1", "--from", "old.note", "--data", dir},
		{"audit", "inspect", "--data", dir},
		{"audit", "inspect", "--data", dir, "--month", "2026-3"},
		{"audit", "inspect", "--data", dir, "--month", "2026-03", "--format", "pdf"},
		{"audit", "inspect", "--data", dir, "--month", "2026-03", "--holidays", "March 1"},
		{"audit", "verify", "--checkpoint", "x.note"},
	} {
		if _, _, err := runCmd(t, args...); exitStatus(err) != 2 {
			t.Errorf("%v: exit %d (%v), want 2", args, exitStatus(err), err)
		}
	}
	_, _, err := runCmd(t, "audit", "verify", "--data", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "keyring") {
		t.Fatalf("verify without a keyring: %v", err)
	}
	if _, _, err := runCmd(t, "audit", "prove", "2", "--data", dir); err == nil {
		t.Fatal("proved an entry beyond the log")
	}
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, stderr, err := runCmd(t, args...)
	if err != nil {
		t.Fatalf("%v: %v\n%s", args, err, stderr)
	}
	return out
}
