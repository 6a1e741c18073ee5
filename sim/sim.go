package sim

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/partners/identity"
	"jikimi/partners/notify"
	"jikimi/policy"
	"jikimi/retention"
	"jikimi/rights"
	"jikimi/vault"
)

// Destroyer is what the simulator asks of the destruction runner
// (*retention.Runner).
type Destroyer interface {
	Run(ctx context.Context, day time.Time) (*retention.Result, error)
	Approve(ctx context.Context, planID, staffID string) (*retention.Plan, error)
	Execute(ctx context.Context, planID string) (*retention.Plan, error)
	Report(ctx context.Context, from, to time.Time, fn func(retention.Destruction) error) error
}

// Config wires a simulation.
type Config struct {
	Vault    *vault.Vault
	Runner   Destroyer // nil: no destruction at all (a baseline; everything due outlives)
	Policies *policy.Registry
	Clock    *clock.Fake // the simulation starts on its day
	Officer  string      // the privacy officer's staff account ID, approving plans
	Subjects int         // synthetic people
	Years    int
	// Days, when positive and shorter than Years, stops the simulation
	// after that many days of the Years-long one: the same people, joining
	// on the same days, the report settled at the stop (for profiling a
	// long run's first days).
	Days     int
	Seed     uint64
	Grace    time.Duration // how late a destruction may be; retention.DefaultGrace when 0
	Params   *Params       // nil: DefaultParams
	Services Services      // the services' real paths; those left nil are driven directly
	// Daily are the services' scheduled runs (the 복지알림이's matching, the
	// points' accrual), each run every simulated day at dawn.
	Daily []func(context.Context) error
	// Outboxes are the services' job queues (jobs.Queue, started), drained
	// on the simulated clock after the people's day and after the daily runs.
	Outboxes []Outbox
	Progress io.Writer // a line per simulated year; nil: none
	// Rights, when set, has the people file rights requests and the
	// officer (Officer) answer them; the report then has a rights table.
	Rights *rights.Service
	// Proxies, when set with Rights, has some requests made on paper by a
	// proxy holding a power of attorney, recorded by the officer: the
	// proxy's identity is verified through it (the identity connector).
	Proxies ProxyVerifier
	// Phones, when set with Services.Members, are the legal
	// representatives' phones: a share of 복지로's members (Params.Under14)
	// join under 14 with their representative's consent, and file their
	// rights requests through the representative, who reads the code the
	// membership service texts them from here.
	Phones Phones
}

// Phones is what a representative's phone shows (the SMS gateway's
// simulator, *notify.Sim).
type Phones interface {
	To(ch notify.Channel, to string) []notify.Delivered
}

// ProxyVerifier starts a proxy's identity verification (identity.Verifier's
// Start): the simulator's proxies confirm theirs at once.
type ProxyVerifier interface {
	Start(ctx context.Context, idempotencyKey string, c identity.Claim) (string, error)
}

// sim is one simulation in progress.
type sim struct {
	cfg       Config
	p         Params
	rng       *rand.Rand // people's behaviour
	officer   *rand.Rand // the officer's approval delays
	start     time.Time
	days      int
	order     []*ruleInfo
	rules     map[ruleKey]*ruleInfo
	recs      map[string]*rec
	people    []*person
	approveOn map[string]int // plan ID -> the day the officer approves it
	seq       int            // case numbers
	persons   int            // people who joined a service, numbering their synthetic identities
	failures  []string       // scheduled runs that failed: the first few, with their day
	failed    int            // how many failed
	rights    *rightsSim     // nil without Config.Rights
}

// failedRun notes a scheduled run that failed. The system would log it and
// try again at its next tick; the simulator goes on, and reports it.
func (s *sim) failedRun(d int, err error) {
	s.failed++
	if len(s.failures) < 5 {
		s.failures = append(s.failures, fmt.Sprintf("day %d: %v", d, err))
	}
}

// rec is the simulator's account of one record it stored.
type rec struct {
	rule        *ruleInfo
	created     time.Time
	due         time.Time // first step due; zero while its rule waits for an event
	caseID      string
	app         *application // an online application's draft, details and history
	sepAt, gone time.Time    // when moved into separate storage; when destroyed
	left        time.Time    // when the simulator saw the gate no longer hold it
}

// Run simulates cfg.Subjects people over cfg.Years years from the clock's
// day and reports, per retention rule, what was created and destroyed and
// how late.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	s, err := newSim(cfg)
	if err != nil {
		return nil, err
	}
	for d := 0; d < s.days; d++ {
		if err := s.day(ctx, d); err != nil {
			return nil, fmt.Errorf("sim: day %d: %w", d, err)
		}
	}
	return s.report(ctx)
}

func newSim(cfg Config) (*sim, error) {
	if cfg.Vault == nil || cfg.Policies == nil || cfg.Clock == nil || cfg.Subjects <= 0 || cfg.Years <= 0 {
		return nil, errs.E(errs.Invalid, "sim: vault, policies, clock, subjects and years are required")
	}
	if cfg.Grace <= 0 {
		cfg.Grace = retention.DefaultGrace
	}
	p := DefaultParams()
	if cfg.Params != nil {
		p = *cfg.Params
	}
	t := cfg.Clock.Now().UTC()
	start := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	order, rules, err := catalogue(cfg.Policies, start)
	if err != nil {
		return nil, err
	}
	s := &sim{cfg: cfg, p: p, start: start, order: order, rules: rules, recs: map[string]*rec{}, approveOn: map[string]int{},
		rng: rand.New(rand.NewPCG(cfg.Seed, 0x6a696b696d69)), officer: rand.New(rand.NewPCG(cfg.Seed, 0x6f666669636572))}
	s.days = int(start.AddDate(cfg.Years, 0, 0).Sub(start) / (24 * time.Hour))
	if cfg.Days < 0 {
		return nil, errs.E(errs.Invalid, "sim: days must not be negative")
	}
	if cfg.Rights != nil {
		s.rights = newRightsSim(cfg.Rights, cfg.Officer, cfg.Seed)
	}
	s.people = make([]*person, cfg.Subjects)
	for i := range s.people {
		s.people[i] = s.newPerson()
	}
	if cfg.Days > 0 && cfg.Days < s.days {
		s.days = cfg.Days
	}
	return s, nil
}

// day is one simulated day: people act in the morning, the destruction
// runs in the evening.
func (s *sim) day(ctx context.Context, d int) error {
	date := s.start.AddDate(0, 0, d)
	s.cfg.Clock.Set(date.Add(5 * time.Hour))
	for _, run := range s.cfg.Daily {
		if err := run(ctx); err != nil {
			s.failedRun(d, err)
		}
	}
	s.rightsDawn(ctx, d)
	if err := s.drain(ctx); err != nil {
		return err
	}
	s.cfg.Clock.Set(date.Add(9 * time.Hour))
	for _, p := range s.people {
		if err := s.act(ctx, p, d); err != nil {
			return err
		}
		if err := s.fileRights(ctx, p, d); err != nil {
			return err
		}
	}
	if err := s.objections(ctx, d); err != nil {
		return err
	}
	s.cfg.Clock.Set(date.Add(17 * time.Hour))
	if err := s.officerDay(ctx, d); err != nil {
		return err
	}
	s.cfg.Clock.Set(date.Add(18 * time.Hour))
	if err := s.drain(ctx); err != nil {
		return err
	}
	s.cfg.Clock.Set(date.Add(23 * time.Hour))
	if s.cfg.Runner != nil {
		if err := s.destroy(ctx, d); err != nil {
			return err
		}
	}
	if s.cfg.Progress != nil && (d+1)%365 == 0 {
		fmt.Fprintf(s.cfg.Progress, "sim: %d days simulated, %d records stored\n", d+1, len(s.recs))
	}
	return nil
}

// Outbox is a durable job queue (*jobs.Queue).
type Outbox interface {
	// Drain works every job due by the simulated clock and returns when
	// none is left.
	Drain(ctx context.Context) error
}

// drain runs every outbox's due jobs until none is left.
func (s *sim) drain(ctx context.Context) error {
	for _, q := range s.cfg.Outboxes {
		if err := q.Drain(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (s *sim) now() time.Time { return s.cfg.Clock.Now() }

func (s *sim) chance(p float64) bool { return s.rng.Float64() < p }
