package stats

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/vault"
	"jikimi/vault/vaulttest"
)

func extractor(t *testing.T, e *vaulttest.Env) *Extractor {
	return &Extractor{Gate: e.Vault, Service: service, Clock: e.Clock}
}

// The dataset has one generalised, pseudonymous row per participant and
// none of their identifiers; a participant without the health consent
// counts in the tables but brings no health data.
func TestExtractPseudonymised(t *testing.T) {
	vaulttest.Drivers(t, func(t *testing.T, open vaulttest.Opener) {
		e := open(t, statsConfig(t))
		people := []person{
			walker("1950-01-01", "F", "종로구", 60, 57.5),
			walker("1985-06-15", "M", "경기도 성남시", 80, 78),
			{birth: "1999-03-03", sex: "F", residence: "마포구", records: nil},
		}
		var subjects []string
		for i, p := range people {
			subjects = append(subjects, enrol(t, e, i+1, p))
		}
		x := extractor(t, e)
		ds, err := x.Extract(ctx, statistician)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds.Participants) != 3 {
			t.Fatalf("%d rows, want 3", len(ds.Participants))
		}
		row := func(subject string) Participant {
			for _, p := range ds.Participants {
				if p.Pseudonym == pseudonymOf(t, e, subject) {
					return p
				}
			}
			t.Fatalf("no row for a subject")
			return Participant{}
		}
		first := row(subjects[0])
		if first.AgeBand != "70대" || first.Sex != "여성" || first.District != "종로구" {
			t.Errorf("row 1 = %+v", first)
		}
		if c := first.Changes["weight"]; c.Before != 60 || c.After != 57.5 || c.Weeks != 12 {
			t.Errorf("weight change = %+v", c)
		}
		if c := first.Changes["systolic"]; c.Before != 135 || c.After != 128 {
			t.Errorf("systolic change = %+v", c)
		}
		if w := first.WeeklySteps; len(w) != 2 || w[0].Week != "2026-02-23" || w[0].Steps != 8000 || w[1].Steps != 8500 {
			t.Errorf("weekly steps = %+v", w)
		}
		if d := row(subjects[1]).District; d != OutsideSeoul {
			t.Errorf("a home outside Seoul shows as %q", d)
		}
		if third := row(subjects[2]); third.WeeklySteps != nil || third.Changes != nil {
			t.Errorf("a participant without health consent brought health data: %+v", third)
		}
		b, _ := json.Marshal(ds)
		for i, s := range subjects {
			for _, banned := range []string{s, people[i].birth, "가상참여자", "010-0000", "성남"} {
				if strings.Contains(string(b), banned) {
					t.Errorf("the dataset holds an identifier (%d: %.4s…)", i, banned)
				}
			}
		}
		if !slices.IsSortedFunc(ds.Participants, func(a, b Participant) int { return strings.Compare(a.Pseudonym, b.Pseudonym) }) {
			t.Error("rows are not in pseudonym order")
		}
		checkLogged(t, e)
	})
}

// The health items are read in the statistician's role and the enrolment
// attributes by the pseudonymiser, each read in the access log.
func checkLogged(t *testing.T, e *vaulttest.Env) {
	t.Helper()
	all := e.Entries(t)
	roles := map[string]bool{}
	for _, en := range all {
		if en.Action == audit.View {
			roles[en.Purpose+"/"+en.Role] = true
		}
	}
	if !roles["health-service/"+RoleStatistician] || !roles["enrolment/system"] {
		t.Fatalf("view entries by purpose/role: %v", roles)
	}
}

// Only a statistician may extract.
func TestExtractOnlyStatistician(t *testing.T) {
	e := vaulttest.SQLite(t, statsConfig(t))
	x := extractor(t, e)
	for _, a := range []vault.Actor{
		{Kind: vault.Staff, ID: "stf_op", Role: "health-operator"},
		{Kind: vault.Subject, ID: "sub_x"},
		{Kind: vault.System, ID: "job"},
	} {
		if _, err := x.Extract(ctx, a); errs.Code(err) != errs.Forbidden {
			t.Errorf("%s/%s: %v, want forbidden", a.Kind, a.Role, err)
		}
	}
}

// The dataset's shape admits no identifier: every field of a row is one of
// the pseudonym and the generalised attributes, or aggregates of health
// values; a new field must be added here on purpose.
func TestDatasetFieldsAreGeneralised(t *testing.T) {
	allowed := map[string]bool{"Pseudonym": true, "AgeBand": true, "Sex": true, "District": true, "WeeklySteps": true, "Changes": true}
	rt := reflect.TypeOf(Participant{})
	for i := range rt.NumField() {
		if f := rt.Field(i); !allowed[f.Name] {
			t.Errorf("Participant has field %s, not reviewed as free of identifiers", f.Name)
		}
	}
	for _, typ := range []reflect.Type{reflect.TypeOf(WeekSteps{}), reflect.TypeOf(Change{})} {
		for i := range typ.NumField() {
			if k := typ.Field(i).Type.Kind(); k == reflect.String && typ.Field(i).Name != "Week" {
				t.Errorf("%s.%s is text: free text could carry an identifier", typ.Name(), typ.Field(i).Name)
			}
		}
	}
}
