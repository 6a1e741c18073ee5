package audit

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"

	"github.com/transparency-dev/merkle/proof"

	"jikimi/errs"
	"jikimi/store"
)

// The log keeps the last checkpoint it published in a file outside the
// database (Options.State), so that whoever can rewrite the database cannot
// also make the log forget what it already signed: Resume refuses a database
// that does not extend it, and Checkpoint refuses to sign over one.

// Resume checks, before the log is used, that the database extends the last
// published checkpoint: the state file's checkpoint verifies with a trusted
// key, the latest stored checkpoint verifies, matches the stored tree and
// extends it (same root at the same size, or a consistency proof from the
// stored nodes). A database rolled back or rewritten is errs.Conflict, and
// the state file is left as it was. With no state file yet, the latest
// stored checkpoint becomes the published one.
func (l *Log) Resume(ctx context.Context) error {
	if l.state == "" {
		return nil
	}
	if err := l.LoadPublished(); err != nil {
		return err
	}
	q := l.sql.Reader()
	t, err := readPrefix(ctx, q, treePrefix, "")
	if err != nil {
		return err
	}
	latest, err := l.latestTrusted(ctx, q, t)
	if err != nil {
		return errs.Wrap(errs.Conflict, err, "audit: refusing to start over this access log")
	}
	if latest == nil {
		return nil
	}
	return l.publish(latest)
}

// LoadPublished reads the state file's checkpoint as the last published
// one, without checking the database (Resume does): what verifying a
// database that may have been rolled back starts from.
func (l *Log) LoadPublished() error {
	b, err := os.ReadFile(l.state)
	switch {
	case l.state == "" || errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return errs.Wrap(errs.Internal, err, "audit: read the published checkpoint %s", l.state)
	}
	cp, err := l.trust.Checkpoint(b)
	if err != nil {
		return errs.Wrap(errs.Conflict, err, "audit: the published checkpoint %s does not verify with the trusted keys", l.state)
	}
	l.setPublished(cp)
	return nil
}

// Published is the last checkpoint this log published (nil: none yet).
func (l *Log) Published() *Checkpoint {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.published
}

func (l *Log) setPublished(cp *Checkpoint) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.published == nil || cp.Size >= l.published.Size {
		l.published = cp
	}
}

// publish records cp as published and writes it to the state file, by a
// rename so a crash leaves the old file or the new one whole.
func (l *Log) publish(cp *Checkpoint) error {
	l.setPublished(cp)
	if l.state == "" {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	tmp := l.state + ".tmp"
	if err := os.WriteFile(tmp, l.published.Note, 0o644); err != nil {
		return errs.Wrap(errs.Internal, err, "audit: write the published checkpoint")
	}
	return errs.WrapIf(os.Rename(tmp, l.state), "audit: write the published checkpoint")
}

// extendsPublished checks cp (signed by a trusted key, its tree stored)
// extends the last published checkpoint.
func (l *Log) extendsPublished(ctx context.Context, q store.Querier, cp *Checkpoint) error {
	pub := l.Published()
	switch {
	case pub == nil:
		return nil
	case cp.Size < pub.Size:
		return errs.E(errs.Internal, "audit: the log holds %d checkpointed entries but %d were published (%s): it was rolled back", cp.Size, pub.Size, l.state)
	case cp.Size == pub.Size:
		if !bytes.Equal(cp.Root, pub.Root) {
			return errs.E(errs.Internal, "audit: the log's tree of %d entries is not the one published (%s): it was rewritten", cp.Size, l.state)
		}
		return nil
	}
	ids, _ := proof.Consistency(uint64(pub.Size), uint64(cp.Size)) // ordered, checked above
	n, err := newNodes(ctx, q)
	var path [][]byte
	if err == nil {
		path, err = n.path(ctx, ids)
	}
	if err == nil {
		err = proof.VerifyConsistency(hasher, uint64(pub.Size), uint64(cp.Size), path, pub.Root, cp.Root)
	}
	if err != nil {
		return errs.Wrap(errs.Internal, err, "audit: the log's tree of %d entries does not extend the published one of %d (%s): it was rewritten", cp.Size, pub.Size, l.state)
	}
	return nil
}
