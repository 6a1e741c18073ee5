package console

import (
	"strings"
	"testing"

	"jikimi/citizen"
	"jikimi/errs"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// A caseworker working for 복지로's membership unlocks a member's login
// locked after failed logins, with the reason the look-up is logged with;
// the member signs in at once, and another locked member stays locked. An
// unknown login name is refused with the reason and unlocks no one; a
// health operator cannot open the screen, and a cross-site form unlocks
// nothing.
func TestUnlockCitizenLoginInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		accounts := e.logins
		const pw = "가상-시민-비밀번호-2026!"
		login := func(name string) error {
			_, err := accounts.Login(ctx, "bokjiro", "membership", name, pw, "127.0.0.1")
			return err
		}
		for _, name := range []string{"demo_kim", "demo_lee"} {
			e.memberLogin(accounts, name, pw)
			for range 5 {
				accounts.Login(ctx, "bokjiro", "membership", name, "틀린-비밀번호-0000", "127.0.0.1")
			}
			if err := login(name); errs.Code(err) != errs.Forbidden {
				t.Fatalf("%s before the unlock: %v", name, err)
			}
		}
		b := e.signIn(e.member("demo.caseworker", staff.Caseworker))
		if text := e.page(b, "/staff/bokjiro/logins"); !strings.Contains(text, "먼저 선택") {
			t.Fatalf("the unlock before choosing the membership: %q", text)
		}
		e.choose(b, "caseworker/bokjiro/membership")
		e.page(b, "/staff/bokjiro/logins")
		form := `form[action="/staff/bokjiro/logins/unlock"]`
		if st := b.Submit(t, form, map[string]string{"login": "demo_nobody", "reason": "창구 신분증 확인"}); st != 400 || !strings.Contains(b.Text(t, ".alert"), "계정이 없습니다") {
			t.Fatalf("an unknown login: %d %q", st, b.Text(t, "main"))
		}
		e.crossSite(b, "/staff/bokjiro/logins/unlock", map[string]string{"login": "demo_lee", "reason": "x"})
		e.page(b, "/staff/bokjiro/logins")
		if st := b.Submit(t, form, map[string]string{"login": "demo_kim", "reason": "창구 신분증 확인"}); st != 200 || !strings.Contains(b.Text(t, "main"), "잠금을 풀었습니다") {
			t.Fatalf("unlocking: %d %q", st, b.Text(t, "main"))
		}
		b.LookAt(t, "console-logins")
		last, err := e.Log.Last(ctx)
		if err != nil || last.Purpose != "membership" || last.Role != "caseworker" || last.DownloadReason != "창구 신분증 확인" {
			t.Fatalf("the look-up's log entry: %+v, %v", last, err)
		}
		if err := login("demo_kim"); err != nil {
			t.Fatalf("the member after the unlock: %v", err)
		}
		if err := login("demo_lee"); errs.Code(err) != errs.Forbidden {
			t.Fatalf("the other member after the refusals and the unlock: %v", err)
		}
		op := e.client(e.member("demo.operator", staff.HealthOperator))
		if st, body := op.get("/staff/bokjiro/logins"); st != 403 || !strings.Contains(body, "할 수 없습니다") || strings.Contains(body, "/staff/bokjiro/logins/unlock") {
			t.Fatalf("an operator opening 복지로's unlock: %d", st)
		}
	})
}

// memberLogin gives a new 복지로 member a login name and password, as
// sign-up does: the record through the gate, then the index.
func (e *env) memberLogin(a *citizen.Accounts, login, pw string) {
	e.t.Helper()
	me := e.Subject(e.t, "bokjiro", "purpose:membership")
	hash, err := a.HashPassword(ctx, pw)
	e.must(err)
	r := vault.Request{Actor: me, Service: "bokjiro", Purpose: "membership", Subject: me.ID, Action: vault.Input}
	_, err = e.Vault.Put(ctx, r, "membership", map[string]string{"user_id": login, "password": hash})
	e.must(err)
	r.Items = []string{"user_id"}
	e.must(e.Vault.Index(ctx, r, vault.IndexLogin, login))
}
