package sim

import (
	"context"
	"fmt"
)

// person is one synthetic person, who may join either service on a day of
// the simulation's first half.
type person struct {
	healthDay, welfareDay int // the day they join; -1: never
	health                *participant
	welfare               *citizen
}

func (s *sim) newPerson() *person {
	p := &person{healthDay: -1, welfareDay: -1}
	half := max(s.days/2, 1)
	if s.chance(s.p.JoinHealth) {
		p.healthDay = s.rng.IntN(half)
	}
	if s.chance(s.p.JoinWelfare) {
		p.welfareDay = s.rng.IntN(half)
	}
	return p
}

// act is what a person does on day d.
func (s *sim) act(ctx context.Context, p *person, d int) error {
	var err error
	switch {
	case d == p.healthDay:
		p.health, err = s.enrol(ctx)
	case p.health != nil:
		err = s.healthDay(ctx, p.health, d)
	}
	if err != nil {
		return err
	}
	switch {
	case d == p.welfareDay:
		p.welfare, err = s.signUp(ctx)
	case p.welfare != nil:
		err = s.welfareDay(ctx, p.welfare, d)
	}
	return err
}

// newCase is an opaque case ID.
func (s *sim) newCase(kind string) string {
	s.seq++
	return fmt.Sprintf("sim-%s-%d", kind, s.seq)
}
