package audit

import (
	"bytes"
	"context"

	"github.com/transparency-dev/merkle/compact"

	"jikimi/errs"
	"jikimi/store"
)

// fault is what is wrong with a row where the chain expects its next entry.
type fault int

const (
	sound   fault = iota
	gap           // the row's sequence number is not the next one
	link          // the row's prev is not the last entry's hash
	content       // the row's hash is not SHA-256(prev || its encoding), or its batch does not hold together
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
	if !r.framed || !bytes.Equal(sum[:], r.hash) {
		return content
	}
	c.grow(sum[:])
	return sound
}

// grow adds an entry whose hash the caller has checked to the tree.
func (c *chain) grow(hash []byte) { c.growLeaf(hash, leafHash(hash)) }

// growLeaf is grow with the entry's leaf hash already computed.
func (c *chain) growLeaf(hash, leaf []byte) {
	_ = c.tree.Append(leaf, c.visit) // ranges from one factory always join
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
	return h, errs.WrapIf(err, "audit: read the chain head")
}
