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
	ps := make([]Prepared, len(entries))
	for i, e := range entries {
		p, err := l.Prepare(e)
		if err != nil {
			return errs.E(errs.Invalid, "%s (entry %d of %d)", err.Error(), i+1, len(entries))
		}
		ps[i] = p
	}
	return l.AppendPrepared(ctx, tx, ps...)
}

// Prepared is an entry validated and encoded, ready to be chained. Preparing
// is most of an append's work per entry; concurrent appenders prepare their
// entries each on its own, so that the transaction that chains them holds
// the chain head only for hashing and writing.
type Prepared struct {
	enc []byte // the canonical encoding
	at  int64  // its time, Unix microseconds
}

// Prepare validates e, stamps a zero Time with the clock and encodes it.
// An invalid entry is errs.Invalid.
func (l *Log) Prepare(e Entry) (Prepared, error) {
	if e.Time.IsZero() {
		e.Time = l.clk.Now()
	}
	n, err := e.normalize()
	if err != nil {
		return Prepared{}, err
	}
	return Prepared{enc: encode(make([]byte, 0, 256), &n), at: n.Time.UnixMicro()}, nil
}

// AppendPrepared is Append for entries already prepared.
func (l *Log) AppendPrepared(ctx context.Context, tx store.Querier, ps ...Prepared) error {
	if len(ps) == 0 {
		return nil
	}
	for _, p := range ps {
		if p.enc == nil {
			return errs.E(errs.Invalid, "audit: an entry was not prepared")
		}
	}
	head, err := l.lockHead(ctx, tx)
	if err != nil {
		return err
	}
	last, err := insertChained(ctx, tx, head, ps)
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
func insertChained(ctx context.Context, tx store.Querier, head position, rows []Prepared) (position, error) {
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
