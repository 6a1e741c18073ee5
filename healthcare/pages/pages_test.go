package pages

import (
	"testing"

	"jikimi/web"
)

// Every page's template uses only what its struct has (the layout's
// included); every template is parsed with a struct.
func TestPagesMatchTemplates(t *testing.T) {
	structs := map[string]web.Page{
		"landing": &landingPage{}, "enrol-verify": &verifyPage{}, "enrol-form": &enrolFormPage{}, "today": &todayPage{},
		"records": &recordsPage{}, "points": &pointsPage{}, "partners": &partnersPage{}, "consultations": &consultationsPage{},
		"survey": &surveyPage{}, "account": &accountPage{}, "withdrawn": &withdrawnPage{}, "contents": &contentsPage{}, "article": &articlePage{},
	}
	if len(structs) != len(pageNames) {
		t.Fatalf("%d structs for %d pages", len(structs), len(pageNames))
	}
	for _, name := range pageNames {
		if err := web.CheckPage(pages, name, structs[name]); err != nil {
			t.Error(err)
		}
	}
}

// The check-up form's values become Observations the FHIR reader takes.
func TestObservationsFromTheForm(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	obs, err := observations("2026-03-02", map[string]*float64{"weight": v(70.5), "systolic": v(118), "diastolic": v(76), "hdl": v(50)})
	if err != nil || len(obs) != 3 {
		t.Fatalf("%d observations, %v", len(obs), err)
	}
	if _, err := observations("", map[string]*float64{"weight": v(70)}); err == nil {
		t.Fatal("no check-up day: no error")
	}
	if _, err := observations("2026-03-02", map[string]*float64{}); err == nil {
		t.Fatal("no value: no error")
	}
}
