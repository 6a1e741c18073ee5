package pointsvc

import (
	"context"

	"jikimi/clock"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/points"
	"jikimi/healthcare/provision"
	"jikimi/jobs"
	"jikimi/partners/card"
	"jikimi/store"
	"jikimi/vault"
)

// ServiceName is the healthcare service's name in the policies.
const ServiceName = "seoul-healthcare"

// DaySteps is one participant's step total of a day.
type DaySteps struct {
	Subject string // opaque subject ID
	Steps   int
}

// StepSource is where the daily run reads the day's step totals: the daily
// summaries that the sync keeps current.
type StepSource interface {
	// DaySteps returns the totals for day of a page of at most limit
	// participants, starting after the cursor after ("" for the first
	// page), and the cursor of the next page ("" after the last).
	DaySteps(ctx context.Context, day measure.Date, after string, limit int) (page []DaySteps, next string, err error)
}

// Ages gives a page of participants' birth dates for the age rules, at
// once; ok[i] is false when subjects[i]'s is not available.
type Ages interface {
	BirthDates(ctx context.Context, subjects []string) (born []measure.Date, ok []bool, err error)
}

// Config wires a Service.
type Config struct {
	SQL   store.SQL
	Vault *vault.Vault
	Clock clock.Clock
	Rules *points.Rules
	Steps StepSource
	Ages  Ages // nil: GateAges over Vault
	Card  card.Company
	// Consents checks the participant's consent to the card company's
	// provision before a conversion.
	Consents *provision.Consents
	Jobs     *jobs.Queue // the conversion handler is registered on it
	Batch    int         // participants per transaction of the daily run; 0: 1000
}

// Service is the points ledger.
type Service struct {
	cfg Config
}

// New returns the ledger and registers its job handler.
func New(cfg Config) *Service {
	if cfg.Batch <= 0 {
		cfg.Batch = 1000
	}
	if cfg.Ages == nil {
		cfg.Ages = GateAges{cfg.Vault}
	}
	s := &Service{cfg: cfg}
	if cfg.Jobs != nil {
		jobs.Handle(cfg.Jobs, s.runConversion)
	}
	return s
}

// runner is the system actor of the daily run: it reads birth dates.
var runner = vault.Actor{Kind: vault.System, ID: "points-daily", Source: "127.0.0.1"}

// cardCompany is the card company as the gate knows it: the provision
// shinhan-card of the policy.
var cardCompany = vault.Actor{Kind: vault.Partner, ID: "shinhan-card", Source: "127.0.0.1"}
