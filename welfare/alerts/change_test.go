package alerts

import (
	"errors"
	"strings"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/partners/notify"
	"jikimi/vault/vaulttest"
)

// A child born since the last run, added to the family, is alerted as
// entering 영유아 at the next run, though the run had set the member aside
// until 본인's birthday; the situations given then are stored, and dropped
// again when a later change leaves them out.
func TestChangeFamilyAlertsNewborn(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite, embedded(t))
	sub := f.member(t)
	s := subscription()
	s.Family = s.Family[1:] // 본인 only
	if err := f.Subscribe(ctx, me(sub), sub, s); err != nil {
		t.Fatal(err)
	}
	f.env.Clock.Advance(24 * time.Hour)
	if stats, err := f.Run(ctx); err != nil || stats.Matched != 1 || stats.Alerted != 0 {
		t.Fatalf("run before the change %+v %v", stats, err)
	}
	f.env.Clock.Advance(24 * time.Hour)
	s.Family = append(s.Family, FamilyMember{Relation: "자녀", Name: "김가상아기", Birth: "2026-03-04", Sex: "남"})
	s.Situations, s.SituationsConsentText = &Situations{Family: []string{"저소득층"}}, "별도 동의 (가상)"
	if err := f.Change(ctx, me(sub), sub, s); err != nil {
		t.Fatal(err)
	}
	got, err := f.Family(ctx, me(sub), sub)
	if err != nil || len(got.Members) != 2 || got.Situations == nil || got.Situations.Family[0] != "저소득층" {
		t.Fatalf("family after the change %+v %v", got, err)
	}
	if stats, err := f.Run(ctx); err != nil || stats.Alerted != 1 {
		t.Fatalf("run %+v %v", stats, err)
	}
	f.runJobs(t)
	if mails := f.gw.To(notify.Email, memberEmail); len(mails) != 1 || !strings.Contains(mails[0].Body, "'영유아' 생애주기") {
		t.Fatalf("mails %+v", mails)
	}
	s.Situations = nil
	if err := f.Change(ctx, me(sub), sub, s); err != nil {
		t.Fatal(err)
	}
	if got, err := f.Family(ctx, me(sub), sub); err != nil || got.Situations != nil || len(got.Members) != 2 {
		t.Fatalf("family after dropping the situations %+v %v", got, err)
	}
}

func TestChangeRefusalsKeepTheFamily(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite, embedded(t))
	sub := f.member(t)
	bad := subscription()
	bad.Family[0].Birth = "2099-01-01"
	var e *errs.Error
	if err := f.Change(ctx, me(sub), sub, subscription()); !errors.As(err, &e) || e.Reason != "not_subscribed" {
		t.Fatalf("change before subscribing: %v", err)
	}
	if err := f.Subscribe(ctx, me(sub), sub, subscription()); err != nil {
		t.Fatal(err)
	}
	if err := f.Change(ctx, me(sub), sub, bad); !errors.As(err, &e) || e.Reason != "member_birth" {
		t.Fatalf("bad change: %v", err)
	}
	if got, err := f.Family(ctx, me(sub), sub); err != nil || len(got.Members) != 2 || got.Members[1].Birth != "2020-03-03" {
		t.Fatalf("the family changed on a refusal: %+v %v", got, err)
	}
}
