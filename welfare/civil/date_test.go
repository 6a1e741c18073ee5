package civil

import (
	"testing"
	"time"

	"jikimi/errs"
)

func mustParse(t *testing.T, s string) Date {
	t.Helper()
	d, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return d
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"plain day", "2026-03-01", true},
		{"leap day", "2024-02-29", true},
		{"leap day in a common year", "2025-02-29", false},
		{"month 13", "2026-13-01", false},
		{"no padding", "2026-3-1", false},
		{"time of day", "2026-03-01T00:00:00Z", false},
		{"empty", "", false},
		{"year zero", "0000-01-01", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := Parse(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("Parse(%q) err = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if !tt.ok && errs.Code(err) != errs.Invalid {
				t.Fatalf("code %q, want invalid", errs.Code(err))
			}
			if tt.ok && d.String() != tt.in {
				t.Fatalf("String = %q, want %q", d, tt.in)
			}
		})
	}
}

func TestAgeOn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, birth, day string
		want             int
	}{
		{"day of birth", "2020-05-10", "2020-05-10", 0},
		{"before birth", "2020-05-10", "2020-05-09", -1},
		{"day before the birthday", "2000-05-10", "2026-05-09", 25},
		{"on the birthday", "2000-05-10", "2026-05-10", 26},
		{"earlier month", "2000-05-10", "2026-04-30", 25},
		{"leap-day birth, 28 Feb of a common year", "2004-02-29", "2025-02-28", 20},
		{"leap-day birth, 1 Mar of a common year", "2004-02-29", "2025-03-01", 21},
		{"leap-day birth, leap day", "2004-02-29", "2028-02-29", 24},
		{"hundred", "1926-01-01", "2026-01-01", 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := mustParse(t, tt.birth).AgeOn(mustParse(t, tt.day)); got != tt.want {
				t.Fatalf("age = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestInSeoulTakesTheKoreanDay(t *testing.T) {
	t.Parallel()
	// 2026-02-28 15:30 UTC is 2026-03-01 00:30 in Seoul.
	instant := time.Date(2026, 2, 28, 15, 30, 0, 0, time.UTC)
	if got := InSeoul(instant).String(); got != "2026-03-01" {
		t.Fatalf("InSeoul = %s", got)
	}
	if got := Of(instant).String(); got != "2026-02-28" {
		t.Fatalf("Of = %s", got)
	}
}

func TestOrderAndText(t *testing.T) {
	t.Parallel()
	a, b := mustParse(t, "2025-12-31"), mustParse(t, "2026-01-01")
	if !a.Before(b) || !b.After(a) || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Fatal("order is wrong")
	}
	if !(Date{}).Before(a) || !(Date{}).IsZero() || a.IsZero() {
		t.Fatal("zero date is not the smallest or not zero")
	}
	var d Date
	if err := d.UnmarshalText([]byte("2026-01-01")); err != nil || d != b {
		t.Fatalf("UnmarshalText: %v %v", d, err)
	}
	if err := d.UnmarshalText([]byte("x")); errs.Code(err) != errs.Invalid {
		t.Fatalf("UnmarshalText(x) = %v", err)
	}
	if text, _ := b.MarshalText(); string(text) != "2026-01-01" {
		t.Fatalf("MarshalText = %s", text)
	}
}

func TestNewRefusesUnrealDays(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		y, d int
		m    time.Month
	}{{2026, 31, 4}, {0, 1, 1}, {10000, 1, 1}, {2026, 0, 1}} {
		if _, err := New(c.y, c.m, c.d); errs.Code(err) != errs.Invalid {
			t.Errorf("New(%d, %d, %d) = %v, want invalid", c.y, c.m, c.d, err)
		}
	}
}

func TestMustParsePanicsOnMalformedDates(t *testing.T) {
	t.Parallel()
	if MustParse("2026-03-01").String() != "2026-03-01" {
		t.Fatal("MustParse")
	}
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	MustParse("2026-02-30")
}

func TestAddDays(t *testing.T) {
	for _, tt := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-03-02", 1, "2026-03-03"},
		{"2028-02-28", 1, "2028-02-29"},
		{"2027-02-28", 1, "2027-03-01"},
		{"2026-12-31", 366, "2028-01-01"},
		{"2026-03-01", -1, "2026-02-28"},
	} {
		if got := MustParse(tt.from).AddDays(tt.n).String(); got != tt.want {
			t.Errorf("%s + %d days = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}
