package alerts

import (
	"context"

	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/store"
	"jikimi/welfare/catalogue"
	"jikimi/welfare/civil"
)

// runPage is how many subscribers one transaction of a run settles.
const runPage = 500

// RunStats say what a run did.
type RunStats struct {
	Matched int // subscribers matched
	Alerted int // alerts enqueued
	Skipped int // subscribers whose data the gate does not give (shredded, suspended, consent withdrawn): left as they were
}

// subscriber is one member the run settles: where they were last seen,
// and their profile now.
type subscriber struct {
	subject string
	from    snapshotRef
	profile catalogue.Profile
	gone    bool
}

// SendArgs are an alert job's arguments: opaque IDs and public facts only.
// The sending job recomputes the alert from the vault, so neither a family
// detail nor a matched service ever sits in the outbox.
type SendArgs struct {
	Subject string      `json:"subject"`
	From    snapshotRef `json:"from"`
	To      snapshotRef `json:"to"`
}

// Kind is JobKind.
func (SendArgs) Kind() string { return JobKind }

// key is the gateways' idempotency key: a retried job sends each message once.
func (a SendArgs) key() string {
	return a.Subject + "|" + a.From.Version + "|" + a.From.Day + "|" + a.To.Version + "|" + a.To.Day
}

// Run matches every subscriber not yet matched against today's catalogue
// (a subscriber whose family's ages have not changed since their last
// match, under the same catalogue, has nothing new and waits) and enqueues an alert for each whose family entered a new life stage or
// to whom a new service matches since they were last matched. Each page's
// alerts and progress commit together, so a run that stops half-way is
// resumed by the next and sends nothing twice.
func (s *Service) Run(ctx context.Context) (RunStats, error) {
	to := snapshotRef{Version: s.cfg.Catalogue.Version(), Day: s.today().String()}
	after := ""
	next := func() ([]subscriber, error) {
		page, err := s.pendingPage(ctx, to, after)
		if err != nil || len(page) == 0 {
			return nil, err
		}
		after = page[len(page)-1].subject
		return page, s.load(ctx, page)
	}
	var stats RunStats
	err := s.pipeline(ctx, to, next, &stats)
	return stats, err
}

// planned is a page matched and waiting for its commit.
type planned struct {
	page  []subscriber
	alert []bool
}

// pipeline reads and matches the next page while the last one commits:
// the matching takes one core, the database the other.
func (s *Service) pipeline(ctx context.Context, to snapshotRef, next func() ([]subscriber, error), stats *RunStats) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages, done := make(chan planned, 1), make(chan error, 1)
	go func() {
		defer close(pages)
		after := s.snapshot(to)
		for {
			page, err := next()
			if err != nil || len(page) == 0 {
				done <- err
				return
			}
			select {
			case pages <- s.plan(page, after):
			case <-ctx.Done():
				done <- ctx.Err()
				return
			}
		}
	}()
	for p := range pages {
		if err := s.commit(ctx, p, to, stats); err != nil {
			cancel()
			for range pages {
			}
			<-done
			return err
		}
	}
	return <-done
}

// pendingPage lists subscribers after the given subject not yet matched at
// to and due a look: matched against another catalogue, or on another day
// with their recheck day come.
func (s *Service) pendingPage(ctx context.Context, to snapshotRef, after string) ([]subscriber, error) {
	return store.Collect(ctx, s.cfg.SQL.Reader(), "alerts: read subscribers", func(sc store.Scanner, m *subscriber) error {
		return sc.Scan(&m.subject, &m.from.Version, &m.from.Day)
	}, `SELECT subject_id, catalogue_version, day FROM bokjiro_alert_state
		WHERE subject_id > ? AND (catalogue_version <> ? OR day <> ? AND (recheck_on IS NULL OR recheck_on <= ?)) ORDER BY subject_id LIMIT ?`,
		after, to.Version, to.Day, to.Day, runPage)
}

// load reads each subscriber's profile through the gate.
func (s *Service) load(ctx context.Context, page []subscriber) error {
	day := s.today()
	for i := range page {
		p, err := s.profile(ctx, page[i].subject, day)
		switch {
		case errs.Code(err) == errs.NotFound:
			page[i].gone = true
		case err != nil:
			return err
		}
		page[i].profile = p
	}
	return nil
}

// plan matches a page: who gets an alert.
func (s *Service) plan(page []subscriber, after catalogue.Snapshot) planned {
	p := planned{page: page, alert: make([]bool, len(page))}
	for i, m := range page {
		if !m.gone {
			p.alert[i] = len(catalogue.Changes(m.profile, s.snapshot(m.from), after)) > 0
		}
	}
	return p
}

// commit writes a page's alerts and progress in one transaction.
func (s *Service) commit(ctx context.Context, p planned, to snapshotRef, stats *RunStats) error {
	err := s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		for i, m := range p.page {
			if err := s.commitOne(ctx, tx, m, to, p.alert[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, m := range p.page {
		switch {
		case m.gone:
			stats.Skipped++
		case p.alert[i]:
			stats.Alerted++
			fallthrough
		default:
			stats.Matched++
		}
	}
	return nil
}

func (s *Service) commitOne(ctx context.Context, tx store.Querier, m subscriber, to snapshotRef, alert bool) error {
	if m.gone {
		return nil // a suspension may be lifted: match them again then
	}
	if alert {
		if err := s.cfg.Jobs.Insert(ctx, tx, SendArgs{Subject: m.subject, From: m.from, To: to}, &jobs.Opts{Unique: true}); err != nil {
			return err
		}
	}
	// Until a member's age changes, a run of the same catalogue finds
	// nothing new for them: the run looks at them again from that day.
	return saveState(ctx, tx, m.subject, to, m.profile.NextChange(s.snapshot(to).Day).String())
}

// snapshot is the catalogue and day a reference names. A version no longer
// known is read as the catalogue in force: only life stages can then be
// told apart, never a service wrongly called new.
func (s *Service) snapshot(r snapshotRef) catalogue.Snapshot {
	c, ok := s.versions[r.Version]
	if !ok {
		c = s.cfg.Catalogue
	}
	day, err := civil.Parse(r.Day)
	if err != nil {
		day = s.today()
	}
	return catalogue.Snapshot{Catalogue: c, Day: day}
}
