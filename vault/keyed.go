package vault

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"maps"
	"slices"
	"strings"

	"jikimi/errs"
)

// Merge is one keyed record of a batch: the record of the request's subject
// and purpose that Key names is created when missing, or added to.
//
// Apply gets the record's current values (nil when it is new) and returns
// the values to store. It runs inside the gated transaction and exists so
// that additions merge (an hour's heart-rate samples, a day's sums): it must
// never let the old values out of the process. It may be called again when
// the batch is retried after a concurrent write.
type Merge struct {
	Key   string
	Apply func(old map[string]string) (map[string]string, error)
}

// ReasonConcurrentWrite is the errs.Conflict reason of a write that raced
// another transaction's on the same row — a keyed record of MergeMany, or
// the data key of a subject's purpose written for the first time by two
// requests at once: nothing was written, and the request can be sent again.
const ReasonConcurrentWrite = "concurrent_write"

// MergeMany creates or adds to keyed records of one subject and purpose
// under one rule, in one transaction with one access-log entry counting
// the records it changed (action input: a device's batch adds data; it never reads it out).
// r.Items must name every item Apply may change (items it carries over
// unchanged need not be named); merges run in order, so a
// later Apply may use what an earlier one saw. A write racing another on
// the same record is errs.Conflict (ReasonConcurrentWrite), with nothing
// written.
func (v *Vault) MergeMany(ctx context.Context, r Request, rule string, merges []Merge) error {
	if r.Action != Input || len(r.Items) == 0 || len(merges) == 0 {
		return errs.E(errs.Invalid, "vault: a merge is an input naming its items and at least one record")
	}
	r.Items = slices.Sorted(slices.Values(r.Items))
	return v.do(ctx, r, func(t *txn) (int, error) {
		changed := 0
		for _, m := range merges {
			wrote, err := v.mergeOne(ctx, t, r, rule, m)
			if err != nil {
				return 0, err
			}
			if wrote {
				changed++
			}
		}
		return changed, nil
	})
}

// KeyedID is the record ID a key names for a subject's purpose: derived, so
// that finding the record needs no index and no key is stored in clear. Read
// a keyed record with Get under this ID.
func KeyedID(subject, purpose, key string) string {
	sum := sha256.Sum256([]byte("jikimi keyed record v1|" + subject + "|" + purpose + "|" + key))
	return "rec_k" + lowerB32(sum[:16])
}

// mergeOne answers whether it wrote: a merge that changes nothing (a batch
// sent again) leaves the record as it was.
func (v *Vault) mergeOne(ctx context.Context, t *txn, r Request, rule string, m Merge) (bool, error) {
	id := KeyedID(r.Subject, r.Purpose, m.Key)
	old, err := v.loadSealed(ctx, t, r, id)
	if err != nil {
		return false, err
	}
	var prev map[string]string
	if old != nil {
		prev = maps.Clone(old.all)
	}
	values, err := m.Apply(prev)
	if err != nil {
		return false, err
	}
	one := r
	if one.Items = itemsOf(nil, values); one.Items == nil || !named(values, prev, r.Items) {
		return false, errs.E(errs.Invalid, "vault: a merge changes items the request does not name")
	}
	switch {
	case old == nil:
		return true, v.insertKeyed(ctx, t, one, id, rule, values)
	case maps.Equal(old.all, values):
		return false, nil
	}
	return true, v.updateKeyed(ctx, t, old, one, values)
}

// named: every item of values is named, or carried over unchanged from old
// (an hour that had heart rate keeps it when steps are added).
func named(values, old map[string]string, items []string) bool {
	for it, val := range values {
		if was, ok := old[it]; !slices.Contains(items, it) && (!ok || was != val) {
			return false
		}
	}
	return true
}

func (v *Vault) insertKeyed(ctx context.Context, t *txn, r Request, id, rule string, values map[string]string) error {
	wrote, err := v.insertRow(ctx, t, r, id, Retain{Rule: rule}, values, " ON CONFLICT (id) DO NOTHING")
	if err == nil && !wrote {
		return concurrentWrite()
	}
	return err
}

// updateKeyed reseals the record, only if it is still what was read.
func (v *Vault) updateKeyed(ctx context.Context, t *txn, old *loaded, r Request, values map[string]string) error {
	if old.Rule != "" && t.pu.Rule(old.Rule) == nil {
		return errs.E(errs.Invalid, "vault: the keyed record's rule is no longer declared")
	}
	sealed, err := v.seal(ctx, t, r.Subject, r.Purpose, old.ID, values)
	if err != nil {
		return err
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE pd_records SET sealed = ?, items = ?, updated_at = ? WHERE id = ? AND sealed = ?`,
		sealed, joinItems(r.Items), v.now(), old.ID, old.sealed)
	if err != nil {
		return errs.WrapIf(err, "vault: merge record")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return concurrentWrite()
	}
	return v.redraft(ctx, t, old.Rule, old.ID)
}

// loadSealed is load, with nil for a record that does not exist yet.
func (v *Vault) loadSealed(ctx context.Context, t *txn, r Request, id string) (*loaded, error) {
	rec, err := v.load(ctx, t, r, id)
	if errs.Code(err) == errs.NotFound {
		return nil, nil
	}
	return rec, err
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func lowerB32(b []byte) string { return strings.ToLower(idEncoding.EncodeToString(b)) }

func concurrentWrite() error {
	e := errs.E(errs.Conflict, "vault: a record was written by another transaction meanwhile; send the request again")
	e.Reason = ReasonConcurrentWrite
	return e
}
