package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"sync"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// referenceRoot is RFC 6962's MTH written from the RFC, independent of the
// compact ranges the log uses.
func referenceRoot(leaves [][]byte) []byte {
	switch len(leaves) {
	case 0:
		h := sha256.Sum256(nil)
		return h[:]
	case 1:
		h := sha256.Sum256(append([]byte{0}, leaves[0]...))
		return h[:]
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	h := sha256.Sum256(append(append([]byte{1}, referenceRoot(leaves[:k])...), referenceRoot(leaves[k:])...))
	return h[:]
}

func (e *env) entryHashes(t testing.TB, upTo int64) [][]byte {
	t.Helper()
	hs, err := entryHashes(ctx, e.sql.Reader(), 0, upTo)
	if err != nil {
		t.Fatal(err)
	}
	return hs
}

func TestCheckpointRootMatchesRFC6962(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		for _, n := range []int{1, 2, 3, 16, 17, 100, 255, 1000} { // uneven steps cross many subtree edges
			e.append(t, samples(n)...)
			cp := e.checkpoint(t)
			if want := referenceRoot(e.entryHashes(t, cp.Size)); !bytes.Equal(cp.Root, want) {
				t.Fatalf("size %d: root %x, want %x", cp.Size, cp.Root, want)
			}
			if _, err := e.log.Trust().Checkpoint(cp.Note); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestCheckpointEmptyLog(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		cp := e.checkpoint(t)
		if cp.Size != 0 || !bytes.Equal(cp.Root, referenceRoot(nil)) {
			t.Fatalf("empty checkpoint %d %x", cp.Size, cp.Root)
		}
		e.mustVerify(t)
	})
}

func TestCheckpointNothingNewIsANoOp(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.append(t, samples(5)...)
		first := e.checkpoint(t)
		e.clk.Advance(time.Minute)
		again := e.checkpoint(t)
		if again.Size != 5 || !again.Time.Equal(first.Time) || !bytes.Equal(again.Note, first.Note) {
			t.Fatalf("second checkpoint %+v differs from the first %+v", again, first)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM audit_checkpoints`); n != 1 {
			t.Fatalf("%d checkpoints stored", n)
		}
	})
}

// Checkpointing is incremental: the stored compact range carries the tree,
// so a checkpoint reads only the new entries. Corrupting an integrated
// entry's hash does not change the next root, which shows the old entries
// are not re-read (Verify is what re-reads them).
func TestCheckpointIsIncremental(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.append(t, samples(40)...)
		e.checkpoint(t)
		if n := e.count(t, `SELECT COUNT(*) FROM audit_nodes`); n != 2 { // level 4: [0,16) and [16,32)
			t.Fatalf("%d stored nodes, want 2", n)
		}
		integrated := e.entryHashes(t, 40)
		e.edit(t, func(rs []*row) []*row { find(t, rs, 3).hash = make([]byte, 32); return rs })
		e.append(t, sample(41))
		cp := e.checkpoint(t)
		if want := referenceRoot(append(integrated, e.entryHashes(t, 41)[40])); !bytes.Equal(cp.Root, want) {
			t.Fatal("the checkpoint re-read integrated entries")
		}
	})
}

func TestCheckpointRefusesABrokenChain(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.append(t, samples(10)...)
		e.alter(t, 4, func(x *Entry) { x.Purpose = "marketing" })
		_, err := e.log.Checkpoint(ctx)
		if errs.Code(err) != errs.Internal {
			t.Fatalf("Checkpoint over a tampered entry = %v", err)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM audit_checkpoints`); n != 0 {
			t.Fatal("signed a tampered log")
		}
	})
}

func TestCheckpointWithoutKey(t *testing.T) {
	e := newEnv(t, openSQLite)
	_, err := New(e.sql, nil, e.clk).Checkpoint(ctx)
	if errs.Code(err) != errs.Invalid {
		t.Fatalf("Checkpoint without a key = %v", err)
	}
}

func TestConcurrentAppendersAndCheckpointers(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		const writers, batches = 6, 10
		var wg sync.WaitGroup
		errc := make(chan error, 2*writers*batches)
		for w := range writers {
			wg.Go(func() {
				for range batches {
					errc <- e.sql.InTx(ctx, func(tx store.Querier) error { return e.log.Append(ctx, tx, samples(w+1)...) })
					if w%2 == 0 {
						_, err := e.log.Checkpoint(ctx)
						errc <- err
					}
				}
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Fatal(err)
			}
		}
		e.checkpoint(t)
		r := e.mustVerify(t)
		if want := int64(batches * (1 + 2 + 3 + 4 + 5 + 6)); r.To != want {
			t.Fatalf("verified up to %d, want %d", r.To, want)
		}
	})
}

func TestRunCheckpointsOnTheClock(t *testing.T) {
	e := newEnv(t, openSQLite)
	e.log.poll = 5 * time.Millisecond
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- e.log.Run(ctx) }()
	e.append(t, samples(3)...)
	time.Sleep(50 * time.Millisecond) // real time passes; the clock does not
	if n := e.count(t, `SELECT COUNT(*) FROM audit_checkpoints`); n != 0 {
		t.Fatalf("checkpointed before the clock moved a second (%d)", n)
	}
	e.clk.Advance(time.Second)
	waitFor(t, func() bool { return e.count(t, `SELECT COALESCE(MAX(size), 0) FROM audit_checkpoints`) == 3 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestRunCheckpointsWhenAppendNudges(t *testing.T) {
	e := newEnv(t, openSQLite)
	e.log.poll = time.Hour // only the nudge can wake it
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go e.log.Run(ctx)
	e.append(t, samples(CheckpointEvery-1)...)
	time.Sleep(50 * time.Millisecond)
	if n := e.count(t, `SELECT COUNT(*) FROM audit_checkpoints`); n != 0 {
		t.Fatalf("checkpointed with fewer than %d pending", CheckpointEvery)
	}
	e.append(t, sample(1))
	waitFor(t, func() bool {
		return e.count(t, `SELECT COALESCE(MAX(size), 0) FROM audit_checkpoints`) == CheckpointEvery
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not met in 5s")
}

func TestCheckpointAt(t *testing.T) {
	e := newEnv(t, openSQLite)
	e.append(t, samples(4)...)
	want := e.checkpoint(t)
	e.append(t, samples(4)...)
	e.checkpoint(t)
	got, err := e.log.CheckpointAt(ctx, 4)
	if err != nil || !bytes.Equal(got.Note, want.Note) {
		t.Fatalf("CheckpointAt(4) = %v, %v", got, err)
	}
	if _, err := e.log.CheckpointAt(ctx, 5); errs.Code(err) != errs.NotFound {
		t.Fatalf("CheckpointAt(5) = %v", err)
	}
	e.exec(t, `UPDATE audit_checkpoints SET note = ? WHERE size = 4`, []byte("forged"))
	if _, err := e.log.CheckpointAt(ctx, 4); errs.Code(err) != errs.Invalid {
		t.Fatalf("CheckpointAt of a forged note = %v", err)
	}
}

func TestFastHashesAreRFC6962(t *testing.T) {
	a, b := sha256.Sum256([]byte("a")), sha256.Sum256([]byte("b"))
	if !bytes.Equal(leafHash(a[:]), hasher.HashLeaf(a[:])) || !bytes.Equal(hashChildren(a[:], b[:]), hasher.HashChildren(a[:], b[:])) {
		t.Fatal("the fast hashes differ from the library's")
	}
}

// Two logs on one store, as two processes, append in turn and at once:
// each one's guess of the head goes out of date whenever the other
// appends, and the chain must hold all the same.
func TestAppendersInTwoProcesses(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		other := New(e.sql, key, e.clk)
		logs := []*Log{e.log, other}
		total := 0
		for i := range 6 {
			l := logs[i%2]
			if err := e.sql.InTx(ctx, func(tx store.Querier) error { return l.Append(ctx, tx, samples(i+1)...) }); err != nil {
				t.Fatal(err)
			}
			total += i + 1
		}
		var wg sync.WaitGroup
		errc := make(chan error, 20)
		for i := range 20 {
			wg.Go(func() {
				errc <- e.sql.InTx(ctx, func(tx store.Querier) error { return logs[i%2].Append(ctx, tx, samples(3)...) })
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Fatal(err)
			}
		}
		total += 20 * 3
		if r := e.mustVerify(t); r.To != int64(total) {
			t.Fatalf("verified up to %d, want %d", r.To, total)
		}
	})
}
