package cityinfo

import (
	"context"
	"slices"
	"testing"

	"jikimi/errs"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

func self(id string) vault.Actor {
	return vault.Actor{Kind: vault.Subject, ID: id, Source: "127.0.0.1"}
}

var operator = vault.Actor{Kind: vault.Staff, ID: "stf_test", Role: "health-operator", Source: "127.0.0.1"}

func enrol(t *testing.T, e *vaulttest.Env, born, sex, district string) string {
	t.Helper()
	ctx := context.Background()
	id, err := e.Vault.NewSubject(ctx, vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}, Service: ServiceName})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Vault.Give(ctx, vault.Request{Actor: self(id), Service: ServiceName, Subject: id}, vault.Consent{Scope: "purpose:enrolment", Channel: vault.ChannelWeb, Text: "테스트"}); err != nil {
		t.Fatal(err)
	}
	req := vault.Request{Actor: self(id), Service: ServiceName, Purpose: "enrolment", Subject: id, Action: vault.Input}
	vals := map[string]string{"name": "김가상", "birth_date": born, "sex": sex, "mobile": "010-0000-0001", "residence": district}
	if _, err := e.Vault.Put(ctx, req, "enrolment", vals); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSelectReturnsOnlyConsentingMatches(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, vaulttest.Config{})
		ti := &Targeting{SQL: e.SQL(), Vault: e.Vault, Policies: e.Policies, Clock: e.Clock}
		ctx := context.Background()
		// The clock is at 2026-03-02.
		senior := enrol(t, e, "1950-01-01", "F", "마포구")
		young := enrol(t, e, "1995-06-01", "F", "마포구")
		elsewhere := enrol(t, e, "1952-01-01", "F", "종로구")
		quitter := enrol(t, e, "1951-01-01", "F", "마포구")
		never := enrol(t, e, "1950-01-01", "F", "마포구") // no city-info consent
		for _, id := range []string{senior, young, elsewhere, quitter} {
			if err := ti.OptIn(ctx, self(id), id, vault.ChannelWeb); err != nil {
				t.Fatal(err)
			}
		}
		if err := ti.OptOut(ctx, self(quitter), quitter); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			c    Criteria
			want []string
		}{
			{"마포구 women 65+", Criteria{District: "마포구", MinAge: 65, Sex: "F"}, []string{senior}},
			{"everyone", Criteria{}, []string{senior, young, elsewhere}},
			{"20 to 39", Criteria{MinAge: 20, MaxAge: 39}, []string{young}},
			{"men", Criteria{Sex: "M"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := ti.Select(ctx, operator, tc.c)
				if err != nil {
					t.Fatal(err)
				}
				slices.Sort(got)
				want := slices.Clone(tc.want)
				slices.Sort(want)
				if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
					t.Fatalf("selected %v, want %v", got, want)
				}
				if slices.Contains(got, never) || slices.Contains(got, quitter) {
					t.Fatal("selected a participant without the consent")
				}
			})
		}
	})
}

func TestSelectRefusesBadCriteria(t *testing.T) {
	e := vaulttest.SQLite(t, vaulttest.Config{})
	ti := &Targeting{SQL: e.SQL(), Vault: e.Vault, Policies: e.Policies, Clock: e.Clock}
	for name, c := range map[string]Criteria{
		"sex":          {Sex: "X"},
		"negative age": {MinAge: -1},
		"inverted":     {MinAge: 40, MaxAge: 30},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ti.Select(context.Background(), operator, c)
			if e, ok := err.(*errs.Error); !ok || e.Code != errs.Invalid || e.Reason != ReasonBadCriteria {
				t.Fatalf("err = %v, want invalid %s", err, ReasonBadCriteria)
			}
		})
	}
}

func TestOptInNeedsACompleteEnrolmentAndWritesNothingOtherwise(t *testing.T) {
	e := vaulttest.SQLite(t, vaulttest.Config{})
	ti := &Targeting{SQL: e.SQL(), Vault: e.Vault, Policies: e.Policies, Clock: e.Clock}
	id := enrol(t, e, "1950-01-01", "F", "")
	err := ti.OptIn(context.Background(), self(id), id, vault.ChannelWeb)
	if errs.Code(err) != errs.NotFound {
		t.Fatalf("err = %v, want not_found enrolment_incomplete", err)
	}
	cs, _ := e.Vault.Consents(context.Background(), vault.Request{Actor: self(id), Service: ServiceName, Subject: id})
	var n int
	e.SQL().Reader().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM hc_cityinfo_members`).Scan(&n)
	if len(cs) != 1 || n != 0 {
		t.Fatalf("consents %d, members %d: want the enrolment consent only and no member", len(cs), n)
	}
}
