package survey

import (
	"context"
	"time"

	"jikimi/vault"
)

// Summary is a survey as a participant's list shows it.
type Summary struct {
	ID         string     `json:"id"`
	Title      string     `json:"title"`
	Answered   bool       `json:"answered"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
}

// List returns every survey and whether the participant answered it.
func (s *Surveys) List(ctx context.Context, p vault.Actor) ([]Summary, error) {
	out := []Summary{}
	for _, sv := range s.Surveys {
		at, done, err := s.answeredAt(ctx, p.ID, sv.ID)
		if err != nil {
			return nil, err
		}
		sum := Summary{ID: sv.ID, Title: sv.Title, Answered: done}
		if done {
			sum.AnsweredAt = &at
		}
		out = append(out, sum)
	}
	return out, nil
}
