package staff

import (
	"context"
	"encoding/base64"
	"strings"

	"jikimi/errs"
	"jikimi/keys"
)

// A display name is personal data of the staff member: it is stored sealed
// under the staff name key (AES-256-GCM, bound to the account ID), written
// "sealed:" and base64 in display_name. A name written before names were
// sealed reads as it is.
const sealedName = "sealed:"

func nameAAD(accountID string) []byte { return []byte("jikimi/staff/name/" + accountID) }

func sealName(k *dataKeys, id, name string) (string, error) {
	b, err := keys.Seal(k.name, []byte(name), nameAAD(id))
	if err != nil {
		return "", err
	}
	return sealedName + base64.StdEncoding.EncodeToString(b), nil
}

// openNames replaces each account's stored name by the name it seals.
func (s *Service) openNames(ctx context.Context, accs ...*Account) error {
	var k *dataKeys
	for _, a := range accs {
		stored, ok := strings.CutPrefix(a.Name, sealedName)
		if !ok {
			continue
		}
		if k == nil {
			var err error
			if k, err = s.dataKeys(ctx); err != nil {
				return err
			}
		}
		b, err := base64.StdEncoding.DecodeString(stored)
		if err == nil {
			b, err = keys.Open(k.name, b, nameAAD(a.ID))
		}
		if err != nil {
			return errs.Wrap(errs.Internal, err, "staff: open the display name of %s", a.ID)
		}
		a.Name = string(b)
	}
	return nil
}
