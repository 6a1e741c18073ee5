package staff

import (
	"context"
	"database/sql"

	"jikimi/errs"
	"jikimi/store"
)

// Bootstrap is the By of the one grant made before any admin exists: the
// admin role, to the first admin. It works once per database, ever.
const Bootstrap = "bootstrap"

// RoleChange is a grant, change or revocation: who does it and why.
type RoleChange struct {
	Account string // whose roles change
	Role    Role   // granted, revoked, or (Change) the new role
	From    Role   // Change only: the role given up
	By      string // an active admin's account ID, or Bootstrap
	Reason  string // why, for the history; required
}

// Grant gives c.Account the role c.Role. Only an active admin may, never to
// itself; a role already held is errs.Conflict.
func (s *Service) Grant(ctx context.Context, c RoleChange) error {
	return s.changeRoles(ctx, "grant", c, func(tx store.Querier) error {
		if err := requireUsable(ctx, tx, c.Account); err != nil {
			return err
		}
		return s.addRole(ctx, tx, c.Account, c.Role)
	})
}

// Change replaces c.From with c.Role in one step.
func (s *Service) Change(ctx context.Context, c RoleChange) error {
	if _, err := ParseRole(string(c.From)); err != nil {
		return err
	}
	if c.From == c.Role {
		return errs.E(errs.Invalid, "staff: a change needs two different roles")
	}
	return s.changeRoles(ctx, "change", c, func(tx store.Querier) error {
		if err := requireUsable(ctx, tx, c.Account); err != nil {
			return err
		}
		if err := dropRole(ctx, tx, c.Account, c.From); err != nil {
			return err
		}
		return s.addRole(ctx, tx, c.Account, c.Role)
	})
}

// Revoke takes c.Role from c.Account at once: the next Roles or
// Authenticate no longer shows it. A role not held is errs.NotFound.
func (s *Service) Revoke(ctx context.Context, c RoleChange) error {
	return s.changeRoles(ctx, "revoke", c, func(tx store.Querier) error {
		if _, err := accountStatus(ctx, tx, c.Account); err != nil {
			return err
		}
		return dropRole(ctx, tx, c.Account, c.Role)
	})
}

// changeRoles checks c, authorises it, applies it and records it, in one
// transaction.
func (s *Service) changeRoles(ctx context.Context, action string, c RoleChange, apply func(store.Querier) error) error {
	if err := checkRoleChange(c); err != nil {
		return err
	}
	return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if err := s.authorizeRoles(ctx, tx, action, c); err != nil {
			return err
		}
		if err := apply(tx); err != nil {
			return err
		}
		return s.roleEvent(ctx, tx, action, c)
	})
}

func checkRoleChange(c RoleChange) error {
	if err := checkID("the account", c.Account); err != nil {
		return err
	}
	if _, err := ParseRole(string(c.Role)); err != nil {
		return err
	}
	if c.By != Bootstrap {
		if err := checkID("the admin", c.By); err != nil {
			return err
		}
	}
	return checkText("the reason", c.Reason, 500)
}

// authorizeRoles refuses changes to one's own roles, and anyone but an
// active admin, except the one bootstrap grant of admin.
func (s *Service) authorizeRoles(ctx context.Context, tx store.Querier, action string, c RoleChange) error {
	if c.By == c.Account {
		return errs.WithReason(errs.Forbidden, "self_grant", "staff: no one may change their own roles")
	}
	if c.By != Bootstrap {
		return requireAdmin(ctx, tx, c.By)
	}
	if action != "grant" || c.Role != Admin {
		return errs.WithReason(errs.Forbidden, "not_admin", "staff: the bootstrap may only grant the first admin")
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO staff_bootstrap (id, account_id, at) VALUES (1, ?, ?)
		ON CONFLICT (id) DO NOTHING`, c.Account, micros(s.now()))
	return oneRow(res, err, errs.Forbidden, "bootstrap_done", "staff: the bootstrap grant was made already; ask an admin")
}

// requireUsable refuses roles for a disabled account.
func requireUsable(ctx context.Context, tx store.Querier, id string) error {
	st, err := accountStatus(ctx, tx, id)
	if err == nil && st == Disabled {
		err = errs.WithReason(errs.Conflict, "account_disabled", "staff: the account is disabled")
	}
	return err
}

func (s *Service) addRole(ctx context.Context, tx store.Querier, id string, r Role) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO staff_roles (account_id, role, granted_at) VALUES (?, ?, ?)
		ON CONFLICT (account_id, role) DO NOTHING`, id, string(r), micros(s.now()))
	return oneRow(res, err, errs.Conflict, "role_held", "staff: the account holds this role already")
}

func dropRole(ctx context.Context, tx store.Querier, id string, r Role) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM staff_roles WHERE account_id = ? AND role = ?`, id, string(r))
	return oneRow(res, err, errs.NotFound, "role_not_held", "staff: the account does not hold this role")
}

// oneRow turns a statement that changed no row into the error given.
func oneRow(res sql.Result, err error, code, reason, msg string) error {
	n, err := affected(res, err)
	if err == nil && n == 0 {
		err = errs.WithReason(code, reason, "%s", msg)
	}
	return err
}

// affected is how many rows a statement changed.
func affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, errs.WrapIf(err, "staff: write")
	}
	n, err := res.RowsAffected()
	return n, errs.WrapIf(err, "staff: count rows")
}
