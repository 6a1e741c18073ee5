package sim

import (
	"context"
	"testing"
	"time"

	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// learn takes up a record a service stored, dating it by the simulator's
// own reading of its rule (not the gate's due date), and dates a record a
// service shredded on the spot by the day it saw it gone.
func TestLearnFollowsAService(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := vaulttest.SQLite(t, vaulttest.Config{Start: start})
	s, err := newSim(Config{Vault: env.Vault, Policies: env.Policies, Clock: env.Clock, Subjects: 1, Years: 1})
	if err != nil {
		t.Fatal(err)
	}
	actor := env.Subject(t, bokjiro, "purpose:newsletter")
	m := newMember(bokjiro, actor.ID)
	req := vault.Request{Actor: actor, Service: bokjiro, Purpose: "newsletter", Subject: actor.ID, Action: vault.Input}
	id, err := env.Vault.Put(ctx, req, "newsletter", map[string]string{"email": "sim@example.invalid", "birth_year": "1960"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.learn(ctx, m); err != nil {
		t.Fatal(err)
	}
	r := s.recs[id]
	if r == nil || r.rule.r.ID != "newsletter" || r.rule.direct || !r.due.IsZero() || len(m.waiting["newsletter"]) != 1 {
		t.Fatalf("learned %+v, want a record of the newsletter rule waiting for unsubscribe", r)
	}
	env.Clock.Advance(3 * 24 * time.Hour)
	s.happened(m, "newsletter", "", "unsubscribe")
	if !r.due.Equal(s.now()) {
		t.Fatalf("due %v, want the unsubscribing %v", r.due, s.now())
	}
	env.Clock.Advance(24 * time.Hour)
	if _, err := env.Vault.Shred(ctx, vault.Request{Actor: system, Service: bokjiro, Purpose: "newsletter", Subject: actor.ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.learn(ctx, m); err != nil {
		t.Fatal(err)
	}
	s.settleLeft()
	if !r.gone.Equal(s.now()) || len(m.held) != 0 {
		t.Fatalf("gone %v, want %v when the simulator saw it gone", r.gone, s.now())
	}
	if late, early := s.lateness(r.rule, r, s.now()); late != 1 || early {
		t.Errorf("lateness %d (early %v), want 1 day", late, early)
	}
}
