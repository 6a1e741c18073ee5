package audit

import (
	"context"
	"database/sql"
	"math"

	"jikimi/errs"
	"jikimi/store"
)

// The log is stored packed: one audit_batches row per appended batch (at
// most maxBatch entries), holding the batch's first sequence number, its
// count, the earliest and latest entry time (for the inspection's index),
// the hash before its first entry, every entry's hash (32 bytes each) and
// the entries' canonical encodings one after another. Chaining, Merkle
// leaves and every check stay per entry: the rest of the package reads the
// log as rows, one an entry, through rowScanner.
const maxBatch = 4096

// batchColumns lists audit_batches' columns in the order rows are read and written.
const batchColumns = "seq, n, at_min, at_max, prev, hashes, entries"

// row is one entry as read; its bytes are valid until the next scan, so a
// walk over millions of entries allocates almost nothing.
type row struct {
	seq, at           int64
	entry, prev, hash []byte
	// framed is false when the row's batch does not hold together: its
	// hashes or encodings do not split into its count, or its stored time
	// bounds are not its entries'. Checked like the entry's own hash.
	framed bool
}

// packed is a batch being written.
type packed struct {
	first, atMin, atMax int64
	prev                []byte
	hashes, entries     []byte
	n                   int64
}

// pack chains prepared entries after head and returns the batch and the
// new head.
func pack(head position, entries []Prepared) (*packed, position) {
	size := 0
	for _, e := range entries {
		size += len(e.enc)
	}
	p := &packed{first: head.seq + 1, prev: head.hash, n: int64(len(entries)),
		hashes: make([]byte, 0, 32*len(entries)), entries: make([]byte, 0, size)}
	var buf []byte
	for i, e := range entries {
		p.entries = append(p.entries, e.enc...)
		var sum [32]byte
		sum, buf = entryHash(buf, head.hash, e.enc)
		p.hashes = append(p.hashes, sum[:]...)
		head = position{head.seq + 1, p.hashes[len(p.hashes)-32:]}
		p.bound(e.at, i == 0)
	}
	return p, head
}

func (p *packed) bound(at int64, first bool) {
	if first || at < p.atMin {
		p.atMin = at
	}
	if first || at > p.atMax {
		p.atMax = at
	}
}

func (p *packed) insert(ctx context.Context, tx store.Querier) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_batches (`+batchColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		p.first, p.n, p.atMin, p.atMax, p.prev, p.hashes, p.entries)
	return errs.WrapIf(err, "audit: insert entries")
}

// rowScanner streams the entries in after < seq <= upTo, batch by batch, in
// batch order. It reads its rows by hand, not with store.Each, on purpose:
// it is pulled one entry at a time (next) by walks that merge it with other
// streams (checkpoints in verify) or stop early, over a log too large to
// hold, and scans into sql.RawBytes reused from batch to batch.
type rowScanner struct {
	rows        *sql.Rows
	after, upTo int64
	b           struct {
		seq, n, atMin, atMax  int64
		prev, hashes, entries sql.RawBytes
	}
	encs   [][]byte // the current batch's encodings
	i      int      // the next of them
	framed bool     // the current batch holds together
	r      row
	dest   []any
	err    error // a row that did not scan, for close
}

// scanEntries streams the entries with after < seq <= upTo.
func scanEntries(ctx context.Context, q store.Querier, after, upTo int64) (*rowScanner, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+batchColumns+` FROM audit_batches
		WHERE seq >= COALESCE((SELECT MAX(seq) FROM audit_batches WHERE seq <= ?), 0) AND seq <= ? ORDER BY seq`, after+1, upTo)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "audit: read entries")
	}
	return newRowScanner(rows, after, upTo), nil
}

// scanTimes streams the entries of every batch with an entry recorded in
// [from, to): the caller picks the entries in it.
func scanTimes(ctx context.Context, q store.Querier, from, to int64) (*rowScanner, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+batchColumns+` FROM audit_batches WHERE at_max >= ? AND at_min < ? ORDER BY seq`, from, to)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "audit: read entries")
	}
	return newRowScanner(rows, 0, math.MaxInt64), nil
}

func newRowScanner(rows *sql.Rows, after, upTo int64) *rowScanner {
	s := &rowScanner{rows: rows, after: after, upTo: upTo}
	s.dest = []any{&s.b.seq, &s.b.n, &s.b.atMin, &s.b.atMax, &s.b.prev, &s.b.hashes, &s.b.entries}
	return s
}

// next reads the next entry into s.r; false at the end or on an error.
func (s *rowScanner) next() bool {
	for {
		for s.i < len(s.encs) {
			if s.emit() {
				return true
			}
		}
		if !s.rows.Next() {
			return false
		}
		if s.err = s.rows.Scan(s.dest...); s.err != nil {
			return false
		}
		s.split()
	}
}

// emit makes entry s.i of the batch the current row, if it is in range.
func (s *rowScanner) emit() bool {
	i := s.i
	s.i++
	seq := s.b.seq + int64(i)
	if seq <= s.after || seq > s.upTo {
		return false
	}
	r := &s.r
	r.seq, r.entry, r.framed = seq, s.encs[i], s.framed
	r.at, _ = encodedAt(r.entry)
	r.prev, r.hash = s.b.prev, nil
	if i > 0 {
		r.prev = s.b.hashes[32*(i-1) : 32*i]
	}
	if len(s.b.hashes) >= 32*(i+1) {
		r.hash = s.b.hashes[32*i : 32*(i+1)]
	}
	return true
}

// split cuts the batch just read into its encodings. A batch that does not
// hold together becomes one unframed row at its first sequence number, so
// whoever checks it names that entry.
func (s *rowScanner) split() {
	s.encs, s.i = s.encs[:0], 0
	rest := []byte(s.b.entries)
	lo, hi := int64(0), int64(0)
	for len(rest) > 0 {
		n, ok := encodedLen(rest)
		if !ok {
			break
		}
		at, _ := encodedAt(rest[:n])
		if len(s.encs) == 0 || at < lo {
			lo = at
		}
		if len(s.encs) == 0 || at > hi {
			hi = at
		}
		s.encs = append(s.encs, rest[:n:n])
		rest = rest[n:]
	}
	count := int64(len(s.encs))
	s.framed = len(rest) == 0 && count == s.b.n && int64(len(s.b.hashes)) == 32*count && lo == s.b.atMin && hi == s.b.atMax
	if count == 0 || len(rest) != 0 || count != s.b.n || int64(len(s.b.hashes)) != 32*count {
		s.encs = append(s.encs[:0], s.b.entries)
	}
}

// decoded is r's entry, copied out of the row's buffers.
func (r *row) decoded() (Entry, error) {
	e, err := decodeEntry(r.entry)
	if err != nil || !r.framed {
		return Entry{}, errs.E(errs.Internal, "audit: entry %d is malformed (run jikimi audit verify)", r.seq)
	}
	e.Seq = r.seq
	return e, nil
}

// close ends the stream and reports any error met on the way.
func (s *rowScanner) close() error {
	err := s.err
	if err == nil {
		err = s.rows.Err()
	}
	if cerr := s.rows.Close(); err == nil {
		err = cerr
	}
	return errs.WrapIf(err, "audit: read entries")
}
