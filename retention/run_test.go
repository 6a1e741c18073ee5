package retention

import (
	"context"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

func TestRunWaitsForTheOfficer(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open(t, vaulttest.Config{}))
		subject := f.subject(t)
		ids := f.searched(t, subject, 3)
		details := f.applied(t, subject, "details", "app-1")
		f.Clock.Advance(time.Hour)
		res := f.run(t)
		if len(res.Planned) != 1 || len(res.Executed) != 0 || len(res.Awaiting) != 1 {
			t.Fatalf("run = %+v, want one plan awaiting approval", res)
		}
		plan := res.Planned[0]
		if plan.State != StatePending || plan.Items != 3 || len(plan.Kinds) != 1 || plan.Kinds[0].Rule != "my-welfare" ||
			!plan.Deadline.Equal(vaulttest.Epoch.Add(DefaultGrace)) {
			t.Fatalf("plan %+v", plan)
		}
		if !f.readable(t, subject, "my-welfare", ids[0]) {
			t.Fatal("destroyed before the officer approved")
		}
		f.wantPlanCounts(t, map[string]int{StatePending: 1})
		if _, err := f.r.Approve(ctx, plan.ID, "stf_officer1"); err != nil {
			t.Fatal(err)
		}
		done, err := f.r.Execute(ctx, plan.ID)
		if err != nil || done.State != StateDone || done.Destroyed != 3 || done.ApprovedBy != "stf_officer1" {
			t.Fatalf("Execute = %+v, %v", done, err)
		}
		for _, id := range ids {
			if f.readable(t, subject, "my-welfare", id) {
				t.Fatal("an approved plan left a record")
			}
		}
		if !f.readable(t, subject, "online-application", details) {
			t.Fatal("a record not yet due was destroyed")
		}
		checkReport(t, f.report(t), plan.ID, ids)
		f.wantPlanCounts(t, nil)
		month := f.Clock.Now().In(time.UTC).Format("2006-01")
		per, err := f.r.PerMonth(ctx, time.Time{}, time.Time{}, time.UTC)
		if err != nil || len(per) != 1 || per[0] != (Monthly{Month: month, Service: bokjiro, Purpose: "my-welfare", Rule: "my-welfare", N: 3}) {
			t.Fatalf("PerMonth = %+v, %v", per, err)
		}
		if per, err := f.r.PerMonth(ctx, f.Clock.Now().Add(time.Hour), time.Time{}, time.UTC); err != nil || len(per) != 0 {
			t.Fatalf("PerMonth after the run = %+v, %v", per, err)
		}
	})
}

// checkReport: one destruction record per destroyed record, with its rule,
// dates, method, plan and approver, and nothing of its content.
func checkReport(t *testing.T, got []Destruction, plan string, ids []string) {
	t.Helper()
	if len(got) != len(ids) {
		t.Fatalf("report has %d records, want %d", len(got), len(ids))
	}
	for _, d := range got {
		if d.Purpose != "my-welfare" || d.Rule != "my-welfare" || d.Step != vault.StepDestroy || d.Method != vault.MethodCryptoShred ||
			d.Plan != plan || d.Approver != "stf_officer1" || !d.Due.Equal(vaulttest.Epoch) || !d.At.After(d.Due) || d.Items[0] != "pension_paid" {
			t.Fatalf("destruction record %+v", d)
		}
		if strings.Contains(strings.Join(d.Items, ",")+d.Record+d.Subject, "SYNTHETIC") {
			t.Fatal("a destruction record holds destroyed content")
		}
	}
}

func TestRunPlansOncePerDay(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open(t, vaulttest.Config{}))
		subject := f.subject(t)
		f.searched(t, subject, 2)
		if res := f.run(t); len(res.Planned) != 1 {
			t.Fatalf("first run planned %d", len(res.Planned))
		}
		f.searched(t, subject, 1)
		f.Clock.Advance(time.Hour)
		if res := f.run(t); len(res.Planned) != 0 || len(res.Awaiting) != 1 {
			t.Fatalf("second run of the day = %+v, want nothing planned again", res)
		}
		f.Clock.Advance(days(1))
		res := f.run(t)
		if len(res.Planned) != 1 || res.Planned[0].Items != 1 {
			t.Fatalf("next day = %+v, want the one record due since", res.Planned)
		}
		if _, err := f.r.Run(ctx, f.Clock.Now().Add(days(1))); errs.Code(err) != errs.Invalid {
			t.Fatalf("a run for tomorrow: %v", err)
		}
	})
}

func TestLatePlanIsEscalatedNeverRunUnapproved(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open(t, vaulttest.Config{}))
		subject := f.subject(t)
		ids := f.searched(t, subject, 2)
		plan := f.run(t).Planned[0]
		f.Clock.Advance(DefaultGrace - time.Minute)
		if res := f.run(t); len(res.Escalated) != 0 {
			t.Fatal("escalated before the deadline")
		}
		f.Clock.Advance(2 * time.Minute)
		res := f.run(t)
		if len(res.Escalated) != 1 || res.Escalated[0].ID != plan.ID || len(res.Executed) != 0 {
			t.Fatalf("run past the deadline = %+v, want the plan escalated, not run", res)
		}
		if !strings.Contains(f.logs.String(), "escalated to the privacy officer") {
			t.Fatal("the escalation was not told")
		}
		f.Clock.Advance(days(3))
		res = f.run(t)
		if len(res.Planned) != 0 || len(res.Executed) != 0 || len(res.Awaiting) != 1 || res.Awaiting[0].State != StateEscalated {
			t.Fatalf("later run = %+v, want the escalated plan still waiting, its records in no other plan", res)
		}
		if !f.readable(t, subject, "my-welfare", ids[0]) {
			t.Fatal("an escalated plan was carried out without approval")
		}
		if _, err := f.r.Approve(ctx, plan.ID, "stf_officer1"); err != nil {
			t.Fatal(err)
		}
		if res := f.run(t); len(res.Executed) != 1 || res.Executed[0].Destroyed != 2 {
			t.Fatalf("run after a late approval = %+v", res)
		}
	})
}

func TestPolicyWithoutApprovalRunsAtOnce(t *testing.T) {
	reg := bokjiroWith(t, func(s string) string {
		return strings.Replace(s, "officer_approves: true", "officer_approves: false", 1)
	})
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open(t, vaulttest.Config{Policies: reg}))
		f.searched(t, f.subject(t), 3)
		res := f.run(t)
		if len(res.Executed) != 1 || res.Executed[0].Destroyed != 3 || res.Executed[0].NeedsApproval {
			t.Fatalf("run = %+v, want the plan carried out at once", res)
		}
		for _, d := range f.report(t) {
			if d.Approver != "" {
				t.Fatalf("approver %q where the policy asks none", d.Approver)
			}
		}
	})
}

// The online application through the runs: the details 90 days after the
// result, then the history moved apart, then destroyed 5 years on.
func TestApplicationThroughTheRuns(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open(t, vaulttest.Config{}))
		subject := f.subject(t)
		details, history := f.applied(t, subject, "details", "app-1"), f.applied(t, subject, "history", "app-1")
		f.notified(t, subject, "app-1")
		for _, step := range []time.Duration{days(90), days(1), days(5*366 + 1)} {
			f.Clock.Advance(step)
			for _, p := range f.run(t).Awaiting {
				if _, err := f.r.Approve(ctx, p.ID, "stf_officer1"); err != nil {
					t.Fatal(err)
				}
				if _, err := f.r.Execute(ctx, p.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		var steps []string
		for _, d := range f.report(t) {
			steps = append(steps, d.Record+":"+d.Rule+":"+d.Step+":"+d.Method)
		}
		want := []string{details + ":details:destroy:crypto_shred", history + ":history:separate:separate", history + ":history:destroy:crypto_shred"}
		if strings.Join(steps, " ") != strings.Join(want, " ") {
			t.Fatalf("destructions\n got %v\nwant %v", steps, want)
		}
	})
}

func TestRunAppliesANewVersionOnce(t *testing.T) {
	reg := bokjiroWith(t, func(s string) string {
		return strings.Replace(s, "period: 90d\n        after: result_notified", "period: 30d\n        after: result_notified", 1)
	}, "2026-06-01")
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open(t, vaulttest.Config{Policies: reg}))
		subject := f.subject(t)
		f.Clock.Set(time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC))
		f.applied(t, subject, "details", "a")
		f.notified(t, subject, "a")
		f.run(t)
		f.Clock.Set(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
		if res := f.run(t); res.Rescheduled != 1 || len(res.Planned) != 0 {
			t.Fatalf("run under the shorter version = %+v, want the record re-dated to 30 days after its notice", res)
		}
		f.Clock.Set(time.Date(2026, 6, 19, 0, 0, 0, 0, time.UTC))
		if res := f.run(t); res.Rescheduled != 0 || len(res.Planned) != 1 {
			t.Fatalf("run on the new due date = %+v, want it planned and not re-dated again", res)
		}
	})
}

func TestApproveRefusesBadInput(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		refuse := func(_ context.Context, _, staffID string) error {
			if staffID != "stf_officer1" {
				return errs.E(errs.Forbidden, "not the privacy officer")
			}
			return nil
		}
		f := newFixture(t, open(t, vaulttest.Config{}), func(c *Config) { c.Officer = refuse })
		f.searched(t, f.subject(t), 1)
		plan := f.run(t).Planned[0]
		for _, tt := range []struct {
			name, plan, by, code string
		}{
			{"no approver", plan.ID, "", errs.Invalid},
			{"not an ID", plan.ID, "김 담당", errs.Invalid},
			{"unknown plan", "pln_nope", "stf_officer1", errs.NotFound},
			{"not the officer", plan.ID, "stf_clerk", errs.Forbidden},
		} {
			if _, err := f.r.Approve(ctx, tt.plan, tt.by); errs.Code(err) != tt.code {
				t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
			}
		}
		if _, err := f.r.Execute(ctx, plan.ID); errs.Code(err) != errs.Conflict {
			t.Fatalf("an unapproved plan was carried out: %v", err)
		}
		if f.Count(t, `SELECT COUNT(*) FROM retention_approvals`) != 0 {
			t.Fatal("a refused approval was recorded")
		}
		if _, err := f.r.Approve(ctx, plan.ID, "stf_officer1"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.r.Approve(ctx, plan.ID, "stf_officer1"); errs.Code(err) != errs.Conflict {
			t.Fatalf("approved twice: %v", err)
		}
	})
}

func TestNewRefusesAnIncompleteConfig(t *testing.T) {
	if _, err := New(Config{}); errs.Code(err) != errs.Invalid {
		t.Fatalf("New(empty) = %v", err)
	}
	if _, err := ParseDay("2026-13-01"); !errors.As(err, new(*errs.Error)) {
		t.Fatalf("ParseDay = %v", err)
	}
}

// wantPlanCounts checks PlanCounts: the given states' counts, every other
// unfinished state 0.
func (f *fixture) wantPlanCounts(t *testing.T, want map[string]int) {
	t.Helper()
	full := map[string]int{}
	for _, s := range Unfinished {
		full[s] = want[s]
	}
	got, err := PlanCounts(ctx, f.SQL())
	if err != nil || !maps.Equal(got, full) {
		t.Fatalf("PlanCounts = %v, %v; want %v", got, err, full)
	}
}
