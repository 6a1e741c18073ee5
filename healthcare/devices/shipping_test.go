package devices_test

import (
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

var operator = vault.Actor{Kind: vault.Staff, ID: "stf_op1", Role: "health-operator", Source: "127.0.0.1"}

// An operator's shipping list shows each waiting watch's delivery data,
// read through the gate and logged; linking the watch takes the
// participant off the list (the data is destroyed); a role without the
// purpose reads nothing.
func TestShippingList(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		env, reg := newRegistry(t, open)
		a, delivery := participant(t, env)
		b, _ := participant(t, env)
		got, next, err := reg.ShippingList(ctx, operator, "", 100)
		if err != nil || len(got) != 2 || next != "" {
			t.Fatalf("ShippingList = %+v, %q, %v", got, next, err)
		}
		for _, s := range got {
			if s.Subject == a && (s.Address != delivery["delivery_address"] || s.Contact != delivery["delivery_contact"]) {
				t.Fatalf("shipment %+v", s)
			}
		}
		e, err := env.Log.Last(ctx)
		if err != nil || e.Handler != "staff:stf_op1" || e.Purpose != "watch-delivery" || e.Action != audit.View || e.Outcome != audit.Allowed {
			t.Fatalf("log entry %+v %v", e, err)
		}
		if _, _, err := reg.Link(ctx, a, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if got, _, err = reg.ShippingList(ctx, operator, "", 1); err != nil || len(got) != 1 || got[0].Subject != b {
			t.Fatalf("after linking a's watch: %+v %v", got, err)
		}
		counsellor := vault.Actor{Kind: vault.Staff, ID: "stf_c1", Role: "counsellor", Source: "127.0.0.1"}
		if got, _, err := reg.ShippingList(ctx, counsellor, "", 100); err != nil || len(got) != 0 {
			t.Fatalf("a counsellor read %d shipments (%v)", len(got), err)
		}
		if _, _, err := reg.ShippingList(ctx, sys, "", 100); errs.Code(err) != errs.Invalid {
			t.Fatalf("a system actor: %v", err)
		}
	})
}

// A watch goes enrolled -> shipped -> linked: the operator's mark (a
// logged read of the address) shows in the list for that participant
// only, marking again keeps the first time, and linking the watch takes
// the mark with the delivery data. A counsellor, or a participant linked
// already, marks nothing.
func TestMarkShipped(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		env, reg := newRegistry(t, open)
		a, _ := participant(t, env)
		b, _ := participant(t, env)
		counsellor := vault.Actor{Kind: vault.Staff, ID: "stf_c1", Role: "counsellor", Source: "127.0.0.1"}
		if err := reg.MarkShipped(ctx, counsellor, a); errs.Code(err) != errs.NotFound {
			t.Fatalf("a counsellor marking: %v", err)
		}
		if err := reg.MarkShipped(ctx, operator, a); err != nil {
			t.Fatal(err)
		}
		if e, err := env.Log.Last(ctx); err != nil || e.Subject != a || e.Purpose != "watch-delivery" || e.Handler != "staff:stf_op1" {
			t.Fatalf("the mark's log entry %+v %v", e, err)
		}
		first := env.Clock.Now()
		env.Clock.Advance(time.Hour)
		if err := reg.MarkShipped(ctx, operator, a); err != nil {
			t.Fatal(err)
		}
		got, _, err := reg.ShippingList(ctx, operator, "", 100)
		if err != nil || len(got) != 2 {
			t.Fatalf("ShippingList = %+v, %v", got, err)
		}
		for _, s := range got {
			if s.Subject == a && !s.Shipped.Equal(first.UTC().Truncate(time.Microsecond)) || s.Subject == b && !s.Shipped.IsZero() {
				t.Fatalf("shipment %+v (first marked %v)", s, first)
			}
		}
		if _, _, err := reg.Link(ctx, a, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
		var marks int
		if err := env.SQL().Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM hc_shipments`).Scan(&marks); err != nil || marks != 0 {
			t.Fatalf("marks after linking: %d, %v", marks, err)
		}
		if err := reg.MarkShipped(ctx, operator, a); errs.Code(err) != errs.NotFound {
			t.Fatalf("marking a linked watch: %v", err)
		}
	})
}
