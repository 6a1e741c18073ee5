package consult

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
)

// Waiting is one consultation in the counsellors' queue: no question, no
// participant, until a counsellor opens it (which the access log records).
type Waiting struct {
	ID      string    `json:"id"`
	AskedAt time.Time `json:"asked_at"`
}

// MaxQueue bounds one page of the queue.
const MaxQueue = 100

func counsellorOnly(a vault.Actor) error {
	if a.Kind != vault.Staff || a.Role != RoleCounsellor {
		return errs.WithReason(errs.Forbidden, "role_forbidden", "consult: only a counsellor answers consultations")
	}
	return nil
}

// Queue lists the unanswered consultations, oldest first.
func (c *Consultations) Queue(ctx context.Context, counsellor vault.Actor) ([]Waiting, error) {
	if err := counsellorOnly(counsellor); err != nil {
		return nil, err
	}
	out, err := store.Collect(ctx, c.SQL.Reader(), "consult: read the queue", func(s store.Scanner, w *Waiting) error {
		var at int64
		err := s.Scan(&w.ID, &at)
		w.AskedAt = time.UnixMicro(at).UTC()
		return err
	}, `SELECT record_id, asked_at FROM hc_consultations WHERE answered_at IS NULL ORDER BY asked_at, record_id LIMIT ?`, MaxQueue)
	if out == nil && err == nil {
		out = []Waiting{} // the queue is a JSON list, empty when nothing waits
	}
	return out, err
}

// subjectOf is the participant a queued consultation belongs to; an
// unknown ID is not_found.
func (c *Consultations) subjectOf(ctx context.Context, id string) (string, error) {
	var subject string
	err := c.SQL.Reader().QueryRowContext(ctx, `SELECT subject_id FROM hc_consultations WHERE record_id = ?`, id).Scan(&subject)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.E(errs.NotFound, "not found")
	}
	return subject, errs.WrapIf(err, "consult: read the queue")
}

// Open reads a consultation for a counsellor, through the gate in the
// counsellor's role (so consent, suspension and the log apply).
func (c *Consultations) Open(ctx context.Context, counsellor vault.Actor, id string) (*Consultation, error) {
	if err := counsellorOnly(counsellor); err != nil {
		return nil, err
	}
	subject, err := c.subjectOf(ctx, id)
	if err != nil {
		return nil, err
	}
	return c.read(ctx, counsellor, subject, id)
}

// Answer writes a counsellor's answer and takes the consultation off the
// queue in one transaction; a consultation answered already is a conflict
// and changes nothing.
func (c *Consultations) Answer(ctx context.Context, counsellor vault.Actor, id, answer string) (*Consultation, error) {
	a, err := text(answer, "answer", MaxAnswer)
	if err != nil {
		return nil, err
	}
	if err := counsellorOnly(counsellor); err != nil {
		return nil, err
	}
	subject, err := c.subjectOf(ctx, id)
	if err != nil {
		return nil, err
	}
	rec, err := c.Gate.Get(ctx, c.request(counsellor, subject, vault.View), id)
	if err != nil {
		return nil, err
	}
	s, err := decode(rec)
	if err != nil {
		return nil, err
	}
	if s.AnsweredAt != 0 {
		return nil, answered()
	}
	now := c.Clock.Now().UnixMicro()
	s.Answer, s.AnsweredAt, s.By = a, now, counsellor.ID
	value, err := s.encode()
	if err != nil {
		return nil, err
	}
	r := c.request(counsellor, subject, vault.Change)
	r.Then = func(ctx context.Context, tx store.Querier) error { return dequeue(ctx, tx, id, now) }
	if err := c.Gate.Update(ctx, r, id, map[string]string{Item: value}); err != nil {
		return nil, err
	}
	return s.consultation(id), nil
}

// dequeue marks the consultation answered, unless another counsellor did
// meanwhile: then the whole answer rolls back.
func dequeue(ctx context.Context, tx store.Querier, id string, now int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE hc_consultations SET answered_at = ? WHERE record_id = ? AND answered_at IS NULL`, now, id)
	if err != nil {
		return errs.WrapIf(err, "consult: dequeue")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return answered()
	}
	return nil
}

func answered() error {
	return errs.WithReason(errs.Conflict, "already_answered", "consult: the consultation is answered already")
}
