package vault

import (
	"context"
	"time"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
)

// Destruction steps and methods.
const (
	StepSeparate = "separate" // moved into separate storage (분리보관)
	StepDestroy  = "destroy"  // destroyed

	MethodCryptoShred = "crypto_shred"
	MethodDelete      = "delete"
	MethodSeparate    = "separate"
)

// PlanRef names the destruction plan a chunk belongs to and the system job
// that destroys it.
type PlanRef struct {
	ID      string
	Service string
	Cutoff  time.Time // the plan holds records due by then
	Actor   Actor     // a system actor; the access log names it
}

// Destroyed is what the destruction of one record leaves: what it was (its
// purpose, rule and item names), when it was due and destroyed, and how;
// never its content.
type Destroyed struct {
	Record, Subject, Service, Purpose, Rule string
	Case                                    string // the case it belonged to, if any
	Items                                   []string
	Step                                    string // StepSeparate or StepDestroy
	Method                                  string // crypto_shred, delete or separate
	Due, At                                 time.Time
	KeyDestroyed                            bool // the data key that sealed it is destroyed too
}

// Chunk is what one DestroyPlanned call did.
type Chunk struct {
	Destroyed int    // records destroyed or moved into separate storage
	Next      Cursor // where the next call goes on from
	Done      bool   // the walk through the plan is over
}

// RecordDestroyed writes the destruction records of a chunk, and anything
// else its caller keeps of it, in the chunk's transaction: a destruction
// and its record commit together or not at all.
type RecordDestroyed func(ctx context.Context, tx store.Querier, done []Destroyed) error

// DestroyPlanned carries out up to limit records of a plan, from the
// cursor on, in one transaction. A record still in the plan is destroyed as
// its rule says, or moved into separate storage when its rule keeps it
// there; a record whose due date changed since it was planned has left the
// plan and is not touched. Data keys that seal nothing any more are
// destroyed, blind indexes of a purpose that keeps nothing are dropped,
// details_destroyed is fired for the cases whose details are gone, one
// access-log entry per purpose counts the records, and record writes the
// destruction records. It is idempotent: what a crash interrupts is rolled
// back and done by a later walk from the zero Cursor; what is done is never
// done twice.
func (v *Vault) DestroyPlanned(ctx context.Context, p PlanRef, from Cursor, limit int, record RecordDestroyed) (Chunk, error) {
	if p.ID == "" || p.Service == "" || p.Actor.Kind != System || p.Actor.ID == "" || limit <= 0 || record == nil {
		return Chunk{}, errs.E(errs.Invalid, "vault: a destruction names its plan, service, system actor, a positive limit and its recorder")
	}
	if err := v.freshStats(ctx, from); err != nil {
		return Chunk{}, err
	}
	for c := from; c.shelf < len(shelves); c = (Cursor{shelf: c.shelf + 1}) {
		ids, next, err := v.planned(ctx, shelves[c.shelf], p, c, limit)
		if err != nil {
			return Chunk{}, err
		}
		if len(ids) > 0 {
			n, err := v.destroyChunk(ctx, shelves[c.shelf], p, ids, record)
			return Chunk{Destroyed: n, Next: next}, err
		}
	}
	return Chunk{Next: Cursor{shelf: len(shelves)}, Done: true}, nil
}

// doomed is a row leaving its shelf.
type doomed struct {
	id, subject, service, purpose, rule, items, caseID string
	due, created                                       int64
	last                                               []byte // sealed value, or the purpose served
}

func (v *Vault) destroyChunk(ctx context.Context, sh shelf, p PlanRef, ids []string, record RecordDestroyed) (int, error) {
	pol, err := v.current(p.Service)
	if err != nil {
		return 0, err
	}
	now := v.cfg.Clock.Now()
	t := &txn{p: pol, fresh: map[string][]byte{}}
	var done []Destroyed
	var gone []keyRef
	err = v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		t.tx = tx
		rows, err := take(ctx, tx, sh, p.ID, ids, now)
		if err != nil {
			return err
		}
		if done, err = v.dispose(ctx, t, sh, rows, now); err != nil {
			return err
		}
		if gone, err = v.dropEmpty(ctx, tx, sh, rows, done); err != nil {
			return err
		}
		if sh == inUse {
			if err := dropSide(ctx, tx, p.Service, gone); err != nil {
				return err
			}
		}
		if err := v.fireDetailsDestroyed(ctx, tx, pol, done, now); err != nil {
			return err
		}
		if err := record(ctx, tx, done); err != nil {
			return err
		}
		// Last: on PostgreSQL the log's head is locked until commit.
		return v.logChunk(ctx, tx, p, done)
	})
	if err != nil {
		return 0, err
	}
	v.commitKeys(t, gone)
	return len(done), nil
}

// take deletes the plan's rows among ids that are due and returns them.
func take(ctx context.Context, tx store.Querier, sh shelf, plan string, ids []string, now time.Time) ([]doomed, error) {
	// COALESCE keeps the planner on the primary key: the plan's index
	// would walk every record of the plan.
	return store.Collect(ctx, tx, "vault: destroy records", func(s store.Scanner, d *doomed) error {
		return s.Scan(&d.id, &d.subject, &d.service, &d.purpose, &d.rule, &d.items, &d.caseID, &d.due, &d.created, &d.last)
	}, `DELETE FROM `+sh.table+` WHERE id IN (`+placeholders(len(ids))+`) AND COALESCE(plan_id, '') = ?
		AND due_at <= ? RETURNING `+sh.returning, append(anys(ids), plan, now.UnixMicro())...)
}

// dispose turns the taken rows into destruction records, first moving
// into separate storage those whose rule keeps them there.
func (v *Vault) dispose(ctx context.Context, t *txn, sh shelf, rows []doomed, now time.Time) ([]Destroyed, error) {
	done := make([]Destroyed, len(rows))
	for i, d := range rows {
		rr := ruleOf(t.p, d.purpose, d.rule)
		done[i] = d.destroyed(now, StepDestroy, methodOf(rr))
		if sh != inUse || rr == nil || !separates(rr) {
			continue
		}
		if err := v.moveApart(ctx, t, d, rr, now); err != nil {
			return nil, err
		}
		done[i].Step, done[i].Method = StepSeparate, MethodSeparate
	}
	return done, nil
}

func (d doomed) destroyed(at time.Time, step, method string) Destroyed {
	return Destroyed{Record: d.id, Subject: d.subject, Service: d.service, Purpose: d.purpose, Rule: d.rule, Case: d.caseID,
		Items: splitItems(d.items), Step: step, Method: method, Due: fromMicros(d.due), At: at}
}

func ruleOf(p *policy.Policy, purpose, rule string) *policy.Retention {
	if pu := p.Purpose(purpose); pu != nil {
		return pu.Rule(rule)
	}
	return nil
}

// methodOf is how a rule destroys: as declared, crypto-shredding by default
// and for data already kept apart.
func methodOf(rr *policy.Retention) string {
	if rr != nil && rr.Method == MethodDelete {
		return MethodDelete
	}
	return MethodCryptoShred
}

// logChunk writes one access-log entry per purpose of a chunk, counting its
// records.
func (v *Vault) logChunk(ctx context.Context, tx store.Querier, p PlanRef, done []Destroyed) error {
	counts := map[string]int{}
	var order []string
	for _, d := range done {
		if counts[d.Purpose] == 0 {
			order = append(order, d.Purpose)
		}
		counts[d.Purpose]++
	}
	for _, purpose := range order {
		r := Request{Actor: p.Actor, Service: p.Service, Purpose: purpose, Action: Delete}
		if err := v.cfg.Log.Append(ctx, tx, v.entry(r, nil, counts[purpose])); err != nil {
			return err
		}
	}
	return nil
}

// commitKeys, once the chunk committed, caches the keys it created and
// forgets the keys it destroyed.
func (v *Vault) commitKeys(t *txn, gone []keyRef) {
	for name, k := range t.fresh {
		v.keys.put(name, k)
	}
	for _, k := range gone {
		v.keys.evict(k.subject, k.purpose)
	}
}

// PurgeDestroyed makes what destruction deleted unrecoverable from the
// database files (store.SQL.Purge); a run calls it once a plan is done.
func (v *Vault) PurgeDestroyed(ctx context.Context) error {
	return v.cfg.SQL.Purge(ctx, "pd_keys", "pd_records", "pd_separate", "pd_index")
}
