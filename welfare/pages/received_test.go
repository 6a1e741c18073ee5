package pages

import (
	"context"
	"strings"
	"testing"
	"time"

	"jikimi/jobs/jobstest"
	"jikimi/partners/notify"
	"jikimi/vault/vaulttest"
)

// 받은 복지알림 in a real browser, on SQLite and PostgreSQL. Before
// subscribing the page says so; subscribed, it lists nothing until an
// alert is sent. The day the member's child turns six, the 복지알림이
// mails them, and the page lists that alert with what the mail said. A
// second member, subscribed too, sees none of it.
func TestReceivedAlertsInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		s := newServer(t, open)
		db := dbName(t)
		a := joined(t, s, "demo_recv", "김가상", "010-0000-1001")
		o := joined(t, s, "demo_recv2", "이가상", "010-0000-1002")
		page := s.url + "/bokjiro/alerts/received"

		a.Open(t, s.url+"/bokjiro/home")
		if a.Count(t, `a[href="/bokjiro/alerts/received"]`) == 0 {
			t.Fatal("나의 복지로 does not link the alerts received")
		}
		a.Open(t, page)
		if a.Count(t, "#not-subscribed") != 1 {
			t.Fatalf("before subscribing: %q", a.Text(t, "main"))
		}
		// A child turning six tomorrow (the test clock starts on 2026-03-02).
		a.Open(t, s.url+"/bokjiro/alerts")
		family := map[string]string{"name_1": "김가상", "birth_1": "1985-03-03", "sex_1": "여", "relation_2": "자녀", "name_2": "김아이", "birth_2": "2020-03-03", "consent": "yes"}
		if st := a.Submit(t, "#alerts-form", family); st != 200 || a.Count(t, "#received-link") != 1 {
			t.Fatalf("subscribing: %d %q", st, a.Text(t, "main"))
		}
		o.Open(t, s.url+"/bokjiro/alerts")
		if st := o.Submit(t, "#alerts-form", map[string]string{"name_1": "이가상", "birth_1": "1970-07-07", "sex_1": "남", "consent": "yes"}); st != 200 {
			t.Fatalf("the second member subscribes: %d %q", st, o.Text(t, "main"))
		}
		a.Open(t, page)
		if a.Count(t, "#none") != 1 {
			t.Fatalf("subscribed, nothing sent: %q", a.Text(t, "main"))
		}

		s.env.Clock.Advance(24 * time.Hour)
		if st, err := s.al.Run(context.Background()); err != nil || st.Alerted != 1 {
			t.Fatalf("the run: %+v %v", st, err)
		}
		jobstest.Drain(t, s.jobs)
		mails := s.sms.To(notify.Email, "demo_recv@example.invalid")
		if len(mails) != 1 {
			t.Fatalf("%d alerts mailed", len(mails))
		}

		a = signedIn(t, s, "demo_recv") // a day later: signed in anew
		a.Open(t, page)
		if a.Count(t, "#received tbody tr") != 1 {
			t.Fatalf("the alerts listed: %q", a.Text(t, "main"))
		}
		lines := a.Text(t, "#received tbody ul")
		if !strings.Contains(lines, "자녀") || strings.Contains(lines, "김아이") {
			t.Fatalf("the alert's lines: %q", lines)
		}
		for _, l := range strings.Split(strings.TrimSpace(lines), "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.Contains(mails[0].Body, l) {
				t.Fatalf("the page says %q, the mail did not:\n%s", l, mails[0].Body)
			}
		}
		if !strings.Contains(a.Text(t, "#received tbody tr"), "2026-03-03") {
			t.Fatalf("when: %q", a.Text(t, "#received tbody tr"))
		}
		a.LookAt(t, "bokjiro-alerts-received-"+db)

		o = signedIn(t, s, "demo_recv2")
		o.Open(t, page)
		if o.Count(t, "#none") != 1 || strings.Contains(o.Text(t, "main"), "자녀") {
			t.Fatalf("the second member's list: %q", o.Text(t, "main"))
		}
	})
}
