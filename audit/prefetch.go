package audit

import (
	"bytes"
	"context"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"

	"jikimi/errs"
)

// leaf is what a proof needs of its own entry: the canonical encoding and
// the hash before it.
type leaf struct{ enc, prev []byte }

// prefetchChunk bounds the node indexes one statement of prefetch names.
const prefetchChunk = 500

// prefetch reads in bulk what the inclusion proofs of seqs in a tree of size
// will ask n for: the stored nodes above the entries, a level at a time; the
// entry hashes of each 2^strataEvery-entry block whose lower levels the
// proofs fold, a run of adjacent blocks at a time, without the entries
// themselves (a block's neighbours may sit in a bulk job's batch of
// thousands); and the proven entries, whole. A person's entries lie
// far apart in a busy log, so each proof has nodes of its own below the
// shared upper ones; read one at a time they were several statements a
// proof (on PostgreSQL, round trips). What it does not find is left for
// the proofs to read, and to report, one at a time as before.
func (n *nodes) prefetch(ctx context.Context, seqs []int64, size uint64) error {
	levels := map[uint][]uint64{} // stored nodes wanted, by level
	blocks := map[uint64]bool{}   // block numbers (leaf index >> strataEvery)
	var own []uint64              // the proven entries' leaf indexes
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
		own = append(own, uint64(seq-1))
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
	if n.hashes == nil {
		n.hashes, n.leaves = map[int64][]byte{}, map[int64]leaf{}
	}
	bs := slices.Sorted(maps.Keys(blocks))
	if err := n.readRanges(ctx, runs(bs, strataEvery), n.readHashes); err != nil {
		return err
	}
	slices.Sort(own)
	return n.readRanges(ctx, runs(slices.Compact(own), 0), n.readEntries)
}

// runs turns sorted units (blocks of 2^shift leaves) into ranges of
// sequence numbers (after, upTo], one per run of adjacent units.
func runs(units []uint64, shift uint) [][2]int64 {
	var out [][2]int64
	for len(units) > 0 {
		k := 1
		for k < len(units) && units[k] == units[k-1]+1 {
			k++
		}
		out = append(out, [2]int64{int64(units[0] << shift), int64((units[k-1] + 1) << shift)})
		units = units[k:]
	}
	return out
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

// rangesPerRead bounds the ranges of one statement of readRanges.
const rangesPerRead = 128

// readRanges reads the batches of the ranges, rangesPerRead ranges a
// statement, through read.
func (n *nodes) readRanges(ctx context.Context, ranges [][2]int64, read func(context.Context, string, []any) error) error {
	for len(ranges) > 0 {
		k := min(len(ranges), rangesPerRead)
		if err := read(ctx, rangesFrom(k), rangeArgs(ranges[:k])); err != nil {
			return err
		}
		ranges = ranges[k:]
	}
	return nil
}

// rangesFrom is the FROM and WHERE of a statement reading the batches of
// size ranges, each found as scanEntries finds its batches; the list is
// padded to a power of two (rangeArgs), so that a few statement texts
// serve, and a batch read twice (padding, two ranges in one batch) is
// taken once by the callers.
func rangesFrom(k int) string {
	return ` FROM (VALUES ` + valuePairs(padded(k)) + `) AS r CROSS JOIN audit_batches
		WHERE seq >= COALESCE((SELECT MAX(seq) FROM audit_batches WHERE seq <= r.column1), 0) AND seq <= r.column2 ORDER BY seq`
}

func padded(k int) int {
	size := 1
	for size < k {
		size *= 2
	}
	return size
}

func rangeArgs(ranges [][2]int64) []any {
	size := padded(len(ranges))
	args := make([]any, 0, 2*size)
	for i := range size {
		r := ranges[min(i, len(ranges)-1)]
		args = append(args, r[0]+1, r[1])
	}
	return args
}

// readHashes keeps the hashes of the entries in the ranges, cut out of
// their batches by the database (a bulk job's batch holds thousands), not
// their entries. A batch whose hashes do not match its count is left for
// the proofs to read, and to report, one at a time.
func (n *nodes) readHashes(ctx context.Context, from string, args []any) error {
	const first = `CASE WHEN r.column1 > seq THEN r.column1 - seq ELSE 0 END`
	const last = `CASE WHEN r.column2 < seq + n - 1 THEN r.column2 - seq ELSE n - 1 END`
	rows, err := n.q.QueryContext(ctx, `SELECT seq, n, LENGTH(hashes), `+first+`, SUBSTR(hashes, CAST(1 + 32 * (`+first+`) AS INTEGER), CAST(32 * (`+last+` - (`+first+`) + 1) AS INTEGER))`+from, args...)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "audit: read entry hashes")
	}
	defer rows.Close()
	for rows.Next() {
		var seq, count, size, i0 int64
		var hs []byte
		if err := rows.Scan(&seq, &count, &size, &i0, &hs); err != nil {
			return errs.Wrap(errs.Internal, err, "audit: read entry hashes")
		}
		if size != 32*count || len(hs)%32 != 0 {
			continue
		}
		for i := range int64(len(hs) / 32) {
			n.hashes[seq+i0+i] = hs[32*i : 32*(i+1)]
		}
	}
	return errs.WrapIf(rows.Err(), "audit: read entry hashes")
}

// readEntries keeps the entries of the batches read (their encodings, the
// hashes before them, their own hashes).
func (n *nodes) readEntries(ctx context.Context, from string, args []any) error {
	rows, err := n.q.QueryContext(ctx, `SELECT `+batchColumns+from, args...)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "audit: read entries")
	}
	s := newRowScanner(rows, 0, math.MaxInt64)
	last := int64(0)
	for s.next() {
		if s.r.seq <= last {
			continue // a batch read again
		}
		last = s.r.seq
		n.leaves[s.r.seq] = leaf{enc: bytes.Clone(s.r.entry), prev: bytes.Clone(s.r.prev)}
		if s.r.hash != nil {
			n.hashes[s.r.seq] = bytes.Clone(s.r.hash)
		}
	}
	return s.close()
}

// valuePairs is "(CAST(? AS BIGINT), CAST(? AS BIGINT)), ..." n times: a
// VALUES list whose columns PostgreSQL types as the sequence numbers.
func valuePairs(n int) string {
	return strings.TrimSuffix(strings.Repeat("(CAST(? AS BIGINT), CAST(? AS BIGINT)), ", n), ", ")
}

// memoFold folds the level-low nodes [from, to) from the memo, if all are
// there.
func (n *nodes) memoFold(low uint, from, to uint64) ([]byte, bool) {
	return foldKnown(from, to, false, func(i uint64) ([]byte, bool) {
		h, ok := n.memo[compact.NewNodeID(low, i)]
		return h, ok
	})
}

// leafFold folds the entries [begin, end) (leaf indexes) from the
// prefetched blocks, if all are there.
func (n *nodes) leafFold(begin, end uint64) ([]byte, bool) {
	return foldKnown(begin, end, true, func(i uint64) ([]byte, bool) {
		h, ok := n.hashes[int64(i)+1]
		return h, ok
	})
}

// foldKnown folds the hashes [from, to) that known has, if it has them all.
func foldKnown(from, to uint64, leaves bool, known func(uint64) ([]byte, bool)) ([]byte, bool) {
	hs := make([][]byte, 0, to-from)
	for i := from; i < to; i++ {
		h, ok := known(i)
		if !ok {
			return nil, false
		}
		hs = append(hs, h)
	}
	h, err := fold(hs, leaves, to-from)
	return h, err == nil
}

// inList is "?, ?, ..." n times.
func inList(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
