package main

import (
	"context"
	"net/http"

	"jikimi/healthcare/enrol"
	"jikimi/partners"
	"jikimi/partners/identity"
	"jikimi/web"
)

// mountHealthcareEnrol: healthcare enrolment, watches and withdrawal, with
// the identity-verification connector (its loopback simulator unless
// --connector identity=URL).
func mountHealthcareEnrol(_ context.Context, sys *app, conn *connectors) (web.Mount, error) {
	s, err := enrolService(sys, conn)
	if err != nil {
		return web.Mount{}, err
	}
	return s.Mount(), nil
}

func enrolService(sys *app, conn *connectors) (*enrol.Service, error) {
	id, err := identityConnector(sys, conn)
	if err != nil {
		return nil, err
	}
	return enrol.New(enrol.Config{Vault: sys.vault, Policies: sys.policies, Accounts: sys.citizens, Devices: sys.devices,
		Identity: id, Clock: sys.clk}), nil
}

// identityConnector is the identity-verification service both services
// use (one agency, one simulator: a verification started through one is
// read through the other).
func identityConnector(sys *app, conn *connectors) (identity.Connector, error) {
	url, err := conn.Shared("identity", func() http.Handler { return identity.NewSim(sys.ring.PublicKey(), sys.clk) })
	if err != nil {
		return identity.Connector{}, err
	}
	return identity.Connector{Client: &partners.Client{Name: "identity", Base: url, Key: sys.ring.SigningKey(), Clock: sys.clk}}, nil
}
