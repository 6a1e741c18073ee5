package console

import (
	"context"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"jikimi/audit"
	"jikimi/healthcare/pointsvc"
	"jikimi/jobs"
	"jikimi/policies"
	"jikimi/policy"
	"jikimi/retention"
	"jikimi/rights"
	"jikimi/staff"
	"jikimi/store"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/web"
	"jikimi/web/browsertest"
)

func TestPagesMatchTemplates(t *testing.T) {
	for name, p := range map[string]web.Page{
		"work": &workPage{}, "needwork": &needWorkPage{}, "password": &passwordPage{},
		"applications": &casesPage{}, "application": &casePage{}, "helps": &casesPage{}, "help": &casePage{},
		"frauds": &casesPage{}, "fraud": &casePage{}, "stats": &statsPage{}, "provisions": &provisionsPage{}, "consultations": &consultationsPage{}, "consultation": &consultationPage{}, "points": &pointsPage{}, "shipments": &shipmentsPage{}, "cityinfo": &cityInfoPage{}, "enrolment": &enrolmentPage{},
		"rights": &rightsQueuePage{}, "right": &rightsRequestPage{},
		"plans": &plansPage{}, "destructions": &destructionsPage{}, "inspection": &inspectionPage{}, "policies": &policiesPage{},
		"accounts": &accountsPage{}, "account": &accountPage{}, "created": &createdPage{}, "logins": &loginsPage{}, "rightfile": &rightsFilePage{}, "newsletter": &newsletterPage{},
	} {
		if err := web.CheckPage(pages, name, p); err != nil {
			t.Error(err)
		}
	}
}

// Purpose first: a caseworker who has chosen no purpose sees no personal
// data, not even on the application's own address; having chosen online
// applications, they see that application's declared items and still no
// help request; switching to help requests is explicit and shows only the
// help request's items. A revoked role ends it all on the next request.
func TestPurposeFirstInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		me, app := e.application()
		help, err := e.cases.RequestHelp(ctx, me, map[string]string{"name": "김가상", "address": "서울특별시 가상구 가상로 0000",
			"mobile": "010-0000-0007", "landline": "02-0000-0007", "email": "kim@example.invalid"})
		e.must(err)
		cw := e.member("demo.caseworker", staff.Caseworker)
		b := e.signIn(cw)
		for _, path := range []string{"/staff/bokjiro/applications", "/staff/bokjiro/applications/" + app.ID, "/staff/bokjiro/help-requests/" + help.ID} {
			if text := e.page(b, path); strings.Contains(text, "김가상") || strings.Contains(text, "가상로") || !strings.Contains(text, "먼저 선택") {
				t.Fatalf("%s without a purpose shows %q", path, text)
			}
		}
		e.choose(b, "caseworker/bokjiro/online-application")
		text := e.page(b, "/staff/bokjiro/applications/"+app.ID)
		if !strings.Contains(text, "김가상") || !strings.Contains(text, "주민등록번호") || strings.Contains(text, "kim@example.invalid") {
			t.Fatalf("the application while working for applications: %q", text)
		}
		b.LookAt(t, "console-application")
		if text := e.page(b, "/staff/bokjiro/help-requests/"+help.ID); strings.Contains(text, "kim@example.invalid") || !strings.Contains(text, "먼저 선택") {
			t.Fatalf("a help request while working for applications: %q", text)
		}
		if st := b.Submit(t, `main form[action="/staff/work"]`, nil); st != 200 || !strings.Contains(b.Text(t, "main"), "kim@example.invalid") ||
			strings.Contains(b.Text(t, "main"), "주민등록번호") {
			t.Fatalf("after switching to help requests: %d %q", st, b.Text(t, "main"))
		}
		e.must(e.staff.Revoke(ctx, staff.RoleChange{Account: cw.Account.ID, Role: staff.Caseworker, By: e.admin.Account.ID, Reason: "부서 이동"}))
		if text := e.page(b, "/staff/bokjiro/help-requests/"+help.ID); strings.Contains(text, "kim@example.invalid") || strings.Contains(text, "김가상") {
			t.Fatalf("after the revocation: %q", text)
		}
	})
}

// A health operator cannot open a welfare case: the page says the role
// cannot work for that purpose, and choosing it anyway is refused.
func TestOperatorCannotOpenWelfareCase(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		_, app := e.application()
		op := e.member("demo.operator", staff.HealthOperator)
		b := e.signIn(op)
		e.choose(b, "health-operator/seoul-healthcare/watch-delivery")
		text := e.page(b, "/staff/bokjiro/applications/"+app.ID)
		if strings.Contains(text, "김가상") || !strings.Contains(text, "할 수 없습니다") || b.Count(t, `main form[action="/staff/work"]`) != 0 {
			t.Fatalf("an operator opening a welfare case: %q", text)
		}
		sess := e.sessionOf(b)
		if _, err := e.staff.ChooseWork(ctx, sess, staff.Work{Role: staff.Caseworker, Service: "bokjiro", Purpose: "online-application"}); err == nil {
			t.Fatal("an operator chose the caseworker's work")
		}
	})
}

// The privacy officer approves a destruction plan in the console, as their
// own signed-in act; the next destruction run destroys its records, and the
// destruction report shows them with the officer as approver.
func TestOfficerApprovesPlanInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		subject := e.Subject(t, "bokjiro")
		ids, err := e.Vault.PutMany(ctx, vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "test"}, Service: "bokjiro",
			Purpose: "my-welfare", Subject: subject.ID, Action: vault.Input}, "my-welfare",
			[]map[string]string{{"pension_paid": "가상-연금"}, {"pension_paid": "가상-연금"}})
		e.must(err)
		e.Clock.Advance(time.Hour)
		res, err := e.runner.Run(ctx, e.Clock.Now())
		if err != nil || len(res.Awaiting) != 1 {
			t.Fatalf("run = %+v, %v", res, err)
		}
		plan := res.Awaiting[0]
		officer := e.member("demo.officer", staff.PrivacyOfficer)
		b := e.signIn(officer)
		if text := e.page(b, "/staff/officer/plans"); !strings.Contains(text, plan.ID) {
			t.Fatalf("the plans page: %q", text)
		}
		b.LookAt(t, "console-plans")
		if st := b.Submit(t, `form[action="/staff/officer/plans/`+plan.ID+`/approve"]`, nil); st != 200 || !strings.Contains(b.Text(t, "main"), "승인했습니다") {
			t.Fatalf("approving: %d %q", st, b.Text(t, "main"))
		}
		got, err := e.runner.Plan(ctx, plan.ID)
		if err != nil || got.State != retention.StateApproved || got.ApprovedBy != officer.Account.ID {
			t.Fatalf("plan after approval %+v, %v", got, err)
		}
		e.Clock.Advance(24 * time.Hour)
		if _, err := e.runner.Run(ctx, e.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if _, err := e.Vault.Get(ctx, vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "test"}, Service: "bokjiro",
				Purpose: "my-welfare", Subject: subject.ID, Action: vault.View}, id); err == nil {
				t.Fatal("an approved plan's record survived the next run")
			}
		}
		b = e.signIn(officer)
		if text := e.page(b, "/staff/officer/destructions"); strings.Count(text, plan.ID) != 2 || !strings.Contains(text, officer.Account.ID) {
			t.Fatalf("the destruction report: %q", text)
		}
		b.LookAt(t, "console-destructions")
		for _, path := range []string{"/staff/officer/inspection", "/staff/officer/policies"} {
			e.page(b, path)
			b.LookAt(t, "console-"+strings.TrimPrefix(path, "/staff/officer/"))
		}
		b.Clean(t)
	})
}

// A cross-site POST that carries the staff cookie (127.0.0.1 on another
// port is the same site, so SameSite=Lax sends it) is refused, and the
// work it tried to end stays chosen.
func TestCrossSitePostRefused(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		cw := e.member("demo.caseworker", staff.Caseworker)
		b := e.signIn(cw)
		e.choose(b, "caseworker/bokjiro/online-application")
		e.crossSite(b, "/staff/work/end", nil)
		sess, err := e.staff.Authenticate(ctx, e.sessionOf(b))
		if err != nil || !sess.Work.Chosen() {
			t.Fatalf("after the cross-site post: %+v, %v", sess, err)
		}
	})
}

// crossSite has the signed-in browser b send a form with fields to path
// from a page of another origin, and fails unless it is refused (403).
func (e *env) crossSite(b *browsertest.Browser, path string, fields map[string]string) {
	e.t.Helper()
	var inputs strings.Builder
	for k, v := range fields {
		inputs.WriteString(`<input type="hidden" name="` + html.EscapeString(k) + `" value="` + html.EscapeString(v) + `">`)
	}
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html lang="ko"><title>x</title><main><form method="post" action="`+e.url+path+`">`+
			inputs.String()+`<button type="submit">클릭</button></form></main></html>`)
	}))
	defer evil.Close()
	b.Open(e.t, evil.URL)
	if st := b.Submit(e.t, "form", nil); st != 403 {
		e.t.Fatalf("a cross-site post to %s: %d", path, st)
	}
}

// sessionOf is the token of the browser's staff session.
func (e *env) sessionOf(b interface {
	Cookie(*testing.T, string) string
}) string {
	return b.Cookie(e.t, web.StaffSessionCookie)
}

// The officer answers a citizen's access request in the console before its
// deadline, and the citizen sees the answer.
func TestOfficerAnswersAccessRequestInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		citizen := e.Subject(t, "seoul-healthcare", "purpose:enrolment", "purpose:health-service", "sensitive:health-service")
		req, err := e.rights.File(ctx, citizen, rights.Filing{Service: "seoul-healthcare", Subject: citizen.ID, Kind: string(rights.Access)})
		e.must(err)
		e.Clock.Advance(48 * time.Hour)
		officer := e.member("demo.officer", staff.PrivacyOfficer)
		b := e.signIn(officer)
		if text := e.page(b, "/staff/officer/rights"); !strings.Contains(text, req.ID) || !strings.Contains(text, "열람") {
			t.Fatalf("the rights queue: %q", text)
		}
		b.LookAt(t, "console-rights")
		e.page(b, "/staff/officer/rights/"+req.ID)
		b.LookAt(t, "console-right")
		if st := b.Submit(t, `form[action$="/answer"]`, nil); st != 200 || !strings.Contains(b.Text(t, "main"), "답변 완료") {
			t.Fatalf("answering: %d %q", st, b.Text(t, "main"))
		}
		mine, err := e.rights.Mine(ctx, citizen, "seoul-healthcare")
		if err != nil || len(mine) != 1 || mine[0].Status != rights.Answered || mine[0].Missed || mine[0].AnsweredAt.After(mine[0].DueAt) {
			t.Fatalf("the citizen's requests: %+v, %v", mine, err)
		}
		b.Clean(t)
	})
}

// A download of an application from the console asks why: without a reason
// nothing is sent; with one the file comes, and the monthly inspection
// lists the download with its reason.
func TestDownloadAsksForAReason(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		_, app := e.application()
		c := e.client(e.member("demo.caseworker", staff.Caseworker))
		path := "/staff/bokjiro/applications/" + app.ID + "/download"
		if st, body := c.post(path, url.Values{"reason": {"가상 사유"}}); st != 403 || strings.Contains(body, "김가상") {
			t.Fatalf("a download before choosing the purpose: %d", st)
		}
		if st, _ := c.post("/staff/work", url.Values{"work": {"caseworker/bokjiro/online-application"}}); st != 200 {
			t.Fatalf("choosing: %d", st)
		}
		if st, body := c.post(path, url.Values{"reason": {" "}}); st != 400 || strings.Contains(body, "김가상") {
			t.Fatalf("a download without a reason: %d", st)
		}
		st, body := c.post(path, url.Values{"reason": {"가상 사유: 방문 상담 준비"}})
		if st != 200 || !strings.Contains(body, "김가상") || !strings.Contains(c.last.Get("Content-Disposition"), "attachment") {
			t.Fatalf("a download with a reason: %d %q", st, c.last)
		}
		in, err := e.Log.Inspect(ctx, e.Clock.Now(), audit.InspectOptions{})
		if err != nil || len(in.Downloads) != 1 || in.Downloads[0].DownloadReason != "가상 사유: 방문 상담 준비" || in.NoReason != 0 ||
			in.Downloads[0].Purpose != "online-application" || in.Downloads[0].Role != "caseworker" {
			t.Fatalf("the inspection's downloads: %+v, %v", in.Downloads, err)
		}
	})
}

// A counsellor answers a consultation in the console, having chosen the
// health service; the participant reads the answer. An idle session ends
// after 30 minutes: the next page asks to sign in again.
func TestCounsellorAnswersInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		p := e.Subject(t, "seoul-healthcare", "purpose:health-service", "sensitive:health-service")
		asked, err := e.consult.Ask(ctx, p, "가상 질문: 무릎이 아플 때 걸어도 되나요?")
		e.must(err)
		b := e.signIn(e.member("demo.counsellor", staff.Counsellor))
		e.choose(b, "counsellor/seoul-healthcare/health-service")
		if text := e.page(b, "/staff/healthcare/consultations"); !strings.Contains(text, asked.ID) || strings.Contains(text, "무릎") {
			t.Fatalf("the queue: %q", text)
		}
		b.LookAt(t, "console-consultations")
		if text := e.page(b, "/staff/healthcare/consultations/"+asked.ID); !strings.Contains(text, "무릎") {
			t.Fatalf("the consultation: %q", text)
		}
		b.LookAt(t, "console-consultation")
		if st := b.Submit(t, `form[action$="/answer"]`, map[string]string{"answer": "가상 답변: 통증이 있으면 쉬세요."}); st != 200 {
			t.Fatalf("answering: %d", st)
		}
		mine, err := e.consult.Mine(ctx, p)
		if err != nil || len(mine) != 1 || mine[0].Answer != "가상 답변: 통증이 있으면 쉬세요." {
			t.Fatalf("the participant's consultations: %+v, %v", mine, err)
		}
		b.Clean(t)
		e.Clock.Advance(31 * time.Minute)
		b.Open(t, e.url+"/staff/healthcare/consultations")
		if b.Path(t) != "/staff/login" {
			t.Fatalf("after 31 idle minutes: %s", b.Path(t))
		}
	})
}

// The admin sees every account with its roles, grants a role with a
// reason from the account page, and the history shows it.
func TestAdminGrantsInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		cw := e.member("demo.caseworker", staff.Caseworker)
		admin := &member{Created: e.admin, password: newPassword}
		e.must(e.staff.ChangePassword(ctx, e.admin.Account.ID, e.admin.Password, newPassword, "127.0.0.1"))
		b := e.signIn(admin)
		if text := e.page(b, "/staff/admin/accounts"); !strings.Contains(text, "demo.caseworker") || !strings.Contains(text, "사회복지 담당자") {
			t.Fatalf("the accounts: %q", text)
		}
		b.LookAt(t, "console-accounts")
		e.page(b, "/staff/admin/accounts/"+cw.Account.ID)
		if st := b.Submit(t, `form[action$="/grant"]`, map[string]string{"role": "counsellor", "reason": "상담 업무 겸임"}); st != 200 ||
			!strings.Contains(b.Text(t, "main"), "상담 업무 겸임") {
			t.Fatalf("granting: %d %q", st, b.Text(t, "main"))
		}
		b.LookAt(t, "console-account")
		if roles, _ := e.staff.Roles(ctx, cw.Account.ID); len(roles) != 2 {
			t.Fatalf("roles after the grant: %v", roles)
		}
		if text := e.page(b, "/staff/bokjiro/applications"); strings.Contains(text, "신청 번호") {
			t.Fatalf("an admin opened the applications: %q", text)
		}
		adminCreates(t, e, b, cw)
	})
}

// adminCreates: the admin makes an account from the accounts page (as
// `jikimi staff create --by`): its initial password and TOTP secret are
// shown on that answer once, never logged, and the holder signs in with
// them to the password change. An account for a person who has one, or
// a bad login name, is refused with the reason and makes none; a member
// who is not an admin, or a cross-site form, makes none either.
func adminCreates(t *testing.T, e *env, b *browsertest.Browser, other *member) {
	e.page(b, "/staff/admin/accounts")
	form := `form[action="/staff/admin/accounts"]`
	if st := b.Submit(t, form, map[string]string{"login": "demo.newcomer", "name": "가상 신입", "person": "E-9001"}); st != 200 {
		t.Fatalf("creating: %d %q", st, b.Text(t, "main"))
	}
	pw, secret := b.Text(t, "#initial-password"), b.Text(t, "#totp-secret")
	if len(pw) < 20 || len(secret) < 16 || !strings.Contains(b.Text(t, "#totp-uri"), "otpauth://totp/") || strings.Contains(b.URL(t), pw) {
		t.Fatalf("the created page: %q at %s", b.Text(t, "main"), b.URL(t))
	}
	b.LookAt(t, "console-account-created")
	if logs := e.logs.String(); strings.Contains(logs, pw) || strings.Contains(logs, secret) {
		t.Fatal("the server logged the initial secrets")
	}
	accounts := func() int {
		all, err := e.staff.Accounts(ctx)
		e.must(err)
		return len(all)
	}
	n := accounts()
	newcomer := &member{Created: &staff.Created{Account: staff.Account{Login: "demo.newcomer"}, TOTP: staff.Enrolment{Secret: secret}}, password: pw}
	if text := e.page(e.signIn(newcomer), "/staff/password"); !strings.Contains(text, "비밀번호") {
		t.Fatalf("the newcomer's first sign-in: %q", text)
	}
	for _, bad := range []map[string]string{
		{"login": "demo.other", "name": "가상 중복", "person": "E-9001"}, // the same person again
		{"login": "Bad Login!", "name": "가상 잘못", "person": "E-9002"}, // not a login name
	} {
		e.page(b, "/staff/admin/accounts")
		if st := b.Submit(t, form, bad); st != 400 || !strings.Contains(b.Text(t, ".alert"), "계정") || b.Count(t, "#initial-password") != 0 {
			t.Fatalf("creating %v: %d %q", bad, st, b.Text(t, "main"))
		}
	}
	e.crossSite(b, "/staff/admin/accounts", map[string]string{"login": "demo.evil", "name": "가상 악성", "person": "E-9003"})
	c := e.client(other)
	if st, body := c.post("/staff/admin/accounts", url.Values{"login": {"demo.sneak"}, "name": {"가상 몰래"}, "person": {"E-9004"}}); st != 403 || strings.Contains(body, "otpauth") {
		t.Fatalf("a caseworker creating an account: %d", st)
	}
	if got := accounts(); got != n {
		t.Fatalf("accounts after the refusals: %d, want %d", got, n)
	}
}

// The statistics open in a real browser with a real staff sign-in, as a
// console screen that asks for the purpose first: a statistician who has
// chosen none sees no chart and no count (the old address leads there
// too); having chosen the health service's statistics, the charts. A
// caseworker's session is refused.
func TestStatisticianSignsInToStats(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		p := e.Subject(t, "seoul-healthcare", "purpose:enrolment", "purpose:health-service", "sensitive:health-service")
		_, err := e.Vault.Put(ctx, vault.Request{Actor: p, Service: "seoul-healthcare", Purpose: "enrolment", Subject: p.ID, Action: vault.Input},
			"enrolment", map[string]string{"name": "김가상", "birth_date": "1960-01-01", "sex": "F", "residence": "종로구"})
		e.must(err)
		b := e.signIn(e.member("demo.statistician", staff.Statistician))
		for _, path := range []string{"/healthcare/stats", "/staff/healthcare/stats"} {
			if text := e.page(b, path); !strings.Contains(text, "먼저 선택") || strings.Contains(text, "전체 참여자") || b.Count(t, "svg.chart") != 0 {
				t.Fatalf("%s before choosing the purpose: %q", path, text)
			}
		}
		if st := b.Submit(t, `main form[action="/staff/work"]`, nil); st != 200 || b.Path(t) != "/staff/healthcare/stats" ||
			!strings.Contains(b.Text(t, "main"), "전체 참여자") || b.Count(t, "svg.chart") < 2 {
			t.Fatalf("the statistics after choosing: %d %s %q", st, b.Path(t), b.Text(t, "main"))
		}
		b.LookAt(t, "console-stats")
		last, err := e.Log.Last(ctx)
		if err != nil || last.Role != "statistician" || last.Service+"/"+last.Purpose != "seoul-healthcare/health-service" {
			t.Fatalf("the statistics' log entry: %+v, %v", last, err)
		}
		c := e.client(e.member("demo.caseworker", staff.Caseworker))
		if st, body := c.get("/staff/healthcare/stats"); st != 403 || strings.Contains(body, "svg") || strings.Contains(body, "전체 참여자") {
			t.Fatalf("a caseworker opening the statistics: %d", st)
		}
	})
}

// The caseworker finds a person's application by name and birth date with
// a reason, in the browser; the search is a form post, so nothing searched
// for reaches a URL, and the log keeps the reason.
func TestSearchByPersonInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		_, app := e.application()
		b := e.signIn(e.member("demo.caseworker", staff.Caseworker))
		e.choose(b, "caseworker/bokjiro/online-application")
		e.page(b, "/staff/bokjiro/applications")
		st := b.Submit(t, `form[action="/staff/bokjiro/applications/search"]`, map[string]string{"name": "김가상", "birth_date": "1990-01-01", "reason": "가상 사유: 전화 문의"})
		if st != 200 || !strings.Contains(b.Text(t, "main"), app.ID) || strings.Contains(b.URL(t), "김가상") {
			t.Fatalf("searching: %d %s %q", st, b.URL(t), b.Text(t, "main"))
		}
		last, err := e.Log.Last(ctx)
		if err != nil || last.DownloadReason != "가상 사유: 전화 문의" || last.Role != "caseworker" {
			t.Fatalf("the search's log entry: %+v, %v", last, err)
		}
		c := e.client(e.member("demo.officer", staff.PrivacyOfficer))
		if st, body := c.get("/staff/officer/inspection"); st != 200 || !strings.Contains(body, "가상 사유: 전화 문의") {
			t.Fatalf("the inspection lacks the search's reason: %d", st)
		}
	})
}

// The operator sees the shipping list only while working for the watch
// delivery: each address read through the gate and logged, and gone from
// the list once the participant links the watch.
func TestShippingListInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		p := e.delivery("서울특별시 가상구 가상로 0000")
		b := e.signIn(e.member("demo.operator", staff.HealthOperator))
		if text := e.page(b, "/staff/healthcare/shipments"); strings.Contains(text, "가상로") {
			t.Fatalf("the list before choosing the watch delivery: %q", text)
		}
		if text := e.page(b, "/staff/work"); !strings.Contains(text, "열리는 화면: 스마트워치 배송") {
			t.Fatalf("the work page does not lead to the shipping list: %q", text)
		}
		e.choose(b, "health-operator/seoul-healthcare/watch-delivery")
		e.page(b, "/staff/work")
		if b.Count(t, `nav a[href="/staff/healthcare/shipments"]`) == 0 { // the layout draws the menu twice: folded and wide
			t.Fatal("the menu lacks the shipping list while working for the watch delivery")
		}
		if text := e.page(b, "/staff/healthcare/shipments"); !strings.Contains(text, "가상로 0000") || !strings.Contains(text, p.ID) {
			t.Fatalf("the shipping list: %q", text)
		}
		b.LookAt(t, "console-shipments")
		last, err := e.Log.Last(ctx)
		if err != nil || last.Purpose != "watch-delivery" || last.Subject != p.ID || last.Role != "health-operator" {
			t.Fatalf("the read's log entry: %+v, %v", last, err)
		}
		q := e.delivery("서울특별시 가상구 둘째로 0000")
		markShipped(t, e, b, p.ID, q.ID)
		if _, _, err := e.devices.Link(ctx, p.ID, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if text := e.page(b, "/staff/healthcare/shipments"); strings.Contains(text, "가상로") || !strings.Contains(text, "둘째로") {
			t.Fatalf("the list after linking: %q", text)
		}
	})
}

// markShipped: the operator marks p's watch shipped on the list; it moves
// to the shipped table, the address still read through the gate, and q's
// stays to ship. An unknown participant is refused with the reason, and
// neither it, a cross-site form nor a counsellor marks q's.
func markShipped(t *testing.T, e *env, b *browsertest.Browser, p, q string) {
	e.page(b, "/staff/healthcare/shipments")
	form := `#to-ship form`
	if st := b.Submit(t, form, map[string]string{"subject": p}); st != 200 || !strings.Contains(b.Text(t, "main"), "발송으로 표시했습니다") ||
		!strings.Contains(b.Text(t, "#shipped"), p) || !strings.Contains(b.Text(t, "#shipped"), "가상로 0000") || !strings.Contains(b.Text(t, "#to-ship"), q) {
		t.Fatalf("marking shipped: %d %q", st, b.Text(t, "main"))
	}
	b.LookAt(t, "console-shipments-marked")
	if st := b.Submit(t, form, map[string]string{"subject": "sub_nosuchparticipant000000000"}); st != 400 || !strings.Contains(b.Text(t, ".alert"), "배송할 시계가 없습니다") {
		t.Fatalf("marking an unknown participant: %d %q", st, b.Text(t, "main"))
	}
	e.crossSite(b, "/staff/healthcare/shipments/shipped", map[string]string{"subject": q})
	c := e.client(e.member("demo.counsellor", staff.Counsellor))
	if st, _ := c.post("/staff/healthcare/shipments/shipped", url.Values{"subject": {q}}); st != 403 {
		t.Fatalf("a counsellor marking: %d", st)
	}
	list, _, err := e.devices.ShippingList(ctx, vault.Actor{Kind: vault.Staff, ID: "stf_test", Role: "health-operator", Source: "127.0.0.1"}, "", 10)
	e.must(err)
	for _, s := range list {
		if s.Subject == q && !s.Shipped.IsZero() {
			t.Fatalf("q's watch after the refusals: %+v", s)
		}
	}
}

// Five wrong passwords lock a member's account for a minute, with no admin
// needed: the holder, signing in with the right password and code, is told
// until when; the admin may lift the lock sooner from the console, and on
// the next sign-in the home page tells the holder of the failures and the
// lock before it.
func TestLockedMemberInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		cw := e.member("demo.caseworker", staff.Caseworker)
		jar, err := cookiejar.New(nil)
		e.must(err)
		guesser := &client{e: e, http: &http.Client{Jar: jar}}
		for range staff.DefaultMaxFailedLogins {
			if st, _ := guesser.post("/staff/login", url.Values{"login": {cw.Account.Login}, "password": {"틀린-비밀번호-0000"}, "code": {"000000"}}); st != 401 {
				t.Fatalf("a wrong password: %d", st)
			}
		}
		b := browsertest.New(t)
		e.Clock.Advance(30 * time.Second)
		code, err := staff.CurrentCode(cw.TOTP.Secret, e.Clock.Now())
		e.must(err)
		b.Open(t, e.url+"/staff/login")
		if st := b.Submit(t, "main form", map[string]string{"login": cw.Account.Login, "password": cw.password, "code": code}); st != 401 ||
			!strings.Contains(b.Text(t, "main"), "이후에 다시 로그인") {
			t.Fatalf("the holder signing in while locked: %d %q", st, b.Text(t, "main"))
		}
		b.LookAt(t, "console-signin-locked")

		admin := &member{Created: e.admin, password: newPassword}
		e.must(e.staff.ChangePassword(ctx, e.admin.Account.ID, e.admin.Password, newPassword, "127.0.0.1"))
		ab := e.signIn(admin)
		e.page(ab, "/staff/admin/accounts/"+cw.Account.ID)
		if st := ab.Submit(t, `form[action$="/unlock"]`, nil); st != 200 || !strings.Contains(ab.Text(t, "main"), "잠금을 풀었습니다") {
			t.Fatalf("the admin's unlock: %d %q", st, ab.Text(t, "main"))
		}
		b = e.signIn(cw)
		if text := e.page(b, "/staff"); !strings.Contains(text, "로그인에 6번 실패했고, 계정이 1번 잠겼습니다") {
			t.Fatalf("the home page after the lock: %q", text)
		}
	})
}

// The privacy officer sees each version of each policy with its
// publication state — a draft never published, the version in force, a
// published one waiting for its date — and what the new one changes, as
// `jikimi policy diff` says it.
func TestPolicyVersionsInBrowser(t *testing.T) {
	healthcare, err := fs.ReadFile(policies.FS, "seoul-healthcare/2024-03-04.yaml")
	if err != nil {
		t.Fatal(err)
	}
	bokjiro, err := fs.ReadFile(policies.FS, "bokjiro/2019-05-02.yaml")
	if err != nil {
		t.Fatal(err)
	}
	next := strings.NewReplacer(`version: "2024-03-04"`, `version: "2026-04-01"`, "effective: 2024-03-04", "effective: 2026-04-01",
		"title: 시정정보 제공\n", "title: 시정정보와 행사 안내 제공\n").Replace(string(healthcare))
	reg, err := policy.LoadFS(fstest.MapFS{
		"p/seoul-healthcare/2024-03-04.yaml": {Data: healthcare},
		"p/seoul-healthcare/2026-04-01.yaml": {Data: []byte(next)},
		"p/bokjiro/2019-05-02.yaml":          {Data: bokjiro},
	}, "p")
	if err != nil {
		t.Fatal(err)
	}
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnvWith(t, open, vaulttest.Config{Policies: reg})
		for _, v := range reg.Declared("seoul-healthcare") { // bokjiro's stays a draft
			e.must(e.Store.RecordPublication(ctx, store.Publication{Service: v.Service, Version: v.Version, Effective: v.Effective.Time,
				SHA256: v.SHA256, PublishedAt: e.Clock.Now()}))
		}
		b := e.signIn(e.member("demo.officer", staff.PrivacyOfficer))
		text := e.page(b, "/staff/officer/policies")
		for _, want := range []string{"공개됨 · 시행 중", "공개됨 · 시행 예정", "초안: 공개 기록 없음", "이력만", "2024-03-04 → 2026-04-01", "시정정보와 행사 안내 제공"} {
			if !strings.Contains(text, want) {
				t.Errorf("the policies page lacks %q: %q", want, text)
			}
		}
		b.LookAt(t, "console-policies")
	})
}

// The health operator sees, once working for the health service, each
// provision of the policy with its recipient and items, what the recipient
// read this month and what was refused (from the access log), and the
// outbox's deliveries to the card company with their state.
func TestProvisionStatusInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		const svc = "seoul-healthcare"
		partner := vault.Actor{Kind: vault.Partner, ID: "korea-body-info", Source: "127.0.0.1"}
		for i, scopes := range [][]string{{"purpose:enrolment", "provision:korea-body-info"}, {"purpose:enrolment"}} {
			p := e.Subject(t, svc, scopes...)
			_, err := e.Vault.Put(ctx, vault.Request{Actor: p, Service: svc, Purpose: "enrolment", Subject: p.ID, Action: vault.Input},
				"enrolment", map[string]string{"name": "김가상", "birth_date": "1960-01-01", "sex": "F"})
			e.must(err)
			_, err = e.Vault.List(ctx, vault.Request{Actor: partner, Service: svc, Purpose: "enrolment", Subject: p.ID,
				Items: []string{"birth_date", "sex"}, Action: vault.View})
			if (err == nil) != (i == 0) {
				t.Fatalf("the partner's read %d: %v", i, err)
			}
		}
		jobs.Handle(e.jobs, func(context.Context, *jobs.Job[pointsvc.ConvertArgs]) error { return nil }) // never run: the queue is not started
		e.must(e.SQL().InTx(ctx, func(tx store.Querier) error {
			return e.jobs.Insert(ctx, tx, pointsvc.ConvertArgs{Conversion: "cv_console_test"}, nil)
		}))
		b := e.signIn(e.member("demo.operator", staff.HealthOperator))
		if text := e.page(b, "/staff/healthcare/provisions"); !strings.Contains(text, "먼저 선택") || strings.Contains(text, "한국신체정보") {
			t.Fatalf("the provisions before choosing the purpose: %q", text)
		}
		e.choose(b, "health-operator/seoul-healthcare/health-service")
		text := e.page(b, "/staff/healthcare/provisions")
		row := b.Text(t, `main tbody tr:nth-child(2)`)
		allowed, denied := b.Text(t, `main tbody tr:nth-child(2) td:nth-child(5)`), b.Text(t, `main tbody tr:nth-child(2) td:nth-child(6)`)
		if !strings.Contains(row, "한국신체정보") || !strings.Contains(row, "성별") || allowed != "1" || denied != "1" ||
			!strings.Contains(text, "신한카드") || !strings.Contains(text, "보낼 차례 1건") || strings.Contains(text, "김가상") {
			t.Fatalf("the provision status: %q / %q", row, text)
		}
		b.LookAt(t, "console-provisions")
	})
}
