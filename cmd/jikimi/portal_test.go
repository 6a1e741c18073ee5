package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"jikimi/healthcare/measure"
	"jikimi/store/postgres/pgmigrated"
	"jikimi/web"
	"jikimi/web/browsertest"
)

// A person who has never used 손목닥터 9988 does everything in a real
// browser against the real program, on SQLite and on PostgreSQL: enrols
// with identity verification and each consent on its own, links a watch,
// whose token syncs steps through the API; sees the steps and the points
// on the dashboard; consents to the card company and converts the points
// until the card company has credited them; records a measurement and a
// check-up, consents to a partner, asks a consultation, answers the
// survey and reads the content. Every main page is looked at (layout,
// axe-core, screenshots at desktop and 390px); only declared cookies are
// set; and a form posted from another site with the person's cookies is
// refused and changes nothing.
func TestHealthcarePortalInBrowser(t *testing.T) {
	t.Parallel()
	demoOnBothDatabases(t, portalJourney)
}

// demoOnBothDatabases runs journey against serve --demo on SQLite and on
// PostgreSQL, with the server's address, its data folder, the database
// arguments the CLI needs and the database's name.
func demoOnBothDatabases(t *testing.T, journey func(t *testing.T, base, data string, dbArgs []string, db string)) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			data := t.TempDir()
			var dbArgs []string
			if db == "postgres" {
				dbArgs = []string{"--db", pgmigrated.NewDatabase(t)}
			}
			s := startServe(t, append([]string{"--data", data, "--demo"}, dbArgs...)...)
			journey(t, s.url, data, dbArgs, db)
		})
	}
}

func portalJourney(t *testing.T, base, data string, dbArgs []string, db string) {
	b := browsertest.New(t)
	shot := func(name string) { b.LookAt(t, "healthcare-"+name+"-"+db) }

	b.Open(t, base+"/")
	shot("front")
	b.Open(t, base+"/healthcare")
	shot("landing")
	b.Open(t, base+"/healthcare/enrol")
	shot("enrol-verify")
	if st := b.Submit(t, "main form", map[string]string{"name": "한가상", "birth_date": "1961-04-04", "sex": "F", "mobile": "010-0000-0071"}); st != 200 {
		t.Fatalf("identity verification: %d %s", st, b.Text(t, "main"))
	}
	shot("enrol-form")
	if n := b.Count(t, "fieldset.consent"); n < 6 {
		t.Fatalf("%d consent parts", n)
	}
	if !strings.Contains(b.Text(t, "main"), "신한카드") || !strings.Contains(b.Text(t, "main"), "암호화된 동일인 식별정보(CI)") {
		t.Fatal("the form names no recipient or no CI")
	}
	required := "purpose:enrolment|purpose:health-service|sensitive:health-service|purpose:watch-delivery|purpose:duplicate-prevention"
	fields := map[string]string{"login": "demo_han", "password": "가상-Passw0rd!", "district": "서울특별시 마포구", "seoul_tie": "residence",
		"delivery_address": "서울특별시 마포구 가상로 0071", "delivery_contact": "010-0000-0071", "consent": "purpose:enrolment"}
	if st := b.Submit(t, "main form", fields); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "필수 동의") {
		t.Fatalf("without every required consent: %d", st)
	}
	fields["consent"] = required
	if st := b.Submit(t, "main form", fields); st != 200 || b.Path(t) != "/healthcare/today" || !strings.Contains(b.Text(t, ".notice"), "환영") {
		t.Fatalf("enrolment: %d %s %q", st, b.Path(t), b.Text(t, "main"))
	}

	b.Submit(t, `form[action="/healthcare/watch"]`, nil)
	token := b.Text(t, "#device-token")
	today := measure.DateOf(time.Now())
	syncSteps(t, base, token, today.AddDays(-1), 9000, "y")
	syncSteps(t, base, token, today, 4321, "t")
	op := operator(t, base, data, dbArgs)
	if code, body := api(t, "POST", base+"/api/v1/healthcare/points/runs", op, `{"day":"`+today.AddDays(-1).String()+`"}`, nil); code != 200 {
		t.Fatalf("the day's run: %d %s", code, body)
	}
	b.Open(t, base+"/healthcare/today")
	main := b.Text(t, "main")
	if !strings.Contains(main, "4,321보") || !strings.Contains(main, "200P") || b.Count(t, "figure svg") != 3 {
		t.Fatalf("dashboard: %q", main)
	}
	shot("today")

	b.Open(t, base+"/healthcare/points")
	if b.Count(t, "#convert-form") != 0 {
		t.Fatal("conversion offered before the card company's consent")
	}
	b.Submit(t, "#card-consent", nil)
	balance := func() string { return b.Text(t, "main .lead") }
	before := balance()
	evil := evilSite(base + "/healthcare/points/convert")
	defer evil.Close()
	b.Open(t, evil.URL)
	if st := b.Submit(t, "form", nil); st != 403 {
		t.Fatalf("a cross-site form post: %d", st)
	}
	crossSiteAPI(t, base, b.Cookie(t, web.CitizenSessionCookie))
	b.Open(t, base+"/healthcare/points")
	if balance() != before {
		t.Fatalf("the cross-site posts changed the balance: %s -> %s", before, balance())
	}
	b.Evaluate(t, `document.querySelector("#points-amount").removeAttribute("max")`)
	if st := b.Submit(t, "#convert-form", map[string]string{"points": "999999"}); st != 409 || balance() != before || b.Count(t, "[role=alert]") != 1 {
		t.Fatalf("converting more than the balance: %d %s", st, balance())
	}
	if st := b.Submit(t, "#convert-form", map[string]string{"points": "200"}); st != 200 || !strings.Contains(b.Text(t, ".notice"), "전환을 신청했습니다") {
		t.Fatalf("conversion: %d", st)
	}
	for i := 0; !strings.Contains(b.Text(t, "main table"), "완료"); i++ {
		if i == 40 {
			t.Fatalf("the conversion did not settle: %q", b.Text(t, "main table"))
		}
		time.Sleep(500 * time.Millisecond)
		b.Open(t, base+"/healthcare/points")
	}
	shot("points")

	b.Open(t, base+"/healthcare/records")
	shot("records")
	if st := b.Submit(t, "#report", map[string]string{"weight": "61.5", "systolic": "900", "diastolic": "76"}); st != 400 || b.Count(t, "[role=alert]") != 1 {
		t.Fatalf("an impossible blood pressure: %d", st)
	}
	if st := b.Submit(t, "#report", map[string]string{"weight": "61.5", "systolic": "118", "diastolic": "76"}); st != 200 || !strings.Contains(b.Text(t, ".notice"), "저장했습니다") {
		t.Fatalf("self-report: %d", st)
	}
	if st := b.Submit(t, "#checkup", map[string]string{"on": today.AddDays(-3).String(), "hdl": "52", "weight": "61"}); st != 200 || !strings.Contains(b.Text(t, ".notice"), "검진 결과") {
		t.Fatalf("check-up: %d %q", st, b.Text(t, "main"))
	}
	b.Open(t, base+"/healthcare/partners")
	b.Submit(t, `#partner-korea-body-info form`, nil)
	if st := b.Submit(t, `#partner-korea-body-info form`, nil); st != 400 || !strings.Contains(b.Text(t, "[role=alert]"), "키") {
		t.Fatalf("a partner service before its items are recorded: %d %q", st, b.Text(t, "main"))
	}
	b.Open(t, base+"/healthcare/records")
	b.Submit(t, "#report", map[string]string{"height": "158.5"})
	b.Open(t, base+"/healthcare/partners")
	if st := b.Submit(t, `#partner-korea-body-info form`, nil); st != 200 || !strings.Contains(b.Text(t, ".notice"), "이용을 신청") {
		t.Fatalf("partner service: %d %q", st, b.Text(t, "main"))
	}
	shot("partners")
	b.Open(t, base+"/healthcare/consultations")
	b.Submit(t, "main form", map[string]string{"question": "가상 질문: 계단 오르기도 걸음에 들어가나요?"})
	if !strings.Contains(b.Text(t, "main"), "답변을 기다리는 중") {
		t.Fatal("the consultation is not listed")
	}
	shot("consultations")
	b.Open(t, base+"/healthcare/survey")
	shot("survey")
	b.Submit(t, "main form", map[string]string{"overall": "5", "watch": "4", "consent": "yes"})
	if !strings.Contains(b.Text(t, "main"), "응답하셨습니다") {
		t.Fatalf("survey: %q", b.Text(t, "main"))
	}
	b.Open(t, base+"/healthcare/contents")
	shot("contents")
	b.Open(t, base+"/healthcare/account")
	shot("account")
	for _, name := range b.CookieNames(t) {
		if !slices.ContainsFunc(web.Cookies, func(c web.CookieInfo) bool { return c.Name == name }) {
			t.Errorf("undeclared cookie %s", name)
		}
	}
	b.Open(t, base+"/privacy/seoul-healthcare/cookies")
	shot("cookies")
	b.Open(t, base+"/healthcare/account")
	if st := b.Submit(t, "#withdraw form", map[string]string{"confirm": "on"}); st != 200 || !strings.Contains(b.Text(t, "h1"), "탈퇴") {
		t.Fatalf("withdrawal: %d", st)
	}
	b.Open(t, base+"/healthcare/today")
	if b.Path(t) != "/healthcare/login" {
		t.Fatalf("after withdrawal /healthcare/today shows %s", b.Path(t))
	}
	shot("signin")
	secondPerson(t, base, data)
}

// secondPerson signs the demo participant in, in another browser: none of
// the first participant's consultations, conversions or measurements shows.
func secondPerson(t *testing.T, base, data string) {
	t.Helper()
	login, password := demoParticipant(t, data)
	b := browsertest.New(t)
	b.SignIn(t, base+"/healthcare/login", map[string]string{"login": login, "password": password})
	b.Open(t, base+"/healthcare/consultations")
	if strings.Contains(b.Text(t, "main"), "계단 오르기") {
		t.Fatal("another participant's consultation shows")
	}
	b.Open(t, base+"/healthcare/points")
	if !strings.Contains(b.Text(t, "main"), "전환 내역이 없습니다") {
		t.Fatalf("another participant's conversions show: %q", b.Text(t, "main"))
	}
	b.Open(t, base+"/healthcare/today")
	if strings.Contains(b.Text(t, "main"), "4,321보") {
		t.Fatal("another participant's steps show")
	}
}

// syncSteps sends a minute of steps for day from the watch, as the watch does.
func syncSteps(t *testing.T, base, token string, day measure.Date, steps int, id string) {
	t.Helper()
	at := day.Start().Add(10 * time.Hour).UTC().Format(time.RFC3339)
	if day == measure.DateOf(time.Now()) {
		at = day.Start().UTC().Format(time.RFC3339)
	}
	point := fmt.Sprintf(`[{"header":{"id":"portal-%s","creation_date_time":%q,"schema_id":{"namespace":"omh","name":"step-count","version":"3.0"}},`+
		`"body":{"step_count":{"value":%d,"unit":"steps"},"effective_time_frame":{"time_interval":{"start_date_time":%q,"duration":{"value":1,"unit":"min"}}}}}]`,
		id, at, steps, at)
	if code, body := api(t, "POST", base+"/api/v1/healthcare/sync", token, point, nil); code != 200 || !strings.Contains(body, `"accepted":1`) {
		t.Fatalf("sync: %d %s", code, body)
	}
}

// operator signs the demo health operator in over the API.
func operator(t *testing.T, base, data string, dbArgs []string) string {
	t.Helper()
	return staffSession(t, base, data, "demo.operator", dbArgs...)
}

// evilSite serves a page on another origin whose form posts to target.
func evilSite(target string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html lang="en"><title>prize</title><form method="post" enctype="text/plain" action="`+target+
			`"><input name="points" value="200"><button type="submit">claim</button></form></html>`)
	}))
}

// serve --demo shows the portal with a demo participant who has two weeks
// of watch data: signing in with the printed login through the form lands
// on a dashboard with steps and heart rates, under a header that stays one
// line on a phone.
func TestDemoParticipantDashboard(t *testing.T) {
	t.Parallel()
	s, data := sharedDemo(t)
	login, password := demoParticipant(t, data)
	b := browsertest.New(t)
	b.SignIn(t, s.url+"/healthcare/login", map[string]string{"login": login, "password": password})
	if b.Path(t) != "/healthcare/today" {
		t.Fatalf("signed in to %s", b.Path(t))
	}
	main := b.Text(t, "main")
	if strings.Contains(main, "최근 7일 걸음 수: 7일 동안 모두 0보") || !strings.Contains(main, "회/분") || !strings.Contains(main, "시간") || !strings.Contains(main, "워치 연결됨") {
		t.Fatalf("the demo dashboard: %q", main)
	}
	b.CompactHeader(t) // nine menu entries, one line on a phone
	b.Clean(t)
}

// crossSiteAPI sends the JSON API a conversion with the participant's
// session cookie as another site's page would (Origin https://evil.example,
// text/plain): refused, whether or not the body is JSON.
func crossSiteAPI(t *testing.T, base, session string) {
	t.Helper()
	for _, ctype := range []string{"text/plain", "application/json"} {
		req, _ := http.NewRequest("POST", base+"/api/v1/healthcare/points/conversions", strings.NewReader(`{"points":200}`))
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Origin", "https://evil.example")
		req.AddCookie(&http.Cookie{Name: web.CitizenSessionCookie, Value: session})
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 403 || !strings.Contains(string(body), `"cross_origin"`) {
			t.Fatalf("cross-site %s POST with the session cookie: %d %s", ctype, res.StatusCode, body)
		}
	}
	// The forms added for 복지로's account and the console's results are
	// held to the same check as every form.
	for _, path := range []string{"/bokjiro/account", "/bokjiro/account/password", "/bokjiro/password-reset",
		"/bokjiro/newsletter", "/bokjiro/newsletter/unsubscribe", "/staff/healthcare/city-info/sends"} {
		req, _ := http.NewRequest("POST", base+path, strings.NewReader("email=evil%40example.invalid"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.AddCookie(&http.Cookie{Name: web.CitizenSessionCookie, Value: session})
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site form POST to %s: %d", path, res.StatusCode)
		}
	}
}

// demoParticipant is the demo participant's login and password.
func demoParticipant(t *testing.T, data string) (login, password string) {
	t.Helper()
	p := demoCitizen(t, demoCreds(t, data), "participant 1")
	return p.Login, p.Password
}
