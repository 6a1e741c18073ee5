package newsletter

import (
	"net/url"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/jobs/jobstest"
	"jikimi/partners/notify"
	"jikimi/partners/partnerstest"
	"jikimi/vault/vaulttest"
)

// withMail is the service with sending wired to an e-mail simulator and
// the environment's keyring.
func withMail(t *testing.T, e *vaulttest.Env) *Service {
	s, _ := mailing(t, e)
	return s
}

func mailing(t *testing.T, e *vaulttest.Env) (*Service, *notify.Sim) {
	t.Helper()
	c, box := partnerstest.Sim(t, "email", notify.NewSim)
	s := New(e.Vault, e.Clock)
	q := jobstest.New(t, e.SQL(), e.Clock)
	s.Mail(Mailing{SQL: e.SQL(), Email: notify.Gateway{Channel: notify.Email, Client: c}, Links: e.Ring.LinkMAC("newsletter unsubscribe"),
		Public: "http://127.0.0.1:8080", Jobs: q})
	jobs.Handle(q, s.Send)
	return s, box
}

// An issue reaches every subscriber through the outbox and the e-mail
// gateway, each mail with the reader's own signed unsubscribe link, which
// unsubscribes them and no one else; publishing again sends no one twice.
func TestIssueSentWithOwnUnsubscribeLink(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		s, box := mailing(t, e)
		a, err := s.Subscribe(ctx, "127.0.0.1", subscription())
		if err != nil {
			t.Fatal(err)
		}
		other := subscription()
		other.Email = "reader-0002@example.invalid"
		b, err := s.Subscribe(ctx, "127.0.0.1", other)
		if err != nil {
			t.Fatal(err)
		}
		is := Issue{ID: "2026-12", Title: "12월 복지 소식 (가상)", Body: "가상 본문입니다."}
		for range 2 {
			if n, err := s.Publish(ctx, is); err != nil || n != 2 {
				t.Fatalf("Publish = %d, %v", n, err)
			}
		}
		if sent, err := s.Issues(ctx, 10); err != nil || len(sent) != 1 || sent[0].ID != "2026-12" || sent[0].Recipients != 2 || sent[0].By != "operator" {
			t.Fatalf("the issues sent: %+v, %v", sent, err)
		}
		jobstest.Drain(t, s.mail.Jobs)
		got := box.To(notify.Email, email)
		if len(got) != 1 || !strings.Contains(got[0].Subject, "12월 복지 소식") || len(box.To(notify.Email, other.Email)) != 1 {
			t.Fatalf("mails %+v", box.Inbox())
		}
		link := got[0].Body[strings.Index(got[0].Body, "http://"):]
		u, err := url.Parse(strings.TrimSpace(link))
		if err != nil || u.Query().Get("subscription") != a {
			t.Fatalf("the mail's link %q (%v)", link, err)
		}
		if err := s.Unsubscribe(ctx, "127.0.0.1", b, u.Query().Get("sig")); errs.Code(err) != errs.NotFound {
			t.Fatalf("one reader's signature on another's subscription: %v", err)
		}
		if err := s.Unsubscribe(ctx, "127.0.0.1", a, u.Query().Get("sig")); err != nil {
			t.Fatal(err)
		}
		if n, err := s.Publish(ctx, Issue{ID: "2027-01", Title: "1월 (가상)", Body: "가상"}); err != nil || n != 1 {
			t.Fatalf("after one unsubscribed: Publish = %d, %v", n, err)
		}
	})
}

func TestBadIssuesRefused(t *testing.T) {
	e := vaulttest.SQLite(t, vaulttest.Config{})
	s := withMail(t, e)
	for _, is := range []Issue{{ID: "", Title: "t", Body: "b"}, {ID: "x", Title: "", Body: "b"}, {ID: "x", Title: "t\u202e", Body: "b"}, {ID: "x", Title: "t", Body: "\x00"}} {
		if _, err := s.Publish(ctx, is); errs.Code(err) != errs.Invalid {
			t.Fatalf("%+v: %v", is, err)
		}
	}
	if sent, err := s.Issues(ctx, 10); err != nil || len(sent) != 0 {
		t.Fatalf("the issues after the refusals: %+v, %v", sent, err)
	}
}
