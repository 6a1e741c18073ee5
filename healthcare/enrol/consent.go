package enrol

import (
	"slices"
	"strings"

	"jikimi/errs"
	"jikimi/policy"
)

// formScopes are the consents the enrolment form asks, in its order.
var formScopes = []string{
	"purpose:enrolment",
	"purpose:health-service",
	"sensitive:health-service",
	"purpose:watch-delivery",
	"purpose:duplicate-prevention",
	"purpose:city-info",
}

// FormConsent is one consent on the form: its scope, whether enrolment
// needs it, and the exact text shown (the ledger keeps its hash).
type FormConsent struct {
	Scope    string `json:"scope"`
	Required bool   `json:"required"`
	Text     string `json:"text"`
}

// Form is the consents of the enrolment form under the policy in force,
// written from the policy's own purposes, items and periods.
func (s *Service) Form() ([]FormConsent, error) {
	p, err := s.policy()
	if err != nil {
		return nil, err
	}
	out := make([]FormConsent, 0, len(formScopes))
	for _, scope := range formScopes {
		kind, id, _ := strings.Cut(scope, ":")
		pu := p.Purpose(id)
		if pu == nil {
			return nil, errs.E(errs.Internal, "enrol: the policy in force has no purpose %q", id)
		}
		out = append(out, FormConsent{Scope: scope, Required: pu.Required, Text: consentText(pu, kind)})
	}
	return out, nil
}

// declares reports whether the purpose in force collects the item.
func (s *Service) declares(purpose, item string) bool {
	p, err := s.policy()
	return err == nil && p.Purpose(purpose) != nil && p.Purpose(purpose).Declares(item)
}

func (s *Service) policy() (*policy.Policy, error) {
	p, ok := s.cfg.Policies.Current(ServiceName, s.now())
	if !ok {
		return nil, errs.E(errs.Unavailable, "enrol: no policy in force")
	}
	return p, nil
}

// consentText is what the form shows for a purpose (kind "purpose") or its
// sensitive items (kind "sensitive"): PIPA 15(2) and 23(1) ask purpose,
// items, period and the right to refuse.
func consentText(pu *policy.Purpose, kind string) string {
	var b strings.Builder
	label, items := "[선택] ", pu.Items
	if pu.Required {
		label = "[필수] "
	}
	if kind == "sensitive" {
		label += "민감정보 처리: "
		items = slices.DeleteFunc(slices.Clone(items), func(it *policy.Item) bool { return it.Class != policy.ClassSensitive })
	}
	b.WriteString(label + pu.Title + "\n목적: " + pu.Description + "\n항목: ")
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(it.Name)
	}
	b.WriteString("\n보유기간: ")
	for i, r := range pu.Retention {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(r.Text)
	}
	if pu.Required {
		b.WriteString("\n동의를 거부할 권리가 있으며, 거부하시면 사업에 참여하실 수 없습니다.")
	} else {
		b.WriteString("\n동의를 거부할 권리가 있으며, 거부하셔도 사업 참여에는 제한이 없습니다.")
	}
	return b.String()
}

// checkConsents: only the form's scopes, and every required one.
func (s *Service) checkConsents(given []string) error {
	form, err := s.Form()
	if err != nil {
		return err
	}
	for _, g := range given {
		if !slices.ContainsFunc(form, func(f FormConsent) bool { return f.Scope == g }) {
			return bad("unknown_consent", "양식에 없는 동의 항목입니다 (a consent the form does not ask)")
		}
	}
	for _, f := range form {
		if f.Required && !slices.Contains(given, f.Scope) {
			return bad("consent_required", "필수 동의 항목에 모두 동의해야 참여할 수 있습니다 (a required consent is missing: "+f.Scope+")")
		}
	}
	return nil
}
