package console

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/healthcare/cityinfo"
	"jikimi/jobs/jobstest"
	"jikimi/partners"
	"jikimi/partners/notify"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// cityInfoMember enrols a participant who opts in to the city information.
func (e *env) cityInfoMember(born, sex, district, mobile string) vault.Actor {
	e.t.Helper()
	p := e.Subject(e.t, cityinfo.ServiceName, "purpose:enrolment")
	_, err := e.Vault.Put(ctx, vault.Request{Actor: p, Service: cityinfo.ServiceName, Purpose: "enrolment", Subject: p.ID, Action: vault.Input},
		"enrolment", map[string]string{"name": "김가상", "birth_date": born, "sex": sex, "mobile": mobile, "residence": district})
	e.must(err)
	e.must(e.city.OptIn(ctx, p, p.ID, vault.ChannelWeb))
	return p
}

// The health operator sends city information from the console, having
// chosen the city-information purpose: the form selects by district, age
// and sex; the screen says how many were selected and, once the outbox has
// run, how many were reached, and never names or numbers anyone. The
// selection's reads are the operator's under city-info, the numbers are
// read only by the outbox's sender. A malformed form sends nothing; a
// counsellor, or the operator working for the watch delivery, cannot open
// the screen.
func TestCityInfoSendInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		sms := notify.NewSim(e.Ring.PublicKey(), e.Clock)
		lb, err := partners.Listen(sms)
		e.must(err)
		t.Cleanup(func() { lb.Close() })
		e.city.SMS = notify.Gateway{Channel: notify.SMS, Client: &partners.Client{Name: "notify", Base: lb.URL, Key: e.Ring.SigningKey(),
			Clock: e.Clock, Sleep: func(context.Context, time.Duration) error { return nil }}}
		mapo := []vault.Actor{e.cityInfoMember("1950-01-01", "F", "서울특별시 마포구", "010-0000-0101"),
			e.cityInfoMember("1955-05-05", "M", "서울특별시 마포구", "010-0000-0102")}
		young := e.cityInfoMember("1990-01-01", "F", "서울특별시 마포구", "010-0000-0103")
		jongno := e.cityInfoMember("1950-01-01", "F", "서울특별시 종로구", "010-0000-0104")
		everyone := append([]vault.Actor{young, jongno}, mapo...)

		op := e.member("demo.operator", staff.HealthOperator)
		b := e.signIn(op)
		if text := e.page(b, "/staff/healthcare/city-info"); !strings.Contains(text, "먼저 선택") || b.Count(t, `form[action$="/sends"]`) != 0 {
			t.Fatalf("the screen before choosing the purpose: %q", text)
		}
		e.choose(b, "health-operator/seoul-healthcare/city-info")
		e.page(b, "/staff/healthcare/city-info")
		if b.Count(t, `nav a[href="/staff/healthcare/city-info"]`) == 0 {
			t.Fatal("the menu lacks the city information while working for it")
		}
		st := b.Submit(t, `form[action="/staff/healthcare/city-info/sends"]`, map[string]string{"district": "서울특별시 마포구", "min_age": "65",
			"title": "가상 건강걷기 대회", "body": "12월 20일 가상공원에서 열립니다."})
		text := b.Text(t, "main")
		if st != 200 || !strings.Contains(text, "2명에게 보내도록") || !strings.Contains(text, "서울특별시 마포구 · 만 65세 이상") {
			t.Fatalf("sending: %d %q", st, text)
		}
		for _, p := range everyone {
			if strings.Contains(text, p.ID) {
				t.Fatalf("the screen names a participant: %q", text)
			}
		}
		if strings.Contains(text, "010-") || strings.Contains(text, "1950") {
			t.Fatalf("the screen shows a participant's item: %q", text)
		}
		b.LookAt(t, "console-cityinfo")
		for _, p := range everyone {
			e.must(e.Log.OfSubject(ctx, p.ID, func(en audit.Entry) error {
				if en.Handler == op.Account.ID && (en.Purpose != cityinfo.Purpose || en.Role != "health-operator" || strings.Contains(strings.Join(en.Items, ","), "mobile")) {
					t.Errorf("the operator's read: %+v", en)
				}
				return nil
			}))
		}

		jobstest.Drain(t, e.jobs)
		for i, to := range []string{"01000000101", "01000000102"} {
			if got := sms.To(notify.SMS, to); len(got) != 1 || !strings.Contains(got[0].Body, "가상 건강걷기 대회") {
				t.Fatalf("texts to the selected participant %d: %+v", i, sms.Inbox())
			}
		}
		if n := len(sms.Inbox()); n != 2 {
			t.Fatalf("%d texts, want 2", n)
		}
		e.page(b, "/staff/healthcare/city-info")
		if row := b.Text(t, "main tbody tr:nth-child(1)"); !strings.Contains(row, "가상 건강걷기 대회") || b.Text(t, "main tbody tr:nth-child(1) td:nth-child(5)") != "2명" ||
			b.Text(t, "main tbody tr:nth-child(1) td:nth-child(6)") != "0명" {
			t.Fatalf("the sends after the outbox ran: %q", row)
		}

		c := e.client(op)
		c.post("/staff/work", url.Values{"work": {"health-operator/seoul-healthcare/city-info"}})
		for _, bad := range []url.Values{
			{"min_age": {"예순다섯"}, "title": {"제목"}, "body": {"본문"}},
			{"min_age": {"70"}, "max_age": {"60"}, "title": {"제목"}, "body": {"본문"}},
			{"title": {"제목"}, "body": {"본문\u202e"}},
			{"title": {" "}, "body": {"본문"}},
		} {
			if st, body := c.post("/staff/healthcare/city-info/sends", bad); st != 400 || !strings.Contains(body, `role="alert"`) {
				t.Fatalf("a malformed send %v: %d", bad, st)
			}
		}
		var sends int
		e.must(e.SQL().Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM hc_cityinfo_sends`).Scan(&sends))
		if sends != 1 {
			t.Fatalf("%d sends after the malformed ones, want 1", sends)
		}
		c.post("/staff/work", url.Values{"work": {"health-operator/seoul-healthcare/watch-delivery"}})
		if st, body := c.post("/staff/healthcare/city-info/sends", url.Values{"title": {"제목"}, "body": {"본문"}}); st != 403 || strings.Contains(body, "가상 건강걷기") {
			t.Fatalf("a send while working for the watch delivery: %d", st)
		}
		counsellor := e.client(e.member("demo.counsellor", staff.Counsellor))
		if st, body := counsellor.get("/staff/healthcare/city-info"); st != 403 || strings.Contains(body, "가상 건강걷기") {
			t.Fatalf("a counsellor opening the city information: %d", st)
		}
	})
}
