package vault

import (
	"context"

	"jikimi/errs"
	"jikimi/keys"
)

// Not-ready reasons, the finer code of Ready's errors.
const (
	NotReadyDatabase = "database_unavailable"
	NotReadyKeyring  = "keyring_mismatch"
)

// Ready checks that the gate can serve: the database answers a real query
// (the key canary is read from it) and the keyring in use unseals the
// canary; with reload, also that the keyring the server would start with
// again (reload reads it anew, from its file) is there and unseals it, so
// that a keyring file removed or replaced shows before a restart finds it.
// A failure is errs.Unavailable with the reason NotReadyDatabase or
// NotReadyKeyring; its message names no secret.
func (v *Vault) Ready(ctx context.Context, reload func() (Wrapper, error)) error {
	var stored []byte
	if err := v.reader.QueryRowContext(ctx, `SELECT v FROM vault_meta WHERE k = ?`, canaryKey).Scan(&stored); err != nil {
		return notReady(NotReadyDatabase, err, "not ready: the database does not answer")
	}
	var c keys.Canary
	if err := c.UnmarshalBinary(stored); err != nil {
		return notReady(NotReadyDatabase, err, "not ready: the stored key canary is corrupted")
	}
	if err := keys.CheckCanary(ctx, v.cfg.Keys, c); err != nil {
		return notReady(NotReadyKeyring, err, "not ready: the keyring in use does not unseal this database")
	}
	if reload == nil {
		return nil
	}
	w, err := reload()
	if err != nil {
		return notReady(NotReadyKeyring, err, "not ready: the keyring file cannot be read")
	}
	if err := keys.CheckCanary(ctx, w, c); err != nil {
		return notReady(NotReadyKeyring, err, "not ready: the keyring file does not unseal this database")
	}
	return nil
}

func notReady(reason string, err error, msg string) error {
	e := errs.Wrap(errs.Unavailable, err, "%s", msg)
	e.Reason = reason
	return e
}
