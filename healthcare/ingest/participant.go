package ingest

import (
	"context"
	"encoding/json"
	"strings"

	"jikimi/errs"
	"jikimi/vault"
)

// Stored answers a self-report or a check-up: the record and its items.
type Stored struct {
	Record string   `json:"record"`
	Items  []string `json:"items"`
	// NotCollected lists the check-up results not stored, and Notice says
	// so to the person, in Korean (check-ups only).
	NotCollected []NotCollected `json:"not_collected,omitempty"`
	Notice       string         `json:"notice,omitempty"`
}

// Report stores a participant's self-report as one record. The actor is
// the participant (or staff entering it for them); nothing is stored when
// any field is refused.
func (in *Ingester) Report(ctx context.Context, actor vault.Actor, subject string, s *SelfReport) (*Stored, error) {
	values, err := s.check(in.clock.Now())
	if err != nil {
		return nil, err
	}
	return in.put(ctx, actor, subject, values)
}

// Checkup stores a check-up's FHIR R4 Observations as one record, all or
// none.
func (in *Ingester) Checkup(ctx context.Context, actor vault.Actor, subject string, observations []json.RawMessage) (*Stored, error) {
	values, skipped, err := checkObservations(observations, in.clock.Now())
	if err != nil {
		return nil, err
	}
	st, err := in.put(ctx, actor, subject, values)
	if err != nil {
		return nil, err
	}
	st.NotCollected, st.Notice = skipped, Notice(skipped)
	return st, nil
}

func (in *Ingester) put(ctx context.Context, actor vault.Actor, subject string, values map[string]string) (*Stored, error) {
	if subject == "" {
		return nil, errs.E(errs.Forbidden, "ingest: no participant")
	}
	r := vault.Request{Actor: actor, Service: Service, Purpose: Purpose, Subject: subject, Action: vault.Input}
	id, err := in.vault.Put(ctx, r, Rule, values)
	if err != nil {
		return nil, err
	}
	return &Stored{Record: id, Items: sortedKeys(values, strings.Compare)}, nil
}
