package survey

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"jikimi/clock"
	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
)

// The policy names the answers live under.
const (
	Service = "seoul-healthcare"
	Purpose = "health-service"
	Item    = "satisfaction_survey"
	Rule    = "service"
	// ConsentScope is the consent an optional item asks (Act 22(1)): given
	// with the exact text of the survey's consent, when answering.
	ConsentScope = "optional:" + Purpose
)

// Gate is what surveys need of the vault.
type Gate interface {
	Give(ctx context.Context, r vault.Request, c vault.Consent) (string, error)
	Consents(ctx context.Context, r vault.Request) ([]vault.Consent, error)
	MergeMany(ctx context.Context, r vault.Request, rule string, merges []vault.Merge) error
	Get(ctx context.Context, r vault.Request, id string) (*vault.Record, error)
}

// Surveys runs the surveys through the gate.
type Surveys struct {
	Gate    Gate
	SQL     store.SQL
	Clock   clock.Clock
	Surveys []Survey
}

// Response is a participant's stored answers to one survey.
type Response struct {
	Survey     string         `json:"survey"`
	Answers    map[string]any `json:"answers"`
	AnsweredAt time.Time      `json:"answered_at"`
}

// Find returns a survey definition; an unknown ID is not_found.
func (s *Surveys) Find(id string) (Survey, error) {
	i := slices.IndexFunc(s.Surveys, func(v Survey) bool { return v.ID == id })
	if i < 0 {
		return Survey{}, errs.E(errs.NotFound, "survey: no such survey")
	}
	return s.Surveys[i], nil
}

func key(survey string) string { return "survey/" + survey }

func alreadyAnswered() error {
	return errs.WithReason(errs.Conflict, "already_answered", "survey: this survey is answered already; a participant answers once")
}

// Answer stores a participant's answers to a survey, once. The participant
// must agree to the survey's consent text (consent true): it is recorded
// in the ledger, then the answers are sealed and the answer row written in
// one transaction. A second answer is a conflict and changes nothing.
func (s *Surveys) Answer(ctx context.Context, p vault.Actor, surveyID string, consent bool, in map[string]json.RawMessage) (*Response, error) {
	sv, err := s.Find(surveyID)
	if err != nil {
		return nil, err
	}
	answers, err := sv.Validate(in)
	if err != nil {
		return nil, err
	}
	if !consent {
		return nil, invalid("consent_required", "answering needs consent to the survey's consent text")
	}
	if p.Kind != vault.Subject {
		return nil, errs.E(errs.Forbidden, "survey: only a participant answers")
	}
	if err := s.ready(ctx, p, surveyID); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	resp := &Response{Survey: surveyID, Answers: answers, AnsweredAt: now.UTC().Truncate(time.Microsecond)}
	value, err := json.Marshal(resp)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "survey: encode")
	}
	if _, err := s.Gate.Give(ctx, vault.Request{Actor: p, Service: Service, Subject: p.ID}, vault.Consent{Scope: ConsentScope, Channel: vault.ChannelWeb, Text: sv.Consent}); err != nil {
		return nil, err
	}
	return resp, s.store(ctx, p, surveyID, string(value), now)
}

// ready refuses early what would be refused later, before the consent is
// recorded: an answer given already, or no consent to the purpose itself.
func (s *Surveys) ready(ctx context.Context, p vault.Actor, surveyID string) error {
	_, done, err := s.answeredAt(ctx, p.ID, surveyID)
	if err != nil {
		return err
	}
	if done {
		return alreadyAnswered()
	}
	cs, err := s.Gate.Consents(ctx, vault.Request{Actor: p, Service: Service, Subject: p.ID})
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(cs, func(c vault.Consent) bool { return c.Scope == "purpose:"+Purpose && c.Withdrawn == nil }) {
		e := errs.E(errs.Forbidden, "survey: no consent to the health service")
		e.Reason = vault.ReasonConsentMissing
		return e
	}
	return nil
}

func (s *Surveys) store(ctx context.Context, p vault.Actor, surveyID, value string, now time.Time) error {
	id := vault.KeyedID(p.ID, Purpose, key(surveyID))
	r := vault.Request{Actor: p, Service: Service, Purpose: Purpose, Subject: p.ID, Items: []string{Item}, Action: vault.Input}
	r.Then = func(ctx context.Context, tx store.Querier) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO hc_survey_answers (survey_id, subject_id, record_id, answered_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (survey_id, subject_id) DO NOTHING`, surveyID, p.ID, id, now.UnixMicro())
		if err != nil {
			return errs.Wrap(errs.Internal, err, "survey: record the answer")
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return alreadyAnswered() // the primary key: a racing answer won
		}
		return nil
	}
	return s.Gate.MergeMany(ctx, r, Rule, []vault.Merge{{Key: key(surveyID), Apply: func(old map[string]string) (map[string]string, error) {
		if old != nil {
			return nil, alreadyAnswered()
		}
		return map[string]string{Item: value}, nil
	}}})
}

// answeredAt is when the subject answered the survey, if they did.
func (s *Surveys) answeredAt(ctx context.Context, subject, surveyID string) (time.Time, bool, error) {
	var at int64
	err := s.SQL.Reader().QueryRowContext(ctx, `SELECT answered_at FROM hc_survey_answers WHERE survey_id = ? AND subject_id = ?`, surveyID, subject).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, errs.Wrap(errs.Internal, err, "survey: read answers")
	}
	return time.UnixMicro(at).UTC(), true, nil
}

// Mine reads a participant's stored response to a survey through the gate;
// none is not_found.
func (s *Surveys) Mine(ctx context.Context, p vault.Actor, surveyID string) (*Response, error) {
	r := vault.Request{Actor: p, Service: Service, Purpose: Purpose, Subject: p.ID, Items: []string{Item}, Action: vault.View}
	rec, err := s.Gate.Get(ctx, r, vault.KeyedID(p.ID, Purpose, key(surveyID)))
	if err != nil {
		return nil, err
	}
	var resp Response
	if err := json.Unmarshal([]byte(rec.Values[Item]), &resp); err != nil {
		return nil, errs.E(errs.Internal, "survey: a stored response does not decode")
	}
	return &resp, nil
}
