package alerts

import (
	"strings"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/partners/notify"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// The alerts a member received are listed to them, on SQLite and
// PostgreSQL: nothing before an alert is delivered; after it, one entry
// whose lines are the mail's; not to another member (not found, nothing
// read); and the list goes with the member's 복지알림이 data when it is
// destroyed.
func TestReceivedAlerts(t *testing.T) {
	t.Parallel()
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open, embedded(t))
		sub := f.alertDue(t, f.sms)
		if got, err := f.Received(ctx, me(sub), sub); err != nil || len(got) != 0 {
			t.Fatalf("before sending: %+v %v", got, err)
		}
		f.runJobs(t)
		mails := f.gw.To(notify.Email, memberEmail)
		if len(mails) != 1 {
			t.Fatalf("%d mails", len(mails))
		}
		got, err := f.Received(ctx, me(sub), sub)
		if err != nil || len(got) != 1 || len(got[0].Lines) == 0 || got[0].Items != len(got[0].Lines) {
			t.Fatalf("received %+v %v", got, err)
		}
		for _, line := range got[0].Lines {
			if !strings.Contains(mails[0].Body, "- "+line+"\n") {
				t.Fatalf("the list says %q, the mail did not:\n%s", line, mails[0].Body)
			}
		}
		if !got[0].At.Equal(f.env.Clock.Now().Truncate(time.Microsecond)) {
			t.Fatalf("received at %v, now %v", got[0].At, f.env.Clock.Now())
		}
		other := f.member(t)
		if err := f.Subscribe(ctx, me(other), other, subscription()); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Received(ctx, me(other), sub); errs.Code(err) != errs.NotFound {
			t.Fatalf("another member's list: %v", err)
		}
		sys := vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}
		if _, err := f.env.Vault.ShredSubject(ctx, vault.Request{Actor: sys, Service: ServiceName, Subject: sub}); err != nil {
			t.Fatal(err)
		}
		if n := f.env.Count(t, `SELECT COUNT(*) FROM bokjiro_alerts_sent WHERE subject_id = ?`, sub); n != 0 {
			t.Fatalf("%d alerts sent kept after the member's data was destroyed", n)
		}
	})
}

// A retried alert is noted once, and only once it was delivered.
func TestReceivedNotedOnceDelivered(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite, embedded(t))
	sub := f.alertDue(t, &flaky{next: f.sms, n: 1, err: errs.E(errs.Unavailable, "sms gateway down")})
	f.runJobs(t)
	if n := f.env.Count(t, `SELECT COUNT(*) FROM bokjiro_alerts_sent WHERE subject_id = ?`, sub); n != 0 {
		t.Fatalf("%d noted before the text was sent", n)
	}
	f.env.Clock.Advance(time.Hour)
	f.runJobs(t)
	if got, err := f.Received(ctx, me(sub), sub); err != nil || len(got) != 1 {
		t.Fatalf("after the retry: %+v %v", got, err)
	}
}
