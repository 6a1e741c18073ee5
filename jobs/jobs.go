package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/store"
)

// Job is one claimed unit of work.
type Job struct {
	ID      int64
	Kind    string
	Key     string
	Payload json.RawMessage
	Attempt int // 1 on the first run
}

// Handler runs one job. It must be idempotent.
type Handler func(ctx context.Context, j Job) error

// permanent marks an error that no retry can fix.
type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// Permanent marks err as one no retry can fix: the job dies at once.
func Permanent(err error) error { return permanent{err} }

// Enqueue adds a job in the caller's transaction, to run from at. A job of
// the same kind and key already enqueued is left as it is: enqueueing is
// idempotent. The payload is encoded as JSON and must hold opaque IDs only.
func Enqueue(ctx context.Context, tx store.Querier, now, at time.Time, kind, key string, payload any) error {
	if kind == "" || key == "" {
		return errs.E(errs.Invalid, "jobs: a job has a kind and a key")
	}
	data, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("jobs: encoding the payload of a %s job: %w", kind, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO jobs (kind, job_key, payload, run_at, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (kind, job_key) DO NOTHING`, kind, key, string(data), at.UnixMicro(), now.UnixMicro())
	return err
}

// Queue runs the jobs of the kinds it has handlers for.
type Queue struct {
	sql         store.SQL
	clk         clock.Clock
	lease       time.Duration
	maxAttempts int
	backoff     time.Duration

	mu       sync.RWMutex
	handlers map[string]Handler
}

// Config configures a queue; zero values take the defaults.
type Config struct {
	SQL         store.SQL
	Clock       clock.Clock
	Lease       time.Duration // how long a claim lasts: default 5 minutes
	MaxAttempts int           // runs before a job is dead: default 10
	Backoff     time.Duration // wait after the first failure, doubling: default 30 s
}

// New returns a queue.
func New(cfg Config) *Queue {
	q := &Queue{sql: cfg.SQL, clk: cfg.Clock, lease: cfg.Lease, maxAttempts: cfg.MaxAttempts, backoff: cfg.Backoff, handlers: map[string]Handler{}}
	if q.lease <= 0 {
		q.lease = 5 * time.Minute
	}
	if q.maxAttempts <= 0 {
		q.maxAttempts = 10
	}
	if q.backoff <= 0 {
		q.backoff = 30 * time.Second
	}
	return q
}

// Handle registers the handler of a kind.
func (q *Queue) Handle(kind string, h Handler) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.handlers[kind] = h
}

func (q *Queue) kinds() []any {
	q.mu.RLock()
	defer q.mu.RUnlock()
	out := make([]any, 0, len(q.handlers))
	for k := range q.handlers {
		out = append(out, k)
	}
	return out
}

func (q *Queue) handler(kind string) Handler {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return q.handlers[kind]
}

// RunDue claims up to limit due jobs, runs them one by one and records each
// outcome. It returns how many ran; a job's failure is recorded on the job,
// not returned.
func (q *Queue) RunDue(ctx context.Context, limit int) (int, error) {
	claimed, err := q.claim(ctx, limit)
	if err != nil {
		return 0, err
	}
	for _, j := range claimed {
		runErr := q.handler(j.Kind)(ctx, j)
		if ctx.Err() != nil {
			return 0, ctx.Err() // the lease brings the job back
		}
		if err := q.finish(ctx, j, runErr); err != nil {
			return 0, err
		}
	}
	return len(claimed), nil
}

// claim takes due jobs, pushing their run_at past the lease.
func (q *Queue) claim(ctx context.Context, limit int) ([]Job, error) {
	kinds := q.kinds()
	if len(kinds) == 0 {
		return nil, nil
	}
	now := q.clk.Now()
	var out []Job
	err := q.sql.InTx(ctx, func(tx store.Querier) error {
		out = out[:0]
		args := append([]any{now.UnixMicro()}, kinds...)
		rows, err := tx.QueryContext(ctx, `SELECT id, kind, job_key, payload, attempts FROM jobs
			WHERE done_at IS NULL AND dead_at IS NULL AND run_at <= ? AND kind IN (`+marks(len(kinds))+`)
			ORDER BY run_at, id LIMIT `+fmt.Sprint(limit), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var j Job
			var payload string
			if err := rows.Scan(&j.ID, &j.Kind, &j.Key, &payload, &j.Attempt); err != nil {
				rows.Close()
				return err
			}
			j.Payload, j.Attempt = json.RawMessage(payload), j.Attempt+1
			out = append(out, j)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, j := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE jobs SET run_at = ?, attempts = ? WHERE id = ?`,
				now.Add(q.lease).UnixMicro(), j.Attempt, j.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func marks(n int) string {
	b := make([]byte, 0, 2*n)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '?')
	}
	return string(b)
}

// finish records a run's outcome: done, retry later, or dead.
func (q *Queue) finish(ctx context.Context, j Job, runErr error) error {
	now := q.clk.Now()
	var query string
	var args []any
	switch {
	case runErr == nil:
		query, args = `UPDATE jobs SET done_at = ?, last_error = '' WHERE id = ?`, []any{now.UnixMicro(), j.ID}
	case errors.As(runErr, new(permanent)) || j.Attempt >= q.maxAttempts:
		query, args = `UPDATE jobs SET dead_at = ?, last_error = ? WHERE id = ?`, []any{now.UnixMicro(), safeError(runErr), j.ID}
	default:
		wait := q.backoff << min(j.Attempt-1, 16)
		query, args = `UPDATE jobs SET run_at = ?, last_error = ? WHERE id = ?`, []any{now.Add(wait).UnixMicro(), safeError(runErr), j.ID}
	}
	return q.sql.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	})
}

// safeError keeps an error's code and user-safe message: errors of this
// system never carry personal data, and this cuts them short besides.
func safeError(err error) string {
	msg := err.Error()
	var e *errs.Error
	if errors.As(err, &e) {
		msg = e.Code + ": " + e.Message
	}
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}

// Work runs due jobs every interval until ctx ends.
func (q *Queue) Work(ctx context.Context, every time.Duration, batch int) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for {
			n, err := q.RunDue(ctx, batch)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
			if n < batch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// State is a job as an operator sees it.
type State struct {
	ID        int64
	Kind, Key string
	Attempts  int
	LastError string
	Done      bool
	Dead      bool
}

// Get returns the state of one job by kind and key.
func (q *Queue) Get(ctx context.Context, kind, key string) (State, error) {
	var s State
	var done, dead sql.NullInt64
	err := q.sql.Reader().QueryRowContext(ctx, `SELECT id, kind, job_key, attempts, last_error, done_at, dead_at FROM jobs
		WHERE kind = ? AND job_key = ?`, kind, key).Scan(&s.ID, &s.Kind, &s.Key, &s.Attempts, &s.LastError, &done, &dead)
	if errors.Is(err, sql.ErrNoRows) {
		return s, errs.E(errs.NotFound, "no %s job %q", kind, key)
	}
	s.Done, s.Dead = done.Valid, dead.Valid
	return s, err
}
