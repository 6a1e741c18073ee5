package rights

import (
	"context"
	"time"

	"jikimi/audit"
	"jikimi/clock"
	"jikimi/errs"
	"jikimi/ids"
	"jikimi/jobs"
	"jikimi/partners/notify"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/vault"
)

// OfficerRole is the staff role that answers rights requests: the policy
// names it on every purpose (the gate checks that, too).
const OfficerRole = "privacy-officer"

// History reads the access log's entries about one subject, through its
// index, or of a time range, and proves them against the latest checkpoint
// (audit.Log).
type History interface {
	OfSubject(ctx context.Context, subject string, fn func(audit.Entry) error) error
	Between(ctx context.Context, from, to time.Time, fn func(audit.Entry) error) error
	ProveEntries(ctx context.Context, entries []audit.Entry) (*audit.Checkpoint, []*audit.InclusionProof, error)
}

// Guardians checks a legal representative's standing (Act 22-2, 38): that
// the verification proves the representative recorded for the subject at
// sign-up, again, and whether the subject is still under 14 at now.
type Guardians interface {
	Represents(ctx context.Context, service, subject, verification string, now time.Time) (minor bool, err error)
}

// Identities confirms a proxy's identity through the identity connector:
// ref is an opaque reference of the verification, never the person's data.
type Identities interface {
	Verified(ctx context.Context, verification string) (ref string, err error)
}

// Config wires the service.
type Config struct {
	Vault      *vault.Vault
	History    History
	SQL        store.SQL
	Policies   *policy.Registry
	Clock      clock.Clock
	Guardians  Guardians               // nil: no representative can be verified
	Identities Identities              // nil: no proxy can be verified
	FHIR       map[string]FHIRExporter // per service: its FHIR R4 export, if any
	Ledgers    map[string]LedgerReader // per service: its own ledgers of a person, for the access answer
	Jobs       *jobs.Queue             // delivers the notices (Deliver is its handler)
	// Contacts says, per service, where its notices reach a person
	// outside it; SMS and Email are the gateways (nil: not sent that way).
	// A service without a contact tells its people in the service only.
	Contacts map[string]Contact
	SMS      notify.Sender
	Email    notify.Sender
	// Recipients are the connectors of the recipients of provisions, by
	// provision ID, that take correction notices (see TellRecipient).
	Recipients map[string]CorrectionRecipient
}

// Service runs rights requests.
type Service struct{ cfg Config }

// New checks the configuration.
func New(cfg Config) (*Service, error) {
	if cfg.Vault == nil || cfg.History == nil || cfg.SQL == nil || cfg.Policies == nil || cfg.Clock == nil || cfg.Jobs == nil {
		return nil, errs.E(errs.Invalid, "rights: vault, history, SQL, policies, clock and jobs are required")
	}
	return &Service{cfg: cfg}, nil
}

func (s *Service) now() time.Time { return s.cfg.Clock.Now() }

// policy is the service's policy in force; an unknown service is not found.
func (s *Service) policy(service string) (*policy.Policy, error) {
	p, ok := s.cfg.Policies.Current(service, s.now())
	if !ok {
		return nil, errs.E(errs.NotFound, "no such service")
	}
	return p, nil
}

// newID is an opaque ID of the kind prefix names (rr_ a request, tr_ a
// transfer, nt_ a notice).
func newID(prefix string) string { return ids.Random(prefix) }

// step logs one step of request req by actor through the gate and runs
// write in the same transaction.
func (s *Service) step(ctx context.Context, actor vault.Actor, service, subject string, action vault.Action, onBehalf bool, write func(tx store.Querier) error) error {
	return s.cfg.Vault.RightsStep(ctx, vault.Request{Actor: actor, Service: service, Purpose: vault.PurposeRights, Subject: subject, Action: action,
		Then: func(ctx context.Context, tx store.Querier) error { return write(tx) }}, onBehalf)
}
