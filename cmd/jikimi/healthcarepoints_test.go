package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"jikimi/clock"
	"jikimi/healthcare/measure"
)

// The demo participant's steps of yesterday earn points through the real
// server; the points convert into 서울페이 at the card company's simulator
// once the participant consents to that provision.
func TestHealthcarePointsEndToEnd(t *testing.T) {
	t.Parallel()
	s, data, creds := startDemo(t)
	c := &bokjiroClient{t: t, base: s.url}
	p := creds.Citizens[0]
	if p.Label != "participant 1" || p.DeviceToken == "" {
		t.Fatalf("demo participant 1: %+v", p.Label)
	}
	now := clock.System{}.Now()
	yesterday := measure.DateOf(now).AddDays(-1)
	at := yesterday.Start().Add(9 * time.Hour).UTC().Format(time.RFC3339)
	c.do("POST", "/api/v1/healthcare/sync", p.DeviceToken, fmt.Sprintf(`[{"header":{"id":"e2e-steps","creation_date_time":%q,`+
		`"schema_id":{"namespace":"omh","name":"step-count","version":"3.0"}},"body":{"step_count":{"value":6000,"unit":"steps"},`+
		`"effective_time_frame":{"time_interval":{"start_date_time":%q,"duration":{"value":1,"unit":"h"}}}}}]`, at, at), 200)
	op := c.staff(data, "demo.operator")
	run := c.do("POST", "/api/v1/healthcare/points/runs", op, `{"day":"`+yesterday.String()+`"}`, 200)
	me := c.do("POST", "/api/v1/session", "", `{"service":"seoul-healthcare","login":"`+p.Login+`","password":"`+p.Password+`"}`, 201)["token"].(string)
	if b := c.do("GET", "/api/v1/healthcare/points", me, "", 200)["balance"]; b != 200.0 {
		t.Fatalf("balance %v after the run %v; want 200 (born 1950: 5,000 steps suffice)", b, run)
	}
	if d := c.do("GET", "/api/v1/seoul-healthcare/me/data", me, "", 200); !strings.Contains(toJSON(d["held_elsewhere"]), `"label":"잔액","value":"200"`) {
		t.Fatalf("the access answer does not show the points: %s", toJSON(d["held_elsewhere"]))
	}
	c.do("POST", "/api/v1/healthcare/points/conversions", me, `{"points":150}`, 403)
	c.do("POST", "/api/v1/healthcare/provisions/shinhan-card/consent", me, "", 204)
	c.do("POST", "/api/v1/healthcare/points/conversions", me, `{"points":201}`, 409)
	c.do("POST", "/api/v1/healthcare/points/conversions", me, `{"points":150}`, 202)
	for try := 0; ; try++ { // the conversion worker polls every 5 seconds
		got, _ := json.Marshal(c.do("GET", "/api/v1/healthcare/points/conversions", me, "", 200))
		if strings.Contains(string(got), `"status":"done"`) {
			break
		}
		if try == 100 {
			t.Fatalf("the conversion was not done: %s", got)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if b := c.do("GET", "/api/v1/healthcare/points", me, "", 200)["balance"]; b != 50.0 {
		t.Fatalf("balance %v, want 50", b)
	}
}
