package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"jikimi/demo"
)

func runDemo(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "credentials" {
		return exitError{2, "usage: jikimi demo credentials [--data DIR]"}
	}
	flags := newFlags("demo credentials", e)
	af := addAppFlags(flags, e)
	if err := flags.Parse(args[1:]); err != nil {
		return err
	}
	c, err := demo.Load(demoPath(af))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no demo content in %s: start it with `jikimi serve --demo` first", af.store.data)
	}
	if err != nil {
		return err
	}
	c.Print(e.stdout)
	return nil
}
