package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/riverqueue/river/rivertype"

	"jikimi/clock"
	"jikimi/jobs"
)

const jobsUsage = `usage: jikimi jobs list [--state STATE] [--limit N] | retry ID | cancel ID
  list    the background jobs, newest first: ID, kind, state, attempts, last error
          (STATE: available, scheduled, running, retryable, completed, discarded, cancelled)
  retry   run a discarded, cancelled or waiting job now
  cancel  cancel a job that has not finished`

// runJobs is the operator's view of the River queue.
func runJobs(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "retry" && args[0] != "cancel") {
		return exitError{2, jobsUsage}
	}
	fs := newFlags("jobs "+args[0], e)
	cfg := addConfig(fs, e, storageScope)
	state := fs.String("state", "", "only jobs in this state")
	limit := fs.Int("limit", 50, "at most this many jobs (1 to 1000)")
	if err := cfg.parse(fs, args[1:]); err != nil {
		return err
	}
	if err := checkJobsArgs(args[0], fs.NArg(), *state, *limit); err != nil {
		return err
	}
	st, err := cfg.openStore(ctx, clock.System{})
	if err != nil {
		return err
	}
	defer st.Close()
	q, err := jobs.New(jobs.Config{SQL: st.SQL(), Clock: clock.System{}})
	if err != nil {
		return err
	}
	if args[0] == "list" {
		return listJobs(ctx, e, q, *state, *limit)
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil {
		return exitError{2, fmt.Sprintf("jobs %s: the job ID is a number, got %q", args[0], fs.Arg(0))}
	}
	act := q.Retry
	if args[0] == "cancel" {
		act = q.Cancel
	}
	row, err := act(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "job %d (%s): %s\n", row.ID, row.Kind, row.State)
	return nil
}

func checkJobsArgs(cmd string, nargs int, state string, limit int) error {
	switch {
	case cmd == "list" && nargs != 0, cmd != "list" && nargs != 1:
		return exitError{2, jobsUsage}
	case limit < 1 || limit > 1000:
		return exitError{2, fmt.Sprintf("--limit: want 1 to 1000, got %d", limit)}
	case state != "" && !validState(state):
		return exitError{2, fmt.Sprintf("--state: no state %q", state)}
	}
	return nil
}

func validState(s string) bool {
	for _, st := range jobs.States {
		if string(st) == s {
			return true
		}
	}
	return false
}

func listJobs(ctx context.Context, e env, q *jobs.Queue, state string, limit int) error {
	var states []rivertype.JobState
	if state != "" {
		states = append(states, rivertype.JobState(state))
	}
	rows, err := q.List(ctx, limit, states...)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tKIND\tSTATE\tATTEMPTS\tSCHEDULED\tLAST ERROR")
	for _, r := range rows {
		last := "-"
		if n := len(r.Errors); n > 0 {
			last = r.Errors[n-1].Error
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%d/%d\t%s\t%s\n", r.ID, r.Kind, r.State, r.Attempt, r.MaxAttempts, r.ScheduledAt.UTC().Format("2006-01-02 15:04:05"), last)
	}
	return w.Flush()
}
