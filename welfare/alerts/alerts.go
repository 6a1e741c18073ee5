package alerts

import (
	"jikimi/clock"
	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/partners/notify"
	"jikimi/store"
	"jikimi/vault"
	"jikimi/welfare/catalogue"
)

// The service and purposes of the seed policy this package serves.
const (
	ServiceName     = "bokjiro"
	PurposeFamily   = "welfare-alerts"
	PurposeProfile  = "welfare-alerts-profile"
	purposeContacts = "membership" // where the member's e-mail and mobile are
	JobKind         = "bokjiro.welfare-alert"
)

// Config wires the service.
type Config struct {
	Vault     *vault.Vault
	SQL       store.SQL // the run state and the outbox
	Clock     clock.Clock
	Catalogue *catalogue.Catalogue   // the catalogue in force
	Earlier   []*catalogue.Catalogue // earlier snapshots still known, to tell what is new
	Email     notify.Sender
	SMS       notify.Sender
	Jobs      *jobs.Queue // carries the alerts (Send is its handler)
}

// Service runs the 복지알림이.
type Service struct {
	cfg      Config
	versions map[string]*catalogue.Catalogue
}

// New checks the configuration and returns the service.
func New(cfg Config) (*Service, error) {
	if cfg.Vault == nil || cfg.SQL == nil || cfg.Clock == nil || cfg.Catalogue == nil || cfg.Email == nil || cfg.SMS == nil || cfg.Jobs == nil {
		return nil, errs.E(errs.Invalid, "alerts: vault, SQL, clock, catalogue, both gateways and jobs are required")
	}
	s := &Service{cfg: cfg, versions: map[string]*catalogue.Catalogue{}}
	for _, c := range append(cfg.Earlier, cfg.Catalogue) {
		s.versions[c.Version()] = c
	}
	return s, nil
}

// system is the actor of the run and of the sending job.
var system = vault.Actor{Kind: vault.System, ID: "bokjiro-alerts", Source: "127.0.0.1"}

func invalid(reason, format string, args ...any) *errs.Error {
	return errs.WithReason(errs.Invalid, reason, format, args...)
}
