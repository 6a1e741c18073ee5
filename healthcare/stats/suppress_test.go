package stats

import (
	"math/rand/v2"
	"testing"
	"testing/quick"
)

func TestSuppressCases(t *testing.T) {
	cases := map[string]struct {
		counts      []int
		hidden      []bool
		totalHidden bool
	}{
		"all large":                              {[]int{5, 9, 12}, []bool{false, false, false}, false},
		"one small hides another":                {[]int{3, 9, 12}, []bool{true, true, false}, false},
		"two small summing under k hide a third": {[]int{1, 2, 9, 12}, []bool{true, true, true, false}, false},
		"two small summing to k":                 {[]int{2, 3, 9, 12}, []bool{true, true, false, false}, false},
		"zero is a small cell":                   {[]int{0, 7, 8}, []bool{true, true, false}, false},
		"total under k":                          {[]int{1, 2, 1}, []bool{true, true, true}, true},
		"empty table":                            {[]int{}, []bool{}, true},
		"single cell at k":                       {[]int{5}, []bool{false}, false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			hidden, totalHidden := Suppress(c.counts, K)
			if totalHidden != c.totalHidden || len(hidden) != len(c.hidden) {
				t.Fatalf("Suppress(%v) = %v, %v", c.counts, hidden, totalHidden)
			}
			for i := range hidden {
				if hidden[i] != c.hidden[i] {
					t.Fatalf("Suppress(%v) = %v, want %v", c.counts, hidden, c.hidden)
				}
			}
		})
	}
}

// For any table: no published cell is under k; a published total is at
// least k; and when a total is published, the hidden cells are two or more
// and sum to at least k, so subtracting the published cells from the total
// never yields one small cell.
func TestSuppressProperties(t *testing.T) {
	prop := func(seed uint64, size uint8, k uint8) bool {
		rng := rand.New(rand.NewPCG(seed, 1))
		kk := int(k%10) + 1
		counts := make([]int, int(size%30))
		for i := range counts {
			counts[i] = rng.IntN(3 * kk)
		}
		hidden, totalHidden := Suppress(counts, kk)
		total, sum, n := 0, 0, 0
		for i, c := range counts {
			total += c
			if hidden[i] {
				sum, n = sum+c, n+1
			} else if c < kk {
				return false
			}
		}
		if totalHidden {
			return total < kk && n == len(counts)
		}
		return total >= kk && (n == 0 || (n >= 2 && sum >= kk))
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 5000}); err != nil {
		t.Fatal(err)
	}
}

// The report hides small cells, and their complements, in every table.
func TestBuildSuppresses(t *testing.T) {
	ds := &Dataset{Service: service, Extracted: "2026-03-02"}
	add := func(n int, district, band, sex string) {
		for range n {
			ds.Participants = append(ds.Participants, Participant{AgeBand: band, Sex: sex, District: district,
				WeeklySteps: []WeekSteps{{Week: "2026-02-23", Steps: 8000}}})
		}
	}
	add(6, "종로구", "60대", "여성")
	add(7, "마포구", "30대", "남성")
	add(2, "강남구", "30대", "여성")
	r := Build(ds)
	count := func(tb Table, label string) *int {
		for _, c := range tb.Cells {
			if c.Label == label {
				if c.Count == nil != c.Suppressed {
					t.Fatalf("%s: count and suppressed disagree", label)
				}
				return c.Count
			}
		}
		t.Fatalf("no cell %s", label)
		return nil
	}
	if c := count(r.ByDistrict, "강남구"); c != nil {
		t.Errorf("강남구 (2 people) published: %d", *c)
	}
	if count(r.ByDistrict, "종로구") != nil {
		t.Error("종로구 (6) published although it is the complement of 강남구 (2)")
	}
	if c := count(r.ByDistrict, "마포구"); c == nil || *c != 7 {
		t.Errorf("마포구 = %v, want 7", c)
	}
	if r.Participants.Count == nil || *r.Participants.Count != 15 {
		t.Errorf("participants = %v, want 15", r.Participants.Count)
	}
	if r.Steps[0].People == nil || *r.Steps[0].People != 15 || *r.Steps[0].MeanSteps != 8000 {
		t.Errorf("steps = %+v", r.Steps[0])
	}
	for _, e := range r.Effects {
		if !e.Suppressed || e.Before != nil {
			t.Errorf("effect %s over nobody published", e.Measure)
		}
	}
}
