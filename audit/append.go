package audit

import (
	"context"
	"strings"
	"sync"

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

// insertChained encodes rows, hashes them onto the chain after head and
// inserts them with multi-row INSERTs; it returns the new head.
func insertChained(ctx context.Context, tx store.Querier, head position, rows []Entry) (position, error) {
	var buf []byte
	for len(rows) > 0 {
		chunk := rows[:chunkSize(len(rows))]
		rows = rows[len(chunk):]
		args := make([]any, 0, len(chunk)*nColumns)
		encs := make([]byte, 0, len(chunk)*256) // one allocation; each entry a sub-slice
		for i := range chunk {
			start := len(encs)
			encs = encode(encs, &chunk[i])
			enc := encs[start:len(encs):len(encs)]
			var sum [32]byte
			sum, buf = entryHash(buf, head.hash, enc)
			next := position{head.seq + 1, sum[:]}
			args = append(args, next.seq, chunk[i].Time.UnixMicro(), enc, head.hash, next.hash)
			head = next
		}
		if _, err := tx.ExecContext(ctx, insertSQL(len(chunk)), args...); err != nil {
			return position{}, errs.Wrap(errs.Internal, err, "audit: insert entries")
		}
	}
	return head, nil
}

// chunkSize is how many of n rows the next INSERT takes: maxRows, else the
// largest power of two, so a batch of 1,000 is one statement and every
// batch uses at most eleven statement texts, each prepared once.
func chunkSize(n int) int {
	if n >= maxRows {
		return maxRows
	}
	size := 1
	for size*2 <= n {
		size *= 2
	}
	return size
}

// maxRows keeps one INSERT well under both databases' parameter limits
// (SQLite 32,766; PostgreSQL 65,535) and lets a batch of 1,000 go in one
// statement.
const (
	maxRows  = 1000
	nColumns = 5
)

// columns lists audit_entries' columns in the order rows are read and written.
const columns = "seq, at, entry, prev, hash"

// inserts holds the INSERT texts of the chunk sizes, built once each.
var inserts sync.Map

func insertSQL(n int) string {
	if q, ok := inserts.Load(n); ok {
		return q.(string)
	}
	q, _ := inserts.LoadOrStore(n, buildInsert(n))
	return q.(string)
}

func buildInsert(n int) string {
	row := "(" + strings.Repeat("?, ", nColumns-1) + "?)"
	var b strings.Builder
	b.Grow(40 + len(columns) + n*(len(row)+2))
	b.WriteString("INSERT INTO audit_entries (" + columns + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
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
