package devices_test

import (
	"testing"

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
