package cases

import (
	"context"
	"time"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
)

// quiet is how long a case is left alone after its last change before the
// sweep asks the vault about it: no rule of these purposes destroys
// anything sooner (a draft's 30 days are the shortest), so younger cases
// are never gone. It saves work; correctness does not depend on it.
const quiet = 30 * 24 * time.Hour

// recheckWithin is how long the sweep leaves a case alone when nothing the
// vault keeps of it is dated yet (it waits for an event). A case with a
// due date is looked at again from that date, or as soon as the vault
// destroyed anything of its subject's purpose (told by DestroyedSince: a
// shred on request takes data out of turn), whichever comes first.
const recheckWithin = 5 * 24 * time.Hour

// toldOverlap is how far before the previous sweep's start a sweep asks
// the vault what it destroyed: a destruction dated just before that start
// may have committed after the previous sweep asked.
const toldOverlap = time.Hour

var sweeper = vault.Actor{Kind: vault.System, ID: "bokjiro-cases-sweep"}

// Sweep drops the bookkeeping of cases whose data the vault has destroyed
// (its row and its transfers), so that nothing of a case, not even its
// outcome under an opaque ID, outlives the policy's retention. It walks
// the quiet cases due a look in pages of limit and returns how many it
// dropped; a case with data left is looked at again from its earliest due
// date, or at the next sweep once the vault destroys anything of the
// case's purpose for its subject. The first sweep of a process, told
// nothing yet, looks at every quiet case.
func (c *Cases) Sweep(ctx context.Context, limit int) (int, error) {
	now := c.now()
	all, err := c.told(ctx, now)
	if err != nil {
		return 0, err
	}
	dropped, after := 0, ""
	for {
		page, err := quietCases(ctx, c.cfg.SQL.Reader(), now.Add(-quiet), now, all, after, limit)
		if err != nil || len(page) == 0 {
			if err == nil {
				c.sweptAt(now)
			}
			return dropped, err
		}
		n, err := c.sweepPage(ctx, page)
		if err != nil {
			return dropped, err
		}
		dropped += n
		after = page[len(page)-1].ID
	}
}

// told clears the recheck mark of every case whose subject's purpose the
// vault destroyed records of since the previous sweep began, so this
// sweep looks at them. It reports all when there was no previous sweep
// in this process: then every quiet case is looked at.
func (c *Cases) told(ctx context.Context, now time.Time) (all bool, err error) {
	c.sweep.Lock()
	since := c.sweep.last
	c.sweep.Unlock()
	if since.IsZero() {
		return true, nil
	}
	emptied, err := c.cfg.Vault.DestroyedSince(ctx, vault.Request{Actor: sweeper, Service: Service}, since.Add(-toldOverlap))
	if err != nil || len(emptied) == 0 {
		return false, err
	}
	return false, c.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		for _, e := range emptied {
			kind, ok := kindOf[e.Purpose]
			if !ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE bokjiro_cases SET recheck_at = NULL WHERE subject_id = ? AND kind = ? AND recheck_at > ?`,
				e.Subject, kind, now.UnixMicro()); err != nil {
				return errs.WrapIf(err, "cases: mark a case to look at again")
			}
		}
		return nil
	})
}

// sweptAt notes the start of a sweep that went through: the next one is
// told what the vault destroyed from then on.
func (c *Cases) sweptAt(start time.Time) {
	c.sweep.Lock()
	defer c.sweep.Unlock()
	if start.After(c.sweep.last) {
		c.sweep.last = start
	}
}

// sweepPage asks the vault about a page of cases, one call per purpose,
// then in one transaction drops the bookkeeping of those it keeps nothing
// of (a subject the gate no longer gives keeps nothing) and dates the next
// look at the others.
func (c *Cases) sweepPage(ctx context.Context, page []Case) (int, error) {
	held := make([]vault.CaseHeld, len(page))
	byPurpose := map[string][]int{}
	var purposes []string // in the page's order, so the log's order is reproducible
	for i, cs := range page {
		p := purposeOf[cs.Kind]
		if byPurpose[p] == nil {
			purposes = append(purposes, p)
		}
		byPurpose[p] = append(byPurpose[p], i)
	}
	for _, purpose := range purposes {
		at := byPurpose[purpose]
		refs := make([]vault.CaseRef, len(at))
		for j, i := range at {
			refs[j] = vault.CaseRef{Subject: page[i].Subject, Case: page[i].ID}
		}
		got, err := c.cfg.Vault.CasesHeld(ctx, vault.Request{Actor: sweeper, Service: Service, Purpose: purpose}, refs)
		if err != nil {
			return 0, err
		}
		for j, i := range at {
			held[i] = got[j]
		}
	}
	dropped := 0
	err := c.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		dropped = 0
		for i, cs := range page {
			if held[i].Left {
				if err := c.recheckAt(ctx, tx, cs, held[i].NextDue); err != nil {
					return err
				}
				continue
			}
			gone, err := drop(ctx, tx, cs)
			if err != nil {
				return err
			}
			if gone {
				dropped++
			}
		}
		return nil
	})
	return dropped, err
}

// drop deletes a case's row and its transfers, unless the case changed
// since the vault was asked (it may hold something new).
func drop(ctx context.Context, tx store.Querier, cs Case) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM bokjiro_cases WHERE id = ? AND updated_at = ?`, cs.ID, cs.Updated.UnixMicro())
	if err != nil {
		return false, errs.WrapIf(err, "cases: drop a case")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM bokjiro_transfers WHERE case_id = ?`, cs.ID)
	return true, errs.WrapIf(err, "cases: drop transfers")
}

// recheckAt sets when the sweep looks at a case with data left again: its
// next due date (past already, when the destruction run has yet to take
// it: the next sweep), or within recheckWithin when nothing of it is dated;
// sooner when told of a destruction. A case changed meanwhile keeps its
// cleared mark.
func (c *Cases) recheckAt(ctx context.Context, tx store.Querier, cs Case, due time.Time) error {
	at := due
	if due.IsZero() {
		at = c.now().Add(recheckWithin)
	}
	_, err := tx.ExecContext(ctx, `UPDATE bokjiro_cases SET recheck_at = ? WHERE id = ? AND updated_at = ?`, at.UnixMicro(), cs.ID, cs.Updated.UnixMicro())
	return errs.WrapIf(err, "cases: date the next look at a case")
}

// quietCases pages through the cases unchanged since before and due a
// look at now (all: whatever their mark), by ID.
func quietCases(ctx context.Context, q store.Querier, before, now time.Time, all bool, after string, limit int) ([]Case, error) {
	return selectCases(ctx, q, `WHERE updated_at <= ? AND (? OR recheck_at IS NULL OR recheck_at <= ?) AND id > ? ORDER BY id LIMIT ?`,
		before.UnixMicro(), all, now.UnixMicro(), after, limit)
}
