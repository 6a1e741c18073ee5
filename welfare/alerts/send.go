package alerts

import (
	"context"
	"fmt"
	"strings"

	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/partners/notify"
	"jikimi/welfare/catalogue"
)

// Send is the handler of alert jobs: it recomputes the alert from the
// vault and sends it by e-mail, then by SMS, each with the job's key as the
// gateway's idempotency key, so a retried job delivers each message once.
// A subscriber who unsubscribed, or whose data is gone, gets nothing.
func (s *Service) Send(ctx context.Context, j *jobs.Job[SendArgs]) error {
	p := j.Args
	to := s.snapshot(p.To)
	prof, err := s.profile(ctx, p.Subject, to.Day)
	if errs.Code(err) == errs.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	events := catalogue.Changes(prof, s.snapshot(p.From), to)
	if len(events) == 0 {
		return nil
	}
	c, err := s.contacts(ctx, p.Subject)
	if errs.Code(err) == errs.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.deliver(ctx, p.key(), c, to.Catalogue, events); err != nil {
		return err
	}
	return s.recordSent(ctx, p, len(events))
}

func (s *Service) deliver(ctx context.Context, key string, c Contacts, cat *catalogue.Catalogue, events []catalogue.Event) error {
	mail := notify.Message{To: c.Email, Subject: "[복지로] 생애주기별 복지알림", Body: mailBody(cat, events)}
	if err := s.cfg.Email.Send(ctx, key+"|email", mail); err != nil {
		return permanentIfInvalid(err)
	}
	// The text says only that there is news: a phone's lock screen is no
	// place for a family's situation.
	text := notify.Message{To: c.Mobile, Body: fmt.Sprintf("[복지로] 새 복지알림 %d건이 있습니다. 복지로 또는 이메일에서 확인하세요.", len(events))}
	return permanentIfInvalid(s.cfg.SMS.Send(ctx, key+"|sms", text))
}

func permanentIfInvalid(err error) error {
	if errs.Code(err) == errs.Invalid {
		return jobs.Permanent(err)
	}
	return err
}

// mailBody lists the events: stages entered, then services new to the
// family, each with its reasons. Members are named by relation only.
func mailBody(cat *catalogue.Catalogue, events []catalogue.Event) string {
	var b strings.Builder
	b.WriteString("복지로 생애주기별 복지알림이 알려드립니다.\n\n")
	for _, line := range eventLines(cat, events) {
		b.WriteString("- " + line + "\n")
	}
	b.WriteString("\n받은 알림은 복지로 > 복지알림이 > 받은 알림에서 다시 볼 수 있습니다. 수신을 원하지 않으시면 복지로 > 복지알림이에서 수신 거부할 수 있습니다.\n")
	return b.String()
}

func reasonText(rs []catalogue.Reason) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, ", ")
}
