package provision

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/partners"
	"jikimi/partners/bodyinfo"
	"jikimi/partners/maeum"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

type env struct {
	*vaulttest.Env
	p     *Provider
	body  *bodyinfo.Sim
	mind  *maeum.Sim
	subID string
}

func newEnv(t *testing.T, open vaulttest.Opener) *env {
	t.Helper()
	e := &env{Env: open(t, vaulttest.Config{}), body: bodyinfo.NewSim(), mind: maeum.NewSim()}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var keys atomic.Int64
	client := func(name string, sim http.Handler) *partners.Client {
		lb, err := partners.Listen(partners.Verified(pub, e.Clock, sim))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { lb.Close() })
		return &partners.Client{Name: name, Base: lb.URL, Key: priv, Clock: e.Clock, Sleep: func(context.Context, time.Duration) error { return nil }}
	}
	e.p = &Provider{
		Consents: &Consents{Vault: e.Vault, Policies: e.Policies, Clock: e.Clock},
		Recipients: map[string]Recipient{
			"korea-body-info": bodyinfo.HTTP{Client: client("korea-body-info", e.body)},
			"maeum-suup":      maeum.HTTP{Client: client("maeum-suup", e.mind)},
		},
		NewKey: func() (string, error) { return fmt.Sprintf("k-%d", keys.Add(1)), nil },
	}
	e.subID = e.participant(t)
	return e
}

func self(id string) vault.Actor {
	return vault.Actor{Kind: vault.Subject, ID: id, Source: "127.0.0.1"}
}

// participant enrols a synthetic participant with a height on record.
func (e *env) participant(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	id, err := e.Vault.NewSubject(ctx, vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}, Service: Service})
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []string{"purpose:enrolment", "purpose:health-service", "sensitive:health-service"} {
		if _, err := e.Vault.Give(ctx, vault.Request{Actor: self(id), Service: Service, Subject: id}, vault.Consent{Scope: sc, Channel: vault.ChannelWeb, Text: "테스트 " + sc}); err != nil {
			t.Fatal(err)
		}
	}
	put := func(purpose, rule string, vals map[string]string) {
		req := vault.Request{Actor: self(id), Service: Service, Purpose: purpose, Subject: id, Action: vault.Input}
		if _, err := e.Vault.Put(ctx, req, rule, vals); err != nil {
			t.Fatal(err)
		}
	}
	put("enrolment", "enrolment", map[string]string{"name": "김가상", "birth_date": "1980-02-03", "sex": "F", "mobile": "010-0000-0001", "residence": "마포구"})
	put("health-service", "service", map[string]string{"height": "160.0", "weight": "55.0"})
	return id
}

func TestProvisionNeedsConsent(t *testing.T) {
	e := newEnv(t, vaulttest.SQLite)
	err := e.p.Provide(context.Background(), self(e.subID), e.subID, "korea-body-info")
	var ee *errs.Error
	if !errors.As(err, &ee) || ee.Code != errs.Forbidden || ee.Reason != ReasonConsentMissing || !strings.Contains(ee.Message, "한국신체정보") {
		t.Fatalf("err = %v, want forbidden %s naming the recipient", err, ReasonConsentMissing)
	}
	if len(e.body.Received()) != 0 {
		t.Fatal("a partner received data without consent")
	}
	if err := e.p.Provide(context.Background(), self(e.subID), e.subID, "no-such-partner"); errs.Code(err) != errs.NotFound {
		t.Fatalf("unknown partner: %v", err)
	}
}

func TestProvisionGivesExactlyTheItemsAndIsLoggedAndWithdrawable(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := newEnv(t, open)
		ctx := context.Background()
		for _, id := range []string{"korea-body-info", "maeum-suup"} {
			if err := e.p.Consents.Give(ctx, self(e.subID), e.subID, id, vault.ChannelWeb); err != nil {
				t.Fatal(err)
			}
			if err := e.p.Provide(ctx, self(e.subID), e.subID, id); err != nil {
				t.Fatal(err)
			}
		}
		if got := e.body.Received(); len(got) != 1 || got[0] != (bodyinfo.Profile{SystemID: e.subID, BirthDate: "1980-02-03", Sex: "F", Height: "160.0"}) {
			t.Fatalf("home-training partner received %+v", got)
		}
		if got := e.mind.Received(); len(got) != 1 || got[0] != (maeum.Profile{SystemID: e.subID, BirthDate: "1980-02-03", Sex: "F"}) {
			t.Fatalf("mental-care partner received %+v", got)
		}
		logged := e.partnerReads(t)
		want := []string{
			"partner:korea-body-info enrolment birth_date,sex,system_id", "partner:korea-body-info health-service height",
			"partner:maeum-suup enrolment system_id,birth_date,sex",
		}
		if !slices.Equal(logged, want) {
			t.Fatalf("provisions logged: %q, want %q", logged, want)
		}

		if err := e.p.Consents.Withdraw(ctx, self(e.subID), e.subID, "maeum-suup"); err != nil {
			t.Fatal(err)
		}
		err := e.p.Provide(ctx, self(e.subID), e.subID, "maeum-suup")
		if errs.Code(err) != errs.Forbidden || len(e.mind.Received()) != 1 {
			t.Fatalf("after withdrawal: %v, %d received; want forbidden and nothing more sent", err, len(e.mind.Received()))
		}
	})
}

// partnerReads are the allowed partner reads of the log, as
// "handler purpose items", in order.
func (e *env) partnerReads(t *testing.T) []string {
	t.Helper()
	all := e.Entries(t)
	var out []string
	for _, x := range all {
		if strings.HasPrefix(x.Handler, "partner:") && x.Outcome == audit.Allowed {
			out = append(out, x.Handler+" "+x.Purpose+" "+strings.Join(x.Items, ","))
		}
	}
	slices.Sort(out)
	return out
}

func TestConnectorsSendThePolicysItems(t *testing.T) {
	e := newEnv(t, vaulttest.SQLite)
	for id, items := range map[string][]string{"korea-body-info": bodyinfo.Items, "maeum-suup": maeum.Items} {
		pr, err := e.p.Consents.Provision(id)
		if err != nil {
			t.Fatal(err)
		}
		var declared []string
		for _, ref := range pr.Items {
			_, item, _ := strings.Cut(ref, "/")
			declared = append(declared, item)
		}
		if !slices.Equal(declared, items) {
			t.Errorf("%s: the connector sends %v, the policy provides %v", id, items, declared)
		}
	}
	err := bodyinfo.HTTP{}.Provide(context.Background(), "k", map[string]string{"birth_date": "x", "sex": "F", "height": "1", "system_id": "s", "mobile": "010-0000-0001"})
	if errs.Code(err) != errs.Invalid || strings.Contains(err.Error(), "010") {
		t.Fatalf("an extra item: %v, want invalid without the value", err)
	}
}
