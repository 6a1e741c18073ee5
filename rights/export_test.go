package rights

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

// Each export is a download through the gate and a transfer kept in the
// transfer log; the log drops transfers older than 3 years.
func TestExportIsLogged(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		s := newService(t, e)
		s.cfg.FHIR = map[string]FHIRExporter{healthcare: func(subject string, d *vault.Disclosure, include []string, now time.Time) ([]byte, error) {
			return []byte(`{"resourceType":"Bundle","type":"collection","entry":[]}`), nil
		}}
		p := participant(t, e)
		w := httptest.NewRecorder()
		if err := s.Export(ctx, w, p, healthcare, "", nil); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(w.Body.String(), "김가상") || w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
			t.Fatalf("json export: %s %.200s", w.Header(), w.Body)
		}
		w = httptest.NewRecorder()
		if err := s.Export(ctx, w, p, healthcare, "fhir", []string{"name"}); err != nil {
			t.Fatal(err)
		}
		if w.Header().Get("Content-Type") != "application/fhir+json; charset=utf-8" {
			t.Fatalf("fhir export: %s", w.Header())
		}
		if n, err := s.Transfers(ctx, p.ID); err != nil || n != 2 {
			t.Fatalf("transfers = %d, %v", n, err)
		}
		es := entriesAbout(t, e, p.ID)
		if last := es[len(es)-1]; last.Action != "download" || last.Purpose != vault.PurposeRights {
			t.Fatalf("last entry = %+v", last)
		}
		e.Clock.Advance(TransferRetention + time.Hour)
		if _, err := s.Daily(ctx); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.Transfers(ctx, p.ID); n != 0 {
			t.Fatalf("%d transfers kept past 3 years", n)
		}
	})
}
