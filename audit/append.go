package audit

import (
	"context"

	"jikimi/errs"
	"jikimi/store"
)

// Append adds entries to the log inside the caller's transaction tx, so an
// access and its log entry commit or roll back together. It assigns
// sequence numbers, stamps a zero Time with the clock and chains each entry
// to the one before. Invalid entries are errs.Invalid and nothing is written.
// Appenders serialise on the chain head's row.
func (l *Log) Append(ctx context.Context, tx store.Querier, entries ...Entry) error {
	if len(entries) == 0 {
		return nil
	}
	rows, err := l.prepare(entries)
	if err != nil {
		return err
	}
	head, err := l.lockHead(ctx, tx)
	if err != nil {
		return err
	}
	last, err := insertChained(ctx, tx, head, rows)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, last.seq, last.hash); err != nil {
		return errs.Wrap(errs.Internal, err, "audit: move the chain head")
	}
	l.nudgeIfDue(last.seq)
	return nil
}

// position is a place in the chain: a sequence number and its entry's hash.
type position struct {
	seq  int64
	hash []byte
}

// prepare validates every entry before anything is written.
func (l *Log) prepare(entries []Entry) ([]Entry, error) {
	rows := make([]Entry, len(entries))
	now := l.clk.Now()
	for i, e := range entries {
		if e.Time.IsZero() {
			e.Time = now
		}
		n, err := e.normalize()
		if err != nil {
			return nil, errs.E(errs.Invalid, "%s (entry %d of %d)", err.Error(), i+1, len(entries))
		}
		rows[i] = n
	}
	return rows, nil
}

func (l *Log) lockHead(ctx context.Context, tx store.Querier) (position, error) {
	var h position
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`+l.forUpdate()).Scan(&h.seq, &h.hash)
	if err != nil {
		return position{}, errs.Wrap(errs.Internal, err, "audit: read the chain head")
	}
	return h, nil
}

// insertChained chains rows after head and stores them packed, a batch of
// at most maxBatch entries a row; it returns the new head.
func insertChained(ctx context.Context, tx store.Querier, head position, rows []Entry) (position, error) {
	for len(rows) > 0 {
		var p *packed
		p, head = pack(head, rows[:min(len(rows), maxBatch)])
		rows = rows[p.n:]
		if err := p.insert(ctx, tx); err != nil {
			return position{}, err
		}
	}
	return head, nil
}

// nudgeIfDue wakes Run when CheckpointEvery entries wait to be checkpointed.
func (l *Log) nudgeIfDue(head int64) {
	if head-l.integrated.Load() < CheckpointEvery {
		return
	}
	select {
	case l.nudge <- struct{}{}:
	default:
	}
}
