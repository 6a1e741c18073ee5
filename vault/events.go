package vault

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
)

// RetentionEvent is something that happened to a subject's data that a
// retention rule may wait for (policy.Events): a result notified, a
// withdrawal, an unsubscription, a watch linked, a request completed.
// Whose data, in which service and for which purpose is the Request's that
// Event is called with.
type RetentionEvent struct {
	Case  string    // "": every case of the purpose
	Event string    // a key of policy.Events
	At    time.Time // when it happened; never after now

	service, subject, purpose string // the request's; purpose "": every purpose of the service with a rule that waits for the event
}

// The vault fires these itself: collection when a record is stored, a
// draft's change when it is changed, details_destroyed when the records a
// rule waiting for it follows are destroyed.
var engineEvents = []string{"collection", "draft_changed", "details_destroyed"}

// A subject may report these of themselves.
var subjectEvents = []string{"withdrawal", "unsubscribe"}

// Event records a retention event and dates the subject's records that
// waited for it: under `after: E` they fall due a period after it, under
// `until: E` at once, and under a rule kept separately their move into
// separate storage falls due. Records stored later never inherit it. The
// actor is a system job, staff in a role of each purpose, or the subject
// reporting their own withdrawal or unsubscription; consent is not asked,
// since an event only ever ends keeping. One log entry per purpose counts the
// records dated; Event returns their number. r names the actor, service and
// subject, and the purpose, or "" for every purpose of the service with a
// rule that waits for the event; its items and action are unused.
func (v *Vault) Event(ctx context.Context, r Request, e RetentionEvent) (int, error) {
	actor := r.Actor
	e.service, e.subject, e.purpose = r.Service, r.Subject, r.Purpose
	v.resolve(&r)
	if r.pol == nil {
		return 0, errs.E(errs.NotFound, "no policy in force for service %q", r.Service)
	}
	purposes, err := v.checkEvent(r.pol, e)
	if err != nil {
		return 0, err
	}
	reqs := make([]Request, len(purposes))
	for i, pu := range purposes {
		reqs[i] = Request{Actor: actor, Service: e.service, Purpose: pu.ID, Subject: e.subject, Action: Change}
	}
	if err := validate(reqs[0]); err != nil {
		return 0, err
	}
	n := 0
	var denied error
	err = v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if svc, err := subjectService(ctx, tx, e.subject); err != nil || svc != e.service {
			return notFound()
		}
		if denied = eventActor(actor, e, purposes); denied != nil {
			return v.logAll(ctx, tx, reqs, denied)
		}
		n, err = v.happenedAll(ctx, tx, e, purposes, reqs)
		return err
	})
	if err == nil {
		err = denied
	}
	return n, err
}

// happenedAll records the event for each purpose, with its log entry.
func (v *Vault) happenedAll(ctx context.Context, tx store.Querier, e RetentionEvent, purposes []*policy.Purpose, reqs []Request) (int, error) {
	n := 0
	for i, pu := range purposes {
		k, err := v.happened(ctx, tx, pu, e)
		if err != nil {
			return 0, err
		}
		n += k
		if err := v.cfg.Log.Append(ctx, tx, v.entry(reqs[i], nil, k)); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// checkEvent rejects a malformed event and returns the purposes it dates.
func (v *Vault) checkEvent(p *policy.Policy, e RetentionEvent) ([]*policy.Purpose, error) {
	switch {
	case policy.Events[e.Event] == "":
		return nil, errs.E(errs.Invalid, "vault: unknown retention event %q", e.Event)
	case slices.Contains(engineEvents, e.Event):
		return nil, errs.E(errs.Invalid, "vault: the event %q is fired by the vault itself", e.Event)
	case e.At.IsZero() || e.At.After(v.cfg.Clock.Now()):
		return nil, errs.E(errs.Invalid, "vault: an event is recorded with the time it happened, which is not in the future")
	case !validCase(e.Case):
		return nil, errs.E(errs.Invalid, "vault: a case is an opaque ID of at most 64 letters, digits, '.', '_' or '-'")
	}
	var out []*policy.Purpose
	for _, pu := range p.Purposes {
		if (e.purpose == "" || pu.ID == e.purpose) && waitingRule(pu, e.Event) {
			out = append(out, pu)
		}
	}
	if len(out) == 0 {
		return nil, errs.E(errs.Invalid, "vault: no retention rule of %s purpose %q waits for %q", e.service, e.purpose, e.Event)
	}
	return out, nil
}

func waitingRule(pu *policy.Purpose, event string) bool {
	return slices.ContainsFunc(pu.Retention, func(r *policy.Retention) bool { return waitsFor(r) == event })
}

// eventActor: a system job; staff in a role of every purpose; the subject
// for their own withdrawal or unsubscription.
func eventActor(actor Actor, e RetentionEvent, purposes []*policy.Purpose) error {
	switch actor.Kind {
	case System:
		return nil
	case Subject:
		if actor.ID == e.subject && slices.Contains(subjectEvents, e.Event) {
			return nil
		}
	case Staff:
		for _, pu := range purposes {
			if err := staffMay(e.service, pu, actor); err != nil {
				return err
			}
		}
		return nil
	}
	return deny(ReasonRoleForbidden, "this actor may not report %q for these purposes", e.Event)
}

func (v *Vault) logAll(ctx context.Context, tx store.Querier, reqs []Request, denial error) error {
	for _, r := range reqs {
		if err := v.cfg.Log.Append(ctx, tx, v.entry(r, denial, 0)); err != nil {
			return err
		}
	}
	return nil
}

// happened stores the event of one purpose and dates its waiting records.
func (v *Vault) happened(ctx context.Context, tx store.Querier, pu *policy.Purpose, e RetentionEvent) (int, error) {
	id, err := v.newID("evt_")
	if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO pd_events (id, subject_id, service, purpose, case_id, event, at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		id, e.subject, e.service, pu.ID, e.Case, e.Event, e.At.UnixMicro(), v.now())
	if err != nil {
		return 0, errs.Wrap(errs.Internal, err, "vault: record event")
	}
	n, err := dateWaiting(ctx, tx, pu, e)
	if err != nil {
		return 0, err
	}
	k, err := hasten(ctx, tx, pu, e)
	return n + k, err
}

// hasten brings forward to the event the due date of the records of e's
// subject, purpose and case kept for a period or until e, whichever comes
// first (already dated from collection). A record already in a plan stays
// in it: it only falls due sooner.
func hasten(ctx context.Context, tx store.Querier, pu *policy.Purpose, e RetentionEvent) (int, error) {
	n := 0
	at := e.At.UnixMicro()
	for _, rr := range pu.Retention {
		if shape, _ := rr.Shape(); shape != policy.ShapePeriodUntil || rr.Until != e.Event {
			continue
		}
		res, err := tx.ExecContext(ctx, `UPDATE pd_records SET due_at = ? WHERE subject_id = ? AND purpose = ? AND rule = ?
			AND (? = '' OR case_id = ?) AND (due_at IS NULL OR due_at > ?)`, at, e.subject, pu.ID, rr.ID, e.Case, e.Case, at)
		if err != nil {
			return 0, errs.Wrap(errs.Internal, err, "vault: bring a due date forward")
		}
		k, err := res.RowsAffected()
		if err != nil {
			return 0, errs.Wrap(errs.Internal, err, "vault: bring a due date forward")
		}
		n += int(k)
	}
	return n, nil
}

// waiting is a record without a due date.
type waiting struct {
	id, rule, keep   string
	created, updated int64
}

// dateWaiting gives the records of e's subject, purpose and case that wait
// for e their due date.
func dateWaiting(ctx context.Context, tx store.Querier, pu *policy.Purpose, e RetentionEvent) (int, error) {
	ws, err := waitingRecords(ctx, tx, e.subject, pu.ID, e.Case)
	if err != nil {
		return 0, err
	}
	at := func(name string) (time.Time, bool) { return e.At, name == e.Event }
	n := 0
	for _, w := range ws {
		rr := pu.Rule(w.rule)
		if rr == nil || waitsFor(rr) != e.Event {
			continue
		}
		due, ok := dueOf(rr, w.facts(at))
		if _, err := tx.ExecContext(ctx, `UPDATE pd_records SET due_at = ? WHERE id = ? AND due_at IS NULL`, micros(due, ok), w.id); err != nil {
			return 0, errs.Wrap(errs.Internal, err, "vault: date record")
		}
		n++
	}
	return n, nil
}

func (w waiting) facts(event func(string) (time.Time, bool)) dueFacts {
	keep, _ := policy.ParsePeriod(w.keep) // "" or a period the vault wrote
	return dueFacts{created: fromMicros(w.created), updated: fromMicros(w.updated), keep: keep, event: event}
}

func waitingRecords(ctx context.Context, tx store.Querier, subject, purpose, caseID string) ([]waiting, error) {
	return store.Collect(ctx, tx, "vault: read waiting records", func(s store.Scanner, w *waiting) error {
		return s.Scan(&w.id, &w.rule, &w.keep, &w.created, &w.updated)
	}, `SELECT id, rule, keep_for, created_at, updated_at FROM pd_records
		WHERE subject_id = ? AND purpose = ? AND due_at IS NULL AND (? = '' OR case_id = ?)`, subject, purpose, caseID, caseID)
}

// redraft re-dates a record whose rule runs from its last change
// (draft_changed); it is called when the record changes. Like every change
// of a due date, it takes the record out of any destruction plan.
func (v *Vault) redraft(ctx context.Context, t *txn, rule, id string) error {
	pu := t.pu
	if pu == nil || pu.Rule(rule) == nil || waitsFor(pu.Rule(rule)) != "draft_changed" {
		return nil
	}
	due := micros(dueOf(pu.Rule(rule), dueFacts{updated: v.cfg.Clock.Now()}))
	_, err := t.tx.ExecContext(ctx, `UPDATE pd_records SET due_at = ?, plan_id = NULL WHERE id = ?`, due, id)
	return errs.WrapIf(err, "vault: re-date a draft")
}

// firstEvent is when the named event first happened to a record of the
// subject's purpose and case stored at or before since (events apply only to
// the records that exist when they are recorded).
func firstEvent(ctx context.Context, tx store.Querier, subject, purpose, caseID, event string, since int64) (time.Time, bool, error) {
	var at sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT MIN(at) FROM pd_events WHERE subject_id = ? AND purpose = ? AND event = ? AND (case_id = '' OR case_id = ?) AND recorded_at >= ?`,
		subject, purpose, event, caseID, since).Scan(&at)
	if err != nil {
		return time.Time{}, false, errs.Wrap(errs.Internal, err, "vault: read events")
	}
	return fromMicros(at.Int64), at.Valid, nil
}
