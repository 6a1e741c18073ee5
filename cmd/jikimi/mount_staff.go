package main

import (
	"context"
	"time"

	"jikimi/web"
)

// mountStaff: staff sign-in (every service's staff endpoints take their
// actor from it); hourly, expired staff sessions are deleted.
func mountStaff(_ context.Context, sys *app, _ *connectors) (web.Mount, error) {
	sys.jobs.Every("staff.sessions.purge", time.Hour, func(ctx context.Context, _ time.Time) error {
		_, err := sys.staff.PurgeSessions(ctx)
		return err
	})
	return sys.staff.Mount(), nil
}
