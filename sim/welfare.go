package sim

import (
	"context"
	"fmt"

	"jikimi/policy"
	"jikimi/vault"
)

const bokjiro = "bokjiro"

// citizen is a member of 복지로.
type citizen struct {
	*member
	n                             int     // the number of their synthetic identity
	rep                           string  // an under-14's legal representative's mobile; "" for others
	reader                        *member // the newsletter's subscriber (a subject of its own), while subscribed through the service
	alerts, newsletter, withdrawn bool
	drafts, pending               []*application
	help                          []string // open help requests' cases
}

// application is one online application: its draft, its details once
// submitted, and its history, kept apart after the details are destroyed.
type application struct {
	id        string
	draftID   string
	draft     *rec
	details   []*rec
	history   *rec
	lastEdit  int
	submitted bool
}

// signUp joins 복지로: membership, and optionally the 행복e음 link, the
// alerts (with or without the profile) and the newsletter.
func (s *sim) signUp(ctx context.Context) (*citizen, error) {
	s.persons++
	c, err := s.joinBokjiro(ctx, s.persons, s.chance(s.p.MembershipLink))
	if err != nil {
		return nil, err
	}
	if s.chance(s.p.Alerts) {
		if err := s.subscribeAlerts(ctx, c); err != nil {
			return nil, err
		}
	}
	if s.chance(s.p.Newsletter) {
		return c, s.subscribeNewsletter(ctx, c)
	}
	return c, nil
}

func (s *sim) subscribeAlerts(ctx context.Context, c *citizen) error {
	c.alerts = true
	profile := s.chance(s.p.AlertsProfile)
	if s.cfg.Services.Alerts != nil {
		return s.subscribeAlertsService(ctx, c, profile)
	}
	steps := []step{{"welfare-alerts", "welfare-alerts", []string{"family_relation", "family_birth_date"}}}
	if profile {
		steps = append(steps, step{"welfare-alerts-profile", "welfare-alerts-profile", []string{"interests"}})
	}
	return s.puts(ctx, c.member, steps)
}

func (s *sim) subscribeNewsletter(ctx context.Context, c *citizen) error {
	c.newsletter = true
	if s.cfg.Services.Newsletter != nil {
		return s.subscribeNewsletterService(ctx, c)
	}
	return s.puts(ctx, c.member, []step{{"newsletter", "newsletter", []string{"email", "birth_year"}}})
}

// unsubscribeNewsletter: "수신 거부 시 즉시 파기".
func (s *sim) unsubscribeNewsletter(ctx context.Context, c *citizen) error {
	c.newsletter = false
	if c.reader == nil {
		return s.event(ctx, c.member, c.self, "newsletter", "", "unsubscribe")
	}
	r := c.reader
	c.reader = nil
	if err := s.cfg.Services.Newsletter.Unsubscribe(ctx, source, r.subject, s.cfg.Services.Newsletter.Signature(r.subject)); err != nil {
		return fmt.Errorf("newsletter unsubscribe: %w", err)
	}
	s.happened(r, "newsletter", "", "unsubscribe")
	return s.learn(ctx, r)
}

// welfareDay is one day of a member: at most one new thing, then the
// progress of what is open.
func (s *sim) welfareDay(ctx context.Context, c *citizen, d int) error {
	if c.withdrawn {
		return nil
	}
	if s.chance(s.p.WithdrawWelfare) {
		return s.withdraw(ctx, c)
	}
	for _, fn := range []func(context.Context, *citizen, int) error{s.newThing, s.subscriptions, s.applications, s.helpProgress} {
		if err := fn(ctx, c, d); err != nil {
			return err
		}
	}
	return nil
}

// newThing: a search, a look-up, a draft, a help request or a fraud report.
func (s *sim) newThing(ctx context.Context, c *citizen, d int) error {
	switch x := s.rng.Float64(); {
	case x < s.p.Search:
		return s.search(ctx, c)
	case x < s.p.Search+s.p.MyWelfare:
		return s.myWelfare(ctx, c)
	case x < s.p.Search+s.p.MyWelfare+s.p.Draft:
		return s.startDraft(ctx, c, d)
	case x < s.p.Search+s.p.MyWelfare+s.p.Draft+s.p.Help:
		return s.requestHelp(ctx, c)
	case x < s.p.Search+s.p.MyWelfare+s.p.Draft+s.p.Help+s.p.Fraud:
		return s.reportFraud(ctx, c)
	}
	return nil
}

// search is a 복지서비스 찾기 search, kept a month or three with consent.
func (s *sim) search(ctx context.Context, c *citizen) error {
	var keep policy.Period
	switch x := s.rng.Float64(); {
	case x < s.p.KeepMonth:
		keep = policy.Period{N: 1, Unit: 'm'}
	case x < s.p.KeepMonth+s.p.KeepQuarter:
		keep = policy.Period{N: 3, Unit: 'm'}
	}
	if s.cfg.Services.Cases != nil {
		return s.searchService(ctx, c, keep)
	}
	if !keep.IsZero() {
		if err := s.give(ctx, c.member, vault.KeepScope("welfare-search")); err != nil {
			return err
		}
	}
	_, err := s.put(ctx, c.member, "welfare-search", vault.Retain{Rule: "welfare-search", Keep: keep}, synthetic("address", "income_info"))
	return err
}

// subscriptions: unsubscribing from, or subscribing again to, the alerts
// and the newsletter.
func (s *sim) subscriptions(ctx context.Context, c *citizen, _ int) error {
	switch {
	case c.alerts && s.chance(s.p.Unsubscribe):
		return s.unsubscribeAlerts(ctx, c)
	case !c.alerts && s.chance(s.p.Resubscribe):
		return s.subscribeAlerts(ctx, c)
	case c.newsletter && s.chance(s.p.Unsubscribe):
		return s.unsubscribeNewsletter(ctx, c)
	case !c.newsletter && s.chance(s.p.Resubscribe):
		return s.subscribeNewsletter(ctx, c)
	}
	return nil
}

func (s *sim) unsubscribeAlerts(ctx context.Context, c *citizen) error {
	c.alerts = false
	if s.cfg.Services.Alerts != nil {
		if err := s.cfg.Services.Alerts.Unsubscribe(ctx, c.self, c.subject); err != nil {
			return fmt.Errorf("alerts unsubscribe: %w", err)
		}
		s.happened(c.member, "welfare-alerts", "", "unsubscribe")
		s.happened(c.member, "welfare-alerts-profile", "", "unsubscribe")
		return s.learn(ctx, c.member)
	}
	for _, pu := range []string{"welfare-alerts", "welfare-alerts-profile"} {
		if err := s.event(ctx, c.member, c.self, pu, "", "unsubscribe"); err != nil {
			return err
		}
	}
	return nil
}

// withdraw leaves 복지로: the subscriptions end, and the membership (in
// the portal's order: the 복지알림이 first, then the membership).
func (s *sim) withdraw(ctx context.Context, c *citizen) error {
	c.withdrawn = true
	if s.rights != nil && c.rep != "" {
		s.rights.left[c.subject] = true // no representative on record any more to verify
	}
	if c.alerts {
		if err := s.unsubscribeAlerts(ctx, c); err != nil {
			return err
		}
	}
	if err := s.leave(ctx, c); err != nil {
		return err
	}
	if c.newsletter {
		return s.unsubscribeNewsletter(ctx, c)
	}
	return nil
}

// leave ends the membership (회원 탈퇴).
func (s *sim) leave(ctx context.Context, c *citizen) error {
	if s.cfg.Services.Members == nil {
		return s.event(ctx, c.member, c.self, "", "", "withdrawal")
	}
	if err := s.cfg.Services.Members.Withdraw(ctx, c.self, c.subject); err != nil {
		return fmt.Errorf("withdraw: %w", err)
	}
	s.happened(c.member, "", "", "withdrawal")
	return s.learn(ctx, c.member)
}

// helpProgress completes open help requests.
func (s *sim) helpProgress(ctx context.Context, c *citizen, _ int) error {
	open := c.help[:0]
	for _, id := range c.help {
		if !s.chance(s.p.CompleteHelp) {
			open = append(open, id)
			continue
		}
		if err := s.completeHelp(ctx, c, id); err != nil {
			return err
		}
	}
	c.help = open
	return nil
}
