package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/healthcare/measure"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

var ctx = context.Background()

// base is a Seoul morning before the fake clock's now (vaulttest.Epoch is 18:00 in Seoul).
var base = time.Date(2026, 3, 2, 10, 0, 0, 0, measure.Seoul)

var operator = vault.Actor{Kind: vault.Staff, ID: "stf_op1", Role: "health-operator", Source: "127.0.0.1"}

func raw(id, name, version, body string) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"header":{"id":%q,"creation_date_time":"2026-03-02T17:00:00+09:00",`+
		`"schema_id":{"namespace":"omh","name":%q,"version":%q}},"body":%s}`, id, name, version, body))
}

func hr(id string, at time.Time, bpm float64) json.RawMessage {
	return raw(id, "heart-rate", "2.0", fmt.Sprintf(`{"heart_rate":{"value":%g,"unit":"beats/min"},"effective_time_frame":{"date_time":%q}}`,
		bpm, at.Format(time.RFC3339)))
}

func steps(id string, start time.Time, n int) json.RawMessage {
	return raw(id, "step-count", "3.0", fmt.Sprintf(`{"step_count":{"value":%d,"unit":"steps"},"effective_time_frame":{"time_interval":{"start_date_time":%q,"end_date_time":%q}}}`,
		n, start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339)))
}

// participant is a subject with the health-service consents, and its device.
func participant(t testing.TB, e *vaulttest.Env) Device {
	t.Helper()
	sub, err := e.Vault.NewSubject(ctx, vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "test"}, Service: Service})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"purpose:health-service", "sensitive:health-service"} {
		self := vault.Actor{Kind: vault.Subject, ID: sub, Source: "127.0.0.1"}
		if _, err := e.Vault.Give(ctx, vault.Request{Actor: self, Service: Service, Subject: sub}, vault.Consent{Scope: s, Channel: vault.ChannelWeb, Text: "동의합니다: " + s}); err != nil {
			t.Fatal(err)
		}
	}
	return Device{ID: "dev_" + sub[4:], Subject: sub}
}

func records(t testing.TB, e *vaulttest.Env, subject string) int {
	t.Helper()
	return e.Count(t, `SELECT COUNT(*) FROM pd_records WHERE subject_id = ?`, subject)
}

// read opens a keyed record as the health operator.
func read(t testing.TB, e *vaulttest.Env, subject, key string, items ...string) map[string]string {
	t.Helper()
	r := vault.Request{Actor: operator, Service: Service, Purpose: Purpose, Subject: subject, Items: items, Action: vault.View}
	rec, err := e.Vault.Get(ctx, r, vault.KeyedID(subject, Purpose, key))
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return rec.Values
}

func day(t testing.TB, e *vaulttest.Env, subject string, d measure.Date) summaryView {
	t.Helper()
	s, err := DecodeDay(d, read(t, e, subject, DayKey(d), stepsItem, heartItem, sleepItem, activeItem))
	if err != nil {
		t.Fatal(err)
	}
	return summaryView{s.Steps, s.HeartRateN, s.AvgHeartRate()}
}

type summaryView struct {
	Steps  int
	HRN    int
	HRMean float64
}

func newSubject(t testing.TB, e *vaulttest.Env) string {
	t.Helper()
	sub, err := e.Vault.NewSubject(ctx, vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "test"}, Service: Service})
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func errorsAs(err error, target **errs.Error) bool { return errors.As(err, target) }
