package staff

import (
	"context"
	"slices"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/vault"
)

// Work is what a signed-in staff member chose to work as: one role the
// account holds and one declared purpose of a service that the role may
// use (purpose first, PIPA's purpose limitation made a screen rule). The
// zero Work is none chosen: no personal data may be shown then.
type Work struct {
	Role    Role
	Service string
	Purpose string
	Title   string // the purpose's Korean title, as the policy declares it
}

// Chosen reports whether a Work is set.
func (w Work) Chosen() bool { return w.Purpose != "" }

// Key names a Work in a form: role/service/purpose.
func (w Work) Key() string { return string(w.Role) + "/" + w.Service + "/" + w.Purpose }

// ParseWork reads a Work's Key; a malformed one is errs.Invalid.
func ParseWork(key string) (Work, error) {
	parts := strings.Split(key, "/")
	if len(parts) != 3 || parts[1] == "" || parts[2] == "" {
		return Work{}, errs.WithReason(errs.Invalid, "bad_work", "staff: choose a role and a purpose")
	}
	r, err := ParseRole(parts[0])
	return Work{Role: r, Service: parts[1], Purpose: parts[2]}, err
}

// Choices lists the Works open to someone holding roles, from the policies
// in force at t: every purpose whose declared roles include one of theirs,
// by service, then in the policy's order, then by role. Admin has none.
func Choices(reg *policy.Registry, t time.Time, roles []Role) []Work {
	var out []Work
	for _, svc := range reg.Services() {
		p, ok := reg.Current(svc, t)
		if !ok {
			continue
		}
		for _, pu := range p.Purposes {
			for _, r := range roles {
				if r.PurposeAccess() && slices.Contains(pu.Roles, string(r)) {
					out = append(out, Work{Role: r, Service: svc, Purpose: pu.ID, Title: pu.Title})
				}
			}
		}
	}
	return out
}

// ChooseWork makes w what the session of token works as, replacing any
// earlier choice. The session must be valid, past its password change, and
// its account must hold w.Role; w must be one of Choices under the policies
// in force (Config.Policies), or it is errs.Forbidden "work_not_open".
func (s *Service) ChooseWork(ctx context.Context, token string, w Work) (*Session, error) {
	sess, err := s.Authenticate(ctx, token)
	if err != nil {
		return nil, err
	}
	if sess.PasswordChangeRequired {
		return nil, passwordChangeFirst()
	}
	i := slices.IndexFunc(s.choices(sess.Roles), func(c Work) bool { return c.Key() == w.Key() })
	if i < 0 {
		return nil, errs.WithReason(errs.Forbidden, "work_not_open", "staff: this account may not work for that purpose")
	}
	return sess, s.setWork(ctx, token, sess, s.choices(sess.Roles)[i])
}

// EndWork clears the session's choice: no personal data until another.
func (s *Service) EndWork(ctx context.Context, token string) error {
	sess, err := s.Authenticate(ctx, token)
	if err != nil {
		return err
	}
	return s.setWork(ctx, token, sess, Work{})
}

func (s *Service) setWork(ctx context.Context, token string, sess *Session, w Work) error {
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE staff_sessions SET work_role = ?, work_service = ?, work_purpose = ? WHERE token_hash = ?`,
			string(w.Role), w.Service, w.Purpose, tokenHash(token))
		return errs.WrapIf(err, "staff: choose work")
	})
	if err == nil {
		sess.Work = w
	}
	return err
}

// choices are the Works open to roles now; none without policies.
func (s *Service) choices(roles []Role) []Work {
	if s.cfg.Policies == nil {
		return nil
	}
	return Choices(s.cfg.Policies, s.now(), roles)
}

// Choices lists the Works open to the session now.
func (s *Service) Choices(sess *Session) []Work { return s.choices(sess.Roles) }

// fillWork keeps the stored choice only while it is still open: a role
// revoked, or a purpose no longer declared for it, ends the choice on the
// next request.
func (s *Service) fillWork(sess *Session, role, service, purpose string) {
	w := Work{Role: Role(role), Service: service, Purpose: purpose}
	for _, c := range s.choices(sess.Roles) {
		if c.Key() == w.Key() {
			sess.Work = c
			return
		}
	}
}

func passwordChangeFirst() error {
	return errs.WithReason(errs.Forbidden, "password_change_required", "staff: change the initial password first")
}

// WorkActor is the gate's actor of a session working as its chosen Work,
// from source: the role and the purpose go into every gate call and every
// access-log entry. Without a choice it is errs.Forbidden
// "purpose_not_chosen", so that nothing personal is read.
func (sess *Session) WorkActor(source string) (vault.Actor, error) {
	switch {
	case sess.PasswordChangeRequired:
		return vault.Actor{}, passwordChangeFirst()
	case !sess.Work.Chosen():
		return vault.Actor{}, errs.WithReason(errs.Forbidden, vault.ReasonPurposeNotChosen, "staff: choose the purpose you work for first")
	}
	return vault.Actor{Kind: vault.Staff, ID: sess.AccountID, Role: string(sess.Work.Role), Source: source,
		Purpose: vault.Chosen{Service: sess.Work.Service, Purpose: sess.Work.Purpose}}, nil
}
