package newsletter

import (
	"context"
	"net/url"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/input"
	"jikimi/jobs"
	"jikimi/keys"
	"jikimi/partners/notify"
	"jikimi/store"
	"jikimi/vault"
)

// JobKind is the outbox kind of one issue's mail to one subscriber.
const JobKind = "bokjiro.newsletter"

// Mailing is what sending issues needs: the outbox's database, the e-mail
// gateway, the signer of unsubscribe links and the portal's public
// address, which the links point at.
type Mailing struct {
	SQL    store.SQL
	Email  notify.Sender
	Links  *keys.LinkMAC
	Public string      // e.g. https://www.bokjiro.go.kr; http://127.0.0.1:8080 in the demo
	Jobs   *jobs.Queue // carries the mails (Send is its handler)
}

// Mail sets how issues are sent.
func (s *Service) Mail(m Mailing) { s.mail = m }

// Issue is one newsletter, and who sends it (a staff account's ID; empty
// for the operator's command line), which stays out of the mails' jobs.
type Issue struct {
	ID, Title, Body string
	By              string `json:"-"`
}

// MailArgs are one mail's job arguments: the issue (public text) and the
// subscription's opaque ID.
type MailArgs struct {
	Issue   Issue  `json:"issue"`
	Subject string `json:"subject"`
}

// Kind is JobKind.
func (MailArgs) Kind() string { return JobKind }

const (
	maxTitle = 200
	maxBody  = 20000
	page     = 500
)

// Publish puts the issue in the outbox once for every subscriber (one job
// each, keyed by issue and subscription, so publishing again sends no one
// twice), records the issue as sent the first time (Sent), and answers
// how many.
func (s *Service) Publish(ctx context.Context, is Issue) (int, error) {
	if s.mail.SQL == nil || s.mail.Email == nil || s.mail.Links == nil || s.mail.Jobs == nil {
		return 0, errs.E(errs.Unavailable, "newsletter: sending is not wired")
	}
	switch {
	case is.ID == "" || !input.Line(is.ID) || len(is.ID) > 64:
		return 0, invalid("invalid_issue", "an issue has an ID of at most 64 printable characters")
	case strings.TrimSpace(is.Title) == "" || len(is.Title) > maxTitle || !input.Line(is.Title):
		return 0, invalid("invalid_title", "an issue's title is one line of 1 to 200 bytes")
	case strings.TrimSpace(is.Body) == "" || len(is.Body) > maxBody || !input.Free(is.Body):
		return 0, invalid("invalid_body", "an issue's body is text of 1 to 20000 bytes")
	}
	n, after := 0, ""
	for {
		subs, err := s.vault.SubjectsWith(ctx, ServiceName, Purpose, after, page)
		if err != nil {
			return n, err
		}
		if len(subs) == 0 {
			return n, s.record(ctx, is, n)
		}
		err = s.mail.SQL.InTx(ctx, func(tx store.Querier) error {
			for _, sub := range subs {
				if err := s.mail.Jobs.Insert(ctx, tx, MailArgs{Issue: is, Subject: sub}, &jobs.Opts{Unique: true}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n, after = n+len(subs), subs[len(subs)-1]
	}
}

// operator is who sent an issue from the command line.
const operator = "operator"

// record keeps the issue's first sending.
func (s *Service) record(ctx context.Context, is Issue, n int) error {
	by := is.By
	if by == "" {
		by = operator
	}
	return s.mail.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO bokjiro_newsletter_issues (id, title, body, sent_by, recipients, sent_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO NOTHING`, is.ID, is.Title, is.Body, by, n, s.clk.Now().UnixMicro())
		return errs.WrapIf(err, "newsletter: record the issue")
	})
}

// Sent is an issue as it was first sent.
type Sent struct {
	Issue
	Recipients int
	At         time.Time
}

// Issues lists the issues sent, the newest first, at most limit.
func (s *Service) Issues(ctx context.Context, limit int) ([]Sent, error) {
	if s.mail.SQL == nil {
		return nil, errs.E(errs.Unavailable, "newsletter: sending is not wired")
	}
	return store.Collect(ctx, s.mail.SQL.Reader(), "newsletter: issues", func(sc store.Scanner, x *Sent) error {
		var at int64
		err := sc.Scan(&x.ID, &x.Title, &x.Body, &x.By, &x.Recipients, &at)
		x.At = time.UnixMicro(at).UTC()
		return err
	}, `SELECT id, title, body, sent_by, recipients, sent_at FROM bokjiro_newsletter_issues ORDER BY sent_at DESC, id DESC LIMIT ?`, limit)
}

// Send is the outbox handler: it reads the subscriber's address through
// the gate (purpose newsletter, logged) and mails the issue with the
// subscriber's own signed unsubscribe link. Someone unsubscribed since is
// skipped.
func (s *Service) Send(ctx context.Context, j *jobs.Job[MailArgs]) error {
	p := j.Args
	recs, err := s.vault.List(ctx, vault.Request{Actor: system, Service: ServiceName, Purpose: Purpose, Subject: p.Subject,
		Items: []string{"email"}, Action: vault.View})
	if errs.Code(err) == errs.NotFound || err == nil && (len(recs) == 0 || recs[0].Values["email"] == "") {
		return nil
	}
	if err != nil {
		return err
	}
	m := notify.Message{To: recs[0].Values["email"], Subject: "[복지로 뉴스레터] " + p.Issue.Title,
		Body: p.Issue.Body + "\n\n수신을 원하지 않으시면 다음 주소에서 수신 거부할 수 있습니다: " + s.UnsubscribeLink(p.Subject)}
	return s.mail.Email.Send(ctx, p.Issue.ID+"|"+p.Subject, m)
}

// Signature is the signature the subscription's unsubscribe link carries
// (what its mails hold, for the simulator that stands in for a reader).
func (s *Service) Signature(subscription string) string { return s.mail.Links.Sign(subscription) }

// UnsubscribePage is the path of the page an unsubscribe link opens.
const UnsubscribePage = "/bokjiro/newsletter/unsubscribe"

// UnsubscribeLink is the subscriber's own unsubscribe link at the
// portal's public address: the page that asks them to confirm, with the
// subscription's ID and its signature. Only it unsubscribes them.
func (s *Service) UnsubscribeLink(subscription string) string {
	q := url.Values{"subscription": {subscription}, "sig": {s.Signature(subscription)}}
	return strings.TrimSuffix(s.mail.Public, "/") + UnsubscribePage + "?" + q.Encode()
}

// LinkValid reports whether an unsubscribe link's signature is the
// subscription's: a page can tell a broken link at once, without telling
// whether the subscription exists.
func (s *Service) LinkValid(subscription, sig string) bool {
	return s.mail.Links != nil && s.mail.Links.Verify(subscription, sig)
}
