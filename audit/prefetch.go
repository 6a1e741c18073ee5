package audit

import (
	"bytes"
	"context"
	"maps"
	"slices"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"

	"jikimi/errs"
)

// leaf is what a proof needs of one entry: its canonical encoding, the hash
// before it, and its own hash.
type leaf struct{ enc, prev, hash []byte }

// prefetchChunk bounds the node indexes one statement of prefetch names.
const prefetchChunk = 500

// prefetch reads in bulk what the inclusion proofs of seqs in a tree of size
// will ask n for: the stored nodes above the entries, a level at a time, and
// the entries of each 2^strataEvery-entry block whose lower levels the
// proofs fold, a run of adjacent blocks at a time. A person's entries lie
// far apart in a busy log, so each proof has nodes of its own below the
// shared upper ones; read one at a time they were several statements a
// proof (on PostgreSQL, round trips). What it does not find is left for
// the proofs to read, and to report, one at a time as before.
func (n *nodes) prefetch(ctx context.Context, seqs []int64, size uint64) error {
	levels := map[uint][]uint64{} // stored nodes wanted, by level
	blocks := map[uint64]bool{}   // block numbers (leaf index >> strataEvery)
	var want func(id compact.NodeID)
	want = func(id compact.NodeID) {
		if _, ok := n.anchor[id]; ok {
			return
		}
		if _, ok := n.memo[id]; ok {
			return
		}
		begin, end := id.Coverage()
		switch {
		case stored(id):
			levels[id.Level] = append(levels[id.Level], id.Index)
		case id.Level > strataEvery:
			low := id.Level / strataEvery * strataEvery
			for i := begin >> low; i < end>>low; i++ {
				levels[low] = append(levels[low], i)
			}
		case begin >= n.pruned:
			blocks[begin>>strataEvery] = true
		case id.Level > 0:
			want(compact.NewNodeID(id.Level-1, 2*id.Index))
			want(compact.NewNodeID(id.Level-1, 2*id.Index+1))
		}
	}
	for _, seq := range seqs {
		if seq < 1 || uint64(seq) > size {
			continue // prove refuses it
		}
		blocks[uint64(seq-1)>>strataEvery] = true // its own encoding
		p, err := proof.Inclusion(uint64(seq-1), size)
		if err != nil {
			continue
		}
		for _, id := range p.IDs {
			want(id)
		}
	}
	if err := n.readStored(ctx, levels); err != nil {
		return err
	}
	return n.readBlocks(ctx, slices.Sorted(maps.Keys(blocks)))
}

// readStored puts the stored nodes named into the memo.
func (n *nodes) readStored(ctx context.Context, levels map[uint][]uint64) error {
	for level, idx := range levels {
		slices.Sort(idx)
		idx = slices.Compact(idx)
		for start := 0; start < len(idx); start += prefetchChunk {
			chunk := idx[start:min(start+prefetchChunk, len(idx))]
			args := make([]any, 0, len(chunk)+1)
			args = append(args, int64(level))
			for _, i := range chunk {
				args = append(args, int64(i))
			}
			rows, err := n.q.QueryContext(ctx, `SELECT idx, hash FROM audit_nodes WHERE level = ? AND idx IN (`+inList(len(chunk))+`)`, args...)
			if err != nil {
				return errs.Wrap(errs.Internal, err, "audit: read tree nodes")
			}
			for rows.Next() {
				var i int64
				var h []byte
				if err := rows.Scan(&i, &h); err != nil {
					rows.Close()
					return errs.Wrap(errs.Internal, err, "audit: read tree nodes")
				}
				n.memo[compact.NewNodeID(level, uint64(i))] = h
			}
			if err := rows.Close(); err != nil {
				return errs.Wrap(errs.Internal, err, "audit: read tree nodes")
			}
		}
	}
	return nil
}

// readBlocks reads the entries of the blocks (sorted), a run of adjacent
// blocks a statement.
func (n *nodes) readBlocks(ctx context.Context, blocks []uint64) error {
	if n.leaves == nil {
		n.leaves = map[int64]leaf{}
	}
	for len(blocks) > 0 {
		k := 1
		for k < len(blocks) && blocks[k] == blocks[k-1]+1 {
			k++
		}
		after, upTo := int64(blocks[0]<<strataEvery), int64((blocks[k-1]+1)<<strataEvery)
		blocks = blocks[k:]
		s, err := scanEntries(ctx, n.q, after, upTo)
		if err != nil {
			return err
		}
		for s.next() {
			n.leaves[s.r.seq] = leaf{enc: bytes.Clone(s.r.entry), prev: bytes.Clone(s.r.prev), hash: bytes.Clone(s.r.hash)}
		}
		if err := s.close(); err != nil {
			return err
		}
	}
	return nil
}

// memoFold folds the level-low nodes [from, to) from the memo, if all are
// there.
func (n *nodes) memoFold(low uint, from, to uint64) ([]byte, bool) {
	hs := make([][]byte, 0, to-from)
	for i := from; i < to; i++ {
		h, ok := n.memo[compact.NewNodeID(low, i)]
		if !ok {
			return nil, false
		}
		hs = append(hs, h)
	}
	h, err := fold(hs, false, to-from)
	return h, err == nil
}

// leafFold folds the entries [begin, end) (leaf indexes) from the
// prefetched blocks, if all are there.
func (n *nodes) leafFold(begin, end uint64) ([]byte, bool) {
	hs := make([][]byte, 0, end-begin)
	for i := begin; i < end; i++ {
		lf, ok := n.leaves[int64(i)+1]
		if !ok || lf.hash == nil {
			return nil, false
		}
		hs = append(hs, lf.hash)
	}
	h, err := fold(hs, true, end-begin)
	return h, err == nil
}

// inList is "?, ?, ..." n times.
func inList(n int) string {
	return string(bytes.TrimSuffix(bytes.Repeat([]byte("?, "), n), []byte(", ")))
}
