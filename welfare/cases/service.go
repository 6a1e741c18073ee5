package cases

import (
	"sync"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/ids"
	"jikimi/jobs"
	"jikimi/partners/complaint"
	"jikimi/partners/insurance"
	"jikimi/partners/notify"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/vault"
	"jikimi/welfare/eligibility"
)

// Service is the service ID of 복지로 in the policies.
const Service = "bokjiro"

// The purposes this package serves.
const (
	purposeApplication = "online-application"
	purposeHelp        = "help-request"
	purposeFraud       = "fraud-report"
	purposeSearch      = "welfare-search"
	purposeMyWelfare   = "my-welfare"
)

// The content items of a help request and a fraud report (bokjiro
// 2026-12-07 on): what help is needed, what is reported. Their IDs stay as
// they are; pages and clients name them.
const (
	HelpContent   = "help_content"
	ReportContent = "report_content"
)

// CaseworkerRole is the staff role that reviews applications and answers
// help requests (policies/bokjiro roles).
const CaseworkerRole = "caseworker"

// Config wires the cases.
type Config struct {
	Vault    *vault.Vault
	SQL      store.SQL
	Clock    clock.Clock
	Policies *policy.Registry
	Criteria *eligibility.Criteria // the mock calculation's criteria
	// Complaints files fraud reports, by provision ID (epeople, clean-portal).
	Complaints map[string]complaint.Filer
	// Insurance looks people up, one per social-insurance system.
	Insurance map[insurance.System]insurance.Looker
	// Identity binds 나의 복지서비스 to the member's verified identity.
	Identity Prover
	// Jobs carries the fraud reports' forwarding (Forward is its handler)
	// and the applications' result notices (TellResult).
	Jobs *jobs.Queue
	// Email and SMS send the result notices.
	Email, SMS notify.Sender
}

// Cases serves the citizen's and the caseworker's side of 복지로's cases.
type Cases struct {
	cfg   Config
	sweep struct {
		sync.Mutex
		last time.Time // when the last sweep that went through began (zero: none in this process)
	}
}

// New checks the configuration.
func New(cfg Config) (*Cases, error) {
	if cfg.Vault == nil || cfg.SQL == nil || cfg.Clock == nil || cfg.Policies == nil || cfg.Criteria == nil || cfg.Jobs == nil {
		return nil, errs.E(errs.Invalid, "cases: vault, SQL, clock, policies, criteria and jobs are required")
	}
	return &Cases{cfg: cfg}, nil
}

func (c *Cases) now() time.Time { return c.cfg.Clock.Now() }

// policy is 복지로's policy in force.
func (c *Cases) policy() (*policy.Policy, error) {
	p, ok := c.cfg.Policies.Current(Service, c.now())
	if !ok {
		return nil, errs.E(errs.Unavailable, "no 복지로 policy in force")
	}
	return p, nil
}

// newID is an opaque ID: a case ID, also the case of its vault records.
func newID(prefix string) (string, error) { return ids.New(nil, prefix) }

// bad is an invalid-input error with a machine reason.
func bad(reason, format string, args ...any) error {
	return errs.WithReason(errs.Invalid, reason, format, args...)
}

// conflict is a request that the case's state does not allow.
func conflict(reason, format string, args ...any) error {
	return errs.WithReason(errs.Conflict, reason, format, args...)
}

// citizen checks that the actor is a signed-in person acting for themselves.
func citizen(a vault.Actor) error {
	if a.Kind != vault.Subject || a.ID == "" {
		return errs.E(errs.Forbidden, "a citizen's own session is required")
	}
	return nil
}

// caseworker checks that the actor is staff in the caseworker role.
func caseworker(a vault.Actor) error {
	if a.Kind != vault.Staff || a.Role != CaseworkerRole {
		return errs.E(errs.Forbidden, "the caseworker role is required")
	}
	return nil
}

// caseworkerOn checks that the actor is a caseworker who, having chosen a
// purpose to work for, chose that of cases of kind: a list of another
// purpose's cases is refused as the gate refuses it.
func caseworkerOn(a vault.Actor, kind string) error {
	if err := caseworker(a); err != nil {
		return err
	}
	if !workingFor(a, kind) {
		e := errs.E(errs.Forbidden, "the caseworker chose to work for another purpose")
		e.Reason = vault.ReasonPurposeNotChosen
		return e
	}
	return nil
}

// workingFor reports whether a caseworker who chose a purpose to work for
// (vault.Actor.Purpose) chose the purpose of cases of kind. A case of
// another purpose is not found, never a case without its items: even its
// state and subject belong to its own purpose.
func workingFor(a vault.Actor, kind string) bool {
	return a.Purpose == (vault.Chosen{}) || a.Purpose == (vault.Chosen{Service: Service, Purpose: purposeOf[kind]})
}

// request is a gate request on the actor's behalf for a subject's purpose.
func request(a vault.Actor, subject, purpose string, action vault.Action, items ...string) vault.Request {
	return vault.Request{Actor: a, Service: Service, Purpose: purpose, Subject: subject, Items: items, Action: action}
}

func notFound() error { return errs.E(errs.NotFound, "not found") }
