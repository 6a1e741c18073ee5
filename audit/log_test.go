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
