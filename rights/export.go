package rights

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"jikimi/errs"
	"jikimi/store"
	"jikimi/vault"
)

// FHIRExporter builds a service's FHIR R4 Bundle of a subject's data from
// what the gate disclosed, with the Patient items the subject chose to
// include (of PatientItems).
type FHIRExporter func(subject string, d *vault.Disclosure, include []string, now time.Time) ([]byte, error)

// PatientItems are what a subject may choose to put in an exported Patient.
var PatientItems = []string{"name", "birth_date", "sex", "mobile"}

// TransferRetention is how long the transfer log is kept (Decree 42-6).
const TransferRetention = 3 * 365 * 24 * time.Hour

// Export writes a machine-readable copy of everything the service holds of
// the signed-in subject (전송요구, Act 35-2): JSON for everything, or, where
// the service has one, a FHIR R4 Bundle (application/fhir+json). The read is
// a download through the gate, logged for the purpose rights, and the
// transfer is logged apart for 3 years.
func (s *Service) Export(ctx context.Context, w http.ResponseWriter, actor vault.Actor, service, format string, include []string) error {
	if format != "" && format != "json" && format != "fhir" {
		return invalid("unknown_format", "format is json or fhir")
	}
	for _, it := range include {
		if !slices.Contains(PatientItems, it) || format != "fhir" {
			return invalid("unknown_item", "include names Patient items of a FHIR export: name, birth_date, sex, mobile")
		}
	}
	if format == "fhir" {
		return s.exportFHIR(ctx, w, actor, service, include)
	}
	a, err := s.accessAnswer(ctx, actor, service, actor.ID, vault.Download)
	if err != nil {
		return err
	}
	records := 0
	for _, p := range a.Purposes {
		records += len(p.Records)
	}
	body, err := json.Marshal(a)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "rights: encode export")
	}
	return s.send(ctx, w, service, actor.ID, "json", records, "application/json; charset=utf-8", "json", body)
}

func (s *Service) exportFHIR(ctx context.Context, w http.ResponseWriter, actor vault.Actor, service string, include []string) error {
	build, ok := s.cfg.FHIR[service]
	if !ok {
		return invalid("unknown_format", "this service exports no FHIR")
	}
	d, err := s.cfg.Vault.Disclose(ctx, vault.Request{Actor: actor, Service: service, Purpose: vault.PurposeRights, Subject: actor.ID, Action: vault.Download})
	if err != nil {
		return err
	}
	body, err := build(actor.ID, d, include, s.now())
	if err != nil {
		return errs.Wrap(errs.Internal, err, "rights: build the FHIR export")
	}
	return s.send(ctx, w, service, actor.ID, "fhir", len(d.Records), "application/fhir+json; charset=utf-8", "fhir.json", body)
}

// send logs the transfer, then writes it.
func (s *Service) send(ctx context.Context, w http.ResponseWriter, service, subject, format string, records int, ctype, ext string, body []byte) error {
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO rights_transfers (id, service, subject_id, format, records, at) VALUES (?, ?, ?, ?, ?, ?)`,
			newID("tr_"), service, subject, format, records, s.now().UnixMicro())
		return err
	})
	if err != nil {
		return errs.Wrap(errs.Internal, err, "rights: log the transfer")
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="jikimi-`+service+`.`+ext+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(body)
	return err
}

// Transfers counts the logged transfers of a subject (what the transfer
// log keeps: time, format, record count).
func (s *Service) Transfers(ctx context.Context, subject string) (int, error) {
	var n int
	if err := s.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM rights_transfers WHERE subject_id = ?`, subject).Scan(&n); err != nil {
		return 0, errs.Wrap(errs.Internal, err, "rights: count transfers")
	}
	return n, nil
}
