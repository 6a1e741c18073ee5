package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"jikimi/clock"
	"jikimi/errs"
)

var echoFragment = []byte(`
paths:
  /api/v1/echo:
    post:
      operationId: echo
      responses:
        "200": {description: ok}
components:
  schemas:
    Echo: {type: object}
`)

func echoMount() Mount {
	return Mount{Name: "echo", OpenAPI: echoFragment, Routes: []Route{{"POST", "/api/v1/echo", func(w http.ResponseWriter, r *http.Request) error {
		var in struct {
			Word string `json:"word"`
		}
		if err := Decode(r, 64, &in); err != nil {
			return err
		}
		JSON(w, http.StatusOK, in)
		return nil
	}}}}
}

func quietServer(mounts ...Mount) *Server {
	return &Server{Clock: clock.System{}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Mounts: mounts}
}

// A mounted service is served, and its fragment joins the served document.
func TestMountServedAndDocumented(t *testing.T) {
	h, err := quietServer(echoMount()).Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	defer ts.Close()
	res, err := http.Post(ts.URL+"/api/v1/echo", "application/json", strings.NewReader(`{"word":"hi"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"hi"`) {
		t.Fatalf("status %d body %s", res.StatusCode, body)
	}
	res, err = http.Get(ts.URL + "/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{"/api/v1/echo", "x-jikimi-mount: echo", "Echo:", "/privacy/{service}", "operationId: healthz"} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("served document lacks %q", want)
		}
	}
}

func TestMountConflicts(t *testing.T) {
	if _, err := quietServer(echoMount(), echoMount()).Handler(); err == nil {
		t.Fatal("two mounts of the same route: no error")
	}
	m := echoMount()
	m.Name, m.OpenAPI = "other", []byte("paths:\n  /healthz:\n    get: {}\n")
	m.Routes = nil
	if _, err := quietServer(m).Handler(); err == nil || !strings.Contains(err.Error(), "/healthz") {
		t.Fatalf("fragment redeclaring a path: %v", err)
	}
	m.OpenAPI = []byte("paths: [")
	if _, err := quietServer(m).Handler(); err == nil {
		t.Fatal("malformed fragment: no error")
	}
}

func TestCheckMount(t *testing.T) {
	if err := CheckMount(echoMount()); err != nil {
		t.Fatal(err)
	}
	m := echoMount()
	m.Routes = append(m.Routes, Route{"GET", "/api/v1/echo", nil})
	if err := CheckMount(m); err == nil {
		t.Fatal("undocumented route: no error")
	}
	m = echoMount()
	m.Routes = nil
	if err := CheckMount(m); err == nil {
		t.Fatal("documented but not served: no error")
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"empty", ``, "empty"},
		{"malformed", `{"word":`, "malformed"},
		{"unknown field", `{"word":"x","extra":1}`, `unknown field "extra"`},
		{"wrong type", `{"word":5}`, `field "word"`},
		{"trailing", `{"word":"x"} {}`, "trailing"},
		{"too big", `{"word":"` + strings.Repeat("가", 40) + `"}`, "larger than 64 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", "application/json")
			var v struct {
				Word string `json:"word"`
			}
			err := Decode(r, 64, &v)
			if errs.Code(err) != errs.Invalid || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want invalid with %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "가") {
				t.Fatal("error quotes the body")
			}
		})
	}
}

// Only JSON media types are decoded: application/json (with or without a
// charset) and the +json types (FHIR).
func TestDecodeNeedsJSON(t *testing.T) {
	for ctype, ok := range map[string]bool{"application/json": true, "application/json; charset=utf-8": true, "application/fhir+json": true,
		"": false, "text/plain": false, "application/x-www-form-urlencoded": false, "text/json+x": false} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(`{"word":"x"}`))
		if ctype != "" {
			r.Header.Set("Content-Type", ctype)
		}
		var v struct {
			Word string `json:"word"`
		}
		err := Decode(r, 64, &v)
		if ok != (err == nil) || !ok && errs.Code(err) != errs.Unsupported {
			t.Errorf("%q: %v", ctype, err)
		}
	}
}

func TestBearerAndClientIP(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Bearer  tok123 ")
	r.RemoteAddr = "127.0.0.1:5555"
	if Bearer(r) != "tok123" || ClientIP(r) != "127.0.0.1" {
		t.Fatalf("Bearer %q ClientIP %q", Bearer(r), ClientIP(r))
	}
	r.Header.Set("Authorization", "Basic abc")
	if Bearer(r) != "" {
		t.Fatal("Basic taken as Bearer")
	}
}

// A key written twice anywhere and invalid UTF-8 are refused (encoding/json
// would keep the last key and replace bad bytes); the same key in two
// objects is fine.
func TestDecodeRefusesDuplicateKeysAndBadUTF8(t *testing.T) {
	type body struct {
		Outcome *string           `json:"outcome"`
		Items   map[string]string `json:"items"`
		List    []map[string]int  `json:"list"`
	}
	tests := []struct{ name, body, want string }{
		{"duplicate key", `{"outcome":"approved","outcome":null}`, `key "outcome" is written twice`},
		{"duplicate nested key", `{"items":{"name":"가","name":"나"}}`, `key "name" is written twice`},
		{"duplicate key in a list", `{"list":[{"a":1},{"b":1,"b":2}]}`, `key "b" is written twice`},
		{"invalid UTF-8", "{\"outcome\":\"\xff\xfe\"}", "not valid UTF-8"},
		{"ok", `{"outcome":"approved","items":{"outcome":"x"},"list":[{"a":1},{"a":2}]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v body
			r := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", "application/json")
			err := Decode(r, 1024, &v)
			if tt.want == "" {
				if err != nil || *v.Outcome != "approved" || len(v.List) != 2 {
					t.Fatalf("got %v %+v", err, v)
				}
				return
			}
			if errs.Code(err) != errs.Invalid || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want invalid with %q", err, tt.want)
			}
		})
	}
}
