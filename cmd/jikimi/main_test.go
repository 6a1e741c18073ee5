package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"jikimi/demo"
	"jikimi/store/open"
	"jikimi/store/sqlite/sqlitetest"
)

func noEnv(string) string { return "" }

// testConfig is the configuration of a command that runs the system, from
// args and no environment, as a command parses it.
func testConfig(t *testing.T, args ...string) *Config {
	t.Helper()
	fs := newFlags("test", env{getenv: noEnv, stderr: io.Discard})
	cfg := addConfig(fs, env{getenv: noEnv}, systemScope)
	if err := cfg.parse(fs, args); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// runCmd runs the program to completion and returns its output and error.
func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return runCmdEnv(t, noEnv, args...)
}

// runCmdEnv is runCmd with the environment getenv gives.
func runCmdEnv(t *testing.T, getenv func(string) string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	if err := placeSchema(args); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	err = run(context.Background(), args, getenv, &out, &errb)
	return out.String(), errb.String(), err
}

// placeSchema puts a copy of a migrated SQLite file into the existing,
// still empty data folder of a command about to run on it, as a first
// start would have made it: migrating a new file under -race takes seconds
// of CPU, and the package's tests start dozens. The migrate command's own
// tests, a PostgreSQL database (--db) and a missing folder are left alone.
func placeSchema(args []string) error {
	if len(args) == 0 || args[0] == "migrate" || slices.ContainsFunc(args, func(a string) bool { return a == "--db" || strings.HasPrefix(a, "--db=") }) {
		return nil
	}
	i := slices.Index(args, "--data")
	if i < 0 || i+1 >= len(args) {
		return nil
	}
	file := filepath.Join(args[i+1], open.SQLiteFile)
	if fi, err := os.Stat(args[i+1]); err != nil || !fi.IsDir() {
		return nil
	}
	if _, err := os.Stat(file); err == nil {
		return nil
	}
	return sqlitetest.Write(file)
}

func exitStatus(err error) int {
	if err == nil {
		return 0
	}
	return exitCode(err)
}

const validFixture = "../../policy/testdata/lint/valid.yaml"

func TestPolicyLint(t *testing.T) {
	t.Parallel()
	out, _, err := runCmd(t, "policy", "lint", validFixture)
	if err != nil || !strings.Contains(out, "no problems") {
		t.Fatalf("valid: err %v, out %q", err, out)
	}
	bad := writeFile(t, t.TempDir(), "bad.yaml", strings.Replace(readFile(t, validFixture), "role: officer", "role: handler", 1))
	out, _, err = runCmd(t, "policy", "lint", validFixture, bad)
	if exitStatus(err) != 1 {
		t.Fatalf("bad: exit %d, want 1 (err %v)", exitStatus(err), err)
	}
	if !strings.HasPrefix(out, bad+":") || !strings.Contains(out, "no privacy officer") {
		t.Fatalf("bad: output %q is not file:line: message", out)
	}
	_, _, err = runCmd(t, "policy", "lint", filepath.Join(t.TempDir(), "missing.yaml"))
	if exitStatus(err) != 1 {
		t.Fatalf("missing file: exit %d", exitStatus(err))
	}
}

// The seed's 손목닥터 9988 version names (주)디케이아이 테크놀로지, whose
// contract ended 2024-04-13: lint warns from then on, and still exits 0.
func TestPolicyLintWarnsOfEndedContracts(t *testing.T) {
	t.Parallel()
	const seed = "../../policies/seoul-healthcare/2024-03-04.yaml"
	out, _, err := runCmd(t, "policy", "lint", "--today", "2024-04-13", seed)
	if err != nil || strings.Contains(out, "warning:") || !strings.Contains(out, "0 warning(s)") {
		t.Fatalf("on the contract's last day: err %v, out %q", err, out)
	}
	out, _, err = runCmd(t, "policy", "lint", "--today", "2024-05-01", seed)
	if err != nil || !strings.HasPrefix(out, seed+":") || !strings.Contains(out, `warning: trustee "(주)디케이아이 테크놀로지": the contract ended 2024-04-13`) ||
		strings.Contains(out, "KTIS") || !strings.Contains(out, "1 warning(s)") {
		t.Fatalf("after the contract ended: err %v, out %q", err, out)
	}
	if _, _, err = runCmd(t, "policy", "lint", "--today", "yesterday", seed); exitStatus(err) != 2 {
		t.Fatalf("a malformed --today: exit %d", exitStatus(err))
	}
}

func TestPolicyLintShippedDeclarations(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../../policies/*/*.yaml")
	if len(files) < 2 {
		t.Fatalf("found %d declarations", len(files))
	}
	out, _, err := runCmd(t, append([]string{"policy", "lint"}, files...)...)
	if err != nil {
		t.Fatalf("shipped declarations do not lint:\n%s", out)
	}
}

func TestPolicyRenderAndDiff(t *testing.T) {
	t.Parallel()
	out, _, err := runCmd(t, "policy", "render", "--service", "bokjiro", "--format", "md")
	if err != nil || !strings.Contains(out, "복지로") {
		t.Fatalf("render: %v\n%.300s", err, out)
	}
	out, _, err = runCmd(t, "policy", "render", "--service", "seoul-healthcare", "--format", "html", "--history")
	if err != nil || !strings.Contains(out, "2021") {
		t.Fatalf("history: %v\n%.300s", err, out)
	}
	_, _, err = runCmd(t, "policy", "render", "--service", "nobody", "--format", "md")
	if err == nil {
		t.Fatal("rendered an unknown service")
	}
	dir := twoVersionDir(t, func(s string) string {
		return strings.Replace(s, "{id: health, period: 2y}", "{id: health, period: 3y}", 1)
	})
	out, _, err = runCmd(t, "policy", "diff", "--policies", dir, "--service", "test-service", "2026-01-01", "2026-07-01")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"period    changed health/health: 2y -> 3y", "purpose health: retention \"health\" is longer than consented"} {
		if !strings.Contains(out, want) {
			t.Fatalf("diff output lacks %q:\n%s", want, out)
		}
	}
}

// twoVersionDir writes the valid fixture as version 2026-01-01 and a changed
// copy as 2026-07-01 into a policies folder.
func twoVersionDir(t *testing.T, change func(string) string) string {
	t.Helper()
	dir := t.TempDir()
	valid := readFile(t, validFixture)
	svc := filepath.Join(dir, "test-service")
	os.MkdirAll(svc, 0o755)
	writeFile(t, svc, "2026-01-01.yaml", valid)
	v2 := strings.NewReplacer(`version: "2026-01-01"`, `version: "2026-07-01"`, "effective: 2026-01-01", "effective: 2026-07-01").Replace(valid)
	writeFile(t, svc, "2026-07-01.yaml", change(v2))
	return dir
}

// serving is a running `jikimi serve`.
type serving struct {
	url     string
	cancel  context.CancelFunc
	done    chan error
	stdout  *bufio.Reader
	lines   []string // what it printed up to its address
	stopped bool
}

func startServe(t *testing.T, args ...string) *serving {
	t.Helper()
	if !slices.Contains(args, "--demo") && !slices.Contains(args, "--audit-keys") {
		args = append(args, "--audit-keys", t.TempDir()) // outside the data folder, as serve requires
	}
	return startProgram(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
}

// startProgram runs a command that listens (serve, witness serve) until it
// prints its address.
func startProgram(t *testing.T, args []string) *serving {
	t.Helper()
	return startProgramLogging(t, args, io.Discard)
}

// startProgramLogging is startProgram with the program's log (its stderr)
// written to stderr.
func startProgramLogging(t *testing.T, args []string, stderr io.Writer) *serving {
	t.Helper()
	s, err := launch(args, stderr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.stop(t) })
	return s
}

// launch runs a command that listens until it prints its address.
func launch(args []string, stderr io.Writer) (*serving, error) {
	if err := placeSchema(args); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &serving{cancel: cancel, done: make(chan error, 1), stdout: bufio.NewReader(pr)}
	go func() {
		err := run(ctx, args, noEnv, pw, stderr)
		pw.CloseWithError(errors.New("exited"))
		s.done <- err
	}()
	for s.url == "" {
		line, err := s.stdout.ReadString('\n')
		if err != nil {
			cancel()
			return nil, fmt.Errorf("serve did not start: %v", <-s.done)
		}
		if rest, ok := strings.CutPrefix(line, "jikimi: listening on "); ok {
			s.url = strings.TrimSpace(rest)
		}
		s.lines = append(s.lines, line)
	}
	return s, nil
}

// shared is one `serve --demo` for the tests that only read what the demo
// seeded (public pages; a demo participant's dashboard, whose sign-in
// writes nothing another test reads): seeding the demo takes seconds under
// -race, so they seed it once between them. TestMain stops it.
var shared struct {
	once sync.Once
	s    *serving
	data string
	err  error
}

// sharedDemo is the shared demo server and its data folder.
func sharedDemo(t *testing.T) (*serving, string) {
	t.Helper()
	shared.once.Do(func() {
		if shared.data, shared.err = os.MkdirTemp("", "jikimi-demo-"); shared.err == nil {
			shared.s, shared.err = launch([]string{"serve", "--addr", "127.0.0.1:0", "--data", shared.data, "--demo"}, io.Discard)
		}
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.s, shared.data
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.s != nil {
		shared.s.cancel()
		go io.Copy(io.Discard, shared.s.stdout)
		select {
		case <-shared.s.done:
		case <-time.After(15 * time.Second):
		}
	}
	if shared.data != "" {
		os.RemoveAll(shared.data)
	}
	os.Exit(code)
}

// stop ends the server and checks it shut down cleanly; calling it again is a no-op.
func (s *serving) stop(t *testing.T) {
	if s.stopped {
		return
	}
	s.stopped = true
	s.cancel()
	go io.Copy(io.Discard, s.stdout)
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("serve ended with %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Error("serve did not shut down")
	}
}

func TestServeEndToEnd(t *testing.T) {
	t.Parallel()
	s, _ := sharedDemo(t)
	for _, path := range []string{"/healthz", "/privacy/seoul-healthcare", "/privacy/bokjiro/history", "/openapi.yaml"} {
		res, err := http.Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
	}
}

func TestDemoCredentials(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	_, _, err := runCmd(t, "demo", "credentials", "--data", data)
	if err == nil || !strings.Contains(err.Error(), "serve --demo") {
		t.Fatalf("before seeding: %v", err)
	}
	startServe(t, "--data", data, "--demo").stop(t)
	first, _, err := runCmd(t, "demo", "credentials", "--data", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"demo.caseworker", "demo.officer", "role privacy-officer", "seoul-healthcare", "bokjiro", "TOTP secret"} {
		if !strings.Contains(first, want) {
			t.Fatalf("credentials lack %q:\n%s", want, first)
		}
	}
	if fi, err := os.Stat(filepath.Join(data, "demo-credentials.json")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file: %v, mode %v", err, fi.Mode())
	}
	startServe(t, "--data", data, "--demo").stop(t)
	again, _, _ := runCmd(t, "demo", "credentials", "--data", data)
	if again != first {
		t.Fatal("a second start re-seeded the demo content")
	}
}

func TestServeRefusesBadPolicy(t *testing.T) {
	t.Parallel()
	dir := twoVersionDir(t, func(s string) string { return strings.Replace(s, "title: 건강관리", "title: [건강관리", 1) })
	_, stderr, err := runCmd(t, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--policies", dir)
	if exitStatus(err) != 1 || !strings.Contains(err.Error(), "refusing to start") {
		t.Fatalf("err %v", err)
	}
	if !strings.Contains(stderr, filepath.Join("test-service", "2026-07-01.yaml")+":32: malformed YAML") {
		t.Fatalf("stderr lacks the lint error:\n%s", stderr)
	}
}

func TestServeRefusesRewrittenPublishedVersion(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	dir := twoVersionDir(t, func(s string) string { return s })
	keys := t.TempDir()
	s := startServe(t, "--data", data, "--policies", dir, "--audit-keys", keys)
	s.stop(t)
	path := filepath.Join(dir, "test-service", "2026-07-01.yaml")
	writeFile(t, filepath.Dir(path), filepath.Base(path), strings.Replace(readFile(t, path), "period: 2y}", "period: 3y}", 1))
	_, _, err := runCmd(t, "serve", "--addr", "127.0.0.1:0", "--data", data, "--policies", dir, "--audit-keys", keys)
	if err == nil || !strings.Contains(err.Error(), "already published with different content") {
		t.Fatalf("err = %v", err)
	}
}

func TestServeRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	if _, _, err := runCmd(t, "migrate", "--data", data); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(data, "jikimi.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations(version, applied_at) VALUES (999, '2026-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, _, err = runCmd(t, "serve", "--addr", "127.0.0.1:0", "--data", data)
	if err == nil || !strings.Contains(err.Error(), "newer than this binary") {
		t.Fatalf("err = %v", err)
	}
}

func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	_, _, err := runCmd(t, "frobnicate")
	if exitStatus(err) != 2 {
		t.Fatalf("exit %d", exitStatus(err))
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// demoCreds reads the demo logins a `serve --demo` on data wrote.
// startDemo serves a fresh data folder with the demo content; it returns
// the server, the folder and the demo's credentials.
func startDemo(t *testing.T) (*serving, string, *demo.Credentials) {
	t.Helper()
	data := t.TempDir()
	s := startServe(t, "--data", data, "--demo")
	return s, data, demoCreds(t, data)
}

func demoCreds(t testing.TB, data string) *demo.Credentials {
	t.Helper()
	c, err := demo.Load(demoPath(&Config{Data: data}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// demoStaff is the demo staff member whose login or role is key.
func demoStaff(t testing.TB, c *demo.Credentials, key string) demo.StaffLogin {
	t.Helper()
	for _, l := range c.Staff {
		if l.Login == key || l.Role == key {
			return l
		}
	}
	t.Fatalf("no demo staff %q", key)
	return demo.StaffLogin{}
}

// demoCitizen is the demo citizen whose label or login is key, or else the
// first of the service key with a login.
func demoCitizen(t testing.TB, c *demo.Credentials, key string) demo.Citizen {
	t.Helper()
	for _, x := range c.Citizens {
		if x.Label == key || x.Login == key {
			return x
		}
	}
	for _, x := range c.Citizens {
		if x.Service == key && x.Login != "" {
			return x
		}
	}
	t.Fatalf("no demo citizen %q", key)
	return demo.Citizen{}
}

// staffSession signs a demo staff login in over the API with the code
// `jikimi demo code` gives (dbArgs name the database when it is not the
// data folder's) and returns the session's token.
func staffSession(t *testing.T, base, data, login string, dbArgs ...string) string {
	t.Helper()
	code, _, err := runCmd(t, append([]string{"demo", "code", "--data", data}, append(dbArgs, login)...)...)
	if err != nil {
		t.Fatal(err)
	}
	l := demoStaff(t, demoCreds(t, data), login)
	body, _ := json.Marshal(map[string]string{"login": l.Login, "password": l.Password, "code": strings.TrimSpace(code)})
	var s struct{ Token string }
	if st, out := api(t, "POST", base+"/api/v1/staff/session", "", string(body), &s); st != 200 || s.Token == "" {
		t.Fatalf("%s sign-in: %d %s", login, st, out)
	}
	return s.Token
}
