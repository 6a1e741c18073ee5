package pointsvc

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/healthcare/ingest"
	"jikimi/healthcare/measure"
	"jikimi/healthcare/points"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// stepPoint is an Open mHealth step count of an hour.
func stepPoint(id string, start time.Time, n int) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"header":{"id":%q,"creation_date_time":"2026-03-02T17:00:00+09:00",`+
		`"schema_id":{"namespace":"omh","name":"step-count","version":"3.0"}},"body":{"step_count":{"value":%d,"unit":"steps"},`+
		`"effective_time_frame":{"time_interval":{"start_date_time":%q,"end_date_time":%q}}}}`,
		id, n, start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339)))
}

// The daily run reads the summaries package ingest keeps, through the gate.
func TestDailyRunOverTheSyncedSummaries(t *testing.T) {
	e := newEnv(t, vaulttest.SQLite, points.Example)
	ctx := context.Background()
	e.svc.cfg.Steps = Summaries{Vault: e.Vault}
	in := ingest.New(e.Vault, e.Clock)
	morning := time.Date(2026, 3, 2, 8, 0, 0, 0, measure.Seoul)
	for i, n := range []int{5_000, 4_000, 0} { // 9,000; 8,000; none synced
		p := e.participant(t, "1990-05-05", ci(i), "purpose:health-service", "sensitive:health-service")
		if n > 0 {
			batch := []json.RawMessage{stepPoint(fmt.Sprintf("a%d", i), morning, n), stepPoint(fmt.Sprintf("b%d", i), morning.Add(time.Hour), 4_000)}
			if _, err := in.Sync(ctx, ingest.Device{ID: "dev" + p, Subject: p}, "127.0.0.1", batch); err != nil {
				t.Fatal(err)
			}
		}
	}
	rep, err := e.svc.RunDay(ctx, day1)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Seen != 2 || rep.Accrued != 2 || rep.Points != 400 {
		t.Fatalf("run over the summaries: %+v, want 2 seen and 2 × 200 points", rep)
	}
	reads := e.gateEntries(t, runner.Handler())
	// A missing summary is not a read of data: the gate logs none for it.
	if len(reads) != 2 || reads[0].Purpose != "health-service" || reads[0].Items[0] != "steps" {
		t.Fatalf("the run's gate reads: %+v; want one read of the steps per participant", reads)
	}
}

// The run reads a page's summaries and ages in one gated call each, and
// each participant's decision is its own: a suspension of health-service
// leaves that participant out, a withdrawn enrolment consent leaves the
// age unknown, each refusal logged; the others accrue.
func TestDailyRunDecidesEachParticipantOfAPage(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open, points.Example)
		ctx := context.Background()
		e.svc.cfg.Steps = Summaries{Vault: e.Vault}
		in := ingest.New(e.Vault, e.Clock)
		morning := time.Date(2026, 3, 2, 8, 0, 0, 0, measure.Seoul)
		var ps []string
		for i := range 4 { // 6,000 steps each: the age decides (senior: 200 points)
			p := e.participant(t, "1950-05-05", ci(i), "purpose:health-service", "sensitive:health-service")
			batch := []json.RawMessage{stepPoint(fmt.Sprintf("a%d", i), morning, 6_000)}
			if _, err := in.Sync(ctx, ingest.Device{ID: "dev" + p, Subject: p}, "127.0.0.1", batch); err != nil {
				t.Fatal(err)
			}
			ps = append(ps, p)
		}
		suspended, withdrawn := ps[1], ps[2]
		if _, err := e.Vault.Suspend(ctx, vault.Request{Actor: self(suspended), Service: ServiceName, Purpose: "health-service", Subject: suspended}); err != nil {
			t.Fatal(err)
		}
		if err := e.Vault.Withdraw(ctx, vault.Request{Actor: self(withdrawn), Service: ServiceName, Subject: withdrawn}, "purpose:enrolment"); err != nil {
			t.Fatal(err)
		}
		e.wantRun(t, DayReport{Day: day1, Seen: 3, Accrued: 2, Points: 400, AgesRead: 3, AgesUnknown: 1})
		for sub, want := range map[string]int64{ps[0]: 200, suspended: 0, withdrawn: 0, ps[3]: 200} {
			if b, err := e.svc.Balance(ctx, sub); err != nil || b != want {
				t.Errorf("balance of %s = %d, %v; want %d", sub, b, err, want)
			}
		}
		denied := map[string]string{}
		for _, en := range e.gateEntries(t, runner.Handler()) {
			if en.Outcome == audit.Denied {
				denied[en.Subject+" "+en.Purpose] = en.Reason
			}
		}
		if len(denied) != 2 || denied[suspended+" health-service"] != vault.ReasonSuspended || denied[withdrawn+" enrolment"] != vault.ReasonConsentWithdrawn {
			t.Fatalf("refusals logged: %v", denied)
		}
	})
}
