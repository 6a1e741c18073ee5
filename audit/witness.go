package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"jikimi/errs"
	"jikimi/store"
)

// Witness is someone outside the log (package witness is one, reached over
// HTTP) who cosigns a checkpoint only when it is consistent with the last
// one they cosigned. The log sends every new checkpoint to its witnesses;
// a cosigned checkpoint is what an auditor keeps.
type Witness interface {
	// Name names the witness in errors and logs.
	Name() string
	// AddCheckpoint asks the witness to cosign note, consistent with the
	// checkpoint of oldSize by proof. It returns the cosignature lines
	// (each "— name base64\n"), checked to be the witness's, or a
	// *SizeMismatch when the witness last saw another size.
	AddCheckpoint(ctx context.Context, oldSize int64, proof [][]byte, note []byte) ([]byte, error)
}

// SizeMismatch is a witness's answer that it last cosigned a checkpoint of
// Size entries, not the old size it was sent.
type SizeMismatch struct{ Size int64 }

func (e *SizeMismatch) Error() string {
	return fmt.Sprintf("audit: the witness last cosigned a checkpoint of %d entries", e.Size)
}

// witnessed is a witness and the size it was last known to hold.
type witnessed struct {
	w    Witness
	size int64
}

// Witness sends cp to every witness and stores their cosignatures on it,
// so Latest and the published checkpoint carry them. It tries every
// witness and returns their errors joined.
func (l *Log) Witness(ctx context.Context, cp *Checkpoint) error {
	l.wmu.Lock() // Run and Close may both be sending
	defer l.wmu.Unlock()
	var all []error
	for _, ws := range l.witnesses {
		sigs, err := l.cosign(ctx, ws, cp)
		if err == nil {
			err = l.addSignatures(ctx, cp, sigs)
		}
		if err != nil {
			all = append(all, fmt.Errorf("witness %s: %w", ws.w.Name(), err))
		}
	}
	return errors.Join(all...)
}

// cosign sends cp with a consistency proof from the size the witness holds,
// learning that size from its answer when the log's guess was wrong.
func (l *Log) cosign(ctx context.Context, ws *witnessed, cp *Checkpoint) ([]byte, error) {
	for range 2 {
		if ws.size > cp.Size {
			return nil, errs.E(errs.Conflict, "audit: the witness holds a checkpoint of %d entries, more than this log's %d", ws.size, cp.Size)
		}
		path, err := l.consistencyFrom(ctx, ws.size, cp)
		if err != nil {
			return nil, err
		}
		sigs, err := ws.w.AddCheckpoint(ctx, ws.size, path, cp.Note)
		var mismatch *SizeMismatch
		if errors.As(err, &mismatch) {
			ws.size = mismatch.Size
			continue
		}
		if err != nil {
			return nil, err
		}
		ws.size = cp.Size
		return sigs, nil
	}
	return nil, errs.E(errs.Unavailable, "audit: the witness's size keeps changing")
}

// consistencyFrom is the consistency proof from the stored checkpoint of
// size old to cp; none from an empty tree.
func (l *Log) consistencyFrom(ctx context.Context, old int64, cp *Checkpoint) ([][]byte, error) {
	if old == 0 || old == cp.Size {
		return nil, nil
	}
	older, err := l.CheckpointAt(ctx, old)
	if err != nil {
		return nil, err
	}
	p, err := l.ProveConsistency(ctx, older, cp)
	if err != nil {
		return nil, err
	}
	return p.Path, nil
}

// addSignatures appends signature lines to the stored note of cp (and to
// the published one), each once.
func (l *Log) addSignatures(ctx context.Context, cp *Checkpoint, sigs []byte) error {
	stored, err := l.CheckpointAt(ctx, cp.Size)
	if err != nil {
		return err
	}
	note := stored.Note
	for line := range bytes.Lines(sigs) {
		if !bytes.Contains(note, line) {
			note = append(bytes.Clone(note), line...)
		}
	}
	if len(note) > maxNote {
		return errs.E(errs.Invalid, "audit: too many cosignatures on checkpoint %d", cp.Size)
	}
	err = l.sql.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE audit_checkpoints SET note = ? WHERE size = ?`, note, cp.Size)
		return errs.WrapIf(err, "audit: store cosignatures")
	})
	if err != nil {
		return err
	}
	if pub := l.Published(); pub != nil && pub.Size == cp.Size {
		withSigs := *pub
		withSigs.Note = note
		return l.publish(&withSigs)
	}
	return nil
}
