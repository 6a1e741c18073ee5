package consult

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/input"
	"jikimi/store"
	"jikimi/vault"
)

// The policy names the consultation lives under.
const (
	Service        = "seoul-healthcare"
	Purpose        = "health-service"
	Item           = "health_consultation"
	Rule           = "service"
	RoleCounsellor = "counsellor"
)

// Limits of the text of a question and an answer, in characters.
const (
	MaxQuestion = 2000
	MaxAnswer   = 4000
)

// Gate is what consultations need of the vault.
type Gate interface {
	MergeMany(ctx context.Context, r vault.Request, rule string, merges []vault.Merge) error
	Get(ctx context.Context, r vault.Request, id string) (*vault.Record, error)
	Update(ctx context.Context, r vault.Request, id string, values map[string]string) error
}

// Consultations runs the consultations through the gate.
type Consultations struct {
	Gate  Gate
	SQL   store.SQL
	Clock clock.Clock
}

// Consultation is one question and, once given, its answer.
type Consultation struct {
	ID         string     `json:"id"`
	Question   string     `json:"question"`
	AskedAt    time.Time  `json:"asked_at"`
	Answer     string     `json:"answer,omitempty"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
}

// stored is the sealed value of the item.
type stored struct {
	Question   string `json:"q"`
	AskedAt    int64  `json:"asked_at"`
	Answer     string `json:"a,omitempty"`
	AnsweredAt int64  `json:"answered_at,omitempty"`
	By         string `json:"by,omitempty"` // the counsellor's opaque account ID
}

func (s stored) consultation(id string) *Consultation {
	c := &Consultation{ID: id, Question: s.Question, AskedAt: time.UnixMicro(s.AskedAt).UTC(), Answer: s.Answer}
	if s.AnsweredAt != 0 {
		t := time.UnixMicro(s.AnsweredAt).UTC()
		c.AnsweredAt = &t
	}
	return c
}

func (s stored) encode() (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return "", errs.Wrap(errs.Internal, err, "consult: encode")
	}
	return string(b), nil
}

func decode(rec *vault.Record) (stored, error) {
	var s stored
	if err := json.Unmarshal([]byte(rec.Values[Item]), &s); err != nil || s.Question == "" {
		return s, errs.E(errs.Internal, "consult: a stored consultation does not decode")
	}
	return s, nil
}

// text checks a question or an answer: not blank, at most max characters,
// no control characters but line breaks and tabs.
func text(s, what string, max int) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", invalid("empty_"+what, "the %s is empty", what)
	case utf8.RuneCountInString(s) > max:
		return "", invalid(what+"_too_long", "the %s is longer than %d characters", what, max)
	case !input.Free(s):
		return "", invalid("bad_"+what, "the %s holds control characters or invalid UTF-8", what)
	}
	return s, nil
}

func invalid(reason, format string, args ...any) error {
	e := errs.E(errs.Invalid, format, args...)
	e.Reason = reason
	return e
}

func (c *Consultations) request(a vault.Actor, subject string, action vault.Action) vault.Request {
	return vault.Request{Actor: a, Service: Service, Purpose: Purpose, Subject: subject, Items: []string{Item}, Action: action}
}

// Ask records a participant's question and queues it for the counsellors,
// in one transaction.
func (c *Consultations) Ask(ctx context.Context, participant vault.Actor, question string) (*Consultation, error) {
	q, err := text(question, "question", MaxQuestion)
	if err != nil {
		return nil, err
	}
	if participant.Kind != vault.Subject {
		return nil, errs.E(errs.Forbidden, "consult: only a participant asks")
	}
	key := "consult/" + strings.ToLower(rand.Text())
	id := vault.KeyedID(participant.ID, Purpose, key)
	now := c.Clock.Now()
	value, err := stored{Question: q, AskedAt: now.UnixMicro()}.encode()
	if err != nil {
		return nil, err
	}
	r := c.request(participant, participant.ID, vault.Input)
	r.Then = func(ctx context.Context, tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO hc_consultations (record_id, subject_id, asked_at) VALUES (?, ?, ?)`, id, participant.ID, now.UnixMicro())
		return errs.WrapIf(err, "consult: queue")
	}
	err = c.Gate.MergeMany(ctx, r, Rule, []vault.Merge{{Key: key, Apply: func(old map[string]string) (map[string]string, error) {
		if old != nil {
			return nil, errs.E(errs.Conflict, "consult: the consultation exists")
		}
		return map[string]string{Item: value}, nil
	}}})
	if err != nil {
		return nil, err
	}
	return stored{Question: q, AskedAt: now.UnixMicro()}.consultation(id), nil
}
