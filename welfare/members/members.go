package members

import (
	"context"
	"crypto/rand"
	"io"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/partners/identity"
	"jikimi/partners/notify"
	"jikimi/partners/socialsecurity"
	"jikimi/vault"
)

// The service and purposes of the seed policy this package serves.
const (
	ServiceName    = "bokjiro"
	PurposeMember  = "membership"
	PurposeLink    = "membership-link"
	ruleMembership = "membership"
	ruleLink       = "membership-link"
)

// PasswordHasher turns a password into the hash kept as the member's
// password item (citizen.Service, or password.Hasher through an adapter).
type PasswordHasher interface {
	HashPassword(ctx context.Context, pw string) (string, error)
}

// Config wires the service.
type Config struct {
	Vault  *vault.Vault
	Hasher PasswordHasher
	Clock  clock.Clock
	SMS    notify.Sender            // sends a representative's verification code
	Social socialsecurity.Connector // the social-security information system
	// Identity verifies who a member is before a look-up by their RRN
	// (the link to 행복e음, 나의 복지서비스); without it those refuse.
	Identity identity.Verifier
	Rand     io.Reader // crypto/rand.Reader when nil
}

// Service runs membership.
type Service struct {
	cfg    Config
	reps   *verifications
	resets *resets

	checked func() // tests: runs between the look-ups and the writes of a sign-up
}

// New checks the configuration and returns the service.
func New(cfg Config) (*Service, error) {
	if cfg.Vault == nil || cfg.Hasher == nil || cfg.Clock == nil || cfg.SMS == nil || cfg.Social == nil {
		return nil, errs.E(errs.Invalid, "members: vault, hasher, clock, SMS gateway and social-security connector are required")
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	return &Service{cfg: cfg, reps: newVerifications(cfg.Clock, cfg.Rand), resets: newResets(cfg.Clock)}, nil
}

// system is the actor of the service's own steps (duplicate checks, undoing
// a sign-up that failed half-way).
var system = vault.Actor{Kind: vault.System, ID: "bokjiro-members", Source: "127.0.0.1"}

func self(subject, source string) vault.Actor {
	return vault.Actor{Kind: vault.Subject, ID: subject, Source: source}
}

func invalid(reason, format string, args ...any) *errs.Error {
	return errs.WithReason(errs.Invalid, reason, format, args...)
}
