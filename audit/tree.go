package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/rfc6962"

	"jikimi/errs"
	"jikimi/store"
)

// The Merkle tree is RFC 6962's over SHA-256: leaf i is entry i+1's hash.
// The library's hasher checks proofs; the walks over millions of entries
// use the same two functions written for 32-byte inputs, which allocate
// only their result (TestFastHashesAreRFC6962 holds them equal).
var (
	hasher  = rfc6962.DefaultHasher
	factory = &compact.RangeFactory{Hash: hashChildren}
)

func leafHash(entryHash []byte) []byte {
	var b [1 + sha256.Size]byte // 0x00 || entry hash
	copy(b[1:], entryHash)
	sum := sha256.Sum256(b[:])
	return sum[:]
}

func hashChildren(l, r []byte) []byte {
	var b [1 + 2*sha256.Size]byte // 0x01 || left || right
	b[0] = rfc6962.RFC6962NodeHashPrefix
	copy(b[1:], l)
	copy(b[1+sha256.Size:], r)
	sum := sha256.Sum256(b[:])
	return sum[:]
}

// strataEvery is the spacing of the levels whose perfect subtree hashes are
// stored in audit_nodes: a proof reads at most 2^strataEvery hashes per node
// instead of the leaves beneath it, and the table holds ~n/15 rows.
const strataEvery = 4

func stored(id compact.NodeID) bool { return id.Level > 0 && id.Level%strataEvery == 0 }

// node is one stored perfect subtree.
type node struct {
	id   compact.NodeID
	hash []byte
}

// collect returns a visitor that keeps the stored levels' new nodes.
func collect(out *[]node) compact.VisitFn {
	return func(id compact.NodeID, hash []byte) {
		if stored(id) {
			*out = append(*out, node{id, hash})
		}
	}
}

// packHashes concatenates 32-byte hashes, as the compact columns hold them.
func packHashes(hs [][]byte) []byte {
	out := make([]byte, 0, 32*len(hs))
	for _, h := range hs {
		out = append(out, h...)
	}
	return out
}

// rangeOf rebuilds the compact range [0, size) from its packed hashes.
func rangeOf(size int64, packed []byte) (*compact.Range, error) {
	if len(packed)%32 != 0 {
		return nil, errs.E(errs.Internal, "audit: stored compact range is malformed")
	}
	hs := make([][]byte, len(packed)/32)
	for i := range hs {
		hs[i] = packed[32*i : 32*i+32]
	}
	r, err := factory.NewRange(0, uint64(size), hs)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "audit: stored compact range does not fit its size")
	}
	return r, nil
}

// rootOf is the RFC 6962 root of the range [0, n).
func rootOf(r *compact.Range) []byte {
	if r.End() == 0 {
		return hasher.EmptyRoot()
	}
	root, _ := r.GetRootHash(nil) // begins at 0 by construction
	return root
}

// insertNodes writes stored subtree hashes, a few hundred per statement.
func insertNodes(ctx context.Context, tx store.Querier, nodes []node) error {
	const per = 500
	for start := 0; start < len(nodes); start += per {
		chunk := nodes[start:min(start+per, len(nodes))]
		q := "INSERT INTO audit_nodes (level, idx, hash) VALUES " + placeholders(len(chunk), 3)
		args := make([]any, 0, 3*len(chunk))
		for _, n := range chunk {
			args = append(args, int64(n.id.Level), int64(n.id.Index), n.hash)
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return errs.Wrap(errs.Internal, err, "audit: store tree nodes")
		}
	}
	return nil
}

// placeholders is "(?, ?), (?, ?)" for rows rows of cols columns.
func placeholders(rows, cols int) string {
	b := make([]byte, 0, rows*(cols*3+2))
	for i := range rows {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '(')
		for j := range cols {
			if j > 0 {
				b = append(b, ", "...)
			}
			b = append(b, '?')
		}
		b = append(b, ')')
	}
	return string(b)
}

// nodes reads perfect subtree hashes for proofs: from the pruning anchor,
// from audit_nodes, or folded from what lies beneath.
type nodes struct {
	q      store.Querier
	anchor map[compact.NodeID][]byte
	pruned uint64                    // leaves [0, pruned) are gone
	memo   map[compact.NodeID][]byte // hashes read or folded so far (nil: none kept)
	hashes map[int64][]byte          // entry hashes by seq, read by prefetch (nil: none)
	leaves map[int64]leaf            // proven entries by seq, read by prefetch (nil: none)
}

func (n *nodes) hash(ctx context.Context, id compact.NodeID) ([]byte, error) {
	if h, ok := n.anchor[id]; ok {
		return h, nil
	}
	if h, ok := n.memo[id]; ok {
		return h, nil
	}
	h, err := n.read(ctx, id)
	if err == nil && n.memo != nil {
		n.memo[id] = h
	}
	return h, err
}

// read reads or folds one node's hash.
func (n *nodes) read(ctx context.Context, id compact.NodeID) ([]byte, error) {
	begin, end := id.Coverage()
	switch {
	case stored(id):
		return n.storedHash(ctx, id)
	case id.Level > strataEvery:
		low := id.Level / strataEvery * strataEvery
		if h, ok := n.memoFold(low, begin>>low, end>>low); ok {
			return h, nil
		}
		return n.fold(ctx, (end-begin)>>low, `SELECT hash FROM audit_nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx`,
			int64(low), int64(begin>>low), int64(end>>low))
	case begin >= n.pruned:
		if h, ok := n.leafFold(begin, end); ok {
			return h, nil
		}
		hs, err := entryHashes(ctx, n.q, int64(begin), int64(end))
		if err != nil {
			return nil, err
		}
		return fold(hs, true, end-begin)
	}
	return n.children(ctx, id)
}

func (n *nodes) children(ctx context.Context, id compact.NodeID) ([]byte, error) {
	if id.Level == 0 {
		return nil, errs.E(errs.NotFound, "audit: entry %d was pruned", id.Index+1)
	}
	l, err := n.hash(ctx, compact.NewNodeID(id.Level-1, 2*id.Index))
	if err != nil {
		return nil, err
	}
	r, err := n.hash(ctx, compact.NewNodeID(id.Level-1, 2*id.Index+1))
	if err != nil {
		return nil, err
	}
	return hasher.HashChildren(l, r), nil
}

// fold reads want hashes of one level and folds them.
func (n *nodes) fold(ctx context.Context, want uint64, q string, args ...any) ([]byte, error) {
	hs, err := readHashes(ctx, n.q, q, args...)
	if err != nil {
		return nil, err
	}
	return fold(hs, false, want)
}

// entryHashes reads the hashes of the entries after < seq <= upTo.
func entryHashes(ctx context.Context, q store.Querier, after, upTo int64) ([][]byte, error) {
	s, err := scanEntries(ctx, q, after, upTo)
	if err != nil {
		return nil, err
	}
	var hs [][]byte
	for s.next() {
		hs = append(hs, bytes.Clone(s.r.hash))
	}
	return hs, s.close()
}

// fold hashes want hashes of one level (entry hashes when leaves) pairwise
// up to their perfect subtree's root.
func fold(hs [][]byte, leaves bool, want uint64) ([]byte, error) {
	if uint64(len(hs)) != want {
		return nil, errs.E(errs.NotFound, "audit: the tree is not stored that far (run jikimi audit verify)")
	}
	if leaves {
		for i, h := range hs {
			hs[i] = leafHash(h)
		}
	}
	for len(hs) > 1 {
		for i := range len(hs) / 2 {
			hs[i] = hasher.HashChildren(hs[2*i], hs[2*i+1])
		}
		hs = hs[:len(hs)/2]
	}
	return hs[0], nil
}

func readHashes(ctx context.Context, q store.Querier, query string, args ...any) ([][]byte, error) {
	return store.Column[[]byte](ctx, q, "audit: read hashes", query, args...)
}

func (n *nodes) storedHash(ctx context.Context, id compact.NodeID) ([]byte, error) {
	var h []byte
	err := n.q.QueryRowContext(ctx, `SELECT hash FROM audit_nodes WHERE level = ? AND idx = ?`, int64(id.Level), int64(id.Index)).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "audit: tree node %d/%d is not stored: the tree is not checkpointed that far", id.Level, id.Index)
	}
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "audit: read tree node")
	}
	return h, nil
}
