package cases

import (
	"cmp"
	"context"

	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/keys"
	"jikimi/partners/notify"
	"jikimi/store"
	"jikimi/vault"
)

// ResultKind is the outbox kind of an application's result notice.
const ResultKind = "bokjiro.application_result"

// ResultArgs are a result notice's arguments: opaque IDs, the kind of
// case (an application, a help request or a fraud report) and the outcome code.
type ResultArgs struct {
	Case     string `json:"case"`
	Subject  string `json:"subject"`
	CaseKind string `json:"case_kind"`
	Outcome  string `json:"outcome"`
}

// tell puts the case's result notice in the outbox, in tx.
func (c *Cases) tell(ctx context.Context, cs Case, kind, outcome string) func(store.Querier) error {
	return func(tx store.Querier) error {
		return c.cfg.Jobs.Insert(ctx, tx, ResultArgs{Case: cs.ID, Subject: cs.Subject, CaseKind: kind, Outcome: outcome}, &jobs.Opts{Unique: true})
	}
}

// noticeContacts are, per kind of case, its purpose and the items that
// reach the person.
var noticeContacts = map[string]struct{ purpose, email, mobile string }{
	kindApplication: {purposeApplication, "email", "phone"},
	kindHelp:        {purposeHelp, "email", "mobile"},
	kindFraud:       {purposeFraud, "email", "mobile"},
}

// Kind is the job's kind.
func (ResultArgs) Kind() string { return ResultKind }

var notices = vault.Actor{Kind: vault.System, ID: "bokjiro-notices", Source: "127.0.0.1"}

var outcomeWords = map[string]string{"approved": "승인", "rejected": "미승인"}

// noticeText is the notice: the outcome in words for an application, that
// the request was handled for a help request; the details stay on the
// portal.
func noticeText(kind, outcome string) string {
	switch kind {
	case kindHelp:
		return "[복지로] 도움신청이 처리되었습니다. 자세한 내용은 복지로에서 확인해 주세요."
	case kindFraud:
		return "[복지로] 부정수급 신고의 처리 결과가 나왔습니다. 자세한 내용은 복지로에서 확인해 주세요."
	}
	return "[복지로] 신청하신 복지서비스의 처리 결과가 나왔습니다: " + outcomeWords[outcome] + ". 자세한 내용은 복지로에서 확인해 주세요."
}

// TellResult is the outbox handler of the result notice (결과 통지) of an
// application, a help request or a fraud report: it reads the contact the case gave (its
// e-mail and mobile items, through the gate, logged) and tells the person
// by e-mail and text message; the details stay on the portal. A case that
// gave no contact, or whose details are gone, is told nothing here.
func (c *Cases) TellResult(ctx context.Context, j *jobs.Job[ResultArgs]) error {
	a := j.Args
	kind := cmp.Or(a.CaseKind, kindApplication)
	at, ok := noticeContacts[kind]
	if !ok {
		return jobs.Permanent(errs.E(errs.Invalid, "cases: no notice for cases of kind %q", kind))
	}
	recs, err := c.cfg.Vault.ListCase(ctx, request(notices, a.Subject, at.purpose, vault.View, at.email, at.mobile), a.Case)
	if errs.Code(err) == errs.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	body := noticeText(kind, a.Outcome)
	for _, r := range recs {
		if to := r.Values[at.email]; to != "" && c.cfg.Email != nil {
			if err := c.cfg.Email.Send(ctx, a.Case+"|result|email", notify.Message{To: to, Subject: "[복지로] 처리 결과 안내", Body: body}); err != nil {
				return err
			}
		}
		if to, err := keys.NormalizeMobile(r.Values[at.mobile]); err == nil && c.cfg.SMS != nil { // a landline gets no text
			if err := c.cfg.SMS.Send(ctx, a.Case+"|result|sms", notify.Message{To: to, Body: body}); err != nil {
				return err
			}
		}
	}
	return nil
}
