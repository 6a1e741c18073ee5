package rights

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/jobs/jobstest"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// The due date is the end of the 10th day after the day of receipt, in
// Seoul, whatever the hour of receipt.
func TestDueAt(t *testing.T) {
	tests := []struct {
		name     string
		received time.Time
		due      time.Time
	}{
		{"morning in Seoul", time.Date(2026, 3, 2, 0, 30, 0, 0, time.UTC), time.Date(2026, 3, 13, 0, 0, 0, 0, Seoul)},
		{"late evening in Seoul", time.Date(2026, 3, 2, 14, 59, 0, 0, time.UTC), time.Date(2026, 3, 13, 0, 0, 0, 0, Seoul)},
		{"just after midnight in Seoul", time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC), time.Date(2026, 3, 14, 0, 0, 0, 0, Seoul)},
		{"across a month end", time.Date(2026, 2, 25, 3, 0, 0, 0, time.UTC), time.Date(2026, 3, 8, 0, 0, 0, 0, Seoul)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DueAt(tt.received); !got.Equal(tt.due) {
				t.Fatalf("DueAt(%s) = %s, want %s", tt.received, got.In(Seoul), tt.due)
			}
			if left := DaysLeft(tt.received, tt.due); left != 11 {
				t.Fatalf("days left on the day of receipt = %d, want 11 (today and 10 more)", left)
			}
			if left := DaysLeft(tt.due.Add(-time.Minute), tt.due); left != 1 {
				t.Fatalf("days left on the last day = %d, want 1", left)
			}
			if left := DaysLeft(tt.due.Add(25*time.Hour), tt.due); left != -1 {
				t.Fatalf("days left the day after = %d, want -1", left)
			}
		})
	}
}

// A participant files an access request online; the officer sees it in the
// queue, opens and answers it before the due date; the participant sees the
// answer, and their data as stored, with who accessed it.
func TestAccessRequestEndToEnd(t *testing.T) {
	withParticipant(t, func(t *testing.T, e *vaulttest.Env, s *Service, p vault.Actor) {
		req, err := s.File(ctx, p, Filing{Service: healthcare, Subject: p.ID, Kind: "access"})
		if err != nil {
			t.Fatal(err)
		}
		if req.Status != Received || !req.DueAt.Equal(DueAt(e.Clock.Now())) || req.Channel != Online || req.Requester != BySubject {
			t.Fatalf("filed = %+v", req)
		}
		q, err := s.Queue(ctx, theOfficer, "")
		if err != nil || len(q) != 1 || q[0].ID != req.ID || q[0].DaysLeft != 11 {
			t.Fatalf("queue = %+v, %v", q, err)
		}
		e.Clock.Advance(48 * time.Hour)
		d, err := s.Open(ctx, theOfficer, req.ID)
		if err != nil || d.Status != InProgress || len(d.Events) != 2 || d.Events[1].Actor != "staff:stf_officer" {
			t.Fatalf("open = %+v, %v", d, err)
		}
		done, err := s.Answer(ctx, theOfficer, req.ID, Outcome{})
		if err != nil || done.Status != Answered || done.AnsweredAt == nil || done.Missed {
			t.Fatalf("answer = %+v, %v", done, err)
		}
		if q, _ := s.Queue(ctx, theOfficer, healthcare); len(q) != 0 {
			t.Fatalf("an answered request stays queued: %+v", q)
		}
		if all, err := s.ReceivedSince(ctx, theOfficer, req.ReceivedAt); err != nil || len(all) != 1 || all[0].Status != Answered {
			t.Fatalf("received since its filing = %+v, %v", all, err)
		}
		if later, err := s.ReceivedSince(ctx, theOfficer, req.ReceivedAt.Add(time.Microsecond)); err != nil || len(later) != 0 {
			t.Fatalf("received after its filing = %+v, %v", later, err)
		}
		mine, err := s.Mine(ctx, p, healthcare)
		if err != nil || len(mine) != 1 || mine[0].Status != Answered {
			t.Fatalf("mine = %+v, %v", mine, err)
		}
		a, err := s.MyData(ctx, p, healthcare)
		if err != nil {
			t.Fatal(err)
		}
		checkAnswer(t, a)
		checkLogProof(t, e.Log.Trust(), a)
	})
}

// checkLogProof checks every access listed is proven in the access log's
// signed checkpoint, as jikimi audit verify --proof would.
func checkLogProof(t *testing.T, trust *audit.Trust, a *AccessAnswer) {
	t.Helper()
	if a.AccessLog == nil || len(a.AccessLog.Proofs) != len(a.Accesses) || len(a.Accesses) == 0 {
		t.Fatalf("access log proof %+v for %d accesses", a.AccessLog, len(a.Accesses))
	}
	for i, acc := range a.Accesses {
		if err := audit.VerifyInclusion(trust, []byte(a.AccessLog.Checkpoint), a.AccessLog.Proofs[i]); err != nil {
			t.Fatalf("access %d (entry %d): %v", i, acc.Entry, err)
		}
		p, _ := audit.ParseInclusionProof(a.AccessLog.Proofs[i])
		x, _ := p.Decoded()
		if x.Seq != acc.Entry || x.Subject != a.Subject || !x.Time.Equal(acc.At) || string(x.Action) != acc.Action {
			t.Fatalf("proof %d is of entry %+v, not of access %+v", i, x, acc)
		}
	}
}

func checkAnswer(t *testing.T, a *AccessAnswer) {
	t.Helper()
	if len(a.Purposes) != 2 || a.Purposes[0].ID != "enrolment" || a.Purposes[1].ID != "health-service" {
		t.Fatalf("purposes = %+v", a.Purposes)
	}
	enrol := a.Purposes[0].Records[0]
	if enrol.Source != "subject" || enrol.DestroyBy == nil || enrol.RuleText != "2년" || len(enrol.Items) != 3 {
		t.Fatalf("enrolment record = %+v", enrol)
	}
	if !slices.ContainsFunc(enrol.Items, func(it ItemHeld) bool { return it.Name == "이름" && it.Value == "김가상" }) {
		t.Fatalf("the name is not shown as stored: %+v", enrol.Items)
	}
	if src := a.Purposes[1].Records[0].Source; src != "device" {
		t.Fatalf("the steps' source = %q, want device", src)
	}
	if len(a.Consents) != 3 || a.Consents[0].PolicyVersion == "" || a.Consents[0].Label == "" {
		t.Fatalf("consents = %+v", a.Consents)
	}
	officer := slices.IndexFunc(a.Accesses, func(x Accessed) bool { return x.Role == OfficerRole })
	if officer < 0 || a.Accesses[officer].Department != "디지털정책관" || a.Accesses[officer].Purpose != vault.PurposeRights {
		t.Fatalf("the officer's steps are not listed by role and department: %+v", a.Accesses)
	}
}

// me/data is itself logged for the purpose rights, as the subject.
func TestMyDataIsLogged(t *testing.T) {
	withParticipant(t, func(t *testing.T, e *vaulttest.Env, s *Service, p vault.Actor) {
		if _, err := s.MyData(ctx, p, healthcare); err != nil {
			t.Fatal(err)
		}
		es := entriesAbout(t, e, p.ID)
		last := es[len(es)-1]
		if last.Purpose != vault.PurposeRights || last.Action != audit.View || last.Handler != "subject:"+p.ID || last.Records != 2 {
			t.Fatalf("last entry = %+v", last)
		}
		other := participant(t, e)
		_, err := s.MyData(ctx, vault.Actor{Kind: vault.Staff, ID: "stf_cw", Role: "health-operator", Source: "127.0.0.1"}, healthcare)
		if err == nil {
			t.Fatal("staff read data through me/data")
		}
		_ = other
	})
}

// Bad input: each kind answers its own code and writes nothing; a request
// for another person is not found and logged as denied.
func TestBadInput(t *testing.T) {
	withParticipant(t, func(t *testing.T, e *vaulttest.Env, s *Service, p vault.Actor) {
		other := participant(t, e)
		today := e.Clock.Now()
		valid := &Attorney{Kinds: []Kind{Access}, From: today.AddDate(0, 0, -30), Until: today.AddDate(0, 0, 30)}
		expired := &Attorney{Kinds: []Kind{Access}, From: today.AddDate(-1, 0, 0), Until: today.AddDate(0, 0, -1)}
		pending := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "access"})
		before := e.Rows(t, "rights_requests")
		tests := []struct {
			name         string
			f            Filing
			code, reason string
		}{
			{"unknown kind", Filing{Kind: "complaint"}, errs.Invalid, "unknown_kind"},
			{"unknown purpose", Filing{Kind: "access", Purposes: []string{"marketing"}}, errs.Invalid, "unknown_purpose"},
			{"unknown item", Filing{Kind: "correction", Purposes: []string{"enrolment"}, Items: []string{"shoe_size"}}, errs.Invalid, "unknown_item"},
			{"item of another purpose", Filing{Kind: "correction", Purposes: []string{"enrolment"}, Items: []string{"health-service/steps"}}, errs.Invalid, "unknown_item"},
			{"unknown consent", Filing{Kind: "consent_withdrawal", Consents: []string{"provision:nobody"}}, errs.Invalid, "unknown_consent"},
			{"unknown channel", Filing{Kind: "access", Channel: "pigeon"}, errs.Invalid, "unknown_channel"},
			{"another person", Filing{Kind: "access", Subject: other.ID}, errs.NotFound, ""},
			{"no such person", Filing{Kind: "access", Subject: "sub_nobody"}, errs.NotFound, ""},
			{"proxy without attorney", Filing{Kind: "access", Subject: other.ID, As: ByProxy, Verification: "idv_ok"}, errs.Forbidden, "attorney_missing"},
			{"proxy with an expired attorney", Filing{Kind: "access", Subject: other.ID, As: ByProxy, Verification: "idv_ok", Attorney: expired}, errs.Forbidden, "attorney_expired"},
			{"proxy beyond the attorney's kinds", Filing{Kind: "deletion", Subject: other.ID, As: ByProxy, Verification: "idv_ok", Attorney: valid}, errs.Forbidden, "attorney_scope"},
			{"proxy not verified", Filing{Kind: "access", Subject: other.ID, As: ByProxy, Verification: "idv_unknown", Attorney: valid}, errs.Forbidden, "proxy_unverified"},
			{"representative of a person now 14", Filing{Kind: "access", Subject: other.ID, As: ByRepresentative, Verification: "rep_grown"}, errs.Forbidden, "represented_not_minor"},
			{"representative not verified", Filing{Kind: "access", Subject: other.ID, As: ByRepresentative, Verification: "rep_forged"}, errs.Forbidden, "representative_unverified"},
			{"representative with a wrong code", Filing{Kind: "access", Subject: other.ID, As: ByRepresentative, Verification: "rep_badcode"}, errs.Forbidden, "representative_unverified"},
			{"objection without a result", Filing{Kind: "objection", ObjectsTo: pending.ID}, errs.Conflict, "no_result_yet"},
			{"objection to nothing", Filing{Kind: "objection"}, errs.Invalid, "objection_target"},
			{"objection to another's request", Filing{Kind: "objection", ObjectsTo: "rr_nothing"}, errs.NotFound, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := tt.f
				f.Service = healthcare
				if f.Subject == "" {
					f.Subject = p.ID
				}
				_, err := s.File(ctx, p, f)
				errstest.Want(t, err, tt.code, tt.reason)
				if n := e.Rows(t, "rights_requests"); n != before {
					t.Fatalf("%d requests written", n-before)
				}
			})
		}
		es := entriesAbout(t, e, other.ID)
		last := es[len(es)-1]
		if last.Outcome != audit.Denied || last.Handler != "subject:"+p.ID || last.Purpose != vault.PurposeRights || last.Reason != vault.ReasonNotOwner {
			t.Fatalf("the request for another person is not logged as denied: %+v", last)
		}
	})
}

func mustFile(t testing.TB, s *Service, actor vault.Actor, f Filing) *Request {
	t.Helper()
	r, err := s.File(ctx, actor, f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// A proxy with a valid power of attorney and a verified identity, and a
// verified representative of an under-14, file for the person; the
// request waits in verifying until the officer opens it.
func TestOnBehalf(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		s := newService(t, e)
		proxy := participant(t, e)
		p := participant(t, e)
		today := e.Clock.Now()
		a := &Attorney{Kinds: []Kind{Access}, From: today, Until: today}
		r := mustFile(t, s, proxy, Filing{Service: healthcare, Subject: p.ID, Kind: "access", As: ByProxy, Verification: "idv_ok", Attorney: a})
		if r.Status != Verifying || r.Requester != ByProxy || r.Attorney == nil {
			t.Fatalf("filed = %+v", r)
		}
		rep := mustFile(t, s, proxy, Filing{Service: healthcare, Subject: p.ID, Kind: "access", As: ByRepresentative, Verification: "rep_ok"})
		if rep.Status != Verifying {
			t.Fatalf("filed = %+v", rep)
		}
		if mine, _ := s.Mine(ctx, p, healthcare); len(mine) != 2 {
			t.Fatalf("the person does not see the requests made for them: %+v", mine)
		}
		if d, err := s.Open(ctx, theOfficer, r.ID); err != nil || d.Status != InProgress {
			t.Fatalf("open = %+v, %v", d, err)
		}
		jobstest.Drain(t, s.cfg.Jobs)
		ns, err := s.Notices(ctx, p, healthcare)
		if err != nil || len(ns) != 2 || ns[0].Kind != NoticeOnBehalf || !strings.Contains(string(ns[0].Body)+string(ns[1].Body), r.ID) {
			t.Fatalf("the person is not told of the requests made for them: %+v, %v", ns, err)
		}
	})
}

// Only the privacy officer lists and acts; a citizen cannot read another
// person's request (not found, logged).
func TestOfficerOnly(t *testing.T) {
	withParticipant(t, func(t *testing.T, e *vaulttest.Env, s *Service, p vault.Actor) {
		other := participant(t, e)
		r := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "access"})
		operator := vault.Actor{Kind: vault.Staff, ID: "stf_op", Role: "health-operator", Source: "127.0.0.1"}
		for _, a := range []vault.Actor{p, operator} {
			if _, err := s.Queue(ctx, a, ""); errs.Code(err) != errs.Forbidden {
				t.Fatalf("%s lists the queue: %v", a.Handler(), err)
			}
			if _, err := s.Answer(ctx, a, r.ID, Outcome{}); errs.Code(err) != errs.Forbidden {
				t.Fatalf("%s answers: %v", a.Handler(), err)
			}
			if _, err := s.ReceivedSince(ctx, a, time.Time{}); errs.Code(err) != errs.Forbidden {
				t.Fatalf("%s lists every request: %v", a.Handler(), err)
			}
		}
		if _, err := s.File(ctx, operator, Filing{Service: healthcare, Subject: p.ID, Kind: "access", Channel: Paper}); errs.Code(err) != errs.Forbidden {
			t.Fatalf("an operator records a paper request: %v", err)
		}
		_, err := s.Get(ctx, other, healthcare, r.ID)
		errstest.Want(t, err, errs.NotFound, "")
		es := entriesAbout(t, e, p.ID)
		if last := es[len(es)-1]; last.Outcome != audit.Denied || last.Handler != "subject:"+other.ID {
			t.Fatalf("reading another's request is not logged as denied: %+v", last)
		}
		if d, err := s.Get(ctx, p, healthcare, r.ID); err != nil || d.ID != r.ID {
			t.Fatalf("get own = %+v, %v", d, err)
		}
		paper, err := s.File(ctx, theOfficer, Filing{Service: healthcare, Subject: p.ID, Kind: "deletion", Channel: Paper})
		if err != nil || paper.Channel != Paper {
			t.Fatalf("paper request = %+v, %v", paper, err)
		}
	})
}

// Extension once, before the due date, with a deferral reason; refusal on
// a lawful ground of the kind, telling how to object; then an objection.
func TestExtendRefuseObject(t *testing.T) {
	withParticipant(t, func(t *testing.T, e *vaulttest.Env, s *Service, p vault.Actor) {
		r := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "access"})
		_, err := s.Extend(ctx, theOfficer, r.ID, "because")
		errstest.Want(t, err, errs.Invalid, "unknown_reason")
		x, err := s.Extend(ctx, theOfficer, r.ID, "volume")
		if err != nil || x.Status != Extended || !x.DueAt.Equal(r.DueAt.AddDate(0, 0, ExtensionDays)) || x.Extension == nil {
			t.Fatalf("extend = %+v, %v", x, err)
		}
		_, err = s.Extend(ctx, theOfficer, r.ID, "volume")
		errstest.Want(t, err, errs.Conflict, "already_extended")
		_, err = s.Refuse(ctx, theOfficer, r.ID, "kept_by_law") // a deletion ground
		errstest.Want(t, err, errs.Invalid, "unknown_reason")
		ref, err := s.Refuse(ctx, theOfficer, r.ID, "ongoing_audit")
		if err != nil || ref.Status != Refused || ref.Reason == nil || ref.Reason.Law == "" || ref.HowToObject == "" {
			t.Fatalf("refuse = %+v, %v", ref, err)
		}
		_, err = s.Answer(ctx, theOfficer, r.ID, Outcome{})
		errstest.Want(t, err, errs.Conflict, "already_answered")
		obj := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "objection", ObjectsTo: r.ID})
		if !obj.DueAt.Equal(DueAt(e.Clock.Now())) {
			t.Fatalf("objection due %s", obj.DueAt)
		}
		part, err := s.Answer(ctx, theOfficer, obj.ID, Outcome{Withheld: []string{"health-service"}, Reason: "objection_unfounded"})
		if err != nil || part.Status != PartiallyAnswered || part.HowToObject == "" {
			t.Fatalf("partial = %+v, %v", part, err)
		}
	})
}

// The daily run escalates requests with 3 days or fewer left, once, and
// records a missed deadline once; an answer after the due date is missed too.
func TestDailyEscalatesAndRecordsMisses(t *testing.T) {
	withParticipant(t, func(t *testing.T, e *vaulttest.Env, s *Service, p vault.Actor) {
		a := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "access"})
		b := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "deletion"})
		if res, err := s.Daily(ctx); err != nil || len(res.Escalated)+len(res.Missed) != 0 {
			t.Fatalf("day 0 = %+v, %v", res, err)
		}
		e.Clock.Set(a.DueAt.Add(-3*24*time.Hour + time.Hour)) // 3 days left
		res, err := s.Daily(ctx)
		if err != nil || len(res.Escalated) != 2 || len(res.Missed) != 0 {
			t.Fatalf("escalation = %+v, %v", res, err)
		}
		if res, _ := s.Daily(ctx); len(res.Escalated) != 0 {
			t.Fatalf("escalated twice: %+v", res)
		}
		if q, _ := s.Queue(ctx, theOfficer, ""); !q[0].Escalated || q[0].DaysLeft != 3 {
			t.Fatalf("queue = %+v", q[0])
		}
		if _, err := s.Answer(ctx, theOfficer, a.ID, Outcome{}); err != nil {
			t.Fatal(err)
		}
		e.Clock.Set(b.DueAt.Add(time.Hour))
		res, err = s.Daily(ctx)
		if err != nil || !slices.Equal(res.Missed, []string{b.ID}) {
			t.Fatalf("misses = %+v, %v", res, err)
		}
		late, err := s.Answer(ctx, theOfficer, b.ID, Outcome{})
		if err != nil || !late.Missed {
			t.Fatalf("late answer = %+v, %v", late, err)
		}
		if n, err := s.Missed(ctx); err != nil || n != 1 {
			t.Fatalf("missed = %d, %v", n, err)
		}
	})
}

// A consent withdrawal takes effect on filing: an optional consent is
// withdrawn at once, with its consequence stated; a consent the service
// rests on is withheld, pointing to leaving the service.
func TestConsentWithdrawalAtOnce(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		s := newService(t, e)
		p := e.Subject(t, healthcare, append(healthConsents, "purpose:city-info")...)
		r, err := s.File(ctx, p, Filing{Service: healthcare, Subject: p.ID, Kind: "consent_withdrawal", Consents: []string{"purpose:city-info", "purpose:health-service"}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != PartiallyAnswered || !slices.Equal(r.Withheld, []string{"health-service"}) || r.Reason == nil || r.Reason.Code != "contract_service" || len(r.Consequences) != 2 {
			t.Fatalf("withdrawal = %+v", r)
		}
		cs, err := e.Vault.Consents(ctx, vault.Request{Actor: p, Service: healthcare, Subject: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if withdrawn := c.Withdrawn != nil; withdrawn != (c.Scope == "purpose:city-info") {
				t.Fatalf("consent %s withdrawn = %v", c.Scope, withdrawn)
			}
		}
		_, err = s.File(ctx, p, Filing{Service: healthcare, Subject: p.ID, Kind: "consent_withdrawal"})
		errstest.Want(t, err, errs.Invalid, "unknown_consent")
	})
}

// A correction freezes the named items at once: the gate refuses their
// use (correction_pending) until the officer's answer writes the corrected
// value, which the person then sees; a refused correction lifts the freeze
// with the data unchanged.
func TestCorrectionFreezesThenCorrects(t *testing.T) {
	withParticipant(t, func(t *testing.T, e *vaulttest.Env, s *Service, p vault.Actor) {
		_, err := s.File(ctx, p, Filing{Service: healthcare, Subject: p.ID, Kind: "correction"})
		errstest.Want(t, err, errs.Invalid, "correction_items")
		r := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "correction", Items: []string{"enrolment/name"}})
		operator := vault.Actor{Kind: vault.Staff, ID: "stf_op", Role: "health-operator", Source: "127.0.0.1"}
		read := vault.Request{Actor: operator, Service: healthcare, Purpose: "enrolment", Subject: p.ID, Items: []string{"name"}, Action: vault.View}
		if _, err := e.Vault.List(ctx, read); err == nil {
			t.Fatal("a frozen item was read by an operator")
		}
		es := entriesAbout(t, e, p.ID)
		if last := es[len(es)-1]; last.Reason != vault.ReasonCorrectionPending {
			t.Fatalf("last entry = %+v", last)
		}
		hs, err := e.Vault.Holdings(ctx, vault.Request{Actor: carrier, Service: healthcare, Subject: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		rec := hs[slices.IndexFunc(hs, func(h vault.Holding) bool { return h.Purpose == "enrolment" })].ID
		_, err = s.Answer(ctx, theOfficer, r.ID, Outcome{Corrections: []CorrectedValues{{Record: rec, Values: map[string]string{"mobile": "010-0000-0002"}}}})
		errstest.Want(t, err, errs.Invalid, "unknown_item")
		done, err := s.Answer(ctx, theOfficer, r.ID, Outcome{Corrections: []CorrectedValues{{Record: rec, Values: map[string]string{"name": "김가상둘"}}}})
		if err != nil || done.Status != Answered {
			t.Fatalf("answer = %+v, %v", done, err)
		}
		recs, err := e.Vault.List(ctx, read)
		if err != nil || len(recs) != 1 || recs[0].Values["name"] != "김가상둘" {
			t.Fatalf("after the correction: %+v, %v", recs, err)
		}
		again := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "correction", Items: []string{"enrolment/mobile"}})
		if _, err := s.Refuse(ctx, theOfficer, again.ID, "kept_by_law"); err != nil {
			t.Fatal(err)
		}
		read.Items = []string{"mobile"}
		if recs, err := e.Vault.List(ctx, read); err != nil || recs[0].Values["mobile"] != "010-0000-0001" {
			t.Fatalf("after the refusal: %+v, %v", recs, err)
		}
	})
}

// Deletion destroys the purposes asked for, except what another law keeps,
// which the answer names item by item; suspension stops processing except
// where a statute requires it, and lifting resumes it.
func TestDeletionAndSuspension(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		s := newService(t, e)
		m := e.Subject(t, "bokjiro", "purpose:membership")
		put := vault.Request{Actor: m, Service: "bokjiro", Purpose: "membership", Subject: m.ID, Action: vault.Input}
		if _, err := e.Vault.Put(ctx, put, "membership", map[string]string{"name": "정가상", "email": "jeong@example.invalid"}); err != nil {
			t.Fatal(err)
		}
		sus := mustFile(t, s, m, Filing{Service: "bokjiro", Subject: m.ID, Kind: "suspension", Purposes: []string{"membership", "online-application"}})
		got, err := s.Answer(ctx, theOfficer, sus.ID, Outcome{})
		if err != nil || got.Status != PartiallyAnswered || !slices.Equal(got.Withheld, []string{"online-application"}) || got.Reason.Code != "law_requires" || len(got.Kept) == 0 {
			t.Fatalf("suspension = %+v, %v", got, err)
		}
		cw := vault.Request{Actor: vault.Actor{Kind: vault.Staff, ID: "stf_cw", Role: "caseworker", Source: "127.0.0.1"}, Service: "bokjiro",
			Purpose: "membership", Subject: m.ID, Items: []string{"name"}, Action: vault.View}
		if _, err := e.Vault.List(ctx, cw); err == nil {
			t.Fatal("a suspended purpose was processed")
		}
		if _, err := s.Lift(ctx, theOfficer, sus.ID); err != nil {
			t.Fatal(err)
		}
		if recs, err := e.Vault.List(ctx, cw); err != nil || len(recs) != 1 {
			t.Fatalf("after lifting: %v, %v", recs, err)
		}
		del := mustFile(t, s, m, Filing{Service: "bokjiro", Subject: m.ID, Kind: "deletion", Purposes: []string{"membership", "fraud-report"}})
		got, err = s.Answer(ctx, theOfficer, del.ID, Outcome{})
		if err != nil || got.Status != PartiallyAnswered || got.Reason.Code != "kept_by_law" || !slices.Equal(got.Withheld, []string{"fraud-report"}) {
			t.Fatalf("deletion = %+v, %v", got, err)
		}
		if got.Kept[0].Law == "" || got.Kept[0].Item == "" {
			t.Fatalf("kept = %+v", got.Kept)
		}
		if hs, err := e.Vault.Holdings(ctx, vault.Request{Actor: carrier, Service: "bokjiro", Subject: m.ID}); err != nil || len(hs) != 0 {
			t.Fatalf("after deletion: %+v, %v", hs, err)
		}
	})
}

// A corrected value that a recipient received before is told to it
// through the outbox, once: 한국신체정보(주)'s connector takes the corrected
// value (read through the gate as that recipient) after its system was
// down a while; (주)마음수업, which has no connector for corrections, is
// left for the officer to tell. The old value is in no notice, job or log.
func TestCorrectionTellsRecipients(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		s, out := newServiceOut(t, e)
		p := participant(t, e)
		var recs []*vault.Record
		for _, provision := range []string{"korea-body-info", "maeum-suup"} {
			c := vault.Consent{Scope: "provision:" + provision, Channel: vault.ChannelWeb, Text: "테스트 동의"}
			if _, err := e.Vault.Give(ctx, vault.Request{Actor: p, Service: healthcare, Subject: p.ID}, c); err != nil {
				t.Fatal(err)
			}
			partner := vault.Request{Actor: vault.Actor{Kind: vault.Partner, ID: provision, Source: "127.0.0.1"}, Service: healthcare,
				Purpose: "enrolment", Subject: p.ID, Items: []string{"birth_date"}, Action: vault.View}
			var err error
			if recs, err = e.Vault.List(ctx, partner); err != nil {
				t.Fatal(err)
			}
		}
		r := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "correction", Items: []string{"enrolment/birth_date"}})
		fixed := []CorrectedValues{{Record: recs[0].ID, Values: map[string]string{"birth_date": "1950-02-01"}}}
		if _, err := s.Answer(ctx, theOfficer, r.ID, Outcome{Corrections: fixed}); err != nil {
			t.Fatal(err)
		}
		out.body.Faults.FailNext(1000)
		jobstest.Drain(t, s.cfg.Jobs)
		if got := out.body.Corrections.Received(); len(got) != 0 {
			t.Fatalf("told while down: %+v", got)
		}
		out.body.Faults.FailNext(0)
		e.Clock.Advance(time.Hour)
		jobstest.Drain(t, s.cfg.Jobs)
		e.Clock.Advance(time.Hour)
		jobstest.Drain(t, s.cfg.Jobs)
		got := out.body.Corrections.Received()
		if len(got) != 1 || got[0].SystemID != p.ID || len(got[0].Values) != 1 || got[0].Values["birth_date"] != "1950-02-01" {
			t.Fatalf("the partner received %+v, want the corrected birth date once", got)
		}
		d, err := s.Get(ctx, p, healthcare, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		steps := map[string]string{}
		for _, ev := range d.Events {
			steps[ev.Detail] = ev.Action
		}
		if steps["korea-body-info"] != "recipient_told" || steps["maeum-suup"] != "recipient_to_tell" {
			t.Fatalf("events = %+v", d.Events)
		}
		es := entriesAbout(t, e, p.ID)
		reads := 0
		for _, en := range es {
			if en.Handler == "partner:korea-body-info" && en.Outcome == audit.Allowed && slices.Contains(en.Items, "birth_date") {
				reads++
			}
		}
		if reads < 2 { // the provision's, then one per try of the notice
			t.Fatalf("%d reads as the recipient, want the provision's and the correction notice's", reads)
		}
		logs := ""
		for _, en := range es {
			b, _ := json.Marshal(en)
			logs += string(b)
		}
		rows, err := s.cfg.Jobs.List(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range rows {
			logs += string(j.EncodedArgs)
			for _, je := range j.Errors {
				logs += je.Error
			}
		}
		for _, ev := range d.Events {
			logs += ev.Action + ev.Detail
		}
		received, _ := json.Marshal(got)
		for _, old := range []string{"1950-01-01"} {
			if strings.Contains(logs, old) || strings.Contains(string(received), old) {
				t.Fatalf("the old value is in a notice, job or log")
			}
		}
	})
}
