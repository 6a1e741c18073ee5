package audit

import (
	"bytes"
	"context"
	"runtime"

	"jikimi/store"
)

// Verify reads the log in segments on several connections at once: the
// reading and hashing of rows, most of the cost, runs in parallel, while
// the Merkle tree, the checkpoints and the naming of a fault stay in log
// order on one goroutine.
const segmentSize = 1 << 16

// segment is what one reader found in entries (from, to]: the hashes and
// Merkle leaf hashes of the sound rows in order, and the first fault after
// them.
type segment struct {
	from      int64
	hashes    [][]byte // entry hashes of the sound rows, sub-slices of one array
	leaves    [][]byte // their leaf hashes, computed here in parallel
	firstPrev []byte   // the first row's prev, checked against the segment before
	fault     fault    // what is wrong at from+len(hashes)+1; sound when nothing
	err       error
}

// scanSegment reads and checks entries (from, to] on their own: sequence
// numbers, each row's hash of its own prev and entry, and the links between
// rows inside the segment.
func scanSegment(ctx context.Context, q store.Querier, from, to int64) *segment {
	s := &segment{from: from}
	rs, err := scanEntries(ctx, q, from, to)
	if err != nil {
		s.err = err
		return s
	}
	arena := make([]byte, 0, 64*(to-from))
	var buf []byte
	for s.fault == sound && rs.next() {
		s.fault, buf = s.check(&rs.r, buf)
		if s.fault == sound {
			arena = append(arena, rs.r.hash...)
			s.hashes = append(s.hashes, arena[len(arena)-32:])
			arena = append(arena, leafHash(rs.r.hash)...)
			s.leaves = append(s.leaves, arena[len(arena)-32:])
		}
	}
	s.err = rs.close()
	if s.fault == sound && s.from+int64(len(s.hashes)) < to {
		s.fault = gap
	}
	return s
}

func (s *segment) check(r *row, buf []byte) (fault, []byte) {
	switch n := len(s.hashes); {
	case r.seq != s.from+int64(n)+1:
		return gap, buf
	case n == 0:
		s.firstPrev = bytes.Clone(r.prev)
	case !bytes.Equal(r.prev, s.hashes[n-1]):
		return link, buf
	}
	var sum [32]byte
	sum, buf = entryHash(buf, r.prev, r.entry)
	if !r.framed || !bytes.Equal(sum[:], r.hash) {
		return content, buf
	}
	return sound, buf
}

// segments reads (after, upTo] in segments, several at once, and delivers
// them in order; it stops early when ctx ends.
func segments(ctx context.Context, q store.Querier, after, upTo, size int64) <-chan *segment {
	workers := min(max(runtime.GOMAXPROCS(0), 2), 8)
	futures := make(chan chan *segment, workers) // in order; bounds the segments in memory
	go func() {
		defer close(futures)
		for from := after; from < upTo; from += size {
			f := make(chan *segment, 1)
			select {
			case futures <- f:
			case <-ctx.Done():
				return
			}
			go func() { f <- scanSegment(ctx, q, from, min(from+size, upTo)) }()
		}
	}()
	out := make(chan *segment)
	go func() {
		defer close(out)
		for f := range futures {
			select {
			case out <- <-f:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// walk streams the entries from the anchor to the head through the tree,
// checking checkpoints as their sizes pass, and names the first fault.
func (v *verifier) walk(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for s := range segments(ctx, v.q, v.anchor.size, v.head.seq, v.segment) {
		if s.err != nil {
			return s.err
		}
		if len(s.hashes) > 0 && !bytes.Equal(s.firstPrev, v.c.prev) {
			return v.faultAt(ctx, s.from+1, link)
		}
		for i, h := range s.hashes {
			if v.rep.FirstBad != nil {
				return nil
			}
			v.c.growLeaf(h, s.leaves[i])
			v.passed(v.c.next - 1)
		}
		if s.fault != sound && v.rep.FirstBad == nil {
			return v.faultAt(ctx, v.c.next, s.fault)
		}
	}
	return ctx.Err()
}

// faultAt names what is wrong where the chain expects entry seq.
func (v *verifier) faultAt(ctx context.Context, seq int64, f fault) error {
	r, err := v.readRow(ctx, seq)
	if err != nil {
		return err
	}
	if r == nil || f == gap {
		v.bad(seq, Removed, "entry %d is missing", seq)
		return nil
	}
	return v.classify(ctx, r)
}
