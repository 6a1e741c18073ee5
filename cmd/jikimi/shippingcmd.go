package main

import (
	"context"
	"fmt"
	"slices"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/healthcare/devices"
	"jikimi/staff"
	"jikimi/vault"
	"jikimi/web"
)

// mountShipping: the watch-delivery shipping list, for operators: the JSON
// route, and `jikimi shipments --by ACCOUNT` below.
func mountShipping(_ context.Context, sys *app, _ *connectors) (web.Mount, error) {
	return (&devices.ShippingHTTP{Registry: sys.devices, Staff: staffAuth(sys.staff)}).Mount(), nil
}

const shipmentsUsage = `usage: jikimi shipments --by ACCOUNT_ID [--after SUBJECT] [--limit N]
  the watches waiting to be shipped: participant, delivery address and
  contact, tab-separated; read through the gate as the named health-operator
  (every read is written to the access log). The delivery data is destroyed
  when the watch is linked, so a participant leaves the list then.`

func runShipments(ctx context.Context, e env, args []string) error {
	fs := newFlags("shipments", e)
	cfg := addConfig(fs, e, systemScope)
	by := fs.String("by", "", "the operator's staff account ID (role health-operator)")
	after := fs.String("after", "", "start after this participant (the next page)")
	limit := fs.Int("limit", 100, "at most this many participants (1 to 500)")
	if err := cfg.parse(fs, args); err != nil {
		return err
	}
	if *by == "" || fs.NArg() > 0 {
		return exitError{2, shipmentsUsage}
	}
	sys, err := openApp(ctx, e, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer sys.Close()
	acc, err := sys.staff.Account(ctx, *by)
	if err != nil {
		return err
	}
	roles, err := sys.staff.Roles(ctx, *by)
	if err != nil {
		return err
	}
	if acc.Status != staff.Active || !slices.Contains(roles, staff.HealthOperator) {
		return exitError{1, "shipments: " + errs.E(errs.Forbidden, "staff account %s is not an active health-operator", *by).Error()}
	}
	op := vault.Actor{Kind: vault.Staff, ID: *by, Role: string(staff.HealthOperator), Source: "127.0.0.1"}
	got, next, err := sys.devices.ShippingList(ctx, op, *after, *limit)
	if err != nil {
		return err
	}
	for _, s := range got {
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\n", s.Subject, s.Address, s.Contact, s.Since.In(kst).Format("2006-01-02 15:04"))
	}
	if next != "" {
		fmt.Fprintf(e.stderr, "more: --after %s\n", next)
	}
	return nil
}
