package catalogue

import "jikimi/welfare/civil"

// Snapshot is what a profile is matched against at one moment: a version of
// the catalogue and a day.
type Snapshot struct {
	Catalogue *Catalogue
	Day       civil.Date
}

// EventKind says what an alert event is about.
type EventKind uint8

// The kinds of alert event.
const (
	// EventStageEntered: a family member is in a new life stage.
	EventStageEntered EventKind = 1 + iota
	// EventServiceAdded: a service matches that did not match before,
	// because the catalogue added it or because the family changed stage.
	EventServiceAdded
)

// Event is one thing to alert a member of. It names a family member by
// position and relation only; sending it is the notification outbox's job.
type Event struct {
	Kind EventKind
	Day  civil.Date // the later snapshot's day

	// EventStageEntered.
	Member   int
	Relation Relation
	Stage    Stage

	// EventServiceAdded.
	ServiceID      string
	Version        string // the later catalogue's version
	NewInCatalogue bool   // the earlier catalogue did not have the service
	Reasons        []Reason
}

// Changes returns the alert events between two snapshots for one profile:
// first each member whose life stage on after.Day differs from the one on
// before.Day (a stage each member has entered), then each service that
// matches at after and did not at before. Services that stop matching make
// no event. When neither a stage nor the catalogue (its version or
// configuration) changed, nothing can, and Changes matches nothing.
func Changes(p Profile, before, after Snapshot) []Event {
	events := stageEvents(p, before, after)
	if len(events) == 0 && sameCatalogue(before.Catalogue, after.Catalogue) {
		return nil
	}
	had := map[string]bool{}
	for _, m := range before.Catalogue.Match(p, before.Day) {
		had[m.Service.ID] = true
	}
	for _, m := range after.Catalogue.Match(p, after.Day) {
		if had[m.Service.ID] {
			continue
		}
		_, existed := before.Catalogue.Service(m.Service.ID)
		events = append(events, Event{Kind: EventServiceAdded, Day: after.Day, Member: NoMember,
			ServiceID: m.Service.ID, Version: after.Catalogue.Version(), NewInCatalogue: !existed, Reasons: m.Reasons})
	}
	return events
}

func stageEvents(p Profile, before, after Snapshot) []Event {
	var events []Event
	for i, m := range p.Members {
		was := before.Catalogue.cfg.stageAt(m.Birth.AgeOn(before.Day))
		is := after.Catalogue.cfg.stageAt(m.Birth.AgeOn(after.Day))
		if is != was && is != 0 {
			events = append(events, Event{Kind: EventStageEntered, Day: after.Day, Member: i, Relation: m.Relation, Stage: is})
		}
	}
	return events
}

func sameCatalogue(a, b *Catalogue) bool {
	return a == b || a.version == b.version && a.cfg == b.cfg
}

// recheckWithin bounds how far ahead NextChange looks: a profile is looked
// at again at least once a year.
const recheckWithin = 366

// NextChange returns the first day after day on which the profile could
// match differently under the same catalogue: matching reads the day only
// through the members' ages, so it is the first day on which a member's age
// changes (a birthday, or a birth), and at most recheckWithin days ahead.
// Until then Changes against a snapshot of the same catalogue finds nothing.
func (p Profile) NextChange(day civil.Date) civil.Date {
	next := day.AddDays(recheckWithin)
	for _, m := range p.Members {
		age := m.Birth.AgeOn(day)
		if m.Birth.AgeOn(next) == age {
			continue // no change before next
		}
		lo, hi := 0, recheckWithin // AgeOn(day+lo) == age, AgeOn(day+hi) != age
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if m.Birth.AgeOn(day.AddDays(mid)) == age {
				lo = mid
			} else {
				hi = mid
			}
		}
		if d := day.AddDays(hi); d.Before(next) {
			next = d
		}
	}
	return next
}
