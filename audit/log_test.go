package audit

import (
	"testing"
)

func TestAppendCheckpointVerify(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.append(t, samples(3000)...)
		cp := e.checkpoint(t)
		if cp.Size != 3000 {
			t.Fatalf("checkpoint size %d", cp.Size)
		}
		e.append(t, samples(5)...)
		e.checkpoint(t)
		r := e.mustVerify(t)
		if r.From != 1 || r.To != 3005 || r.Checkpoints != 2 {
			t.Fatalf("report %+v", r)
		}
	})
}

// Verify reads in parallel segments; with tiny segments every checkpoint and
// the tree state fall in some segment's middle or at its edge.
func TestVerifyAcrossSegments(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		for _, n := range []int{5, 9, 1, 30, 2} {
			e.append(t, samples(n)...)
			e.checkpoint(t)
		}
		e.append(t, samples(4)...)
		for _, size := range []int64{1, 2, 7, 100} {
			e.log.segment = size
			r := e.mustVerify(t)
			if r.To != 51 || r.Checkpoints != 5 {
				t.Fatalf("segments of %d: %+v", size, r)
			}
		}
	})
}
