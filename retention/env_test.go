package retention

import (
	"context"
	"io/fs"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"jikimi/internal/testlog"
	"jikimi/policies"
	"jikimi/policy"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

var ctx = context.Background()

const bokjiro = "bokjiro"

var (
	caseworker = vault.Actor{Kind: vault.Staff, ID: "stf_cw1", Role: "caseworker", Source: "127.0.0.1"}
	sysActor   = vault.Actor{Kind: vault.System, ID: "test"}
)

// fixture is a runner on a real gate.
type fixture struct {
	*vaulttest.Env
	r    *Runner
	logs *testlog.Buffer
}

func newFixture(t testing.TB, env *vaulttest.Env, tune ...func(*Config)) *fixture {
	t.Helper()
	f := &fixture{Env: env, logs: &testlog.Buffer{}}
	cfg := Config{Vault: env.Vault, SQL: env.SQL(), Policies: env.Policies, Clock: env.Clock, Chunk: 2,
		Log: slog.New(slog.NewTextHandler(f.logs, nil))}
	for _, fn := range tune {
		fn(&cfg)
	}
	var err error
	if f.r, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	return f
}

// bokjiroWith declares bokjiro with edits to its declaration, as further
// versions effective on the given days (none: edit the one version).
func bokjiroWith(t testing.TB, edit func(string) string, from ...string) *policy.Registry {
	t.Helper()
	base, err := fs.ReadFile(policies.FS, "bokjiro/2019-05-02.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := fstest.MapFS{"p/bokjiro/2019-05-02.yaml": {Data: []byte(edit(string(base)))}}
	for _, v := range from {
		files["p/bokjiro/2019-05-02.yaml"] = &fstest.MapFile{Data: base}
		files["p/bokjiro/"+v+".yaml"] = &fstest.MapFile{Data: []byte(strings.NewReplacer(
			`version: "2019-05-02"`, `version: "`+v+`"`, "effective: 2019-05-02", "effective: "+v).Replace(edit(string(base))))}
	}
	reg, err := policy.LoadFS(files, "p")
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func (f *fixture) subject(t testing.TB) string {
	t.Helper()
	id, err := f.Vault.NewSubject(ctx, vault.Request{Actor: sysActor, Service: bokjiro})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// searched stores n look-ups of 나의 복지서비스 (destroyed at once after use).
func (f *fixture) searched(t testing.TB, subject string, n int) []string {
	t.Helper()
	values := make([]map[string]string, n)
	for i := range values {
		values[i] = map[string]string{"pension_paid": "SYNTHETIC-PENSION"}
	}
	r := vault.Request{Actor: sysActor, Service: bokjiro, Purpose: "my-welfare", Subject: subject, Action: vault.Input}
	ids, err := f.Vault.PutMany(ctx, r, "my-welfare", values)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// applied stores an online application's record under rule and case.
func (f *fixture) applied(t testing.TB, subject, rule, caseID string) string {
	t.Helper()
	id, err := f.Vault.PutRetained(ctx, appReq(caseworker, subject, vault.Input), vault.Retain{Rule: rule, Case: caseID},
		map[string]string{"name": "SYNTHETIC-NAME", "income": "SYNTHETIC-INCOME"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func appReq(a vault.Actor, subject string, action vault.Action, items ...string) vault.Request {
	return vault.Request{Actor: a, Service: bokjiro, Purpose: "online-application", Subject: subject, Items: items, Action: action}
}

func (f *fixture) notified(t testing.TB, subject, caseID string) {
	t.Helper()
	_, err := f.Vault.Event(ctx, vault.Request{Actor: caseworker, Service: bokjiro, Purpose: "online-application", Subject: subject}, vault.RetentionEvent{Case: caseID, Event: "result_notified", At: f.Clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) run(t testing.TB) *Result {
	t.Helper()
	res, err := f.r.Run(ctx, f.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// report reads every destruction record.
func (f *fixture) report(t testing.TB) []Destruction {
	t.Helper()
	var out []Destruction
	if err := f.r.Report(ctx, time.Time{}, time.Time{}, func(d Destruction) error { out = append(out, d); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// readable reports whether a record in use can still be read.
func (f *fixture) readable(t testing.TB, subject, purpose, id string) bool {
	t.Helper()
	r := vault.Request{Actor: sysActor, Service: bokjiro, Purpose: purpose, Subject: subject, Action: vault.View}
	_, err := f.Vault.Get(ctx, r, id)
	return err == nil
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }
