package vault

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"jikimi/errs"
	"jikimi/input"
	"jikimi/keys"
	"jikimi/policy"
	"jikimi/store"
)

// Pseudonymised processing (Act 28-2) through the gate: the key that turns
// a subject ID into a pseudonym is the gate's, wrapped by the keyring and
// kept in its own table (vault_pseudonym_keys), and the policy says which
// roles may pseudonymise and which may re-identify
// (pseudonymised.roles). A pseudonym is "ps_" and 26 base32 characters:
// 128 bits of HMAC-SHA256 over a domain-separated subject ID, so without
// the key it links to no one, and with it one subject always has the same
// pseudonym. No table maps pseudonyms to subjects: re-identifying
// recomputes them.

const pseudonymKeySize = 32

// pseudonymAAD binds a wrapped key to its service. The text predates the
// key's move into the gate and stays, so earlier keys unwrap.
func pseudonymAAD(service string) []byte { return []byte("jikimi stats reid key v1|" + service) }

var pseudoEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// pseudonymOf is the subject's pseudonym under key.
func pseudonymOf(key []byte, subject string) string {
	m := hmac.New(sha256.New, key)
	io.WriteString(m, "jikimi stats pseudonym v1|")
	io.WriteString(m, subject)
	return "ps_" + strings.ToLower(pseudoEncoding.EncodeToString(m.Sum(nil)[:16]))
}

// Pseudonymiser turns subject IDs into pseudonyms; it holds the key and
// never shows it.
type Pseudonymiser struct{ key []byte }

// Pseudonym is the subject's pseudonym.
func (p *Pseudonymiser) Pseudonym(subject string) string { return pseudonymOf(p.key, subject) }

// Format never prints the key.
func (*Pseudonymiser) Format(f fmt.State, _ rune) { io.WriteString(f, "vault.Pseudonymiser(redacted)") }

// pseudonymised is the declaration in force of r's service, or a denial.
func (v *Vault) pseudonymised(r Request) (*policy.Pseudonymised, error) {
	p, ok := v.cfg.Policies.Current(r.Service, v.cfg.Clock.Now())
	if !ok || p.Pseudonymised == nil || p.Pseudonymised.Roles == nil || p.Pseudonymised.SourcePurpose == "" {
		return nil, deny(ReasonUnknownPurpose, "service %q declares no pseudonymised processing", r.Service)
	}
	return p.Pseudonymised, nil
}

// pseudonymRole admits staff in one of roles; anyone else is refused, and
// the refusal is logged.
func (v *Vault) pseudonymRole(ctx context.Context, r Request, roles func(*policy.PseudonymRoles) []string) (*policy.Pseudonymised, error) {
	if r.Service == "" || r.Actor.ID == "" {
		return nil, errs.E(errs.Invalid, "vault: a request names a service and an actor")
	}
	ps, err := v.pseudonymised(r)
	r.Purpose = "pseudonymised" // the log names the processing when no purpose is declared for it
	if err == nil {
		r.Purpose = ps.SourcePurpose
		if r.Actor.Kind != Staff || !slices.Contains(roles(ps.Roles), r.Actor.Role) {
			err = deny(ReasonRoleForbidden, "role %q may not do this with pseudonymised data", r.Actor.roleName())
		}
	}
	if err != nil {
		if lerr := v.cfg.SQL.InTx(ctx, func(tx store.Querier) error { return v.cfg.Log.Append(ctx, tx, v.entry(r, err, 0)) }); lerr != nil {
			return nil, lerr
		}
		return nil, err
	}
	return ps, nil
}

// Pseudonymiser hands a role the policy lets pseudonymise
// (pseudonymised.roles.pseudonymise) the service's pseudonymiser; the key
// is made on first use. Another actor is refused, and the refusal logged.
// Each read of a subject's data for the pseudonymised set is a gate
// request of its own, logged as usual.
func (v *Vault) Pseudonymiser(ctx context.Context, r Request) (*Pseudonymiser, error) {
	r.Action = View
	if _, err := v.pseudonymRole(ctx, r, func(pr *policy.PseudonymRoles) []string { return pr.Pseudonymise }); err != nil {
		return nil, err
	}
	key, err := v.pseudonymKey(ctx, r.Service)
	if err != nil {
		return nil, err
	}
	return &Pseudonymiser{key: key}, nil
}

// Reidentify answers the subject ID of a pseudonym of the service, for a
// role the policy lets re-identify (pseudonymised.roles.reidentify), with
// the reason it states (one line): the access-log entry names the subject,
// the source purpose, the actor and "re-identification: " and the reason,
// written in the transaction that answers. Another actor is refused and
// the refusal logged; an unknown pseudonym is not_found.
func (v *Vault) Reidentify(ctx context.Context, r Request, pseudonym string) (string, error) {
	r.Action, r.Subject = Download, ""
	ps, err := v.pseudonymRole(ctx, r, func(pr *policy.PseudonymRoles) []string { return pr.Reidentify })
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(r.Reason) == "" || len(r.Reason) > 400 || !input.Line(r.Reason) {
		return "", &errs.Error{Code: errs.Invalid, Reason: "reason_required", Message: "vault: a re-identification states its reason (one line, at most 400 bytes)"}
	}
	key, err := v.pseudonymKey(ctx, r.Service)
	if err != nil {
		return "", err
	}
	subject, err := v.findPseudonym(ctx, r.Service, key, pseudonym)
	if err != nil {
		return "", err
	}
	r.Subject, r.Purpose, r.Reason = subject, ps.SourcePurpose, "re-identification: "+r.Reason
	err = v.cfg.SQL.InTx(ctx, func(tx store.Querier) error { return v.cfg.Log.Append(ctx, tx, v.entry(r, nil, 1)) })
	if err != nil {
		return "", err
	}
	return subject, nil
}

const pseudonymPage = 500

func (v *Vault) findPseudonym(ctx context.Context, service string, key []byte, pseudonym string) (string, error) {
	for after := ""; ; {
		page, err := v.Subjects(ctx, service, after, pseudonymPage)
		if err != nil {
			return "", err
		}
		if len(page) == 0 {
			return "", errs.E(errs.NotFound, "vault: no subject has this pseudonym")
		}
		for _, id := range page {
			if hmac.Equal([]byte(pseudonymOf(key, id)), []byte(pseudonym)) {
				return id, nil
			}
		}
		after = page[len(page)-1]
	}
}

// pseudonymKey returns the service's key, creating and storing it (wrapped)
// on first use. Two racing first uses agree: the second insert loses and
// reads the first one's key.
func (v *Vault) pseudonymKey(ctx context.Context, service string) ([]byte, error) {
	if k, err := v.readPseudonymKey(ctx, service); err == nil || !errors.Is(err, sql.ErrNoRows) {
		return k, err
	}
	k := make([]byte, pseudonymKeySize)
	if _, err := io.ReadFull(rand.Reader, k); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "vault: draw the pseudonym key")
	}
	defer keys.Zero(k)
	wrapped, kek, err := v.cfg.Keys.Wrap(ctx, k, pseudonymAAD(service))
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "vault: wrap the pseudonym key")
	}
	err = v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO vault_pseudonym_keys (service, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (service) DO NOTHING`, service, kek, wrapped, v.now())
		return err
	})
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "vault: store the pseudonym key")
	}
	return v.readPseudonymKey(ctx, service)
}

func (v *Vault) readPseudonymKey(ctx context.Context, service string) ([]byte, error) {
	var kek string
	var wrapped []byte
	err := v.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT kek_id, wrapped FROM vault_pseudonym_keys WHERE service = ?`, service).Scan(&kek, &wrapped)
	if err != nil {
		return nil, err
	}
	k, err := v.cfg.Keys.Unwrap(ctx, wrapped, kek, pseudonymAAD(service))
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "vault: unwrap the pseudonym key")
	}
	if len(k) != pseudonymKeySize {
		return nil, errs.E(errs.Internal, "vault: the pseudonym key has the wrong size")
	}
	return k, nil
}
