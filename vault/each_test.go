package vault

import (
	"fmt"
	"testing"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/errs/errstest"
)

// importedPage imports n synthetic participants (participant) with steps
// 0..n-1 and returns their IDs.
func (e *env) importedPage(t *testing.T, n int) []string {
	t.Helper()
	arrivals := make([]Arrival, n)
	for i := range arrivals {
		arrivals[i] = participant(i)
	}
	ids, err := e.v.Import(ctx, Request{Actor: sysActor, Service: seoulSvc}, arrivals)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

const stepsDay = "day/2026-03-02"

func stepsReq(subject string) Request {
	return healthReq(sysActor, subject, View, "steps")
}

func TestGetEachDecidesEachRequest(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		// A page spanning both caches (four subjects each) and more than
		// one query's chunk, so that facts and keys are read page-wise,
		// kept, evicted and read again.
		v, err := Open(ctx, e.config(func(c *Config) { c.FactCache, c.KeyCache = 4, 4 }))
		if err != nil {
			t.Fatal(err)
		}
		n := eachChunk + 40
		ids := e.importedPage(t, n)
		withdrawn, suspended, other := ids[3], ids[eachChunk+5], ids[7]
		if err := v.Withdraw(ctx, Request{Actor: self(withdrawn), Service: seoulSvc, Subject: withdrawn}, "sensitive:health-service"); err != nil {
			t.Fatal(err)
		}
		if _, err := v.Suspend(ctx, Request{Actor: self(suspended), Service: seoulSvc, Purpose: "health-service", Subject: suspended}); err != nil {
			t.Fatal(err)
		}
		for round := range 2 { // the second round finds some facts and keys cached
			reqs := make([]Request, n)
			recIDs := make([]string, n)
			for i, id := range ids {
				reqs[i], recIDs[i] = stepsReq(id), KeyedID(id, "health-service", stepsDay)
			}
			recIDs[9] = KeyedID(other, "health-service", stepsDay)           // subject 9 asking for a second person's record
			reqs[10] = healthReq(self(ids[11]), ids[10], View, "steps")      // a subject asking for a second person's data
			reqs[12] = healthReq(sysActor, ids[12], View, "steps", "weight") // allowed; weight is not held
			from := e.head(t)
			got, err := v.GetEach(ctx, reqs, recIDs)
			if err != nil {
				t.Fatal(err)
			}
			entries := e.entriesSince(t, from)
			at := map[string]audit.Entry{}
			for _, en := range entries {
				at[en.Subject] = en
			}
			if len(entries) != n-1 { // the missing record (9) is not logged, as Get
				t.Fatalf("round %d: %d entries, want %d", round, len(entries), n-1)
			}
			for i, id := range ids {
				en := at[id]
				switch i {
				case 3, eachChunk + 5, 10:
					reason := map[int]string{3: ReasonConsentWithdrawn, eachChunk + 5: ReasonSuspended, 10: ReasonNotOwner}[i]
					if got[i] != nil || en.Outcome != audit.Denied || en.Reason != reason {
						t.Fatalf("round %d, request %d: %v, entry %+v; want refused %s", round, i, got[i], en, reason)
					}
					_, err := v.Get(ctx, reqs[i], recIDs[i]) // Get decides it alike
					errstest.Want(t, err, errs.NotFound, "")
				case 9:
					if got[i] != nil {
						t.Fatalf("round %d: a second person's record came back: %v", round, got[i].Values)
					}
					if _, ok := at[id]; ok {
						t.Fatalf("round %d: a missing record logged %+v", round, en)
					}
				default:
					if got[i] == nil || got[i].Values["steps"] != fmt.Sprint(i) || got[i].Subject != id || len(got[i].Values) != 1 {
						t.Fatalf("round %d, request %d: %+v", round, i, got[i])
					}
					if en.Outcome != audit.Allowed || en.Records != 1 || en.Action != View || en.Purpose != "health-service" {
						t.Fatalf("round %d, request %d: entry %+v", round, i, en)
					}
				}
			}
		}
		st := v.CacheStats()
		if st.Facts > 4 || st.Keys > 4 || st.FactMisses < uint64(2*(n-4)) || st.KeyMisses < uint64(2*(n-8)) {
			t.Fatalf("caches %+v: want at most 4 held and a page's misses each round", st)
		}
	})
}

func TestListEachDecidesEachRequest(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		ids := e.importedPage(t, 4)
		// A second enrolment record of subject 1; subject 2 withdraws enrolment.
		if _, err := e.v.Put(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "enrolment", Subject: ids[1], Action: Input},
			"enrolment", map[string]string{"birth_date": "1960-06-06"}); err != nil {
			t.Fatal(err)
		}
		if err := e.v.Withdraw(ctx, Request{Actor: self(ids[2]), Service: seoulSvc, Subject: ids[2]}, "purpose:enrolment"); err != nil {
			t.Fatal(err)
		}
		reqs := make([]Request, len(ids))
		for i, id := range ids {
			reqs[i] = Request{Actor: sysActor, Service: seoulSvc, Purpose: "enrolment", Subject: id, Items: []string{"birth_date"}, Action: View}
		}
		reqs[3].Actor = self(ids[0]) // a second person's data
		from := e.head(t)
		got, err := e.v.ListEach(ctx, reqs)
		if err != nil {
			t.Fatal(err)
		}
		dates := func(recs []*Record) []string {
			var out []string
			for _, r := range recs {
				if r.Subject == "" || len(r.Values) != 1 {
					t.Fatalf("record %+v", r)
				}
				out = append(out, r.Values["birth_date"])
			}
			return out
		}
		if fmt.Sprint(dates(got[0])) != "[1950-01-01]" || fmt.Sprint(dates(got[1])) != "[1950-01-01 1960-06-06]" || got[2] != nil || got[3] != nil {
			t.Fatalf("got %v %v %v %v", dates(got[0]), dates(got[1]), got[2], got[3])
		}
		es := e.entriesSince(t, from)
		want := []string{"allowed  1", "allowed  2", "denied consent_withdrawn 0", "denied not_owner 0"}
		if len(es) != 4 {
			t.Fatalf("%d entries", len(es))
		}
		for i, en := range es {
			if en.Subject != ids[i] || fmt.Sprintf("%s %s %d", en.Outcome, en.Reason, en.Records) != want[i] {
				t.Fatalf("entry %d: %+v, want %s", i, en, want[i])
			}
		}
	})
}

func TestEachBadInputLogsNothing(t *testing.T) {
	e := sqliteEnv(t)
	ids := e.importedPage(t, 2)
	from := e.head(t)
	reqs := []Request{stepsReq(ids[0]), stepsReq(ids[1])}
	reqs[1].Actor.ID = ""
	if _, err := e.v.GetEach(ctx, reqs, []string{"a", "b"}); errs.Code(err) != errs.Invalid {
		t.Fatalf("GetEach: %v", err)
	}
	if _, err := e.v.GetEach(ctx, reqs[:1], nil); errs.Code(err) != errs.Invalid {
		t.Fatalf("GetEach without IDs: %v", err)
	}
	if _, err := e.v.ListEach(ctx, reqs); errs.Code(err) != errs.Invalid {
		t.Fatalf("ListEach: %v", err)
	}
	if es := e.entriesSince(t, from); len(es) != 0 {
		t.Fatalf("bad input logged %+v", es)
	}
}
