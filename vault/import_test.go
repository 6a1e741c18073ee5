package vault

import (
	"fmt"
	"testing"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/errs/errstest"
)

// participant is the arrival of a synthetic healthcare participant: the
// consents the points run needs, an enrolment record and a keyed day
// summary of steps.
func participant(steps int) Arrival {
	var cs []Consent
	for _, sc := range []string{"purpose:enrolment", "purpose:health-service", "sensitive:health-service"} {
		cs = append(cs, Consent{Scope: sc, Channel: ChannelWeb, Text: "가져온 동의: " + sc})
	}
	return Arrival{Consents: cs, Records: []Arriving{
		{Purpose: "enrolment", Rule: "enrolment", Values: map[string]string{"birth_date": "1950-01-01", "sex": "F"}},
		{Purpose: "health-service", Rule: "service", Key: "day/2026-03-02", Values: map[string]string{"steps": fmt.Sprint(steps)}},
	}}
}

// entriesSince are the access-log entries after seq.
func (e *env) entriesSince(t *testing.T, seq int64) []audit.Entry {
	t.Helper()
	last := e.head(t)
	if last <= seq {
		return nil
	}
	es, err := e.log.Entries(ctx, seq+1, last)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// head is the newest entry's sequence number, 0 while the log is empty.
func (e *env) head(t *testing.T) int64 {
	t.Helper()
	last, err := e.log.Last(ctx)
	if errs.Code(err) == errs.NotFound {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return last.Seq
}

func TestImportIsGatedAndLogged(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		from := e.head(t)
		ids, err := e.v.Import(ctx, Request{Actor: sysActor, Service: seoulSvc}, []Arrival{participant(8000), participant(3000)})
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != 2 || ids[0] == ids[1] {
			t.Fatalf("ids %v", ids)
		}
		// One entry per registration, consent and record, as NewSubject, Give and Put write them.
		es := e.entriesSince(t, from)
		if len(es) != 12 {
			t.Fatalf("%d entries, want 12", len(es))
		}
		want := []string{"registration", "enrolment", "health-service", "health-service", "enrolment", "health-service"}
		for i, en := range es {
			if en.Subject != ids[i/6] || en.Purpose != want[i%6] || en.Action != Input || en.Outcome != audit.Allowed || en.Records != 1 || en.Handler != "system:test" {
				t.Fatalf("entry %d: %+v", i, en)
			}
		}
		// The subject reads its own records through the gate; the other's are not found to it.
		for i, id := range ids {
			rec, err := e.v.Get(ctx, healthReq(self(id), id, View, "steps"), KeyedID(id, "health-service", "day/2026-03-02"))
			if err != nil || rec.Values["steps"] != []string{"8000", "3000"}[i] {
				t.Fatalf("subject %d: %v %v", i, rec, err)
			}
			recs, err := e.v.List(ctx, Request{Actor: self(id), Service: seoulSvc, Purpose: "enrolment", Subject: id, Items: []string{"birth_date"}, Action: View})
			if err != nil || len(recs) != 1 || recs[0].Values["birth_date"] != "1950-01-01" {
				t.Fatalf("subject %d enrolment: %v %v", i, recs, err)
			}
			cs, err := e.v.Consents(ctx, Request{Actor: self(id), Service: seoulSvc, Subject: id})
			if err != nil || len(cs) != 3 {
				t.Fatalf("subject %d consents: %v %v", i, cs, err)
			}
		}
		_, err = e.v.Get(ctx, healthReq(self(ids[0]), ids[0], View, "steps"), KeyedID(ids[1], "health-service", "day/2026-03-02"))
		errstest.Want(t, err, errs.NotFound, "")
		_, err = e.v.Get(ctx, healthReq(self(ids[0]), ids[1], View, "steps"), KeyedID(ids[1], "health-service", "day/2026-03-02"))
		errstest.Want(t, err, errs.NotFound, "")
	})
}

func TestImportRefusedWritesOnlyTheRefusal(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		from := e.head(t)
		unconsented := participant(100)
		unconsented.Consents = unconsented.Consents[:2] // no sensitive:health-service
		_, err := e.v.Import(ctx, Request{Actor: sysActor, Service: seoulSvc}, []Arrival{participant(8000), unconsented})
		errstest.Want(t, err, errs.Forbidden, ReasonConsentMissing)
		for _, table := range []string{"pd_subjects", "pd_consents", "pd_keys", "pd_records"} {
			if n := e.count(t, `SELECT COUNT(*) FROM `+table); n != 0 {
				t.Fatalf("%s: %d rows after a refused import", table, n)
			}
		}
		es := e.entriesSince(t, from)
		if len(es) != 1 || es[0].Outcome != audit.Denied || es[0].Reason != ReasonConsentMissing || es[0].Purpose != "health-service" {
			t.Fatalf("entries %+v", es)
		}
	})
}

func TestImportBadInputWritesNothing(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		from := e.head(t)
		badScope := participant(1)
		badScope.Consents[0].Scope = "purpose:no-such-purpose"
		badRule := participant(1)
		badRule.Records[0].Rule = "no-such-rule"
		empty := participant(1)
		empty.Records[1].Values = nil
		someone := Actor{Kind: Subject, ID: "sub_x", Source: "127.0.0.1"}
		for name, c := range map[string]struct {
			r    Request
			a    []Arrival
			code string
		}{
			"scope":     {Request{Actor: sysActor, Service: seoulSvc}, []Arrival{participant(1), badScope}, errs.Invalid},
			"rule":      {Request{Actor: sysActor, Service: seoulSvc}, []Arrival{badRule}, errs.Invalid},
			"empty":     {Request{Actor: sysActor, Service: seoulSvc}, []Arrival{empty}, errs.Invalid},
			"none":      {Request{Actor: sysActor, Service: seoulSvc}, nil, errs.Invalid},
			"service":   {Request{Actor: sysActor, Service: "no-such-service"}, []Arrival{participant(1)}, errs.NotFound},
			"a subject": {Request{Actor: someone, Service: seoulSvc}, []Arrival{participant(1)}, errs.Forbidden},
		} {
			if _, err := e.v.Import(ctx, c.r, c.a); errs.Code(err) != c.code {
				t.Fatalf("%s: got %v, want %s", name, err, c.code)
			}
		}
		for _, table := range []string{"pd_subjects", "pd_consents", "pd_keys", "pd_records"} {
			if n := e.count(t, `SELECT COUNT(*) FROM `+table); n != 0 {
				t.Fatalf("%s: %d rows after bad imports", table, n)
			}
		}
		if es := e.entriesSince(t, from); len(es) != 0 {
			t.Fatalf("bad input logged %+v", es)
		}
	})
}
