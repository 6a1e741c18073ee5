package retention

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/ids"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/vault"
)

// Vault is what the engine asks of the gate (*vault.Vault).
type Vault interface {
	Reschedule(ctx context.Context, service string, limit int) (int, error)
	PlanDue(ctx context.Context, service, plan string, cutoff time.Time, from vault.Cursor, limit int) (int, vault.Cursor, error)
	PlanKinds(ctx context.Context, service, plan string, cutoff time.Time) ([]vault.PlanKind, error)
	DestroyPlanned(ctx context.Context, p vault.PlanRef, from vault.Cursor, limit int, record vault.RecordDestroyed) (vault.Chunk, error)
	PurgeDestroyed(ctx context.Context) error
}

// Config wires a Runner.
type Config struct {
	Vault    Vault
	SQL      store.SQL // the retention_* tables
	Policies *policy.Registry
	Clock    clock.Clock
	// Grace is how long after its due date a record may wait for its
	// destruction: a plan not approved by its earliest due date plus Grace
	// is escalated. Default DefaultGrace.
	Grace time.Duration
	// Chunk is the most records one transaction destroys or plans.
	// Default DefaultChunk.
	Chunk int
	// Budget is how long one transaction may take; chunks are sized to
	// stay within it. On SQLite, whose one writer everyone waits for, it
	// bounds how long concurrent writers wait (DefaultBudget); PostgreSQL
	// writers wait only for the access log's head, which a chunk locks
	// just before it commits, so chunks may be larger there
	// (DefaultBudgetPostgres).
	Budget time.Duration
	// Wall measures how long transactions take, to size chunks; it never
	// dates anything. Default clock.System.
	Wall clock.Clock
	// Officer checks that a staff account may approve the service's
	// destruction plans (the privacy officer); nil accepts any staff ID.
	Officer func(ctx context.Context, service, staffID string) error
	// AccessLog is pruned by every run past the declared access_log
	// retention; nil leaves it.
	AccessLog AccessLog
	Log       *slog.Logger // progress, escalations; nil discards
	// Progress gets a line per chunk planned or carried out, for a person
	// watching `jikimi retention` on a terminal; nil: none.
	Progress io.Writer
	Rand     io.Reader // plan IDs; crypto/rand when nil
}

// Defaults.
const (
	DefaultGrace          = 5 * 24 * time.Hour // destruction within 5 days of the due date (PIPA 21(1), guidance)
	DefaultChunk          = 1000
	DefaultBudget         = 20 * time.Millisecond
	DefaultBudgetPostgres = 250 * time.Millisecond
)

// Runner runs destruction: plans, approvals, execution, records.
type Runner struct {
	cfg Config
	log *slog.Logger
}

// New checks the configuration and returns the runner.
func New(cfg Config) (*Runner, error) {
	if cfg.Vault == nil || cfg.SQL == nil || cfg.Policies == nil || cfg.Clock == nil {
		return nil, errs.E(errs.Invalid, "retention: vault, SQL, policies and clock are required")
	}
	if cfg.Grace <= 0 {
		cfg.Grace = DefaultGrace
	}
	if cfg.Chunk <= 0 {
		cfg.Chunk = DefaultChunk
	}
	if cfg.Budget <= 0 {
		cfg.Budget = DefaultBudget
		if cfg.SQL.Dialect() == store.Postgres {
			cfg.Budget = DefaultBudgetPostgres
		}
	}
	if cfg.Wall == nil {
		cfg.Wall = clock.System{}
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Runner{cfg: cfg, log: log}, nil
}

// system is the actor the access log names for destruction.
var system = vault.Actor{Kind: vault.System, ID: "retention"}

// progress reports how far a plan got, when someone is watching.
func (r *Runner) progress(format string, args ...any) {
	if r.cfg.Progress != nil {
		fmt.Fprintf(r.cfg.Progress, "retention: "+format+"\n", args...)
	}
}

func (r *Runner) newID(prefix string) (string, error) { return ids.New(r.cfg.Rand, prefix) }

func (r *Runner) now() time.Time { return r.cfg.Clock.Now().UTC() }

const dayLayout = "2006-01-02"

// Day is the calendar day (UTC) of t, as the runs and plans are keyed.
func Day(t time.Time) string { return t.UTC().Format(dayLayout) }

// ParseDay reads a day written YYYY-MM-DD.
func ParseDay(s string) (time.Time, error) {
	t, err := time.Parse(dayLayout, s)
	if err != nil {
		return time.Time{}, errs.E(errs.Invalid, "retention: day %q: want YYYY-MM-DD", s)
	}
	return t, nil
}
