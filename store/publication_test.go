package store

import (
	"strings"
	"testing"
	"time"

	"jikimi/errs"
)

func TestNormalize(t *testing.T) {
	kst := time.FixedZone("KST", 9*3600)
	p, err := Publication{
		Service:     "seoul-healthcare",
		Version:     "2024-03-04",
		Effective:   time.Date(2024, 3, 4, 1, 2, 3, 4, kst),
		SHA256:      strings.Repeat("0a", 32),
		PublishedAt: time.Date(2024, 3, 1, 9, 0, 0, 1999, kst),
	}.Normalize()
	if err != nil {
		t.Fatal(err)
	}
	if !p.Effective.Equal(time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)) || p.Effective.Location() != time.UTC {
		t.Errorf("Effective = %v, want the calendar date at midnight UTC", p.Effective)
	}
	if want := time.Date(2024, 3, 1, 0, 0, 0, 1000, time.UTC); p.PublishedAt != want {
		t.Errorf("PublishedAt = %v, want %v (UTC, microseconds)", p.PublishedAt, want)
	}
}

func TestValidService(t *testing.T) {
	for s, ok := range map[string]bool{
		"seoul-healthcare": true, "bokjiro": true, "a1": true,
		"": false, "-a": false, "a-": false, "a--b": false, "A": false, "a_b": false,
		strings.Repeat("a", 64): true, strings.Repeat("a", 65): false,
	} {
		if err := ValidService(s); (err == nil) != ok || (err != nil && errs.Code(err) != errs.Invalid) {
			t.Errorf("ValidService(%q) = %v, want ok=%v", s, err, ok)
		}
	}
}
