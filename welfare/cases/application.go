package cases

import (
	"context"
	"maps"
	"slices"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
)

// Application states.
const (
	StateDraft       = "draft"
	StateSubmitted   = "submitted"
	StateUnderReview = "under_review"
	StateNotified    = "notified"
)

// Application is a case with its items, as its applicant or a caseworker
// reads them.
type Application struct {
	Case
	Items Items `json:"items"`
}

// historyItems are what the 신청 이력 keeps once the details are destroyed.
// Reading: the seed does not say which items make up the history; the
// applicant's name and number identify whose application it was, and the
// case row says what was applied for and its outcome.
var historyItems = []string{"name", "rrn"}

// Draft starts an application with any of its declared items: a draft
// need not be complete, and is destroyed 30 days after its last change.
func (c *Cases) Draft(ctx context.Context, a vault.Actor, service string, in Items) (*Case, error) {
	if err := citizen(a); err != nil {
		return nil, err
	}
	if err := catalogueID(service); err != nil {
		return nil, err
	}
	_, items, err := c.cleaned(purposeApplication, in)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, bad("empty_application", "an application holds at least one item")
	}
	id, err := newID("app_")
	if err != nil {
		return nil, err
	}
	now := c.now()
	cs := Case{ID: id, Kind: kindApplication, Subject: a.ID, State: StateDraft, Service: service, Created: now, Updated: now}
	r := request(a, a.ID, purposeApplication, vault.Input)
	r.Then = func(ctx context.Context, tx store.Querier) error { return insertCase(ctx, tx, cs) }
	if _, err := c.cfg.Vault.PutRetained(ctx, r, vault.Retain{Rule: "draft", Case: id}, items); err != nil {
		return nil, err
	}
	return &cs, nil
}

// catalogueID checks the shape of the service applied for: an opaque
// catalogue ID such as WLF00001188.
func catalogueID(s string) error {
	if s == "" || len(s) > 32 || !validRef(s) {
		return bad("malformed_service", "the service applied for is a catalogue ID")
	}
	return nil
}

func validRef(s string) bool {
	for _, ch := range s {
		if !(ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_') {
			return false
		}
	}
	return true
}

// ChangeDraft merges items into a draft, restarting its 30 days. Once
// submitted, an application cannot be changed (conflict, changed_after_submission).
func (c *Cases) ChangeDraft(ctx context.Context, a vault.Actor, id string, in Items) error {
	cs, err := c.ownCase(ctx, a, kindApplication, id)
	if err != nil {
		return err
	}
	if cs.State != StateDraft {
		return conflict("changed_after_submission", "a submitted application cannot be changed")
	}
	_, items, err := c.cleaned(purposeApplication, in)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return bad("empty_change", "a change names at least one item")
	}
	rec, err := c.record(ctx, a, cs, "draft")
	if err != nil {
		return err
	}
	r := request(a, a.ID, purposeApplication, vault.Change)
	r.Then = func(ctx context.Context, tx store.Querier) error {
		return move(ctx, tx, id, c.now(), StateDraft, "", StateDraft)
	}
	return c.cfg.Vault.Update(ctx, r, rec.ID, items)
}

// Submit files a draft holding every required item: in one transaction it
// becomes the application's details (kept until 90 days after the result
// notice) and its history (kept apart 5 years after the details go). A
// draft lacking required items is refused (invalid,
// missing_required_items) and stays a draft.
func (c *Cases) Submit(ctx context.Context, a vault.Actor, id string) (*Case, error) {
	cs, err := c.ownCase(ctx, a, kindApplication, id)
	if err != nil {
		return nil, err
	}
	if cs.State != StateDraft {
		return nil, conflict("already_submitted", "the application is already submitted")
	}
	pu, err := c.purpose(purposeApplication)
	if err != nil {
		return nil, err
	}
	rec, err := c.record(ctx, a, cs, "draft")
	if err != nil {
		return nil, err
	}
	if err := requireAll(pu, Items(rec.Values)); err != nil {
		return nil, err
	}
	if err := c.indexApplicant(ctx, a, rec.Values); err != nil {
		return nil, err
	}
	all := slices.Sorted(maps.Keys(rec.Values))
	to := []vault.Target{
		{Retain: vault.Retain{Rule: "details", Case: id}, Items: all},
		{Retain: vault.Retain{Rule: "history", Case: id}, Items: historyItems},
	}
	r := request(a, a.ID, purposeApplication, vault.Input, all...)
	now := c.now()
	r.Then = func(ctx context.Context, tx store.Querier) error {
		return move(ctx, tx, id, now, StateSubmitted, "", StateDraft)
	}
	if _, err := c.cfg.Vault.Refile(ctx, r, rec.ID, to); err != nil {
		return nil, err
	}
	cs.State, cs.Updated = StateSubmitted, now
	return &cs, nil
}

// Applications lists the citizen's applications, without their items.
func (c *Cases) Applications(ctx context.Context, a vault.Actor) ([]Case, error) {
	if err := citizen(a); err != nil {
		return nil, err
	}
	return listCases(ctx, c.cfg.SQL.Reader(), kindApplication, `subject_id = ?`, a.ID)
}

// Application reads one of the citizen's applications with its items.
func (c *Cases) Application(ctx context.Context, a vault.Actor, id string) (*Application, error) {
	cs, err := c.ownCase(ctx, a, kindApplication, id)
	if err != nil {
		return nil, err
	}
	return c.withItems(ctx, a, cs)
}

// withItems reads the record in use of an application: the draft, or the
// details. Once the details are destroyed the items are gone.
func (c *Cases) withItems(ctx context.Context, a vault.Actor, cs Case) (*Application, error) {
	rule := "details"
	if cs.State == StateDraft {
		rule = "draft"
	}
	rec, err := c.record(ctx, a, cs, rule)
	if errs.Code(err) == errs.NotFound {
		return &Application{Case: cs, Items: Items{}}, nil
	}
	if err != nil {
		return nil, err
	}
	return &Application{Case: cs, Items: Items(rec.Values)}, nil
}

// ownCase reads a case of the citizen; another's is not found.
func (c *Cases) ownCase(ctx context.Context, a vault.Actor, kind, id string) (Case, error) {
	if err := citizen(a); err != nil {
		return Case{}, err
	}
	cs, err := getCase(ctx, c.cfg.SQL.Reader(), kind, id)
	if err == nil && cs.Subject != a.ID {
		return Case{}, errs.E(errs.NotFound, "not found")
	}
	return cs, err
}

// allItems lists every declared item of a purpose.
func (c *Cases) allItems(purpose string) ([]string, error) {
	pu, err := c.purpose(purpose)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(pu.Items))
	for i, it := range pu.Items {
		out[i] = it.ID
	}
	return out, nil
}

// record reads, with every item, the case's record under rule.
func (c *Cases) record(ctx context.Context, a vault.Actor, cs Case, rule string) (*vault.Record, error) {
	purpose := purposeOf[cs.Kind]
	items, err := c.allItems(purpose)
	if err != nil {
		return nil, err
	}
	recs, err := c.cfg.Vault.ListCase(ctx, request(a, cs.Subject, purpose, vault.View, items...), cs.ID)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		if rec.Rule == rule {
			return rec, nil
		}
	}
	return nil, errs.E(errs.NotFound, "not found")
}

var purposeOf = map[string]string{kindApplication: purposeApplication, kindHelp: purposeHelp, kindFraud: purposeFraud}

// kindOf is the kind of case a purpose's records belong to.
var kindOf = map[string]string{purposeApplication: kindApplication, purposeHelp: kindHelp, purposeFraud: kindFraud}
