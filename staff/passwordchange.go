package staff

import (
	"context"

	"jikimi/errs"
	"jikimi/password"
	"jikimi/store"
)

// ChangePassword replaces id's password after checking the old one and the
// new one's strength (password.CheckStrength); it ends the need to change
// the initial password. A wrong old password counts as a failed login, so
// this is no way round the lock-out.
func (s *Service) ChangePassword(ctx context.Context, id, old, new, source string) error {
	if err := checkID("the account", id); err != nil {
		return err
	}
	if err := checkText("the source", source, 100); err != nil {
		return err
	}
	if err := password.CheckStrength(new); err != nil {
		return err
	}
	if new == old {
		return errs.WithReason(errs.Invalid, "password_reused", "staff: the new password must differ from the old one")
	}
	if err := s.checkPassword(ctx, id, old, source); err != nil {
		return err
	}
	hash, err := s.cfg.Hasher.Hash(ctx, new)
	if err != nil {
		return err
	}
	return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE staff_accounts SET password_hash = ?, must_change = 0
			WHERE id = ? AND status = 'active'`, hash, id)
		if err := oneRow(res, err, errs.Forbidden, "bad_credentials", "staff: wrong login name, password or code"); err != nil {
			return err
		}
		return s.accountEvent(ctx, tx, id, "password_changed", id, "")
	})
}

// checkPassword verifies id's password; a wrong one, or an account that is
// not active, counts and answers as a failed login.
func (s *Service) checkPassword(ctx context.Context, id, pw, source string) error {
	var hash string
	var status Status
	err := s.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT password_hash, status FROM staff_accounts WHERE id = ?`, id).
		Scan(&hash, &status)
	if err != nil {
		return noAccount(err)
	}
	ok, _, err := s.cfg.Hasher.Verify(ctx, hash, pw)
	if err != nil {
		return err
	}
	if !ok || status != Active {
		var counted *loginRow
		if status == Active {
			counted = &loginRow{id: id, status: status}
		}
		return s.failed(ctx, id, source, outcomeBadPassword, counted)
	}
	return nil
}
