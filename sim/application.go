package sim

import (
	"context"

	"jikimi/policy"
	"jikimi/vault"
)

const (
	applying     = "online-application"
	staleDraftAt = 25 // days without a change after which a draft is given up, before its 30 days run out
)

// startDraft opens an online application as a draft.
func (s *sim) startDraft(ctx context.Context, c *citizen, d int) error {
	if s.cfg.Services.Cases != nil {
		return s.draftService(ctx, c, d)
	}
	a := &application{id: s.newCase("app"), lastEdit: d}
	id, err := s.putOne(ctx, c.member, applying, vault.Retain{Rule: "draft", Case: a.id}, synthetic("name", "address"))
	if err != nil {
		return err
	}
	a.draftID, a.draft = id, s.recs[id]
	a.draft.app = a
	c.drafts = append(c.drafts, a)
	return nil
}

// applications moves drafts (edited, submitted, abandoned) and submitted
// applications (their result notified).
func (s *sim) applications(ctx context.Context, c *citizen, d int) error {
	open := c.drafts[:0]
	for _, a := range c.drafts {
		keep, err := s.draftDay(ctx, c, a, d)
		if err != nil {
			return err
		}
		if keep {
			open = append(open, a)
		}
	}
	c.drafts = open
	waiting := c.pending[:0]
	for _, a := range c.pending {
		if !s.chance(s.p.Notify) {
			waiting = append(waiting, a)
			continue
		}
		if err := s.notify(ctx, c, a); err != nil {
			return err
		}
	}
	c.pending = waiting
	return nil
}

// draftDay is one day of an open draft; it reports whether it stays open.
func (s *sim) draftDay(ctx context.Context, c *citizen, a *application, d int) (bool, error) {
	switch x := s.rng.Float64(); {
	case x < s.p.Submit:
		return false, s.submit(ctx, c, a)
	case x < s.p.Submit+s.p.Abandon || d-a.lastEdit >= staleDraftAt:
		return false, nil
	case x < s.p.Submit+s.p.Abandon+s.p.EditDraft:
		return true, s.edit(ctx, c, a, d)
	}
	return true, nil
}

// edit changes the draft, which restarts its 30 days.
func (s *sim) edit(ctx context.Context, c *citizen, a *application, d int) error {
	if s.cfg.Services.Cases != nil {
		return s.editService(ctx, c, a, d)
	}
	req := vault.Request{Actor: c.self, Service: bokjiro, Purpose: applying, Subject: c.subject, Action: vault.Change}
	if err := s.cfg.Vault.Update(ctx, req, a.draftID, synthetic("address")); err != nil {
		return err
	}
	a.lastEdit = d
	a.draft.due = firstDue(a.draft.rule.r, s.now(), policy.Period{})
	return nil
}

// submit stores the application's details and its history.
func (s *sim) submit(ctx context.Context, c *citizen, a *application) error {
	if s.cfg.Services.Cases != nil {
		return s.submitService(ctx, c, a)
	}
	for _, rule := range []string{"details", "history"} {
		id, err := s.putOne(ctx, c.member, applying, vault.Retain{Rule: rule, Case: a.id}, synthetic("name", "address", "income"))
		if err != nil {
			return err
		}
		r := s.recs[id]
		r.app = a
		if rule == "details" {
			a.details = append(a.details, r)
		} else {
			a.history = r
		}
	}
	a.submitted = true
	c.pending = append(c.pending, a)
	return nil
}
