package vault

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/store"
)

const seoulSvc = "seoul-healthcare"

var (
	ctx      = context.Background()
	sysActor = Actor{Kind: System, ID: "test", Source: "127.0.0.1"}
	operator = Actor{Kind: Staff, ID: "stf_op1", Role: "health-operator", Source: "127.0.0.1"}
)

func (e *env) newSubject(t *testing.T) string {
	t.Helper()
	return e.subjectOf(t, seoulSvc)
}

// subjectOf is a new subject of service, made by the system.
func (e *env) subjectOf(t *testing.T, service string) string {
	t.Helper()
	id, err := e.v.NewSubject(ctx, Request{Actor: sysActor, Service: service})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func self(subject string) Actor { return Actor{Kind: Subject, ID: subject, Source: "127.0.0.1"} }

func (e *env) consent(t *testing.T, subject string, scopes ...string) {
	t.Helper()
	for _, s := range scopes {
		_, err := e.v.Give(ctx, Request{Actor: self(subject), Service: seoulSvc, Subject: subject}, Consent{Scope: s, Channel: ChannelWeb, Text: "동의합니다: " + s})
		if err != nil {
			t.Fatalf("Give %s: %v", s, err)
		}
	}
}

func healthReq(a Actor, subject string, action Action, items ...string) Request {
	return Request{Actor: a, Service: seoulSvc, Purpose: "health-service", Subject: subject, Items: items, Action: action}
}

// weighed is a subject with health consents and one record {weight, height}.
func (e *env) weighed(t *testing.T) (subject, record string) {
	t.Helper()
	subject = e.newSubject(t)
	e.consent(t, subject, "purpose:health-service", "sensitive:health-service")
	record, err := e.v.Put(ctx, healthReq(self(subject), subject, Input), "service", map[string]string{"weight": "71.5", "height": "172.0"})
	if err != nil {
		t.Fatal(err)
	}
	return subject, record
}

func TestPutGetRoundTrip(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, id := e.weighed(t)
		rec, err := e.v.Get(ctx, healthReq(operator, subject, View, "weight"), id)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Values["weight"] != "71.5" || len(rec.Values) != 1 {
			t.Fatalf("Values = %v, want only weight 71.5", rec.Values)
		}
		if rec.Due == nil || !rec.Due.Equal(epoch.AddDate(2, 0, 0)) {
			t.Fatalf("Due = %v, want 2 years after collection", rec.Due)
		}
		if err := e.v.Update(ctx, healthReq(operator, subject, Change, "weight"), id, map[string]string{"weight": "70.0"}); err != nil {
			t.Fatal(err)
		}
		recs, err := e.v.List(ctx, healthReq(self(subject), subject, View, "weight", "height"))
		if err != nil || len(recs) != 1 || recs[0].Values["weight"] != "70.0" || recs[0].Values["height"] != "172.0" {
			t.Fatalf("List = %+v, %v", recs, err)
		}
	})
}

// Every kind of denial is its own code, is logged as a denied attempt, and
// writes nothing.
func TestDenialsWriteNothing(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, _ := e.weighed(t)
		bare := e.newSubject(t)
		put := func(r Request) error {
			_, err := e.v.Put(ctx, r, "service", map[string]string{r.Items[0]: "1"})
			return err
		}
		tests := []struct {
			name   string
			r      Request
			reason string
		}{
			{"unknown purpose", Request{Actor: operator, Service: seoulSvc, Purpose: "marketing", Subject: subject, Items: []string{"weight"}, Action: Input}, ReasonUnknownPurpose},
			{"undeclared item", healthReq(operator, subject, Input, "income"), ReasonUndeclaredItem},
			{"missing consent", healthReq(operator, bare, Input, "weight"), ReasonConsentMissing},
			{"wrong role", healthReq(Actor{Kind: Staff, ID: "stf_cw", Role: "caseworker", Source: "127.0.0.1"}, subject, Input, "weight"), ReasonRoleForbidden},
			{"another subject", healthReq(self(bare), subject, Input, "weight"), ReasonNotOwner},
		}
		for _, tt := range tests {
			before := e.countRecords(t)
			errstest.Want(t, put(tt.r), errs.Forbidden, tt.reason)
			if after := e.countRecords(t); after != before {
				t.Fatalf("%s: %d records after a denial, %d before", tt.name, after, before)
			}
			if last := e.lastEntry(t); last.Outcome != "denied" || last.Reason != tt.reason {
				t.Fatalf("%s: last log entry %+v, want denied/%s", tt.name, last, tt.reason)
			}
		}
	})
}

func TestDeniedReadIsNotFound(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, id := e.weighed(t)
		_, err := e.v.Get(ctx, healthReq(Actor{Kind: Staff, ID: "stf_cw", Role: "caseworker", Source: "127.0.0.1"}, subject, View, "weight"), id)
		errstest.Want(t, err, errs.NotFound, "")
		if last := e.lastEntry(t); last.Outcome != "denied" || last.Reason != ReasonRoleForbidden {
			t.Fatalf("log: %+v", last)
		}
		_, err = e.v.Get(ctx, healthReq(operator, subject, View, "weight"), "rec_doesnotexist")
		errstest.Want(t, err, errs.NotFound, "")
	})
}

func TestWithdrawTakesEffectAtOnce(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, id := e.weighed(t)
		if err := e.v.Withdraw(ctx, Request{Actor: self(subject), Service: seoulSvc, Subject: subject}, "sensitive:health-service"); err != nil {
			t.Fatal(err)
		}
		_, err := e.v.Get(ctx, healthReq(operator, subject, View, "weight"), id)
		errstest.Want(t, err, errs.NotFound, "")
		if last := e.lastEntry(t); last.Reason != ReasonConsentWithdrawn {
			t.Fatalf("log reason %q", last.Reason)
		}
		// A general item of the purpose needs no sensitive consent.
		if _, err := e.v.Put(ctx, healthReq(operator, subject, Input, "occupation"), "service", map[string]string{"occupation": "시험직"}); err != nil {
			t.Fatal(err)
		}
		errstest.Want(t, e.v.Withdraw(ctx, Request{Actor: self(subject), Service: seoulSvc, Subject: subject}, "sensitive:health-service"), errs.NotFound, "")
	})
}

func TestConsentLedger(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.newSubject(t)
		give := func(c Consent) error {
			_, err := e.v.Give(ctx, Request{Actor: self(subject), Service: seoulSvc, Subject: subject}, c)
			return err
		}
		bad := []struct {
			name string
			c    Consent
		}{
			{"unknown scope", Consent{Scope: "purpose:marketing", Channel: ChannelWeb, Text: "x"}},
			{"scope kind not in purpose", Consent{Scope: "unique:health-service", Channel: ChannelWeb, Text: "x"}},
			{"no text", Consent{Scope: "purpose:health-service", Channel: ChannelWeb}},
			{"bad channel", Consent{Scope: "purpose:health-service", Channel: "fax", Text: "x"}},
			{"under 14 without representative", Consent{Scope: "purpose:health-service", Channel: ChannelWeb, Text: "x", Minor: true}},
			{"representative without method", Consent{Scope: "purpose:health-service", Channel: ChannelRepresentative, Text: "x", Minor: true}},
			{"unknown method", Consent{Scope: "purpose:health-service", Channel: ChannelRepresentative, Representative: "telepathy", Text: "x", Minor: true}},
		}
		for _, b := range bad {
			if err := give(b.c); errs.Code(err) != errs.Invalid {
				t.Errorf("%s: %v, want invalid", b.name, err)
			}
		}
		if err := give(Consent{Scope: "purpose:health-service", Channel: ChannelRepresentative, Representative: "sms", Text: "법정대리인 동의", Minor: true}); err != nil {
			t.Fatal(err)
		}
		if err := give(Consent{Scope: "provision:korea-body-info", Channel: ChannelApp, Text: "제공 동의"}); err != nil {
			t.Fatal(err)
		}
		cs, err := e.v.Consents(ctx, Request{Actor: self(subject), Service: seoulSvc, Subject: subject})
		if err != nil || len(cs) != 2 {
			t.Fatalf("Consents = %v, %v", cs, err)
		}
		c := cs[0]
		if c.Scope != "purpose:health-service" {
			c = cs[1]
		}
		if c.Representative != "sms" || c.PolicyVersion != "2024-03-04" || len(c.TextSHA256) != 64 || c.Channel != ChannelRepresentative {
			t.Fatalf("ledger entry %+v", c)
		}
	})
}

func TestSuspensionAndCorrection(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, id := e.weighed(t)
		if _, err := e.v.Suspend(ctx, Request{Actor: self(subject), Service: seoulSvc, Purpose: "health-service", Subject: subject}); err != nil {
			t.Fatal(err)
		}
		_, err := e.v.Put(ctx, healthReq(operator, subject, Input, "steps"), "service", map[string]string{"steps": "9000"})
		errstest.Want(t, err, errs.Forbidden, ReasonSuspended)
		if _, err := e.v.Get(ctx, healthReq(self(subject), subject, View, "weight"), id); err != nil {
			t.Fatalf("the subject cannot see their own suspended data: %v", err)
		}
		if err := e.v.Lift(ctx, Request{Actor: self(subject), Service: seoulSvc, Purpose: "health-service", Subject: subject}); err != nil {
			t.Fatal(err)
		}
		cor, err := e.v.RequestCorrection(ctx, Request{Actor: self(subject), Service: seoulSvc, Purpose: "health-service", Subject: subject, Items: []string{"weight"}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.v.Get(ctx, healthReq(operator, subject, View, "weight"), id)
		errstest.Want(t, err, errs.NotFound, "")
		if last := e.lastEntry(t); last.Reason != ReasonCorrectionPending {
			t.Fatalf("log reason %q", last.Reason)
		}
		if _, err := e.v.Get(ctx, healthReq(operator, subject, View, "height"), id); err != nil {
			t.Fatalf("an item without a pending correction is blocked: %v", err)
		}
		if err := e.v.Correct(ctx, healthReq(operator, subject, Change), cor, id, map[string]string{"weight": "69.9"}, "corrected"); err != nil {
			t.Fatal(err)
		}
		rec, err := e.v.Get(ctx, healthReq(operator, subject, View, "weight"), id)
		if err != nil || rec.Values["weight"] != "69.9" {
			t.Fatalf("after correction: %+v, %v", rec, err)
		}
	})
}

// ciSubject is a new subject consenting to duplicate prevention, a
// synthetic CI from letter, and the system's request to input it.
func (e *env) ciSubject(t *testing.T, letter byte) (subject, ci string, r Request) {
	t.Helper()
	subject = e.newSubject(t)
	e.consent(t, subject, "purpose:duplicate-prevention")
	r = Request{Actor: sysActor, Service: seoulSvc, Purpose: "duplicate-prevention", Subject: subject, Items: []string{"ci"}, Action: Input}
	return subject, syntheticCI(letter), r
}

func TestBlindIndexLookup(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, ci, r := e.ciSubject(t, 'A')
		if err := e.v.Index(ctx, r, IndexCI, ci); err != nil {
			t.Fatal(err)
		}
		found, err := e.v.Lookup(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "duplicate-prevention"}, IndexCI, ci)
		if err != nil || len(found) != 1 || found[0] != subject {
			t.Fatalf("Lookup = %v, %v", found, err)
		}
		found, err = e.v.Lookup(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "duplicate-prevention"}, IndexCI, syntheticCI('B'))
		if err != nil || len(found) != 0 {
			t.Fatalf("Lookup of another CI = %v, %v", found, err)
		}
		_, err = e.v.Lookup(ctx, Request{Actor: Actor{Kind: Staff, ID: "stf_c", Role: "counsellor", Source: "127.0.0.1"}, Service: seoulSvc, Purpose: "duplicate-prevention"}, IndexCI, ci)
		errstest.Want(t, err, errs.Forbidden, ReasonRoleForbidden)
		_, err = e.v.Lookup(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "duplicate-prevention"}, IndexCI, "not-a-ci")
		errstest.Want(t, err, errs.Invalid, "")
	})
}

// A login name is found however it is cased, only under the purpose it was
// indexed for, and never across kinds (a login equal to another kind's text).
func TestLoginIndexLookup(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject := e.newSubject(t)
		e.consent(t, subject, "purpose:enrolment")
		r := Request{Actor: sysActor, Service: seoulSvc, Purpose: "enrolment", Subject: subject, Items: []string{"account"}, Action: Input}
		if err := e.v.Index(ctx, r, IndexLogin, "Demo01"); err != nil {
			t.Fatal(err)
		}
		found, err := e.v.Lookup(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "enrolment"}, IndexLogin, " demo01 ")
		if err != nil || len(found) != 1 || found[0] != subject {
			t.Fatalf("Lookup = %v, %v", found, err)
		}
		found, err = e.v.Lookup(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "duplicate-prevention"}, IndexLogin, "demo01")
		if err != nil || len(found) != 0 {
			t.Fatalf("Lookup under another purpose = %v, %v", found, err)
		}
		_, err = e.v.Lookup(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "enrolment"}, IndexLogin, "가상")
		errstest.Want(t, err, errs.Invalid, "")
	})
}

func syntheticCI(c byte) string {
	b := make([]byte, 88)
	for i := range b {
		b[i] = c
	}
	return string(b)
}

func TestShred(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, id := e.weighed(t)
		n, err := e.v.Shred(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "health-service", Subject: subject})
		if err != nil || n != 1 {
			t.Fatalf("Shred = %d, %v", n, err)
		}
		_, err = e.v.Get(ctx, healthReq(self(subject), subject, View, "weight"), id)
		errstest.Want(t, err, errs.NotFound, "")
		// A new record after shredding gets a new key; the old one stays gone.
		if _, err := e.v.Put(ctx, healthReq(self(subject), subject, Input, "weight"), "service", map[string]string{"weight": "68"}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestWrongKeyringRefusesToOpen(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		other, err := keysGenerate(t, e)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.open(other); err == nil {
			t.Fatal("opened the vault with another keyring")
		}
	})
}

func TestPutManyIsOneLoggedTransaction(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, _ := e.weighed(t)
		dev := Actor{Kind: Device, ID: "dev_1", Source: "127.0.0.1"}
		batch := []map[string]string{{"steps": "100"}, {"steps": "200"}, {"heart_rate": "61"}}
		ids, err := e.v.PutMany(ctx, healthReq(dev, subject, Input), "service", batch)
		if err != nil || len(ids) != 3 {
			t.Fatalf("PutMany = %v, %v", ids, err)
		}
		if last := e.lastEntry(t); last.Records != 3 || last.Items != "heart_rate,steps" || last.Handler != "device:dev_1" {
			t.Fatalf("log entry %+v", last)
		}
		before := e.countRecords(t)
		_, err = e.v.PutMany(ctx, healthReq(dev, subject, Input), "service", []map[string]string{{"steps": "1"}, {"income": "9"}})
		errstest.Want(t, err, errs.Forbidden, ReasonUndeclaredItem)
		_, err = e.v.PutMany(ctx, healthReq(dev, subject, Input), "service", []map[string]string{{"steps": "1"}, {}})
		errstest.Want(t, err, errs.Invalid, "")
		if after := e.countRecords(t); after != before {
			t.Fatalf("a refused batch wrote %d records", after-before)
		}
	})
}

// A batch larger than one INSERT statement stores every record with its own
// items and values, and a failure after the last statement writes none.
func TestPutManySpansStatements(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, _ := e.weighed(t)
		dev := Actor{Kind: Device, ID: "dev_1", Source: "127.0.0.1"}
		batch := make([]map[string]string, 2*insertChunk+7)
		for i := range batch {
			batch[i] = map[string]string{"steps": strconv.Itoa(i)}
			if i%3 == 0 {
				batch[i]["heart_rate"] = strconv.Itoa(60 + i%40)
			}
		}
		before := e.countRecords(t)
		failing := healthReq(dev, subject, Input)
		failing.Then = func(context.Context, store.Querier) error { return errs.E(errs.Internal, "after the batch") }
		if _, err := e.v.PutMany(ctx, failing, "service", batch); err == nil {
			t.Fatal("a batch whose transaction failed was stored")
		}
		if after := e.countRecords(t); after != before {
			t.Fatalf("a failed batch left %d of its records", after-before)
		}
		ids, err := e.v.PutMany(ctx, healthReq(dev, subject, Input), "service", batch)
		if err != nil || len(ids) != len(batch) {
			t.Fatalf("PutMany = %d IDs, %v", len(ids), err)
		}
		recs, err := e.v.List(ctx, healthReq(operator, subject, View, "steps", "heart_rate"))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]map[string]string{}
		for _, rec := range recs {
			got[rec.ID] = rec.Values
		}
		for i, id := range ids {
			if !maps.Equal(got[id], batch[i]) {
				t.Fatalf("record %d = %v; want %v", i, got[id], batch[i])
			}
		}
	})
}

// Rotating the key-encryption key needs no downtime: data written before
// still opens, new data keys are wrapped under the new key.
func TestKeyRotation(t *testing.T) {
	e := sqliteEnv(t)
	subject, id := e.weighed(t)
	if err := e.ring.Rotate(e.ringAt, e.clk, randReader); err != nil {
		t.Fatal(err)
	}
	rotated, err := keysLoad(e.ringAt)
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.open(rotated)
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := v.Get(ctx, healthReq(operator, subject, View, "weight"), id); err != nil || rec.Values["weight"] != "71.5" {
		t.Fatalf("old data after rotation: %+v, %v", rec, err)
	}
	other := e.newSubject(t)
	e.consent(t, other, "purpose:health-service", "sensitive:health-service")
	if _, err := v.Put(ctx, healthReq(self(other), other, Input), "service", map[string]string{"weight": "60"}); err != nil {
		t.Fatal(err)
	}
	var kek string
	if err := e.st.SQL().Reader().QueryRowContext(ctx, `SELECT kek_id FROM pd_keys WHERE subject_id = ?`, other).Scan(&kek); err != nil {
		t.Fatal(err)
	}
	if kek != rotated.CurrentKEKID() || kek == "" {
		t.Fatalf("new data key wrapped under %q, want the new KEK %q", kek, rotated.CurrentKEKID())
	}
}

// The access-log entry is written in the same transaction as the access:
// when it cannot be written, the data is not written either.
func TestNoAccessWithoutItsLogEntry(t *testing.T) {
	e := sqliteEnv(t)
	subject, _ := e.weighed(t)
	v, err := Open(ctx, e.config(func(c *Config) { c.Log = failingLog{} }))
	if err != nil {
		t.Fatal(err)
	}
	before := e.countRecords(t)
	if _, err := v.Put(ctx, healthReq(self(subject), subject, Input), "service", map[string]string{"weight": "1"}); err == nil {
		t.Fatal("a write succeeded without its log entry")
	}
	if e.countRecords(t) != before {
		t.Fatal("the record was written although its log entry failed")
	}
}

// Records written one after another get IDs in the order they were
// written (so walks in due-date-then-ID order visit pages in write order),
// of one fixed shape, and no two alike.
func TestRecordIDsFollowWriteOrder(t *testing.T) {
	e := sqliteEnv(t)
	subject, first := e.weighed(t)
	ids := []string{first}
	for range 20 {
		id, err := e.v.Put(ctx, healthReq(self(subject), subject, Input), "service", map[string]string{"steps": "1"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	many, err := e.v.PutMany(ctx, healthReq(self(subject), subject, Input), "service", slices.Repeat([]map[string]string{{"steps": "2"}}, 20))
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, many...)
	if !slices.IsSorted(ids) {
		t.Fatalf("record IDs are not in write order: %v", ids)
	}
	if len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Fatalf("two records share an ID: %v", ids)
	}
	shape := regexp.MustCompile(`^rec_[0-9a-v]{26}$`)
	for _, id := range ids {
		if !shape.MatchString(id) {
			t.Fatalf("record ID %q is not rec_ and 26 base32hex characters", id)
		}
	}
}

// A correction request is answered even when the person withdrew the
// purpose's consent meanwhile: the freeze ends without a consent (it
// changes no data), while a new value is still refused, and a role that
// may not change the purpose's data cannot end it.
func TestCorrectionSettledAfterWithdrawal(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, id := e.weighed(t)
		other, _ := e.weighed(t)
		req := Request{Actor: self(subject), Service: seoulSvc, Purpose: "health-service", Subject: subject, Items: []string{"weight"}}
		cor, err := e.v.RequestCorrection(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.v.Withdraw(ctx, Request{Actor: self(subject), Service: seoulSvc, Subject: subject}, "purpose:health-service"); err != nil {
			t.Fatal(err)
		}
		err = e.v.Correct(ctx, healthReq(operator, subject, Change), cor, id, map[string]string{"weight": "69.9"}, "corrected")
		errstest.Want(t, err, errs.Forbidden, ReasonConsentWithdrawn)
		if last := e.lastEntry(t); last.Reason != ReasonConsentWithdrawn {
			t.Fatalf("the refused correction is logged with reason %q", last.Reason)
		}
		err = e.v.Correct(ctx, healthReq(operator, other, Change), cor, "", nil, "no_longer_processed")
		errstest.Want(t, err, errs.NotFound, "") // the second person has no such correction
		stranger := Actor{Kind: Staff, ID: "stf_cw", Role: "caseworker", Source: "127.0.0.1"}
		err = e.v.Correct(ctx, healthReq(stranger, subject, Change), cor, "", nil, "no_longer_processed")
		errstest.Want(t, err, errs.Forbidden, ReasonRoleForbidden)
		if err := e.v.Correct(ctx, healthReq(operator, subject, Change), cor, "", nil, "no_longer_processed"); err != nil {
			t.Fatalf("the freeze cannot end after the consent was withdrawn: %v", err)
		}
		err = e.v.Correct(ctx, healthReq(operator, subject, Change), cor, "", nil, "no_longer_processed")
		errstest.Want(t, err, errs.NotFound, "") // settled once
	})
}
