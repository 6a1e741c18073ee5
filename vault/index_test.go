package vault

import (
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
)

// A login name belongs to one subject per service and purpose, whatever
// the services check first: a second subject indexing it is a conflict and
// leaves no index row; the same subject indexing it again is a no-op; other
// kinds (a CI shared by records) stay non-unique.
func TestLoginIndexUnique(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		index := func(subject, purpose, item, kind, value string) error {
			r := Request{Actor: sysActor, Service: seoulSvc, Purpose: purpose, Subject: subject, Items: []string{item}, Action: Input}
			return e.v.Index(ctx, r, kind, value)
		}
		first, second := e.newSubject(t), e.newSubject(t)
		e.consent(t, first, "purpose:enrolment", "purpose:duplicate-prevention")
		e.consent(t, second, "purpose:enrolment", "purpose:duplicate-prevention")
		if err := index(first, "enrolment", "account", IndexLogin, "demo01"); err != nil {
			t.Fatal(err)
		}
		if err := index(first, "enrolment", "account", IndexLogin, "DEMO01"); err != nil {
			t.Fatalf("the same subject again: %v", err)
		}
		errstest.Want(t, index(second, "enrolment", "account", IndexLogin, "Demo01"), errs.Conflict, ReasonLoginTaken)
		found, err := e.v.Lookup(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "enrolment"}, IndexLogin, "demo01")
		if err != nil || len(found) != 1 || found[0] != first {
			t.Fatalf("after the refused index: %v, %v", found, err)
		}
		if err := index(second, "duplicate-prevention", "account", IndexLogin, "demo01"); err != nil {
			t.Fatalf("another purpose: %v", err)
		}
		for _, s := range []string{first, second} {
			if err := index(s, "duplicate-prevention", "ci", IndexCI, syntheticCI('C')); err != nil {
				t.Fatalf("a CI on two subjects: %v", err)
			}
		}
	})
}

// A staff member who chose a purpose looks subjects up for that purpose
// only, saying why (the log keeps the reason): a look-up for another
// purpose their role may use is refused with its own reason, and one
// without a reason is refused before anything is read.
func TestLookupKeepsToTheChosenPurpose(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		s := e.newSubject(t)
		e.consent(t, s, "purpose:enrolment", "purpose:duplicate-prevention")
		r := Request{Actor: sysActor, Service: seoulSvc, Purpose: "enrolment", Subject: s, Items: []string{"account"}, Action: Input}
		if err := e.v.Index(ctx, r, IndexLogin, "demo01"); err != nil {
			t.Fatal(err)
		}
		operator := Actor{Kind: Staff, ID: "stf_op", Role: "health-operator", Source: "127.0.0.1"}
		operator.Purpose = Chosen{seoulSvc, "enrolment"}
		search := Request{Actor: operator, Service: seoulSvc, Purpose: "enrolment", Reason: "가상 사유: 중복 신청 확인"}
		if found, err := e.v.Lookup(ctx, search, IndexLogin, "demo01"); err != nil || len(found) != 1 {
			t.Fatalf("the chosen purpose: %v, %v", found, err)
		}
		last, err := e.log.Last(ctx)
		if err != nil || last.DownloadReason != search.Reason || last.Subject != "" || last.Records != 1 {
			t.Fatalf("the search's log entry: %+v, %v", last, err)
		}
		_, err = e.v.Lookup(ctx, Request{Actor: operator, Service: seoulSvc, Purpose: "enrolment", Reason: " "}, IndexLogin, "demo01")
		errstest.Want(t, err, errs.Invalid, "search_reason_required")
		operator.Purpose = Chosen{seoulSvc, "watch-delivery"}
		search.Actor = operator
		_, err = e.v.Lookup(ctx, search, IndexLogin, "demo01")
		errstest.Want(t, err, errs.Forbidden, ReasonPurposeNotChosen)
	})
}

// A changed identifier is re-indexed with its record, in one transaction:
// the new value finds the subject, the old one no longer does, a login
// name is refused, and another subject's record is not the caller's to
// change (denied; its index untouched).
func TestUpdateIndexedReplacesTheIndex(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		me, other := e.newSubject(t), e.newSubject(t)
		e.consent(t, me, "purpose:enrolment")
		e.consent(t, other, "purpose:enrolment")
		put := func(s, mobile string) string {
			self := Actor{Kind: Subject, ID: s, Source: "127.0.0.1"}
			r := Request{Actor: self, Service: seoulSvc, Purpose: "enrolment", Subject: s, Action: Input}
			id, err := e.v.Put(ctx, r, "enrolment", map[string]string{"mobile": mobile, "name": "김가상"})
			if err != nil {
				t.Fatal(err)
			}
			r.Items = []string{"mobile"}
			if err := e.v.Index(ctx, r, IndexMobile, mobile); err != nil {
				t.Fatal(err)
			}
			return id
		}
		mine, theirs := put(me, "01000000001"), put(other, "01000000002")
		find := func(mobile string) []string {
			found, err := e.v.Lookup(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "enrolment"}, IndexMobile, mobile)
			if err != nil {
				t.Fatal(err)
			}
			return found
		}
		self := Actor{Kind: Subject, ID: me, Source: "127.0.0.1"}
		r := Request{Actor: self, Service: seoulSvc, Purpose: "enrolment", Subject: me, Action: Change}
		if err := e.v.UpdateIndexed(ctx, r, mine, map[string]string{"mobile": "01000000003"}, map[string]string{"mobile": IndexMobile}); err != nil {
			t.Fatal(err)
		}
		if got := find("01000000003"); len(got) != 1 || got[0] != me {
			t.Fatalf("the new number finds %v", got)
		}
		if got := find("01000000001"); len(got) != 0 {
			t.Fatalf("the old number still finds %v", got)
		}
		err := e.v.UpdateIndexed(ctx, r, mine, map[string]string{"account": "x"}, map[string]string{"account": IndexLogin})
		if errs.Code(err) != errs.Invalid {
			t.Fatalf("re-indexing a login name: %v", err)
		}
		r.Subject = other
		if err := e.v.UpdateIndexed(ctx, r, theirs, map[string]string{"mobile": "01000000009"}, map[string]string{"mobile": IndexMobile}); errs.Code(err) != errs.Forbidden && errs.Code(err) != errs.NotFound {
			t.Fatalf("changing another subject's number: %v", err)
		}
		if got := find("01000000002"); len(got) != 1 || got[0] != other {
			t.Fatalf("the other subject's number finds %v", got)
		}
		if got := find("01000000009"); len(got) != 0 {
			t.Fatalf("the refused change was indexed: %v", got)
		}
	})
}
