package members

import (
	"context"

	"jikimi/errs"
	"jikimi/keys"
	"jikimi/partners/identity"
	"jikimi/vault"
)

// Proof is a member's own verified identity: the person the
// identity-verification service confirmed, and the resident registration
// number the member gave, which carries that person's birth date and sex.
type Proof struct {
	Name string
	RRN  string // 13 digits
}

// Prover checks members' identities: the gate (for the membership record)
// and the identity-verification service. Service has one; 나의 복지서비스
// wires its own.
type Prover struct {
	Vault    *vault.Vault
	Identity identity.Verifier
}

func (s *Service) prover() Prover { return Prover{Vault: s.cfg.Vault, Identity: s.cfg.Identity} }

// StartIdentity is Prover.Start with the service's connector.
func (s *Service) StartIdentity(ctx context.Context, key string, c identity.Claim) (string, error) {
	return s.prover().Start(ctx, key, c)
}

// Prove is Prover.Prove with the service's connector.
func (s *Service) Prove(ctx context.Context, r vault.Request, verification, rrn string) (Proof, error) {
	return s.prover().Prove(ctx, r, verification, rrn)
}

// Start asks the identity-verification service to verify who the
// member says they are; the answer names the verification that Prove
// checks. The idempotency key makes a retried start one.
func (p Prover) Start(ctx context.Context, key string, c identity.Claim) (string, error) {
	if p.Identity == nil {
		return "", errs.E(errs.Unavailable, "identity verification is not connected")
	}
	return p.Identity.Start(ctx, key, c)
}

// Prove binds a look-up to the member's own verified identity: the
// verification must have confirmed the member (the name and mobile number
// of their membership record) and the RRN must be that person's (its
// birth date and sex). Anything else is someone else's number: the
// refusal is written to the access log under the purpose asked for, and
// answers 403 identity_mismatch.
func (p Prover) Prove(ctx context.Context, r vault.Request, verification, rrn string) (Proof, error) {
	if p.Identity == nil || p.Vault == nil {
		return Proof{}, errs.E(errs.Unavailable, "identity verification is not connected")
	}
	norm, err := keys.NormalizeRRN(rrn)
	if err != nil {
		return Proof{}, invalid("malformed_rrn", "주민등록번호 형식이 올바르지 않습니다 (malformed resident registration number)")
	}
	id, err := p.Identity.Result(ctx, verification)
	if err != nil {
		return Proof{}, err
	}
	me, err := profile(ctx, p.Vault, r.Actor, r.Subject)
	if err != nil {
		return Proof{}, err
	}
	if !sameMember(me, id) || !sameRRN(norm, id) {
		r.Items = []string{"rrn"}
		return Proof{}, p.Vault.Refuse(ctx, r, vault.ReasonIdentityMismatch,
			"본인확인 결과가 회원 본인 또는 입력한 주민등록번호와 일치하지 않습니다 (the verified identity is not the member's, or the number is not theirs)")
	}
	return Proof{Name: id.Name, RRN: norm}, nil
}

// sameMember: the verification confirmed the member's name and mobile.
func sameMember(me map[string]string, id identity.Identity) bool {
	mine, err1 := keys.NormalizeMobile(me["mobile"])
	theirs, err2 := keys.NormalizeMobile(id.Mobile)
	return err1 == nil && err2 == nil && mine == theirs && me["name"] == id.Name
}

// sameRRN: the number carries the verified birth date and sex.
func sameRRN(rrn string, id identity.Identity) bool {
	birth, sex, err := keys.RRNPerson(rrn)
	return err == nil && birth == id.BirthDate && sex == id.Sex
}
