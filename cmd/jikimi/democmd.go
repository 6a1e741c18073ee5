package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"jikimi/clock"
	"jikimi/demo"
	"jikimi/staff"
)

const demoUsage = "usage: jikimi demo credentials [--data DIR] | jikimi demo code [--data DIR] LOGIN"

func runDemo(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || (args[0] != "credentials" && args[0] != "code") {
		return exitError{2, demoUsage}
	}
	flags := newFlags("demo "+args[0], e)
	cfg := addConfig(flags, e, systemScope)
	if err := cfg.parse(flags, args[1:]); err != nil {
		return err
	}
	c, err := demo.Load(demoPath(cfg))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no demo content in %s: start it with `jikimi serve --demo` first", cfg.Data)
	}
	if err != nil {
		return err
	}
	if args[0] == "code" {
		return printCode(e, c, flags.Args())
	}
	c.Print(e.stdout)
	return nil
}

// printCode prints the current TOTP code of a demo staff login, standing
// in for the authenticator app a real staff member uses.
func printCode(e env, c *demo.Credentials, args []string) error {
	if len(args) != 1 {
		return exitError{2, demoUsage}
	}
	for _, s := range c.Staff {
		if s.Login == args[0] {
			code, err := staff.CurrentCode(s.TOTPSecret, clock.System{}.Now())
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, code)
			return nil
		}
	}
	return exitError{1, fmt.Sprintf("no demo staff login %q (see `jikimi demo credentials`)", args[0])}
}
