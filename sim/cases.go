package sim

import (
	"context"
	"fmt"

	"jikimi/policy"
	"jikimi/vault"
	"jikimi/welfare/cases"
)

// The case paths: each goes through package cases when it is wired, and
// through the gate directly otherwise.

// applyFor is the catalogue service the simulated people apply for.
const applyFor = "WLF00001188"

// applicant are a complete application's items: synthetic, with an RRN of
// zeros that the services accept as a shape.
func applicant(c *citizen) cases.Items {
	return cases.Items{"name": fmt.Sprintf("박가상%d", c.n), "rrn": "000101-3000000", "address": "가상시 가상구 가상로 1", "household_relation": "본인"}
}

// withContent adds what the case is about (its content item) when the
// policy in force collects it: bokjiro 2026-12-07 on.
func (s *sim) withContent(in cases.Items, purpose, item, text string) cases.Items {
	p, ok := s.cfg.Policies.Current(cases.Service, s.cfg.Clock.Now())
	if ok && p.Purpose(purpose) != nil && p.Purpose(purpose).Declares(item) {
		in[item] = text
	}
	return in
}

func reporter(c *citizen) cases.Items {
	return cases.Items{"name": fmt.Sprintf("박가상%d", c.n), "address": "가상시 가상구 가상로 1", "mobile": "010-0000-0001",
		"landline": "02-0000-0001", "email": fmt.Sprintf("member%d@example.invalid", c.n)}
}

func (s *sim) searchService(ctx context.Context, c *citizen, keep policy.Period) error {
	in := cases.SearchInput{Name: fmt.Sprintf("박가상%d", c.n), RRN: "000101-3000000", Address: "가상시 가상구 가상로 9",
		Email: fmt.Sprintf("member%d@example.invalid", c.n), HouseholdSize: 1, HealthPremium: 10000, Income: 500000}
	if !keep.IsZero() {
		in.Keep = keep.String()
	}
	if _, err := s.cfg.Services.Cases.Search(ctx, c.self, in); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	c.keep = keep
	return s.learn(ctx, c.member)
}

// myWelfare is a 나의 복지서비스 look-up in the four insurance systems'
// simulators; through the service it stores nothing.
func (s *sim) myWelfare(ctx context.Context, c *citizen) error {
	if s.cfg.Services.Cases == nil {
		_, err := s.put(ctx, c.member, "my-welfare", vault.Retain{Rule: "my-welfare"}, synthetic("pension_paid", "nhi_eligibility"))
		return err
	}
	ver, err := s.verifyMember(ctx, c)
	if err != nil {
		return err
	}
	if _, err := s.cfg.Services.Cases.MyWelfare(ctx, c.self, ver, memberRRN(c.n)); err != nil {
		return fmt.Errorf("my welfare: %w", err)
	}
	return s.learn(ctx, c.member)
}

func (s *sim) requestHelp(ctx context.Context, c *citizen) error {
	if s.cfg.Services.Cases == nil {
		id := s.newCase("help")
		c.help = append(c.help, id)
		_, err := s.put(ctx, c.member, "help-request", vault.Retain{Rule: "help-request", Case: id}, synthetic("name", "mobile"))
		return err
	}
	in := s.withContent(reporter(c), "help-request", cases.HelpContent, "가상 도움 요청: 방문 상담을 원합니다")
	cs, err := s.cfg.Services.Cases.RequestHelp(ctx, c.self, in)
	if err != nil {
		return fmt.Errorf("help request: %w", err)
	}
	c.help = append(c.help, cs.ID)
	return s.learn(ctx, c.member)
}

func (s *sim) completeHelp(ctx context.Context, c *citizen, id string) error {
	if s.cfg.Services.Cases == nil {
		return s.event(ctx, c.member, worker, "help-request", id, "completed")
	}
	if _, err := s.cfg.Services.Cases.CompleteHelp(ctx, worker, id, "counselled"); err != nil {
		return fmt.Errorf("complete help: %w", err)
	}
	s.happened(c.member, "help-request", id, "completed")
	return s.learn(ctx, c.member)
}

// reportFraud files a report, consenting to every provision the form names;
// its forwarding to 국민신문고 and 청렴신문고 waits in the outbox.
func (s *sim) reportFraud(ctx context.Context, c *citizen) error {
	if s.cfg.Services.Cases == nil {
		_, err := s.put(ctx, c.member, "fraud-report", vault.Retain{Rule: "fraud-report"}, synthetic("name", "mobile"))
		return err
	}
	form, err := s.cfg.Services.Cases.FraudForm()
	if err != nil {
		return err
	}
	var consents []string
	for _, p := range form.Provisions {
		consents = append(consents, p.ID)
	}
	in := s.withContent(reporter(c), "fraud-report", cases.ReportContent, "가상 신고: 가상 사업장의 부정수급")
	if _, err := s.cfg.Services.Cases.ReportFraud(ctx, c.self, in, consents); err != nil {
		return fmt.Errorf("fraud report: %w", err)
	}
	return s.learn(ctx, c.member)
}
