package rights

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/keys"
	"jikimi/partners/notify"
	"jikimi/vault"
)

// Contact is where a service's notices reach a person outside the
// service: the purpose whose records hold the mobile number and e-mail
// address the person gave, read through the gate (logged) when a notice
// is sent, never copied into the notice or the job.
type Contact struct {
	Name    string // the service as the citizen knows it: 손목닥터 9988, 복지로
	Purpose string
	Mobile  string // item ID of the mobile number; "" when the purpose holds none
	Email   string // item ID of the e-mail address; "" when the purpose holds none
}

// noticeSender is the system actor that reads a contact to send a notice.
var noticeSender = vault.Actor{Kind: vault.System, ID: "rights-notices", Source: "127.0.0.1"}

// stored is a notice as the outbox reads it back.
type stored struct {
	id, service, subject, kind, ref string
	body                            map[string]any
}

// sendOut sends a delivered notice through the gateways the service's
// contact reaches. A person whose contact the gate does not give (none
// held, a consent withdrawn or outdated, processing suspended) is told in
// the service only; a gateway that fails leaves the job to be retried.
func (s *Service) sendOut(ctx context.Context, id string) error {
	n, err := s.storedNotice(ctx, id)
	if err != nil || n == nil {
		return err
	}
	c, ok := s.cfg.Contacts[n.service]
	if !ok || (s.cfg.SMS == nil && s.cfg.Email == nil) {
		return nil
	}
	mobile, email, err := s.contact(ctx, n.service, c, n.subject)
	if err != nil || (mobile == "" && email == "") {
		return err
	}
	text := noticeText(c.Name, n)
	if m, err := keys.NormalizeMobile(mobile); err == nil && s.cfg.SMS != nil {
		if err := s.cfg.SMS.Send(ctx, n.id+"|sms", notify.Message{To: m, Body: text}); err != nil {
			return gatewayErr(err)
		}
	}
	if email != "" && s.cfg.Email != nil {
		msg := notify.Message{To: email, Subject: "[" + c.Name + "] 개인정보 권리 행사 안내", Body: text}
		if err := s.cfg.Email.Send(ctx, n.id+"|email", msg); err != nil {
			return gatewayErr(err)
		}
	}
	return nil
}

// gatewayErr: a gateway's refusal no retry can fix ends the job; anything
// else is retried.
func gatewayErr(err error) error {
	if errs.Code(err) == errs.Invalid {
		return jobs.Permanent(err)
	}
	return err
}

func (s *Service) storedNotice(ctx context.Context, id string) (*stored, error) {
	n := &stored{id: id}
	var body string
	err := s.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT service, subject_id, kind, ref, body FROM rights_notices WHERE id = ?`, id).
		Scan(&n.service, &n.subject, &n.kind, &n.ref, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // dropped since: nothing to send
	}
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "rights: read notice")
	}
	if err := json.Unmarshal([]byte(body), &n.body); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "rights: decode notice")
	}
	return n, nil
}

// contact reads the person's mobile number and e-mail address through the
// gate; what the gate refuses is no contact.
func (s *Service) contact(ctx context.Context, service string, c Contact, subject string) (mobile, email string, err error) {
	var items []string
	for _, it := range []string{c.Mobile, c.Email} {
		if it != "" {
			items = append(items, it)
		}
	}
	recs, err := s.cfg.Vault.List(ctx, vault.Request{Actor: noticeSender, Service: service, Purpose: c.Purpose, Subject: subject, Items: items, Action: vault.View})
	if errs.Code(err) == errs.NotFound || errs.Code(err) == errs.Forbidden {
		return "", "", nil
	}
	if err != nil {
		return "", "", err
	}
	for _, r := range recs {
		if v := r.Values[c.Mobile]; v != "" && c.Mobile != "" {
			mobile = v
		}
		if v := r.Values[c.Email]; v != "" && c.Email != "" {
			email = v
		}
	}
	return mobile, email, nil
}

// noticeText is what the text message and the e-mail say: the kind of
// notice and where to read it; the details stay in the service.
func noticeText(service string, n *stored) string {
	str := func(k string) string { v, _ := n.body[k].(string); return v }
	kind := Kind(str("kind")).Korean()
	where := " 자세한 내용은 " + service + "의 '내 개인정보'에서 확인해 주세요."
	head := "[" + service + "] "
	switch n.kind {
	case NoticeResult:
		switch Status(str("status")) {
		case Refused:
			return head + "개인정보 " + kind + " 요구를 처리할 수 없게 되어 그 사유와 이의제기 방법을 알려 드립니다." + where
		case PartiallyAnswered:
			return head + "개인정보 " + kind + " 요구의 일부를 처리하였습니다. 처리하지 못한 부분의 사유와 이의제기 방법을 알려 드립니다." + where
		}
		return head + "개인정보 " + kind + " 요구를 처리하였습니다." + where
	case NoticeExtension:
		due := str("due_at")
		if t, err := time.Parse(time.RFC3339, due); err == nil {
			due = t.In(Seoul).Format("2006년 1월 2일")
		}
		return head + "개인정보 " + kind + " 요구의 처리 기한을 " + due + "까지 연장하였습니다." + where
	case NoticeOnBehalf:
		return head + "대리인이 회원님을 대신하여 개인정보 " + kind + " 요구를 하였습니다. 본인이 모르는 요구라면 개인정보 보호책임자에게 알려 주세요." + where
	case NoticeUsage:
		return head + fmt.Sprintf("%s년 한 해 동안의 개인정보 이용·제공 내역을 알려 드립니다.", n.ref) + where
	case NoticeReconsent:
		return head + "개인정보 처리방침이 바뀌어 다시 동의가 필요한 항목이 있습니다. 동의하시기 전까지 해당 처리는 하지 않습니다." + where
	}
	return head + "개인정보 관련 안내가 있습니다." + where
}
