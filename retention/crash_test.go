package retention

import (
	"bufio"
	"context"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// The crash child's settings, passed by the parent in its environment.
const (
	childDB    = "JIKIMI_CRASH_DB"
	childDSN   = "JIKIMI_CRASH_DSN"
	childRing  = "JIKIMI_CRASH_RING"
	childPlan  = "JIKIMI_CRASH_PLAN"
	childClock = "JIKIMI_CRASH_CLOCK"
)

const crashRecords, crashChunk = 3000, 30

// A run killed with SIGKILL in the middle of a plan loses nothing and
// destroys nothing twice: the next run finishes the plan, every due record
// is destroyed once with one destruction record, and the access log
// verifies.
func TestKilledRunLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a plan of 3000 records and kills a child process")
	}
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open(t, vaulttest.Config{}), func(c *Config) { c.Chunk = crashChunk })
		var ids []string
		for range crashRecords / 100 {
			ids = append(ids, f.searched(t, f.subject(t), 100)...)
		}
		plan := f.run(t).Planned[0]
		if _, err := f.r.Approve(ctx, plan.ID, "stf_officer1"); err != nil {
			t.Fatal(err)
		}
		killed := f.killChildAfter(t, plan.ID, 3)
		if killed.State != StateExecuting || killed.Destroyed == 0 || killed.Destroyed == crashRecords {
			t.Fatalf("after the kill the plan is %s with %d destroyed: the kill did not land mid-run", killed.State, killed.Destroyed)
		}
		t.Logf("killed with %d of %d records destroyed", killed.Destroyed, crashRecords)
		if n := len(f.report(t)); n != killed.Destroyed {
			t.Fatalf("%d destruction records for %d destroyed records", n, killed.Destroyed)
		}
		if res := f.run(t); len(res.Executed) != 1 || res.Executed[0].State != StateDone || res.Executed[0].Destroyed != crashRecords {
			t.Fatalf("the next run = %+v, want the plan finished", res.Executed)
		}
		f.checkDestroyedOnce(t, ids)
	})
}

// killChildAfter carries out the plan in a child process and kills it with
// SIGKILL once it has committed the given number of chunks.
func (f *fixture) killChildAfter(t *testing.T, plan string, chunks int) *Plan {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), childDB+"="+f.DBPath, childDSN+"="+f.DSN, childRing+"="+f.RingPath,
		childPlan+"="+plan, childClock+"="+f.Clock.Now().Format(time.RFC3339Nano))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if strings.Contains(lines.Text(), "chunk committed") && strings.Contains(lines.Text(), " chunk="+strconv.Itoa(chunks)+" ") {
			break
		}
	}
	time.Sleep(4 * time.Millisecond) // into the next chunk's transaction, most likely
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	p, err := f.r.Plan(ctx, plan)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// checkDestroyedOnce: every record has exactly one destruction record, none
// is readable, and the access log verifies.
func (f *fixture) checkDestroyedOnce(t *testing.T, ids []string) {
	t.Helper()
	seen := map[string]int{}
	for _, d := range f.report(t) {
		seen[d.Record]++
	}
	for _, id := range ids {
		if seen[id] != 1 {
			t.Fatalf("record %s has %d destruction records, want 1", id, seen[id])
		}
	}
	if len(seen) != len(ids) {
		t.Fatalf("%d records destroyed, want %d", len(seen), len(ids))
	}
	rep, err := f.Log.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("access log after the crash: %v, %v", rep.FirstBad, err)
	}
}

// TestCrashChild is the process TestKilledRunLosesNothing kills: it carries
// out a plan, logging each committed chunk and pausing after it so the
// parent's kill lands while chunks are still to come.
func TestCrashChild(t *testing.T) {
	if os.Getenv(childPlan) == "" {
		t.Skip("the child of TestKilledRunLosesNothing")
	}
	start, err := time.Parse(time.RFC3339Nano, os.Getenv(childClock))
	if err != nil {
		t.Fatal(err)
	}
	env := vaulttest.Attach(t, os.Getenv(childDB), os.Getenv(childDSN), os.Getenv(childRing), vaulttest.Config{Start: start})
	log := slog.New(pausing{slog.NewTextHandler(os.Stdout, nil)})
	f := newFixture(t, env, func(c *Config) { c.Chunk, c.Log = crashChunk, log })
	if _, err := f.r.Execute(context.Background(), os.Getenv(childPlan)); err != nil {
		t.Fatal(err)
	}
}

// pausing writes each log line, then pauses briefly.
type pausing struct{ slog.Handler }

func (p pausing) Handle(ctx context.Context, r slog.Record) error {
	err := p.Handler.Handle(ctx, r)
	time.Sleep(3 * time.Millisecond)
	return err
}

// Two processes carrying out the same plan at once destroy, and record,
// each record once.
func TestConcurrentExecutionDestroysOnce(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open(t, vaulttest.Config{}), func(c *Config) { c.Chunk = 7 })
		var ids []string
		for range 4 {
			ids = append(ids, f.searched(t, f.subject(t), 50)...)
		}
		plan := f.run(t).Planned[0]
		if _, err := f.r.Approve(ctx, plan.ID, "stf_officer1"); err != nil {
			t.Fatal(err)
		}
		errc := make(chan error, 2)
		for range 2 {
			go func() {
				_, err := f.r.Execute(ctx, plan.ID)
				errc <- err
			}()
		}
		finished := 0
		for range 2 {
			switch err := <-errc; {
			case err == nil:
				finished++
			case errs.Code(err) != errs.Conflict:
				t.Fatal(err)
			} // a conflict: the other had carried the whole plan out before this one began
		}
		if finished == 0 {
			t.Fatal("neither execution carried the plan out")
		}
		f.checkDestroyedOnce(t, ids)
	})
}

// A plan whose building was interrupted is finished by the next run, the
// next day's, with every record due by its cutoff in it.
func TestInterruptedBuildIsFinished(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open(t, vaulttest.Config{}))
		f.searched(t, f.subject(t), 5)
		p, _ := f.Policies.Current(bokjiro, f.Clock.Now())
		plan, err := f.r.openPlan(ctx, p, Day(f.Clock.Now()), f.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.Vault.PlanDue(ctx, bokjiro, plan.ID, plan.Cutoff, vault.Cursor{}, 2); err != nil {
			t.Fatal(err)
		}
		f.Clock.Advance(days(1))
		res := f.run(t)
		if len(res.Planned) != 1 || res.Planned[0].ID != plan.ID || res.Planned[0].Items != 5 {
			t.Fatalf("run after an interrupted build = %+v", res.Planned)
		}
	})
}
