package vault

import (
	"context"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// A shelf is one of the two tables a record can be kept in: the records in
// use, and separate storage (분리보관). Destruction plans take from both.
type shelf struct {
	table string
	// returning lists what a destroyed row leaves for its destruction
	// record; the last column is the sealed value (records) or the purpose
	// the row serves (separate storage).
	returning string
}

var (
	inUse     = shelf{"pd_records", "id, subject_id, service, purpose, rule, items, case_id, due_at, created_at, sealed"}
	separated = shelf{"pd_separate", "id, subject_id, service, purpose, rule, items, case_id, due_at, created_at, serves"}
	shelves   = []shelf{inUse, separated}
)

// PlanDue puts into plan up to limit records of the service, kept
// separately or not, that are due at cutoff and in no plan yet, in one
// transaction, and returns how many. Call it until it returns 0; each call
// holds the write lock only briefly.
func (v *Vault) PlanDue(ctx context.Context, service, plan string, cutoff time.Time, limit int) (int, error) {
	if service == "" || plan == "" || limit <= 0 {
		return 0, errs.E(errs.Invalid, "vault: planning names a service, a plan and a positive limit")
	}
	total := 0
	err := v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		total = 0
		for _, sh := range shelves {
			res, err := tx.ExecContext(ctx, `UPDATE `+sh.table+` SET plan_id = ? WHERE plan_id IS NULL AND id IN (
				SELECT id FROM `+sh.table+` WHERE service = ? AND due_at IS NOT NULL AND due_at <= ? AND plan_id IS NULL ORDER BY due_at LIMIT ?)`,
				plan, service, cutoff.UnixMicro(), limit-total)
			if err != nil {
				return errs.Wrap(errs.Internal, err, "vault: plan due records")
			}
			n, _ := res.RowsAffected()
			if total += int(n); total >= limit {
				return nil
			}
		}
		return nil
	})
	return total, err
}

// PlanKind counts a plan's records of one purpose and rule on one shelf.
type PlanKind struct {
	Purpose, Rule     string
	Separated         bool // already in separate storage: the step is their destruction
	Count             int
	FirstDue, LastDue time.Time
}

// PlanKinds summarises what a plan holds, for the officer who approves it:
// counts and due dates per purpose and rule, never a record's content.
func (v *Vault) PlanKinds(ctx context.Context, plan string) ([]PlanKind, error) {
	var out []PlanKind
	for _, sh := range shelves {
		rows, err := v.cfg.SQL.Reader().QueryContext(ctx, `SELECT purpose, rule, COUNT(*), MIN(due_at), MAX(due_at) FROM `+sh.table+`
			WHERE plan_id = ? GROUP BY purpose, rule ORDER BY purpose, rule`, plan)
		if err != nil {
			return nil, errs.Wrap(errs.Internal, err, "vault: summarise plan")
		}
		for rows.Next() {
			k := PlanKind{Separated: sh == separated}
			var first, last int64
			if err := rows.Scan(&k.Purpose, &k.Rule, &k.Count, &first, &last); err != nil {
				rows.Close()
				return nil, errs.Wrap(errs.Internal, err, "vault: summarise plan")
			}
			k.FirstDue, k.LastDue = fromMicros(first), fromMicros(last)
			out = append(out, k)
		}
		if err := closeRows(rows); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// planned lists up to limit IDs of a shelf's records in plan, read outside
// any write transaction so that writers waiting for the lock get it between
// two chunks.
func (v *Vault) planned(ctx context.Context, sh shelf, plan string, limit int) ([]string, error) {
	rows, err := v.cfg.SQL.Reader().QueryContext(ctx, `SELECT id FROM `+sh.table+` WHERE plan_id = ? LIMIT ?`, plan, limit)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "vault: read plan")
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, errs.Wrap(errs.Internal, err, "vault: read plan")
		}
		ids = append(ids, id)
	}
	return ids, closeRows(rows)
}

type rowsCloser interface {
	Err() error
	Close() error
}

func closeRows(rows rowsCloser) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return wrapIf(err, "vault: read rows")
}

// placeholders is "?, ?, ..." n times.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
