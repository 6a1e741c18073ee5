package pointsvc

import (
	"context"

	"jikimi/healthcare/ingest"
	"jikimi/healthcare/measure"
	"jikimi/vault"
)

// Summaries is the StepSource of the running service: the daily summaries
// that package ingest keeps current, one keyed record per participant-day
// of purpose health-service, read through the gate (one logged read of the
// item steps per participant, as the daily run's system actor), a page of
// participants in one gated call.
type Summaries struct {
	Vault *vault.Vault
}

// dayKey is the key ingest gives a participant's day summary.
func dayKey(d measure.Date) string { return ingest.DayKey(d) }

// DaySteps implements StepSource over the service's subjects in ID order;
// a participant without a summary for the day is left out. Which of the
// page hold one the gate says first (vault.KeyedHeld: no content, no log
// entry), so that only they are read: a day's run costs the day's syncs,
// not every participant. Those are read in one gated call for the page
// (vault.GetEach): one logged decision per participant, as Get, with the
// page's facts, keys and summaries read a query each.
func (s Summaries) DaySteps(ctx context.Context, day measure.Date, after string, limit int) ([]DaySteps, string, error) {
	subs, err := s.Vault.Subjects(ctx, ServiceName, after, limit)
	if err != nil || len(subs) == 0 {
		return nil, "", err
	}
	held, err := s.Vault.KeyedHeld(ctx, vault.Request{Actor: runner, Service: ServiceName, Purpose: "health-service"}, dayKey(day), subs)
	if err != nil {
		return nil, "", err
	}
	var with []string
	for i, sub := range subs {
		if held[i] {
			with = append(with, sub)
		}
	}
	steps, found, err := s.stepsOf(ctx, with, day)
	if err != nil {
		return nil, "", err
	}
	page := make([]DaySteps, 0, len(with))
	for i, sub := range with {
		if found[i] {
			page = append(page, DaySteps{sub, steps[i]})
		}
	}
	next := ""
	if len(subs) == limit {
		next = subs[len(subs)-1]
	}
	return page, next, nil
}

// stepsOf reads the day's summaries of subjects through the gate in one
// call; found[i] is false when the gate gives none (no summary, a withdrawn
// consent, a suspension).
func (s Summaries) stepsOf(ctx context.Context, subjects []string, day measure.Date) (steps []int, found []bool, err error) {
	reqs := make([]vault.Request, len(subjects))
	ids := make([]string, len(subjects))
	for i, sub := range subjects {
		reqs[i] = vault.Request{Actor: runner, Service: ServiceName, Purpose: "health-service", Subject: sub,
			Items: []string{measure.Steps.Item()}, Action: vault.View}
		ids[i] = vault.KeyedID(sub, "health-service", dayKey(day))
	}
	recs, err := s.Vault.GetEach(ctx, reqs, ids)
	if err != nil {
		return nil, nil, err
	}
	steps, found = make([]int, len(subjects)), make([]bool, len(subjects))
	for i, rec := range recs {
		if rec == nil {
			continue
		}
		sum, err := ingest.DecodeDay(day, rec.Values)
		if err != nil {
			return nil, nil, err
		}
		steps[i], found[i] = sum.Steps, true
	}
	return steps, found, nil
}
