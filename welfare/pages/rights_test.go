package pages

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jikimi/partners/notify"
	"jikimi/policies"
	"jikimi/policy"
	"jikimi/vault/vaulttest"
	"jikimi/web/browsertest"
)

// joinedChild is a member under 14 who joined through the sign-up page
// with the code sent to the legal representative's mobile, signed in in a
// browser of their own.
func joinedChild(t *testing.T, s *server, login, repMobile string) *browsertest.Browser {
	t.Helper()
	b := browsertest.New(t)
	b.Open(t, s.url+"/bokjiro/join?age=child")
	if st := b.Submit(t, "#rep-form", map[string]string{"rep_name": "박가상", "rep_mobile": repMobile, "rep_email": "rep@example.invalid"}); st != 200 {
		t.Fatalf("sending the code: %d %q", st, b.Text(t, "main"))
	}
	child := map[string]string{"name": "이가상", "user_id": login, "password": "가상-Passw0rd!", "email": login + "@example.invalid", "mobile": "010-0000-0503",
		"consent": "yes", "code": lastCode(t, s, repMobile)}
	if st := b.Submit(t, "#join-form", child); st != 200 || b.Path(t) != "/bokjiro/home" {
		t.Fatalf("the child joins: %d %s %q", st, b.Path(t), b.Text(t, "main"))
	}
	return b
}

// lastCode is the six digits of the last text to mobile.
func lastCode(t *testing.T, s *server, mobile string) string {
	t.Helper()
	sent := s.sms.To(notify.SMS, strings.ReplaceAll(mobile, "-", ""))
	if len(sent) == 0 {
		t.Fatalf("no text to %s", mobile)
	}
	return sixDigits.FindString(sent[len(sent)-1].Body)
}

// Requests made for someone else, in a real browser, on SQLite and
// PostgreSQL. A child's legal representative asks for the code on "내
// 개인정보", receives it on the phone recorded at sign-up (never on a
// number typed on the page) and files an access request for the child:
// without a code, or with a wrong one, nothing is filed. A proxy verifies their own identity on
// the form and files with a power of attorney in force; one that has
// ended is refused and files nothing. Each request is listed with who
// made it, waiting for the standing to be checked.
func TestOnBehalfInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		s := newServer(t, open)
		db := dbName(t)
		const rep = "010-0000-0502"
		b := joinedChild(t, s, "demo_kid", rep)
		shot := func(name string) { b.LookAt(t, "bokjiro-"+name+"-"+db) } // b changes: each part has a browser of its own
		page := s.url + "/bokjiro/my-data"
		request := `#request-form`

		b.Open(t, page)
		if st := b.Submit(t, request, map[string]string{"kind": "access", "as": "representative"}); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "인증번호를 받아") {
			t.Fatalf("a representative without a code: %d %q", st, b.Text(t, "main"))
		}
		// No number is typed: a number slipped into the form (as someone
		// holding the child's session might) gets no code; the code goes
		// to the representative recorded at sign-up.
		b.Open(t, page)
		if b.Count(t, `#rep-code-form input[name="rep_mobile"]`) != 0 {
			t.Fatal("the form asks for the representative's number")
		}
		b.Evaluate(t, `document.querySelector("#rep-code-form").insertAdjacentHTML("beforeend", '<input type="hidden" name="rep_mobile" value="010-0000-0599">')`)
		if st := b.Submit(t, "#rep-code-form", nil); st != 200 || !strings.Contains(b.Text(t, ".notice"), "인증번호를 보냈습니다") {
			t.Fatalf("sending a code: %d %q", st, b.Text(t, "main"))
		}
		if n := len(s.sms.To(notify.SMS, "01000000599")); n != 0 {
			t.Fatalf("%d codes went to a number typed on the page", n)
		}
		wrong := "000000"
		if lastCode(t, s, rep) == wrong {
			wrong = "111111"
		}
		if st := b.Submit(t, request, map[string]string{"kind": "access", "rep_code": wrong}); st != 400 ||
			!strings.Contains(b.Text(t, "[role=alert]"), "법정대리인과 본인확인 결과가 다릅니다") {
			t.Fatalf("a wrong code: %d %q", st, b.Text(t, "main"))
		}
		if b.Count(t, "#requests tbody tr") != 0 {
			t.Fatal("a request was filed without the representative's standing")
		}

		b = signedIn(t, s, "demo_kid")
		b.Open(t, page)
		if st := b.Submit(t, "#rep-code-form", nil); st != 200 || b.Count(t, `#request-form input[name="as"][value="representative"]:checked`) != 1 {
			t.Fatalf("sending the code: %d %q", st, b.Text(t, "main"))
		}
		if st := b.Submit(t, request, map[string]string{"kind": "access", "rep_code": lastCode(t, s, rep)}); st != 200 || !strings.Contains(b.Text(t, ".notice"), "접수했습니다") {
			t.Fatalf("the representative's request: %d %q", st, b.Text(t, "main"))
		}
		if got := b.Text(t, "#requests tbody tr"); !strings.Contains(got, "법정대리인") || !strings.Contains(got, "대리권 확인 중") {
			t.Fatalf("the representative's request: %q", got)
		}
		b = signedIn(t, s, "demo_kid")
		b.Open(t, page)
		shot("mydata-representative")

		// A proxy with a power of attorney, for an adult member.
		joined(t, s, "demo_principal", "김가상", "010-0000-0504")
		b = signedIn(t, s, "demo_principal")
		b.Open(t, page)
		if st := b.Submit(t, "#rep-code-form", nil); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "법정대리인이 없습니다") {
			t.Fatalf("an adult's representative code: %d %q", st, b.Text(t, "main"))
		}
		today := s.env.Clock.Now().In(seoul)
		proxy := map[string]string{"kind": "access", "as": "proxy", "proxy_name": "최가상", "proxy_birth": "1970-07-07", "proxy_sex": "F", "proxy_mobile": "010-0000-0505",
			"attorney_from": today.AddDate(0, -2, 0).Format(time.DateOnly), "attorney_until": today.AddDate(0, 0, -1).Format(time.DateOnly)}
		b.Open(t, page)
		if st := b.Submit(t, request, proxy); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "위임 기간이 오늘을 포함하지 않습니다") {
			t.Fatalf("an ended power of attorney: %d %q", st, b.Text(t, "main"))
		}
		if b.Count(t, "#requests tbody tr") != 0 {
			t.Fatal("a proxy's request was filed under an ended power of attorney")
		}
		proxy["attorney_until"] = today.AddDate(0, 1, 0).Format(time.DateOnly)
		if st := b.Submit(t, request, proxy); st != 200 || !strings.Contains(b.Text(t, ".notice"), "접수했습니다") {
			t.Fatalf("the proxy's request: %d %q", st, b.Text(t, "main"))
		}
		if got := b.Text(t, "#requests tbody tr"); !strings.Contains(got, "대리인") || strings.Contains(got, "법정대리인") || !strings.Contains(got, "대리권 확인 중") {
			t.Fatalf("the proxy's request: %q", got)
		}
		b = signedIn(t, s, "demo_principal")
		b.Open(t, page)
		shot("mydata-proxy")
	})
}

// changedBokjiro is a registry with 복지로's version in force at the test
// clock's start and a second version from 2026-06-01 that adds an item to
// membership: a change policy diff says needs the members' consent again.
func changedBokjiro(t *testing.T) *policy.Registry {
	t.Helper()
	dir := filepath.Join(t.TempDir(), Service)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := policies.FS.ReadDir(Service)
	if err != nil || len(entries) == 0 {
		t.Fatalf("%v %v", entries, err)
	}
	name := entries[0].Name() // the first version, in force at vaulttest.Epoch
	v1, err := policies.FS.ReadFile(Service + "/" + name)
	if err != nil {
		t.Fatal(err)
	}
	version := strings.TrimSuffix(name, ".yaml")
	anchor := "      - {id: mobile, name: 휴대전화 번호, class: general, required: true}\n"
	if !strings.Contains(string(v1), anchor) {
		t.Fatal("the fixture's anchor is gone")
	}
	v2 := strings.NewReplacer(`version: "`+version+`"`, `version: "2026-06-01"`, "effective: "+version, "effective: 2026-06-01").Replace(string(v1))
	v2 = strings.Replace(v2, anchor, anchor+"      - {id: nickname, name: 별명, class: general, required: true}\n", 1)
	for file, text := range map[string]string{name: string(v1), "2026-06-01.yaml": v2} {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	reg, err := policy.LoadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// Consenting again after a new version, in a real browser, on SQLite and
// PostgreSQL. A member who joined under the first version is asked nothing;
// once the second version is in force, the member still signs in (the one
// processing an outdated consent allows), "내 개인정보" says which consent
// it makes insufficient and what changed; ticking nothing is refused; the
// member consents again and is no longer asked.
func TestReconsentInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		reg := changedBokjiro(t)
		s := newServerWith(t, open, vaulttest.Config{Policies: reg})
		db := dbName(t)
		joined(t, s, "demo_reconsent", "김가상", "010-0000-0601")
		page := s.url + "/bokjiro/my-data"
		var effective time.Time
		for _, v := range reg.History(Service) {
			if v.Version == "2026-06-01" {
				effective = v.From.Time
			}
		}
		s.env.Clock.Set(effective.Add(-10 * time.Minute))
		b := signedIn(t, s, "demo_reconsent")
		b.Open(t, page)
		if b.Count(t, "#reconsent") != 0 {
			t.Fatal("a member is asked to consent again before the policy changes")
		}
		s.env.Clock.Set(effective.Add(5 * time.Minute))
		b = signedIn(t, s, "demo_reconsent") // signing in again, under the outdated consent
		b.Open(t, page)
		if b.Count(t, "#reconsent") != 1 {
			t.Fatalf("no request to consent again: %.600s", b.Text(t, "main"))
		}
		if got := b.Text(t, "#reconsent"); !strings.Contains(got, "2026-06-01") || !strings.Contains(got, "별명") {
			t.Fatalf("what changed: %q", got)
		}
		b.LookAt(t, "bokjiro-mydata-reconsent-"+db)
		if st := b.Submit(t, `#reconsent form`, nil); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "다시 동의할 항목") {
			t.Fatalf("consenting to nothing: %d %q", st, b.Text(t, "main"))
		}
		if st := b.Submit(t, `#reconsent form`, map[string]string{"scope": "on"}); st != 200 || !strings.Contains(b.Text(t, ".notice"), "다시 동의했습니다") {
			t.Fatalf("consenting again: %d %q", st, b.Text(t, "main"))
		}
		if b.Count(t, "#reconsent") != 0 {
			t.Fatalf("still asked after consenting again: %q", b.Text(t, "#reconsent"))
		}
	})
}
