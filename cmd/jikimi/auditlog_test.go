package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"jikimi/store/open"
)

func TestServeRefusesAuditKeysBesideTheData(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	for _, extra := range [][]string{nil, {"--audit-keys", filepath.Join(data, "keys")}} {
		_, _, err := runCmd(t, append([]string{"serve", "--addr", "127.0.0.1:0", "--data", data}, extra...)...)
		if err == nil || !strings.Contains(err.Error(), "--audit-keys") {
			t.Fatalf("serve %v: %v", extra, err)
		}
	}
	if _, err := os.Stat(filepath.Join(data, "audit-keys")); !os.IsNotExist(err) {
		t.Fatal("the refused start created keys in the data folder")
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// The published checkpoint verifies with note.Open and the exported
// verifier key alone; a stop signs the tail; a restart over a database
// restored from before the last published checkpoint is refused.
func TestServePublishesSignsOnStopAndRefusesARollback(t *testing.T) {
	t.Parallel()
	data, keys := t.TempDir(), t.TempDir()
	s := startServe(t, "--data", data, "--audit-keys", keys)
	s.stop(t)
	backup := readFile(t, filepath.Join(data, open.SQLiteFile))
	appendEntriesWithKeys(t, data, keys, 1, 35)

	s = startServe(t, "--data", data, "--audit-keys", keys)
	status, body := get(t, s.url+"/audit/checkpoint")
	vkey := mustRun(t, "audit", "export-public-key", "--data", data, "--audit-keys", keys)
	v, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open([]byte(body), note.VerifierList(v))
	if status != http.StatusOK || err != nil || !strings.HasPrefix(n.Text, "jikimi access log\n") {
		t.Fatalf("GET /audit/checkpoint: %d %v\n%s", status, err, body)
	}
	s.stop(t)
	out := mustRun(t, "audit", "verify", "--data", data, "--audit-keys", keys)
	if !strings.Contains(out, "OK: the log extends the trusted checkpoint") {
		t.Fatalf("verify after a stop:\n%s", out)
	}

	writeFile(t, data, open.SQLiteFile, backup)
	for _, f := range []string{"-wal", "-shm"} {
		os.Remove(filepath.Join(data, open.SQLiteFile+f))
	}
	_, _, err = runCmd(t, "serve", "--addr", "127.0.0.1:0", "--data", data, "--audit-keys", keys)
	if err == nil || !strings.Contains(err.Error(), "refusing to start") || !strings.Contains(err.Error(), "rolled back") {
		t.Fatalf("serve over a restored backup: %v", err)
	}
	out, _, err = runCmd(t, "audit", "verify", "--data", data, "--audit-keys", keys) // still examined, and failed
	if exitStatus(err) != 1 || !strings.Contains(out, "rolled-back") {
		t.Fatalf("verify of a restored backup: exit %d\n%s", exitStatus(err), out)
	}
	if _, _, err := runCmd(t, "audit", "export-checkpoint", "--data", data, "--audit-keys", keys); err == nil {
		t.Fatal("signed a checkpoint over a restored backup")
	}
}

func TestWitnessServeOnLoopback(t *testing.T) {
	t.Parallel()
	data, keys, wdir := t.TempDir(), t.TempDir(), t.TempDir()
	appendEntriesWithKeys(t, data, keys, 1, 12)
	logKeys := mustRun(t, "audit", "export-public-key", "--trusted", "--data", data, "--audit-keys", keys)
	writeFile(t, wdir, "log.keys", logKeys)
	w := startProgram(t, []string{"witness", "serve", "--addr", "127.0.0.1:0", "--key", filepath.Join(wdir, "witness.key"),
		"--state", filepath.Join(wdir, "state"), "--log-keys", filepath.Join(wdir, "log.keys"), "--name", "witness.example"})
	var wkey string
	for _, l := range w.lines {
		if k, ok := strings.CutPrefix(l, "witness: verifier key "); ok {
			wkey = strings.TrimSpace(k)
		}
	}
	writeFile(t, keys, "witnesses", w.url+" "+wkey+"\n")
	writeFile(t, wdir, "witness.pub", wkey+"\n")

	s := startServe(t, "--data", data, "--audit-keys", keys)
	appendEntriesWithKeys(t, data, keys, 13, 4) // another process appends; the server's checkpointer signs and sends it
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body := get(t, s.url+"/audit/checkpoint")
		if strings.Contains(body, "— witness.example ") && strings.Contains(body, "\n16\n") {
			writeFile(t, wdir, "kept.note", body)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no cosigned checkpoint of 16 entries:\n%s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.stop(t)
	out := mustRun(t, "audit", "verify", "--data", data, "--audit-keys", keys, "--trusted-checkpoint", filepath.Join(wdir, "kept.note"),
		"--public-key", filepath.Join(wdir, "log.keys"), "--witness-key", filepath.Join(wdir, "witness.pub"))
	if !strings.Contains(out, "extends the trusted checkpoint of 16 entries") {
		t.Fatalf("verify against the witnessed checkpoint:\n%s", out)
	}
	out = mustRun(t, "audit", "verify", "--checkpoint", filepath.Join(wdir, "kept.note"), "--public-key", filepath.Join(wdir, "log.keys"),
		"--witness-key", filepath.Join(wdir, "witness.pub"))
	if !strings.Contains(out, "OK: checkpoint of 16 entries") {
		t.Fatalf("offline verify:\n%s", out)
	}
}

// A stop signs the tail: the demo seeds the log just before serving, and
// the checkpoint published when the server stops covers every entry.
func TestServeSignsItsTailOnStop(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	startServe(t, "--data", data, "--demo").stop(t)
	published := readFile(t, filepath.Join(data, "audit-keys", publishedFile))
	lines := strings.Split(published, "\n")
	out := mustRun(t, "audit", "verify", "--data", data)
	if len(lines) < 2 || !strings.Contains(out, "OK: entries 1.."+lines[1]+" chain") {
		t.Fatalf("the published checkpoint (%d entries) does not cover the log:\n%s", len(lines), out)
	}
}

// After a rotation the old checkpoints verify with the trusted list, new
// ones are signed by the new key, and the old key alone no longer covers
// the log.
func TestAuditRotateKey(t *testing.T) {
	t.Parallel()
	data, keys, files := t.TempDir(), t.TempDir(), t.TempDir()
	appendEntriesWithKeys(t, data, keys, 1, 5)
	oldKey := mustRun(t, "audit", "export-public-key", "--data", data, "--audit-keys", keys)
	writeFile(t, files, "old.pub", oldKey)
	old := mustRun(t, "audit", "export-checkpoint", "--data", data, "--audit-keys", keys)
	writeFile(t, files, "old.note", old)
	out := mustRun(t, "audit", "rotate-key", "--data", data, "--audit-keys", keys)
	if !strings.Contains(out, "new signing key jikimi-access-log+") {
		t.Fatalf("rotate-key:\n%s", out)
	}
	appendEntriesWithKeys(t, data, keys, 6, 5)
	trusted := mustRun(t, "audit", "export-public-key", "--trusted", "--data", data, "--audit-keys", keys)
	writeFile(t, files, "trusted.keys", trusted)
	if n := strings.Count(trusted, "jikimi-access-log+"); n != 2 || !strings.Contains(trusted, "until=") {
		t.Fatalf("trusted keys after a rotation:\n%s", trusted)
	}
	if out := mustRun(t, "audit", "verify", "--data", data, "--audit-keys", keys); !strings.Contains(out, "OK: entries 1..10 chain, 2 checkpoint(s)") {
		t.Fatalf("verify after a rotation:\n%s", out)
	}
	mustRun(t, "audit", "verify", "--checkpoint", filepath.Join(files, "old.note"), "--public-key", filepath.Join(files, "trusted.keys"))
	writeFile(t, files, "new.note", mustRun(t, "audit", "export-checkpoint", "--data", data, "--audit-keys", keys))
	mustRun(t, "audit", "verify", "--checkpoint", filepath.Join(files, "new.note"), "--public-key", filepath.Join(files, "trusted.keys"))
	if _, _, err := runCmd(t, "audit", "verify", "--checkpoint", filepath.Join(files, "new.note"), "--public-key", filepath.Join(files, "old.pub")); exitStatus(err) != 1 {
		t.Fatalf("the new checkpoint verified with the old key alone: %v", err)
	}
}
