package vault

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
)

// Consent channels.
const (
	ChannelWeb            = "web"
	ChannelApp            = "app"
	ChannelPaper          = "paper"
	ChannelRepresentative = "representative"
)

// RepresentativeMethods are the ways a legal representative's consent is
// verified (Decree 17-2).
var RepresentativeMethods = []string{"sms", "card", "mobile_identity", "signed_paper", "email", "call"}

// Consent is one entry of the consent ledger. Give takes its subject and
// service from its Request; Consents fills them in.
type Consent struct {
	ID             string
	Subject        string
	Service        string
	Scope          string // purpose:P, optional:P, sensitive:P, unique:P or provision:ID
	Channel        string // web, app, paper, representative
	PolicyVersion  string // the version in force when given; set by the vault
	Text           string // the exact text shown; only its SHA-256 is kept
	TextSHA256     string
	Minor          bool   // the subject is under 14: a verified representative consents
	Representative string // verification method, when a legal representative consented
	Given          time.Time
	Withdrawn      *time.Time
}

// Give records consent c of r's subject to r's service (r's purpose and
// items are unused: c.Scope names what is consented to). The subject gives
// it (web, app), or staff record a paper one, or a legal representative
// gives it with a verified method; a subject under 14 can consent only
// through a verified representative.
func (v *Vault) Give(ctx context.Context, r Request, c Consent) (string, error) {
	c.Subject, c.Service = r.Subject, r.Service
	v.resolve(&r)
	if r.pol == nil {
		return "", errs.E(errs.NotFound, "no policy in force for service %q", r.Service)
	}
	p := r.pol
	if err := validConsent(p, r.Actor, c); err != nil {
		return "", err
	}
	id, err := v.newID("cns_")
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(c.Text))
	var verifiedAt any
	if c.Representative != "" {
		verifiedAt = v.now()
	}
	return id, v.ledger(ctx, r, c.Scope, Input, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO pd_consents (id, subject_id, service, scope, given_at, channel, policy_version, text_sha256, representative, rep_verified_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, c.Subject, c.Service, c.Scope, v.now(), c.Channel, p.Version, hex.EncodeToString(sum[:]), nullable(c.Representative), verifiedAt)
		return errs.WrapIf(err, "vault: record consent")
	})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func validConsent(p *policy.Policy, actor Actor, c Consent) error {
	if err := validScope(p, c.Scope); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(c.Text) == "":
		return errs.E(errs.Invalid, "vault: a consent records the exact text shown")
	case !slices.Contains([]string{ChannelWeb, ChannelApp, ChannelPaper, ChannelRepresentative}, c.Channel):
		return errs.E(errs.Invalid, "vault: consent channel %q: want web, app, paper or representative", c.Channel)
	case (c.Channel == ChannelRepresentative) != (c.Representative != ""):
		return errs.E(errs.Invalid, "vault: a representative's consent names its verification method, and only it does")
	case c.Representative != "" && !slices.Contains(RepresentativeMethods, c.Representative):
		return errs.E(errs.Invalid, "vault: verification method %q: want one of %s", c.Representative, strings.Join(RepresentativeMethods, ", "))
	case c.Minor && c.Channel != ChannelRepresentative:
		return errs.WithReason(errs.Invalid, "representative_required", "vault: a subject under 14 consents only through a verified legal representative (Act 22-2)")
	}
	return actorForLedger(actor, c.Subject)
}

// actorForLedger: the subject on their own ledger, staff (paper, on the
// subject's request) or a system job.
func actorForLedger(actor Actor, subject string) error {
	switch actor.Kind {
	case Subject:
		if actor.ID != subject {
			return deny(ReasonNotOwner, "a subject consents only for themselves")
		}
	case Staff, System:
	default:
		return deny(ReasonRoleForbidden, "a %s does not keep consents", actor.Kind)
	}
	return nil
}

// validScope checks that a scope names something of the policy that asks consent.
func validScope(p *policy.Policy, scope string) error {
	kind, id, _ := strings.Cut(scope, ":")
	if kind == "provision" {
		if pr := p.Provision(id); pr != nil && pr.ConsentRequired {
			return nil
		}
		return errs.E(errs.Invalid, "vault: no provision %q asks consent", id)
	}
	pu := p.Purpose(id)
	if kind == "keep" {
		if pu == nil || !keeps(pu) {
			return errs.E(errs.Invalid, "vault: purpose %q offers no keeping with consent", id)
		}
		return nil
	}
	if pu == nil || !pu.Basis.Consent {
		return errs.E(errs.Invalid, "vault: no purpose %q based on consent", id)
	}
	if kind == "purpose" || slices.Contains(itemScopes(pu, itemIDs(pu)), kind) {
		return nil
	}
	return errs.E(errs.Invalid, "vault: consent scope %q does not apply to purpose %q", kind, id)
}

func itemIDs(pu *policy.Purpose) []string {
	ids := make([]string, len(pu.Items))
	for i, it := range pu.Items {
		ids[i] = it.ID
	}
	return ids
}

// Withdraw withdraws r's subject's consent to scope in r's service, at once.
// Asking is no harder than giving: the same actors, one call.
func (v *Vault) Withdraw(ctx context.Context, r Request, scope string) error {
	subject, service := r.Subject, r.Service
	if err := actorForLedger(r.Actor, subject); err != nil {
		return err
	}
	kind, purpose, _ := strings.Cut(scope, ":")
	err := v.ledger(ctx, r, scope, Change, func(tx store.Querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE pd_consents SET withdrawn_at = ? WHERE subject_id = ? AND service = ? AND scope = ? AND withdrawn_at IS NULL`,
			v.now(), subject, service, scope)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "vault: withdraw consent")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "no consent %s in force", scope)
		}
		if kind == "keep" {
			_, err = shredTx(ctx, tx, service, subject, purpose, v.cfg.Clock.Now()) // what the consent kept goes with it, at once
		}
		return err
	})
	if err != nil || kind != "keep" {
		return err
	}
	v.keys.evict(subject, purpose)
	return v.cfg.SQL.Purge(ctx, "pd_keys", "pd_records", "pd_index")
}

// ledger writes a consent change of scope ("" for the whole ledger) and its
// access-log entry in one transaction.
func (v *Vault) ledger(ctx context.Context, r Request, scope string, action Action, write func(store.Querier) error) error {
	_, purpose, _ := strings.Cut(scope, ":")
	if purpose == "" {
		purpose = "consent-ledger" // the whole ledger, read for a rights request
	}
	r = Request{Actor: r.Actor, Service: r.Service, Purpose: purpose, Subject: r.Subject, Action: action}
	if err := validate(r); err != nil {
		return err
	}
	return v.ledgerWrite(ctx, r, write)
}

// ledgerWrite runs write and r's access-log entry in one transaction, on a
// subject of r's service (another service's is not found), and forgets the
// subject's cached facts: the ledger and the rights changes share it.
func (v *Vault) ledgerWrite(ctx context.Context, r Request, write func(store.Querier) error) error {
	defer v.factCache.forget(r.Subject)
	return v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if svc, err := subjectService(ctx, tx, r.Subject); err != nil || svc != r.Service {
			return notFound()
		}
		if err := write(tx); err != nil {
			return err
		}
		return v.cfg.Log.Append(ctx, tx, v.entry(r, nil, 1))
	})
}

// Consents lists r's subject's ledger, oldest first (for the subject, or for
// staff handling a rights request); r names no purpose.
func (v *Vault) Consents(ctx context.Context, r Request) ([]Consent, error) {
	var out []Consent
	err := v.ledger(ctx, r, "", View, func(tx store.Querier) error {
		if err := actorForLedger(r.Actor, r.Subject); err != nil {
			return err
		}
		var err error
		out, err = readConsents(ctx, tx, r.Subject)
		return err
	})
	return out, err
}

func readConsents(ctx context.Context, tx store.Querier, subject string) ([]Consent, error) {
	return store.Collect(ctx, tx, "vault: read consents", func(s store.Scanner, c *Consent) error {
		var rep sql.NullString
		var given int64
		var withdrawn sql.NullInt64
		if err := s.Scan(&c.ID, &c.Service, &c.Scope, &c.Channel, &c.PolicyVersion, &c.TextSHA256, &rep, &given, &withdrawn); err != nil {
			return err
		}
		c.Subject, c.Representative, c.Given = subject, rep.String, time.UnixMicro(given).UTC()
		if withdrawn.Valid {
			w := time.UnixMicro(withdrawn.Int64).UTC()
			c.Withdrawn = &w
		}
		return nil
	}, `SELECT id, service, scope, channel, policy_version, text_sha256, representative, given_at, withdrawn_at
		FROM pd_consents WHERE subject_id = ? ORDER BY given_at, id`, subject)
}
