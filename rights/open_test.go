package rights

import (
	"maps"
	"testing"
	"time"

	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// OpenByDaysLeft counts the open requests by days left; an answered one
// leaves the count.
func TestOpenByDaysLeft(t *testing.T) {
	withParticipant(t, func(t *testing.T, e *vaulttest.Env, s *Service, p vault.Actor) {
		a := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "access"})
		b := mustFile(t, s, p, Filing{Service: healthcare, Subject: p.ID, Kind: "deletion"})
		want := func(at time.Time, counts map[string]int) {
			t.Helper()
			full := map[string]int{"overdue": 0, "1": 0, "2-3": 0, "4-7": 0, "8+": 0}
			maps.Copy(full, counts)
			got, err := OpenByDaysLeft(ctx, e.SQL(), at)
			if err != nil || !maps.Equal(got, full) {
				t.Fatalf("at %s: %v, %v; want %v", at, got, err, full)
			}
		}
		want(e.Clock.Now(), map[string]int{"8+": 2})
		want(a.DueAt.Add(-3*24*time.Hour+time.Hour), map[string]int{"2-3": 2})
		want(a.DueAt.Add(-5*24*time.Hour+time.Hour), map[string]int{"4-7": 2})
		want(a.DueAt.Add(-time.Hour), map[string]int{"1": 2})
		if _, err := s.Answer(ctx, theOfficer, a.ID, Outcome{}); err != nil {
			t.Fatal(err)
		}
		want(b.DueAt.Add(time.Hour), map[string]int{"overdue": 1})
	})
}
