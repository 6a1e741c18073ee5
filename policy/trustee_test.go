package policy

import (
	"testing"
	"time"
)

func TestTrusteeContract(t *testing.T) {
	date := func(s string) Date {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return Date{d}
	}
	tr := &Trustee{Name: "가상 수탁사", From: date("2024-01-01"), To: date("2024-12-31")}
	for day, want := range map[string]string{
		"2023-12-31": ContractFuture, "2024-01-01": ContractActive, "2024-12-31": ContractActive, "2025-01-01": ContractExpired,
	} {
		if got := tr.Contract(date(day).Time.Add(23 * time.Hour)); got != want {
			t.Errorf("%s: %s, want %s", day, got, want)
		}
	}
	if got := (&Trustee{From: date("2024-01-01")}).Contract(date("2030-01-01").Time); got != ContractActive {
		t.Errorf("an open-ended contract: %s", got)
	}
}
