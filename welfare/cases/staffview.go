package cases

import (
	"context"
	"slices"

	"jikimi/keys"
	"jikimi/vault"
)

// What the caseworker's console lists and opens beyond the application
// review: the applications in each state, and the help requests and fraud
// reports with their items, read through the gate in the caseworker's role.

// QueueStates are the application states a caseworker lists, in order.
var QueueStates = []string{StateSubmitted, StateUnderReview, StateNotified}

// ApplicationsIn lists the applications in one of QueueStates, oldest
// first, without their items; another state is invalid.
func (c *Cases) ApplicationsIn(ctx context.Context, a vault.Actor, state string) ([]Case, error) {
	if err := caseworkerOn(a, kindApplication); err != nil {
		return nil, err
	}
	if !slices.Contains(QueueStates, state) {
		return nil, bad("unknown_state", "a caseworker lists submitted, under_review or notified applications")
	}
	return listCases(ctx, c.cfg.SQL.Reader(), kindApplication, `state = ?`, state)
}

// HelpRequestsIn lists the help requests received or completed.
func (c *Cases) HelpRequestsIn(ctx context.Context, a vault.Actor, state string) ([]Case, error) {
	if err := caseworkerOn(a, kindHelp); err != nil {
		return nil, err
	}
	if state != StateReceived && state != StateCompleted {
		return nil, bad("unknown_state", "help requests are received or completed")
	}
	return listCases(ctx, c.cfg.SQL.Reader(), kindHelp, `state = ?`, state)
}

// HelpRequest reads a help request with its items for a caseworker.
func (c *Cases) HelpRequest(ctx context.Context, a vault.Actor, id string) (*Application, error) {
	return c.staffItems(ctx, a, kindHelp, id)
}

// FiledFraudReports lists the fraud reports filed, newest last.
func (c *Cases) FiledFraudReports(ctx context.Context, a vault.Actor) ([]Case, error) {
	return c.FraudReportsIn(ctx, a, StateFiled)
}

// FraudReportsIn lists the fraud reports filed or concluded.
func (c *Cases) FraudReportsIn(ctx context.Context, a vault.Actor, state string) ([]Case, error) {
	if err := caseworkerOn(a, kindFraud); err != nil {
		return nil, err
	}
	if state != StateFiled && state != StateConcluded {
		return nil, bad("unknown_state", "fraud reports are filed or concluded")
	}
	return listCases(ctx, c.cfg.SQL.Reader(), kindFraud, `state = ?`, state)
}

// FraudReport reads a fraud report with its items and where it was filed.
func (c *Cases) FraudReport(ctx context.Context, a vault.Actor, id string) (*Application, []Transfer, error) {
	app, err := c.staffItems(ctx, a, kindFraud, id)
	if err != nil {
		return nil, nil, err
	}
	ts, err := transfers(ctx, c.cfg.SQL.Reader(), id)
	return app, ts, err
}

// staffItems reads a filed case of kind with the items of its record (a
// help request's or fraud report's purpose has one rule).
func (c *Cases) staffItems(ctx context.Context, a vault.Actor, kind, id string) (*Application, error) {
	cs, err := c.staffCase(ctx, a, kind, id)
	if err != nil {
		return nil, err
	}
	return c.oneRecord(ctx, a, cs)
}

// DownloadApplication reads a submitted application's items for a file
// the caseworker takes away: the gate logs it as a download with reason,
// which the monthly inspection lists (Standard 8(2)); no reason, no file.
func (c *Cases) DownloadApplication(ctx context.Context, a vault.Actor, id, reason string) (*Application, error) {
	cs, err := c.staffCase(ctx, a, kindApplication, id)
	if err != nil {
		return nil, err
	}
	if cs.State == StateDraft {
		return nil, notFound()
	}
	items, err := c.allItems(purposeApplication)
	if err != nil {
		return nil, err
	}
	r := request(a, cs.Subject, purposeApplication, vault.Download, items...)
	r.Reason = reason
	recs, err := c.cfg.Vault.ListCase(ctx, r, cs.ID)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		if rec.Rule == "details" {
			return &Application{Case: cs, Items: Items(rec.Values)}, nil
		}
	}
	return nil, notFound()
}

// Search is a caseworker's search for a person's applications: by RRN, or
// by name and birth date, with the reason the access log keeps.
type Search struct {
	RRN             string
	Name, BirthDate string // YYYY-MM-DD
	Reason          string
}

// SearchApplications finds the applications (submitted or later) of the
// person searched for, through the blind indexes written at submission:
// the gate checks the caseworker's purpose and logs the search with its
// reason and the number of people found; nothing is compared in plaintext.
func (c *Cases) SearchApplications(ctx context.Context, a vault.Actor, q Search) ([]Case, error) {
	if err := caseworkerOn(a, kindApplication); err != nil {
		return nil, err
	}
	kind, value := keys.KindRRN, q.RRN
	if q.RRN == "" {
		kind, value = keys.KindNameBirth, keys.NameBirth(q.Name, q.BirthDate)
	}
	found, err := c.cfg.Vault.Lookup(ctx, vault.Request{Actor: a, Service: Service, Purpose: purposeApplication, Reason: q.Reason}, kind, value)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return listCases(ctx, c.cfg.SQL.Reader(), kindApplication, `state <> ? AND subject_id IN (`+marks(len(found))+`)`,
		append([]any{StateDraft}, anys(found)...)...)
}

// indexApplicant writes the blind indexes a caseworker's search uses: the
// applicant's RRN, and name with the birth date the RRN carries.
func (c *Cases) indexApplicant(ctx context.Context, a vault.Actor, values map[string]string) error {
	rrn, err := keys.NormalizeRRN(values["rrn"])
	if err != nil {
		return err
	}
	birth, _, err := keys.RRNPerson(rrn)
	if err != nil {
		return err
	}
	if err := c.cfg.Vault.Index(ctx, request(a, a.ID, purposeApplication, vault.Input, "rrn"), keys.KindRRN, rrn); err != nil {
		return err
	}
	nb := keys.NameBirth(values["name"], birth)
	if _, err := keys.NormalizeNameBirth(nb); err != nil {
		return nil // a name the index cannot take (over 50 characters): found by RRN only
	}
	return c.cfg.Vault.Index(ctx, request(a, a.ID, purposeApplication, vault.Input, "name"), keys.KindNameBirth, nb)
}
