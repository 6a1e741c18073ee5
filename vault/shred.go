package vault

import (
	"context"
	"database/sql"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// Shred destroys everything of a subject for one purpose (action delete):
// the data key first — which alone makes every sealed record unrecoverable —
// then the records and blind indexes, then the cached key, and finally the
// freed bytes in the database files. It returns how many records it destroyed.
func (v *Vault) Shred(ctx context.Context, r Request) (int, error) {
	r.Action, r.Items = Delete, nil
	var n int
	err := v.do(ctx, r, func(t *txn) (int, error) {
		var err error
		n, err = shredTx(ctx, t.tx, r.Service, r.Subject, r.Purpose, v.cfg.Clock.Now())
		delete(t.fresh, keyName(r.Subject, r.Purpose))
		return n, err
	})
	v.keys.evict(r.Subject, r.Purpose)
	if err != nil {
		return 0, err
	}
	return n, v.cfg.SQL.Purge(ctx, "pd_keys", "pd_records", "pd_index")
}

// shredTx destroys the subject's data of a purpose in tx, leaving a
// destruction record of each record it destroyed (recordImmediate).
func shredTx(ctx context.Context, tx store.Querier, service, subject, purpose string, now time.Time) (int, error) {
	for _, q := range []string{
		`DELETE FROM pd_keys WHERE subject_id = ? AND purpose = ?`,
		// A blind index stays while separate storage keeps data of the
		// purpose: another law requires it kept, and found (분리보관).
		`DELETE FROM pd_index WHERE subject_id = ? AND purpose = ?
			AND NOT EXISTS (SELECT 1 FROM pd_separate s WHERE s.subject_id = pd_index.subject_id AND s.purpose = pd_index.purpose)`,
	} {
		if _, err := tx.ExecContext(ctx, q, subject, purpose); err != nil {
			return 0, errs.Wrap(errs.Internal, err, "vault: shred")
		}
	}
	done, err := store.Collect(ctx, tx, "vault: shred records", func(s store.Scanner, d *Destroyed) error {
		*d = Destroyed{Subject: subject, Service: service, Purpose: purpose, Step: StepDestroy, Method: MethodCryptoShred, At: now, Due: now, KeyDestroyed: true}
		var items string
		var due sql.NullInt64
		err := s.Scan(&d.Record, &d.Rule, &items, &due)
		if due.Valid && due.Int64 < now.UnixMicro() {
			d.Due = fromMicros(due.Int64)
		}
		d.Items = splitItems(items)
		return err
	}, `DELETE FROM pd_records WHERE subject_id = ? AND purpose = ? RETURNING id, rule, items, due_at`, subject, purpose)
	if err != nil {
		return 0, err
	}
	if err := dropSide(ctx, tx, service, []keyRef{{subject, purpose}}); err != nil {
		return 0, err
	}
	return len(done), recordImmediate(ctx, tx, done)
}

// Purposes lists the purposes a subject has a data key for.
func (v *Vault) purposesOf(ctx context.Context, q store.Querier, subject string) ([]string, error) {
	// Keys of separate storage (separateKey) are not a purpose's: what
	// another law requires to keep is not shredded on request.
	return column(ctx, q, "vault: list purposes", `SELECT purpose FROM pd_keys WHERE subject_id = ? AND purpose NOT LIKE 'separate/%' ORDER BY purpose`, subject)
}

// ShredSubject shreds every purpose of r's subject (r.Purpose is unused).
func (v *Vault) ShredSubject(ctx context.Context, r Request) (int, error) {
	purposes, err := v.purposesOf(ctx, v.cfg.SQL.Reader(), r.Subject)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, p := range purposes {
		n, err := v.Shred(ctx, Request{Actor: r.Actor, Service: r.Service, Purpose: p, Subject: r.Subject})
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
