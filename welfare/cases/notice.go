package cases

import (
	"context"

	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/keys"
	"jikimi/partners/notify"
	"jikimi/vault"
)

// ResultKind is the outbox kind of an application's result notice.
const ResultKind = "bokjiro.application_result"

// ResultArgs are a result notice's arguments: opaque IDs and the outcome.
type ResultArgs struct {
	Case    string `json:"case"`
	Subject string `json:"subject"`
	Outcome string `json:"outcome"`
}

// Kind is the job's kind.
func (ResultArgs) Kind() string { return ResultKind }

var notices = vault.Actor{Kind: vault.System, ID: "bokjiro-notices", Source: "127.0.0.1"}

var outcomeWords = map[string]string{"approved": "승인", "rejected": "미승인"}

// TellResult is the outbox handler of the result notice (결과 통지): it
// reads the contact the application gave (its e-mail and phone items,
// through the gate, logged) and tells the applicant the outcome by e-mail
// and text message; the details stay on the portal. An application that
// gave no contact, or whose details are gone, is told nothing here.
func (c *Cases) TellResult(ctx context.Context, j *jobs.Job[ResultArgs]) error {
	a := j.Args
	recs, err := c.cfg.Vault.ListCase(ctx, request(notices, a.Subject, purposeApplication, vault.View, "email", "phone"), a.Case)
	if errs.Code(err) == errs.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	body := "[복지로] 신청하신 복지서비스의 처리 결과가 나왔습니다: " + outcomeWords[a.Outcome] + ". 자세한 내용은 복지로에서 확인해 주세요."
	for _, r := range recs {
		if to := r.Values["email"]; to != "" && c.cfg.Email != nil {
			if err := c.cfg.Email.Send(ctx, a.Case+"|result|email", notify.Message{To: to, Subject: "[복지로] 복지서비스 신청 결과 안내", Body: body}); err != nil {
				return err
			}
		}
		if to, err := keys.NormalizeMobile(r.Values["phone"]); err == nil && c.cfg.SMS != nil { // a landline gets no text
			if err := c.cfg.SMS.Send(ctx, a.Case+"|result|sms", notify.Message{To: to, Body: body}); err != nil {
				return err
			}
		}
	}
	return nil
}
