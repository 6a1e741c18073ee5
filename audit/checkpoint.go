package audit

import (
	"bytes"
	"context"
	"database/sql"
	"errors"

	"jikimi/errs"
	"jikimi/store"
)

// Checkpoint integrates the entries appended since the last checkpoint into
// the Merkle tree, O(new entries), and signs a checkpoint of it, linked to
// the one before. With nothing new it returns the latest checkpoint and
// writes nothing. It refuses to sign over entries that do not chain, over a
// latest checkpoint no trusted key signed or that does not match the stored
// tree, and over a log that does not extend the last checkpoint this process
// published (errs.Internal: run Verify). A new checkpoint is written to the
// state file before it is returned.
func (l *Log) Checkpoint(ctx context.Context) (*Checkpoint, error) {
	if l.signer == nil {
		return nil, errs.E(errs.Invalid, "audit: no Ed25519 signing key to sign checkpoints with")
	}
	var cp *Checkpoint
	var fresh bool
	err := l.sql.InTx(ctx, func(tx store.Querier) (err error) {
		cp, fresh, err = l.checkpoint(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	l.integrated.Store(cp.Size)
	if fresh {
		return cp, l.publish(cp)
	}
	return cp, nil
}

func (l *Log) checkpoint(ctx context.Context, tx store.Querier) (*Checkpoint, bool, error) {
	t, err := readPrefix(ctx, tx, treePrefix, l.forUpdate())
	if err != nil {
		return nil, false, err
	}
	latest, err := l.latestTrusted(ctx, tx, t)
	if err != nil {
		return nil, false, err
	}
	head, err := readHead(ctx, tx)
	if err != nil {
		return nil, false, err
	}
	if head.seq == t.size && latest != nil {
		return latest, false, nil
	}
	nodes, err := integrate(ctx, tx, t, head.seq)
	if err != nil {
		return nil, false, err
	}
	prev := int64(0)
	if latest != nil {
		prev = latest.Size
	}
	cp, err := signCheckpoint(l.signer.Signer, t.size, rootOf(t.rng), l.clk.Now(), prev)
	if err != nil {
		return nil, false, err
	}
	if err := insertNodes(ctx, tx, nodes); err != nil {
		return nil, false, err
	}
	if err := t.write(ctx, tx); err != nil {
		return nil, false, err
	}
	return cp, true, insertCheckpoint(ctx, tx, cp)
}

// latestTrusted is the latest stored checkpoint, checked before a new one is
// signed over it: a trusted key signed it, the stored tree t is its tree,
// and it extends what this process last published.
func (l *Log) latestTrusted(ctx context.Context, tx store.Querier, t *prefix) (*Checkpoint, error) {
	stored, err := latestCheckpoint(ctx, tx)
	if err != nil {
		return nil, err
	}
	if stored == nil {
		if t.size != 0 {
			return nil, errs.E(errs.Internal, "audit: the tree covers %d entries but no checkpoint is stored; refusing to checkpoint (run jikimi audit verify)", t.size)
		}
		return nil, l.extendsPublished(ctx, tx, &Checkpoint{Root: rootOf(t.rng)})
	}
	cp, err := l.trust.Checkpoint(stored.Note)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "audit: the latest stored checkpoint (%d) does not verify; refusing to checkpoint", stored.Size)
	}
	if cp.Size != t.size || !bytes.Equal(cp.Root, rootOf(t.rng)) {
		return nil, errs.E(errs.Internal, "audit: the stored tree does not match the latest checkpoint (%d); refusing to checkpoint (run jikimi audit verify)", cp.Size)
	}
	return cp, l.extendsPublished(ctx, tx, cp)
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
	return errs.WrapIf(err, "audit: store the checkpoint")
}

// Latest is the newest stored checkpoint, with any witnesses' cosignatures;
// nil when none was made yet. It is what the log publishes.
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
	return l.trust.Checkpoint(note)
}
