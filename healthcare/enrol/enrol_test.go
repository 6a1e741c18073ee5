package enrol_test

import (
	"maps"
	"sync"
	"testing"
	"time"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/healthcare/enrol"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

func TestEnrolLogInLinkWatch(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		e := f.enrol(t, application("1"))
		if e.Subject == "" || len(e.SystemID) != 13 {
			t.Fatalf("Enrolled = %+v", e)
		}
		s, err := f.accounts.Login(ctx, enrol.ServiceName, enrol.PurposeEnrolment, "Demo_User1", pw, "127.0.0.1")
		if err != nil || s.Subject != e.Subject {
			t.Fatalf("Login = %+v, %v", s, err)
		}
		sys := vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}
		read := func(purpose string, items ...string) map[string]string {
			recs, err := f.env.Vault.List(ctx, vault.Request{Actor: sys, Service: enrol.ServiceName, Purpose: purpose, Subject: e.Subject, Items: items, Action: vault.View})
			if err != nil || len(recs) > 1 {
				t.Fatalf("List %s = %v, %v", purpose, recs, err)
			}
			if len(recs) == 0 {
				return nil
			}
			return recs[0].Values
		}
		if got := read("enrolment", "residence", "mobile", "system_id"); got["residence"] != "서울특별시 종로구" || got["mobile"] != "01000000001" || got["system_id"] != e.SystemID {
			t.Fatalf("enrolment record %v", got)
		}
		if got := read("city-info", "residence"); got["residence"] != "서울특별시 종로구" {
			t.Fatalf("city-info record %v", got)
		}
		if got := read("watch-delivery", "delivery_address"); got["delivery_address"] == "" {
			t.Fatal("no delivery record")
		}
		if _, _, err := f.devices.Link(ctx, e.Subject, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if got := read("watch-delivery", "delivery_address"); got != nil {
			t.Fatalf("delivery data after linking: %v", got)
		}
	})
}

// Without the optional city-info consent its records are not written.
func TestCityInfoOnlyWithConsent(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	a := application("1")
	a.Consents = allConsents[:5]
	e := f.enrol(t, a)
	var n int
	f.env.SQL().Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM pd_records WHERE subject_id = ? AND purpose = 'city-info'`, e.Subject).Scan(&n)
	if n != 0 {
		t.Fatalf("%d city-info records without consent", n)
	}
}

// Every bad input has its own code and reason, and writes nothing.
func TestBadInputWritesNothing(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	f.enrol(t, application("1"))
	f.sim.OverrideCI("010-0000-0008", "not-a-ci")
	tests := []struct {
		name         string
		edit         func(*enrol.Application)
		code, reason string
	}{
		{"malformed login", func(a *enrol.Application) { a.Login = "가상" }, errs.Invalid, "malformed_login"},
		{"weak password", func(a *enrol.Application) { a.Password = "short" }, errs.Invalid, "weak_password"},
		{"empty name", func(a *enrol.Application) { a.Name = " " }, errs.Invalid, "malformed_name"},
		{"february 30", func(a *enrol.Application) { a.BirthDate = "1950-02-30" }, errs.Invalid, "impossible_birth_date"},
		{"not a leap year", func(a *enrol.Application) { a.BirthDate = "1951-02-29" }, errs.Invalid, "impossible_birth_date"},
		{"month 13", func(a *enrol.Application) { a.BirthDate = "1950-13-01" }, errs.Invalid, "impossible_birth_date"},
		{"born tomorrow", func(a *enrol.Application) { a.BirthDate = "2026-03-03" }, errs.Invalid, "impossible_birth_date"},
		{"born 1899", func(a *enrol.Application) { a.BirthDate = "1899-12-31" }, errs.Invalid, "impossible_birth_date"},
		{"unpadded date", func(a *enrol.Application) { a.BirthDate = "1950-1-1" }, errs.Invalid, "impossible_birth_date"},
		{"sex", func(a *enrol.Application) { a.Sex = "X" }, errs.Invalid, "malformed_sex"},
		{"landline", func(a *enrol.Application) { a.Mobile = "02-0000-0000" }, errs.Invalid, "malformed_mobile"},
		{"short mobile", func(a *enrol.Application) { a.Mobile = "010-000-000" }, errs.Invalid, "malformed_mobile"},
		{"district off the list", func(a *enrol.Application) { a.District = "서울특별시 가상구" }, errs.Invalid, "unknown_district"},
		{"district without 시/도", func(a *enrol.Application) { a.District = "종로구" }, errs.Invalid, "unknown_district"},
		{"living outside Seoul", func(a *enrol.Application) { a.District = "경기도 수원시" }, errs.Invalid, "not_eligible"},
		{"unknown tie", func(a *enrol.Application) { a.SeoulTie = "visit" }, errs.Invalid, "malformed_seoul_tie"},
		{"no delivery address", func(a *enrol.Application) { a.DeliveryAddress = "" }, errs.Invalid, "malformed_delivery_address"},
		{"bad delivery contact", func(a *enrol.Application) { a.DeliveryContact = "없음" }, errs.Invalid, "malformed_delivery_contact"},
		{"required consent missing", func(a *enrol.Application) { a.Consents = allConsents[1:] }, errs.Invalid, "consent_required"},
		{"sensitive consent missing", func(a *enrol.Application) {
			a.Consents = []string{"purpose:enrolment", "purpose:health-service", "purpose:watch-delivery", "purpose:duplicate-prevention"}
		}, errs.Invalid, "consent_required"},
		{"unknown consent", func(a *enrol.Application) { a.Consents = append(a.Consents, "provision:shinhan-card") }, errs.Invalid, "unknown_consent"},
		{"no verification", func(a *enrol.Application) { a.Verification = "" }, errs.Invalid, "unknown_verification"},
		{"unknown verification", func(a *enrol.Application) { a.Verification = "ver_nothing" }, errs.Invalid, "unknown_verification"},
		{"someone else's verification", func(a *enrol.Application) { a.Name = "박가상" }, errs.Invalid, "identity_mismatch"},
		{"malformed CI", func(a *enrol.Application) { a.Mobile, a.DeliveryContact = "010-0000-0008", "010-0000-0008" }, errs.Invalid, "malformed_ci"},
		{"same person again", func(a *enrol.Application) { a.Login, a.Mobile = "demo_other", "010-0000-0009" }, errs.Conflict, "duplicate_enrolment"},
		{"login taken", func(a *enrol.Application) { a.Name = "이가상" }, errs.Conflict, "login_taken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := application("1")
			if tt.name == "login taken" {
				a = application("2")
				a.Login = "demo_user1"
			}
			if tt.name != "someone else's verification" && tt.name != "no verification" && tt.name != "unknown verification" {
				tt.edit(&a)
				if tt.code != errs.Invalid || tt.reason == "malformed_ci" || tt.reason == "identity_mismatch" {
					a = f.verify(t, a)
				} else {
					a.Verification = "ver_never_read"
				}
			} else {
				a = f.verify(t, a)
				tt.edit(&a)
			}
			before := f.counts(t)
			_, err := f.s.Enrol(ctx, a, "127.0.0.1")
			errstest.Want(t, err, tt.code, tt.reason)
			if after := f.counts(t); !maps.Equal(before, after) {
				t.Fatalf("written: %v -> %v", before, after)
			}
		})
	}
}

func TestStartVerificationRefusesBadClaims(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	a := application("1")
	a.BirthDate = "1950-02-30"
	_, err := f.s.StartVerification(ctx, "k", claimOf(a))
	errstest.Want(t, err, errs.Invalid, "impossible_birth_date")
	a = application("1")
	a.Mobile = "02-0000-0000"
	_, err = f.s.StartVerification(ctx, "k", claimOf(a))
	errstest.Want(t, err, errs.Invalid, "malformed_mobile")
}

// Two instances enrolling one person at once, both past the duplicate
// check before either writes, never enrol them twice.
func TestConcurrentEnrolmentsOfOnePerson(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	second := enrol.New(enrol.Config{Vault: f.env.Vault, Policies: f.env.Policies, Accounts: f.accounts, Devices: f.devices,
		Identity: f.identity, Clock: f.env.Clock})
	var barrier sync.WaitGroup
	barrier.Add(2)
	meet := func() { barrier.Done(); barrier.Wait() }
	enrol.SetChecked(f.s, meet)
	enrol.SetChecked(second, meet)
	apps := []enrol.Application{application("1"), application("1")}
	apps[1].Login = "demo_race"
	results := make(chan error, 2)
	for i, s := range []*enrol.Service{f.s, second} {
		a := f.verify(t, apps[i])
		go func() {
			_, err := s.Enrol(ctx, a, "127.0.0.1")
			results <- err
		}()
	}
	ok := 0
	for range 2 {
		if err := <-results; err != nil {
			errstest.Want(t, err, errs.Conflict, "duplicate_enrolment")
		} else {
			ok++
		}
	}
	found, err := f.env.Vault.Lookup(ctx, vault.Request{Actor: vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}, Service: enrol.ServiceName, Purpose: enrol.PurposeDuplicate}, vault.IndexCI, syntheticCI(apps[0]))
	if ok > 1 || len(found) != ok || err != nil {
		t.Fatalf("%d enrolments succeeded, %d subjects hold the CI (%v)", ok, len(found), err)
	}
}

// From 2026-12-07 on, the city-information record carries the number city
// information is sent to; before, it holds sex, birth date and district
// only (the version then in force does not collect the number for it).
func TestCityInfoCarriesTheMobileFromItsVersion(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open) // 2026-03-02: seoul-healthcare 2024-03-04
		sys := vault.Actor{Kind: vault.System, ID: "test", Source: "127.0.0.1"}
		mobile := func(subject string) (string, error) {
			recs, err := f.env.Vault.List(ctx, vault.Request{Actor: sys, Service: enrol.ServiceName, Purpose: enrol.PurposeCityInfo, Subject: subject,
				Items: []string{"mobile"}, Action: vault.View})
			if err != nil || len(recs) != 1 {
				return "", err
			}
			return recs[0].Values["mobile"], nil
		}
		before := f.enrol(t, application("1"))
		if _, err := mobile(before.Subject); errs.Code(err) != errs.NotFound {
			t.Fatalf("the number read for city-info under 2024-03-04: %v, want refused (undeclared)", err)
		}
		f.env.Clock.Set(time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC))
		after := f.enrol(t, application("2"))
		if got, err := mobile(after.Subject); err != nil || got != "01000000002" {
			t.Fatalf("city-info mobile = %q, %v", got, err)
		}
	})
}
