package pages

import (
	"strings"
	"testing"

	"jikimi/vault/vaulttest"
	"jikimi/web/browsertest"
)

// 회원정보 수정 in a real browser, on SQLite and PostgreSQL. A malformed
// e-mail address is refused on the page and nothing changes; the member's
// new address and number are kept and shown back. A second member sees and
// changes only their own. The new number is the one the password reset's
// identity check then compares (TestPasswordInBrowser).
func TestProfileInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		s := newServer(t, open)
		db := dbName(t)
		a := joined(t, s, "demo_profile", "김가상", "010-0000-0701")
		o := joined(t, s, "demo_profile2", "이가상", "010-0000-0702")
		page := s.url + "/bokjiro/account"
		value := func(b *browsertest.Browser, id string) string {
			return js(t, b, `document.querySelector("#`+id+`").value`)
		}

		a.Open(t, s.url+"/bokjiro/home")
		if a.Count(t, `a[href="/bokjiro/account"]`) == 0 || a.Count(t, `a[href="/bokjiro/account/password"]`) == 0 {
			t.Fatal("나의 복지로 does not link the account pages")
		}
		a.Open(t, page)
		if got := a.Text(t, "#fixed"); !strings.Contains(got, "김가상") || !strings.Contains(got, "demo_profile") {
			t.Fatalf("the member's name and ID: %q", got)
		}
		if value(a, "email") != "demo_profile@example.invalid" {
			t.Fatalf("the e-mail shown: %q", value(a, "email"))
		}
		a.LookAt(t, "bokjiro-account-"+db)
		// A malformed address (the browser's own check taken away).
		a.Evaluate(t, `document.querySelector("#email").type = "text"`)
		if st := a.Submit(t, "#profile-form", map[string]string{"email": "not-an-address", "mobile": "010-0000-0711"}); st != 400 ||
			!strings.Contains(a.Text(t, "[role=alert]"), "이메일 주소 형식이 올바르지 않습니다") {
			t.Fatalf("a malformed address: %d %q", st, a.Text(t, "main"))
		}
		a.Open(t, page)
		if value(a, "email") != "demo_profile@example.invalid" || value(a, "mobile") != "01000000701" {
			t.Fatalf("a refused change was written: %q %q", value(a, "email"), value(a, "mobile"))
		}
		if st := a.Submit(t, "#profile-form", map[string]string{"mobile": "010-0000-0799"}); st != 200 || !strings.Contains(a.Text(t, ".notice"), "바꿨습니다") {
			t.Fatalf("changing the number: %d %q", st, a.Text(t, "main"))
		}
		if st := a.Submit(t, "#profile-form", map[string]string{"email": "new_profile@example.invalid"}); st != 200 || !strings.Contains(a.Text(t, ".notice"), "바꿨습니다") {
			t.Fatalf("changing the address: %d %q", st, a.Text(t, "main"))
		}
		if value(a, "email") != "new_profile@example.invalid" || value(a, "mobile") != "01000000799" {
			t.Fatalf("after the change: %q %q", value(a, "email"), value(a, "mobile"))
		}

		// The second member: their own details only, and their change
		// leaves the first member's alone.
		o.Open(t, page)
		if got := o.Text(t, "main"); strings.Contains(got, "demo_profile ") || strings.Contains(got, "김가상") || value(o, "email") != "demo_profile2@example.invalid" {
			t.Fatalf("the second member's page: %q %q", got, value(o, "email"))
		}
		if st := o.Submit(t, "#profile-form", map[string]string{"email": "other_profile@example.invalid"}); st != 200 {
			t.Fatalf("the second member's change: %d", st)
		}
		a.Open(t, page)
		if value(a, "email") != "new_profile@example.invalid" {
			t.Fatalf("the second member's change reached the first: %q", value(a, "email"))
		}
	})
}

// 비밀번호 변경 and 비밀번호 재설정 in a real browser, on SQLite and
// PostgreSQL. New passwords that differ, or a wrong current password, are
// refused with a Korean error and change nothing (the old password still
// signs in); five wrong current passwords lock the account, and then even
// the right one is refused. The reset: an identity that is not the
// member's is refused alike for every mismatch; the member's own
// verification leads to the new password's form, where differing or weak
// passwords are refused; the new one clears the lock, ends the member's
// other sessions and signs in, the old one no longer does. A change after
// that ends the other sessions too.
func TestPasswordInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		s := newServer(t, open)
		db := dbName(t)
		const pw, fresh, again = "가상-Passw0rd!", "새로운-Passw0rd!2", "또다른-Passw0rd!3"
		joined(t, s, "demo_pw", "김가상", "010-0000-0801")
		joined(t, s, "demo_pw2", "이가상", "010-0000-0802")
		a := signedIn(t, s, "demo_pw")
		change := s.url + "/bokjiro/account/password"
		canSignIn := func(login, password string) bool {
			b := browsertest.New(t)
			b.Open(t, s.url+"/bokjiro/login")
			return b.Submit(t, "main form", map[string]string{"login": login, "password": password}) == 200
		}

		a.Open(t, change)
		a.LookAt(t, "bokjiro-password-"+db)
		if st := a.Submit(t, "#password-form", map[string]string{"current_password": pw, "new_password": fresh, "new_password_again": again}); st != 400 ||
			!strings.Contains(a.Text(t, "[role=alert]"), "서로 다릅니다") {
			t.Fatalf("differing new passwords: %d %q", st, a.Text(t, "main"))
		}
		if st := a.Submit(t, "#password-form", map[string]string{"current_password": "틀린-Passw0rd!", "new_password": fresh, "new_password_again": fresh}); st != 400 ||
			!strings.Contains(a.Text(t, "[role=alert]"), "현재 비밀번호가 맞지 않습니다") {
			t.Fatalf("a wrong current password: %d %q", st, a.Text(t, "main"))
		}
		if !canSignIn("demo_pw", pw) || canSignIn("demo_pw", fresh) {
			t.Fatal("a refused change changed the password")
		}
		// Five wrong current passwords in all lock the account.
		for range 4 {
			a.Open(t, change)
			a.Submit(t, "#password-form", map[string]string{"current_password": "틀린-Passw0rd!", "new_password": fresh, "new_password_again": fresh})
		}
		a.Open(t, change)
		if st := a.Submit(t, "#password-form", map[string]string{"current_password": pw, "new_password": fresh, "new_password_again": fresh}); st != 400 ||
			!strings.Contains(a.Text(t, "[role=alert]"), "계정이 잠겼습니다") {
			t.Fatalf("the right password on a locked account: %d %q", st, a.Text(t, "main"))
		}
		if canSignIn("demo_pw", pw) {
			t.Fatal("a locked account signs in")
		}

		// The reset, signed out, from the sign-in page.
		r := browsertest.New(t)
		r.Open(t, s.url+"/bokjiro/login")
		r.Open(t, s.url+js(t, r, `document.querySelector('main a[href$="password-reset"]').getAttribute("href")`))
		r.LookAt(t, "bokjiro-password-reset-"+db)
		me := map[string]string{"login": "demo_pw", "name": "김가상", "birth_date": "1990-01-01", "sex": "M", "mobile": "010-0000-0801"}
		for name, f := range map[string]map[string]string{
			"another member's identity":   merged(me, map[string]string{"name": "이가상", "mobile": "010-0000-0802"}),
			"another member's user ID":    merged(me, map[string]string{"login": "demo_pw2"}),
			"a user ID that is no member": merged(me, map[string]string{"login": "demo_nobody"}),
		} {
			r.Open(t, s.url+"/bokjiro/password-reset")
			if st := r.Submit(t, "#reset-form", f); st != 400 || !strings.Contains(r.Text(t, "[role=alert]"), "일치하는 회원이 없습니다") || r.Count(t, "#new-password-form") != 0 {
				t.Fatalf("%s: %d %q", name, st, r.Text(t, "main"))
			}
		}
		r.Open(t, s.url+"/bokjiro/password-reset")
		if st := r.Submit(t, "#reset-form", me); st != 200 || r.Count(t, "#new-password-form") != 1 {
			t.Fatalf("the member's own verification: %d %q", st, r.Text(t, "main"))
		}
		r.LookAt(t, "bokjiro-password-reset-new-"+db)
		if st := r.Submit(t, "#new-password-form", map[string]string{"new_password": fresh, "new_password_again": again}); st != 400 ||
			!strings.Contains(r.Text(t, "[role=alert]"), "서로 다릅니다") || r.Count(t, "#new-password-form") != 1 {
			t.Fatalf("differing new passwords: %d %q", st, r.Text(t, "main"))
		}
		if st := r.Submit(t, "#new-password-form", map[string]string{"new_password": "abc", "new_password_again": "abc"}); st != 400 ||
			!strings.Contains(r.Text(t, "[role=alert]"), "8자 이상") {
			t.Fatalf("a weak password: %d %q", st, r.Text(t, "main"))
		}
		if canSignIn("demo_pw", "abc") {
			t.Fatal("a refused reset set the password")
		}
		other := signedIn(t, s, "demo_pw2") // the second member's session is not touched by the first's reset
		if st := r.Submit(t, "#new-password-form", map[string]string{"new_password": fresh, "new_password_again": fresh}); st != 200 ||
			r.Path(t) != "/bokjiro/login" || !strings.Contains(r.Text(t, ".notice"), "새 비밀번호로 로그인") {
			t.Fatalf("the new password: %d %s %q", st, r.Path(t), r.Text(t, "main"))
		}
		a.Open(t, s.url+"/bokjiro/home")
		if a.Path(t) != "/bokjiro/login" {
			t.Fatalf("the member's session outlived the reset: %s", a.Path(t))
		}
		other.Open(t, s.url+"/bokjiro/home")
		if other.Path(t) != "/bokjiro/home" {
			t.Fatalf("the first member's reset ended the second's session: %s", other.Path(t))
		}
		if canSignIn("demo_pw", pw) || !canSignIn("demo_pw", fresh) || !canSignIn("demo_pw2", pw) {
			t.Fatal("after the reset: the old password signs in, the new one does not, or the second member's changed")
		}

		// A change: this browser stays signed in, another session ends.
		a = signedInWith(t, s, "demo_pw", fresh)
		elsewhere := signedInWith(t, s, "demo_pw", fresh)
		a.Open(t, change)
		if st := a.Submit(t, "#password-form", map[string]string{"current_password": fresh, "new_password": again, "new_password_again": again}); st != 200 ||
			a.Path(t) != "/bokjiro/account" || !strings.Contains(a.Text(t, ".notice"), "비밀번호를 바꿨습니다") {
			t.Fatalf("the change: %d %s %q", st, a.Path(t), a.Text(t, "main"))
		}
		elsewhere.Open(t, s.url+"/bokjiro/home")
		if elsewhere.Path(t) != "/bokjiro/login" {
			t.Fatalf("another session outlived the change: %s", elsewhere.Path(t))
		}
		if canSignIn("demo_pw", fresh) || !canSignIn("demo_pw", again) {
			t.Fatal("after the change: the old password signs in, or the new one does not")
		}
	})
}

// signedInWith is signedIn with a password of the test's choosing.
func signedInWith(t *testing.T, s *server, login, password string) *browsertest.Browser {
	t.Helper()
	b := browsertest.New(t)
	b.SignIn(t, s.url+"/bokjiro/login", map[string]string{"login": login, "password": password})
	return b
}
