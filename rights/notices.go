package rights

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/store"
	"jikimi/vault"
)

// Notice kinds.
const (
	NoticeReconsent = "reconsent" // a new policy version needs a consent again
	NoticeUsage     = "usage"     // 이용·제공 내역 통지 (Act 20-2), yearly
	NoticeOnBehalf  = "on_behalf" // a proxy or representative filed a request for the person
	NoticeResult    = "result"    // a request's result: answered, partly answered or refused
	NoticeExtension = "extension" // an extension notice: the new due date and its reason
)

// NoticeRetention is how long a notice is kept: a yearly usage notice
// stays until the next one has been read a year.
const NoticeRetention = 2 * 365 * 24 * time.Hour

// NoticeJob is the outbox job kind that delivers a notice.
const NoticeJob = "rights.notice"

// Notice is one notice to a subject.
type Notice struct {
	ID          string          `json:"id"`
	Kind        string          `json:"kind"`
	Ref         string          `json:"ref"` // the policy version, or the year
	Body        json.RawMessage `json:"body"`
	CreatedAt   time.Time       `json:"created_at"`
	DeliveredAt *time.Time      `json:"delivered_at,omitempty"`
}

// notify records a notice and enqueues its delivery in the same
// transaction; a notice already given (subject, kind, ref) is left as it is.
func (s *Service) notify(ctx context.Context, tx store.Querier, service, subject, kind, ref string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "rights: encode notice")
	}
	id, now := newID("nt_"), s.now()
	res, err := tx.ExecContext(ctx, `INSERT INTO rights_notices (id, service, subject_id, kind, ref, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (subject_id, kind, ref) DO NOTHING`, id, service, subject, kind, ref, string(b), now.UnixMicro())
	if err != nil {
		return errs.Wrap(errs.Internal, err, "rights: record notice")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return errs.WrapIf(s.cfg.Jobs.Insert(ctx, tx, NoticeArgs{Notice: id}, nil), "rights: enqueue notice")
}

// NoticeArgs are a notice delivery's arguments: the notice's opaque ID.
type NoticeArgs struct {
	Notice string `json:"notice"`
}

// Kind is NoticeJob.
func (NoticeArgs) Kind() string { return NoticeJob }

// Deliver is the outbox job that delivers a notice: into the subject's
// notices in the service (what GET me/notices shows), marked delivered,
// and out through the notification gateways to the mobile number and
// e-mail address the person gave the service (see Contact). It is
// idempotent: the in-app mark is set once, and each gateway takes the
// notice's own key once, so a retry after a failed send delivers once.
func (s *Service) Deliver(ctx context.Context, j *jobs.Job[NoticeArgs]) error {
	p := j.Args
	if p.Notice == "" {
		return jobs.Permanent(errs.E(errs.Invalid, "rights: a notice job names its notice"))
	}
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE rights_notices SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL`, s.now().UnixMicro(), p.Notice)
		return errs.WrapIf(err, "rights: deliver notice")
	})
	if err != nil {
		return err
	}
	return s.sendOut(ctx, p.Notice)
}

// Notices lists the signed-in subject's delivered notices in a service,
// newest first.
func (s *Service) Notices(ctx context.Context, actor vault.Actor, service string) ([]Notice, error) {
	if actor.Kind != vault.Subject || actor.ID == "" {
		return nil, forbidden("no_session", "sign in first")
	}
	out, err := store.Collect(ctx, s.cfg.SQL.Reader(), "rights: list notices", func(sc store.Scanner, n *Notice) error {
		var body string
		var created int64
		var delivered sql.NullInt64
		err := sc.Scan(&n.ID, &n.Kind, &n.Ref, &body, &created, &delivered)
		n.Body, n.CreatedAt, n.DeliveredAt = json.RawMessage(body), micros(created), optional(delivered)
		return err
	}, `SELECT id, kind, ref, body, created_at, delivered_at FROM rights_notices
		WHERE subject_id = ? AND service = ? AND delivered_at IS NOT NULL ORDER BY created_at DESC, id`, actor.ID, service)
	return emptyIfNone(out), err
}

// once runs fn for (service, kind, ref) unless it ran already, recording it.
func (s *Service) once(ctx context.Context, service, kind, ref string, fn func() error) error {
	var at int64
	err := s.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT done_at FROM rights_runs WHERE service = ? AND kind = ? AND ref = ?`, service, kind, ref).Scan(&at)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return errs.Wrap(errs.Internal, err, "rights: read runs")
	}
	if err := fn(); err != nil {
		return err
	}
	return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO rights_runs (service, kind, ref, done_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			service, kind, ref, s.now().UnixMicro())
		return errs.WrapIf(err, "rights: record run")
	})
}

// eachSubject calls fn with every subject of a service, a page at a time.
func (s *Service) eachSubject(ctx context.Context, service string, fn func(subject string) error) error {
	after := ""
	for {
		ids, err := s.cfg.Vault.Subjects(ctx, service, after, 500)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := fn(id); err != nil {
				return err
			}
		}
		if len(ids) < 500 {
			return nil
		}
		after = ids[len(ids)-1]
	}
}
