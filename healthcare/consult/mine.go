package consult

import (
	"context"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
)

// Mine lists a participant's own consultations, oldest first, each read
// through the gate as the participant.
func (c *Consultations) Mine(ctx context.Context, participant vault.Actor) ([]*Consultation, error) {
	if participant.Kind != vault.Subject {
		return nil, errs.E(errs.Forbidden, "consult: only a participant lists their consultations")
	}
	ids, err := c.ids(ctx, `SELECT record_id FROM hc_consultations WHERE subject_id = ? ORDER BY asked_at, record_id`, participant.ID)
	if err != nil {
		return nil, err
	}
	out := []*Consultation{}
	for _, id := range ids {
		con, err := c.read(ctx, participant, participant.ID, id)
		if errs.Code(err) == errs.NotFound {
			continue // destroyed on schedule, or shredded: the queue row outlived it
		}
		if err != nil {
			return nil, err
		}
		out = append(out, con)
	}
	return out, nil
}

// read opens one consultation through the gate as a.
func (c *Consultations) read(ctx context.Context, a vault.Actor, subject, id string) (*Consultation, error) {
	rec, err := c.Gate.Get(ctx, c.request(a, subject, vault.View), id)
	if err != nil {
		return nil, err
	}
	s, err := decode(rec)
	if err != nil {
		return nil, err
	}
	return s.consultation(id), nil
}

func (c *Consultations) ids(ctx context.Context, query string, args ...any) ([]string, error) {
	return store.Column[string](ctx, c.SQL.Reader(), "consult: read the queue", query, args...)
}
