package stats

import (
	"context"

	"jikimi/vault"
)

// RolePrivacyOfficer is the staff role the HTTP surface signs in for a
// re-identification; whether it may re-identify is the gate's decision,
// by the roles the policy declares (pseudonymised.roles.reidentify).
const RolePrivacyOfficer = "privacy-officer"

// Reidentifier turns a pseudonym back into the opaque subject ID (for
// example to reach a participant whose data shows a danger to their
// health, or to answer a rights request about a row). The gate holds the
// key, decides by the policy's roles and writes the access-log entry.
type Reidentifier struct {
	Gate    ReidentifyGate
	Service string
}

// ReidentifyGate is what re-identification needs of the vault.
type ReidentifyGate interface {
	Reidentify(ctx context.Context, r vault.Request, pseudonym string) (string, error)
}

// Reidentify answers the subject ID of pseudonym for by, who states why.
func (x *Reidentifier) Reidentify(ctx context.Context, by vault.Actor, pseudonym, reason string) (string, error) {
	return x.Gate.Reidentify(ctx, vault.Request{Actor: by, Service: x.Service, Reason: reason}, pseudonym)
}
