package vault

import (
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/policy"
)

// Keeping data past a "destroy at once" rule takes the subject's keep
// consent, in the ledger like any other; without it nothing is written;
// withdrawing it destroys what it kept, at once. Only a purpose that
// offers keeping takes such a consent.
func TestKeepConsent(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, err := e.v.NewSubject(ctx, Request{Actor: sysActor, Service: "bokjiro"})
		if err != nil {
			t.Fatal(err)
		}
		me := self(subject)
		r := Request{Actor: me, Service: "bokjiro", Purpose: "welfare-search", Subject: subject, Action: Input}
		month, _ := policy.ParsePeriod("1m")
		keep := Retain{Rule: "welfare-search", Keep: month}
		values := map[string]string{"name": "가상검색인", "income_info": "500000"}
		before := e.countRecords(t)
		_, err = e.v.PutRetained(ctx, r, keep, values)
		errstest.Want(t, err, errs.Forbidden, ReasonConsentMissing)
		if e.countRecords(t) != before {
			t.Fatal("kept without the keep consent")
		}
		give := func(scope string) error {
			_, err := e.v.Give(ctx, Request{Actor: me, Service: "bokjiro", Subject: subject}, Consent{Scope: scope, Channel: ChannelWeb, Text: "입력 정보를 1개월 보관하는 데 동의합니다."})
			return err
		}
		errstest.Want(t, give(KeepScope("membership")), errs.Invalid, "")
		if err := give(KeepScope("welfare-search")); err != nil {
			t.Fatal(err)
		}
		id, err := e.v.PutRetained(ctx, r, keep, values)
		if err != nil {
			t.Fatal(err)
		}
		if e.countRecords(t) != before+1 {
			t.Fatal("the kept search is not stored")
		}
		if err := e.v.Withdraw(ctx, Request{Actor: me, Service: "bokjiro", Subject: subject}, KeepScope("welfare-search")); err != nil {
			t.Fatal(err)
		}
		if e.countRecords(t) != before {
			t.Fatal("withdrawing the keep consent left the kept search")
		}
		read := r
		read.Action, read.Items = View, []string{"name"}
		if _, err := e.v.Get(ctx, read, id); errs.Code(err) != errs.NotFound {
			t.Fatalf("reading the destroyed search: %v", err)
		}
		_, err = e.v.PutRetained(ctx, r, keep, values)
		errstest.Want(t, err, errs.Forbidden, ReasonConsentWithdrawn)
	})
}

// A consent withdrawn and given again at the same instant is in force:
// the ledger's order by time cannot tell the two rows apart, but a
// withdrawal never leaves a later giving behind. (Eight subjects, since
// the rows' IDs, which break the tie, are random.)
func TestConsentGivenAgainAtTheSameInstant(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		for range 8 {
			subject := e.newSubject(t)
			e.consent(t, subject, "purpose:health-service", "sensitive:health-service")
			if err := e.v.Withdraw(ctx, Request{Actor: self(subject), Service: seoulSvc, Subject: subject}, "purpose:health-service"); err != nil {
				t.Fatal(err)
			}
			e.consent(t, subject, "purpose:health-service")
			if _, err := e.v.Put(ctx, healthReq(self(subject), subject, Input), "service", map[string]string{"steps": "1"}); err != nil {
				t.Fatalf("after giving the consent again: %v", err)
			}
		}
	})
}
