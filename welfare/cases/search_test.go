package cases

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/policy"
	"jikimi/store/sqlite/sqlitetest"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
	"jikimi/welfare/eligibility"
)

func searchInput() SearchInput {
	return SearchInput{Name: "가상검색인", RRN: rrnOldCheckWrong, Address: "가상시 가상구 가상로 9", Email: "search@example.invalid",
		HouseholdSize: 1, HealthPremium: 10000, Income: 500000, Property: 0, Debt: 0, CarValue: 0}
}

// Without consent to keep them, the inputs are never stored: the answer
// comes with its reasons, and the database files hold none of them.
func TestSearchKeepsNothingWithoutConsent(t *testing.T) {
	f := newFixture(t, vaulttest.SQLite)
	me := f.citizen(t)
	res, err := f.c.Search(ctx, me, searchInput())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) == 0 || res.Matches[0].Benefit != "livelihood" || res.Matches[0].Reason == "" || res.Notice == "" || res.Kept != "" {
		t.Fatalf("result %+v", res)
	}
	if len(f.records(t, me.ID, purposeSearch)) != 0 {
		t.Fatal("a search without consent was stored")
	}
	if got := f.env.Destructions(t, me.ID); !slices.Equal(got, []string{"welfare-search not_stored immediate"}) {
		t.Fatalf("destruction records %q", got)
	}
	raw := sqlitetest.Bytes(t, f.env.DBPath)
	for _, s := range []string{"가상검색인", "0001013000000", "search@example.invalid"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Fatalf("%q found in the database files", s)
		}
	}
}

// With consent, the inputs are kept exactly the period consented to.
func TestSearchKeptWithConsent(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.citizen(t)
		in := searchInput()
		in.Keep = "3m"
		res, err := f.c.Search(ctx, me, in)
		if err != nil || res.Kept == "" || res.KeptUntil == nil {
			t.Fatalf("Search = %+v, %v", res, err)
		}
		recs := f.records(t, me.ID, purposeSearch)
		if len(recs) != 1 || !recs[0].Due.Equal(f.env.Clock.Now().AddDate(0, 3, 0)) || recs[0].Values["income_info"] != "500000" {
			t.Fatalf("kept %+v, want due in 3 months", recs)
		}
		consents, err := f.env.Vault.Consents(ctx, vault.Request{Actor: me, Service: Service, Subject: me.ID})
		if err != nil {
			t.Fatal(err)
		}
		shown := sha256.Sum256([]byte(keepText(mustPeriod("3m"))))
		if i := slices.IndexFunc(consents, func(c vault.Consent) bool { return c.Scope == vault.KeepScope(purposeSearch) }); i < 0 || consents[i].TextSHA256 != hex.EncodeToString(shown[:]) {
			t.Fatalf("the keep consent is not in the ledger with the text shown: %+v", consents)
		}
		in.Keep, in.Income = "1m", 600000
		if _, err := f.c.Search(ctx, me, in); err != nil {
			t.Fatal(err)
		}
		kept, err := f.c.KeptSearches(ctx, me)
		if err != nil || len(kept) != 2 || kept[0].Items["income_info"] != "600000" || kept[1].Items["name"] != "가상검색인" ||
			kept[0].KeptUntil == nil || !kept[0].KeptUntil.Equal(f.env.Clock.Now().AddDate(0, 1, 0)) {
			t.Fatalf("KeptSearches = %+v, %v", kept, err)
		}
		other := f.citizen(t)
		if theirs, err := f.c.KeptSearches(ctx, other); err != nil || len(theirs) != 0 {
			t.Fatalf("another person sees %d searches (%v)", len(theirs), err)
		}
		if _, err := f.c.KeptSearches(ctx, staffCW); errs.Code(err) != errs.Forbidden {
			t.Fatalf("staff: %v", err)
		}
		if err := f.c.ForgetSearches(ctx, me); err != nil {
			t.Fatal(err)
		}
		if kept, err := f.c.KeptSearches(ctx, me); err != nil || len(kept) != 0 {
			t.Fatalf("after forgetting: %+v %v", kept, err)
		}
		if recs := f.records(t, me.ID, purposeSearch); len(recs) != 0 {
			t.Fatalf("withdrawing the keep consent left %d searches", len(recs))
		}
		if err := f.c.ForgetSearches(ctx, me); errs.Code(err) != errs.NotFound {
			t.Fatalf("withdrawing again: %v", err)
		}
	})
}

// Negative or absurd figures, a malformed number or an unoffered keeping
// period: refused with a clear code, nothing stored or logged as allowed.
func TestSearchBadInput(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		f := newFixture(t, open)
		me := f.citizen(t)
		tests := map[string]struct {
			change func(*SearchInput)
			reason string
		}{
			"negative income":  {func(in *SearchInput) { in.Income = -1 }, "invalid_input"},
			"absurd property":  {func(in *SearchInput) { in.Property = eligibility.MaxAsset + 1 }, "invalid_input"},
			"negative car":     {func(in *SearchInput) { in.CarValue = -5 }, "invalid_input"},
			"no household":     {func(in *SearchInput) { in.HouseholdSize = 0 }, "invalid_input"},
			"RRN shape":        {func(in *SearchInput) { in.RRN = "0001013" }, "malformed_rrn"},
			"no name":          {func(in *SearchInput) { in.Name = "" }, "empty_item"},
			"keep 2 months":    {func(in *SearchInput) { in.Keep = "2m" }, "keep_not_offered"},
			"keep forever-ish": {func(in *SearchInput) { in.Keep = "forever" }, "keep_not_offered"},
		}
		for name, tt := range tests {
			in := searchInput()
			in.Keep = "1m"
			tt.change(&in)
			_, err := f.c.Search(ctx, me, in)
			errstest.Want(t, err, errs.Invalid, tt.reason)
			if errs.Code(err) == errs.Invalid && tt.reason == "invalid_input" && eligibility.ProblemsOf(err) == nil {
				t.Fatalf("%s: the error does not name the refused fields", name)
			}
		}
		if len(f.records(t, me.ID, purposeSearch)) != 0 {
			t.Fatal("a refused search was stored")
		}
	})
}

func mustPeriod(s string) policy.Period {
	p, err := policy.ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}
