package rights

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
)

// officer refuses anyone but staff in the privacy officer's role.
func officer(actor vault.Actor) error {
	if actor.Kind != vault.Staff || actor.Role != OfficerRole || actor.ID == "" {
		return forbidden("role_missing", "only the privacy officer handles rights requests")
	}
	return nil
}

// Queue lists the open requests of a service ("" for every service), the
// least time left first: the privacy officer's work list.
func (s *Service) Queue(ctx context.Context, actor vault.Actor, service string) ([]*Request, error) {
	if err := officer(actor); err != nil {
		return nil, err
	}
	return s.list(ctx, `WHERE status IN (?, ?, ?, ?) AND (? = '' OR service = ?) ORDER BY due_at, received_at, id`,
		Received, Verifying, InProgress, Extended, service, service)
}

// ReceivedSince lists every request of every service received from from
// on, oldest first, whatever its status: what the officer's charts count
// (requests per week by kind, time to answer).
func (s *Service) ReceivedSince(ctx context.Context, actor vault.Actor, from time.Time) ([]*Request, error) {
	if err := officer(actor); err != nil {
		return nil, err
	}
	return s.list(ctx, `WHERE received_at >= ? ORDER BY received_at, id`, from.UnixMicro())
}

// Detail is one request with its history.
type Detail struct {
	*Request
	Events []Event `json:"events"`
}

// Open is the officer opening a request: it is then in progress (its
// requester's standing checked), and the step is logged.
func (s *Service) Open(ctx context.Context, actor vault.Actor, id string) (*Detail, error) {
	r, err := s.transition(ctx, actor, id, vault.View, func(r *Request, now time.Time) (*change, error) {
		if r.Status != Received && r.Status != Verifying {
			return nil, nil
		}
		return &change{set: "status = ?", args: []any{InProgress}, action: "opened"}, nil
	})
	if err != nil {
		return nil, err
	}
	events, err := s.events(ctx, id)
	return &Detail{Request: r, Events: events}, err
}

// Outcome is the officer's answer: the purposes left out of a partial
// answer, with the lawful ground for leaving them out.
type Outcome struct {
	Withheld    []string          `json:"withheld,omitempty"`
	Reason      string            `json:"reason,omitempty"`
	Corrections []CorrectedValues `json:"corrections,omitempty"` // a correction's new values, one record per purpose
}

// Answer sends a request's result. A partial answer (some purposes
// withheld) names the lawful ground; the answer itself is carried out by
// the request's kind (see carry).
func (s *Service) Answer(ctx context.Context, actor vault.Actor, id string, o Outcome) (*Request, error) {
	return s.transition(ctx, actor, id, vault.Change, func(r *Request, now time.Time) (*change, error) {
		if !r.Status.open() {
			return nil, conflict("already_answered", "the request already has its result")
		}
		if len(o.Withheld) > 0 || o.Reason != "" {
			if _, ok := ground(Grounds, o.Reason, r.Kind); !ok || len(o.Withheld) == 0 {
				return nil, invalid("unknown_reason", "a partial answer names the purposes withheld and a lawful ground for a %s request", r.Kind)
			}
			if err := s.withinScope(r, o.Withheld); err != nil {
				return nil, err
			}
		}
		if len(o.Corrections) > 0 && r.Kind != Correction {
			return nil, invalid("not_a_correction", "only a correction's answer carries corrected values")
		}
		p, err := s.policy(r.Service)
		if err != nil {
			return nil, err
		}
		auto, why, refs, told, err := s.carry(ctx, actor, p, r, o)
		if err != nil {
			return nil, err
		}
		withheld, reason := append(slices.Clone(o.Withheld), auto...), cmp.Or(o.Reason, why)
		status := Answered
		if len(withheld) > 0 {
			status = PartiallyAnswered
		}
		c := s.result(r, now, status, reason, withheld)
		if len(refs) > 0 {
			c.set += ", refs = ?"
			c.args = append(c.args, strings.Join(append(r.refs, refs...), ","))
		}
		c.also = func(tx store.Querier) error { return s.tellRecipients(ctx, tx, r, told) }
		return c, nil
	})
}

// withinScope: withheld purposes are declared and within the request.
func (s *Service) withinScope(r *Request, purposes []string) error {
	p, err := s.policy(r.Service)
	if err != nil {
		return err
	}
	for _, id := range purposes {
		if p.Purpose(id) == nil || (len(r.Purposes) > 0 && !slices.Contains(r.Purposes, id)) {
			return invalid("unknown_purpose", "purpose %q is not one the request concerns", id)
		}
	}
	return nil
}

// Refuse refuses a request on a lawful ground for its kind.
func (s *Service) Refuse(ctx context.Context, actor vault.Actor, id, reason string) (*Request, error) {
	return s.transition(ctx, actor, id, vault.Change, func(r *Request, now time.Time) (*change, error) {
		if !r.Status.open() {
			return nil, conflict("already_answered", "the request already has its result")
		}
		if _, ok := ground(Grounds, reason, r.Kind); !ok {
			return nil, invalid("unknown_reason", "%q is not a lawful ground for refusing a %s request", reason, r.Kind)
		}
		if r.Kind == Correction {
			if _, err := s.resolve(ctx, actor, r, nil, reason); err != nil { // the freeze ends, the data unchanged
				return nil, err
			}
		}
		return s.result(r, now, Refused, reason, nil), nil
	})
}

// result is the change that gives a request its result; a result sent
// after the due date records the missed deadline too.
func (s *Service) result(r *Request, now time.Time, status Status, reason string, withheld []string) *change {
	c := &change{set: "status = ?, answered_at = ?, reason = ?, withheld = ?", args: []any{status, now.UnixMicro(), reason, strings.Join(withheld, ",")},
		action: string(status), detail: reason, notice: NoticeResult,
		body: resultNotice{Request: r.ID, Kind: r.Kind, Status: status, Reason: reason, Withheld: withheld}}
	if status != Answered {
		c.body.HowToObject = HowToObject
	}
	if !now.Before(r.DueAt) && !r.Missed {
		c.set += ", missed_at = ?"
		c.args = append(c.args, now.UnixMicro())
	}
	return c
}

// Extend sends an extension notice: once, before the due date, with a
// reason of Deferrals; the due date moves by ExtensionDays.
func (s *Service) Extend(ctx context.Context, actor vault.Actor, id, reason string) (*Request, error) {
	return s.transition(ctx, actor, id, vault.Change, func(r *Request, now time.Time) (*change, error) {
		switch {
		case !r.Status.open():
			return nil, conflict("already_answered", "the request already has its result")
		case r.ExtendedAt != nil:
			return nil, conflict("already_extended", "a request is extended once")
		case !now.Before(r.DueAt):
			return nil, conflict("past_due", "the due date has passed: an extension notice must be sent before it")
		}
		if _, ok := ground(Deferrals, reason, r.Kind); !ok {
			return nil, invalid("unknown_reason", "%q is not a reason for an extension (want volume, third_party_check or identity_check)", reason)
		}
		due := extendedDue(r.DueAt)
		return &change{set: "status = ?, extended_at = ?, extend_reason = ?, due_at = ?, escalated_at = NULL",
			args: []any{Extended, now.UnixMicro(), reason, due.UnixMicro()}, action: "extended", detail: reason,
			notice: NoticeExtension, body: resultNotice{Request: r.ID, Kind: r.Kind, Status: Extended, Reason: reason, DueAt: &due}}, nil
	})
}

// change is one update of a request and its history step.
type change struct {
	set            string
	args           []any
	action, detail string
	also           func(tx store.Querier) error // more to write in the same transaction, if any
	notice         string                       // the notice kind the change sends the person, if any
	body           resultNotice
}

// resultNotice is what a result or extension notice holds: codes and
// dates, never a value of the person's data.
type resultNotice struct {
	Request     string     `json:"request"`
	Kind        Kind       `json:"kind"`
	Status      Status     `json:"status"`
	Reason      string     `json:"reason,omitempty"`
	Withheld    []string   `json:"withheld,omitempty"`
	DueAt       *time.Time `json:"due_at,omitempty"`
	HowToObject string     `json:"how_to_object,omitempty"`
}

// transition applies the change decide returns (nil: none) to request id,
// as the privacy officer, logging the step through the gate.
func (s *Service) transition(ctx context.Context, actor vault.Actor, id string, action vault.Action, decide func(*Request, time.Time) (*change, error)) (*Request, error) {
	if err := officer(actor); err != nil {
		return nil, err
	}
	r, err := s.load(ctx, s.cfg.SQL.Reader(), id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	c, err := decide(r, now)
	if err != nil {
		return nil, err
	}
	err = s.step(ctx, actor, r.Service, r.Subject, action, false, func(tx store.Querier) error {
		if c == nil {
			return nil
		}
		res, err := tx.ExecContext(ctx, `UPDATE rights_requests SET `+c.set+` WHERE id = ? AND status = ?`, append(c.args, id, r.Status)...)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "rights: update request")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("changed", "the request changed meanwhile; open it again")
		}
		if c.also != nil {
			if err := c.also(tx); err != nil {
				return err
			}
		}
		if c.notice != "" { // the person is told, through the outbox, in the same transaction
			if err := s.notify(ctx, tx, r.Service, r.Subject, c.notice, id, c.body); err != nil {
				return err
			}
		}
		return event(ctx, tx, id, now, actor.Handler(), c.action, c.detail)
	})
	if err != nil {
		return nil, err
	}
	return s.load(ctx, s.cfg.SQL.Reader(), id)
}

// Mine lists the requests about the signed-in subject in a service, newest first.
func (s *Service) Mine(ctx context.Context, actor vault.Actor, service string) ([]*Request, error) {
	if actor.Kind != vault.Subject || actor.ID == "" {
		return nil, forbidden("no_session", "sign in first")
	}
	if _, err := s.policy(service); err != nil {
		return nil, err
	}
	return s.list(ctx, `WHERE subject_id = ? AND service = ? ORDER BY received_at DESC, id`, actor.ID, service)
}

// Get is one request about the signed-in subject. Another person's request
// is not found, and the attempt is logged as denied.
func (s *Service) Get(ctx context.Context, actor vault.Actor, service, id string) (*Detail, error) {
	r, err := s.load(ctx, s.cfg.SQL.Reader(), id)
	if err != nil {
		return nil, err
	}
	if r.Service != service {
		return nil, notFound()
	}
	if err := s.step(ctx, actor, r.Service, r.Subject, vault.View, false, func(store.Querier) error { return nil }); err != nil {
		return nil, err
	}
	events, err := s.events(ctx, id)
	return &Detail{Request: r, Events: events}, err
}

// Lift ends the suspensions an answered suspension request placed (at the
// subject's wish, or when its ground ends): processing resumes, and the
// lifting is recorded in the request's history and the access log.
func (s *Service) Lift(ctx context.Context, actor vault.Actor, id string) (*Request, error) {
	if err := officer(actor); err != nil {
		return nil, err
	}
	r, err := s.load(ctx, s.cfg.SQL.Reader(), id)
	if err != nil {
		return nil, err
	}
	if r.Kind != Suspension || len(r.refs) == 0 {
		return nil, conflict("nothing_to_lift", "the request placed no suspension")
	}
	for _, ref := range r.refs {
		purpose, _, _ := strings.Cut(ref, ":")
		if err := s.cfg.Vault.Lift(ctx, vault.Request{Actor: carrier, Service: r.Service, Purpose: purpose, Subject: r.Subject}); err != nil && errs.Code(err) != errs.NotFound {
			return nil, err
		}
	}
	err = s.step(ctx, actor, r.Service, r.Subject, vault.Change, false, func(tx store.Querier) error {
		if _, err := tx.ExecContext(ctx, `UPDATE rights_requests SET refs = '' WHERE id = ?`, id); err != nil {
			return errs.Wrap(errs.Internal, err, "rights: update request")
		}
		return event(ctx, tx, id, s.now(), actor.Handler(), "lifted", "")
	})
	if err != nil {
		return nil, err
	}
	return s.load(ctx, s.cfg.SQL.Reader(), id)
}
