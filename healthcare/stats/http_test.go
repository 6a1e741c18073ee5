package stats

import (
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

// httpEnv serves the statistics of a gate holding n walkers in 종로구 and
// 마포구, whose 5 hide the two more elsewhere (complementary suppression); the Bearer token names the role held.
func httpEnv(t *testing.T, n int) (*httptest.Server, *vaulttest.Env) {
	e := vaulttest.SQLite(t, statsConfig(t))
	for i := range n {
		enrol(t, e, i+1, walker(fmt.Sprintf("19%02d-01-01", 50+i%3), "F", "종로구", 70, 68))
	}
	for i := range 5 {
		enrol(t, e, 80+i, walker("1990-01-01", "M", "마포구", 70, 68))
	}
	enrol(t, e, 90, walker("1980-01-01", "M", "강남구", 70, 68))
	enrol(t, e, 91, walker("1981-01-01", "M", "강동구", 70, 68))
	h := &HTTP{
		Extractor:    &Extractor{Gate: e.Vault, Service: service, Clock: e.Clock},
		Reidentifier: &Reidentifier{Gate: e.Vault, Service: service},
		Auth: func(r *http.Request, role string) (vault.Actor, error) {
			if web.Bearer(r) != role {
				return vault.Actor{}, &errs.Error{Code: errs.Forbidden, Reason: "role_missing", Message: "no such role"}
			}
			return vault.Actor{Kind: vault.Staff, ID: "stf_1", Role: role, Source: "127.0.0.1"}, nil
		},
	}
	m := h.Mount()
	if err := web.CheckMount(m); err != nil {
		t.Fatal(err)
	}
	return webtest.Serve(t, &web.Server{Policies: e.Policies, Clock: e.Clock, Mounts: []web.Mount{m}}), e
}

// The screen's content is Korean HTML with SVG charts, no script and no
// inline style; small cells show as 비공개. The old page address sends the
// browser to the console's screen, which asks for the purpose first.
func TestStatsPage(t *testing.T) {
	srv, e := httpEnv(t, 6)
	ds, err := (&Extractor{Gate: e.Vault, Service: service, Clock: e.Clock}).Extract(ctx,
		vault.Actor{Kind: vault.Staff, ID: "stf_1", Role: RoleStatistician, Source: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	html, err := NewPage(Build(ds)).HTML()
	if err != nil {
		t.Fatal(err)
	}
	body := string(html)
	for _, want := range []string{"<svg", "거주지(구)별 참여자", "비공개", "종로구", "6명", "효과평가", `<th scope="col">`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, banned := range []string{"<script", "style=", "<style", "sub_"} {
		if strings.Contains(body, banned) {
			t.Errorf("page holds %q", banned)
		}
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noRedirect.Get(srv.URL + "/healthcare/stats")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != ConsolePath {
		t.Errorf("the old page: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// The JSON report: 종로구 (6) shown; 강남구 and 강동구 (1 each) suppressed
// with no count, and 마포구 (5) as their complement; the weight effect over
// all 13 shown.
func TestStatsJSON(t *testing.T) {
	srv, _ := httpEnv(t, 6)
	var r Report
	if code := webtest.JSON(t, "GET", srv.URL+"/api/v1/healthcare/stats", RoleStatistician, "", &r); code != 200 {
		t.Fatalf("report: %d", code)
	}
	for _, c := range r.ByDistrict.Cells {
		switch c.Label {
		case "종로구":
			if c.Count == nil || *c.Count != 6 {
				t.Errorf("종로구 = %v", c.Count)
			}
		case "강남구", "강동구", "마포구":
			if !c.Suppressed || c.Count != nil {
				t.Errorf("%s published", c.Label)
			}
		}
	}
	if w := r.Effects[0]; w.Suppressed || *w.People != 13 || *w.Before != 70 || *w.Change != -2 {
		t.Errorf("weight effect = %+v", w)
	}
}

// Re-identification over HTTP: the privacy officer only.
func TestReidentifyHTTP(t *testing.T) {
	srv, _ := httpEnv(t, 5)
	var ds Dataset
	if code := webtest.JSON(t, "GET", srv.URL+"/api/v1/healthcare/stats/dataset", RoleStatistician, "", &ds); code != 200 || len(ds.Participants) != 12 {
		t.Fatalf("dataset: %d %d", code, len(ds.Participants))
	}
	post := func(token, body string) int {
		return webtest.JSON(t, "POST", srv.URL+"/api/v1/healthcare/stats/reidentify", token, body, nil)
	}
	in := fmt.Sprintf(`{"pseudonym":%q,"reason":"건강 위험 안내"}`, ds.Participants[0].Pseudonym)
	if code := post(RoleStatistician, in); code != 403 {
		t.Errorf("statistician: %d, want 403", code)
	}
	if code := post(RolePrivacyOfficer, `{"pseudonym":"x"}`); code != 400 {
		t.Errorf("no reason: %d, want 400", code)
	}
	if code := post(RolePrivacyOfficer, in); code != 200 {
		t.Errorf("officer: %d, want 200", code)
	}
}
