package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/vault"
)

// Fraud-report states: filed with 복지로, then concluded with an outcome
// that the reporter is told (결과 통보, 제1조 5).
const (
	StateFiled     = "filed"
	StateConcluded = "concluded"
)

// ForwardKind is the jobs kind that files a report with one recipient.
const ForwardKind = "bokjiro.fraud.forward"

// ForwardArgs are a forwarding job's arguments: opaque IDs only.
type ForwardArgs struct {
	Case      string `json:"case"`
	Subject   string `json:"subject"`
	Provision string `json:"provision"`
}

// Kind is ForwardKind.
func (ForwardArgs) Kind() string { return ForwardKind }

// key is the recipient's idempotency key: a retry files the report once.
func (f ForwardArgs) key() string { return f.Case + "/" + f.Provision }

// Provision is one recipient of fraud reports, as the form shows it before
// the report starts.
type Provision struct {
	ID          string   `json:"id"`
	Recipient   string   `json:"recipient"`
	Purpose     string   `json:"purpose"`
	Items       []string `json:"items"` // the provision's own labels
	Retention   string   `json:"retention"`
	RefusalCost string   `json:"refusal_cost"`
	Consent     string   `json:"consent_text"` // the exact text consented to
}

// FraudForm is what the fraud-report form says before it starts: to whom
// the report goes, and that refusing consent means it cannot be filed.
type FraudForm struct {
	Title      string      `json:"title"`
	Notice     string      `json:"notice"`
	Provisions []Provision `json:"provisions"`
}

// FraudForm builds the form's notice from the policy in force.
func (c *Cases) FraudForm() (*FraudForm, error) {
	p, err := c.policy()
	if err != nil {
		return nil, err
	}
	f := &FraudForm{Title: p.Purpose(purposeFraud).Title}
	var costs []string
	for _, pr := range fraudProvisions(p) {
		f.Provisions = append(f.Provisions, provisionOf(pr))
		if !slices.Contains(costs, pr.RefusalCost) {
			costs = append(costs, pr.RefusalCost)
		}
	}
	f.Notice = "부정수급 신고는 아래 제3자 제공에 모두 동의하셔야 접수됩니다. 동의를 거부할 권리가 있으나, 거부하시면 " +
		strings.Join(costs, " ") + " (신고를 접수할 수 없습니다.)"
	return f, nil
}

// fraudProvisions are the provisions of fraud reports that ask consent.
func fraudProvisions(p *policy.Policy) []*policy.Provision {
	var out []*policy.Provision
	for _, pr := range p.ThirdParties.Provisions {
		if pr.SourcePurpose == purposeFraud && pr.ConsentRequired {
			out = append(out, pr)
		}
	}
	return out
}

func provisionOf(pr *policy.Provision) Provision {
	labels := make([]string, len(pr.Items))
	for i, it := range pr.Items {
		labels[i] = pr.ItemLabels[it]
	}
	return Provision{ID: pr.ID, Recipient: pr.Recipient, Purpose: pr.Purpose, Items: labels, Retention: pr.Retention, RefusalCost: pr.RefusalCost,
		Consent: fmt.Sprintf("%s에 %s 목적으로 %s을(를) 제공하는 데 동의합니다. 보유기간: %s. 거부 시 %s",
			pr.Recipient, pr.Purpose, strings.Join(labels, ", "), pr.Retention, pr.RefusalCost)}
}

// ReportFraud files a fraud report. The reporter consents to every
// provision the form names (consents lists their IDs): without them the
// report cannot be filed (forbidden, provision_consent_required) and
// nothing is written. The consents are recorded, the report kept 10 years,
// and one job per recipient enqueued in the report's transaction.
func (c *Cases) ReportFraud(ctx context.Context, a vault.Actor, in Items, consents []string) (*Case, error) {
	form, err := c.FraudForm()
	if err != nil {
		return nil, err
	}
	if err := citizen(a); err != nil {
		return nil, err
	}
	for _, pr := range form.Provisions {
		if !slices.Contains(consents, pr.ID) {
			return nil, errs.WithReason(errs.Forbidden, "provision_consent_required", "a fraud report is filed only with consent to its provision to %s", pr.ID)
		}
	}
	if err := c.checkComplete(in); err != nil {
		return nil, err // refused before any consent is recorded
	}
	if err := c.consent(ctx, a, form.Provisions); err != nil {
		return nil, err
	}
	cs, err := c.file(ctx, a, kindFraud, "frd_", StateFiled, in, func(ctx context.Context, tx store.Querier, cs Case) error {
		for _, pr := range form.Provisions {
			job := ForwardArgs{Case: cs.ID, Subject: cs.Subject, Provision: pr.ID}
			if err := c.cfg.Jobs.Insert(ctx, tx, job, &jobs.Opts{Unique: true}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		c.withdraw(ctx, a, form.Provisions) // no report: its consents end with it
		return nil, err
	}
	return cs, nil
}

// consent records the reporter's consent to each provision, with the exact
// text the form showed; a failure withdraws those already given.
func (c *Cases) consent(ctx context.Context, a vault.Actor, prs []Provision) error {
	for i, pr := range prs {
		cn := vault.Consent{Scope: "provision:" + pr.ID, Channel: vault.ChannelWeb, Text: pr.Consent}
		if _, err := c.cfg.Vault.Give(ctx, vault.Request{Actor: a, Service: Service, Subject: a.ID}, cn); err != nil {
			c.withdraw(ctx, a, prs[:i])
			return err
		}
	}
	return nil
}

// withdraw withdraws the consents to prs, best effort: it runs only after
// a failure, whose error is the one reported.
func (c *Cases) withdraw(ctx context.Context, a vault.Actor, prs []Provision) {
	for _, pr := range prs {
		_ = c.cfg.Vault.Withdraw(ctx, vault.Request{Actor: a, Service: Service, Subject: a.ID}, "provision:"+pr.ID)
	}
}

// checkComplete refuses a fraud report lacking a required item.
func (c *Cases) checkComplete(in Items) error {
	pu, items, err := c.cleaned(purposeFraud, in)
	if err != nil {
		return err
	}
	return requireAll(pu, items)
}

// FraudReports lists the citizen's fraud reports.
func (c *Cases) FraudReports(ctx context.Context, a vault.Actor) ([]Case, error) {
	if err := citizen(a); err != nil {
		return nil, err
	}
	return listCases(ctx, c.cfg.SQL.Reader(), kindFraud, `subject_id = ?`, a.ID)
}

// FraudReportOf reads one of the citizen's own fraud reports with its
// items, through the gate as its subject; another person's is not found.
func (c *Cases) FraudReportOf(ctx context.Context, a vault.Actor, id string) (*Application, error) {
	return c.ownItems(ctx, a, kindFraud, id)
}

// ConcludeFraud records the outcome of a fraud report (a code, never free
// text) and puts its result notice in the outbox in the same transaction:
// the reporter is told by e-mail and text message, as for a help request.
// The report's 10 years run from its filing, so no retention event is
// recorded.
func (c *Cases) ConcludeFraud(ctx context.Context, a vault.Actor, id, outcome string) (*Case, error) {
	if !validOutcome(outcome) {
		return nil, bad("malformed_outcome", "an outcome is a short code of letters, digits, '-' or '_'")
	}
	cs, err := c.staffCase(ctx, a, kindFraud, id)
	if err != nil {
		return nil, err
	}
	if cs.State != StateFiled {
		return nil, conflict("already_concluded", "the fraud report is already concluded")
	}
	now := c.now()
	tell := c.tell(ctx, cs, kindFraud, outcome)
	err = c.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if err := move(ctx, tx, cs.ID, now, StateConcluded, outcome, StateFiled); err != nil {
			return err
		}
		return tell(tx)
	})
	if err != nil {
		return nil, err
	}
	cs.State, cs.Outcome, cs.Updated = StateConcluded, outcome, now
	return &cs, nil
}
