package console

import (
	"context"
	"crypto/ed25519"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"jikimi/citizen"
	"jikimi/clock"
	"jikimi/errs"
	"jikimi/healthcare/cityinfo"
	"jikimi/healthcare/consult"
	"jikimi/healthcare/devices"
	"jikimi/healthcare/stats"
	"jikimi/internal/testlog"
	"jikimi/jobs"
	"jikimi/jobs/jobstest"
	"jikimi/partners/complaint"
	"jikimi/partners/identity"
	"jikimi/partners/insurance"
	"jikimi/partners/notify"
	"jikimi/partners/partnerstest"
	"jikimi/password"
	"jikimi/retention"
	"jikimi/rights"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/web"
	"jikimi/web/browsertest"
	"jikimi/welfare/cases"
	"jikimi/welfare/eligibility"
	"jikimi/welfare/newsletter"
)

var ctx = context.Background()

// env is the console on a real gate, with its staff and services, served
// over HTTP on 127.0.0.1 with the staff sign-in pages.
type env struct {
	*vaulttest.Env
	t       *testing.T
	staff   *staff.Service
	cases   *cases.Cases
	consult *consult.Consultations
	runner  *retention.Runner
	rights  *rights.Service
	devices *devices.Registry
	city    *cityinfo.Targeting // no SMS gateway unless a test gives it one
	jobs    *jobs.Queue
	logins  *citizen.Accounts
	news    *newsletter.Service
	mailbox *notify.Sim // the e-mail gateway's simulator the newsletter mails through
	url     string
	admin   *staff.Created
	logs    *testlog.Buffer // what the server logged
}

func newEnv(t *testing.T, open vaulttest.Opener) *env {
	t.Helper()
	// 손목닥터 9988's newest version declares the pseudonymised statistics
	// the gate decides by; the fixture runs it at the epoch.
	return newEnvWith(t, open, vaulttest.Config{Policies: vaulttest.LatestFrom(t, "2026-01-01", "seoul-healthcare")})
}

// newEnvWith is newEnv on the gate cfg sets up (other policies).
func newEnvWith(t *testing.T, open vaulttest.Opener, cfg vaulttest.Config) *env {
	t.Helper()
	e := &env{Env: open(t, cfg), t: t}
	var err error
	e.staff, err = staff.New(staff.Config{SQL: e.SQL(), Clock: e.Clock, Wrapper: e.Ring, Policies: e.Policies,
		Hasher: password.NewHasher(password.MinParams(), 4, nil)})
	e.must(err)
	crit, err := eligibility.Embedded()
	e.must(err)
	q := jobstest.New(t, e.SQL(), e.Clock)
	e.jobs = q
	e.cases, err = cases.New(cases.Config{Vault: e.Vault, SQL: e.SQL(), Clock: e.Clock, Policies: e.Policies, Criteria: crit,
		Complaints: map[string]complaint.Filer{}, Insurance: map[insurance.System]insurance.Looker{}, Jobs: q})
	e.must(err)
	jobs.Handle(q, e.cases.Forward)
	jobs.Handle(q, e.cases.TellResult)
	e.consult = &consult.Consultations{Gate: e.Vault, SQL: e.SQL(), Clock: e.Clock}
	e.runner, err = retention.New(retention.Config{Vault: e.Vault, SQL: e.SQL(), Policies: e.Policies, Clock: e.Clock,
		Officer: func(ctx context.Context, _, id string) error { return e.holds(id, staff.PrivacyOfficer) }})
	e.must(err)
	e.rights, err = rights.New(rights.Config{Vault: e.Vault, History: e.Log, SQL: e.SQL(), Policies: e.Policies, Clock: e.Clock, Jobs: q,
		Guardians: standing{}, Identities: standing{}})
	e.must(err)
	jobs.Handle(q, e.rights.Deliver)
	jobs.Handle(q, e.rights.TellRecipient)
	e.devices = devices.New(devices.Config{Vault: e.Vault, SQL: e.SQL(), Clock: e.Clock})
	e.city = &cityinfo.Targeting{SQL: e.SQL(), Vault: e.Vault, Policies: e.Policies, Clock: e.Clock, Jobs: q}
	jobs.Handle(q, e.city.Deliver)
	e.logins = citizen.New(citizen.Config{Vault: e.Vault, SQL: e.SQL(), Clock: e.Clock, Hasher: password.NewHasher(password.MinParams(), 4, nil)})
	e.news = newsletter.New(e.Vault, e.Clock)
	mail := partnerstest.Client(t, "email", func(pub ed25519.PublicKey, clk clock.Clock) http.Handler {
		e.mailbox = notify.NewSim(pub, clk)
		return e.mailbox
	})
	e.news.Mail(newsletter.Mailing{SQL: e.SQL(), Email: notify.Gateway{Channel: notify.Email, Client: mail}, Links: e.Ring.LinkMAC("newsletter unsubscribe"),
		Public: "http://127.0.0.1:8080", Jobs: q})
	jobs.Handle(q, e.news.Send)
	extractor := &stats.Extractor{Gate: e.Vault, Service: "seoul-healthcare", Clock: e.Clock}
	c, err := New(Config{Staff: e.staff, Policies: e.Policies, Clock: e.Clock, Cases: e.cases, Consultations: e.consult,
		Retention: e.runner, Log: e.Log, Rights: e.rights, Shipping: e.devices, Statistics: extractor, Publications: e.Store, Outbox: q, CityInfo: e.city,
		Tallies: e.Vault, Watches: e.devices, Logins: e.logins, Newsletter: e.news, Standing: standing{}})
	e.must(err)
	statistics := &stats.HTTP{Extractor: extractor,
		Auth: func(r *http.Request, role string) (vault.Actor, error) {
			a, _, err := e.staff.Actor(r, staff.Role(role))
			return a, err
		}}
	e.logs = &testlog.Buffer{}
	h, err := (&web.Server{Policies: e.Policies, Clock: e.Clock, Log: slog.New(slog.NewTextHandler(e.logs, nil)), Demo: true,
		Mounts: []web.Mount{e.staff.Mount(), c.Mount(), statistics.Mount()}}).Handler()
	e.must(err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e.url = srv.URL
	e.admin, err = e.staff.Create(ctx, staff.NewAccount{Login: "demo.admin", Name: "가상 관리자", Person: "E-0000"})
	e.must(err)
	e.must(e.staff.Grant(ctx, staff.RoleChange{Account: e.admin.Account.ID, Role: staff.Admin, By: staff.Bootstrap, Reason: "첫 관리자"}))
	return e
}

// standing stands in for the representatives recorded at sign-up and the
// identity connector: one representative, reached with code 123456, and
// proxies whose identity is confirmed at once.
type standing struct{}

const (
	representativeCall = "rv_test0001"
	proxyCheck         = "pxv_test0001"
)

func (standing) CallRepresentative(_ context.Context, service, _ string) (string, error) {
	if service != "bokjiro" {
		return "", errs.E(errs.NotFound, "no representative")
	}
	return representativeCall, nil
}

func (standing) VerifyProxy(_ context.Context, c identity.Claim) (string, error) {
	if c.Name == "" || c.Mobile == "" {
		return "", errs.E(errs.Invalid, "identity: a claim has a name and a mobile")
	}
	return proxyCheck, nil
}

func (standing) Represents(_ context.Context, _, _, verification string, _ time.Time) (bool, error) {
	if verification != representativeCall+":123456" {
		return false, errs.E(errs.Forbidden, "wrong code")
	}
	return true, nil
}

func (standing) Verified(_ context.Context, id string) (string, error) {
	if id != proxyCheck {
		return "", errs.E(errs.NotFound, "no such verification")
	}
	return id, nil
}

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// holds fails unless the account holds role now.
func (e *env) holds(id string, role staff.Role) error {
	roles, err := e.staff.Roles(ctx, id)
	if err == nil && !slices.Contains(roles, role) {
		err = errs.E(errs.Forbidden, "not a privacy officer")
	}
	return err
}

// member is a staff account with roles, past its initial password.
type member struct {
	*staff.Created
	password string
}

const newPassword = "가상-새비밀번호-2026!"

func (e *env) member(login string, roles ...staff.Role) *member {
	e.t.Helper()
	c, err := e.staff.Create(ctx, staff.NewAccount{Login: login, Name: "가상 " + login, Person: "E-" + strings.ReplaceAll(login, ".", "-"), By: e.admin.Account.ID})
	e.must(err)
	for _, r := range roles {
		e.must(e.staff.Grant(ctx, staff.RoleChange{Account: c.Account.ID, Role: r, By: e.admin.Account.ID, Reason: "업무 배정"}))
	}
	e.must(e.staff.ChangePassword(ctx, c.Account.ID, c.Password, newPassword, "127.0.0.1"))
	return &member{Created: c, password: newPassword}
}

// signIn signs m in through the sign-in page in a new browser; each TOTP
// code works once, so the clock moves to the next step first.
func (e *env) signIn(m *member) *browsertest.Browser {
	e.t.Helper()
	e.Clock.Advance(30 * time.Second)
	code, err := staff.CurrentCode(m.TOTP.Secret, e.Clock.Now())
	e.must(err)
	b := browsertest.New(e.t)
	b.SignIn(e.t, e.url+"/staff/login", map[string]string{"login": m.Account.Login, "password": m.password, "code": code})
	return b
}

// choose picks a work on the work page.
func (e *env) choose(b *browsertest.Browser, key string) {
	e.t.Helper()
	b.Open(e.t, e.url+"/staff/work")
	if st := b.Submit(e.t, `form[action="/staff/work"]`, map[string]string{"work": key}); st != 200 {
		e.t.Fatalf("choosing %s: %d %s", key, st, b.Text(e.t, "main"))
	}
}

// application is a submitted application of a new 복지로 citizen.
func (e *env) application() (vault.Actor, *cases.Case) {
	e.t.Helper()
	me := e.Subject(e.t, cases.Service)
	app, err := e.cases.Draft(ctx, me, "WLF00001188", cases.Items{"name": "김가상", "rrn": "900101-1000000",
		"address": "서울특별시 가상구 가상로 0000", "household_relation": "본인"})
	e.must(err)
	_, err = e.cases.Submit(ctx, me, app.ID)
	e.must(err)
	return me, app
}

// page loads path and returns the text of its main content.
func (e *env) page(b *browsertest.Browser, path string) string {
	e.t.Helper()
	b.Open(e.t, e.url+path)
	return b.Text(e.t, "main")
}

// client is a plain HTTP client with a cookie jar, signed in as a member
// through the sign-in form, for what a browser test cannot read (a file
// download).
type client struct {
	e    *env
	http *http.Client
	last http.Header // of the last post's answer
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (e *env) client(m *member) *client {
	e.t.Helper()
	jar, err := cookiejar.New(nil)
	e.must(err)
	c := &client{e: e, http: &http.Client{Jar: jar}}
	e.Clock.Advance(30 * time.Second)
	code, err := staff.CurrentCode(m.TOTP.Secret, e.Clock.Now())
	e.must(err)
	if st, body := c.post("/staff/login", url.Values{"login": {m.Account.Login}, "password": {m.password}, "code": {code}}); st != 200 {
		e.t.Fatalf("signing in: %d %s", st, body)
	}
	return c
}

// get answers the status and body of a page.
func (c *client) get(path string) (int, string) {
	c.e.t.Helper()
	res, err := c.http.Get(c.e.url + path)
	c.e.must(err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	c.e.must(err)
	return res.StatusCode, string(b)
}

// post sends a form with the token of the browser's CSRF cookie (read from
// a page first), following the redirect.
func (c *client) post(path string, form url.Values) (int, string) {
	c.e.t.Helper()
	_, page := c.get("/staff/login")
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		c.e.t.Fatal("no form token on the sign-in page")
	}
	form.Set("csrf", html.UnescapeString(m[1]))
	res, err := c.http.PostForm(c.e.url+path, form)
	c.e.must(err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	c.e.must(err)
	c.last = res.Header
	return res.StatusCode, string(b)
}

// One Chromium for the package: each signed-in member gets a browser
// context of their own in it.
func TestMain(m *testing.M) { os.Exit(browsertest.Shared(m)) }
