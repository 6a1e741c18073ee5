package devices

import (
	"context"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
)

// Link links a new watch to a participant and answers the device and its
// token (shown once; only its hash is kept). It records the watch_linked
// retention event, which makes the delivery data due at once, and destroys
// that data in the same step; the device is stored in the destruction's
// transaction, so a watch is never linked with its delivery data left.
// source is where the request came from, for the access log.
func (r *Registry) Link(ctx context.Context, subject, source string) (Device, string, error) {
	id, token, err := r.newCredentials()
	if err != nil {
		return Device{}, "", err
	}
	actor := vault.Actor{Kind: vault.System, ID: "device-link", Source: source}
	now := r.cfg.Clock.Now()
	ev := vault.RetentionEvent{Event: EventLinked, At: now}
	if _, err := r.cfg.Vault.Event(ctx, vault.Request{Actor: actor, Service: Service, Purpose: DeliveryPurpose, Subject: subject}, ev); err != nil {
		return Device{}, "", err
	}
	d := Device{ID: id, Subject: subject, Linked: now.UTC()}
	req := vault.Request{Actor: actor, Service: Service, Purpose: DeliveryPurpose, Subject: subject,
		Then: func(ctx context.Context, tx store.Querier) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO hc_devices (id, token_hash, subject_id, service, linked_at) VALUES (?, ?, ?, ?, ?)`,
				id, tokenHash(token), subject, Service, now.UnixMicro())
			return errs.WrapIf(err, "devices: store device")
		}}
	if _, err := r.cfg.Vault.Shred(ctx, req); err != nil {
		return Device{}, "", err
	}
	return d, token, nil
}
