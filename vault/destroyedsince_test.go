package vault

import (
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/errs/errstest"
)

// DestroyedSince names the subjects' purposes the vault destroyed records
// of from a time on (a shred, a single record's deletion), of one service
// only, and nothing of a second person whose data stayed; it is a system
// actor's alone.
func TestDestroyedSince(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		shredded, _ := e.weighed(t)
		deleted, record := e.weighed(t)
		kept, _ := e.weighed(t)
		before := e.clk.Now()
		e.clk.Advance(time.Hour)
		if _, err := e.v.Shred(ctx, healthReq(sysActor, shredded, Delete)); err != nil {
			t.Fatal(err)
		}
		e.clk.Advance(time.Hour)
		between := e.clk.Now()
		if err := e.v.Delete(ctx, healthReq(operator, deleted, Delete), record); err != nil {
			t.Fatal(err)
		}
		since := func(at time.Time, service string) []Emptied {
			t.Helper()
			got, err := e.v.DestroyedSince(ctx, Request{Actor: sysActor, Service: service}, at)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		want := []Emptied{{shredded, "health-service"}, {deleted, "health-service"}}
		if want[0].Subject > want[1].Subject {
			want[0], want[1] = want[1], want[0]
		}
		if got := since(before, seoulSvc); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("DestroyedSince = %+v, want %+v (and not %s, whose data stayed)", got, want, kept)
		}
		if got := since(between, seoulSvc); len(got) != 1 || got[0] != (Emptied{deleted, "health-service"}) {
			t.Fatalf("DestroyedSince a later time = %+v, want the deletion only", got)
		}
		if got := since(before, "bokjiro"); len(got) != 0 {
			t.Fatalf("another service's destructions = %+v", got)
		}
		for _, a := range []Actor{operator, self(shredded), {Kind: System, Source: "127.0.0.1"}} {
			_, err := e.v.DestroyedSince(ctx, Request{Actor: a, Service: seoulSvc}, before)
			errstest.Want(t, err, errs.Forbidden, ReasonRoleForbidden)
		}
		_, err := e.v.DestroyedSince(ctx, Request{Actor: sysActor, Service: seoulSvc}, time.Time{})
		errstest.Want(t, err, errs.Invalid, "")
	})
}
