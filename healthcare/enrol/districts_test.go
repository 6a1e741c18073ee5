package enrol_test

import (
	"strings"
	"testing"

	"jikimi/healthcare/enrol"
	"jikimi/web"
)

func TestDistricts(t *testing.T) {
	d := enrol.LoadDistricts()
	if n := len(d[enrol.Seoul]); n != 25 {
		t.Fatalf("%d 구 in Seoul, want 25", n)
	}
	if n := len(d.All()); n != 229 {
		t.Fatalf("%d 시/군/구, want 229", n)
	}
	tests := []struct {
		in, want     string
		known, seoul bool
	}{
		{"서울특별시 종로구", "서울특별시 종로구", true, true},
		{"  서울특별시   강동구 ", "서울특별시 강동구", true, true},
		{"경기도 수원시", "경기도 수원시", true, false},
		{"세종특별자치시", "세종특별자치시", true, false},
		{"부산광역시 중구", "부산광역시 중구", true, false},
		{"종로구", "", false, false},
		{"서울특별시", "", false, false},
		{"서울특별시 수원시", "", false, false},
		{"경기도 수원시 장안구", "", false, false},
		{"", "", false, false},
	}
	for _, tt := range tests {
		name, known, seoul := d.Canonical(tt.in)
		if name != tt.want || known != tt.known || seoul != tt.seoul {
			t.Errorf("Canonical(%q) = %q, %v, %v", tt.in, name, known, seoul)
		}
	}
}

func TestMountDocumented(t *testing.T) {
	f := newFixture(t, nil)
	if err := web.CheckMount(f.s.Mount()); err != nil {
		t.Fatal(err)
	}
}

// The form's texts come from the policy: purpose, items, period, refusal.
func TestFormFromPolicy(t *testing.T) {
	f := newFixture(t, nil)
	form, err := f.s.Form()
	if err != nil || len(form) != 6 {
		t.Fatalf("Form = %v, %v", form, err)
	}
	for _, c := range form {
		if c.Scope == "purpose:city-info" && c.Required {
			t.Error("city-info is optional")
		}
		if c.Scope == "sensitive:health-service" && (!strings.Contains(c.Text, "심박수") || strings.Contains(c.Text, "직업")) {
			t.Errorf("the sensitive consent names the wrong items: %s", c.Text)
		}
		if c.Scope == "purpose:duplicate-prevention" && !strings.Contains(c.Text, "5년") {
			t.Errorf("the period is missing: %s", c.Text)
		}
	}
}
