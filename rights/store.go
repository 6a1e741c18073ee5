package rights

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// Request is one rights request as its requester and the officer see it:
// opaque IDs, codes and dates.
type Request struct {
	ID          string     `json:"id"`
	Service     string     `json:"service"`
	Subject     string     `json:"subject"`
	Kind        Kind       `json:"kind"`
	Status      Status     `json:"status"`
	ReceivedAt  time.Time  `json:"received_at"`
	DueAt       time.Time  `json:"due_at"`
	DaysLeft    int        `json:"days_left"`
	Purposes    []string   `json:"purposes,omitempty"` // none: all
	Items       []string   `json:"items,omitempty"`    // purpose/item; none: all of the purposes
	Requester   Requester  `json:"requester"`
	Channel     Channel    `json:"channel"`
	ObjectsTo   string     `json:"objects_to,omitempty"`
	Attorney    *Attorney  `json:"attorney,omitempty"`
	ExtendedAt  *time.Time `json:"extended_at,omitempty"`
	Extension   *Ground    `json:"extension,omitempty"`
	AnsweredAt  *time.Time `json:"answered_at,omitempty"`
	Reason      *Ground    `json:"reason,omitempty"`
	Withheld    []string   `json:"withheld,omitempty"` // purposes a partial answer leaves out
	HowToObject string     `json:"how_to_object,omitempty"`
	Escalated   bool       `json:"escalated"`
	Missed      bool       `json:"missed_deadline"`
	// Consequences says what a consent withdrawal did; Kept, item by item,
	// which law keeps what a deletion or suspension withheld.
	Consequences []string `json:"consequences,omitempty"`
	Kept         []Kept   `json:"kept,omitempty"`

	requesterRef string
	refs         []string // what the request placed in the gate: purpose:cor_…, purpose:sus_…
}

// Attorney is a proxy's power of attorney (위임장): the kinds of request it
// covers and its period (days, inclusive).
type Attorney struct {
	Kinds []Kind    `json:"kinds"`
	From  time.Time `json:"from"`
	Until time.Time `json:"until"`
}

const requestColumns = `id, service, subject_id, kind, purposes, items, requester, requester_ref, channel, attorney_kinds, attorney_from, attorney_until,
	parent_id, status, received_at, due_at, extended_at, extend_reason, answered_at, reason, withheld, escalated_at, missed_at, refs`

func scanRequest(sc store.Scanner, now time.Time) (*Request, error) {
	var r Request
	var purposes, items, akinds, extReason, reason, withheld, refs string
	var aFrom, aUntil, extended, answered, escalated, missed sql.NullInt64
	var received, due int64
	err := sc.Scan(&r.ID, &r.Service, &r.Subject, &r.Kind, &purposes, &items, &r.Requester, &r.requesterRef, &r.Channel, &akinds, &aFrom, &aUntil,
		&r.ObjectsTo, &r.Status, &received, &due, &extended, &extReason, &answered, &reason, &withheld, &escalated, &missed, &refs)
	if err != nil {
		return nil, err
	}
	r.Purposes, r.Items, r.Withheld, r.refs = split(purposes), split(items), split(withheld), split(refs)
	r.ReceivedAt, r.DueAt = micros(received), micros(due)
	r.ExtendedAt, r.AnsweredAt = optional(extended), optional(answered)
	r.Escalated, r.Missed = escalated.Valid, missed.Valid
	if aFrom.Valid {
		r.Attorney = &Attorney{From: micros(aFrom.Int64), Until: micros(aUntil.Int64)}
		for _, k := range split(akinds) {
			r.Attorney.Kinds = append(r.Attorney.Kinds, Kind(k))
		}
	}
	if g, ok := ground(Deferrals, extReason, r.Kind); ok {
		r.Extension = &g
	}
	if g, ok := ground(Grounds, reason, r.Kind); ok {
		r.Reason = &g
	}
	if r.Status == Refused || r.Status == PartiallyAnswered {
		r.HowToObject = HowToObject
	}
	if r.Status.open() {
		r.DaysLeft = DaysLeft(now, r.DueAt)
	}
	return &r, nil
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func micros(us int64) time.Time { return time.UnixMicro(us).UTC() }

func optional(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := micros(n.Int64)
	return &t
}

func (s *Service) insert(ctx context.Context, tx store.Querier, r *Request) error {
	var akinds string
	var aFrom, aUntil any
	if a := r.Attorney; a != nil {
		ks := make([]string, len(a.Kinds))
		for i, k := range a.Kinds {
			ks[i] = string(k)
		}
		akinds, aFrom, aUntil = strings.Join(ks, ","), a.From.UnixMicro(), a.Until.UnixMicro()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO rights_requests (id, service, subject_id, kind, purposes, items, requester, requester_ref, channel,
		attorney_kinds, attorney_from, attorney_until, parent_id, status, received_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Service, r.Subject, r.Kind, strings.Join(r.Purposes, ","), strings.Join(r.Items, ","), r.Requester, r.requesterRef, r.Channel,
		akinds, aFrom, aUntil, r.ObjectsTo, r.Status, r.ReceivedAt.UnixMicro(), r.DueAt.UnixMicro())
	if err != nil {
		return errs.Wrap(errs.Internal, err, "rights: record request")
	}
	return nil
}

// event appends one step to a request's history.
func event(ctx context.Context, tx store.Querier, id string, at time.Time, actor, action, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO rights_events (request_id, seq, at, actor, action, detail)
		VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM rights_events WHERE request_id = ?), ?, ?, ?, ?)`,
		id, id, at.UnixMicro(), actor, action, detail)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "rights: record step")
	}
	return nil
}

// load reads one request; not_found when missing.
func (s *Service) load(ctx context.Context, q store.Querier, id string) (*Request, error) {
	r, err := scanRequest(q.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM rights_requests WHERE id = ?`, id), s.now())
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "rights: read request")
	}
	s.explain(r)
	return r, nil
}

// explain adds what the policy says of a request's result.
func (s *Service) explain(r *Request) {
	if p, ok := s.cfg.Policies.Current(r.Service, s.now()); ok {
		r.Consequences, r.Kept = Consequences(p, r), keptItems(p, r)
	}
}

// list reads the requests a query selects.
func (s *Service) list(ctx context.Context, query string, args ...any) ([]*Request, error) {
	now := s.now()
	out, err := store.Collect(ctx, s.cfg.SQL.Reader(), "rights: list requests", func(sc store.Scanner, r **Request) (err error) {
		*r, err = scanRequest(sc, now)
		return err
	}, `SELECT `+requestColumns+` FROM rights_requests `+query, args...)
	for _, r := range out {
		s.explain(r)
	}
	return emptyIfNone(out), err
}

// emptyIfNone is s, or an empty slice for none: a list answers [] in JSON,
// never null.
func emptyIfNone[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Event is one step of a request's history.
type Event struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Detail string    `json:"detail,omitempty"`
}

// Events lists a request's steps, oldest first.
func (s *Service) events(ctx context.Context, id string) ([]Event, error) {
	out, err := store.Collect(ctx, s.cfg.SQL.Reader(), "rights: read steps", func(sc store.Scanner, e *Event) error {
		var at int64
		err := sc.Scan(&at, &e.Actor, &e.Action, &e.Detail)
		e.At = micros(at)
		return err
	}, `SELECT at, actor, action, detail FROM rights_events WHERE request_id = ? ORDER BY seq`, id)
	return emptyIfNone(out), err
}
