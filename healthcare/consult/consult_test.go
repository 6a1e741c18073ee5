package consult

import (
	"context"
	"strings"
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/store/sqlite/sqlitetest"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

var ctx = context.Background()

var counsellor = vault.Actor{Kind: vault.Staff, ID: "stf_counsellor", Role: RoleCounsellor, Source: "127.0.0.1"}

func newService(e *vaulttest.Env) *Consultations {
	return &Consultations{Gate: e.Vault, SQL: e.SQL(), Clock: e.Clock}
}

// participant enrols a subject with the given consents.
func participant(t *testing.T, e *vaulttest.Env, scopes ...string) vault.Actor {
	return e.Subject(t, Service, scopes...)
}

var healthConsents = []string{"purpose:health-service", "sensitive:health-service"}

func queued(t *testing.T, e *vaulttest.Env) int {
	t.Helper()
	return e.Rows(t, "hc_consultations")
}

// A question goes to the queue, a counsellor opens and answers it, the
// participant reads the answer, and a second answer changes nothing.
func TestAskAndAnswer(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		c := newService(e)
		p := participant(t, e, healthConsents...)
		asked, err := c.Ask(ctx, p, "  가상 질문: 무릎이 아플 때 걷기를 계속해도 되나요?  ")
		if err != nil {
			t.Fatal(err)
		}
		q, err := c.Queue(ctx, counsellor)
		if err != nil || len(q) != 1 || q[0].ID != asked.ID {
			t.Fatalf("queue = %+v, %v", q, err)
		}
		got, err := c.Open(ctx, counsellor, asked.ID)
		if err != nil || got.Question != "가상 질문: 무릎이 아플 때 걷기를 계속해도 되나요?" || got.Answer != "" {
			t.Fatalf("open = %+v, %v", got, err)
		}
		e.Clock.Advance(3600e9)
		if _, err := c.Answer(ctx, counsellor, asked.ID, "가상 답변: 통증이 있으면 쉬세요."); err != nil {
			t.Fatal(err)
		}
		mine, err := c.Mine(ctx, p)
		if err != nil || len(mine) != 1 || mine[0].Answer != "가상 답변: 통증이 있으면 쉬세요." || mine[0].AnsweredAt == nil {
			t.Fatalf("mine = %+v, %v", mine, err)
		}
		if q, _ := c.Queue(ctx, counsellor); len(q) != 0 {
			t.Fatalf("an answered consultation stays queued: %+v", q)
		}
		_, err = c.Answer(ctx, counsellor, asked.ID, "다른 답변")
		errstest.Want(t, err, errs.Conflict, "already_answered")
		if mine, _ := c.Mine(ctx, p); mine[0].Answer != "가상 답변: 통증이 있으면 쉬세요." {
			t.Fatal("a second answer overwrote the first")
		}
		other := participant(t, e, healthConsents...)
		if theirs, err := c.Mine(ctx, other); err != nil || len(theirs) != 0 {
			t.Fatalf("another participant sees %d consultations (%v)", len(theirs), err)
		}
	})
}

// Bad input is refused with its reason, and nothing is written.
func TestAskRefusals(t *testing.T) {
	e := vaulttest.SQLite(t, vaulttest.Config{})
	c := newService(e)
	p := participant(t, e, healthConsents...)
	cases := map[string]struct {
		question, reason string
		code             string
	}{
		"blank":    {" \n ", "empty_question", errs.Invalid},
		"too long": {strings.Repeat("가", MaxQuestion+1), "question_too_long", errs.Invalid},
		"control":  {"질문\x00", "bad_question", errs.Invalid},
		"bidi":     {"질문 \u2067숨김\u2069", "bad_question", errs.Invalid},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := c.Ask(ctx, p, tc.question)
			errstest.Want(t, err, tc.code, tc.reason)
		})
	}
	_, err := c.Ask(ctx, participant(t, e, "purpose:health-service"), "민감정보 동의 없이")
	errstest.Want(t, err, errs.Forbidden, vault.ReasonConsentMissing)
	if n := queued(t, e); n != 0 {
		t.Fatalf("%d queue rows after refusals", n)
	}
	if _, err := c.Ask(ctx, p, strings.Repeat("가", MaxQuestion)); err != nil {
		t.Fatalf("a question of exactly the limit: %v", err)
	}
}

// Only a counsellor sees the queue, opens or answers; an unknown ID is
// not_found; an empty answer is refused and leaves the queue as it was.
func TestCounsellorOnly(t *testing.T) {
	e := vaulttest.SQLite(t, vaulttest.Config{})
	c := newService(e)
	p := participant(t, e, healthConsents...)
	asked, err := c.Ask(ctx, p, "가상 질문")
	if err != nil {
		t.Fatal(err)
	}
	operator := vault.Actor{Kind: vault.Staff, ID: "stf_op", Role: "health-operator", Source: "127.0.0.1"}
	for _, a := range []vault.Actor{operator, p} {
		if _, err := c.Queue(ctx, a); errs.Code(err) != errs.Forbidden {
			t.Errorf("queue by %s: %v", a.Kind, err)
		}
		if _, err := c.Open(ctx, a, asked.ID); errs.Code(err) != errs.Forbidden {
			t.Errorf("open by %s: %v", a.Kind, err)
		}
		if _, err := c.Answer(ctx, a, asked.ID, "답"); errs.Code(err) != errs.Forbidden {
			t.Errorf("answer by %s: %v", a.Kind, err)
		}
	}
	if _, err := c.Open(ctx, counsellor, "rec_knope"); errs.Code(err) != errs.NotFound {
		t.Errorf("unknown: %v", err)
	}
	_, err = c.Answer(ctx, counsellor, asked.ID, "   ")
	errstest.Want(t, err, errs.Invalid, "empty_answer")
	if q, _ := c.Queue(ctx, counsellor); len(q) != 1 {
		t.Fatal("a refused answer dequeued the consultation")
	}
}

// The question is sealed: the raw database file never holds it.
func TestQuestionSealed(t *testing.T) {
	e := vaulttest.SQLite(t, vaulttest.Config{})
	c := newService(e)
	const secret = "가상비밀질문-SYNTHETIC-7731"
	if _, err := c.Ask(ctx, participant(t, e, healthConsents...), secret); err != nil {
		t.Fatal(err)
	}
	if err := e.Store.Close(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(sqlitetest.Bytes(t, e.DBPath)), "SYNTHETIC-7731") {
		t.Fatal("the question is in the clear in the database files")
	}
}
