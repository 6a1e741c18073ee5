package vault

import (
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
)

// Holdings names a subject's records of one service — IDs, purposes, rules
// and cases, never values — and only to a system actor.
func TestHoldings(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, record := e.weighed(t)
		other, _ := e.weighed(t)
		got, err := e.v.Holdings(ctx, Request{Actor: sysActor, Service: seoulSvc, Subject: subject})
		if err != nil || len(got) != 1 || got[0] != (Holding{ID: record, Purpose: "health-service", Rule: "service"}) {
			t.Fatalf("Holdings = %+v, %v", got, err)
		}
		if got, err := e.v.Holdings(ctx, Request{Actor: sysActor, Service: "bokjiro", Subject: subject}); err != nil || len(got) != 0 {
			t.Fatalf("another service's holdings = %+v, %v", got, err)
		}
		if got, _ := e.v.Holdings(ctx, Request{Actor: sysActor, Service: seoulSvc, Subject: other}); len(got) != 1 || got[0].ID == record {
			t.Fatalf("another subject's holdings = %+v", got)
		}
		for _, a := range []Actor{operator, self(subject), {Kind: System, Source: "127.0.0.1"}} {
			_, err := e.v.Holdings(ctx, Request{Actor: a, Service: seoulSvc, Subject: subject})
			errstest.Want(t, err, errs.Forbidden, ReasonRoleForbidden)
		}
		_, err = e.v.Holdings(ctx, Request{Actor: sysActor, Service: seoulSvc, Subject: ""})
		errstest.Want(t, err, errs.Invalid, "")
	})
}
