package main

import (
	"context"
	"fmt"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/vault"
)

const citizenUsage = `usage: jikimi citizen unlock --service S --login L
  unlock  clear a citizen login's lock after too many failed logins, once the
          person has proved who they are again (at the help desk, say); the
          look-up is written to the access log`

// runCitizen is the operators' side of citizen logins.
func runCitizen(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "unlock" {
		return exitError{2, citizenUsage}
	}
	fs := newFlags("citizen unlock", e)
	cfg := addConfig(fs, e, systemScope)
	service := fs.String("service", "", "seoul-healthcare or bokjiro")
	login := fs.String("login", "", "the login name (아이디)")
	if err := cfg.parse(fs, args[1:]); err != nil {
		return err
	}
	purpose, ok := accountPurposes[*service]
	if !ok || *login == "" || fs.NArg() > 0 {
		return exitError{2, citizenUsage}
	}
	sys, err := openApp(ctx, e, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer sys.Close()
	operator := vault.Actor{Kind: vault.System, ID: "cli-citizen-unlock", Source: "127.0.0.1"}
	subject, err := sys.citizens.UnlockLogin(ctx, vault.Request{Actor: operator, Service: *service, Purpose: purpose}, *login)
	if errs.Code(err) == errs.NotFound {
		return exitError{1, fmt.Sprintf("no %s login by that name", *service)}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "unlocked: subject %s\n", subject)
	return nil
}
