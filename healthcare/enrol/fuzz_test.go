package enrol

import (
	"testing"
	"time"
)

// A district accepted is a fixed point of Canonical.
func FuzzCanonicalDistrict(f *testing.F) {
	d := LoadDistricts()
	for _, s := range []string{"서울특별시 종로구", " 경기도  수원시 ", "세종특별자치시", "종로구", "", "서울특별시 가상구"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		name, known, _ := d.Canonical(in)
		if !known {
			if name != "" {
				t.Fatalf("unknown %q named %q", in, name)
			}
			return
		}
		if again, ok, _ := d.Canonical(name); !ok || again != name {
			t.Fatalf("%q -> %q -> %q", in, name, again)
		}
	})
}

// A birth date accepted is a real day from 1900 to today, written one way.
func FuzzBirthDate(f *testing.F) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, s := range []string{"1950-01-01", "2000-02-29", "1900-02-29", "2026-03-03", "1950-1-1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !possibleBirthDate(in, now) {
			return
		}
		d, err := time.Parse(time.DateOnly, in)
		if err != nil || d.Format(time.DateOnly) != in || d.Year() < 1900 || d.After(now) {
			t.Fatalf("accepted %q", in)
		}
	})
}
