package vault

import (
	"context"

	"jikimi/errs"
	"jikimi/store"
)

// keyRef names one data key: a subject and a key purpose (a purpose, or
// separateKey of the purpose separate storage serves).
type keyRef struct{ subject, purpose string }

// dropEmpty destroys, after a chunk, the data keys that seal nothing any
// more (crypto-shredding: with the key goes every copy of what it sealed,
// backups included) and the blind indexes of a subject's purpose that keeps
// nothing, in use or apart. It marks the destruction records whose key went.
func (v *Vault) dropEmpty(ctx context.Context, tx store.Querier, sh shelf, rows []doomed, done []Destroyed) ([]keyRef, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	keys, pairs := map[keyRef]bool{}, map[keyRef]bool{}
	for _, d := range rows {
		pairs[keyRef{d.subject, d.purpose}] = true
		if sh == inUse {
			keys[keyRef{d.subject, d.purpose}] = true
		} else {
			keys[keyRef{d.subject, separateKey(string(d.last))}] = true
		}
	}
	gone, err := dropKeys(ctx, tx, sh, keys)
	if err != nil {
		return nil, err
	}
	for i, d := range rows {
		k := keyRef{d.subject, d.purpose}
		if sh == separated {
			k.purpose = separateKey(string(d.last))
		}
		done[i].KeyDestroyed = gone[k]
	}
	return refs(gone), dropIndexes(ctx, tx, pairs)
}

// keyEmpty is, per shelf, the condition that no row of it is sealed under
// the pd_keys row at hand.
var keyEmpty = map[shelf]string{
	inUse:     `NOT EXISTS (SELECT 1 FROM pd_records r WHERE r.subject_id = pd_keys.subject_id AND r.purpose = pd_keys.purpose)`,
	separated: `NOT EXISTS (SELECT 1 FROM pd_separate s WHERE s.subject_id = pd_keys.subject_id AND 'separate/' || s.serves = pd_keys.purpose)`,
}

func dropKeys(ctx context.Context, tx store.Querier, sh shelf, keys map[keyRef]bool) (map[keyRef]bool, error) {
	dropped, err := store.Collect(ctx, tx, "vault: destroy data keys", func(s store.Scanner, k *keyRef) error {
		return s.Scan(&k.subject, &k.purpose)
	}, `DELETE FROM pd_keys WHERE (subject_id, purpose) IN (VALUES `+pairList(len(keys))+`) AND `+keyEmpty[sh]+`
		RETURNING subject_id, purpose`, pairArgs(keys)...)
	if err != nil {
		return nil, err
	}
	gone := map[keyRef]bool{}
	for _, k := range dropped {
		gone[k] = true
	}
	return gone, nil
}

func dropIndexes(ctx context.Context, tx store.Querier, pairs map[keyRef]bool) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM pd_index WHERE (subject_id, purpose) IN (VALUES `+pairList(len(pairs))+`)
		AND NOT EXISTS (SELECT 1 FROM pd_records r WHERE r.subject_id = pd_index.subject_id AND r.purpose = pd_index.purpose)
		AND NOT EXISTS (SELECT 1 FROM pd_separate s WHERE s.subject_id = pd_index.subject_id AND s.purpose = pd_index.purpose)`, pairArgs(pairs)...)
	return errs.WrapIf(err, "vault: drop blind indexes")
}

// pairList is "(?, ?), (?, ?), ..." n times.
func pairList(n int) string {
	b := make([]byte, 0, n*8)
	for i := range n {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, "(?, ?)"...)
	}
	return string(b)
}

func pairArgs(m map[keyRef]bool) []any {
	out := make([]any, 0, 2*len(m))
	for k := range m {
		out = append(out, k.subject, k.purpose)
	}
	return out
}

func refs(m map[keyRef]bool) []keyRef {
	out := make([]keyRef, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
