package staff

import (
	"context"

	"jikimi/errs"
	"jikimi/keys"
	"jikimi/password"
	"jikimi/store"
)

// NewAccount is what Create needs.
type NewAccount struct {
	Login  string // 3 to 64 of a-z, 0-9, '.', '_', '-'; case-insensitive
	Name   string // display name
	Person string // employee number: one account per person; kept only as a keyed hash
	By     string // the admin creating it; empty only for the operator's command line
}

// Created is a new account with its secrets, which are shown this once and
// never again: the initial password (to be changed at first login) and the
// TOTP enrolment.
type Created struct {
	Account  Account
	Password string
	TOTP     Enrolment
}

// operator is the actor recorded for the command line, which has no account.
const operator = "operator"

// Create makes an active account with a generated initial password and TOTP
// secret. A login name in use, or a person who already has an account, is
// errs.Conflict; a By that is not an active admin is errs.Forbidden.
func (s *Service) Create(ctx context.Context, n NewAccount) (*Created, error) {
	login, person, err := checkNewAccount(n)
	if err != nil {
		return nil, err
	}
	k, err := s.dataKeys(ctx)
	if err != nil {
		return nil, err
	}
	row, c, err := s.newAccountRow(ctx, k, login, n.Name)
	if err != nil {
		return nil, err
	}
	row.personIndex = personIndex(k.person, person)
	err = s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if err := s.authorizeCreate(ctx, tx, n.By); err != nil {
			return err
		}
		return s.insertAccount(ctx, tx, row, or(n.By, operator))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func checkNewAccount(n NewAccount) (login, person string, err error) {
	if login, err = normalizeLogin(n.Login); err != nil {
		return "", "", err
	}
	if err = checkText("the display name", n.Name, 100); err != nil {
		return "", "", err
	}
	person, err = normalizePerson(n.Person)
	return login, person, err
}

func (s *Service) authorizeCreate(ctx context.Context, tx store.Querier, by string) error {
	if by == "" {
		return nil
	}
	if err := checkID("the admin", by); err != nil {
		return err
	}
	return requireAdmin(ctx, tx, by)
}

// accountRow is a new account as stored.
type accountRow struct {
	id, login, name, hash string
	personIndex, sealed   []byte
}

// newAccountRow generates the ID, initial password and TOTP secret, and
// hashes and seals them, outside any transaction: Argon2id is slow.
func (s *Service) newAccountRow(ctx context.Context, k *dataKeys, login, name string) (*accountRow, *Created, error) {
	id, err := s.newID(accountPrefix)
	if err != nil {
		return nil, nil, err
	}
	pw, err := s.initialPassword()
	if err != nil {
		return nil, nil, err
	}
	hash, err := s.cfg.Hasher.Hash(ctx, pw)
	if err != nil {
		return nil, nil, err
	}
	secret, sealed, err := s.newTOTPSecret(k, id)
	if err != nil {
		return nil, nil, err
	}
	sealedName, err := sealName(k, id, name)
	if err != nil {
		return nil, nil, err
	}
	row := &accountRow{id: id, login: login, name: sealedName, hash: hash, sealed: sealed}
	c := &Created{Password: pw, TOTP: enrolment(s.cfg.Issuer, login, secret),
		Account: Account{ID: id, Login: login, Name: name, Status: Active, PasswordChangeRequired: true, CreatedAt: s.now().UTC()}}
	return row, c, nil
}

// initialPassword is 128 random bits as 26 base32 letters and digits,
// which the strength rule accepts like any password set.
func (s *Service) initialPassword() (string, error) {
	b, err := s.random(16)
	if err != nil {
		return "", err
	}
	pw := base32NoPad.EncodeToString(b)
	return pw, password.CheckStrength(pw)
}

// newTOTPSecret returns a fresh secret and its sealed form, bound to the account.
func (s *Service) newTOTPSecret(k *dataKeys, id string) (secret, sealed []byte, err error) {
	if secret, err = s.random(totpKeySize); err != nil {
		return nil, nil, err
	}
	sealed, err = keys.Seal(k.totp, secret, totpAAD(id))
	return secret, sealed, err
}

func totpAAD(accountID string) []byte { return []byte("jikimi/staff/totp/" + accountID) }

func (s *Service) insertAccount(ctx context.Context, tx store.Querier, r *accountRow, by string) error {
	if err := checkUnique(ctx, tx, r); err != nil {
		return err
	}
	now := micros(s.now())
	res, err := tx.ExecContext(ctx, `INSERT INTO staff_accounts (id, login, display_name, person_index, status,
		password_hash, must_change, totp_sealed, totp_last_step, failed_logins, created_at)
		VALUES (?, ?, ?, ?, 'active', ?, 1, ?, 0, 0, ?) ON CONFLICT DO NOTHING`,
		r.id, r.login, r.name, r.personIndex, r.hash, r.sealed, now)
	if err := oneRow(res, err, errs.Conflict, "account_exists", "staff: the login name or person is taken"); err != nil {
		return err
	}
	return s.accountEvent(ctx, tx, r.id, "created", by, "")
}

// checkUnique tells a taken login name from a person who has an account.
func checkUnique(ctx context.Context, tx store.Querier, r *accountRow) error {
	var login, person int
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM staff_accounts WHERE login = ?),
		(SELECT COUNT(*) FROM staff_accounts WHERE person_index = ?)`, r.login, r.personIndex).Scan(&login, &person)
	switch {
	case err != nil:
		return errs.WrapIf(err, "staff: check uniqueness")
	case person > 0:
		return errs.WithReason(errs.Conflict, "person_has_account", "staff: this person already has an account (one account per person)")
	case login > 0:
		return errs.WithReason(errs.Conflict, "login_taken", "staff: the login name is taken")
	}
	return nil
}
