package cityinfo

import (
	"context"
	"strings"
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/jobs/jobstest"
	"jikimi/partners"
	"jikimi/partners/notify"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// sendFixture is a Targeting with its outbox and the SMS gateway's
// simulator on 127.0.0.1.
type sendFixture struct {
	e     *vaulttest.Env
	ti    *Targeting
	queue *jobs.Queue
	sms   *notify.Sim
}

func newSendFixture(t *testing.T, open vaulttest.Opener, start time.Time) *sendFixture {
	t.Helper()
	e := open(t, vaulttest.Config{Start: start})
	f := &sendFixture{e: e, sms: notify.NewSim(e.Ring.PublicKey(), e.Clock), queue: jobstest.New(t, e.SQL(), e.Clock)}
	lb, err := partners.Listen(f.sms)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lb.Close() })
	c := &partners.Client{Name: "notify", Base: lb.URL, Key: e.Ring.SigningKey(), Clock: e.Clock,
		Sleep: func(context.Context, time.Duration) error { return nil }}
	f.ti = &Targeting{SQL: e.SQL(), Vault: e.Vault, Policies: e.Policies, Clock: e.Clock, Jobs: f.queue,
		SMS: notify.Gateway{Channel: notify.SMS, Client: c}}
	jobs.Handle(f.queue, f.ti.Deliver)
	return f
}

// enrolReachable enrols a participant with their own mobile number.
func enrolReachable(t *testing.T, e *vaulttest.Env, born, district, mobile string) string {
	t.Helper()
	id := enrol(t, e, born, "F", district)
	req := vault.Request{Actor: self(id), Service: ServiceName, Purpose: "enrolment", Subject: id, Action: vault.Input}
	if _, err := e.Vault.Put(context.Background(), req, "enrolment", map[string]string{"mobile": mobile}); err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *sendFixture) senderEntries(t *testing.T, subject string) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	err := f.e.Log.OfSubject(context.Background(), subject, func(en audit.Entry) error {
		if en.Handler == "system:cityinfo-sender" || strings.Contains(en.Handler, "cityinfo-sender") {
			out = append(out, en)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Selected participants receive the city information by text message
// through the outbox; each number is read through the gate under city-info
// and logged. A consent given under 2024-03-04 does not cover the number
// the 2026-12-07 version adds: that participant is not reached until they
// opt in again; one who withdraws between the selection and the delivery
// is skipped; a role without city-info may not send.
func TestSendReachesTheSelectedThroughTheOutbox(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		ctx := context.Background()
		f := newSendFixture(t, open, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)) // 2024-03-04 in force
		early := enrolReachable(t, f.e, "1950-01-01", "서울특별시 마포구", "010-0000-0101")
		if err := f.ti.OptIn(ctx, self(early), early, vault.ChannelWeb); err != nil {
			t.Fatal(err)
		}
		f.e.Clock.Set(time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)) // 2026-12-07 in force
		late := enrolReachable(t, f.e, "1952-01-01", "서울특별시 마포구", "010-0000-0102")
		leaver := enrolReachable(t, f.e, "1953-01-01", "서울특별시 마포구", "010-0000-0103")
		elsewhere := enrolReachable(t, f.e, "1951-01-01", "서울특별시 종로구", "010-0000-0104")
		for _, id := range []string{late, leaver, elsewhere} {
			if err := f.ti.OptIn(ctx, self(id), id, vault.ChannelWeb); err != nil {
				t.Fatal(err)
			}
		}
		msg := Message{Title: "마포구 어르신 건강걷기 대회", Body: "12월 20일 월드컵공원에서 열립니다.\n참가 신청은 구청으로."}
		mapo := Criteria{District: "서울특별시 마포구", MinAge: 65}
		statistician := vault.Actor{Kind: vault.Staff, ID: "stf_stat", Role: "statistician", Source: "127.0.0.1"}
		if _, err := f.ti.Send(ctx, statistician, mapo, msg); errs.Code(err) != errs.Forbidden {
			t.Fatalf("a statistician sending: %v, want forbidden", err)
		}
		if _, err := f.ti.Send(ctx, operator, mapo, Message{Title: "제목", Body: "본문\x00"}); errs.Code(err) != errs.Invalid {
			t.Fatalf("a NUL in the body: %v, want invalid", err)
		}
		s, err := f.ti.Send(ctx, operator, mapo, msg)
		if err != nil || s.Recipients != 2 {
			t.Fatalf("Send = %+v, %v: want the two reachable 마포구 participants (not the one whose consent is outdated)", s, err)
		}
		if err := f.ti.OptOut(ctx, self(leaver), leaver); err != nil {
			t.Fatal(err)
		}
		jobstest.Drain(t, f.queue)
		got := f.sms.To(notify.SMS, "01000000102")
		if len(got) != 1 || !strings.Contains(got[0].Body, "건강걷기 대회") || !strings.Contains(got[0].Body, "월드컵공원") {
			t.Fatalf("texts to the participant: %+v (inbox %+v)", got, f.sms.Inbox())
		}
		if n := len(f.sms.Inbox()); n != 1 {
			t.Fatalf("%d texts sent, want 1: %+v", n, f.sms.Inbox())
		}
		if es := f.senderEntries(t, late); len(es) != 1 || es[0].Purpose != Purpose || es[0].Outcome != audit.Allowed {
			t.Fatalf("the send's access-log entries for the recipient: %+v", es)
		}
		if es := f.senderEntries(t, leaver); len(es) != 1 || es[0].Outcome != audit.Denied {
			t.Fatalf("the withdrawn participant's entries: %+v, want one refused read", es)
		}
		if st, err := f.ti.SendOf(ctx, operator, s.ID); err != nil || st.Delivered != 1 || st.Skipped != 1 {
			t.Fatalf("SendOf = %+v, %v", st, err)
		}
		// The early participant opts in again under the version in force: the number is copied, and
		// the next send reaches them.
		if err := f.ti.OptIn(ctx, self(early), early, vault.ChannelWeb); err != nil {
			t.Fatal(err)
		}
		if s, err = f.ti.Send(ctx, operator, mapo, msg); err != nil || s.Recipients != 2 {
			t.Fatalf("second Send = %+v, %v", s, err)
		}
		jobstest.Drain(t, f.queue)
		if got := f.sms.To(notify.SMS, "01000000101"); len(got) != 1 {
			t.Fatalf("texts to the participant who opted in again: %+v", f.sms.Inbox())
		}
		if got := f.sms.To(notify.SMS, "01000000104"); len(got) != 0 {
			t.Fatalf("a participant outside the selection got %+v", got)
		}
		if _, err := f.ti.SendOf(ctx, operator, "cis_nope"); errs.Code(err) != errs.NotFound {
			t.Fatalf("an unknown send: %v", err)
		}
		f.e.Clock.Advance(time.Minute)
		latest, err := f.ti.Send(ctx, operator, Criteria{District: "서울특별시 종로구"}, msg)
		if err != nil {
			t.Fatal(err)
		}
		if list, err := f.ti.Sends(ctx, operator, 2); err != nil || len(list) != 2 || list[0].ID != latest.ID || list[0].Recipients != 1 ||
			list[1].Recipients != 2 || list[1].Criteria != mapo {
			t.Fatalf("Sends = %+v, %v: want the latest two, newest first", list, err)
		}
		if _, err := f.ti.Sends(ctx, statistician, 2); errs.Code(err) != errs.Forbidden {
			t.Fatalf("a statistician listing the sends: %v", err)
		}
		if _, err := f.ti.Sends(ctx, operator, 0); errs.Code(err) != errs.Invalid {
			t.Fatalf("a limit of 0: %v", err)
		}
	})
}
