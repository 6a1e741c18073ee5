package cases

import (
	"context"

	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/partners"
	"jikimi/partners/complaint"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/vault"
)

// Forward is the job handler that files one fraud report with one
// recipient. The recipient reads the report through the gate as the
// provision's partner, so a withdrawn consent stops it; the job's key is
// the idempotency key, so a retry files it once. The receipt and the
// retention the recipient recorded (the provision's declared period) are
// kept as a transfer row.
func (c *Cases) Forward(ctx context.Context, j *jobs.Job[ForwardArgs]) error {
	f := j.Args
	p, err := c.policy()
	if err != nil {
		return err
	}
	pr, filer := provisionByID(p, f.Provision), c.cfg.Complaints[f.Provision]
	if pr == nil || filer == nil {
		return jobs.Permanent(errs.E(errs.Invalid, "cases: no recipient %q", f.Provision))
	}
	rec, err := c.reportFor(ctx, pr, f)
	if err != nil {
		return err
	}
	receipt, err := filer.File(ctx, f.key(), report(pr, rec.Values))
	if partners.IsRefusal(err) {
		return jobs.Permanent(err)
	} else if err != nil {
		return err
	}
	return c.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO bokjiro_transfers (case_id, provision, reference, retention, sent_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (case_id, provision) DO NOTHING`, f.Case, f.Provision, receipt.Reference, pr.RetentionPeriod.String(), c.now().UnixMicro())
		return errs.WrapIf(err, "cases: record a transfer")
	})
}

// reportFor reads the report as the recipient: its provision's items only.
// A report the recipient may not read (consent withdrawn, processing
// suspended, destroyed) is never filed.
func (c *Cases) reportFor(ctx context.Context, pr *policy.Provision, f ForwardArgs) (*vault.Record, error) {
	partner := vault.Actor{Kind: vault.Partner, ID: pr.ID}
	recs, err := c.cfg.Vault.ListCase(ctx, request(partner, f.Subject, purposeFraud, vault.View, pr.Items...), f.Case)
	if errs.Code(err) == errs.NotFound {
		return nil, jobs.Permanent(err)
	} else if err != nil {
		return nil, err
	}
	if len(recs) != 1 {
		return nil, jobs.Permanent(notFound())
	}
	return recs[0], nil
}

func provisionByID(p *policy.Policy, id string) *policy.Provision {
	for _, pr := range p.ThirdParties.Provisions {
		if pr.ID == id && pr.SourcePurpose == purposeFraud {
			return pr
		}
	}
	return nil
}

func report(pr *policy.Provision, v map[string]string) complaint.Report {
	return complaint.Report{Name: v["name"], Address: v["address"], Landline: v["landline"], Mobile: v["mobile"], Email: v["email"],
		Purpose: pr.Purpose, Retention: pr.RetentionPeriod.String()}
}

// Transfer is one filing of a report with a recipient.
type Transfer struct {
	Provision string `json:"provision"`
	Reference string `json:"reference"`
	Retention string `json:"retention"`
}

// Transfers lists where a citizen's fraud report was filed.
func (c *Cases) Transfers(ctx context.Context, a vault.Actor, id string) ([]Transfer, error) {
	if _, err := c.ownCase(ctx, a, kindFraud, id); err != nil {
		return nil, err
	}
	return transfers(ctx, c.cfg.SQL.Reader(), id)
}

// transfers reads where a fraud report was filed.
func transfers(ctx context.Context, q store.Querier, id string) ([]Transfer, error) {
	return store.Collect(ctx, q, "cases: read transfers", func(s store.Scanner, t *Transfer) error {
		return s.Scan(&t.Provision, &t.Reference, &t.Retention)
	}, `SELECT provision, reference, retention FROM bokjiro_transfers WHERE case_id = ? ORDER BY provision`, id)
}
