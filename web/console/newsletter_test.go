package console

import (
	"net/url"
	"strings"
	"testing"

	"jikimi/jobs/jobstest"
	"jikimi/partners/notify"
	"jikimi/staff"
	"jikimi/vault/vaulttest"
	"jikimi/welfare/newsletter"
)

// A caseworker sends an issue of the newsletter from the console (as
// `jikimi newsletter send`): it goes through the outbox to each subscriber
// once, and the list of issues sent shows it. An issue without a title is
// refused with the reason and queues nothing; a health operator's post
// and a cross-site form queue nothing either.
func TestNewsletterSendInBrowser(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		readers := []string{"reader-0001@example.invalid", "reader-0002@example.invalid"}
		for _, addr := range readers {
			_, err := e.news.Subscribe(ctx, "127.0.0.1", newsletter.Subscription{Email: addr, BirthYear: 1980, ConsentText: "가상 동의"})
			e.must(err)
		}
		b := e.signIn(e.member("demo.caseworker", staff.Caseworker))
		e.page(b, "/staff/work")
		if b.Count(t, `nav a[href="/staff/bokjiro/newsletter"]`) == 0 {
			t.Fatal("the menu lacks the newsletter")
		}
		e.page(b, "/staff/bokjiro/newsletter")
		form := `form[action="/staff/bokjiro/newsletter/issues"]`
		if st := b.Submit(t, form, map[string]string{"issue": "2026-12", "title": "12월 복지 소식 (가상)", "body": "가상 본문입니다."}); st != 200 ||
			!strings.Contains(b.Text(t, "main"), "대기열에 넣었습니다") || !strings.Contains(b.Text(t, "tbody"), "12월 복지 소식 (가상)") || !strings.Contains(b.Text(t, "tbody"), "2명") {
			t.Fatalf("sending: %d %q", st, b.Text(t, "main"))
		}
		b.LookAt(t, "console-newsletter")
		jobstest.Drain(t, e.jobs)
		for _, addr := range readers {
			if got := e.mailbox.To(notify.Email, addr); len(got) != 1 || !strings.Contains(got[0].Subject, "12월 복지 소식") {
				t.Fatalf("mails to %s: %+v", addr, got)
			}
		}
		if st := b.Submit(t, form, map[string]string{"issue": "2027-01", "title": " ", "body": "가상 본문"}); st != 400 || !strings.Contains(b.Text(t, ".alert"), "제목") {
			t.Fatalf("an issue without a title: %d %q", st, b.Text(t, "main"))
		}
		e.crossSite(b, "/staff/bokjiro/newsletter/issues", map[string]string{"issue": "2027-02", "title": "가상", "body": "가상"})
		op := e.client(e.member("demo.operator", staff.HealthOperator))
		if st, _ := op.post("/staff/bokjiro/newsletter/issues", url.Values{"issue": {"2027-03"}, "title": {"가상"}, "body": {"가상"}}); st != 403 {
			t.Fatalf("a health operator sending: %d", st)
		}
		jobstest.Drain(t, e.jobs)
		sent, err := e.news.Issues(ctx, 10)
		if err != nil || len(sent) != 1 || sent[0].By == "operator" || len(e.mailbox.To(notify.Email, readers[1])) != 1 {
			t.Fatalf("after the refusals: issues %+v (%v), mails %+v", sent, err, e.mailbox.Inbox())
		}
	})
}
