package sim

import (
	"context"
	"fmt"

	"jikimi/policy"
)

// The online application's path through package cases: draft, changes,
// submission, review and the result's notice.

func (s *sim) draftService(ctx context.Context, c *citizen, d int) error {
	cs, err := s.cfg.Services.Cases.Draft(ctx, c.self, applyFor, applicant(c))
	if err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	a := &application{id: cs.ID, lastEdit: d}
	if err := s.learnApplication(ctx, c, a); err != nil {
		return err
	}
	c.drafts = append(c.drafts, a)
	return nil
}

// editService changes the draft's address; the change restarts its 30 days
// (draft_changed), by the simulator's own reading.
func (s *sim) editService(ctx context.Context, c *citizen, a *application, d int) error {
	items := applicant(c)
	items["address"] = fmt.Sprintf("가상시 가상구 가상로 %d", d)
	if err := s.cfg.Services.Cases.ChangeDraft(ctx, c.self, a.id, items); err != nil {
		return fmt.Errorf("change draft: %w", err)
	}
	a.lastEdit = d
	if a.draft != nil {
		a.draft.due = firstDue(a.draft.rule.r, s.now(), policy.Period{})
	}
	return s.learnApplication(ctx, c, a)
}

func (s *sim) submitService(ctx context.Context, c *citizen, a *application) error {
	if _, err := s.cfg.Services.Cases.Submit(ctx, c.self, a.id); err != nil {
		return fmt.Errorf("submit: %w", err)
	}
	if a.draft != nil {
		a.draft.due = s.now() // a submitted draft is no draft any more: its details take over
	}
	if err := s.learnApplication(ctx, c, a); err != nil {
		return err
	}
	a.submitted = true
	c.pending = append(c.pending, a)
	return nil
}

// notify: a caseworker reviews the application and notifies its result,
// which starts the details' 90 days (result_notified).
func (s *sim) notify(ctx context.Context, c *citizen, a *application) error {
	if s.cfg.Services.Cases == nil {
		return s.event(ctx, c.member, worker, applying, a.id, "result_notified")
	}
	if _, err := s.cfg.Services.Cases.StartReview(ctx, worker, a.id); err != nil {
		return fmt.Errorf("start review: %w", err)
	}
	if _, err := s.cfg.Services.Cases.Notify(ctx, worker, a.id, "approved"); err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	s.happened(c.member, applying, a.id, "result_notified")
	return s.learn(ctx, c.member)
}

// learnApplication learns the records the service stored for the
// application and files them under it: its draft, details and history.
func (s *sim) learnApplication(ctx context.Context, c *citizen, a *application) error {
	fresh, err := s.learnNew(ctx, c.member)
	if err != nil {
		return err
	}
	for _, r := range fresh {
		if r.caseID != a.id {
			continue
		}
		r.app = a
		switch r.rule.r.ID {
		case "draft":
			a.draft = r
		case "details":
			a.details = append(a.details, r)
		case "history":
			a.history = r
		}
	}
	return nil
}
