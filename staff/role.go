package staff

import (
	"context"
	"slices"

	"jikimi/errs"
	"jikimi/store"
)

// Role is what a staff member may be granted. Roles name who someone is at
// work; which purposes and items each may reach is the policy's and the
// gate's to decide, not this package's.
type Role string

// Roles.
const (
	Caseworker     Role = "caseworker"
	HealthOperator Role = "health-operator"
	Counsellor     Role = "counsellor"
	PrivacyOfficer Role = "privacy-officer"
	Statistician   Role = "statistician"
	Admin          Role = "admin" // manages accounts and roles; no access to personal data
)

var allRoles = []Role{Caseworker, HealthOperator, Counsellor, PrivacyOfficer, Statistician, Admin}

// AllRoles lists the roles.
func AllRoles() []Role { return slices.Clone(allRoles) }

// ParseRole checks that s names a role; an unknown one is errs.Invalid.
func ParseRole(s string) (Role, error) {
	if !slices.Contains(allRoles, Role(s)) {
		return "", errs.WithReason(errs.Invalid, "unknown_role", "staff: unknown role")
	}
	return Role(s), nil
}

// PurposeAccess says whether the role may act for a declared purpose at all;
// admin may not: it manages accounts, never personal data.
func (r Role) PurposeAccess() bool { return r != Admin }

// Roles lists the roles id holds now, read from the database on every call
// so that a revocation takes effect at once. A disabled or locked account
// holds its roles but cannot log in or use a session.
func (s *Service) Roles(ctx context.Context, id string) ([]Role, error) {
	if err := checkID("the account", id); err != nil {
		return nil, err
	}
	return roles(ctx, s.cfg.SQL.Reader(), id)
}

func roles(ctx context.Context, q store.Querier, id string) ([]Role, error) {
	out := []Role{}
	err := list(ctx, q, id, `SELECT role FROM staff_roles WHERE account_id = ? ORDER BY role`, func(sc scanner) error {
		var r Role
		err := sc.Scan(&r)
		out = append(out, r)
		return err
	})
	return out, err
}

// requireAdmin refuses by unless it is an active account holding admin.
func requireAdmin(ctx context.Context, tx store.Querier, by string) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff_roles r JOIN staff_accounts a ON a.id = r.account_id
		WHERE r.account_id = ? AND r.role = ? AND a.status = ?`, by, string(Admin), string(Active)).Scan(&n)
	if err != nil {
		return errs.WrapIf(err, "staff: check admin")
	}
	if n == 0 {
		return errs.WithReason(errs.Forbidden, "not_admin", "staff: only an active admin may do this")
	}
	return nil
}
