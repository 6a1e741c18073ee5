package cityinfo

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"jikimi/errs"
	"jikimi/ids"
	"jikimi/input"
	"jikimi/jobs"
	"jikimi/keys"
	"jikimi/partners/notify"
	"jikimi/store"
	"jikimi/vault"
)

// DeliverKind is the outbox kind of one participant's city information.
const DeliverKind = "healthcare.cityinfo.deliver"

// DeliverArgs are a delivery's arguments: opaque IDs only.
type DeliverArgs struct {
	Send    string `json:"send"`
	Subject string `json:"subject"`
}

// Kind is DeliverKind.
func (DeliverArgs) Kind() string { return DeliverKind }

// Message is the city information sent: no personal data, the same text
// for every recipient.
type Message struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// Limits of a message, in characters.
const (
	maxTitle = 60
	maxBody  = 1000
)

// ReasonBadMessage: the message is empty, too long or holds control or
// bidirectional formatting characters.
const ReasonBadMessage = "bad_message"

func (m Message) validate() error {
	bad := func(msg string) error { return invalid(ReasonBadMessage, msg) }
	switch {
	case strings.TrimSpace(m.Title) == "" || strings.TrimSpace(m.Body) == "":
		return bad("a message has a title and a body")
	case utf8.RuneCountInString(m.Title) > maxTitle || utf8.RuneCountInString(m.Body) > maxBody:
		return bad("a title is at most 60 characters, a body at most 1000")
	case !input.Line(m.Title) || !input.Free(m.Body):
		return bad("the title or body holds control or bidirectional formatting characters, or invalid UTF-8")
	}
	return nil
}

// text is the text message a participant receives.
func (m Message) text() string { return "[서울시 시정정보] " + m.Title + "\n" + m.Body }

// Send is one sending of city information: to how many it went, never to whom.
type Send struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Body       string    `json:"body"`
	Criteria   Criteria  `json:"criteria"`
	Recipients int       `json:"recipients"`
	Delivered  int       `json:"delivered"`
	Skipped    int       `json:"skipped"` // consent withdrawn or outdated since the selection, or no number
	Created    time.Time `json:"created"`
}

// sender is the actor that reads each recipient's number for the send.
var sender = vault.Actor{Kind: vault.System, ID: "cityinfo-sender", Source: "127.0.0.1"}

// Send selects the participants who match c (each read in the access log
// as the operator's), records the send and puts one delivery per recipient
// in the outbox, in one transaction. Only a role the policy gives city-info
// may send.
func (t *Targeting) Send(ctx context.Context, staff vault.Actor, c Criteria, m Message) (*Send, error) {
	if err := t.mayUse(staff); err != nil {
		return nil, err
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	if t.Jobs == nil {
		return nil, errs.E(errs.Unavailable, "cityinfo: no outbox to send through")
	}
	to, err := t.Select(ctx, staff, c)
	if err != nil {
		return nil, err
	}
	id, err := ids.New(nil, "cis_")
	if err != nil {
		return nil, err
	}
	crit, _ := json.Marshal(c)
	s := &Send{ID: id, Title: m.Title, Body: m.Body, Criteria: c, Recipients: len(to), Created: t.Clock.Now().UTC()}
	err = t.SQL.InTx(ctx, func(tx store.Querier) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO hc_cityinfo_sends (id, title, body, criteria, staff_id, recipients, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, m.Title, m.Body, string(crit), staff.ID, len(to), s.Created.UnixMicro()); err != nil {
			return errs.WrapIf(err, "cityinfo: record a send")
		}
		for _, sub := range to {
			if err := t.Jobs.Insert(ctx, tx, DeliverArgs{Send: id, Subject: sub}, &jobs.Opts{Unique: true}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// mayUse refuses an actor who is not staff in a role of city-info.
func (t *Targeting) mayUse(a vault.Actor) error {
	pu, err := t.purpose()
	if err != nil {
		return err
	}
	if a.Kind != vault.Staff || !slices.Contains(pu.Roles, a.Role) {
		return errs.WithReason(errs.Forbidden, "role_forbidden", "cityinfo: a role of purpose city-info is required")
	}
	return nil
}

// SendOf reads one send and how far its deliveries are.
func (t *Targeting) SendOf(ctx context.Context, staff vault.Actor, id string) (*Send, error) {
	if err := t.mayUse(staff); err != nil {
		return nil, err
	}
	var s Send
	err := scanSend(t.SQL.Reader().QueryRowContext(ctx, `SELECT `+sendColumns+` FROM hc_cityinfo_sends WHERE id = ?`, id), &s)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "not found")
	}
	if err != nil {
		return nil, errs.WrapIf(err, "cityinfo: read a send")
	}
	return &s, nil
}

// Sends lists the latest sends, newest first, at most limit (1 to 100):
// what was sent and to how many, never to whom.
func (t *Targeting) Sends(ctx context.Context, staff vault.Actor, limit int) ([]Send, error) {
	if err := t.mayUse(staff); err != nil {
		return nil, err
	}
	if limit < 1 || limit > 100 {
		return nil, invalid("bad_limit", "limit: want 1 to 100")
	}
	return store.Collect(ctx, t.SQL.Reader(), "cityinfo: list the sends", scanSend,
		`SELECT `+sendColumns+` FROM hc_cityinfo_sends ORDER BY created_at DESC, id DESC LIMIT ?`, limit)
}

const sendColumns = `id, title, body, criteria, recipients, delivered, skipped, created_at`

func scanSend(sc store.Scanner, s *Send) error {
	var crit string
	var created int64
	if err := sc.Scan(&s.ID, &s.Title, &s.Body, &crit, &s.Recipients, &s.Delivered, &s.Skipped, &created); err != nil {
		return err
	}
	json.Unmarshal([]byte(crit), &s.Criteria)
	s.Created = time.UnixMicro(created).UTC()
	return nil
}

// Deliver is the outbox handler of one participant's city information: it
// reads the participant's number through the gate under city-info (the
// access-log entry of the send) and sends the message by text. A
// participant whose consent is no longer in force (withdrawn, or given to
// a version that did not cover the number) or who gave no number is
// skipped: nothing is sent.
func (t *Targeting) Deliver(ctx context.Context, j *jobs.Job[DeliverArgs]) error {
	a := j.Args
	m, err := t.message(ctx, a.Send)
	if err != nil {
		return err
	}
	r := vault.Request{Actor: sender, Service: ServiceName, Purpose: Purpose, Subject: a.Subject, Items: []string{Contact}, Action: vault.View}
	recs, err := t.Vault.List(ctx, r)
	if err != nil && errs.Code(err) != errs.NotFound {
		return err
	}
	to := ""
	for _, rec := range recs {
		if v, err := keys.NormalizeMobile(rec.Values[Contact]); err == nil {
			to = v
		}
	}
	if to == "" || t.SMS == nil {
		return t.count(ctx, a.Send, "skipped")
	}
	if err := t.SMS.Send(ctx, a.Send+"|"+a.Subject, notify.Message{To: to, Body: m.text()}); err != nil {
		return err
	}
	return t.count(ctx, a.Send, "delivered")
}

func (t *Targeting) message(ctx context.Context, id string) (Message, error) {
	var m Message
	err := t.SQL.Reader().QueryRowContext(ctx, `SELECT title, body FROM hc_cityinfo_sends WHERE id = ?`, id).Scan(&m.Title, &m.Body)
	if errors.Is(err, sql.ErrNoRows) {
		return m, jobs.Permanent(errs.E(errs.NotFound, "cityinfo: no send %s", id))
	}
	return m, errs.WrapIf(err, "cityinfo: read a send")
}

// count adds one to a send's delivered or skipped.
func (t *Targeting) count(ctx context.Context, id, column string) error {
	return t.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `UPDATE hc_cityinfo_sends SET `+column+` = `+column+` + 1 WHERE id = ?`, id)
		return errs.WrapIf(err, "cityinfo: count a delivery")
	})
}
