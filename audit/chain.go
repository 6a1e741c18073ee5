package audit

import (
	"bytes"
	"context"
	"database/sql"

	"github.com/transparency-dev/merkle/compact"

	"jikimi/errs"
	"jikimi/store"
)

// row is one audit_entries row as read; its bytes are valid until the next
// scan, so a walk over millions of rows allocates almost nothing.
type row struct {
	seq, at           int64
	entry, prev, hash sql.RawBytes
}

// rowScanner streams audit_entries rows in sequence order.
type rowScanner struct {
	rows *sql.Rows
	r    row
	dest []any
}

// scanEntries streams the entries with after < seq <= upTo.
func scanEntries(ctx context.Context, q store.Querier, after, upTo int64) (*rowScanner, error) {
	return scanWhere(ctx, q, `seq > ? AND seq <= ?`, after, upTo)
}

// scanWhere streams the entries matching where, in sequence order.
func scanWhere(ctx context.Context, q store.Querier, where string, args ...any) (*rowScanner, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+columns+` FROM audit_entries WHERE `+where+` ORDER BY seq`, args...)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "audit: read entries")
	}
	s := &rowScanner{rows: rows}
	s.dest = []any{&s.r.seq, &s.r.at, &s.r.entry, &s.r.prev, &s.r.hash}
	return s, nil
}

// decoded is r's entry, copied out of the row's buffers.
func (r *row) decoded() (Entry, error) {
	e, err := decodeEntry(r.entry)
	if err != nil {
		return Entry{}, errs.E(errs.Internal, "audit: entry %d is malformed (run jikimi audit verify)", r.seq)
	}
	e.Seq = r.seq
	return e, nil
}

// next reads the next row into s.r; false at the end or on an error.
func (s *rowScanner) next() bool {
	return s.rows.Next() && s.rows.Scan(s.dest...) == nil
}

// close ends the stream and reports any error met on the way.
func (s *rowScanner) close() error {
	err := s.rows.Err()
	if cerr := s.rows.Close(); err == nil {
		err = cerr
	}
	return wrapErr(err, "audit: read entries")
}

// fault is what is wrong with a row where the chain expects its next entry.
type fault int

const (
	sound   fault = iota
	gap           // the row's sequence number is not the next one
	link          // the row's prev is not the last entry's hash
	content       // the row's hash is not SHA-256(prev || its encoding), or its time column differs
)

// chain walks entries in order, checking each link and growing the tree.
type chain struct {
	next  int64  // the sequence number expected next
	prev  []byte // the last entry's hash
	tree  *compact.Range
	visit compact.VisitFn // sees new tree nodes; may be nil
	buf   []byte
}

func newChain(after int64, prev []byte, tree *compact.Range) *chain {
	return &chain{next: after + 1, prev: bytes.Clone(prev), tree: tree}
}

// add checks that r continues the chain and appends its leaf to the tree.
func (c *chain) add(r *row) fault {
	switch {
	case r.seq != c.next:
		return gap
	case !bytes.Equal(r.prev, c.prev):
		return link
	}
	var sum [32]byte
	sum, c.buf = entryHash(c.buf, c.prev, r.entry)
	if at, ok := encodedAt(r.entry); !ok || at != r.at || !bytes.Equal(sum[:], r.hash) {
		return content
	}
	c.grow(sum[:])
	return sound
}

// grow adds an entry whose hash the caller has checked to the tree.
func (c *chain) grow(hash []byte) {
	_ = c.tree.Append(leafHash(hash), c.visit) // ranges from one factory always join
	c.prev = hash
	c.next++
}

func (f fault) String() string {
	switch f {
	case gap:
		return "is missing"
	case link:
		return "does not link to the entry before it"
	case content:
		return "does not match its hash"
	}
	return "is sound"
}

func readHead(ctx context.Context, q store.Querier) (position, error) {
	var h position
	err := q.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&h.seq, &h.hash)
	return h, wrapErr(err, "audit: read the chain head")
}
