package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/retention"
)

const retentionUsage = `usage: jikimi retention COMMAND [flags]

  run [--day YYYY-MM-DD]           the daily destruction run: plan what is due, escalate late plans, carry out approved ones
  approve PLAN --by STAFF_ID       the privacy officer approves a plan, which is then carried out
  plans [--state STATE]            list destruction plans
  report [--from D] [--to D]       list destruction records (days inclusive)

Each takes the storage flags (--data DIR or --db DSN) and --keyring FILE.
`

var retentionCommands = map[string]func(context.Context, env, []string) error{
	"run": retentionRun, "approve": retentionApprove, "plans": retentionPlans, "report": retentionReport,
}

func runRetention(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || retentionCommands[args[0]] == nil {
		io.WriteString(e.stderr, retentionUsage)
		return exitError{2, ""}
	}
	return retentionCommands[args[0]](ctx, e, args[1:])
}

// newRunner builds the destruction runner on the wired system; only an
// active privacy officer approves plans. progressTo, nil but for a command
// on a terminal, gets a line per chunk.
func newRunner(sys *app, log *slog.Logger, progressTo io.Writer) (*retention.Runner, error) {
	return retention.New(retention.Config{
		Vault: sys.vault, SQL: sys.st.SQL(), Policies: sys.policies, Clock: sys.clk, Log: log, AccessLog: sys.log, Progress: progressTo,
		Officer: func(ctx context.Context, _, id string) error { return activeOfficer(ctx, sys.staff, id) },
	})
}

// withRunner parses the flags, opens the system and runs fn with a runner.
func withRunner(ctx context.Context, e env, fs *flag.FlagSet, cfg *Config, args []string, fn func(*retention.Runner) error) error {
	if err := cfg.parse(fs, args); err != nil {
		return err
	}
	sys, err := openApp(ctx, e, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer sys.Close()
	r, err := newRunner(sys, slog.New(slog.NewTextHandler(e.stderr, nil)), progress(e))
	if err != nil {
		return err
	}
	return fn(r)
}

func retentionRun(ctx context.Context, e env, args []string) error {
	fs := newFlags("retention run", e)
	cfg := addConfig(fs, e, systemScope)
	dayFlag := fs.String("day", "", "the day to run for, YYYY-MM-DD (default: today, UTC)")
	return withRunner(ctx, e, fs, cfg, args, func(r *retention.Runner) error {
		var day time.Time // today, by the runner's clock
		if *dayFlag != "" {
			d, err := retention.ParseDay(*dayFlag)
			if err != nil {
				return exitError{2, err.Error()}
			}
			day = d
		}
		res, err := r.Run(ctx, day)
		if res != nil {
			printResult(e.stdout, res)
		}
		return err
	})
}

func retentionApprove(ctx context.Context, e env, args []string) error {
	fs := newFlags("retention approve", e)
	cfg := addConfig(fs, e, systemScope)
	by := fs.String("by", "", "the approving privacy officer's staff account ID")
	var plan string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		plan, args = args[0], args[1:]
	}
	return withRunner(ctx, e, fs, cfg, args, func(r *retention.Runner) error {
		if plan == "" && fs.NArg() == 1 {
			plan = fs.Arg(0)
		}
		if plan == "" || *by == "" || fs.NArg() > 1 {
			return exitError{2, "usage: jikimi retention approve PLAN --by STAFF_ID"}
		}
		if _, err := r.Approve(ctx, plan, *by); err != nil {
			return err
		}
		done, err := r.Execute(ctx, plan)
		if err != nil {
			return err
		}
		printPlan(e.stdout, "carried out", *done)
		return nil
	})
}

func retentionPlans(ctx context.Context, e env, args []string) error {
	fs := newFlags("retention plans", e)
	cfg := addConfig(fs, e, systemScope)
	state := fs.String("state", "", "only plans in this state (pending_approval, escalated, approved, executing, done)")
	return withRunner(ctx, e, fs, cfg, args, func(r *retention.Runner) error {
		var states []string
		if *state != "" {
			states = []string{*state}
		}
		plans, err := r.Plans(ctx, states...)
		if err != nil {
			return err
		}
		if len(plans) == 0 {
			fmt.Fprintln(e.stdout, "no destruction plans")
		}
		for _, p := range plans {
			printPlan(e.stdout, "plan", p)
		}
		return nil
	})
}

func retentionReport(ctx context.Context, e env, args []string) error {
	fs := newFlags("retention report", e)
	cfg := addConfig(fs, e, systemScope)
	fromFlag := fs.String("from", "", "first day, YYYY-MM-DD (default: the beginning)")
	toFlag := fs.String("to", "", "last day, YYYY-MM-DD, inclusive (default: today)")
	return withRunner(ctx, e, fs, cfg, args, func(r *retention.Runner) error {
		from, to, err := reportRange(*fromFlag, *toFlag)
		if err != nil {
			return exitError{2, err.Error()}
		}
		n := 0
		fmt.Fprintln(e.stdout, "destroyed\tservice\tpurpose/rule\tstep\tmethod\tdue\tplan\tapprover\trecord\titems")
		err = r.Report(ctx, from, to, func(d retention.Destruction) error {
			n++
			_, err := fmt.Fprintf(e.stdout, "%s\t%s\t%s/%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.At.Format(time.RFC3339), d.Service, d.Purpose, d.Rule,
				d.Step, d.Method, retention.Day(d.Due), d.Plan, orNone(d.Approver), d.Record, strings.Join(d.Items, ","))
			return err
		})
		fmt.Fprintf(e.stdout, "%d destruction records\n", n)
		return err
	})
}

// reportRange turns inclusive days into [from, to).
func reportRange(from, to string) (time.Time, time.Time, error) {
	var lo, hi time.Time
	var err error
	if from != "" {
		if lo, err = retention.ParseDay(from); err != nil {
			return lo, hi, err
		}
	}
	if to != "" {
		if hi, err = retention.ParseDay(to); err != nil {
			return lo, hi, err
		}
		hi = hi.AddDate(0, 0, 1)
	}
	if !lo.IsZero() && !hi.IsZero() && !lo.Before(hi) {
		return lo, hi, errs.E(errs.Invalid, "--from %s is after --to %s", from, to)
	}
	return lo, hi, nil
}

func printResult(w io.Writer, res *retention.Result) {
	fmt.Fprintf(w, "retention run for %s: %d records re-dated under a new policy version\n", res.Day, res.Rescheduled)
	for _, group := range []struct {
		label string
		plans []retention.Plan
	}{{"planned", res.Planned}, {"ESCALATED (not approved by its deadline)", res.Escalated}, {"carried out", res.Executed}, {"awaiting approval", res.Awaiting}} {
		for _, p := range group.plans {
			printPlan(w, group.label, p)
		}
	}
	if res.PrunedLogEntries > 0 {
		fmt.Fprintf(w, "access log: %d entries past their retention pruned (an anchor keeps the rest verifiable)\n", res.PrunedLogEntries)
	}
	if len(res.Planned)+len(res.Escalated)+len(res.Executed)+len(res.Awaiting) == 0 {
		fmt.Fprintln(w, "nothing due, nothing waiting")
	}
}

func printPlan(w io.Writer, label string, p retention.Plan) {
	fmt.Fprintf(w, "%s: %s %s %s, %d records due %s..%s, deadline %s, destroyed %d, released %d, approved by %s\n",
		label, p.ID, p.Service, p.State, p.Items, retention.Day(p.DueFrom), retention.Day(p.DueTo), retention.Day(p.Deadline),
		p.Destroyed, p.Released, orNone(p.ApprovedBy))
	for _, k := range p.Kinds {
		fmt.Fprintf(w, "    %s/%s %s: %s by %s, %d records\n", k.Purpose, k.Rule, k.Label, k.Step, k.Method, k.Count)
	}
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// scheduleDestruction registers the destruction run as an hourly job of
// serve: plans are built once a day; the hourly runs escalate late plans
// and carry out approved ones. A failed run is retried with back-off.
func scheduleDestruction(sys *app) error {
	r, err := newRunner(sys, sys.logger, nil)
	if err != nil {
		return err
	}
	sys.jobs.Every("retention.run", time.Hour, func(ctx context.Context, _ time.Time) error {
		_, err := r.Run(ctx, sys.clk.Now())
		return err
	})
	return nil
}
