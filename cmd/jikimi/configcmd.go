package main

import (
	"context"
	"fmt"
	"net/url"
)

// runConfig prints the configuration the flags and environment give, as
// serve and the other commands read it: each setting, its value (secrets
// redacted) and where the value came from.
func runConfig(_ context.Context, e env, args []string) error {
	fs := newFlags("config", e)
	cfg := addConfig(fs, e, serveScope)
	if err := cfg.parse(fs, args); err != nil {
		return err
	}
	for _, o := range cfg.options() {
		fmt.Fprintf(e.stdout, "%-12s %s\n", o.flag, cfg.shown(o))
	}
	return nil
}

// redactURL hides the password of a DSN or URL: the DSN is a secret's
// carrier. What is not a URL with a scheme (a key=value DSN) is not shown.
func redactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		return "(set; not shown)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "REDACTED")
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "REDACTED")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
