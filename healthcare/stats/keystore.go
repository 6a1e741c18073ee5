package stats

import (
	"context"
	"database/sql"
	"errors"
	"io"

	"jikimi/errs"
	"jikimi/keys"
	"jikimi/store"
	"jikimi/vault"
)

func keyAAD(service string) []byte { return []byte("jikimi stats reid key v1|" + service) }

// LoadKey returns the service's re-identification key, creating and
// storing it (wrapped) on first use. Two racing first uses agree: the
// second insert loses and reads the first one's key.
func LoadKey(ctx context.Context, db store.SQL, w vault.Wrapper, service string, rand io.Reader, now int64) (Key, error) {
	if k, err := readKey(ctx, db.Reader(), w, service); err == nil || !errors.Is(err, sql.ErrNoRows) {
		return k, err
	}
	k, err := NewKey(rand)
	if err != nil {
		return Key{}, err
	}
	wrapped, kek, err := w.Wrap(ctx, k.k, keyAAD(service))
	if err != nil {
		return Key{}, errs.Wrap(errs.Internal, err, "stats: wrap the re-identification key")
	}
	err = db.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO hc_stats_keys (service, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (service) DO NOTHING`, service, kek, wrapped, now)
		return err
	})
	if err != nil {
		return Key{}, errs.Wrap(errs.Internal, err, "stats: store the re-identification key")
	}
	return readKey(ctx, db.Reader(), w, service)
}

func readKey(ctx context.Context, q store.Querier, w vault.Wrapper, service string) (Key, error) {
	var kek string
	var wrapped []byte
	err := q.QueryRowContext(ctx, `SELECT kek_id, wrapped FROM hc_stats_keys WHERE service = ?`, service).Scan(&kek, &wrapped)
	if err != nil {
		return Key{}, err
	}
	b, err := w.Unwrap(ctx, wrapped, kek, keyAAD(service))
	if err != nil {
		return Key{}, errs.Wrap(errs.Internal, err, "stats: unwrap the re-identification key")
	}
	defer keys.Zero(b)
	return KeyFrom(b)
}
