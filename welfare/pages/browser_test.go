package pages

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jikimi/citizen"
	"jikimi/clock"
	"jikimi/jobs"
	"jikimi/jobs/jobstest"
	"jikimi/partners/complaint"
	"jikimi/partners/identity"
	"jikimi/partners/insurance"
	"jikimi/partners/notify"
	"jikimi/partners/partnerstest"
	"jikimi/password"
	"jikimi/rights"
	"jikimi/rights/mydata"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/web"
	"jikimi/web/browsertest"
	"jikimi/web/webtest"
	"jikimi/welfare/alerts"
	"jikimi/welfare/cases"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/eligibility"
	"jikimi/welfare/members"
	"jikimi/welfare/members/memberstest"
	"jikimi/welfare/newsletter"
)

// server is 복지로's pages over a fresh gate, with the notification
// gateway's simulator whose inbox a test reads as the representative's
// phone (SMS) or a member's mailbox (e-mail).
type server struct {
	url   string
	sms   *notify.Sim
	cases *cases.Cases
	env   *vaulttest.Env
	ins   map[insurance.System]insurance.Looker
	jobs  *jobs.Queue
	nl    *newsletter.Service
	al    *alerts.Service
}

func newServer(t *testing.T, open vaulttest.Opener) *server {
	t.Helper()
	return newServerWith(t, open, vaulttest.Config{})
}

// newServerWith is newServer over a gate configured by cfg (its policies,
// its clock's start), with "내 개인정보" (package rights/mydata) beside the
// pages: a legal representative's code goes by the SMS simulator, a
// proxy's identity is verified by the identity simulator.
func newServerWith(t *testing.T, open vaulttest.Opener, cfg vaulttest.Config) *server {
	t.Helper()
	env := open(t, cfg)
	acc := citizen.New(citizen.Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock, Hasher: password.NewHasher(password.MinParams(), 2, rand.Reader)})
	m := memberstest.New(t, env, acc)
	s := &server{sms: m.SMS, env: env, ins: insuranceSims(t)}
	mem := m.Members
	crit, err := eligibility.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	q := jobstest.New(t, env.SQL(), env.Clock)
	s.jobs = q
	s.cases, err = cases.New(cases.Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock, Policies: env.Policies, Criteria: crit,
		Jobs: q, Email: notify.Gateway{Channel: notify.Email, Client: m.Notify}, SMS: notify.Gateway{Channel: notify.SMS, Client: m.Notify},
		Identity: mem, Insurance: s.ins, Complaints: complaintSims(t)})
	if err != nil {
		t.Fatal(err)
	}
	jobs.Handle(q, s.cases.TellResult)
	jobs.Handle(q, s.cases.Forward)
	s.nl = newsletter.New(env.Vault, env.Clock)
	jobs.Handle(q, s.nl.Send)
	cat, err := catalogue.Embedded(catalogue.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	al, err := alerts.New(alerts.Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock, Catalogue: cat,
		Email: notify.Gateway{Channel: notify.Email, Client: m.Notify}, SMS: notify.Gateway{Channel: notify.SMS, Client: m.Notify}, Jobs: q})
	if err != nil {
		t.Fatal(err)
	}
	jobs.Handle(q, al.Send)
	s.al = al
	ts := webtest.Serve(t, &web.Server{Policies: env.Policies, Clock: env.Clock, Demo: true,
		Mounts: []web.Mount{New(Config{Accounts: acc, Members: mem, Alerts: al, Cases: s.cases, Newsletter: s.nl, Catalogue: cat, Policies: env.Policies, Clock: env.Clock}).Mount(),
			myData(t, env, acc, mem, q)}})
	s.url = ts.URL
	s.nl.Mail(newsletter.Mailing{SQL: env.SQL(), Email: notify.Gateway{Channel: notify.Email, Client: m.Notify}, Links: env.Ring.LinkMAC("newsletter unsubscribe"),
		Public: ts.URL, Jobs: q})
	return s
}

// insuranceSims are the four social-insurance systems' simulators.
func insuranceSims(t *testing.T) map[insurance.System]insurance.Looker {
	out := map[insurance.System]insurance.Looker{}
	for _, sys := range insurance.Systems {
		c := partnerstest.Client(t, "insurance-"+string(sys), func(pub ed25519.PublicKey, clk clock.Clock) http.Handler { return insurance.Sim(sys, pub, clk) })
		out[sys] = insurance.HTTP{System: sys, Client: c}
	}
	return out
}

// complaintSims are the systems fraud reports are filed with, by provision.
func complaintSims(t *testing.T) map[string]complaint.Filer {
	out := map[string]complaint.Filer{}
	for _, id := range []string{"epeople", "clean-portal"} {
		c := partnerstest.Client(t, id, func(pub ed25519.PublicKey, clk clock.Clock) http.Handler { return (&complaint.Sim{}).Handler(pub, clk) })
		out[id] = complaint.HTTP{Client: c}
	}
	return out
}

// proxies reads a proxy's identity verification back, as the rights
// service needs it.
type proxies struct{ v identity.Verifier }

func (p proxies) Verified(ctx context.Context, id string) (string, error) {
	if _, err := p.v.Result(ctx, id); err != nil {
		return "", err
	}
	return id, nil
}

// myData is 복지로's "내 개인정보" over the rights service, with membership's
// legal representatives and the identity simulator's proxies.
func myData(t *testing.T, env *vaulttest.Env, acc *citizen.Accounts, mem *members.Service, q *jobs.Queue) web.Mount {
	t.Helper()
	id := identity.Connector{Client: partnerstest.Client(t, "identity", func(pub ed25519.PublicKey, clk clock.Clock) http.Handler { return identity.NewSim(pub, clk) })}
	rs, err := rights.New(rights.Config{Vault: env.Vault, History: env.Log, SQL: env.SQL(), Policies: env.Policies, Clock: env.Clock,
		Guardians: mem, Identities: proxies{id}, Jobs: q})
	if err != nil {
		t.Fatal(err)
	}
	jobs.Handle(q, rs.Deliver)
	session := func(r *http.Request, service string) (vault.Actor, error) {
		a, _, err := acc.PageSession(r, service)
		return a, err
	}
	return mydata.New(mydata.Config{Rights: rs, Policies: env.Policies, Clock: env.Clock, Session: session,
		VerifyProxy: id.Start, RepresentativeCode: mem.CallRepresentative}, Site).Mount()
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
		// The member's own journey, in a browser of its own (one browser's
		// session is bounded in time).
		m := browsertest.New(t)
		m.SignIn(t, s.url+"/bokjiro/login", map[string]string{"login": "demo_adult", "password": pw})
		mshot := func(name string) { m.LookAt(t, "bokjiro-"+name+"-"+db) }
		alertsJourney(t, m, s, mshot)
		applyJourney(t, m, s, mshot)
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

// applyJourney: the signed-in member applies online. Submitting without
// every required item is refused and leaves a draft; the draft is finished
// and submitted; the caseworker reviews and notifies the result, which the
// member sees.
func applyJourney(t *testing.T, b *browsertest.Browser, s *server, shot func(string)) {
	t.Helper()
	b.Open(t, s.url+"/bokjiro/applications")
	shot("applications")
	svc := b.Text(t, `#service option:nth-child(2)`)
	form := map[string]string{"item_name": "김가상", "service": js(t, b, `document.querySelector("#service option:nth-child(2)").value`)}
	if st := b.Submit(t, "#apply-form", form); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "필수 항목") {
		t.Fatalf("submitting without the required items: %d %q", st, b.Text(t, "main"))
	}
	b.Open(t, s.url+"/bokjiro/applications")
	if got := b.Text(t, "#mine tbody"); !strings.Contains(got, "임시 저장") || !strings.Contains(got, svc) {
		t.Fatalf("the draft is not listed: %q", got)
	}
	b.Open(t, s.url+js(t, b, `document.querySelector("#mine tbody a").getAttribute("href")`))
	if js(t, b, `document.querySelector("#item_name").value`) != "김가상" {
		t.Fatal("the draft does not keep what was typed")
	}
	shot("application-draft")
	if st := b.Submit(t, "#apply-form", map[string]string{"item_rrn": "900101-1000011", "item_address": "가상시 가상로 1", "item_household_relation": "본인"}); st != 200 ||
		!strings.Contains(b.Text(t, ".notice"), "제출했습니다") {
		t.Fatalf("submitting: %d %q", st, b.Text(t, "main"))
	}
	if got := b.Text(t, "#mine tbody .state"); got != "접수" {
		t.Fatalf("after submitting: %q", got)
	}
	cw := vault.Actor{Kind: vault.Staff, ID: "stf_cw_test", Role: cases.CaseworkerRole, Source: "127.0.0.1"}
	q, err := s.cases.Queue(context.Background(), cw)
	if err != nil || len(q) != 1 {
		t.Fatalf("queue: %v %v", q, err)
	}
	if _, err := s.cases.StartReview(context.Background(), cw, q[0].ID); err != nil {
		t.Fatal(err)
	}
	b.Open(t, s.url+"/bokjiro/applications")
	if got := b.Text(t, "#mine tbody .state"); got != "검토 중" {
		t.Fatalf("under review: %q", got)
	}
	if _, err := s.cases.Notify(context.Background(), cw, q[0].ID, "approved"); err != nil {
		t.Fatal(err)
	}
	b.Open(t, s.url+"/bokjiro/applications")
	if got := b.Text(t, "#mine tbody tr"); !strings.Contains(got, "결과 통지") || !strings.Contains(got, "선정") {
		t.Fatalf("the result: %q", got)
	}
}

// js is the string a JavaScript expression yields on the page shown now.
func js(t *testing.T, b *browsertest.Browser, expr string) string {
	t.Helper()
	v, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// alertsJourney: the member signs up to the 복지알림이 with a child; the
// consent is required, and the optional situations need their own; the
// page then lists what matches the family.
func alertsJourney(t *testing.T, b *browsertest.Browser, s *server, shot func(string)) {
	t.Helper()
	b.Open(t, s.url+"/bokjiro/alerts")
	shot("alerts")
	family := map[string]string{"name_1": "김가상", "birth_1": "1985-03-03", "sex_1": "여", "relation_2": "자녀", "name_2": "김아가", "birth_2": "2021-05-05"}
	if st := b.Submit(t, "#alerts-form", family); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "동의") {
		t.Fatalf("without the consent: %d", st)
	}
	family["consent"] = "yes"
	if st := b.Submit(t, "#alerts-form", family); st != 200 || !strings.Contains(b.Text(t, ".notice"), "신청했습니다") {
		t.Fatalf("subscribing: %d %q", st, b.Text(t, "main"))
	}
	if b.Count(t, "#matches tbody tr") == 0 {
		t.Fatalf("no matches for a family with a young child: %q", b.Text(t, "#matches"))
	}
	if b.Count(t, "#unsubscribe") != 1 || b.Count(t, `input[name="name_2"][value="김아가"]`) != 1 {
		t.Fatal("the settings are not shown back")
	}
	shot("alerts-subscribed")
	if st := b.Submit(t, "#alerts-form", map[string]string{"interests": "교육(보육포함)"}); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "따로 동의") {
		t.Fatalf("situations without their consent: %d", st)
	}
	if st := b.Submit(t, "#alerts-form", map[string]string{"interests": "교육(보육포함)", "situations_consent": "yes"}); st != 200 || !strings.Contains(b.Text(t, ".notice"), "바꿨습니다") {
		t.Fatalf("adding situations: %d %q", st, b.Text(t, "main"))
	}
	if b.Count(t, `input[name="interests"][value="교육(보육포함)"]:checked`) != 1 {
		t.Fatal("the interest is not kept")
	}
}
