package members

import (
	"context"

	"jikimi/errs"
	"jikimi/keys"
	"jikimi/vault"
)

// Editable are the items of the membership purpose a member changes on
// their own (회원정보 수정): the contact items (이메일 주소, 휴대전화 번호),
// which the policy collects to reach the member. The name is the one the
// identity checks compare (a new name is a correction request, 정정
// 요구, through the rights process), the login ID names the account, the
// password has its own change, and a representative's items are the
// representative's.
var Editable = []string{"email", "mobile"}

// Contact is the member's contact items as the edit form sends them.
type Contact struct{ Email, Mobile string }

// indexes are the blind indexes of the editable items.
var indexes = map[string]string{"email": keys.KindEmail, "mobile": keys.KindMobile}

// ChangeContact changes the member's own contact items: both are checked
// before anything is written; the changed ones replace the old values in
// the membership record and their blind indexes, in one gated change with
// the member as the actor. Another person's actor is refused by the gate
// (and logged); an unchanged form writes nothing.
func (s *Service) ChangeContact(ctx context.Context, actor vault.Actor, subject string, c Contact) error {
	email, err := keys.NormalizeEmail(c.Email)
	if err != nil {
		return invalid("invalid_email", "이메일 주소 형식이 올바르지 않습니다 (malformed e-mail address)")
	}
	mobile, err := keys.NormalizeMobile(c.Mobile)
	if err != nil {
		return invalid("invalid_mobile", "휴대전화 번호 형식이 올바르지 않습니다 (malformed mobile number)")
	}
	req := vault.Request{Actor: actor, Service: ServiceName, Purpose: PurposeMember, Subject: subject, Action: vault.View, Items: Editable}
	recs, err := s.cfg.Vault.List(ctx, req)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return errs.E(errs.NotFound, "not found")
	}
	rec := recs[0]
	changed, idx := map[string]string{}, map[string]string{}
	for item, v := range map[string]string{"email": email, "mobile": mobile} {
		if rec.Values[item] != v {
			changed[item], idx[item] = v, indexes[item]
		}
	}
	if len(changed) == 0 {
		return nil
	}
	req.Action, req.Items = vault.Change, nil
	return s.cfg.Vault.UpdateIndexed(ctx, req, rec.ID, changed, idx)
}
