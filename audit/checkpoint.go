package audit

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"

	"jikimi/errs"
	"jikimi/store"
)

// Checkpoint integrates the entries appended since the last checkpoint into
// the Merkle tree, O(new entries), and signs a checkpoint of it. With nothing
// new it returns the latest checkpoint and writes nothing. It refuses to sign
// over entries that do not chain (errs.Internal: run Verify).
func (l *Log) Checkpoint(ctx context.Context) (*Checkpoint, error) {
	if len(l.key) != ed25519.PrivateKeySize {
		return nil, errs.E(errs.Invalid, "audit: no Ed25519 signing key to sign checkpoints with")
	}
	var cp *Checkpoint
	err := l.sql.InTx(ctx, func(tx store.Querier) (err error) {
		cp, err = l.checkpoint(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	l.integrated.Store(cp.Size)
	return cp, nil
}

func (l *Log) checkpoint(ctx context.Context, tx store.Querier) (*Checkpoint, error) {
	t, err := readPrefix(ctx, tx, treePrefix, l.forUpdate())
	if err != nil {
		return nil, err
	}
	head, err := readHead(ctx, tx)
	if err != nil {
		return nil, err
	}
	if head.seq == t.size {
		if latest, err := latestCheckpoint(ctx, tx); latest != nil || err != nil {
			return latest, err
		}
	}
	nodes, err := integrate(ctx, tx, t, head.seq)
	if err != nil {
		return nil, err
	}
	cp := signCheckpoint(l.key, t.size, rootOf(t.rng), l.clk.Now())
	if err := insertNodes(ctx, tx, nodes); err != nil {
		return nil, err
	}
	if err := t.write(ctx, tx); err != nil {
		return nil, err
	}
	return cp, insertCheckpoint(ctx, tx, cp)
}

// integrate walks the entries after t up to upTo, checking the chain, and
// grows t's tree; it returns the new stored nodes.
func integrate(ctx context.Context, tx store.Querier, t *prefix, upTo int64) ([]node, error) {
	var nodes []node
	c := t.chain()
	c.visit = collect(&nodes)
	s, err := scanEntries(ctx, tx, t.size, upTo)
	if err != nil {
		return nil, err
	}
	f := sound
	for f == sound && c.next <= upTo && s.next() {
		f = c.add(&s.r)
	}
	if err := s.close(); err != nil {
		return nil, err
	}
	if f != sound || c.next <= upTo {
		return nil, errs.E(errs.Internal, "audit: entry %d %s; refusing to checkpoint (run jikimi audit verify)", c.next, max(f, gap))
	}
	t.extend(c)
	return nodes, nil
}

func insertCheckpoint(ctx context.Context, tx store.Querier, cp *Checkpoint) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_checkpoints (size, root, at, note) VALUES (?, ?, ?, ?)`,
		cp.Size, cp.Root, cp.Time.UnixMicro(), cp.Note)
	return wrapErr(err, "audit: store the checkpoint")
}

// Latest is the newest checkpoint, nil when none was made yet.
func (l *Log) Latest(ctx context.Context) (*Checkpoint, error) {
	return latestCheckpoint(ctx, l.sql.Reader())
}

func latestCheckpoint(ctx context.Context, q store.Querier) (*Checkpoint, error) {
	var cp Checkpoint
	var at int64
	err := q.QueryRowContext(ctx, `SELECT size, root, at, note FROM audit_checkpoints ORDER BY size DESC LIMIT 1`).
		Scan(&cp.Size, &cp.Root, &at, &cp.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "audit: read the latest checkpoint")
	}
	cp.Time = unixMicro(at)
	return &cp, nil
}

// CheckpointAt is the stored checkpoint of size, errs.NotFound when none.
func (l *Log) CheckpointAt(ctx context.Context, size int64) (*Checkpoint, error) {
	var note []byte
	err := l.sql.Reader().QueryRowContext(ctx, `SELECT note FROM audit_checkpoints WHERE size = ?`, size).Scan(&note)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "audit: no checkpoint of %d entries", size)
	}
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "audit: read a checkpoint")
	}
	return VerifyCheckpoint(l.PublicKey(), note)
}
