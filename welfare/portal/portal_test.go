package portal

import (
	"crypto/rand"
	"regexp"
	"strings"
	"testing"

	"jikimi/citizen"
	"jikimi/jobs"
	"jikimi/jobs/jobstest"
	"jikimi/partners/notify"
	"jikimi/password"
	"jikimi/vault/vaulttest"
	"jikimi/web"
	"jikimi/web/webtest"
	"jikimi/welfare/alerts"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/members/memberstest"
	"jikimi/welfare/newsletter"
)

type fixture struct {
	h   *HTTP
	nl  *newsletter.Service
	sms *notify.Sim
	url string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	env := vaulttest.SQLite(t, vaulttest.Config{})
	acc := citizen.New(citizen.Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock, Hasher: password.NewHasher(password.MinParams(), 2, rand.Reader)})
	m := memberstest.New(t, env, acc)
	f := &fixture{sms: m.SMS}
	mem := m.Members
	sms, email := notify.Gateway{Channel: notify.SMS, Client: m.Notify}, notify.Gateway{Channel: notify.Email, Client: m.Notify}
	cat, err := catalogue.Embedded(catalogue.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	q := jobstest.New(t, env.SQL(), env.Clock)
	al, err := alerts.New(alerts.Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock, Catalogue: cat, Email: email, SMS: sms, Jobs: q})
	if err != nil {
		t.Fatal(err)
	}
	jobs.Handle(q, al.Send)
	nl := newsletter.New(env.Vault, env.Clock)
	nl.Mail(newsletter.Mailing{SQL: env.SQL(), Email: email, Links: env.Ring.LinkMAC("newsletter unsubscribe"), Public: "http://127.0.0.1:8080", Jobs: q})
	jobs.Handle(q, nl.Send)
	f.nl = nl
	f.h = &HTTP{Members: mem, Alerts: al, Newsletter: nl, Citizens: acc}
	f.url = webtest.Serve(t, &web.Server{Policies: env.Policies, Clock: env.Clock,
		Mounts: []web.Mount{acc.Mount(map[string]string{"bokjiro": "membership"}), f.h.Mount()}}).URL
	return f
}

func (f *fixture) call(t *testing.T, method, path, token, body string) (int, map[string]any) {
	t.Helper()
	return webtest.Map(t, method, f.url+path, token, body)
}

func TestMountDocumented(t *testing.T) {
	t.Parallel()
	if err := web.CheckMount((&HTTP{}).Mount()); err != nil {
		t.Fatal(err)
	}
}

const joinAdult = `{"name":"박가상","user_id":"demo_member2","password":"gasang-pass-0002","email":"member2@example.invalid","mobile":"010-0000-0004","consent_text":"가상 동의"}`

func (f *fixture) login(t *testing.T, user, pw string) string {
	t.Helper()
	status, s := f.call(t, "POST", "/api/v1/session", "", `{"service":"bokjiro","login":"`+user+`","password":"`+pw+`"}`)
	if status != 201 {
		t.Fatalf("login: %d %v", status, s)
	}
	return s["token"].(string)
}

func TestMemberJourney(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if status, body := f.call(t, "POST", "/api/v1/bokjiro/members", "", joinAdult); status != 201 || body["user_id"] != "demo_member2" {
		t.Fatalf("join: %d %v", status, body)
	}
	token := f.login(t, "DEMO_member2", "gasang-pass-0002")
	if status, body := f.call(t, "GET", "/api/v1/bokjiro/members/me", token, ""); status != 200 || body["email"] != "member2@example.invalid" || body["password"] != nil {
		t.Fatalf("me: %d %v", status, body)
	}
	if status, body := f.call(t, "GET", "/api/v1/bokjiro/members/me/social-security", token, ""); status != 404 || body["reason"] != "not_linked" {
		t.Fatalf("overview before linking: %d %v", status, body)
	}
	other := `{"name":"김가상","birth_date":"2021-10-15","sex":"M","mobile":"010-0000-0077"}`
	status, body := f.call(t, "POST", "/api/v1/bokjiro/members/me/identity-verifications", token, other)
	if status != 201 {
		t.Fatalf("start verification: %d %v", status, body)
	}
	link := `{"verification_id":"` + body["verification_id"].(string) + `","rrn":"211015-3000001","detailed_address":"가상로 1길 0","consent_text":"별도 동의"}`
	if status, body := f.call(t, "PUT", "/api/v1/bokjiro/members/me/social-security-link", token, link); status != 403 || body["reason"] != "identity_mismatch" {
		t.Fatalf("link with someone else's verification: %d %v", status, body)
	}
	mine := `{"name":"박가상","birth_date":"2021-10-15","sex":"M","mobile":"010-0000-0004"}`
	status, body = f.call(t, "POST", "/api/v1/bokjiro/members/me/identity-verifications", token, mine)
	if status != 201 {
		t.Fatalf("start verification: %d %v", status, body)
	}
	link = `{"verification_id":"` + body["verification_id"].(string) + `","rrn":"211015-3000001","detailed_address":"가상로 1길 0","consent_text":"별도 동의"}`
	if status, body := f.call(t, "PUT", "/api/v1/bokjiro/members/me/social-security-link", token, link); status != 204 {
		t.Fatalf("link: %d %v", status, body)
	}
	if status, body := f.call(t, "GET", "/api/v1/bokjiro/members/me/social-security", token, ""); status != 200 || body["offers"] == nil {
		t.Fatalf("overview: %d %v", status, body)
	}
	sub := `{"family":[{"relation":"본인","name":"박가상","birth_date":"1950-01-01","sex":"여"}],"consent_text":"가상 동의"}`
	if status, body := f.call(t, "POST", "/api/v1/bokjiro/welfare-alerts", token, sub); status != 201 {
		t.Fatalf("subscribe: %d %v", status, body)
	}
	status, body = f.call(t, "GET", "/api/v1/bokjiro/welfare-alerts", token, "")
	if ms, _ := body["matches"].([]any); status != 200 || len(ms) == 0 {
		t.Fatalf("family: %d %v", status, body)
	}
	changed := `{"family":[{"relation":"본인","name":"박가상","birth_date":"1950-01-01","sex":"여"},{"relation":"배우자","name":"박가상배우자","birth_date":"1949-01-01","sex":"남"}],"consent_text":"가상 동의"}`
	if status, body := f.call(t, "PUT", "/api/v1/bokjiro/welfare-alerts", token, changed); status != 204 {
		t.Fatalf("change: %d %v", status, body)
	}
	if _, body := f.call(t, "GET", "/api/v1/bokjiro/welfare-alerts", token, ""); len(body["members"].([]any)) != 2 {
		t.Fatalf("family after the change: %v", body)
	}
	if status, body := f.call(t, "DELETE", "/api/v1/bokjiro/welfare-alerts", token, ""); status != 204 {
		t.Fatalf("unsubscribe: %d %v", status, body)
	}
	if status, body := f.call(t, "DELETE", "/api/v1/bokjiro/members/me", token, ""); status != 204 {
		t.Fatalf("withdraw: %d %v", status, body)
	}
	if status, _ := f.call(t, "GET", "/api/v1/bokjiro/members/me", token, ""); status == 200 {
		t.Fatal("the session outlived the withdrawal")
	}
	if status, _ := f.call(t, "POST", "/api/v1/session", "", `{"service":"bokjiro","login":"demo_member2","password":"gasang-pass-0002"}`); status != 403 {
		t.Fatalf("a withdrawn member logged in: %d", status)
	}
}

var code = regexp.MustCompile(`\d{6}`)

func TestChildSignUpOverHTTP(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	child := func(rep string) string {
		return `{"name":"최가상","user_id":"demo_child1","password":"gasang-pass-0003","email":"child@example.invalid","mobile":"010-0000-0005","under_14":true,` + rep + `"consent_text":"가상 동의"}`
	}
	if status, body := f.call(t, "POST", "/api/v1/bokjiro/members", "", child("")); status != 400 || body["reason"] != "representative_required" {
		t.Fatalf("child without representative: %d %v", status, body)
	}
	status, body := f.call(t, "POST", "/api/v1/bokjiro/members/representative-verifications", "", `{"mobile":"010-0000-0009"}`)
	if status != 201 {
		t.Fatalf("verification: %d %v", status, body)
	}
	sent := f.sms.To(notify.SMS, "01000000009")
	rep := `"representative":{"name":"최가상부모","mobile":"010-0000-0009","email":"parent@example.invalid","verification_id":"` +
		body["verification_id"].(string) + `","code":"` + code.FindString(sent[0].Body) + `"},`
	if status, body := f.call(t, "POST", "/api/v1/bokjiro/members", "", child(rep)); status != 201 || body["minor"] != true {
		t.Fatalf("child with representative: %d %v", status, body)
	}
}

func TestNewsletterOverHTTP(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	status, body := f.call(t, "POST", "/api/v1/bokjiro/newsletter", "", `{"email":"reader@example.invalid","birth_year":1980,"consent_text":"가상 동의"}`)
	if status != 201 {
		t.Fatalf("subscribe: %d %v", status, body)
	}
	id := body["subscription_id"].(string)
	if status, body := f.call(t, "POST", "/api/v1/bokjiro/newsletter", "", `{"email":"reader@example.invalid","birth_year":-1,"consent_text":"x"}`); status != 400 || body["reason"] != "invalid_birth_year" {
		t.Fatalf("bad year: %d %v", status, body)
	}
	if status, _ := f.call(t, "DELETE", "/api/v1/bokjiro/newsletter/"+id, "", ""); status == 204 {
		t.Fatal("an unsigned DELETE on the subscription's ID unsubscribed it")
	}
	_, query, _ := strings.Cut(f.nl.UnsubscribeLink(id), "?") // the mail's link opens a page; the API takes its query
	link := "/api/v1/bokjiro/newsletter/unsubscribe?" + query
	forged := strings.Replace(link, "sig=", "sig=AA", 1)
	if status, _ := f.call(t, "POST", forged, "", ""); status != 404 {
		t.Fatalf("a forged link: %d", status)
	}
	if status, _ := f.call(t, "POST", link, "", ""); status != 204 {
		t.Fatalf("unsubscribe: %d", status)
	}
	if status, _ := f.call(t, "POST", link, "", ""); status != 404 {
		t.Fatalf("second unsubscribe: %d", status)
	}
}

func TestSignedInRoutesNeedABokjiroSession(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, path := range []string{"/api/v1/bokjiro/members/me", "/api/v1/bokjiro/welfare-alerts", "/api/v1/bokjiro/members/me/social-security"} {
		if status, _ := f.call(t, "GET", path, "", ""); status != 403 && status != 401 {
			t.Errorf("%s without a session: %d", path, status)
		}
	}
}
