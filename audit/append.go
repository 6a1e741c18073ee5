package audit

import (
	"bytes"
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
	now := l.clk.Now() // one time for the batch's unstamped entries, as before Prepare existed
	for i, e := range entries {
		if e.Time.IsZero() {
			e.Time = now
		}
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
	last, err := l.appendAtGuess(ctx, tx, ps)
	if err != nil {
		return err
	}
	if last == nil {
		head, err := l.lockHead(ctx, tx)
		if err != nil {
			return err
		}
		batches, at := packAll(head, ps)
		if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, at.seq, at.hash); err != nil {
			return errs.Wrap(errs.Internal, err, "audit: move the chain head")
		}
		if err := insertAll(ctx, tx, batches); err != nil {
			return err
		}
		last = &at
	}
	l.head.Store(&position{last.seq, bytes.Clone(last.hash)})
	l.nudgeIfDue(last.seq)
	return nil
}

// appendAtGuess appends ps after the head this process last wrote, if the
// chain's head is still there: the head moves only where it still holds
// that guess, in one statement that also takes its lock on PostgreSQL, so
// an append costs no statement to read the head. It returns nil, having
// written nothing, when there is no guess or it is out of date (another
// process appended, or the transaction that wrote it rolled back).
func (l *Log) appendAtGuess(ctx context.Context, tx store.Querier, ps []Prepared) (*position, error) {
	guess := l.head.Load()
	if guess == nil {
		return nil, nil
	}
	batches, last := packAll(*guess, ps)
	if len(batches) == 1 && l.sql.Dialect() == store.Postgres {
		// One round trip: the batch is inserted only where the head moved.
		p := batches[0]
		res, err := tx.ExecContext(ctx, `WITH moved AS (UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ? AND hash = ? RETURNING 1)
			INSERT INTO audit_batches (`+batchColumns+`) SELECT ?, ?, ?, ?, ?, ?, ? FROM moved`,
			last.seq, last.hash, guess.seq, guess.hash, p.first, p.n, p.atMin, p.atMax, p.prev, p.hashes, p.entries)
		if err != nil {
			return nil, errs.Wrap(errs.Internal, err, "audit: insert entries")
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return nil, errs.WrapIf(err, "audit: insert entries")
		}
		return &last, nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ? AND hash = ?`,
		last.seq, last.hash, guess.seq, guess.hash)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "audit: move the chain head")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return nil, errs.WrapIf(err, "audit: move the chain head")
	}
	if err := insertAll(ctx, tx, batches); err != nil {
		return nil, err
	}
	return &last, nil
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

// packAll chains rows after head into batches of at most maxBatch entries
// and returns them with the new head.
func packAll(head position, rows []Prepared) ([]*packed, position) {
	var out []*packed
	for len(rows) > 0 {
		var p *packed
		p, head = pack(head, rows[:min(len(rows), maxBatch)])
		rows = rows[p.n:]
		out = append(out, p)
	}
	return out, head
}

// insertAll stores packed batches, a row each.
func insertAll(ctx context.Context, tx store.Querier, batches []*packed) error {
	for _, p := range batches {
		if err := p.insert(ctx, tx); err != nil {
			return err
		}
	}
	return nil
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
