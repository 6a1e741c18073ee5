package audit

import (
	"context"

	"github.com/transparency-dev/merkle/compact"

	"jikimi/errs"
	"jikimi/store"
)

// prefix is a prefix of the log kept as a row of audit_prefixes: treePrefix
// is what the checkpointer has integrated, anchorPrefix what Prune deleted.
// It spans entries 1..size; lastHash is entry size's hash (zeros for none)
// and rng the compact range of leaves [0, size).
type prefix struct {
	name     string
	size     int64
	lastHash []byte
	rng      *compact.Range
}

const (
	treePrefix   = "tree"
	anchorPrefix = "anchor"
)

// readPrefix reads a prefix; suffix may lock its row (Log.forUpdate).
func readPrefix(ctx context.Context, q store.Querier, name, suffix string) (*prefix, error) {
	p := prefix{name: name}
	var packed []byte
	err := q.QueryRowContext(ctx, `SELECT size, last_hash, compact FROM audit_prefixes WHERE name = ?`+suffix, name).
		Scan(&p.size, &p.lastHash, &packed)
	if err != nil {
		return nil, errs.WrapIf(err, "audit: read the %s prefix", name)
	}
	p.rng, err = rangeOf(p.size, packed)
	return &p, err
}

func (p *prefix) write(ctx context.Context, tx store.Querier) error {
	_, err := tx.ExecContext(ctx, `UPDATE audit_prefixes SET size = ?, last_hash = ?, compact = ? WHERE name = ?`,
		p.size, p.lastHash, packHashes(p.rng.Hashes()), p.name)
	return errs.WrapIf(err, "audit: write the %s prefix", p.name)
}

// chain starts a walk over the entries after p, growing a copy of its range.
func (p *prefix) chain() *chain { return newChain(p.size, p.lastHash, copyRange(p.rng)) }

// extend moves p to where the walk c has got to.
func (p *prefix) extend(c *chain) { p.size, p.lastHash, p.rng = c.next-1, c.prev, c.tree }

// nodes maps p's compact range to the tree nodes it holds.
func (p *prefix) nodes() map[compact.NodeID][]byte {
	ids := compact.RangeNodes(0, uint64(p.size), nil)
	m := make(map[compact.NodeID][]byte, len(ids))
	for i, id := range ids {
		m[id] = p.rng.Hashes()[i]
	}
	return m
}

// copyRange is an independent copy of r, so growing it leaves r as it was.
func copyRange(r *compact.Range) *compact.Range {
	hs := make([][]byte, len(r.Hashes()))
	copy(hs, r.Hashes())
	c, _ := factory.NewRange(r.Begin(), r.End(), hs) // r's own shape always fits
	return c
}
