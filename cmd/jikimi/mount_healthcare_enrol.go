package main

import (
	"context"

	"jikimi/healthcare/enrol"
	"jikimi/partners"
	"jikimi/partners/identity"
	"jikimi/web"
)

// Healthcare enrolment, watches and withdrawal, with the identity-verification
// connector (its loopback simulator unless --connector identity=URL).
func init() {
	mounters = append(mounters, func(_ context.Context, sys *app, conn *connectors) (web.Mount, error) {
		s, err := enrolService(sys, conn)
		if err != nil {
			return web.Mount{}, err
		}
		return s.Mount(), nil
	})
}

func enrolService(sys *app, conn *connectors) (*enrol.Service, error) {
	url, err := conn.URL("identity", identity.NewSim(sys.ring.PublicKey(), sys.clk))
	if err != nil {
		return nil, err
	}
	client := &partners.Client{Name: "identity", Base: url, Key: sys.ring.SigningKey(), Clock: sys.clk}
	return enrol.New(enrol.Config{Vault: sys.vault, Policies: sys.policies, Accounts: sys.citizens, Devices: sys.devices,
		Identity: identity.Connector{Client: client}, Clock: sys.clk}), nil
}
