package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/web"
	"jikimi/web/webtest"
)

// fakeDevices is the device registry's contract: a token names a device,
// an unknown or revoked one is forbidden with its reason.
type fakeDevices map[string]Device

func (f fakeDevices) Authenticate(_ context.Context, token string) (Device, error) {
	if token == "revoked" {
		return Device{}, reason(errs.E(errs.Forbidden, "revoked device"), "revoked_device")
	}
	d, ok := f[token]
	if !ok {
		return Device{}, reason(errs.E(errs.Forbidden, "unknown device"), "unknown_device")
	}
	return d, nil
}

func TestMountIsDocumented(t *testing.T) {
	if err := web.CheckMount((&HTTP{}).Mount()); err != nil {
		t.Fatal(err)
	}
}

func serve(t testing.TB, e *vaulttest.Env, devs Devices) *httptest.Server {
	t.Helper()
	return serveWith(t, e, &HTTP{Ingester: New(e.Vault, e.Clock), Devices: devs})
}

func serveWith(t testing.TB, e *vaulttest.Env, h *HTTP) *httptest.Server {
	t.Helper()
	return webtest.Serve(t, &web.Server{Policies: e.Policies, Clock: e.Clock, Mounts: []web.Mount{h.Mount()}})
}

func post(t testing.TB, url, token string, body []byte) (int, map[string]any) {
	t.Helper()
	return postTo(t, url, "/api/v1/healthcare/sync", token, body)
}

func TestSyncOverHTTP(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		dev := participant(t, e)
		ts := serve(t, e, fakeDevices{"tok-a": dev})
		batch, _ := json.Marshal(mixed())
		cases := []struct {
			name, token string
			body        []byte
			status      int
			reason      string
		}{
			{"no token", "", batch, 401, "missing_token"},
			{"unknown token", "tok-x", batch, 403, "unknown_device"},
			{"revoked token", "revoked", batch, 403, "revoked_device"},
			{"not JSON", "tok-a", []byte(`[{"header":`), 400, ""},
			{"not an array", "tok-a", []byte(`{"header":{}}`), 400, ""},
			{"empty", "tok-a", []byte(`[]`), 400, "empty_batch"},
		}
		for _, c := range cases {
			status, body := post(t, ts.URL, c.token, c.body)
			if status != c.status || body["reason"] != nilIfEmpty(c.reason) {
				t.Fatalf("%s: %d %v", c.name, status, body)
			}
		}
		if n := records(t, e, dev.Subject); n != 0 {
			t.Fatalf("refused requests stored %d records", n)
		}
		status, body := post(t, ts.URL, "tok-a", batch)
		if status != 200 || body["accepted"] != 4.0 || body["rejected"] != 5.0 || body["duplicate"] != 1.0 {
			t.Fatalf("batch: %d %v", status, body)
		}
		if _, body = post(t, ts.URL, "tok-a", batch); body["accepted"] != 0.0 || body["duplicate"] != 5.0 {
			t.Fatalf("re-sent batch: %v", body)
		}
	})
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// fakeSessions signs a participant in by a Bearer session token.
type fakeSessions map[string]string

func (f fakeSessions) Participant(r *http.Request) (vault.Actor, error) {
	sub, ok := f[web.Bearer(r)]
	if !ok {
		return vault.Actor{}, reason(errs.E(errs.Forbidden, "not signed in"), "no_session")
	}
	return vault.Actor{Kind: vault.Subject, ID: sub, Source: web.ClientIP(r)}, nil
}

func postTo(t testing.TB, url, path, token string, body []byte) (int, map[string]any) {
	t.Helper()
	return webtest.Map(t, "POST", url+path, token, string(body))
}

func TestParticipantRoutes(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		dev := participant(t, e)
		ts := serveWith(t, e, &HTTP{Ingester: New(e.Vault, e.Clock), Devices: fakeDevices{}, Sessions: fakeSessions{"sess-a": dev.Subject}})
		list, _ := json.Marshal(checkup())
		bundle := fmt.Sprintf(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":%s}]}`, checkup()[0])
		cases := []struct {
			name, path, token, body string
			status                  int
			reason                  string
		}{
			{"not signed in", "/api/v1/healthcare/me/reports", "nobody", `{"bmi":22}`, 403, "no_session"},
			{"unknown field", "/api/v1/healthcare/me/reports", "sess-a", `{"bmi":22,"name":"가상"}`, 400, ""},
			{"bad value", "/api/v1/healthcare/me/reports", "sess-a", `{"smoking":"yes"}`, 400, ReasonBadValue},
			{"not FHIR", "/api/v1/healthcare/me/checkups", "sess-a", `{"resourceType":"Patient"}`, 400, "unknown_schema"},
			{"report", "/api/v1/healthcare/me/reports", "sess-a", `{"bmi":22.5,"smoking":"never"}`, 201, ""},
			{"check-up list", "/api/v1/healthcare/me/checkups", "sess-a", string(list), 201, ""},
			{"check-up bundle", "/api/v1/healthcare/me/checkups", "sess-a", bundle, 201, ""},
		}
		for _, c := range cases {
			status, body := postTo(t, ts.URL, c.path, c.token, []byte(c.body))
			if status != c.status || body["reason"] != nilIfEmpty(c.reason) {
				t.Fatalf("%s: %d %v", c.name, status, body)
			}
		}
		if n := records(t, e, dev.Subject); n != 3 {
			t.Fatalf("%d records, want the 3 accepted", n)
		}
		// A laboratory's Bundle: the person is told in Korean what is not kept.
		lab := fmt.Sprintf(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"DiagnosticReport","status":"final"}},{"resource":%s},{"resource":%s}]}`,
			obs("laboratory", "2085-9", ucum(50, "mg/dL")), obs("laboratory", "718-7", ucum(14, "g/dL")))
		status, body := postTo(t, ts.URL, "/api/v1/healthcare/me/checkups", "sess-a", []byte(lab))
		notice, _ := body["notice"].(string)
		if status != 201 || !strings.Contains(notice, "혈색소(LOINC 718-7)") || len(body["not_collected"].([]any)) != 2 {
			t.Fatalf("lab bundle: %d %v", status, body)
		}
		status, body = postTo(t, ts.URL, "/api/v1/healthcare/me/checkups", "sess-a", []byte(`[`+string(obs("laboratory", "718-7", ucum(14, "g/dL")))+`]`))
		if msg, _ := body["message"].(string); status != 400 || body["reason"] != "undeclared_item" || !strings.Contains(msg, "혈색소(LOINC 718-7)") {
			t.Fatalf("undeclared only: %d %v", status, body)
		}
		if n := records(t, e, dev.Subject); n != 4 {
			t.Fatalf("%d records, want 4", n)
		}
	})
}
