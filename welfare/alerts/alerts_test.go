package alerts

import (
	"errors"
	"strings"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/partners/notify"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// The fixture's day is 2026-03-02 in Seoul; the child turns 6 (영유아 →
// 아동) on 2026-03-03.
func family() []FamilyMember {
	return []FamilyMember{
		{Relation: "자녀", Name: "김가상아이", Birth: "2020-03-03", Sex: "여"},
		{Relation: "본인", Name: "김가상", Birth: "1985-06-15", Sex: "남"},
	}
}

func subscription() Subscription {
	return Subscription{Family: family(), ConsentText: "복지알림이 수집·이용 동의 (가상)"}
}

func TestSubscribeAndReadBack(t *testing.T) {
	t.Parallel()
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open, embedded(t))
		sub := f.member(t)
		s := subscription()
		s.Situations = &Situations{Family: []string{"한부모"}, Personal: []string{"장애인"}, Interests: []string{"보호(돌봄, 요양)지원"}}
		s.SituationsConsentText = "선택 항목(민감정보 포함) 별도 동의 (가상)"
		if err := f.Subscribe(ctx, me(sub), sub, s); err != nil {
			t.Fatal(err)
		}
		got, err := f.Family(ctx, me(sub), sub)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Members) != 2 || got.Members[0].Relation != "본인" || got.Members[1].Name != "김가상아이" {
			t.Fatalf("members %+v", got.Members)
		}
		if got.Situations == nil || got.Situations.Interests[0] != "보호(돌봄, 요양)지원" || got.Situations.Personal[0] != "장애인" {
			t.Fatalf("situations %+v", got.Situations)
		}
		var e *errs.Error
		if err := f.Subscribe(ctx, me(sub), sub, subscription()); !errors.As(err, &e) || e.Reason != "already_subscribed" {
			t.Fatalf("second subscription: %v", err)
		}
		// Matched from today: the same day's run has nothing to say.
		if stats, err := f.Run(ctx); err != nil || stats.Matched != 0 {
			t.Fatalf("same-day run %+v %v", stats, err)
		}
	})
}

func TestStageEnteredAlertsOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite, embedded(t))
	f.subscriber(t)
	f.env.Clock.Advance(24 * time.Hour)
	stats, err := f.Run(ctx)
	if err != nil || stats.Matched != 1 || stats.Alerted != 1 {
		t.Fatalf("run %+v %v", stats, err)
	}
	f.gw.Faults.DropAfterNext(1) // the e-mail is delivered, its answer lost: the job retries
	f.runJobs(t)
	f.env.Clock.Advance(time.Hour)
	f.runJobs(t)
	mails, texts := f.gw.To(notify.Email, memberEmail), f.gw.To(notify.SMS, memberMobile)
	if len(mails) != 1 || len(texts) != 1 {
		t.Fatalf("delivered %d mails and %d texts, want one each", len(mails), len(texts))
	}
	if !strings.Contains(mails[0].Body, "가족구성원(자녀)이 '아동' 생애주기에 들어섰습니다") {
		t.Fatalf("mail body:\n%s", mails[0].Body)
	}
	for _, m := range append(mails, texts...) {
		if strings.Contains(m.Body, "김가상") || strings.Contains(m.Body, "2020") {
			t.Fatal("an alert names a family member or a birth date")
		}
	}
	queued, err := f.queue.List(ctx, 100)
	if err != nil || len(queued) == 0 {
		t.Fatalf("%d jobs, %v", len(queued), err)
	}
	for _, j := range queued {
		if strings.Contains(string(j.EncodedArgs), "2020") || strings.Contains(string(j.EncodedArgs), "WLF") {
			t.Fatalf("a job's arguments hold a birth date or a service: %s", j.EncodedArgs)
		}
	}
	// Nothing new since: later runs send nothing again.
	for range 2 {
		f.env.Clock.Advance(24 * time.Hour)
		if stats, err := f.Run(ctx); err != nil || stats.Alerted != 0 {
			t.Fatalf("later run %+v %v", stats, err)
		}
	}
	f.runJobs(t)
	if len(f.gw.Inbox()) != 2 {
		t.Fatalf("%d messages after later runs, want still 2", len(f.gw.Inbox()))
	}
}

func TestNewCatalogueServicesAlert(t *testing.T) {
	t.Parallel()
	full := embedded(t)
	old := older(t, full)
	f := newFixture(t, vaulttest.SQLite, old)
	sub := f.member(t)
	s := subscription()
	s.Family = []FamilyMember{{Relation: "본인", Name: "박가상", Birth: "1950-01-01", Sex: "여"}}
	if err := f.Subscribe(ctx, me(sub), sub, s); err != nil {
		t.Fatal(err)
	}
	f.reopen(t, full, old) // a release with the new snapshot, the same day
	stats, err := f.Run(ctx)
	if err != nil || stats.Alerted != 1 {
		t.Fatalf("run %+v %v", stats, err)
	}
	f.runJobs(t)
	mails := f.gw.To(notify.Email, memberEmail)
	if len(mails) != 1 || !strings.Contains(mails[0].Body, "새로 받을 수 있는 복지서비스") || !strings.Contains(mails[0].Body, "노년(006): 본인 #0") {
		t.Fatalf("mails %+v", mails)
	}
	if stats, err := f.Run(ctx); err != nil || stats.Matched != 0 {
		t.Fatalf("a second run the same day matched again: %+v %v", stats, err)
	}
}

func TestUnsubscribeRecordsEventAndStops(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite, embedded(t))
	sub := f.subscriber(t)
	f.env.Clock.Advance(24 * time.Hour)
	if _, err := f.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if f.env.Count(t, `SELECT COUNT(*) FROM pd_records WHERE subject_id = ? AND purpose = ? AND due_at IS NULL`, sub, PurposeFamily) != 2 {
		t.Fatal("a subscription's records should wait for the unsubscription, with no due date")
	}
	if err := f.Unsubscribe(ctx, me(sub), sub); err != nil {
		t.Fatal(err)
	}
	if n := f.env.Count(t, `SELECT COUNT(*) FROM pd_records WHERE subject_id = ? AND purpose = ? AND due_at IS NOT NULL`, sub, PurposeFamily); n != 2 {
		t.Fatalf("%d records dated by the unsubscription, want 2", n)
	}
	if f.env.Count(t, `SELECT COUNT(*) FROM bokjiro_alert_state`) != 0 {
		t.Fatal("the run still knows the subscriber")
	}
	f.runJobs(t) // the alert enqueued before the unsubscription
	if len(f.gw.Inbox()) != 0 {
		t.Fatal("an alert went out after the unsubscription")
	}
	var e *errs.Error
	if err := f.Unsubscribe(ctx, me(sub), sub); !errors.As(err, &e) || e.Reason != "not_subscribed" {
		t.Fatalf("second unsubscription: %v", err)
	}
	if err := f.Subscribe(ctx, me(sub), sub, subscription()); err != nil {
		t.Fatalf("cannot subscribe again: %v", err)
	}
}

func TestBadSubscriptionsWriteNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite, embedded(t))
	sub := f.member(t)
	stranger := func() string {
		id, err := f.env.Vault.NewSubject(ctx, vault.Request{Actor: me("x"), Service: ServiceName})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}()
	records, consents := f.env.Count(t, `SELECT COUNT(*) FROM pd_records`), f.env.Count(t, `SELECT COUNT(*) FROM pd_consents`)
	edit := func(fn func(*Subscription)) Subscription { s := subscription(); fn(&s); return s }
	tests := []struct {
		name, subject, reason string
		sub                   Subscription
	}{
		{"no 본인", sub, "self_count", edit(func(s *Subscription) { s.Family = s.Family[:1] })},
		{"unknown relation", sub, "member_relation", edit(func(s *Subscription) { s.Family[0].Relation = "이웃" })},
		{"blank name", sub, "member_name", edit(func(s *Subscription) { s.Family[0].Name = " " })},
		{"bad birth date", sub, "member_birth", edit(func(s *Subscription) { s.Family[0].Birth = "2020-02-30" })},
		{"born tomorrow", sub, "member_birth", edit(func(s *Subscription) { s.Family[0].Birth = "2026-03-03" })},
		{"unknown sex", sub, "member_sex", edit(func(s *Subscription) { s.Family[0].Sex = "X" })},
		{"unknown interest", sub, "interest", edit(func(s *Subscription) {
			s.Situations, s.SituationsConsentText = &Situations{Interests: []string{"여행"}}, "동의"
		})},
		{"situations without their consent", sub, "consent_text_missing", edit(func(s *Subscription) {
			s.Situations = &Situations{Family: []string{"저소득층"}}
		})},
		{"not a member", stranger, "not_a_member", subscription()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := f.Subscribe(ctx, me(tc.subject), tc.subject, tc.sub)
			var e *errs.Error
			if !errors.As(err, &e) || e.Reason != tc.reason || e.Message == "" {
				t.Fatalf("err = %v, want reason %s", err, tc.reason)
			}
			if f.env.Count(t, `SELECT COUNT(*) FROM pd_records`) != records || f.env.Count(t, `SELECT COUNT(*) FROM pd_consents`) != consents ||
				f.env.Count(t, `SELECT COUNT(*) FROM bokjiro_alert_state`) != 0 {
				t.Fatal("a refused subscription wrote something")
			}
		})
	}
}

// Subscribing again before the destruction run has taken the ended
// subscription's records: the family is the new one alone, and the run
// matches the member (the old records no longer count).
func TestResubscribeBeforeDestruction(t *testing.T) {
	t.Parallel()
	f := newFixture(t, vaulttest.SQLite, embedded(t))
	sub := f.subscriber(t)
	if err := f.Unsubscribe(ctx, me(sub), sub); err != nil {
		t.Fatal(err)
	}
	if err := f.Subscribe(ctx, me(sub), sub, subscription()); err != nil {
		t.Fatal(err)
	}
	fam, err := f.Family(ctx, me(sub), sub)
	if err != nil {
		t.Fatal(err)
	}
	if len(fam.Members) != len(subscription().Family) {
		t.Fatalf("%d family members after subscribing again, want %d", len(fam.Members), len(subscription().Family))
	}
	f.env.Clock.Advance(24 * time.Hour)
	stats, err := f.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Matched != 1 {
		t.Fatalf("run %+v, want the member matched", stats)
	}
}
