package survey

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

var ctx = context.Background()

func answers(s string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		panic(err)
	}
	return m
}

func embedded(t *testing.T) Survey {
	t.Helper()
	ss, err := Load()
	if err != nil || len(ss) == 0 {
		t.Fatalf("Load: %v", err)
	}
	return ss[0]
}

func TestValidate(t *testing.T) {
	s := embedded(t)
	cases := map[string]struct{ in, reason string }{
		"complete":          {`{"overall":5,"watch":4,"habit":"걷기","comment":" 좋아요 "}`, ""},
		"only required":     {`{"overall":1,"watch":3}`, ""},
		"missing required":  {`{"overall":5}`, "missing_answer"},
		"scale too high":    {`{"overall":6,"watch":3}`, "bad_answer"},
		"scale not integer": {`{"overall":2.5,"watch":3}`, "bad_answer"},
		"not an option":     {`{"overall":5,"watch":3,"habit":"등산"}`, "bad_answer"},
		"unknown question":  {`{"overall":5,"watch":3,"age":40}`, "unknown_question"},
		"text too long":     {`{"overall":5,"watch":3,"comment":"` + strings.Repeat("가", MaxText+1) + `"}`, "answer_too_long"},
		"control character": {`{"overall":5,"watch":3,"comment":"a\u0000b"}`, "bad_answer"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			out, err := s.Validate(answers(c.in))
			if c.reason == "" {
				if err != nil {
					t.Fatal(err)
				}
				if name == "complete" && (out["overall"] != 5 || out["comment"] != "좋아요") {
					t.Fatalf("normalised = %v", out)
				}
				return
			}
			errstest.Want(t, err, errs.Invalid, c.reason)
		})
	}
}

func TestParseRefuses(t *testing.T) {
	cases := map[string]string{
		"unknown key":       "- {id: s, title: t, consent: c, questions: [{id: q, kind: scale, text: x}], extra: 1}",
		"no questions":      "- {id: s, title: t, consent: c, questions: []}",
		"no consent":        "- {id: s, title: t, questions: [{id: q, kind: scale, text: x}]}",
		"unknown kind":      "- {id: s, title: t, consent: c, questions: [{id: q, kind: stars, text: x}]}",
		"choice no options": "- {id: s, title: t, consent: c, questions: [{id: q, kind: choice, text: x}]}",
		"question twice":    "- {id: s, title: t, consent: c, questions: [{id: q, kind: scale, text: x}, {id: q, kind: text, text: y}]}",
	}
	for name, y := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse([]byte(y)); errs.Code(err) != errs.Invalid {
				t.Fatalf("Parse: %v, want invalid", err)
			}
		})
	}
}

func participant(t *testing.T, e *vaulttest.Env, scopes ...string) vault.Actor {
	return e.Subject(t, Service, scopes...)
}

// written counts answer rows and optional-item consents of a participant.
func written(t *testing.T, e *vaulttest.Env, p vault.Actor) (rows, consents int) {
	t.Helper()
	if err := e.SQL().Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM hc_survey_answers WHERE subject_id = ?`, p.ID).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	cs, err := e.Vault.Consents(ctx, vault.Request{Actor: p, Service: Service, Subject: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Scope == ConsentScope {
			consents++
		}
	}
	return rows, consents
}

// A participant answers once, with the consent recorded; the answers are
// read back through the gate; a second answer changes nothing.
func TestAnswerOnce(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		sv := embedded(t)
		s := &Surveys{Gate: e.Vault, SQL: e.SQL(), Clock: e.Clock, Surveys: []Survey{sv}}
		p := participant(t, e, "purpose:health-service")
		if _, err := s.Answer(ctx, p, sv.ID, true, answers(`{"overall":4,"watch":5,"habit":"수면"}`)); err != nil {
			t.Fatal(err)
		}
		mine, err := s.Mine(ctx, p, sv.ID)
		if err != nil || mine.Answers["habit"] != "수면" || mine.Answers["overall"] != float64(4) {
			t.Fatalf("mine = %+v, %v", mine, err)
		}
		list, err := s.List(ctx, p)
		if err != nil || len(list) != 1 || !list[0].Answered || list[0].AnsweredAt == nil {
			t.Fatalf("list = %+v, %v", list, err)
		}
		_, err = s.Answer(ctx, p, sv.ID, true, answers(`{"overall":1,"watch":1}`))
		errstest.Want(t, err, errs.Conflict, "already_answered")
		if rows, consents := written(t, e, p); rows != 1 || consents != 1 {
			t.Fatalf("after a second answer: %d rows, %d consents", rows, consents)
		}
		if again, _ := s.Mine(ctx, p, sv.ID); again.Answers["overall"] != float64(4) {
			t.Fatal("a second answer overwrote the first")
		}
	})
}

// Refusals write nothing: no consent row, no answer.
func TestAnswerRefusals(t *testing.T) {
	e := vaulttest.SQLite(t, vaulttest.Config{})
	sv := embedded(t)
	s := &Surveys{Gate: e.Vault, SQL: e.SQL(), Clock: e.Clock, Surveys: []Survey{sv}}
	p := participant(t, e, "purpose:health-service")
	_, err := s.Answer(ctx, p, sv.ID, false, answers(`{"overall":4,"watch":5}`))
	errstest.Want(t, err, errs.Invalid, "consent_required")
	_, err = s.Answer(ctx, p, sv.ID, true, answers(`{"overall":9,"watch":5}`))
	errstest.Want(t, err, errs.Invalid, "bad_answer")
	if _, err := s.Answer(ctx, p, "nope", true, answers(`{}`)); errs.Code(err) != errs.NotFound {
		t.Fatalf("unknown survey: %v", err)
	}
	if rows, consents := written(t, e, p); rows != 0 || consents != 0 {
		t.Fatalf("refusals wrote %d rows, %d consents", rows, consents)
	}
	bare := participant(t, e)
	_, err = s.Answer(ctx, bare, sv.ID, true, answers(`{"overall":4,"watch":5}`))
	errstest.Want(t, err, errs.Forbidden, vault.ReasonConsentMissing)
	if rows, consents := written(t, e, bare); rows != 0 || consents != 0 {
		t.Fatalf("a refusal without the purpose consent wrote %d rows, %d consents", rows, consents)
	}
}
