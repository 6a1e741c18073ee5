package cases

import (
	"context"
	"slices"

	"jikimi/store"
	"jikimi/vault"
)

// Outcomes a caseworker may notify.
var outcomes = []string{"approved", "rejected"}

// Queue lists the applications waiting for a caseworker: submitted or
// under review, without their items.
func (c *Cases) Queue(ctx context.Context, a vault.Actor) ([]Case, error) {
	if err := caseworkerOn(a, kindApplication); err != nil {
		return nil, err
	}
	return listCases(ctx, c.cfg.SQL.Reader(), kindApplication, `state IN (?, ?)`, StateSubmitted, StateUnderReview)
}

// Review reads a submitted application with its items, through the gate in
// the caseworker's role; a draft is the applicant's alone (not found).
func (c *Cases) Review(ctx context.Context, a vault.Actor, id string) (*Application, error) {
	cs, err := c.staffCase(ctx, a, kindApplication, id)
	if err != nil {
		return nil, err
	}
	if cs.State == StateDraft {
		return nil, notFound()
	}
	return c.withItems(ctx, a, cs)
}

// StartReview takes a submitted application under review.
func (c *Cases) StartReview(ctx context.Context, a vault.Actor, id string) (*Case, error) {
	cs, err := c.staffCase(ctx, a, kindApplication, id)
	if err != nil {
		return nil, err
	}
	if cs.State != StateSubmitted {
		return nil, conflict("not_submitted", "only a submitted application is taken under review")
	}
	now := c.now()
	err = c.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		return move(ctx, tx, id, now, StateUnderReview, "", StateSubmitted)
	})
	cs.State, cs.Updated = StateUnderReview, now
	return &cs, err
}

// Notify records the result of an application under review and its
// notice: the vault dates the details 90 days from now. The event is
// recorded first, so a failure before the state changes leaves a retry
// that records it again harmlessly (records already dated keep their date).
func (c *Cases) Notify(ctx context.Context, a vault.Actor, id, outcome string) (*Case, error) {
	if !slices.Contains(outcomes, outcome) {
		return nil, bad("unknown_outcome", "an outcome is approved or rejected")
	}
	cs, err := c.staffCase(ctx, a, kindApplication, id)
	if err != nil {
		return nil, err
	}
	if cs.State != StateUnderReview {
		return nil, conflict("not_under_review", "only an application under review is notified")
	}
	return c.finishThen(ctx, a, cs, "result_notified", StateNotified, outcome, c.tell(ctx, cs, kindApplication, outcome), StateUnderReview)
}

// finishThen records a case's retention event, then its final state, with
// then run in the transaction of the state change (the result notice put in
// the outbox).
func (c *Cases) finishThen(ctx context.Context, a vault.Actor, cs Case, event, to, outcome string, then func(store.Querier) error, from ...string) (*Case, error) {
	now := c.now()
	e := vault.RetentionEvent{Case: cs.ID, Event: event, At: now}
	if _, err := c.cfg.Vault.Event(ctx, vault.Request{Actor: a, Service: Service, Purpose: purposeOf[cs.Kind], Subject: cs.Subject}, e); err != nil {
		return nil, err
	}
	err := c.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if err := move(ctx, tx, cs.ID, now, to, outcome, from...); err != nil || then == nil {
			return err
		}
		return then(tx)
	})
	cs.State, cs.Outcome, cs.Updated = to, outcome, now
	return &cs, err
}

// staffCase reads a case for a caseworker.
func (c *Cases) staffCase(ctx context.Context, a vault.Actor, kind, id string) (Case, error) {
	if err := caseworker(a); err != nil {
		return Case{}, err
	}
	if !workingFor(a, kind) {
		return Case{}, notFound()
	}
	return getCase(ctx, c.cfg.SQL.Reader(), kind, id)
}

// History reads an application's history (신청 이력) once its details are
// destroyed and it is kept apart: only a caseworker reaches it, through the
// gate's separate storage. Before then, or after its 5 years, it is not
// found.
func (c *Cases) History(ctx context.Context, a vault.Actor, id string) (*Application, error) {
	cs, err := c.staffCase(ctx, a, kindApplication, id)
	if err != nil {
		return nil, err
	}
	recs, err := c.cfg.Vault.ListSeparate(ctx, request(a, cs.Subject, purposeApplication, vault.View, historyItems...))
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		if rec.Case == id {
			return &Application{Case: cs, Items: Items(rec.Values)}, nil
		}
	}
	return nil, notFound()
}
