package pages

import (
	"crypto/rand"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"jikimi/citizen"
	"jikimi/partners/notify"
	"jikimi/password"
	"jikimi/vault/vaulttest"
	"jikimi/web"
	"jikimi/web/browsertest"
	"jikimi/welfare/members/memberstest"
)

// server is 복지로's pages over a fresh gate, with the SMS gateway's
// simulator whose inbox a test reads as the representative's phone.
type server struct {
	url string
	sms *notify.Sim
}

func newServer(t *testing.T, open vaulttest.Opener) *server {
	t.Helper()
	env := open(t, vaulttest.Config{})
	acc := citizen.New(citizen.Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock, Hasher: password.NewHasher(password.MinParams(), 2, rand.Reader)})
	m := memberstest.New(t, env, acc)
	s := &server{sms: m.SMS}
	mem := m.Members
	srv := &web.Server{Policies: env.Policies, Clock: env.Clock, Log: slog.New(slog.DiscardHandler), Demo: true,
		Mounts: []web.Mount{New(Config{Accounts: acc, Members: mem, Policies: env.Policies, Clock: env.Clock}).Mount()}}
	h, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	s.url = ts.URL
	return s
}

var sixDigits = regexp.MustCompile(`\d{6}`)

// Sign-up in a real browser, on SQLite and PostgreSQL. An adult joins and
// is signed in; a child under 14 first has the representative's phone sent
// a code: with a wrong code nothing is written (the user ID cannot sign in
// and stays free), with the code the representative received the child
// joins. A second sign-up with a taken user ID is refused. Every page is
// looked at; the member leaves and can no longer sign in.
func TestJoinInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		s := newServer(t, open)
		db := "sqlite"
		if strings.Contains(t.Name(), "postgres") {
			db = "postgres"
		}
		b := browsertest.New(t)
		shot := func(name string) { b.LookAt(t, "bokjiro-"+name+"-"+db) }
		pw := "가상-Passw0rd!"

		b.Open(t, s.url+"/bokjiro/join")
		shot("join")
		adult := map[string]string{"name": "김가상", "user_id": "demo_adult", "password": pw, "email": "adult@example.invalid", "mobile": "010-0000-0101"}
		if st := b.Submit(t, "#join-form", adult); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "동의") {
			t.Fatalf("without the consent: %d", st)
		}
		adult["consent"] = "yes"
		if st := b.Submit(t, "#join-form", adult); st != 200 || b.Path(t) != "/bokjiro/home" || !strings.Contains(b.Text(t, ".notice"), "환영") {
			t.Fatalf("adult sign-up: %d %s %q", st, b.Path(t), b.Text(t, "main"))
		}
		shot("home")
		b.Submit(t, `form[action="/bokjiro/logout"]`, nil)

		// The under-14 path.
		b.Open(t, s.url+"/bokjiro/join?age=child")
		shot("join-child")
		rep := "010-0000-0102"
		if st := b.Submit(t, "#rep-form", map[string]string{"rep_name": "박가상", "rep_mobile": rep, "rep_email": "rep@example.invalid"}); st != 200 {
			t.Fatalf("sending the code: %d %q", st, b.Text(t, "main"))
		}
		sent := s.sms.To(notify.SMS, "01000000102")
		if len(sent) != 1 {
			t.Fatalf("%d texts to the representative", len(sent))
		}
		code := sixDigits.FindString(sent[0].Body)
		shot("join-child-code")
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		child := map[string]string{"name": "이가상", "user_id": "demo_child", "password": pw, "email": "child@example.invalid", "mobile": "010-0000-0103",
			"consent": "yes", "code": wrong}
		if st := b.Submit(t, "#join-form", child); st != 400 || b.Count(t, "[role=alert]") != 1 {
			t.Fatalf("a wrong code: %d %q", st, b.Text(t, "main"))
		}
		b.Open(t, s.url+"/bokjiro/login")
		if st := b.Submit(t, "main form", map[string]string{"login": "demo_child", "password": pw}); st != 401 {
			t.Fatalf("a child whose representative has not verified signs in: %d", st)
		}
		// A new code (the wrong one spent the verification's tries or not: ask again).
		b.Open(t, s.url+"/bokjiro/join?age=child")
		b.Submit(t, "#rep-form", map[string]string{"rep_name": "박가상", "rep_mobile": rep, "rep_email": "rep@example.invalid"})
		sent = s.sms.To(notify.SMS, "01000000102")
		child["code"] = sixDigits.FindString(sent[len(sent)-1].Body)
		if st := b.Submit(t, "#join-form", child); st != 200 || b.Path(t) != "/bokjiro/home" {
			t.Fatalf("the child with the representative's code: %d %s %q", st, b.Path(t), b.Text(t, "main"))
		}
		b.Submit(t, `form[action="/bokjiro/logout"]`, nil)

		// A user ID already taken.
		b.Open(t, s.url+"/bokjiro/join")
		adult["mobile"], adult["email"] = "010-0000-0104", "other@example.invalid"
		if st := b.Submit(t, "#join-form", adult); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "아이디") {
			t.Fatalf("a taken user ID: %d %q", st, b.Text(t, "main"))
		}

		// Leaving.
		b.SignIn(t, s.url+"/bokjiro/login", map[string]string{"login": "demo_adult", "password": pw})
		if st := b.Submit(t, `form[action="/bokjiro/leave"]`, nil); st != 400 {
			t.Fatalf("leaving without confirming: %d", st)
		}
		if st := b.Submit(t, `form[action="/bokjiro/leave"]`, map[string]string{"confirm": "on"}); st != 200 || !strings.Contains(b.Text(t, ".notice"), "탈퇴") {
			t.Fatalf("leaving: %d %q", st, b.Text(t, "main"))
		}
		b.Open(t, s.url+"/bokjiro/home")
		if b.Path(t) != "/bokjiro/login" {
			t.Fatalf("after leaving: %s", b.Path(t))
		}
		if st := b.Submit(t, "main form", map[string]string{"login": "demo_adult", "password": pw}); st != 401 {
			t.Fatalf("a member who left signs in: %d", st)
		}
	})
}
