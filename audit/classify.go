package audit

import (
	"bytes"
	"context"
	"fmt"
	"math"
)

// classify names the first bad entry once the chain breaks at row r (a copy)
// and what most likely happened to it, from the evidence around it:
//   - r's fields do not match its hash: altered (or inserted, when the entry
//     after r links straight to the one before r);
//   - r is sound but links elsewhere: to an entry that stands after it
//     (reordered), to one further back (the entries between were inserted),
//     or to a hash no entry has (the entry before r was removed).
func (v *verifier) classify(ctx context.Context, r *row) error {
	last := v.c.prev
	next, err := v.readRow(ctx, r.seq+1)
	if err != nil {
		return err
	}
	linksPast := next != nil && bytes.Equal(next.prev, last) && consistent(next)
	if !consistent(r) {
		if linksPast {
			v.bad(r.seq, Inserted, "entry %d is not in the chain: entry %d links to entry %d", r.seq, r.seq+1, r.seq-1)
		} else {
			v.bad(r.seq, Altered, "entry %d's fields do not match its hash", r.seq)
		}
		return nil
	}
	p, found, err := v.seqOfHash(ctx, r.prev)
	if err != nil {
		return err
	}
	v.linkedElsewhere(r.seq, p, found, linksPast)
	return nil
}

func (v *verifier) linkedElsewhere(seq, p int64, found, linksPast bool) {
	switch {
	case linksPast && !(found && p == seq+1):
		v.bad(seq, Inserted, "entry %d is not in the chain: entry %d links to entry %d", seq, seq+1, seq-1)
	case found && p >= seq:
		v.bad(seq, Reordered, "entry %d links to entry %d, which stands after it", seq, p)
	case found:
		v.bad(p+1, Inserted, "entries %d..%d are not in the chain: entry %d links to entry %d", p+1, seq-1, seq, p)
	default:
		v.bad(seq, Removed, "entry %d links to a hash no entry has: the entry before it was removed (or changed and its hash recomputed)", seq)
	}
}

func (v *verifier) bad(seq int64, k Kind, format string, args ...any) {
	v.rep.FirstBad = &Problem{seq, k, fmt.Sprintf(format, args...)}
}

// consistent reports whether r's hash is SHA-256 of its own prev and
// entry, and its batch holds together.
func consistent(r *row) bool {
	sum, _ := entryHash(nil, r.prev, r.entry)
	return r.framed && bytes.Equal(sum[:], r.hash)
}

// readRow reads entry seq as an owned copy, nil when there is none.
func (v *verifier) readRow(ctx context.Context, seq int64) (*row, error) {
	s, err := scanEntries(ctx, v.q, seq-1, seq)
	if err != nil {
		return nil, err
	}
	var out *row
	if s.next() {
		out = s.r.clone()
	}
	return out, s.close()
}

func (r *row) clone() *row {
	return &row{seq: r.seq, at: r.at, entry: bytes.Clone(r.entry), prev: bytes.Clone(r.prev), hash: bytes.Clone(r.hash), framed: r.framed}
}

// seqOfHash finds the entry whose hash is h (the anchor's included). It
// reads the whole log: it runs once, on the failure path only.
func (v *verifier) seqOfHash(ctx context.Context, h []byte) (int64, bool, error) {
	if bytes.Equal(h, v.anchor.lastHash) {
		return v.anchor.size, true, nil
	}
	s, err := scanEntries(ctx, v.q, 0, math.MaxInt64)
	if err != nil {
		return 0, false, err
	}
	seq, found := int64(0), false
	for !found && s.next() {
		seq, found = s.r.seq, bytes.Equal(s.r.hash, h)
	}
	return seq, found, s.close()
}
