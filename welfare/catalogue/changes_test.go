package catalogue

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestChanges(t *testing.T) {
	t.Parallel()
	v1 := build(t, svc("T-SENIOR", "노년", "", ""), svc("T-TEEN", "청소년", "", ""))
	v2raws := []rawService{svc("T-SENIOR", "노년", "", ""), svc("T-TEEN", "청소년", "", ""),
		svc("T-YOUNG", "청년", "", ""), svc("T-CHILD", "아동", "", "")}
	v2, v2again := build(t, v2raws...), build(t, v2raws...)
	// 본인 turns 65 on 2026-03-01; the child turns 13 on 2026-05-01.
	p := Profile{Members: []Member{member(t, RelationSelf, "1961-03-01"), member(t, RelationChild, "2013-05-01")}}
	at := func(c *Catalogue, d string) Snapshot { return Snapshot{Catalogue: c, Day: day(t, d)} }
	tests := []struct {
		name          string
		before, after Snapshot
		want          []string
		added         []string // events for services new in the catalogue
	}{
		{"nothing changes between two ordinary days", at(v1, "2026-01-10"), at(v1, "2026-01-11"), nil, nil},
		{"an equal catalogue version is no change", at(v2, "2026-01-10"), at(v2again, "2026-01-11"), nil, nil},
		{"the 65th birthday enters 노년 and its service", at(v1, "2026-02-28"), at(v1, "2026-03-01"),
			[]string{"stage 0 006", "service T-SENIOR"}, nil},
		{"a child's 13th birthday enters 청소년", at(v1, "2026-04-30"), at(v1, "2026-05-01"),
			[]string{"stage 1 003", "service T-TEEN"}, nil},
		{"a new catalogue adds a matching service", at(v1, "2026-01-10"), at(v2, "2026-01-10"),
			[]string{"service T-CHILD"}, []string{"T-CHILD"}},
		{"a birthday and a new catalogue on one day", at(v1, "2026-02-28"), at(v2, "2026-03-01"),
			[]string{"stage 0 006", "service T-SENIOR", "service T-CHILD"}, []string{"T-CHILD"}},
		{"leaving a stage's services alerts nothing but the new stage", at(v2, "2026-04-30"), at(v2, "2026-05-01"),
			[]string{"stage 1 003", "service T-TEEN"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got, added []string
			for _, e := range Changes(p, tt.before, tt.after) {
				got = append(got, describe(e))
				if e.NewInCatalogue {
					added = append(added, e.ServiceID)
				}
				if e.Day != tt.after.Day {
					t.Errorf("event day %v, want %v", e.Day, tt.after.Day)
				}
			}
			if !slices.Equal(got, tt.want) || !slices.Equal(added, tt.added) {
				t.Fatalf("events %v (new %v), want %v (new %v)", got, added, tt.want, tt.added)
			}
		})
	}
}

func TestServiceEventsCarryReasonsAndVersion(t *testing.T) {
	t.Parallel()
	v1 := build(t, svc("T-SENIOR", "노년", "", ""))
	p := Profile{Members: []Member{member(t, RelationSelf, "1961-03-01")}}
	events := Changes(p, Snapshot{v1, day(t, "2026-02-28")}, Snapshot{v1, day(t, "2026-03-01")})
	e := events[1]
	if e.Kind != EventServiceAdded || e.Version != v1.Version() || e.Member != NoMember || len(e.Reasons) != 1 ||
		e.Reasons[0].Relation != RelationSelf {
		t.Fatalf("event %+v", e)
	}
	if s := events[0]; s.Kind != EventStageEntered || s.Relation != RelationSelf || s.Stage != StageSenior {
		t.Fatalf("stage event %+v", s)
	}
}

func describe(e Event) string {
	if e.Kind == EventStageEntered {
		return fmt.Sprintf("stage %d %s", e.Member, e.Stage.Code())
	}
	return "service " + e.ServiceID
}

func TestNextChange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, day, want string
		births          []string
	}{
		{"the next birthday", "2026-03-02", "2026-03-03", []string{"2020-03-03"}},
		{"the earliest of the members' birthdays", "2026-03-02", "2026-06-15", []string{"1985-06-15", "2020-12-01"}},
		{"a birthday today is the next one's year", "2026-03-03", "2027-03-03", []string{"2020-03-03"}},
		{"born on 29 February: 1 March in a common year", "2027-02-27", "2027-03-01", []string{"2000-02-29"}},
		{"born on 29 February: 29 February in a leap year", "2028-02-27", "2028-02-29", []string{"2000-02-29"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Profile
			for _, b := range tt.births {
				p.Members = append(p.Members, member(t, RelationChild, b))
			}
			if got := p.NextChange(day(t, tt.day)).String(); got != tt.want {
				t.Fatalf("NextChange(%s) = %s, want %s", tt.day, got, tt.want)
			}
		})
	}
}

// Between a day and its NextChange the embedded catalogue matches a profile
// the same, and on NextChange some member's age differs: the run may skip
// the days between without missing anything.
func TestNextChangeIsTheFirstDayMatchingCanDiffer(t *testing.T) {
	t.Parallel()
	cat := embedded(t)
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range 60 {
		start := day(t, "2026-01-01").AddDays(rng.IntN(730))
		p := Profile{Members: []Member{{Relation: RelationSelf, Birth: start.AddDays(-rng.IntN(90 * 365))}}}
		for range rng.IntN(4) {
			p.Members = append(p.Members, Member{Relation: RelationChild, Birth: start.AddDays(-rng.IntN(25 * 365))})
		}
		next := p.NextChange(start)
		if !next.After(start) {
			t.Fatalf("profile %d: NextChange(%s) = %s, not after it", i, start, next)
		}
		want := ids(cat.Match(p, start))
		for d := start.AddDays(1); d.Before(next); d = d.AddDays(1) {
			if got := ids(cat.Match(p, d)); !slices.Equal(got, want) {
				t.Fatalf("profile %d: matches on %s differ from %s though NextChange is %s", i, d, start, next)
			}
			if ev := Changes(p, Snapshot{cat, start}, Snapshot{cat, d}); len(ev) != 0 {
				t.Fatalf("profile %d: %d events by %s, before NextChange %s", i, len(ev), d, next)
			}
		}
		aged := false
		for _, m := range p.Members {
			aged = aged || m.Birth.AgeOn(next) != m.Birth.AgeOn(start)
		}
		if !aged && next != start.AddDays(recheckWithin) {
			t.Fatalf("profile %d: on NextChange %s no member's age changed", i, next)
		}
	}
}
