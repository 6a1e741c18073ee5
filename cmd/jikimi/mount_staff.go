package main

import (
	"context"

	"jikimi/web"
)

// Staff sign-in: every service's staff endpoints take their actor from it.
func init() {
	mounters = append(mounters, func(_ context.Context, sys *app, _ *connectors) (web.Mount, error) {
		return sys.staff.Mount(), nil
	})
}
