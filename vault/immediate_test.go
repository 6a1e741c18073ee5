package vault

import (
	"fmt"
	"testing"

	"jikimi/store"
)

// destructionRows are the destruction records of a subject, as
// "purpose/rule step method plan items".
func (e *env) destructionRows(t *testing.T, subject string) []string {
	t.Helper()
	out, err := store.Collect(ctx, e.st.SQL().Reader(), "read destructions", func(s store.Scanner, line *string) error {
		var purpose, rule, step, method, plan, approver, items string
		var key int
		if err := s.Scan(&purpose, &rule, &step, &method, &plan, &approver, &items, &key); err != nil {
			return err
		}
		if approver != "" || plan != PlanImmediate {
			return fmt.Errorf("an immediate destruction in plan %q approved by %q", plan, approver)
		}
		*line = purpose + "/" + rule + " " + step + " " + method + " " + items + map[int]string{0: "", 1: " key"}[key]
		return nil
	}, `SELECT purpose, rule, step, method, plan_id, approver, items, key_destroyed
		FROM retention_destructions WHERE subject_id = ? ORDER BY destroyed_at, record_id`, subject)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Data destroyed at once leaves a destruction record like the retention
// engine's, without content: a shred (one per record, its key destroyed),
// a single deletion, and a pass (the items that were used and never
// stored).
func TestImmediateDestructionsAreRecorded(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		subject, id := e.weighed(t)
		if err := e.v.Delete(ctx, healthReq(sysActor, subject, Delete), id); err != nil {
			t.Fatal(err)
		}
		if _, err := e.v.Put(ctx, healthReq(self(subject), subject, Input, "weight"), "service", map[string]string{"weight": "68"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.v.Shred(ctx, Request{Actor: sysActor, Service: seoulSvc, Purpose: "health-service", Subject: subject}); err != nil {
			t.Fatal(err)
		}
		got := e.destructionRows(t, subject)
		want := []string{"health-service/service destroy delete height,weight", "health-service/service destroy crypto_shred weight key"}
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("destruction records %q, want %q", got, want)
		}
		welfare := e.bokjiroSubject(t)
		look := Request{Actor: self(welfare), Service: bokjiro, Purpose: "my-welfare", Subject: welfare, Items: []string{"name", "rrn"}, Action: View}
		if err := e.v.Pass(ctx, look); err != nil {
			t.Fatal(err)
		}
		if got := e.destructionRows(t, welfare); len(got) != 1 || got[0] != "my-welfare/my-welfare destroy not_stored name,rrn" {
			t.Fatalf("destruction records of a pass %q", got)
		}
		raw := e.count(t, `SELECT COUNT(*) FROM retention_destructions WHERE items LIKE '%68%'`)
		if raw != 0 {
			t.Fatal("a destruction record holds content")
		}
	})
}
