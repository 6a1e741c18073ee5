package main

import (
	"context"
	"time"

	"jikimi/web"
)

// accountPurposes names, per service, the purpose whose records hold a
// citizen's login name and password hash.
var accountPurposes = map[string]string{
	"seoul-healthcare": "enrolment",
	"bokjiro":          "membership",
}

func init() {
	mounters = append(mounters, func(ctx context.Context, sys *app, conn *connectors) (web.Mount, error) {
		go purgeSessions(ctx, sys)
		return sys.citizens.Mount(accountPurposes), nil
	})
}

// purgeSessions deletes expired citizen sessions hourly until ctx ends: an
// expired session is refused anyway, this only keeps the table small.
func purgeSessions(ctx context.Context, sys *app) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		sys.citizens.PurgeSessions(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
