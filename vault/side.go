package vault

import (
	"context"
	"maps"
	"slices"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
)

// SideTable is a table outside the gate's own whose rows name a subject:
// bookkeeping a service keeps beside the sealed records (a consultation's
// state, a survey answered, a watch, a points ledger, a login's failures).
// An ID that names a person is pseudonymous personal data, so its rows
// follow a retention rule of the policy: those of the purpose they are
// listed under, per service. The gate deletes them in the transaction that
// destroys that purpose's data of the subject: a shred, or the destruction
// of the purpose's last record (its data key going).
type SideTable struct {
	Table, Column string
	Purposes      map[string]string // service ID -> the purpose whose data the rows go with
}

// SideTables are every side table. internal/arch refuses a migration that
// creates a table with a subject column unless it is here or in
// OwnTables; Open refuses a policy that does not declare, with a retention
// rule, a purpose named here.
var SideTables = []SideTable{
	{Table: "hc_consultations", Column: "subject_id", Purposes: map[string]string{svcHealthcare: "health-service"}},
	{Table: "hc_survey_answers", Column: "subject_id", Purposes: map[string]string{svcHealthcare: "health-service"}},
	{Table: "hc_devices", Column: "subject_id", Purposes: map[string]string{svcHealthcare: "enrolment"}},
	{Table: "hc_shipments", Column: "subject_id", Purposes: map[string]string{svcHealthcare: "watch-delivery"}},
	{Table: "hc_points_entries", Column: "subject", Purposes: map[string]string{svcHealthcare: "health-service"}},
	{Table: "hc_points_accounts", Column: "subject", Purposes: map[string]string{svcHealthcare: "health-service"}},
	{Table: "hc_points_years", Column: "subject", Purposes: map[string]string{svcHealthcare: "health-service"}},
	{Table: "hc_points_conversions", Column: "subject", Purposes: map[string]string{svcHealthcare: "health-service"}},
	{Table: "hc_cityinfo_members", Column: "subject", Purposes: map[string]string{svcHealthcare: "city-info"}},
	{Table: "citizen_sessions", Column: "subject_id", Purposes: map[string]string{svcHealthcare: "enrolment", svcBokjiro: "membership"}},
	{Table: "citizen_logins", Column: "subject_id", Purposes: map[string]string{svcHealthcare: "enrolment", svcBokjiro: "membership"}},
	{Table: "bokjiro_alert_state", Column: "subject_id", Purposes: map[string]string{svcBokjiro: "welfare-alerts"}},
	{Table: "bokjiro_alerts_sent", Column: "subject_id", Purposes: map[string]string{svcBokjiro: "welfare-alerts"}},
}

const (
	svcHealthcare = "seoul-healthcare"
	svcBokjiro    = "bokjiro"
)

// OwnTables are the tables with a subject column that are not side
// tables, and why: the gate's own, and records the law asks to keep about
// the handling itself, each destroyed on its own clock.
var OwnTables = map[string]string{
	"pd_keys": "the gate's", "pd_records": "the gate's", "pd_index": "the gate's", "pd_consents": "the gate's",
	"pd_suspensions": "the gate's", "pd_corrections": "the gate's", "pd_events": "the gate's", "pd_separate": "the gate's",
	"retention_destructions": "the record that a destruction happened (never content), kept as the proof the policy promises",
	"bokjiro_cases":          "a case's state: cases.Sweep drops it once the gate holds nothing of the case (CasesHeld)",
	"rights_requests":        "a data-subject request and its answer: the controller's record of a right exercised (package rights)",
	"rights_transfers":       "the transfer log Decree 42-6 asks kept 3 years; the rights daily run drops it then",
	"rights_notices":         "notices sent to a subject (reconsent, yearly usage): the rights daily run drops them 2 years after they were made",
	"audit_subjects":         "the access log's index by subject: kept and pruned with the log's entries (package audit)",
}

// checkSideTables: every purpose a side table follows is declared, with a
// retention rule, by the service's policy in force (services without a
// policy in this registry are not checked: a test's own registry).
func checkSideTables(at func(service string) (*policy.Policy, bool)) error {
	for _, st := range SideTables {
		for _, service := range slices.Sorted(maps.Keys(st.Purposes)) {
			p, ok := at(service)
			if !ok {
				continue
			}
			pu := p.Purpose(st.Purposes[service])
			if pu == nil || len(pu.Retention) == 0 {
				return errs.E(errs.Invalid, "vault: side table %s follows purpose %s of %s, which the policy does not declare with a retention rule",
					st.Table, st.Purposes[service], service)
			}
		}
	}
	return nil
}

// dropSide deletes the side-table rows of subjects whose data of a purpose
// of the service is destroyed (each keyRef a subject and an in-use
// purpose), in the destroying transaction.
func dropSide(ctx context.Context, tx store.Querier, service string, gone []keyRef) error {
	for _, st := range SideTables {
		purpose, ok := st.Purposes[service]
		if !ok {
			continue
		}
		var subjects []string
		for _, k := range gone {
			if k.purpose == purpose {
				subjects = append(subjects, k.subject)
			}
		}
		for chunk := range slices.Chunk(subjects, 500) {
			_, err := tx.ExecContext(ctx, `DELETE FROM `+st.Table+` WHERE `+st.Column+` IN (`+placeholders(len(chunk))+`)`, anys(chunk)...)
			if err != nil {
				return errs.Wrap(errs.Internal, err, "vault: delete side rows of %s", st.Table)
			}
		}
	}
	return nil
}
