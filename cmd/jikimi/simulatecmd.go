package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"jikimi/citizen"
	"jikimi/clock"
	"jikimi/errs"
	"jikimi/healthcare/ingest"
	"jikimi/jobs"
	"jikimi/partners/notify"
	"jikimi/password"
	"jikimi/retention"
	"jikimi/sim"
	"jikimi/staff"
	"jikimi/welfare/civil"
	"jikimi/welfare/eligibility"
)

// simulateFlags are the flags of jikimi simulate.
type simulateFlags struct {
	app                          *Config
	subjects, years, days, delay int
	seed                         uint64
	chart, start, profile        string
	destroy                      bool
}

func addSimulateFlags(fs *flag.FlagSet, e env) *simulateFlags {
	f := &simulateFlags{app: addConfig(fs, e, systemScope)}
	fs.IntVar(&f.subjects, "subjects", 1000, "synthetic people")
	fs.IntVar(&f.years, "years", 6, "simulated years")
	fs.IntVar(&f.days, "days", 0, "stop after this many simulated days of the --years run (0: all of them); the same people, for profiling")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the simulation's random choices")
	fs.StringVar(&f.chart, "chart", "sim.svg", "SVG chart of records alive per rule, by week")
	fs.StringVar(&f.start, "start", "2026-01-01", "the simulated first day, YYYY-MM-DD")
	fs.IntVar(&f.delay, "approval-delay", sim.DefaultParams().ApprovalDelay, "the officer approves a plan up to this many days after it is built")
	fs.BoolVar(&f.destroy, "destroy", true, "run the daily destruction (false: a baseline that only stores, so everything due outlives)")
	fs.StringVar(&f.profile, "cpuprofile", "", "write a CPU profile of the simulation to this file (go tool pprof reads it)")
	return f
}

// runSimulate is jikimi simulate: synthetic people through both services on
// a simulated clock, against a fresh database (a temporary SQLite file
// unless --data or --db says otherwise); exit status 1 when any record
// outlived its deadline.
func runSimulate(ctx context.Context, e env, args []string) error {
	fs := newFlags("simulate", e)
	f := addSimulateFlags(fs, e)
	if err := f.app.parse(fs, args); err != nil {
		return err
	}
	start, err := time.Parse(time.DateOnly, f.start)
	if err != nil || f.subjects <= 0 || f.years <= 0 || f.days < 0 || f.delay < 0 {
		return exitError{2, "usage: jikimi simulate [--subjects N] [--years Y] [--days D] [--seed S] [--start YYYY-MM-DD] [--chart FILE]"}
	}
	cleanup, err := f.tempStorage(fs)
	if err != nil {
		return err
	}
	defer cleanup()
	defer tuneGC(e.getenv)()
	stop, err := startProfile(f.profile)
	if err != nil {
		return err
	}
	rep, err := f.simulate(ctx, e, start)
	if perr := stop(); err == nil {
		err = perr
	}
	if err != nil {
		return err
	}
	return f.output(e, rep)
}

// tempStorage puts the database and keyring in a new temporary folder,
// removed afterwards, unless the flags name the storage: then the
// simulation's data stays for every other command to inspect, and its
// keyring with it (in the data folder unless --keyring names one; a
// PostgreSQL database needs --keyring, or nothing could open it again).
func (f *simulateFlags) tempStorage(fs *flag.FlagSet) (func(), error) {
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	f.app.Migrate = true
	switch {
	case f.app.DB != "" && !set["keyring"]:
		return nil, exitError{2, "simulate: with --db, name the keyring to keep with --keyring FILE (the data cannot be opened without it)"}
	case f.app.DB != "":
		if !set["audit-keys"] { // beside the keyring, not in a ./jikimi-data the run does not use
			f.app.AuditKeys = filepath.Join(filepath.Dir(f.app.Keyring), "audit-keys")
		}
		return func() {}, nil
	case set["data"]:
		return func() {}, nil
	}
	dir, err := os.MkdirTemp("", "jikimi-sim-")
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "simulate: temporary folder")
	}
	f.app.Data, f.app.create = dir, true
	if !set["keyring"] {
		f.app.Keyring = filepath.Join(dir, "keyring.json")
	}
	return func() { os.RemoveAll(dir) }, nil
}

// simulate wires the system on a fake clock and runs the simulation.
func (f *simulateFlags) simulate(ctx context.Context, e env, start time.Time) (*sim.Report, error) {
	clk := clock.NewFake(start.Add(8 * time.Hour))
	sys, err := openApp(ctx, e, f.app, clk)
	if err != nil {
		return nil, err
	}
	defer sys.Close()
	// A simulation setting: hashing cost is not what it measures (the
	// product's Hasher is untouched; serve never builds this one).
	sys.citizens = citizen.New(citizen.Config{Vault: sys.vault, SQL: sys.st.SQL(), Clock: clk,
		Hasher: password.NewSimulationHasher(maxConcurrentHashes, nil)})
	// The queue is only drained (twice a simulated day), and a drain wakes
	// its worker: polling in between would only compete with the people
	// for the writer. River's rescuer measures a running job against the
	// wall clock: a simulation's clock may stand years from it.
	if sys.jobs, err = jobs.New(jobs.Config{SQL: sys.st.SQL(), Clock: clk, Poll: time.Second, Cooldown: time.Millisecond,
		RescueAfter: jobs.FakeClockRescueAfter}); err != nil {
		return nil, err
	}
	officer, err := simOfficer(ctx, sys.staff)
	if err != nil {
		return nil, err
	}
	params := sim.DefaultParams()
	params.ApprovalDelay = f.delay
	cfg := sim.Config{Vault: sys.vault, Policies: sys.policies, Clock: clk, Officer: officer,
		Subjects: f.subjects, Years: f.years, Days: f.days, Seed: f.seed, Params: &params, Progress: progress(e)}
	conn := &connectors{urls: f.app.Connectors, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	defer conn.Close()
	cfg.Phones = simPhones(sys, conn)
	if err := simServices(sys, conn, &cfg); err != nil {
		return nil, err
	}
	if cfg.Rights, err = rightsService(sys, conn); err != nil {
		return nil, err
	}
	if cfg.Proxies, err = identityConnector(sys, conn); err != nil { // the proxies' identities, as the rights service checks them
		return nil, err
	}
	jobs.Handle(sys.jobs, cfg.Rights.Deliver)
	jobs.Handle(sys.jobs, cfg.Rights.TellRecipient)
	if err := sys.jobs.Start(ctx); err != nil {
		return nil, err
	}
	defer sys.jobs.Stop(context.WithoutCancel(ctx))
	if f.destroy {
		r, err := retention.New(retention.Config{Vault: sys.vault, SQL: sys.st.SQL(), Policies: sys.policies, Clock: clk,
			Officer: func(ctx context.Context, _, id string) error { return activeOfficer(ctx, sys.staff, id) }})
		if err != nil {
			return nil, err
		}
		cfg.Runner = r
	}
	rep, err := sim.Run(ctx, cfg)
	if err != nil {
		return nil, err
	}
	// The log's tail is signed, as serve signs it on stopping, so that
	// `audit verify` checks the simulation's data like any other.
	if _, err := sys.log.Checkpoint(ctx); err != nil {
		return nil, err
	}
	return rep, nil
}

// simPhones: unless an SMS gateway is configured, the gateways' one
// simulator is also the phones of the under-14 members' legal
// representatives, who read their codes from it. With a real gateway there
// are none (and no under-14 members).
func simPhones(sys *app, conn *connectors) sim.Phones {
	if _, real := conn.urls[string(notify.SMS)]; real {
		return nil
	}
	if phones, ok := conn.notifySim(sys).(*notify.Sim); ok {
		return phones
	}
	return nil
}

// simServices wires the services the simulator drives, as serve wires
// them but with no background work: the simulator runs their scheduled
// runs and outboxes on its own clock.
func simServices(sys *app, conn *connectors, cfg *sim.Config) error {
	en, err := enrolService(sys, conn)
	if err != nil {
		return err
	}
	b, err := sys.bokjiroShared(conn) // the same membership the rights requests' representatives are checked by
	if err != nil {
		return err
	}
	crit, err := simCriteria(cfg.Clock.Now(), cfg.Years)
	if err != nil {
		return err
	}
	c, err := casesService(sys, conn, crit)
	if err != nil {
		return err
	}
	hp, err := sys.healthcarePoints(conn)
	if err != nil {
		return err
	}
	cfg.Services = sim.Services{Points: hp.svc, Provisions: hp.consents, Enrol: en, Devices: sys.devices, Members: b.members, Alerts: b.alerts, Newsletter: b.newsletter, Cases: c,
		Ingest: ingest.New(sys.vault, sys.clk)}
	cfg.Daily = append(cfg.Daily,
		func(ctx context.Context) error { _, err := b.alerts.Run(ctx); return err },
		func(ctx context.Context) error { _, err := c.Sweep(ctx, 500); return err },
		hp.svc.Schedule)
	cfg.Outboxes = append(cfg.Outboxes, handled{sys.jobs})
	return nil
}

// simCriteria are the shipped criteria of the mock calculation, the latest
// year's table carried forward over the simulated years that have none yet:
// a simulation setting, so that searches run in every simulated year (the
// product refuses a day no published table covers).
func simCriteria(start time.Time, years int) (*eligibility.Criteria, error) {
	crit, err := eligibility.Embedded()
	if err != nil {
		return nil, err
	}
	end := civil.InSeoul(start.AddDate(years+1, 0, 0))
	for last := crit.Years[len(crit.Years)-1]; last.Until.Before(end); {
		y := last
		y.Year++
		y.From, _ = civil.New(last.From.Year()+1, last.From.Month(), last.From.Day())
		y.Until, _ = civil.New(last.Until.Year()+1, last.Until.Month(), last.Until.Day())
		crit.Years = append(crit.Years, y)
		last = y
	}
	return crit, nil
}

// simOfficer creates the simulation's privacy officer: a first admin, who
// creates the officer's account and grants the role.
func simOfficer(ctx context.Context, s *staff.Service) (string, error) {
	admin, err := s.Create(ctx, staff.NewAccount{Login: "sim.admin", Name: "가상 관리자", Person: "SIM-0000"})
	if err != nil {
		return "", err
	}
	if err := s.Grant(ctx, staff.RoleChange{Account: admin.Account.ID, Role: staff.Admin, By: staff.Bootstrap, Reason: "simulation: first admin"}); err != nil {
		return "", err
	}
	officer, err := s.Create(ctx, staff.NewAccount{Login: "sim.officer", Name: "가상 개인정보 보호책임자", Person: "SIM-0001", By: admin.Account.ID})
	if err != nil {
		return "", err
	}
	id := officer.Account.ID
	return id, s.Grant(ctx, staff.RoleChange{Account: id, Role: staff.PrivacyOfficer, By: admin.Account.ID, Reason: "simulation: approves destruction plans"})
}

// activeOfficer accepts an active account holding the privacy-officer role.
func activeOfficer(ctx context.Context, s *staff.Service, id string) error {
	acc, err := s.Account(ctx, id)
	if err != nil {
		return err
	}
	roles, err := s.Roles(ctx, id)
	if err != nil {
		return err
	}
	for _, r := range roles {
		if r == staff.PrivacyOfficer && acc.Status == staff.Active {
			return nil
		}
	}
	return errs.E(errs.Forbidden, "staff account %s is not an active privacy officer", id)
}

// output prints the table and writes the chart; exit status 1 when any
// record outlived its deadline.
func (f *simulateFlags) output(e env, rep *sim.Report) error {
	if err := rep.WriteTable(e.stdout); err != nil {
		return err
	}
	if f.chart != "" {
		if err := writeChart(f.chart, rep); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "chart: %s\n", f.chart)
	}
	if n := rep.Outlived(); n > 0 {
		return exitError{1, fmt.Sprintf("simulate: %d records outlived their deadline", n)}
	}
	if rep.FailedRuns > 0 {
		return exitError{1, fmt.Sprintf("simulate: %d scheduled runs failed", rep.FailedRuns)}
	}
	if rep.Rights != nil && rep.Rights.Missed > 0 {
		return exitError{1, fmt.Sprintf("simulate: %d rights requests missed their deadline", rep.Rights.Missed)}
	}
	return nil
}

func writeChart(path string, rep *sim.Report) error {
	out, err := os.Create(path)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "simulate: chart")
	}
	if err := rep.WriteSVG(out); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// startProfile starts a CPU profile into path ("": none) and returns what
// stops it.
func startProfile(path string) (func() error, error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	out, err := os.Create(path)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "simulate: create the CPU profile")
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		out.Close()
		return nil, errs.Wrap(errs.Internal, err, "simulate: start the CPU profile")
	}
	return func() error {
		pprof.StopCPUProfile()
		return wrapClose(out.Close(), "simulate: write the CPU profile")
	}, nil
}

// simGCPercent is the garbage collector's target during a simulation
// (GOGC; Go's default is 100). The simulator's account of every record it
// stored stays live to the report (over a million records at 10,000
// subjects), so at the default the collector marks it again after every
// few megabytes the services allocate: 9% of a six-year run's CPU.
const simGCPercent = 400

// tuneGC sets the collector's target for a simulation, unless GOGC in the
// environment sets it, and returns what restores it.
func tuneGC(getenv func(string) string) func() {
	if getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(simGCPercent)
	return func() { debug.SetGCPercent(old) }
}

func wrapClose(err error, msg string) error {
	if err != nil {
		return errs.Wrap(errs.Internal, err, "%s", msg)
	}
	return nil
}

// handled drains a queue as the simulator needs: until every due job's
// handler returned (River records the outcomes in batches meanwhile).
type handled struct{ q *jobs.Queue }

func (h handled) Drain(ctx context.Context) error { return h.q.DrainHandled(ctx) }
