package rights

import "testing"

// The forms offer only the grounds the law gives for the kind of request.
func TestGroundsFor(t *testing.T) {
	codes := func(gs []Ground) map[string]bool {
		m := map[string]bool{}
		for _, g := range gs {
			m[g.Code] = true
		}
		return m
	}
	access, deletion := codes(GroundsFor(Access)), codes(GroundsFor(Deletion))
	if !access["tax_work"] || access["kept_by_law"] || !deletion["kept_by_law"] || deletion["tax_work"] {
		t.Fatalf("access %v, deletion %v", access, deletion)
	}
	if len(DeferralsFor(Objection)) != len(Deferrals) {
		t.Fatal("every kind may be extended")
	}
}
