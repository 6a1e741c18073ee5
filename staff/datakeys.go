package staff

import (
	"context"
	"database/sql"
	"errors"

	"jikimi/errs"
	"jikimi/keys"
	"jikimi/store"
)

// The staff data keys, one per use, each stored wrapped in staff_keys.
const (
	keyTOTP   = "totp-seal"    // seals TOTP secrets (AES-256-GCM, keys.Seal)
	keyPerson = "person-index" // keys the HMAC of employee numbers
	keyName   = "name-seal"    // seals display names (AES-256-GCM, keys.Seal)
)

type dataKeys struct {
	totp, person, name []byte
}

// dataKeys returns the staff data keys, creating them on first use. They are
// unwrapped once per Service; a failure is not remembered, so the next call
// tries again.
func (s *Service) dataKeys(ctx context.Context) (*dataKeys, error) {
	s.keysMu.Lock()
	defer s.keysMu.Unlock()
	if s.keys != nil {
		return s.keys, nil
	}
	totp, err := s.dataKey(ctx, keyTOTP)
	if err != nil {
		return nil, err
	}
	person, err := s.dataKey(ctx, keyPerson)
	if err != nil {
		return nil, err
	}
	name, err := s.dataKey(ctx, keyName)
	if err != nil {
		return nil, err
	}
	s.keys = &dataKeys{totp: totp, person: person, name: name}
	return s.keys, nil
}

// dataKey unwraps the stored key for purpose, storing a new one first when
// there is none. Two processes racing both insert; the first insert stands
// and both unwrap it.
func (s *Service) dataKey(ctx context.Context, purpose string) ([]byte, error) {
	aad := []byte("jikimi/staff/" + purpose)
	wrapped, kekID, err := s.storedKey(ctx, purpose)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.storeNewKey(ctx, purpose, aad)
		if err == nil {
			wrapped, kekID, err = s.storedKey(ctx, purpose)
		}
	}
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "staff: data key %s", purpose)
	}
	return s.cfg.Wrapper.Unwrap(ctx, wrapped, kekID, aad)
}

func (s *Service) storedKey(ctx context.Context, purpose string) (wrapped []byte, kekID string, err error) {
	row := s.cfg.SQL.Reader().QueryRowContext(ctx,
		`SELECT wrapped, kek_id FROM staff_keys WHERE purpose = ?`, purpose)
	err = row.Scan(&wrapped, &kekID)
	return wrapped, kekID, err
}

func (s *Service) storeNewKey(ctx context.Context, purpose string, aad []byte) error {
	dek, err := keys.NewDataKey(s.cfg.Rand)
	if err != nil {
		return err
	}
	defer keys.Zero(dek)
	wrapped, kekID, err := s.cfg.Wrapper.Wrap(ctx, dek, aad)
	if err != nil {
		return err
	}
	return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO staff_keys (purpose, wrapped, kek_id, created_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (purpose) DO NOTHING`, purpose, wrapped, kekID, micros(s.now()))
		return err
	})
}
