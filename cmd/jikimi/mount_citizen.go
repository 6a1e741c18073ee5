package main

import (
	"context"

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
		return sys.citizens.Mount(accountPurposes), nil
	})
}
