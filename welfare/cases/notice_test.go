package cases

import (
	"maps"
	"strings"
	"testing"

	"jikimi/jobs/jobstest"
	"jikimi/partners/notify"
	"jikimi/vault/vaulttest"
)

// The result notice is actually sent: once the caseworker records the
// outcome, the outbox e-mails and texts the applicant at the contact the
// application gave, and no one else.
func TestResultNoticeSent(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.citizen(t)
		items := maps.Clone(complete)
		items["email"], items["phone"] = "applicant@example.invalid", "010-0000-0011"
		cs, err := f.c.Draft(ctx, me, "WLF00001188", items)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.c.Submit(ctx, me, cs.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.c.StartReview(ctx, staffCW, cs.ID); err != nil {
			t.Fatal(err)
		}
		jobstest.Drain(t, f.queue)
		if len(f.mail.Inbox()) != 0 {
			t.Fatal("a notice went out before the result")
		}
		if _, err := f.c.Notify(ctx, staffCW, cs.ID, "rejected"); err != nil {
			t.Fatal(err)
		}
		jobstest.Drain(t, f.queue)
		mails, texts := f.mail.To(notify.Email, "applicant@example.invalid"), f.mail.To(notify.SMS, "01000000011")
		if len(mails) != 1 || len(texts) != 1 || !strings.Contains(mails[0].Body, "미승인") || len(f.mail.Inbox()) != 2 {
			t.Fatalf("notices %+v", f.mail.Inbox())
		}
	})
}
