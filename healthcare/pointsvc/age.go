package pointsvc

import (
	"context"

	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/vault"
)

// GateAges reads a participant's birth date through the gate (purpose
// enrolment, logged, as the daily run's system actor). ok is false when
// the gate gives none: no enrolment record, a withdrawn consent, a
// suspension; the daily run then applies only the rules for every age.
type GateAges struct{ Vault *vault.Vault }

// BirthDate implements Ages.
func (g GateAges) BirthDate(ctx context.Context, subject string) (measure.Date, bool, error) {
	recs, err := g.Vault.List(ctx, vault.Request{
		Actor: runner, Service: ServiceName, Purpose: "enrolment", Subject: subject,
		Items: []string{"birth_date"}, Action: vault.View,
	})
	if errs.Code(err) == errs.NotFound {
		return measure.Date{}, false, nil
	}
	if err != nil {
		return measure.Date{}, false, err
	}
	for _, r := range recs {
		if d, err := measure.ParseDate(r.Values["birth_date"]); err == nil {
			return d, true, nil
		}
	}
	return measure.Date{}, false, nil
}
