package rights

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/jobs/jobstest"
	"jikimi/partners/notify"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// The officer's extension, answer and refusal, and a proxy's filing, each
// tell the person through the outbox: in the service (me/notices) and by
// text message to the mobile number they gave, read through the gate; a
// gateway that is down is retried until the message goes, once.
func TestNoticesGoOut(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		s, out := newServiceOut(t, e)
		p := participant(t, e)
		proxy := e.Subject(t, healthcare, healthConsents...)
		extended := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "access"})
		refused := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "transmission"})
		today := e.Clock.Now()
		mustFile(t, s, proxy, Filing{Service: healthcare, Subject: p.ID, Kind: "access", As: ByProxy, Verification: "idv_ok",
			Attorney: &Attorney{Kinds: []Kind{Access}, From: today, Until: today}})
		if _, err := s.Extend(ctx, theOfficer, extended.ID, "volume"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Answer(ctx, theOfficer, extended.ID, Outcome{}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Refuse(ctx, theOfficer, refused.ID, "law_forbids"); err != nil {
			t.Fatal(err)
		}

		out.notify.Faults.FailNext(1000) // the gateway is down: each try fails, and the jobs wait to be retried
		jobstest.Drain(t, s.cfg.Jobs)
		if got := out.notify.Inbox(); len(got) != 0 {
			t.Fatalf("delivered while the gateway was down: %d", len(got))
		}
		ns, err := s.Notices(ctx, p, healthcare)
		if err != nil || len(ns) != 4 {
			t.Fatalf("in the service: %+v, %v", ns, err)
		}
		out.notify.Faults.FailNext(0)
		e.Clock.Advance(time.Hour)
		jobstest.Drain(t, s.cfg.Jobs)
		e.Clock.Advance(time.Hour)
		jobstest.Drain(t, s.cfg.Jobs) // a retry more delivers nothing twice

		texts := out.notify.To(notify.SMS, "01000000001")
		if len(texts) != 4 {
			t.Fatalf("texts = %+v, want 4", texts)
		}
		joined := ""
		for _, m := range texts {
			joined += m.Body + "\n"
		}
		for _, want := range []string{"처리 기한을", "열람 요구를 처리하였습니다", "전송요구 요구를 처리할 수 없게 되어", "대리인이 회원님을 대신하여"} {
			if !strings.Contains(joined, want) {
				t.Errorf("no text says %q:\n%s", want, joined)
			}
		}
		for _, v := range []string{"김가상", "1950-01-01", "8123", p.ID} {
			if strings.Contains(joined, v) {
				t.Errorf("a text carries personal data %q", v)
			}
		}
		kinds := map[string]int{}
		for _, n := range ns {
			kinds[n.Kind]++
		}
		if kinds[NoticeResult] != 2 || kinds[NoticeExtension] != 1 || kinds[NoticeOnBehalf] != 1 {
			t.Fatalf("notice kinds = %v", kinds)
		}
		var ext resultNotice
		for _, n := range ns {
			if n.Kind == NoticeExtension {
				json.Unmarshal(n.Body, &ext)
			}
		}
		if ext.Request != extended.ID || ext.Reason != "volume" || ext.DueAt == nil || !ext.DueAt.After(extended.DueAt) {
			t.Fatalf("extension notice = %+v", ext)
		}
		// Each send read the mobile number through the gate, logged.
		reads := 0
		for _, en := range entriesAbout(t, e, p.ID) {
			if en.Handler == noticeSender.Handler() && en.Outcome == audit.Allowed && en.Purpose == "enrolment" {
				reads++
			}
		}
		if reads < 4 {
			t.Fatalf("%d logged reads of the contact, want one per send at least", reads)
		}
	})
}

// A 복지로 member is told by e-mail and text message, both from the
// membership record; a person whose contact the gate refuses (processing
// suspended) is told in the service only.
func TestNoticesByEmailAndNotWhenRefused(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		s, out := newServiceOut(t, e)
		m := e.Subject(t, "bokjiro", "purpose:membership")
		put := vault.Request{Actor: m, Service: "bokjiro", Purpose: "membership", Subject: m.ID, Action: vault.Input}
		if _, err := e.Vault.Put(ctx, put, "membership", map[string]string{"email": "member@example.invalid", "mobile": "010-0000-0002"}); err != nil {
			t.Fatal(err)
		}
		r := mustFile(t, s, m, Filing{Service: "bokjiro", Subject: m.ID, Kind: "access"})
		if _, err := s.Answer(ctx, theOfficer, r.ID, Outcome{}); err != nil {
			t.Fatal(err)
		}
		p := participant(t, e)
		if _, err := e.Vault.Suspend(ctx, vault.Request{Actor: carrier, Service: healthcare, Purpose: "enrolment", Subject: p.ID}); err != nil {
			t.Fatal(err)
		}
		q := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "access"})
		if _, err := s.Answer(ctx, theOfficer, q.ID, Outcome{}); err != nil {
			t.Fatal(err)
		}
		jobstest.Drain(t, s.cfg.Jobs)
		mail := out.notify.To(notify.Email, "member@example.invalid")
		if len(mail) != 1 || !strings.Contains(mail[0].Subject, "[복지로]") || len(out.notify.To(notify.SMS, "01000000002")) != 1 {
			t.Fatalf("inbox = %+v", out.notify.Inbox())
		}
		if got := out.notify.To(notify.SMS, "01000000001"); len(got) != 0 {
			t.Fatalf("texted a person whose processing is suspended: %+v", got)
		}
		if ns, err := s.Notices(ctx, p, healthcare); err != nil || len(ns) != 1 {
			t.Fatalf("in the service: %+v, %v", ns, err)
		}
	})
}
