package staff

import (
	"context"

	"jikimi/errs"
	"jikimi/store"
)

// Unlock makes a locked account active again and clears its failure count.
// Only an active admin other than the account itself may; an account that
// is not locked is errs.Conflict.
func (s *Service) Unlock(ctx context.Context, id, by string) error {
	return s.adminAction(ctx, id, by, func(tx store.Querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE staff_accounts SET status = 'active', failed_logins = 0
			WHERE id = ? AND status = 'locked'`, id)
		if err := oneRow(res, err, errs.Conflict, "not_locked", "staff: the account is not locked"); err != nil {
			return err
		}
		return s.accountEvent(ctx, tx, id, "unlocked", by, "")
	})
}

// Disable ends an account for good (its holder left or changed jobs): it
// can no longer log in, its sessions end at once, and it keeps its history.
// Its roles stay recorded until revoked, but a disabled account cannot use
// them.
func (s *Service) Disable(ctx context.Context, id, by, reason string) error {
	if err := checkText("the reason", reason, 500); err != nil {
		return err
	}
	return s.adminAction(ctx, id, by, func(tx store.Querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE staff_accounts SET status = 'disabled'
			WHERE id = ? AND status <> 'disabled'`, id)
		if err := oneRow(res, err, errs.Conflict, "account_disabled", "staff: the account is disabled already"); err != nil {
			return err
		}
		if err := endSessions(ctx, tx, id); err != nil {
			return err
		}
		return s.accountEvent(ctx, tx, id, "disabled", by, reason)
	})
}

// adminAction checks that by, an active admin, acts on an existing account
// other than its own, then runs fn in the same transaction.
func (s *Service) adminAction(ctx context.Context, id, by string, fn func(store.Querier) error) error {
	if err := checkID("the account", id); err != nil {
		return err
	}
	if err := checkID("the admin", by); err != nil {
		return err
	}
	if id == by {
		return errs.WithReason(errs.Forbidden, "self_admin", "staff: an admin may not do this to their own account")
	}
	return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if err := requireAdmin(ctx, tx, by); err != nil {
			return err
		}
		if _, err := accountStatus(ctx, tx, id); err != nil {
			return err
		}
		return fn(tx)
	})
}
