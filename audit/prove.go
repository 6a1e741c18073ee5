package audit

import (
	"bytes"
	"context"
	"crypto/sha256"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"

	"jikimi/errs"
	"jikimi/store"
)

// Prove builds the inclusion proof of entry seq in the tree of checkpoint cp
// (the latest when cp is nil). An auditor checks it with VerifyInclusion and
// the public key alone. A pruned entry is errs.NotFound.
func (l *Log) Prove(ctx context.Context, seq int64, cp *Checkpoint) (*InclusionProof, error) {
	q := l.sql.Reader()
	cp, err := l.orLatest(ctx, cp)
	if err != nil {
		return nil, err
	}
	n, err := newNodes(ctx, q)
	if err != nil {
		return nil, err
	}
	return l.prove(ctx, q, n, seq, cp)
}

// prove is Prove with the nodes to read hashes through: the proofs of one
// person's entries share most of their upper nodes, read once.
func (l *Log) prove(ctx context.Context, q store.Querier, n *nodes, seq int64, cp *Checkpoint) (*InclusionProof, error) {
	var err error
	if seq < 1 || seq > cp.Size {
		return nil, errs.E(errs.Invalid, "audit: entry %d is not in the checkpoint of size %d", seq, cp.Size)
	}
	p := &InclusionProof{Seq: seq, TreeSize: cp.Size}
	if lf, ok := n.leaves[seq]; ok {
		p.Entry, p.Prev = lf.enc, lf.prev
	} else if p.Entry, p.Prev, err = readEncoded(ctx, q, seq); err != nil {
		return nil, err
	}
	ids, _ := proof.Inclusion(uint64(seq-1), uint64(cp.Size)) // in range, checked above
	if p.Path, err = n.path(ctx, ids); err != nil {
		return nil, err
	}
	return p, checkAgainst(cp, func(root []byte) error {
		return proof.VerifyInclusion(hasher, uint64(seq-1), uint64(cp.Size), p.LeafHash(), p.Path, root)
	})
}

// ProveConsistency builds the proof that checkpoint newer's tree extends
// older's. It is errs.NotFound when the nodes it needs were pruned.
func (l *Log) ProveConsistency(ctx context.Context, older, newer *Checkpoint) (*ConsistencyProof, error) {
	newer, err := l.orLatest(ctx, newer)
	if err != nil {
		return nil, err
	}
	if older == nil || older.Size > newer.Size {
		return nil, errs.E(errs.Invalid, "audit: a consistency proof runs from an older checkpoint to a newer one")
	}
	ids, _ := proof.Consistency(uint64(older.Size), uint64(newer.Size)) // ordered, checked above
	n, err := newNodes(ctx, l.sql.Reader())
	if err != nil {
		return nil, err
	}
	path, err := n.path(ctx, ids)
	if err != nil {
		return nil, err
	}
	p := &ConsistencyProof{OldSize: older.Size, NewSize: newer.Size, Path: path}
	return p, checkAgainst(newer, func(root []byte) error {
		return proof.VerifyConsistency(hasher, uint64(older.Size), uint64(newer.Size), path, older.Root, root)
	})
}

func (l *Log) orLatest(ctx context.Context, cp *Checkpoint) (*Checkpoint, error) {
	if cp != nil {
		return cp, nil
	}
	cp, err := l.Latest(ctx)
	if err == nil && cp == nil {
		err = errs.E(errs.NotFound, "audit: no checkpoint yet")
	}
	return cp, err
}

// checkAgainst runs a proof against cp's root before it leaves the log, so
// a log that no longer matches its checkpoint never hands out a bad proof.
func checkAgainst(cp *Checkpoint, check func(root []byte) error) error {
	if err := check(cp.Root); err != nil {
		return errs.Wrap(errs.Internal, err, "audit: the log does not match checkpoint %d (run jikimi audit verify)", cp.Size)
	}
	return nil
}

// newNodes reads the pruning anchor and returns the proofs' node reader.
func newNodes(ctx context.Context, q store.Querier) (*nodes, error) {
	a, err := readPrefix(ctx, q, anchorPrefix, "")
	if err != nil {
		return nil, err
	}
	return &nodes{q: q, anchor: a.nodes(), pruned: uint64(a.size), memo: map[compact.NodeID][]byte{}}, nil
}

// path reads the hashes of a proof's nodes and folds the ephemeral ones.
func (n *nodes) path(ctx context.Context, p proof.Nodes) ([][]byte, error) {
	var err error
	hs := make([][]byte, len(p.IDs))
	for i, id := range p.IDs {
		if hs[i], err = n.hash(ctx, id); err != nil {
			return nil, err
		}
	}
	return p.Rehash(hs, hasher.HashChildren)
}

// readEncoded reads entry seq's canonical encoding and the hash before it.
func readEncoded(ctx context.Context, q store.Querier, seq int64) (enc, prev []byte, err error) {
	s, err := scanEntries(ctx, q, seq-1, seq)
	if err != nil {
		return nil, nil, err
	}
	if s.next() {
		enc, prev = bytes.Clone(s.r.entry), bytes.Clone(s.r.prev)
	}
	if err := s.close(); err != nil {
		return nil, nil, err
	}
	if enc == nil {
		return nil, nil, errs.E(errs.NotFound, "audit: entry %d was pruned or does not exist", seq)
	}
	return enc, prev, nil
}

// entryHashOf is SHA-256(prev || encoding), as the chain has it.
func entryHashOf(prev, enc []byte) []byte {
	h := sha256.New()
	h.Write(prev)
	h.Write(enc)
	return h.Sum(nil)
}

// ProveEntries returns the latest published checkpoint, with its witnesses'
// cosignatures, and the inclusion proof of each entry (by Seq) against it;
// when an entry is newer than that checkpoint, a new one is signed first.
// It is what a person's access answer carries, so that they can check
// offline (jikimi audit verify --proof) that the log holds what they were
// shown and that no one can later remove it unseen.
func (l *Log) ProveEntries(ctx context.Context, entries []Entry) (*Checkpoint, []*InclusionProof, error) {
	cp, err := l.Latest(ctx)
	if err != nil {
		return nil, nil, err
	}
	newest := int64(0)
	for _, e := range entries {
		newest = max(newest, e.Seq)
	}
	if cp == nil || newest > cp.Size {
		if cp, err = l.Checkpoint(ctx); err != nil {
			return nil, nil, err
		}
	}
	q := l.sql.Reader()
	n, err := newNodes(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	seqs := make([]int64, len(entries))
	for i, e := range entries {
		seqs[i] = e.Seq
	}
	if err := n.prefetch(ctx, seqs, uint64(cp.Size)); err != nil {
		return nil, nil, err
	}
	proofs := make([]*InclusionProof, len(entries))
	for i, e := range entries {
		if proofs[i], err = l.prove(ctx, q, n, e.Seq, cp); err != nil {
			return nil, nil, err
		}
	}
	return cp, proofs, nil
}
