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

// Cursor is how far a walk through a service's due records has got, in
// (shelf, due date, ID) order; the zero Cursor is the start.
type Cursor struct {
	shelf int
	due   int64
	id    string
}

// after is the keyset condition of a walk from c, in a shelf's due index.
const after = `service = ? AND due_at IS NOT NULL AND (due_at, id) > (?, ?) AND due_at <= ?`

// PlanDue puts into plan up to limit records of the service, kept
// separately or not, that are due at cutoff and in no plan yet, walking
// from the cursor, in one transaction; it returns how many and where to go
// on from. Call it until it returns 0. A record stays in the plan until it
// is destroyed or its due date changes.
func (v *Vault) PlanDue(ctx context.Context, service, plan string, cutoff time.Time, from Cursor, limit int) (int, Cursor, error) {
	if service == "" || plan == "" || limit <= 0 {
		return 0, from, errs.E(errs.Invalid, "vault: planning names a service, a plan and a positive limit")
	}
	if err := v.freshStats(ctx, from); err != nil {
		return 0, from, err
	}
	total, next := 0, from
	err := v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		total, next = 0, from
		for ; next.shelf < len(shelves) && total < limit; next = (Cursor{shelf: next.shelf + 1}) {
			n, last, err := tag(ctx, tx, shelves[next.shelf], service, plan, cutoff, next, limit-total)
			if err != nil {
				return err
			}
			total += n
			if total == limit {
				next = last
				break
			}
		}
		return nil
	})
	return total, next, err
}

// freshStats, at the start of a walk on PostgreSQL, refreshes the
// planner's statistics of the tables walked (ANALYZE), so that the walk
// stays on the due index however fast the tables grew since autovacuum
// last looked: stale statistics make every chunk sort the whole range.
func (v *Vault) freshStats(ctx context.Context, from Cursor) error {
	if from != (Cursor{}) || v.cfg.SQL.Dialect() != store.Postgres {
		return nil
	}
	return v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `ANALYZE pd_records, pd_separate`)
		return errs.WrapIf(err, "vault: refresh statistics")
	})
}

// tag puts up to limit due records of a shelf after c into plan.
func tag(ctx context.Context, tx store.Querier, sh shelf, service, plan string, cutoff time.Time, c Cursor, limit int) (int, Cursor, error) {
	tagged, err := store.Collect(ctx, tx, "vault: plan due records", scanCursor, `UPDATE `+sh.table+` SET plan_id = ? WHERE plan_id IS NULL AND id IN (
		SELECT id FROM `+sh.table+` WHERE `+after+` AND plan_id IS NULL ORDER BY due_at, id LIMIT ?) RETURNING due_at, id`,
		plan, service, c.due, c.id, cutoff.UnixMicro(), limit)
	if err != nil {
		return 0, c, err
	}
	for _, k := range tagged { // RETURNING keeps no order
		if k.due > c.due || (k.due == c.due && k.id > c.id) {
			c = k
		}
	}
	return len(tagged), c, nil
}

func scanCursor(s store.Scanner, c *Cursor) error { return s.Scan(&c.due, &c.id) }

// PlanKind counts a plan's records of one purpose and rule on one shelf.
type PlanKind struct {
	Purpose, Rule     string
	Separated         bool // already in separate storage: the step is their destruction
	Count             int
	FirstDue, LastDue time.Time
}

// PlanKinds summarises what a plan of the service due by cutoff holds, for
// the officer who approves it: counts and due dates per purpose and rule,
// never a record's content.
func (v *Vault) PlanKinds(ctx context.Context, service, plan string, cutoff time.Time) ([]PlanKind, error) {
	var out []PlanKind
	for _, sh := range shelves {
		kinds, err := store.Collect(ctx, v.reader, "vault: summarise plan", func(s store.Scanner, k *PlanKind) error {
			var first, last int64
			err := s.Scan(&k.Purpose, &k.Rule, &k.Count, &first, &last)
			k.Separated, k.FirstDue, k.LastDue = sh == separated, fromMicros(first), fromMicros(last)
			return err
		}, `SELECT purpose, rule, COUNT(*), MIN(due_at), MAX(due_at) FROM `+sh.table+`
			WHERE service = ? AND due_at IS NOT NULL AND due_at <= ? AND plan_id = ? GROUP BY purpose, rule ORDER BY purpose, rule`,
			service, cutoff.UnixMicro(), plan)
		if err != nil {
			return nil, err
		}
		out = append(out, kinds...)
	}
	return out, nil
}

// planned lists up to limit IDs of a shelf's records in the plan after c,
// read outside any write transaction so that writers waiting for the lock
// get it between two chunks, and the cursor after them.
func (v *Vault) planned(ctx context.Context, sh shelf, p PlanRef, c Cursor, limit int) ([]string, Cursor, error) {
	cs, err := store.Collect(ctx, v.reader, "vault: read plan", scanCursor,
		`SELECT due_at, id FROM `+sh.table+` WHERE `+after+` AND plan_id = ? ORDER BY due_at, id LIMIT ?`,
		p.Service, c.due, c.id, p.Cutoff.UnixMicro(), p.ID, limit)
	if err != nil {
		return nil, c, err
	}
	var ids []string
	for _, k := range cs {
		ids, c = append(ids, k.id), k
	}
	return ids, c, nil
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
