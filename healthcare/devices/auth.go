package devices

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"jikimi/errs"
	"jikimi/store"
)

// Authenticate answers the device of a token: errs.Forbidden
// "unknown_device" for a token never issued, "revoked_device" for a
// revoked one.
func (r *Registry) Authenticate(ctx context.Context, token string) (Device, error) {
	d, err := scanDevice(r.cfg.SQL.Reader().QueryRowContext(ctx,
		`SELECT id, subject_id, linked_at, revoked_at FROM hc_devices WHERE token_hash = ?`, tokenHash(token)))
	if errors.Is(err, sql.ErrNoRows) || token == "" {
		return Device{}, errs.WithReason(errs.Forbidden, "unknown_device", "등록되지 않은 기기입니다 (unknown device token)")
	}
	if err != nil {
		return Device{}, errs.WrapIf(err, "devices: read device")
	}
	if !d.Revoked.IsZero() {
		return Device{}, errs.WithReason(errs.Forbidden, "revoked_device", "해지된 기기입니다 (this device was revoked; link the watch again)")
	}
	return d, nil
}

// AuthenticateFor is Authenticate for data said to be a participant's: a
// token of another participant's device is errs.Forbidden "other_participant".
func (r *Registry) AuthenticateFor(ctx context.Context, token, subject string) (Device, error) {
	d, err := r.Authenticate(ctx, token)
	if err == nil && d.Subject != subject {
		return Device{}, errs.WithReason(errs.Forbidden, "other_participant", "다른 참여자의 기기입니다 (this device belongs to another participant)")
	}
	return d, err
}

type rowScanner = store.Scanner

func scanDevice(row rowScanner) (Device, error) {
	var d Device
	var linked int64
	var revoked sql.NullInt64
	if err := row.Scan(&d.ID, &d.Subject, &linked, &revoked); err != nil {
		return Device{}, err
	}
	d.Linked = time.UnixMicro(linked).UTC()
	if revoked.Valid {
		d.Revoked = time.UnixMicro(revoked.Int64).UTC()
	}
	return d, nil
}

// Revoke revokes a participant's device. A device of another participant
// is errs.Forbidden "other_participant"; an unknown one errs.NotFound.
// Revoking twice is not an error.
func (r *Registry) Revoke(ctx context.Context, subject, id string) error {
	return r.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		var owner string
		err := tx.QueryRowContext(ctx, `SELECT subject_id FROM hc_devices WHERE id = ?`, id).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.WithReason(errs.NotFound, "unknown_device", "no such device")
		}
		if err != nil {
			return errs.WrapIf(err, "devices: read device")
		}
		if owner != subject {
			return errs.WithReason(errs.Forbidden, "other_participant", "다른 참여자의 기기입니다 (this device belongs to another participant)")
		}
		_, err = tx.ExecContext(ctx, `UPDATE hc_devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, r.cfg.Clock.Now().UnixMicro(), id)
		return errs.WrapIf(err, "devices: revoke device")
	})
}

// RevokeAll revokes every device of a participant (withdrawal).
func (r *Registry) RevokeAll(ctx context.Context, subject string) error {
	return r.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE hc_devices SET revoked_at = ? WHERE subject_id = ? AND revoked_at IS NULL`, r.cfg.Clock.Now().UnixMicro(), subject)
		return errs.WrapIf(err, "devices: revoke devices")
	})
}

// List answers a participant's devices, oldest first.
func (r *Registry) List(ctx context.Context, subject string) ([]Device, error) {
	return store.Collect(ctx, r.cfg.SQL.Reader(), "devices: list devices", func(s store.Scanner, d *Device) (err error) {
		*d, err = scanDevice(s)
		return err
	}, `SELECT id, subject_id, linked_at, revoked_at FROM hc_devices WHERE subject_id = ? ORDER BY linked_at, id`, subject)
}

// Linked counts the participants with a watch linked now, and of them
// those whose first such link was made on each day in loc from since on:
// counts only, for the operator's enrolment status.
func (r *Registry) Linked(ctx context.Context, since time.Time, loc *time.Location) (store.DayTally, error) {
	return store.TallyDays(ctx, r.cfg.SQL.Reader(), "devices: tally the links", since, loc,
		`SELECT MIN(linked_at) FROM hc_devices WHERE service = ? AND revoked_at IS NULL GROUP BY subject_id`, Service)
}
