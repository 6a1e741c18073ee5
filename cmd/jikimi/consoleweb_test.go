package main

import (
	"strings"
	"testing"

	"jikimi/clock"
	"jikimi/staff"
	"jikimi/web/browsertest"
)

// The README's console walk-through on the real program: demo staff sign
// in through the console's page with the printed password and code, the
// caseworker chooses a purpose before the application queue opens and
// sends the newsletter through the real outbox, the operator re-runs
// yesterday's points and reconciles the conversions on the real ledger,
// and the officer reaches the rights queue, the destruction plans and the
// inspection.
func TestDemoConsoleInBrowser(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	s := startServe(t, "--data", data, "--demo")
	defer s.stop(t)
	signIn := func(login string) *browsertest.Browser { return consoleSignIn(t, s.url, data, login) }
	b := signIn("demo.caseworker")
	b.Open(t, s.url+"/staff/bokjiro/applications")
	if text := b.Text(t, "main"); !strings.Contains(text, "먼저 선택") {
		t.Fatalf("the queue before choosing: %q", text)
	}
	if st := b.Submit(t, `main form[action="/staff/work"]`, nil); st != 200 || !strings.Contains(b.Text(t, "main"), "신청 번호") {
		t.Fatalf("the queue after choosing: %d %q", st, b.Text(t, "main"))
	}
	b.Open(t, s.url+"/staff/bokjiro/newsletter") // the newsletter wired to the outbox, as `jikimi newsletter send`
	if st := b.Submit(t, `form[action="/staff/bokjiro/newsletter/issues"]`, map[string]string{"issue": "demo-1", "title": "가상 소식", "body": "가상 본문"}); st != 200 ||
		!strings.Contains(b.Text(t, "main"), "대기열에 넣었습니다") {
		t.Fatalf("sending the newsletter: %d %q", st, b.Text(t, "main"))
	}
	op := signIn("demo.operator")
	op.Open(t, s.url+"/staff/healthcare/points")
	if st := op.Submit(t, `main form[action="/staff/work"]`, nil); st != 200 {
		t.Fatalf("choosing the health service: %d %q", st, op.Text(t, "main"))
	}
	if st := op.Submit(t, `form[action="/staff/healthcare/points/runs"]`, nil); st != 200 || !strings.Contains(op.Text(t, "main"), "적립 결과") {
		t.Fatalf("running yesterday's points: %d %q", st, op.Text(t, "main"))
	}
	if st := op.Submit(t, `form[action="/staff/healthcare/points/reconciliation"]`, nil); st != 200 || !strings.Contains(op.Text(t, "main"), "확인한 전환") {
		t.Fatalf("reconciling: %d %q", st, op.Text(t, "main"))
	}
	op.LookAt(t, "console-points")
	o := signIn("demo.officer")
	for path, want := range map[string]string{"/staff/officer/rights": "권리 행사", "/staff/officer/plans": "파기 계획",
		"/staff/officer/inspection": "접속기록 점검", "/staff/officer/policies": "수탁자"} {
		o.Open(t, s.url+path)
		if text := o.Text(t, "main"); !strings.Contains(text, want) {
			t.Fatalf("%s: %q", path, text)
		}
	}
	o.Clean(t)
}

// consoleSignIn signs a demo staff member in to the console through its
// page in a new browser, with the printed password and the current code.
func consoleSignIn(t *testing.T, base, data, login string) *browsertest.Browser {
	t.Helper()
	for _, l := range demoCreds(t, data).Staff {
		if l.Login != login {
			continue
		}
		code, err := staff.CurrentCode(l.TOTPSecret, clock.System{}.Now())
		if err != nil {
			t.Fatal(err)
		}
		b := browsertest.New(t)
		b.SignIn(t, base+"/staff/login", map[string]string{"login": l.Login, "password": l.Password, "code": code})
		return b
	}
	t.Fatal("no demo staff " + login)
	return nil
}
