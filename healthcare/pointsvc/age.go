package pointsvc

import (
	"context"

	"jikimi/healthcare/measure"
	"jikimi/vault"
)

// GateAges reads participants' birth dates through the gate (purpose
// enrolment, logged, as the daily run's system actor). ok is false when
// the gate gives none: no enrolment record, a withdrawn consent, a
// suspension; the daily run then applies only the rules for every age.
type GateAges struct{ Vault *vault.Vault }

// BirthDates implements Ages: the birth dates of a page of
// participants in one gated call (vault.ListEach), one logged decision
// each, as List would log it.
func (g GateAges) BirthDates(ctx context.Context, subjects []string) ([]measure.Date, []bool, error) {
	reqs := make([]vault.Request, len(subjects))
	for i, sub := range subjects {
		reqs[i] = vault.Request{Actor: runner, Service: ServiceName, Purpose: "enrolment", Subject: sub,
			Items: []string{"birth_date"}, Action: vault.View}
	}
	lists, err := g.Vault.ListEach(ctx, reqs)
	if err != nil {
		return nil, nil, err
	}
	born, ok := make([]measure.Date, len(subjects)), make([]bool, len(subjects))
	for i, recs := range lists {
		for _, r := range recs {
			if d, err := measure.ParseDate(r.Values["birth_date"]); err == nil {
				born[i], ok[i] = d, true
				break
			}
		}
	}
	return born, ok, nil
}
