package vault

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/errs/errstest"
)

var device = Actor{Kind: Device, ID: "dev_test", Source: "127.0.0.1"}

// add is a Merge that adds n to the item steps.
func add(key string, n int) Merge {
	return Merge{Key: key, Apply: func(old map[string]string) (map[string]string, error) {
		sum, _ := strconv.Atoi(old["steps"])
		return map[string]string{"steps": strconv.Itoa(sum + n)}, nil
	}}
}

// A keyed record is created once and added to after: one record per key,
// one access-log entry per batch, a device may do it (input only).
func TestMergeManyCreatesThenAdds(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, _ := e.weighed(t)
		before, head := e.countRecords(t), e.headSeq(t)
		r := healthReq(device, subject, Input, "steps")
		if err := e.v.MergeMany(ctx, r, "service", []Merge{add("day/1", 100), add("day/2", 5), add("day/1", 20)}); err != nil {
			t.Fatal(err)
		}
		if err := e.v.MergeMany(ctx, r, "service", []Merge{add("day/1", 3)}); err != nil {
			t.Fatal(err)
		}
		weighing := Merge{Key: "day/1", Apply: func(old map[string]string) (map[string]string, error) {
			old["weight"] = "70"
			return old, nil
		}}
		if err := e.v.MergeMany(ctx, healthReq(device, subject, Input, "weight"), "service", []Merge{weighing}); err != nil {
			t.Fatalf("an unchanged item carried over: %v", err)
		}
		if got := e.countRecords(t) - before; got != 2 {
			t.Fatalf("%d records for 2 keys", got)
		}
		if got := e.headSeq(t) - head; got != 3 {
			t.Fatalf("%d log entries for 3 batches", got)
		}
		rec, err := e.v.Get(ctx, healthReq(operator, subject, View, "steps"), KeyedID(subject, "health-service", "day/1"))
		if err != nil || rec.Values["steps"] != "123" {
			t.Fatalf("day/1 = %v, %v; want 123", rec, err)
		}
	})
}

// Bad merges and denials write nothing.
func TestMergeManyAllOrNothing(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, _ := e.weighed(t)
		boom := errors.New("boom")
		failing := Merge{Key: "x", Apply: func(map[string]string) (map[string]string, error) { return nil, boom }}
		undeclared := Merge{Key: "a", Apply: func(map[string]string) (map[string]string, error) {
			return map[string]string{"weight": "70", "steps": "1"}, nil
		}}
		bare := e.newSubject(t)
		before := e.countRecords(t)
		cases := []struct {
			name          string
			r             Request
			merges        []Merge
			code, reason  string
			wantErrIsBoom bool
		}{
			{"apply fails", healthReq(device, subject, Input, "steps"), []Merge{add("a", 1), failing}, "", "", true},
			{"item not named", healthReq(device, subject, Input, "steps"), []Merge{add("a", 1), undeclared}, errs.Invalid, "", false},
			{"no items", healthReq(device, subject, Input), []Merge{add("a", 1)}, errs.Invalid, "", false},
			{"not input", healthReq(device, subject, Change, "steps"), []Merge{add("a", 1)}, errs.Invalid, "", false},
			{"no consent", healthReq(device, bare, Input, "steps"), []Merge{add("a", 1)}, errs.Forbidden, ReasonConsentMissing, false},
		}
		for _, c := range cases {
			err := e.v.MergeMany(ctx, c.r, "service", c.merges)
			if c.wantErrIsBoom {
				if !errors.Is(err, boom) {
					t.Fatalf("%s: %v", c.name, err)
				}
			} else {
				errstest.Want(t, err, c.code, c.reason)
			}
			if e.countRecords(t) != before {
				t.Fatalf("%s: records were written", c.name)
			}
		}
	})
}

// A record changed since it was read is not overwritten.
func TestMergeManyRefusesAStaleRecord(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, _ := e.weighed(t)
		r := healthReq(device, subject, Input, "steps")
		if err := e.v.MergeMany(ctx, r, "service", []Merge{add("k", 1)}); err != nil {
			t.Fatal(err)
		}
		id := KeyedID(subject, "health-service", "k")
		err := e.v.do(ctx, r, func(tx *txn) (int, error) {
			old, err := e.v.loadSealed(ctx, tx, r, id)
			if err != nil {
				return 0, err
			}
			if _, err := tx.tx.ExecContext(ctx, `UPDATE pd_records SET sealed = ? WHERE id = ?`, []byte("other writer"), id); err != nil {
				return 0, err
			}
			return 1, e.v.updateKeyed(ctx, tx, old, r, map[string]string{"steps": "2"})
		})
		errstest.Want(t, err, errs.Conflict, ReasonConcurrentWrite)
		rec, err := e.v.Get(ctx, healthReq(operator, subject, View, "steps"), id)
		if err != nil || rec.Values["steps"] != "1" {
			t.Fatalf("after a refused merge: %v, %v", rec, err)
		}
	})
}

// A data key stored meanwhile by another first write of the purpose is a
// conflict to retry, not an internal error.
func TestNewDataKeyRaceIsAConflict(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.newSubject(t)
		e.consent(t, subject, "purpose:health-service", "sensitive:health-service")
		r := healthReq(device, subject, Input, "steps")
		err := e.v.do(ctx, r, func(tx *txn) (int, error) {
			if _, err := e.v.newDataKey(ctx, tx.tx, subject, "health-service", []byte("other writer")); err != nil {
				return 0, err
			}
			_, err := e.v.newDataKey(ctx, tx.tx, subject, "health-service", []byte("this writer"))
			return 0, err
		})
		errstest.Want(t, err, errs.Conflict, ReasonConcurrentWrite)
	})
}

// A merge that changes nothing leaves the row as it was (a batch sent
// again), and the log entry counts no record.
func TestMergeManyUnchangedWritesNothing(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, _ := e.weighed(t)
		r := healthReq(device, subject, Input, "steps")
		if err := e.v.MergeMany(ctx, r, "service", []Merge{add("k", 5)}); err != nil {
			t.Fatal(err)
		}
		row := func() (sealed []byte, updated int64) {
			err := e.st.SQL().Reader().QueryRowContext(ctx, `SELECT sealed, updated_at FROM pd_records WHERE id = ?`,
				KeyedID(subject, "health-service", "k")).Scan(&sealed, &updated)
			if err != nil {
				t.Fatal(err)
			}
			return sealed, updated
		}
		sealed, updated := row()
		e.clk.Advance(time.Hour)
		if err := e.v.MergeMany(ctx, r, "service", []Merge{add("k", 0)}); err != nil {
			t.Fatal(err)
		}
		if s2, u2 := row(); !bytes.Equal(s2, sealed) || u2 != updated {
			t.Fatal("an unchanged merge rewrote the record")
		}
		last, err := e.log.Last(ctx)
		if err != nil || last.Records != 0 {
			t.Fatalf("log entry counts %d records, want 0 (%v)", last.Records, err)
		}
	})
}

// KeyedHeld says which subjects hold a day's keyed record — without a read
// or a log entry — only to a system actor, and never of another purpose,
// another service or another day.
func TestKeyedHeld(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		with, _ := e.weighed(t)
		without, _ := e.weighed(t)
		other, _ := e.weighed(t)
		for _, m := range []struct{ subject, key string }{{with, "day/1"}, {other, "day/2"}} {
			if err := e.v.MergeMany(ctx, healthReq(device, m.subject, Input, "steps"), "service", []Merge{add(m.key, 1)}); err != nil {
				t.Fatal(err)
			}
		}
		head := e.headSeq(t)
		r := Request{Actor: sysActor, Service: seoulSvc, Purpose: "health-service"}
		subjects := []string{without, with, other, "sub_nobody"}
		got, err := e.v.KeyedHeld(ctx, r, "day/1", subjects)
		if err != nil || !slices.Equal(got, []bool{false, true, false, false}) {
			t.Fatalf("KeyedHeld(day/1) = %v, %v; want only the second", got, err)
		}
		if got, _ := e.v.KeyedHeld(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "enrolment"}, "day/1", subjects); slices.Contains(got, true) {
			t.Fatalf("another purpose's keyed records held: %v", got)
		}
		if got, _ := e.v.KeyedHeld(ctx, Request{Actor: sysActor, Service: "bokjiro", Purpose: "health-service"}, "day/1", subjects); slices.Contains(got, true) {
			t.Fatalf("another service's keyed records held: %v", got)
		}
		many := make([]string, 3*keyedHeldChunk+5) // several chunks, the one held last
		for i := range many {
			many[i] = fmt.Sprintf("sub_x%d", i)
		}
		many[len(many)-1] = other
		got, err = e.v.KeyedHeld(ctx, r, "day/2", many)
		if err != nil || slices.Index(got, true) != len(many)-1 || slices.Contains(got[:len(many)-1], true) {
			t.Fatalf("KeyedHeld over %d subjects: %v", len(many), err)
		}
		if e.headSeq(t) != head {
			t.Fatal("KeyedHeld wrote an access-log entry")
		}
		for _, a := range []Actor{operator, self(with), {Kind: System, Source: "127.0.0.1"}} {
			_, err := e.v.KeyedHeld(ctx, Request{Actor: a, Service: seoulSvc, Purpose: "health-service"}, "day/1", subjects)
			errstest.Want(t, err, errs.Forbidden, ReasonRoleForbidden)
		}
		for _, bad := range []Request{{Actor: sysActor, Service: seoulSvc}, {Actor: sysActor, Purpose: "health-service"}} {
			_, err := e.v.KeyedHeld(ctx, bad, "day/1", subjects)
			errstest.Want(t, err, errs.Invalid, "")
		}
		_, err = e.v.KeyedHeld(ctx, r, "", subjects)
		errstest.Want(t, err, errs.Invalid, "")
	})
}
