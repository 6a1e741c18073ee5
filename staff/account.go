package staff

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// Status is an account's state.
type Status string

// Statuses. An active account logs in; a locked one logs in again once its
// lock has ended (Config.FirstLock, doubling) or an admin lifted it; a
// disabled one is kept for its history and never returns.
const (
	Active   Status = "active"
	Locked   Status = "locked"
	Disabled Status = "disabled"
)

const accountPrefix = "stf_"

// Account is a staff account as others may see it: no secrets, no person
// reference.
type Account struct {
	ID                     string // opaque: stf_ and 26 base32 characters
	Login                  string
	Name                   string // display name
	Status                 Status
	PasswordChangeRequired bool // the initial password is still in use
	FailedLogins           int  // consecutive, since the last success or unlock
	CreatedAt              time.Time
}

const accountColumns = `id, login, display_name, status, must_change, failed_logins, created_at`

// Account returns the account id; an unknown one is errs.NotFound.
func (s *Service) Account(ctx context.Context, id string) (*Account, error) {
	if err := checkID("the account", id); err != nil {
		return nil, err
	}
	row := s.cfg.SQL.Reader().QueryRowContext(ctx,
		`SELECT `+accountColumns+` FROM staff_accounts WHERE id = ?`, id)
	a, err := scanAccount(row)
	if err != nil {
		return nil, err
	}
	return a, s.openNames(ctx, a)
}

// Accounts lists every account, by login name.
func (s *Service) Accounts(ctx context.Context) ([]Account, error) {
	out, err := store.Collect(ctx, s.cfg.SQL.Reader(), "staff: list accounts", func(sc store.Scanner, a *Account) error {
		got, err := scanAccount(sc)
		if err == nil {
			*a = *got
		}
		return err
	}, `SELECT `+accountColumns+` FROM staff_accounts ORDER BY login`)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*Account, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, s.openNames(ctx, ptrs...)
}

type scanner = store.Scanner

func scanAccount(row scanner) (*Account, error) {
	var a Account
	var mustChange, created int64
	err := row.Scan(&a.ID, &a.Login, &a.Name, &a.Status, &mustChange, &a.FailedLogins, &created)
	if err != nil {
		return nil, noAccount(err)
	}
	a.PasswordChangeRequired, a.CreatedAt = mustChange == 1, fromMicros(created)
	return &a, nil
}

// accountStatus reads id's status in tx; an unknown account is errs.NotFound.
func accountStatus(ctx context.Context, tx store.Querier, id string) (Status, error) {
	var st Status
	err := tx.QueryRowContext(ctx, `SELECT status FROM staff_accounts WHERE id = ?`, id).Scan(&st)
	return st, noAccount(err)
}

// noAccount is errs.NotFound for no row, errs.Internal for another error.
func noAccount(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.NotFound, "staff: no such account")
	}
	return errs.WrapIf(err, "staff: read account")
}
