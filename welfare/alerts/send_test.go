package alerts

import (
	"context"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/partners/notify"
	"jikimi/vault/vaulttest"
)

// flaky fails its first n sends with err, then passes them on.
type flaky struct {
	next notify.Sender
	n    int
	err  error
}

func (f *flaky) Send(ctx context.Context, key string, m notify.Message) error {
	if f.n > 0 {
		f.n--
		return f.err
	}
	return f.next.Send(ctx, key, m)
}

func (f *fixture) alertDue(t *testing.T, sms notify.Sender) string {
	t.Helper()
	sub := f.subscriber(t)
	f.env.Clock.Advance(24 * time.Hour)
	f.cfg.SMS = sms
	if stats, err := f.Run(ctx); err != nil || stats.Alerted != 1 {
		t.Fatalf("run %+v %v", stats, err)
	}
	return sub
}

// The SMS gateway is down at the first try: the job runs again later, and
// the e-mail already sent is not sent twice (same idempotency key).
func TestRetriedAlertSendsEachMessageOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite, embedded(t))
	f.alertDue(t, &flaky{next: f.sms, n: 1, err: errs.E(errs.Unavailable, "sms gateway down")})
	f.runJobs(t)
	if len(f.gw.To(notify.Email, memberEmail)) != 1 || len(f.gw.To(notify.SMS, memberMobile)) != 0 {
		t.Fatalf("after the failed try: %+v", f.gw.Inbox())
	}
	f.env.Clock.Advance(time.Hour)
	f.runJobs(t)
	if len(f.gw.To(notify.Email, memberEmail)) != 1 || len(f.gw.To(notify.SMS, memberMobile)) != 1 {
		t.Fatalf("after the retry: %+v", f.gw.Inbox())
	}
}

// A refusal no retry can fix ends the job at once.
func TestRefusedAlertDies(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite, embedded(t))
	f.alertDue(t, &flaky{next: f.sms, n: 1, err: errs.E(errs.Invalid, "sms gateway refused")})
	f.runJobs(t)
	if n := f.env.Count(t, `SELECT COUNT(*) FROM river_job WHERE kind = ? AND state = 'cancelled'`, JobKind); n != 1 {
		t.Fatalf("%d cancelled alert jobs, want 1", n)
	}
}
