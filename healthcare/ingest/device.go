package ingest

import "context"

// Device is a linked smartwatch, bound to the participant it sends for.
type Device struct {
	ID      string // opaque device ID: the actor in the access log
	Subject string // opaque subject ID of its participant
}

// Devices authenticates device tokens (package healthcare/devices). An
// unknown or revoked token is errs.Forbidden with reason unknown_device or
// revoked_device.
type Devices interface {
	Authenticate(ctx context.Context, token string) (Device, error)
}
