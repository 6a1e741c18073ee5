package cases

import (
	"context"

	"jikimi/store"
	"jikimi/vault"
)

// Help-request states.
const (
	StateReceived  = "received"
	StateCompleted = "completed"
)

// RequestHelp files a help request (도움신청) with every declared item:
// kept 5 years after it is completed.
func (c *Cases) RequestHelp(ctx context.Context, a vault.Actor, in Items) (*Case, error) {
	return c.file(ctx, a, kindHelp, "hlp_", StateReceived, in, nil)
}

// file stores a complete case of a kind under its purpose's one rule, with
// its row (and then, in the same transaction, whatever more must happen
// with it).
func (c *Cases) file(ctx context.Context, a vault.Actor, kind, prefix, state string, in Items, then func(context.Context, store.Querier, Case) error) (*Case, error) {
	if err := citizen(a); err != nil {
		return nil, err
	}
	purpose := purposeOf[kind]
	pu, items, err := c.cleaned(purpose, in)
	if err != nil {
		return nil, err
	}
	if err := requireAll(pu, items); err != nil {
		return nil, err
	}
	id, err := newID(prefix)
	if err != nil {
		return nil, err
	}
	now := c.now()
	cs := Case{ID: id, Kind: kind, Subject: a.ID, State: state, Created: now, Updated: now}
	r := request(a, a.ID, purpose, vault.Input)
	r.Then = func(ctx context.Context, tx store.Querier) error {
		if err := insertCase(ctx, tx, cs); err != nil || then == nil {
			return err
		}
		return then(ctx, tx, cs)
	}
	if _, err := c.cfg.Vault.PutRetained(ctx, r, vault.Retain{Rule: pu.Retention[0].ID, Case: id}, items); err != nil {
		return nil, err
	}
	return &cs, nil
}

// HelpRequests lists the citizen's help requests and their results.
func (c *Cases) HelpRequests(ctx context.Context, a vault.Actor) ([]Case, error) {
	if err := citizen(a); err != nil {
		return nil, err
	}
	return listCases(ctx, c.cfg.SQL.Reader(), kindHelp, `subject_id = ?`, a.ID)
}

// HelpRequestOf reads one of the citizen's own help requests with its
// items (what help was asked for among them), through the gate as its
// subject; another person's is not found.
func (c *Cases) HelpRequestOf(ctx context.Context, a vault.Actor, id string) (*Application, error) {
	return c.ownItems(ctx, a, kindHelp, id)
}

// ownItems reads a citizen's own case of kind with the items of its one
// record.
func (c *Cases) ownItems(ctx context.Context, a vault.Actor, kind, id string) (*Application, error) {
	cs, err := c.ownCase(ctx, a, kind, id)
	if err != nil {
		return nil, err
	}
	return c.oneRecord(ctx, a, cs)
}

// oneRecord is the case with the items of its purpose's one rule's record.
func (c *Cases) oneRecord(ctx context.Context, a vault.Actor, cs Case) (*Application, error) {
	pu, err := c.purpose(purposeOf[cs.Kind])
	if err != nil {
		return nil, err
	}
	rec, err := c.record(ctx, a, cs, pu.Retention[0].ID)
	if err != nil {
		return nil, err
	}
	return &Application{Case: cs, Items: Items(rec.Values)}, nil
}

// OpenHelpRequests lists the help requests waiting for a caseworker.
func (c *Cases) OpenHelpRequests(ctx context.Context, a vault.Actor) ([]Case, error) {
	if err := caseworkerOn(a, kindHelp); err != nil {
		return nil, err
	}
	return listCases(ctx, c.cfg.SQL.Reader(), kindHelp, `state = ?`, StateReceived)
}

// CompleteHelp records the result of a help request: its 5 years start.
func (c *Cases) CompleteHelp(ctx context.Context, a vault.Actor, id, outcome string) (*Case, error) {
	if !validOutcome(outcome) {
		return nil, bad("malformed_outcome", "an outcome is a short code of letters, digits, '-' or '_'")
	}
	cs, err := c.staffCase(ctx, a, kindHelp, id)
	if err != nil {
		return nil, err
	}
	if cs.State != StateReceived {
		return nil, conflict("already_completed", "the help request is already completed")
	}
	return c.finishThen(ctx, a, cs, "completed", StateCompleted, outcome, c.tell(ctx, cs, kindHelp, outcome), StateReceived)
}

// validOutcome: a code, never free text (which could carry personal data).
func validOutcome(s string) bool { return s != "" && len(s) <= 32 && validRef(s) }
