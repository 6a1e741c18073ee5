package enrol_test

import (
	"context"
	"testing"

	"jikimi/citizen"
	"jikimi/healthcare/devices"
	"jikimi/healthcare/enrol"
	"jikimi/partners/identity"
	"jikimi/partners/partnerstest"
	"jikimi/password"
	"jikimi/vault/vaulttest"
)

var ctx = context.Background()

const pw = "가상-Passw0rd!"

type fixture struct {
	env      *vaulttest.Env
	accounts *citizen.Accounts
	devices  *devices.Registry
	sim      *identity.Sim
	identity identity.Connector
	s        *enrol.Service
}

func newFixture(t *testing.T, open vaulttest.Opener) *fixture {
	t.Helper()
	if open == nil {
		open = vaulttest.SQLite
	}
	env := open(t, vaulttest.Config{})
	f := &fixture{env: env}
	client, sim := partnerstest.Sim(t, "identity", identity.NewSim)
	f.sim = sim
	f.accounts = citizen.New(citizen.Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock, Hasher: password.NewHasher(password.MinParams(), 4, nil)})
	f.devices = devices.New(devices.Config{Vault: env.Vault, SQL: env.SQL(), Clock: env.Clock})
	f.identity = identity.Connector{Client: client}
	f.s = enrol.New(enrol.Config{Vault: env.Vault, Policies: env.Policies, Accounts: f.accounts, Devices: f.devices,
		Identity: f.identity, Clock: env.Clock})
	return f
}

var allConsents = []string{"purpose:enrolment", "purpose:health-service", "sensitive:health-service",
	"purpose:watch-delivery", "purpose:duplicate-prevention", "purpose:city-info"}

// application is a valid, synthetic form for person n (가상, zeros).
func application(n string) enrol.Application {
	return enrol.Application{
		Login: "demo_user" + n, Password: pw,
		Name: "김가상" + n, BirthDate: "1950-01-01", Sex: "F", Mobile: "010-0000-000" + n,
		District: "서울특별시 종로구", SeoulTie: enrol.TieResidence,
		DeliveryAddress: "서울특별시 종로구 가상로 0000", DeliveryContact: "010-0000-000" + n,
		Consents: allConsents,
	}
}

// verify starts a verification of the application's claim and names it.
func (f *fixture) verify(t *testing.T, a enrol.Application) enrol.Application {
	t.Helper()
	id, err := f.s.StartVerification(ctx, "key-"+a.Login+a.Mobile, identity.Claim{Name: a.Name, BirthDate: a.BirthDate, Sex: a.Sex, Mobile: a.Mobile})
	if err != nil {
		t.Fatal(err)
	}
	a.Verification = id
	return a
}

func (f *fixture) enrol(t *testing.T, a enrol.Application) enrol.Enrolled {
	t.Helper()
	e, err := f.s.Enrol(ctx, f.verify(t, a), "127.0.0.1")
	if err != nil {
		t.Fatalf("Enrol: %v", err)
	}
	return e
}

// counts are the rows of every personal-data table, to show nothing was
// half-written.
func (f *fixture) counts(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"pd_subjects", "pd_records", "pd_consents", "pd_index", "pd_keys", "hc_devices", "citizen_sessions"} {
		out[table] = f.env.Rows(t, table)
	}
	return out
}

func claimOf(a enrol.Application) identity.Claim {
	return identity.Claim{Name: a.Name, BirthDate: a.BirthDate, Sex: a.Sex, Mobile: a.Mobile}
}

func syntheticCI(a enrol.Application) string { return identity.SyntheticCI(claimOf(a)) }
