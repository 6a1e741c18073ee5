package audit

import (
	"testing"
	"time"

	"jikimi/errs"
)

// pruneLog appends 30 entries and checkpoints them, 10 more unchecked, all
// at epoch; then moves the clock two years and a day on and appends 5.
func pruneLog(t *testing.T, e *env) (old *Checkpoint) {
	e.append(t, samples(30)...)
	old = e.checkpoint(t)
	e.append(t, samples(10)...)
	e.clk.Set(epoch.AddDate(RetentionYears, 0, 1))
	e.append(t, samples(5)...)
	return old
}

func (e *env) prune(t *testing.T) int64 {
	t.Helper()
	n, err := e.log.Prune(ctx, e.clk.Now().AddDate(-RetentionYears, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPruneOnlyUpToACheckpoint(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		old := pruneLog(t, e)
		if n := e.prune(t); n != 30 {
			t.Fatalf("pruned %d, want the 30 checkpointed", n)
		}
		if n := e.prune(t); n != 0 {
			t.Fatalf("pruned %d more without a new checkpoint", n)
		}
		e.checkpoint(t)
		if n := e.prune(t); n != 10 {
			t.Fatalf("pruned %d, want the 10 older entries left", n)
		}
		r := e.mustVerify(t)
		if r.From != 41 || r.To != 45 || len(r.Pruned) != 1 || r.Pruned[0] != old.Size {
			t.Fatalf("after pruning: %+v", r)
		}
		if n, err := e.log.Size(ctx); err != nil || n != 45 {
			t.Fatalf("Size after pruning = %d, %v; want every entry ever appended, 45", n, err)
		}
		if n := e.rows(t)[0].seq; n != 41 {
			t.Fatalf("first entry left %d", n)
		}
	})
}

func TestPruneKeepsVerifyingTheRest(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		pruneLog(t, e)
		e.checkpoint(t) // 45
		e.prune(t)      // 1..40
		e.append(t, samples(20)...)
		latest := e.checkpoint(t)
		r := e.mustVerify(t)
		if r.Checkpoints != 2 { // 45 and 65; 30 is pruned
			t.Fatalf("checked %d checkpoints: %+v", r.Checkpoints, r)
		}
		for seq := int64(41); seq <= latest.Size; seq++ {
			p, err := e.log.Prove(ctx, seq, latest)
			if err != nil {
				t.Fatalf("Prove(%d) after pruning: %v", seq, err)
			}
			if err := VerifyInclusion(e.log.Trust(), latest.Note, p.Marshal()); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.log.Prove(ctx, 40, latest); errs.Code(err) != errs.NotFound {
			t.Fatalf("Prove of a pruned entry = %v, want not found", err)
		}
		e.alter(t, 41, func(x *Entry) { x.Handler = "staff-8" })
		if r := e.verify(t); r.OK() || r.FirstBad.Seq != 41 || r.FirstBad.Kind != Altered {
			t.Fatalf("tampering after pruning: %v", r.FirstBad)
		}
	})
}

func TestPruneAnchorIsChecked(t *testing.T) {
	e := newEnv(t, openSQLite)
	pruneLog(t, e)
	e.checkpoint(t)
	e.prune(t)
	e.exec(t, `UPDATE audit_prefixes SET last_hash = ? WHERE name = 'anchor'`, make([]byte, 32))
	if r := e.verify(t); r.OK() || r.FirstBad.Seq != 41 {
		t.Fatalf("a changed anchor: %v", r.FirstBad)
	}
}

func TestPruneStopsAtTheFirstNewerEntry(t *testing.T) {
	e := newEnv(t, openSQLite)
	late := sample(2)
	late.Time = epoch.AddDate(RetentionYears, 0, 0)
	e.append(t, sample(1), late, sample(3))
	e.checkpoint(t)
	e.clk.Set(epoch.AddDate(RetentionYears, 0, 1))
	if n := e.prune(t); n != 1 {
		t.Fatalf("pruned %d, want only the prefix before the newer entry", n)
	}
	if r := e.mustVerify(t); r.From != 2 || r.To != 3 { // the batch of three was split
		t.Fatalf("after pruning part of a batch: %+v", r)
	}
	if n := e.entries(t); n != 2 {
		t.Fatalf("%d entries left, want 2", n)
	}
}

func TestPruneRefuses(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		pruneLog(t, e)
		if _, err := e.log.Prune(ctx, e.clk.Now().AddDate(-1, 0, 0)); errs.Code(err) != errs.Invalid {
			t.Fatalf("Prune within the retention = %v", err)
		}
		e.alter(t, 12, func(x *Entry) { x.Subject = "s_x" })
		if _, err := e.log.Prune(ctx, e.clk.Now().AddDate(-RetentionYears, 0, 0)); errs.Code(err) != errs.Internal {
			t.Fatalf("Prune over a tampered entry = %v", err)
		}
		if n := e.entries(t); n != 45 {
			t.Fatalf("%d entries left after refusals", n)
		}
	})
}

func TestPruneWithoutCheckpointKeepsAll(t *testing.T) {
	e := newEnv(t, openSQLite)
	e.append(t, samples(3)...)
	e.clk.Advance(3 * 365 * 24 * time.Hour)
	if n := e.prune(t); n != 0 {
		t.Fatalf("pruned %d without a checkpoint", n)
	}
}
