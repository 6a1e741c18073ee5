package pages

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"jikimi/jobs/jobstest"
	"jikimi/partners/notify"
	"jikimi/vault/vaulttest"
	"jikimi/web/browsertest"
	"jikimi/welfare/newsletter"
)

var unsubscribeLink = regexp.MustCompile(`http://\S+/bokjiro/newsletter/unsubscribe\?\S+`)

// The newsletter in a real browser, on SQLite and PostgreSQL. A member
// subscribes their own address: without the consent, or with a birth year
// that is not one, nothing is written. A second member's page shows only
// their own address, and their unsubscribing ends only their own. The
// unsubscribe link of a mailed issue opens a Korean page without signing
// in; opening it changes nothing, its button unsubscribes. A link whose
// signature was tampered with, or one subscription's ID with another's
// signature, is refused on opening and on sending, and unsubscribes no
// one.
func TestNewsletterInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		s := newServer(t, open)
		db := dbName(t)
		a := joined(t, s, "demo_news", "김가상", "010-0000-0901")
		o := joined(t, s, "demo_news2", "이가상", "010-0000-0902")
		page := s.url + "/bokjiro/newsletter"
		subscribed := func(b *browsertest.Browser) bool {
			b.Open(t, page)
			return b.Count(t, "#subscribed") == 1
		}

		a.Open(t, s.url+"/bokjiro/home")
		if a.Count(t, `a[href="/bokjiro/newsletter"]`) == 0 {
			t.Fatal("나의 복지로 does not link the newsletter")
		}
		a.Open(t, page)
		if !strings.Contains(a.Text(t, "main"), "demo_news@example.invalid") {
			t.Fatalf("the member's address is not shown: %q", a.Text(t, "main"))
		}
		a.LookAt(t, "bokjiro-newsletter-"+db)
		for name, c := range map[string]struct {
			form map[string]string
			says string
		}{
			"without the consent": {map[string]string{"birth_year": "1985"}, "동의해야"},
			"a year that is none": {map[string]string{"birth_year": "천구백", "consent": "yes"}, "네 자리 숫자"},
			"a year out of range": {map[string]string{"birth_year": "1800", "consent": "yes"}, "1900년부터"},
		} {
			a.Open(t, page)
			if st := a.Submit(t, "#newsletter-form", c.form); st != 400 || !strings.Contains(a.Text(t, "[role=alert]"), c.says) {
				t.Fatalf("%s: %d %q", name, st, a.Text(t, "main"))
			}
		}
		if subscribed(a) {
			t.Fatal("a refused subscription was written")
		}
		if st := a.Submit(t, "#newsletter-form", map[string]string{"birth_year": "1985", "consent": "yes"}); st != 200 ||
			!strings.Contains(a.Text(t, ".notice"), "구독을 신청했습니다") || a.Count(t, "#subscribed") != 1 {
			t.Fatalf("subscribing: %d %q", st, a.Text(t, "main"))
		}
		a.LookAt(t, "bokjiro-newsletter-subscribed-"+db)

		// The second member: their own address, their own subscription.
		o.Open(t, page)
		if got := o.Text(t, "main"); strings.Contains(got, "demo_news@") || !strings.Contains(got, "demo_news2@example.invalid") || o.Count(t, "#subscribed") != 0 {
			t.Fatalf("the second member's page: %q", got)
		}
		if st := o.Submit(t, "#newsletter-form", map[string]string{"birth_year": "1990", "consent": "yes"}); st != 200 || o.Count(t, "#subscribed") != 1 {
			t.Fatalf("the second member subscribes: %d %q", st, o.Text(t, "main"))
		}

		// An issue is mailed to both, each with their own link.
		if n, err := s.nl.Publish(context.Background(), newsletter.Issue{ID: "2026-03", Title: "3월 복지 소식", Body: "새 복지서비스를 알려 드립니다."}); err != nil || n != 2 {
			t.Fatalf("publishing: %d %v", n, err)
		}
		jobstest.Drain(t, s.jobs)
		linkOf := func(addr string) string {
			mails := s.sms.To(notify.Email, addr)
			if len(mails) != 1 {
				t.Fatalf("%d mails to %s", len(mails), addr)
			}
			l := unsubscribeLink.FindString(mails[0].Body)
			if l == "" {
				t.Fatalf("no unsubscribe link: %q", mails[0].Body)
			}
			return l
		}
		mine, theirs := linkOf("demo_news@example.invalid"), linkOf("demo_news2@example.invalid")

		// Tampered links, opened by whoever holds them, signed in or not.
		u, err := url.Parse(mine)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		sig := q.Get("sig")
		flipped := "A"
		if strings.HasPrefix(sig, "A") {
			flipped = "B"
		}
		tq := url.Values{"subscription": {q.Get("subscription")}, "sig": {flipped + sig[1:]}}
		tu, _ := url.Parse(theirs)
		sq := url.Values{"subscription": {q.Get("subscription")}, "sig": {tu.Query().Get("sig")}}
		x := browsertest.New(t)
		for name, link := range map[string]string{"a changed signature": s.url + newsletter.UnsubscribePage + "?" + tq.Encode(),
			"another subscription's signature": s.url + newsletter.UnsubscribePage + "?" + sq.Encode()} {
			x.Open(t, link)
			if x.Count(t, "#unsubscribe-form") != 0 || !strings.Contains(x.Text(t, "[role=alert]"), "링크가 올바르지 않거나") {
				t.Fatalf("%s: %q", name, x.Text(t, "main"))
			}
		}
		x.LookAt(t, "bokjiro-unsubscribe-refused-"+db)
		// The real link's page, its signature changed before sending.
		x.Open(t, mine)
		x.Evaluate(t, `document.querySelector('#unsubscribe-form input[name="sig"]').value = `+"'"+flipped+sig[1:]+"'")
		if st := x.Submit(t, "#unsubscribe-form", nil); st != 404 || !strings.Contains(x.Text(t, "[role=alert]"), "링크가 올바르지 않거나") {
			t.Fatalf("a tampered form: %d %q", st, x.Text(t, "main"))
		}
		if !subscribed(a) || !subscribed(o) {
			t.Fatal("a tampered link unsubscribed someone")
		}

		// The second member unsubscribes on their page: the first stays.
		if st := o.Submit(t, "#newsletter-end", nil); st != 200 || !strings.Contains(o.Text(t, ".notice"), "수신을 거부했습니다") || o.Count(t, "#newsletter-form") != 1 {
			t.Fatalf("the second member unsubscribes: %d %q", st, o.Text(t, "main"))
		}
		if !subscribed(a) {
			t.Fatal("the second member's unsubscribing ended the first's subscription")
		}

		// The first member's link, in a browser that never signed in.
		m := browsertest.New(t)
		m.Open(t, mine)
		if m.Count(t, "#unsubscribe-form") != 1 {
			t.Fatalf("the link's page: %q", m.Text(t, "main"))
		}
		m.LookAt(t, "bokjiro-unsubscribe-"+db)
		if !subscribed(a) {
			t.Fatal("opening the link unsubscribed")
		}
		if st := m.Submit(t, "#unsubscribe-form", nil); st != 200 || !strings.Contains(m.Text(t, "#unsubscribed"), "수신 거부가 완료되었습니다") {
			t.Fatalf("unsubscribing by the link: %d %q", st, m.Text(t, "main"))
		}
		if subscribed(a) {
			t.Fatal("still subscribed after the link")
		}
	})
}
