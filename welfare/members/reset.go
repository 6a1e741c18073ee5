package members

import (
	"context"
	"sync"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/ids"
	"jikimi/keys"
	"jikimi/partners/identity"
	"jikimi/vault"
)

// A member who forgot their password proves who they are through the
// identity-verification service (본인확인) and then sets a new one. The
// proof is a ticket: an opaque ID, held in memory for resetTTL, used once.
const (
	resetTTL          = 10 * time.Minute
	maxResetFailures  = 5 // per source address and resetWindow
	resetWindow       = 10 * time.Minute
	maxOpenResets     = 10000
	reasonNoSuchReset = "reset_unverified"
)

// resets are the tickets issued and the failed attempts per address.
type resets struct {
	clk     clock.Clock
	mu      sync.Mutex
	tickets map[string]ticket
	fails   map[string][]time.Time
}

type ticket struct {
	subject string
	expires time.Time
}

func newResets(clk clock.Clock) *resets {
	return &resets{clk: clk, tickets: map[string]ticket{}, fails: map[string][]time.Time{}}
}

// noMatch is the one answer to an unknown login, an identity that is not
// the member's and a member whose record the gate does not give: nothing
// tells which.
func noMatch() error {
	return invalid("identity_mismatch", "입력하신 아이디와 본인확인 결과가 일치하는 회원이 없습니다. 아이디와 본인 정보를 다시 확인해 주세요 (no member matches the login and the verified identity)")
}

// VerifyReset checks a password reset's identity verification: the login
// ID names a member, and the verification (identity.Verifier, started with
// StartIdentity) confirmed that member's name and mobile number. It
// answers a ticket that SetNewPassword takes within ten minutes, once.
// Too many failed attempts from one address refuse it for a while
// ("too_many_attempts"), so the check is no oracle of who is a member.
func (s *Service) VerifyReset(ctx context.Context, source, login, verification string) (string, error) {
	if !s.resets.allowed(source) {
		return "", errs.WithReason(errs.Forbidden, "too_many_attempts", "본인확인 시도가 너무 많습니다. 잠시 후 다시 시도해 주세요 (too many attempts from this address)")
	}
	subject, err := s.matchReset(ctx, login, verification)
	if errs.Code(err) == errs.Invalid || errs.Code(err) == errs.NotFound || errs.Code(err) == errs.Forbidden {
		s.resets.failed(source)
		return "", noMatch()
	}
	if err != nil {
		return "", err
	}
	id, err := ids.New(s.cfg.Rand, "rst_")
	if err != nil {
		return "", err
	}
	return id, s.resets.issue(id, subject)
}

// matchReset answers the member of the login whose verified identity this is.
func (s *Service) matchReset(ctx context.Context, login, verification string) (string, error) {
	norm, err := keys.NormalizeLogin(login)
	if err != nil {
		return "", err
	}
	found, err := s.cfg.Vault.Lookup(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: PurposeMember}, keys.KindLogin, norm)
	if err != nil {
		return "", err
	}
	if len(found) != 1 {
		return "", errs.E(errs.NotFound, "not found")
	}
	if s.cfg.Identity == nil {
		return "", errs.E(errs.Unavailable, "identity verification is not connected")
	}
	id, err := s.cfg.Identity.Result(ctx, verification)
	if err != nil {
		return "", err
	}
	me, err := profile(ctx, s.cfg.Vault, system, found[0])
	if err != nil {
		return "", err
	}
	if !sameMember(me, id) {
		return "", errs.E(errs.Forbidden, "not the member")
	}
	return found[0], nil
}

// StartReset is StartIdentity for a reset: the claim as the form gives it.
func (s *Service) StartReset(ctx context.Context, key string, c identity.Claim) (string, error) {
	id, err := s.StartIdentity(ctx, key, c)
	if errs.Code(err) == errs.Invalid {
		return "", invalid("claim_refused", "본인확인 요청이 거절되었습니다. 입력한 성명, 생년월일, 성별, 휴대전화 번호를 확인해 주세요 (the identity-verification service refused the claim)")
	}
	return id, err
}

// ResetSubject answers whose a ticket VerifyReset issued is, without
// spending it (a new password refused as too weak may be typed again); an
// unknown, spent or expired ticket is errs.Invalid "reset_unverified".
func (s *Service) ResetSubject(ticketID string) (string, error) {
	return s.resets.subject(ticketID)
}

// EndReset spends a ticket once its new password is set.
func (s *Service) EndReset(ticketID string) {
	s.resets.mu.Lock()
	delete(s.resets.tickets, ticketID)
	s.resets.mu.Unlock()
}

func (r *resets) allowed(source string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clk.Now()
	kept := r.fails[source][:0]
	for _, at := range r.fails[source] {
		if now.Sub(at) < resetWindow {
			kept = append(kept, at)
		}
	}
	if len(kept) == 0 {
		delete(r.fails, source)
	} else {
		r.fails[source] = kept
	}
	return len(kept) < maxResetFailures
}

func (r *resets) failed(source string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.fails) >= maxOpenResets {
		clear(r.fails)
	}
	r.fails[source] = append(r.fails[source], r.clk.Now())
}

func (r *resets) issue(id, subject string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clk.Now()
	for k, t := range r.tickets {
		if !now.Before(t.expires) {
			delete(r.tickets, k)
		}
	}
	if len(r.tickets) >= maxOpenResets {
		return errs.E(errs.Unavailable, "too many password resets pending; try again later")
	}
	r.tickets[id] = ticket{subject: subject, expires: now.Add(resetTTL)}
	return nil
}

func (r *resets) subject(id string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.tickets[id]
	if !ok || !r.clk.Now().Before(t.expires) {
		delete(r.tickets, id)
		return "", invalid(reasonNoSuchReset, "본인확인이 만료되었거나 이미 사용되었습니다. 처음부터 다시 진행해 주세요 (the reset's verification expired or was used)")
	}
	return t.subject, nil
}
