package audit

import (
	"bytes"
	"crypto/ed25519"
	"path/filepath"
	"testing"
	"time"

	"jikimi/errs"
)

// The attacks of issue #18, each by someone who holds the database (the
// data folder) but neither the signing key, kept apart, nor the
// published-checkpoint file, nor an auditor's saved checkpoint.

// keptLog is tamperLog with a published-checkpoint file; it returns the
// checkpoint at 20, which an auditor (or a witness) kept.
func keptLog(t *testing.T, e *env) *Checkpoint {
	if err := e.log.Configure(Options{State: filepath.Join(t.TempDir(), "published")}); err != nil {
		t.Fatal(err)
	}
	tamperLog(t, e)
	kept, err := e.log.Latest(ctx)
	if err != nil || kept.Size != 20 {
		t.Fatalf("latest %v, %v", kept, err)
	}
	return kept
}

// wipeCheckpoints deletes every checkpoint and the tree built for them, as
// if none had ever been made.
func wipeCheckpoints(t *testing.T, e *env) {
	e.exec(t, `DELETE FROM audit_checkpoints`)
	e.exec(t, `DELETE FROM audit_nodes`)
	e.exec(t, `UPDATE audit_prefixes SET size = 0, last_hash = ?, compact = ? WHERE name = 'tree'`, make([]byte, 32), []byte{})
}

// rollBack cuts the log back to its first 4 entries and its checkpoint at
// 4, tree state included, as restoring an old backup would.
func rollBack(t *testing.T, e *env, tree4 []byte, hash4 []byte) {
	e.exec(t, `DELETE FROM audit_batches WHERE seq > 4`)
	e.exec(t, `DELETE FROM audit_checkpoints WHERE size > 4`)
	e.exec(t, `DELETE FROM audit_nodes`)
	e.exec(t, `UPDATE audit_head SET seq = 4, hash = ?`, hash4)
	e.exec(t, `UPDATE audit_prefixes SET size = 4, last_hash = ?, compact = ? WHERE name = 'tree'`, hash4, tree4)
}

func (e *env) mustFail(t *testing.T, r Report, kind Kind, seq int64) {
	t.Helper()
	if r.OK() || r.FirstBad.Kind != kind || r.FirstBad.Seq != seq {
		t.Fatalf("Verify found %v, want entry %d %s", r.FirstBad, seq, kind)
	}
}

func (e *env) verifyAgainst(t *testing.T, cp *Checkpoint) Report {
	t.Helper()
	r, err := e.log.VerifyAgainst(ctx, cp)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// restart is the log opened again, as a new process, with the same keys
// and state file; it returns Resume's error.
func (e *env) restart(t *testing.T) error {
	l := New(e.sql, key, e.clk)
	if err := l.Configure(Options{State: e.log.state}); err != nil {
		t.Fatal(err)
	}
	return l.Resume(ctx)
}

func TestAttackRewriteRehashAndDeleteCheckpoints(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		kept := keptLog(t, e)
		rewrite(t, e)
		wipeCheckpoints(t, e)
		e.clk.Advance(2 * UnsignedGrace)
		e.mustFail(t, e.verify(t), Unsigned, 1)
		e.mustFail(t, e.verifyAgainst(t, kept), RolledBack, 1)
		if err := e.restart(t); errs.Code(err) != errs.Conflict {
			t.Fatalf("restart over the rewritten log = %v, want conflict", err)
		}
		if _, err := e.log.Checkpoint(ctx); errs.Code(err) != errs.Internal {
			t.Fatalf("the running log signed the rewritten log: %v", err)
		}
	})
}

func TestAttackRollbackToAnOlderCheckpoint(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		if err := e.log.Configure(Options{State: filepath.Join(t.TempDir(), "published")}); err != nil {
			t.Fatal(err)
		}
		e.append(t, samples(4)...)
		e.checkpoint(t)
		var tree4 []byte
		if err := e.sql.Reader().QueryRowContext(ctx, `SELECT compact FROM audit_prefixes WHERE name = 'tree'`).Scan(&tree4); err != nil {
			t.Fatal(err)
		}
		hash4 := e.hashOf(t, 4)
		e.append(t, samples(16)...)
		kept := e.checkpoint(t)
		rollBack(t, e, tree4, hash4)
		e.mustVerify(t) // a shorter log, consistent in itself: only what was kept shows the rollback
		e.mustFail(t, e.verifyAgainst(t, kept), RolledBack, 5)
		if err := e.restart(t); errs.Code(err) != errs.Conflict {
			t.Fatalf("restart over the rolled-back log = %v, want conflict", err)
		}
		e.append(t, sample(5))
		if _, err := e.log.Checkpoint(ctx); errs.Code(err) != errs.Internal {
			t.Fatalf("the running log signed over the rollback: %v", err)
		}
	})
}

func TestAttackOneCheckpointDeleted(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		for _, n := range []int{4, 6, 10} {
			e.append(t, samples(n)...)
			e.checkpoint(t)
		}
		e.exec(t, `DELETE FROM audit_checkpoints WHERE size = 10`)
		e.mustFail(t, e.verify(t), Gap, 10)
	})
}

func TestAttackUnsignedTailAltered(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.append(t, samples(4)...)
		e.checkpoint(t)
		e.append(t, samples(16)...) // 5..20, never signed (a crash)
		e.clk.Advance(2 * UnsignedGrace)
		var tree []byte
		if err := e.sql.Reader().QueryRowContext(ctx, `SELECT last_hash FROM audit_prefixes WHERE name = 'tree'`).Scan(&tree); err != nil {
			t.Fatal(err)
		}
		rewrite(t, e) // entry 7 changed, 7..20 rehashed
		e.exec(t, `UPDATE audit_prefixes SET last_hash = ? WHERE name = 'tree'`, tree)
		e.mustFail(t, e.verify(t), Unsigned, 5)
	})
}

func TestUnsignedTailWithinGraceVerifies(t *testing.T) {
	e := newEnv(t, openSQLite)
	e.append(t, samples(4)...)
	e.checkpoint(t)
	e.append(t, samples(3)...)
	e.clk.Advance(UnsignedGrace / 2)
	e.mustVerify(t)
	if err := e.log.Close(ctx); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(time.Hour)
	if r := e.mustVerify(t); r.Checkpoints != 2 {
		t.Fatalf("Close left the tail unsigned: %+v", r)
	}
}

func TestAttackCheckpointForgedWithAnUntrustedKey(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		kept := keptLog(t, e)
		rewrite(t, e)
		wipeCheckpoints(t, e)
		// The forger signs the rewritten log with a key of their own (say
		// the keyring's, which sits in the data folder).
		forger := New(e.sql, ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, 32)), e.clk)
		forged, err := forger.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.log.Trust().Checkpoint(forged.Note); errs.Code(err) != errs.Invalid {
			t.Fatalf("the forged checkpoint verified: %v", err)
		}
		e.mustFail(t, e.verify(t), BadCheckpoint, 20)
		e.mustFail(t, e.verifyAgainst(t, kept), RolledBack, 1)
		if err := e.restart(t); errs.Code(err) != errs.Conflict {
			t.Fatalf("restart over the forged checkpoint = %v, want conflict", err)
		}
	})
}

func TestAttackRestartOverARolledBackDatabase(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		keptLog(t, e)
		if err := e.restart(t); err != nil {
			t.Fatalf("restart over the same log: %v", err)
		}
		e.exec(t, `DELETE FROM audit_batches`)
		e.exec(t, `UPDATE audit_head SET seq = 0, hash = ?`, make([]byte, 32))
		wipeCheckpoints(t, e)
		if err := e.restart(t); errs.Code(err) != errs.Conflict {
			t.Fatalf("restart over an emptied log = %v, want conflict", err)
		}
	})
}

func TestKeyRotationKeepsOldCheckpoints(t *testing.T) {
	e := newEnv(t, openSQLite)
	e.append(t, samples(4)...)
	old := e.checkpoint(t)
	oldKey, _ := SigningKeyFrom(key)
	newKey, err := GenerateSigningKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(time.Hour)
	trust := &Trust{}
	at := e.clk.Now().Truncate(time.Second)
	if trust.Add(oldKey.VKey, time.Time{}, at.Add(time.Second)) != nil || trust.Add(newKey.VKey, at, time.Time{}) != nil {
		t.Fatal("trust")
	}
	parsed, err := ParseTrust(trust.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.log.Configure(Options{Signer: newKey, Trust: parsed}); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(time.Minute)
	e.append(t, samples(4)...)
	e.checkpoint(t)
	if r := e.mustVerify(t); r.Checkpoints != 2 {
		t.Fatalf("%+v", r)
	}
	if _, err := parsed.Checkpoint(old.Note); err != nil {
		t.Fatalf("the old key's checkpoint no longer verifies: %v", err)
	}
	// The old key, past its period, cannot sign anything new.
	e.append(t, samples(1)...)
	stale := New(e.sql, key, e.clk)
	if err := stale.Configure(Options{Trust: parsed}); err != nil {
		t.Fatal(err)
	}
	if _, err := stale.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	e.mustFail(t, e.verify(t), BadCheckpoint, 9)
}
