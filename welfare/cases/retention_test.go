package cases

import (
	"database/sql"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/retention/retentiontest"
	"jikimi/store"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// runRetention runs the daily destruction, with the officer approving
// every plan, until nothing more is due today.
func (f *fixture) runRetention(t *testing.T) {
	t.Helper()
	retentiontest.RunApproving(t, retentiontest.Runner(t, f.env))
}

// The seed's three clocks, run by the real destruction job: a draft goes 30
// days after its last change; notified details go 90 days after the
// notice; the history is then kept apart (moved by the next daily run) and
// destroyed 5 years after the details, and only caseworkers reach it.
func TestApplicationRetentionAsDeclared(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	idle, me := f.citizen(t), f.citizen(t)
	abandoned, err := f.c.Draft(ctx, idle, "WLF1", Items{"name": "가상"})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := f.c.Draft(ctx, me, "WLF1", complete)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []func() (*Case, error){
		func() (*Case, error) { return f.c.Submit(ctx, me, cs.ID) },
		func() (*Case, error) { return f.c.StartReview(ctx, staffCW, cs.ID) },
		func() (*Case, error) { return f.c.Notify(ctx, staffCW, cs.ID, "rejected") },
	} {
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
	}
	f.env.Clock.Advance(day(29))
	f.runRetention(t)
	if len(f.records(t, idle.ID, purposeApplication)) != 1 {
		t.Fatal("a draft went before its 30 days")
	}
	f.env.Clock.Advance(day(2))
	f.runRetention(t)
	if got, err := f.c.Application(ctx, idle, abandoned.ID); err != nil || len(got.Items) != 0 {
		t.Fatalf("abandoned draft = %+v, %v; want its items destroyed", got, err)
	}
	f.sweep(t, 1) // the abandoned draft's row; the answered application stays
	_, err = f.c.Application(ctx, idle, abandoned.ID)
	errstest.Want(t, err, errs.NotFound, "")
	_, err = f.c.History(ctx, staffCW, cs.ID)
	errstest.Want(t, err, errs.NotFound, "")
	f.env.Clock.Advance(day(60))
	f.runRetention(t)
	f.env.Clock.Advance(day(1)) // the history moves apart on the next day's run
	f.runRetention(t)
	if recs := f.records(t, me.ID, purposeApplication); len(recs) != 0 {
		t.Fatalf("in use after the details' 90 days: %s due %v", recs[0].Rule, recs[0].Due)
	}
	h, err := f.c.History(ctx, staffCW, cs.ID)
	if err != nil || h.Items["name"] != "가상신청인" || h.Items["address"] != "" {
		t.Fatalf("History = %+v, %v; want the name, kept apart", h, err)
	}
	f.sweep(t, 0)
	f.env.Clock.Set(f.env.Clock.Now().AddDate(5, 0, 1))
	f.runRetention(t)
	_, err = f.c.History(ctx, staffCW, cs.ID)
	errstest.Want(t, err, errs.NotFound, "")
	f.sweep(t, 1)
	if mine, err := f.c.Applications(ctx, me); err != nil || len(mine) != 0 {
		t.Fatalf("Applications = %+v, %v; want nothing once the history is gone", mine, err)
	}
}

// sweep runs the bookkeeping sweep in pages of one and checks how many
// cases it dropped.
func (f *fixture) sweep(t *testing.T, want int) {
	t.Helper()
	if n, err := f.c.Sweep(ctx, 1); err != nil || n != want {
		t.Fatalf("Sweep = %d, %v; want %d dropped", n, err, want)
	}
}

// The sweep asks the vault about a case with data left only again when
// something of it may be gone: at its earliest due date, or at the next
// sweep once the vault destroyed anything of the case's purpose for its
// subject (a shred out of turn), and not before; a second person's case
// is left alone. A case with nothing dated yet is looked at within
// recheckWithin.
func TestSweepLooksAgainOnlyWhenSomethingMayBeGone(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	me, other := f.citizen(t), f.citizen(t)
	var helped []*Case
	for _, who := range []vault.Actor{me, other} {
		cs, err := f.c.RequestHelp(ctx, who, reporter)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.c.CompleteHelp(ctx, staffCW, cs.ID, "counselled"); err != nil {
			t.Fatal(err)
		}
		helped = append(helped, cs)
	}
	open, err := f.c.RequestHelp(ctx, me, reporter) // not completed: nothing of it dated
	if err != nil {
		t.Fatal(err)
	}
	f.env.Clock.Advance(day(31)) // quiet now; kept 5 years after completion
	f.sweep(t, 0)
	looked := f.env.Clock.Now()
	for _, cs := range helped {
		if got := f.recheckAt(t, cs.ID); got.Before(looked.AddDate(4, 0, 0)) {
			t.Fatalf("recheck at %v, want the due date 5 years on", got)
		}
	}
	if got := f.recheckAt(t, open.ID); !got.Equal(looked.Add(recheckWithin)) {
		t.Fatalf("undated case: recheck at %v, want %v", got, looked.Add(recheckWithin))
	}
	f.env.Clock.Advance(day(1))
	f.sweep(t, 0)
	if _, err := f.env.Vault.Shred(ctx, request(sweeper, me.ID, purposeHelp, vault.Delete)); err != nil {
		t.Fatal(err)
	}
	f.env.Clock.Advance(day(1))
	f.sweep(t, 2) // told of the shred: both of my cases go at the next sweep
	if n := f.env.Rows(t, "bokjiro_cases"); n != 1 {
		t.Fatalf("%d cases left, want the second person's", n)
	}
	kept := f.recheckAt(t, helped[1].ID)
	if kept.Before(looked.AddDate(4, 0, 0)) {
		t.Fatalf("the second person's case was marked to look at again: %v", kept)
	}
	// A new process's first sweep was told nothing: it looks at every
	// quiet case, so what went while no sweep ran is seen too.
	if _, err := f.env.Vault.Shred(ctx, request(sweeper, other.ID, purposeHelp, vault.Delete)); err != nil {
		t.Fatal(err)
	}
	restarted, err := New(f.c.cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := restarted.Sweep(ctx, 1); err != nil || n != 1 || f.env.Rows(t, "bokjiro_cases") != 0 {
		t.Fatalf("first sweep after a restart = %d, %v; want the shredded case dropped", n, err)
	}
}

// A change of a case clears its recheck mark: the sweep looks at it anew.
func TestCaseChangeClearsRecheck(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	me := f.citizen(t)
	cs, err := f.c.Draft(ctx, me, "WLF1", complete)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.c.Submit(ctx, me, cs.ID); err != nil {
		t.Fatal(err)
	}
	f.env.Clock.Advance(day(31))
	f.sweep(t, 0)
	if f.recheckAt(t, cs.ID).IsZero() {
		t.Fatal("the sweep set no recheck")
	}
	if _, err := f.c.StartReview(ctx, staffCW, cs.ID); err != nil {
		t.Fatal(err)
	}
	if got := f.recheckAt(t, cs.ID); !got.IsZero() {
		t.Fatalf("recheck at %v after a change, want none", got)
	}
}

// recheckAt is when the sweep will look at a case again (zero: next sweep).
func (f *fixture) recheckAt(t *testing.T, id string) time.Time {
	t.Helper()
	var at sql.NullInt64
	if err := f.env.SQL().Reader().QueryRowContext(ctx, `SELECT recheck_at FROM bokjiro_cases WHERE id = ?`, id).Scan(&at); err != nil {
		t.Fatal(err)
	}
	if !at.Valid {
		return time.Time{}
	}
	return time.UnixMicro(at.Int64).UTC()
}

// A case that changed after the vault was asked about it is not dropped:
// the answer may be stale.
func TestSweepKeepsACaseChangedMeanwhile(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	me := f.citizen(t)
	cs, err := f.c.RequestHelp(ctx, me, reporter)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.env.Vault.Shred(ctx, request(sweeper, me.ID, purposeHelp, vault.Delete)); err != nil {
		t.Fatal(err)
	}
	err = f.env.SQL().InTx(ctx, func(tx store.Querier) error { // a change racing the sweep
		_, err := tx.ExecContext(ctx, `UPDATE bokjiro_cases SET updated_at = updated_at + 1 WHERE id = ?`, cs.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.c.sweepPage(ctx, []Case{*cs}); err != nil || n != 0 || f.env.Rows(t, "bokjiro_cases") != 1 {
		t.Fatalf("sweepPage = %d, %v; want the changed case kept", n, err)
	}
	cs.Updated = cs.Updated.Add(time.Microsecond)
	if n, err := f.c.sweepPage(ctx, []Case{*cs}); err != nil || n != 1 || f.env.Rows(t, "bokjiro_cases") != 0 {
		t.Fatalf("sweepPage = %d, %v; want the case dropped", n, err)
	}
}
