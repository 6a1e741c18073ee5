package stats

import (
	"context"
	"strings"

	"jikimi/audit"
	"jikimi/clock"
	"jikimi/errs"
	"jikimi/input"
	"jikimi/store"
	"jikimi/vault"
)

// RolePrivacyOfficer is the one role that may re-identify a pseudonym.
const RolePrivacyOfficer = "privacy-officer"

// AccessLog appends access-log entries in a transaction (audit.Log).
type AccessLog interface {
	Append(ctx context.Context, tx store.Querier, entries ...audit.Entry) error
}

// Reidentifier turns a pseudonym back into the opaque subject ID, for the
// privacy officer only (for example to reach a participant whose data shows
// a danger to their health, or to answer a rights request about a row). It
// recomputes the pseudonyms of the service's subjects under the key: no
// table maps pseudonyms to subjects, so the dataset and a stolen copy of
// the database link to no one without the key.
type Reidentifier struct {
	Gate    Gate
	Key     Key
	Service string
	SQL     store.SQL
	Log     AccessLog
	Clock   clock.Clock
}

// Reidentify answers the subject ID of pseudonym, and writes who asked, for
// which subject and why into the access log, in one transaction. Anyone but
// a privacy officer is refused (and the refusal logged); an unknown
// pseudonym is not_found.
func (x *Reidentifier) Reidentify(ctx context.Context, by vault.Actor, pseudonym, reason string) (string, error) {
	if by.Kind != vault.Staff || by.Role != RolePrivacyOfficer {
		e := errs.E(errs.Forbidden, "stats: only the privacy officer may re-identify a pseudonym")
		e.Reason = "role_forbidden"
		return "", x.log(ctx, by, "", reason, e)
	}
	if strings.TrimSpace(reason) == "" || len(reason) > 400 || !input.Line(reason) {
		return "", errs.E(errs.Invalid, "stats: a re-identification states its reason (one line, at most 400 bytes)")
	}
	subject, err := x.find(ctx, pseudonym)
	if err != nil {
		return "", err
	}
	return subject, x.log(ctx, by, subject, reason, nil)
}

func (x *Reidentifier) find(ctx context.Context, pseudonym string) (string, error) {
	for after := ""; ; {
		ids, err := x.Gate.Subjects(ctx, x.Service, after, subjectPage)
		if err != nil {
			return "", err
		}
		if len(ids) == 0 {
			return "", errs.E(errs.NotFound, "stats: no subject has this pseudonym")
		}
		for _, id := range ids {
			if x.Key.Pseudonym(id) == pseudonym {
				return id, nil
			}
		}
		after = ids[len(ids)-1]
	}
}

// log writes the re-identification (or its refusal) and returns denial.
func (x *Reidentifier) log(ctx context.Context, by vault.Actor, subject, reason string, denial *errs.Error) error {
	e := audit.Entry{Time: x.Clock.Now(), Handler: by.Handler(), Role: by.Role, Source: by.Source, Subject: subject,
		Service: x.Service, Purpose: "health-service", Action: audit.Action(vault.Download), Outcome: audit.Allowed,
		DownloadReason: "re-identification: " + reason, Records: 1}
	if by.Role == "" {
		e.Role = string(by.Kind)
	}
	if denial != nil {
		e.Outcome, e.Reason, e.Records = audit.Denied, denial.Reason, 0
	}
	err := x.SQL.InTx(ctx, func(tx store.Querier) error { return x.Log.Append(ctx, tx, e) })
	if err != nil {
		return err
	}
	if denial != nil {
		return denial
	}
	return nil
}
