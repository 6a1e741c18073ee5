package alerts

import (
	"context"
	"fmt"
	"time"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
	"jikimi/welfare/catalogue"
)

// Received is one alert a member was sent, as they see it in their list:
// when, and what it said, recomputed from their family data through the
// gate (the table keeps only when and which catalogue snapshots the alert
// compared; the alert's words are never stored).
type Received struct {
	At    time.Time
	Items int      // how many items the alert had when it was sent
	Lines []string // what it says, in Korean, one line an item
}

// maxReceived is how many alerts the list shows, newest first.
const maxReceived = 100

// recordSent notes an alert delivered: once per alert (a retried job
// notes it once).
func (s *Service) recordSent(ctx context.Context, a SendArgs, items int) error {
	return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO bokjiro_alerts_sent (subject_id, from_version, from_day, to_version, to_day, items, sent_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			a.Subject, a.From.Version, a.From.Day, a.To.Version, a.To.Day, items, s.cfg.Clock.Now().UnixMicro())
		return errs.WrapIf(err, "alerts: note an alert sent")
	})
}

type sentRow struct {
	args  SendArgs
	items int
	at    int64
}

// Received lists the alerts sent to the member, newest first. The member's
// family is read through the gate with the caller as the actor, so only
// the member (or whom the policy lets) sees the list: another person's
// answers not found, and nothing of the list is read.
func (s *Service) Received(ctx context.Context, actor vault.Actor, subject string) ([]Received, error) {
	if _, err := s.Family(ctx, actor, subject); err != nil {
		return nil, err
	}
	rows, err := store.Collect(ctx, s.cfg.SQL.Reader(), "alerts: read alerts sent", func(sc store.Scanner, r *sentRow) error {
		r.args.Subject = subject
		return sc.Scan(&r.args.From.Version, &r.args.From.Day, &r.args.To.Version, &r.args.To.Day, &r.items, &r.at)
	}, `SELECT from_version, from_day, to_version, to_day, items, sent_at FROM bokjiro_alerts_sent WHERE subject_id = ?
		ORDER BY sent_at DESC, to_day DESC LIMIT ?`, subject, maxReceived)
	if err != nil {
		return nil, err
	}
	out := make([]Received, 0, len(rows))
	for _, r := range rows {
		to := s.snapshot(r.args.To)
		prof, err := s.profileAs(ctx, actor, subject, to.Day)
		if err != nil {
			return nil, err
		}
		out = append(out, Received{At: time.UnixMicro(r.at), Items: r.items,
			Lines: eventLines(to.Catalogue, catalogue.Changes(prof, s.snapshot(r.args.From), to))})
	}
	return out, nil
}

// eventLines are the events in words, as the mail says them: members by
// relation only.
func eventLines(cat *catalogue.Catalogue, events []catalogue.Event) []string {
	lines := make([]string, 0, len(events))
	for _, e := range events {
		switch e.Kind {
		case catalogue.EventStageEntered:
			lines = append(lines, fmt.Sprintf("가족구성원(%s)이 '%s' 생애주기에 들어섰습니다.", e.Relation.Label(), e.Stage.Label()))
		case catalogue.EventServiceAdded:
			name := e.ServiceID
			if svc, ok := cat.Service(e.ServiceID); ok {
				name = svc.Name
			}
			lines = append(lines, fmt.Sprintf("새로 받을 수 있는 복지서비스: %s (%s)", name, reasonText(e.Reasons)))
		}
	}
	return lines
}
