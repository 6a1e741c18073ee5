// Command jikimi runs Jikimi: the server, and the tools for its policies,
// storage and audits. It only wires packages together; behaviour lives in
// the domain packages.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ex exitError
		if !errors.As(err, &ex) || ex.msg != "" {
			fmt.Fprintln(os.Stderr, "jikimi:", err)
		}
		os.Exit(exitCode(err))
	}
}
