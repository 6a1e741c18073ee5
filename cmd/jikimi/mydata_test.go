package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"jikimi/web"
	"jikimi/web/browsertest"
)

// "내 개인정보" in a real browser, on SQLite and PostgreSQL: the demo
// participant of 손목닥터 9988 sees what is held with its destruction date,
// gives a partner consent and withdraws it with one click (the consequence
// shown first; the partner page offers consent again), files an access
// request, which the privacy officer answers, and sees the answer and the
// officer's access; bad requests are refused on the page and write
// nothing; the downloads are JSON and FHIR. The demo 복지로 member signs in
// and sees their own "내 개인정보". Every page is looked at (layout,
// axe-core, screenshots at desktop and 390px).
func TestMyDataInBrowser(t *testing.T) {
	t.Parallel()
	demoOnBothDatabases(t, myDataJourney)
}

func myDataJourney(t *testing.T, base, data string, _ []string, db string) {
	creds := demoCreds(t, data)
	p, m := demoCitizen(t, creds, "participant 1"), demoCitizen(t, creds, "bokjiro member")
	hc, bj := [2]string{p.Login, p.Password}, [2]string{m.Login, m.Password}
	b := browsertest.New(t)
	shot := func(name string) { b.LookAt(t, name+"-"+db) }
	page := base + "/healthcare/my-data"

	b.Open(t, page)
	if b.Path(t) != "/healthcare/login" {
		t.Fatalf("without a session: %s", b.Path(t))
	}
	b.SignIn(t, base+"/healthcare/login?next=/healthcare/my-data", map[string]string{"login": hc[0], "password": hc[1]})
	if b.Path(t) != "/healthcare/my-data" {
		t.Fatalf("signed in to %s", b.Path(t))
	}
	main := b.Text(t, "main")
	for _, want := range []string{"보유 정보와 파기 예정일", "후 파기", "동의 내역과 철회", "열람 기록", "처리방침 변경 이력"} {
		if !strings.Contains(main, want) {
			t.Fatalf("내 개인정보 lacks %q: %.600s", want, main)
		}
	}
	if strings.Contains(main, "$argon2") {
		t.Fatal("the page shows the password hash")
	}
	shot("healthcare-mydata")

	// An optional consent, given on the partner page, withdrawn here.
	partner := `form[action="/healthcare/partners/korea-body-info"]`
	b.Open(t, base+"/healthcare/partners")
	if st := b.Submit(t, partner, nil); st != 200 || !strings.Contains(b.Text(t, ".notice"), "동의했습니다") {
		t.Fatalf("partner consent: %d", st)
	}
	b.Open(t, page)
	withdraw := `form[action="/healthcare/my-data/consents"]:has(input[value="provision:korea-body-info"])`
	if b.Count(t, withdraw) != 1 {
		t.Fatal("no one-click withdrawal of the partner consent")
	}
	if !strings.Contains(b.Text(t, "main"), "철회하면: 한국체육산업개발") && !strings.Contains(b.Text(t, "main"), "더 이상 제공되지 않으며") {
		t.Fatal("the consequence is not stated before the withdrawal")
	}
	if st := b.Submit(t, withdraw, nil); st != 200 || !strings.Contains(b.Text(t, ".notice"), "철회했습니다") {
		t.Fatalf("withdrawal: %d", st)
	}
	if b.Count(t, withdraw) != 0 || !strings.Contains(b.Text(t, "#requests"), "동의 철회") || !strings.Contains(b.Text(t, "#requests"), "답변 완료") {
		t.Fatalf("after the withdrawal: %q", b.Text(t, "#requests"))
	}
	b.Open(t, base+"/healthcare/partners")
	if b.Count(t, partner+` input[value="give"]`) != 1 || b.Count(t, partner+` input[value="use"]`) != 0 {
		t.Fatal("the partner page still uses the withdrawn consent")
	}

	// Bad requests: refused on the page, nothing filed.
	b.Open(t, page)
	rows := b.Count(t, "#requests tbody tr")
	form := `form[action="/healthcare/my-data/requests"]`
	for _, bad := range []struct {
		fields map[string]string
		alert  string
	}{
		{map[string]string{"kind": "correction"}, "정정할 항목"},
		{map[string]string{"kind": "access", "as": "proxy"}, "위임 기간"},
		{map[string]string{"kind": "access", "as": "proxy", "attorney_from": "2020-01-01", "attorney_until": "2020-01-31"}, "본인확인"},
		{map[string]string{"kind": "access", "as": "proxy", "proxy_name": "박가상", "proxy_birth": "1970-01-01", "proxy_sex": "F", "proxy_mobile": "010-0000-0999",
			"attorney_from": "2020-01-01", "attorney_until": "2020-01-31"}, "위임 기간이 오늘을 포함하지 않습니다"},
	} {
		if st := b.Submit(t, form, bad.fields); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), bad.alert) {
			t.Fatalf("%v: %d %q", bad.fields, st, b.Text(t, "main"))
		}
		if n := b.Count(t, "#requests tbody tr"); n != rows {
			t.Fatalf("%v filed a request: %d rows, was %d", bad.fields, n, rows)
		}
	}

	// An access request, answered by the privacy officer in the console, in
	// a browser of their own, before its deadline.
	o := consoleSignIn(t, base, data, "demo.officer")
	queued := func() map[string]string { // request ID → its row
		o.Open(t, base+"/staff/officer/rights")
		rows := map[string]string{}
		for i := 1; i <= o.Count(t, "main > .table-wrap tbody tr td a"); i++ {
			row := fmt.Sprintf("main > .table-wrap tbody tr:nth-child(%d)", i)
			rows[o.Text(t, row+" td:nth-child(1)")] = o.Text(t, row)
		}
		return rows
	}
	before := queued()
	if st := b.Submit(t, form, map[string]string{"kind": "access"}); st != 200 || !strings.Contains(b.Text(t, ".notice"), "접수했습니다") {
		t.Fatalf("access request: %d %q", st, b.Text(t, "main"))
	}
	if got := b.Text(t, "#requests tbody tr"); !strings.Contains(got, "열람") || !strings.Contains(got, "접수") || !strings.Contains(got, "일 남음") {
		t.Fatalf("the filed request: %q", got)
	}
	var id string
	for rid, row := range queued() {
		if _, old := before[rid]; !old {
			if id != "" || !strings.Contains(row, "손목닥터 9988") || !strings.Contains(row, "열람") || strings.Contains(row, "기한 지남") {
				t.Fatalf("the officer's queue after the filing: %v (before: %v)", row, before)
			}
			id = rid
		}
	}
	if id == "" {
		t.Fatal("the request is not in the officer's queue")
	}
	o.Open(t, base+"/staff/officer/rights/"+id)
	if st := o.Submit(t, `form[action$="/answer"]`, nil); st != 200 || !strings.Contains(o.Text(t, "main"), "답변 완료") {
		t.Fatalf("the officer's answer: %d %q", st, o.Text(t, "main"))
	}
	o.LookAt(t, "console-right-answered-"+db)
	b.Open(t, page)
	if got := b.Text(t, "#requests tbody tr"); !strings.Contains(got, "답변 완료") || !strings.Contains(got, "열람 결과") {
		t.Fatalf("the answered request: %q", got)
	}
	if !strings.Contains(b.Text(t, "#accesses"), "개인정보 보호책임자") {
		t.Fatalf("the officer's access is not listed: %.400s", b.Text(t, "#accesses"))
	}
	shot("healthcare-mydata-answered")

	// Downloads, with the browser's own session cookie.
	cookie := b.Cookie(t, web.CitizenSessionCookie)
	for format, want := range map[string]string{"json": `"purposes"`, "fhir": `"resourceType":"Bundle"`} {
		if st, body := getWithCookie(t, page+"/export?format="+format, cookie); st != 200 || !strings.Contains(body, want) {
			t.Fatalf("%s download: %d %.200s", format, st, body)
		}
	}
	// A session of 손목닥터 9988 is not one of 복지로.
	b.Open(t, base+"/bokjiro/my-data")
	if b.Path(t) != "/bokjiro/login" {
		t.Fatalf("another service's page: %s", b.Path(t))
	}

	// 복지로.
	b.Open(t, base+"/bokjiro")
	shot("bokjiro-landing")
	b.SignIn(t, base+"/bokjiro/login", map[string]string{"login": bj[0], "password": bj[1]})
	if b.Path(t) != "/bokjiro/home" {
		t.Fatalf("복지로 sign-in landed on %s", b.Path(t))
	}
	shot("bokjiro-home")
	b.Open(t, base+"/bokjiro/my-data")
	main = b.Text(t, "main")
	if !strings.Contains(main, "회원") || !strings.Contains(main, "동의 내역과 철회") || strings.Contains(main, "FHIR") {
		t.Fatalf("복지로 내 개인정보: %.600s", main)
	}
	shot("bokjiro-mydata")
	if st, _ := getWithCookie(t, base+"/bokjiro/my-data/export?format=fhir", b.Cookie(t, web.CitizenSessionCookie)); st != 404 {
		t.Fatalf("복지로 has no FHIR export: %d", st)
	}
	// The only problems the browser saw are the four refusals above.
	for _, p := range b.Problems() {
		if !strings.Contains(p, "status of 400") {
			t.Fatalf("the page reported %q", p)
		}
	}
}

// getWithCookie GETs url with the citizen session cookie.
func getWithCookie(t *testing.T, url, session string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.AddCookie(&http.Cookie{Name: web.CitizenSessionCookie, Value: session})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var sb strings.Builder
	_, _ = io.Copy(&sb, res.Body)
	return res.StatusCode, sb.String()
}
