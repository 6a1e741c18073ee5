package rights

import (
	"context"
	"slices"
	"strings"

	"jikimi/policy"
	"jikimi/store"
	"jikimi/vault"
)

// Outdated is a consent a newer policy version makes insufficient (Act
// 18): the scope, the version it was given under, what changed, and the
// text to consent to now.
type Outdated struct {
	Scope   string   `json:"scope"`
	Label   string   `json:"label"`
	Given   string   `json:"given_version"`
	Current string   `json:"current_version"`
	Changes []string `json:"changes"`
	Text    string   `json:"text"`
}

// outdated judges a ledger against the policy in force, as the gate does:
// a consent in force given under an older version whose changes (policy
// diff's reconsent) cover its scope.
func outdated(reg *policy.Registry, p *policy.Policy, cs []vault.Consent) []Outdated {
	var out []Outdated
	inForce := map[string]vault.Consent{}
	for _, c := range cs {
		if c.Withdrawn == nil {
			inForce[c.Scope] = c // a later giving speaks for the scope
		} else {
			delete(inForce, c.Scope)
		}
	}
	for _, scope := range sortedKeys(inForce) {
		c := inForce[scope]
		if c.PolicyVersion == p.Version {
			continue
		}
		old, ok := reg.Version(p.Service, c.PolicyVersion)
		var changes []string
		if ok {
			for _, rc := range policy.Compare(old, p).Reconsent {
				if vault.CoversScope(rc.Scope, scope) {
					changes = append(changes, rc.Reason)
				}
			}
		} else {
			changes = []string{"동의하신 처리방침 버전의 본문을 더 이상 보유하고 있지 않습니다"}
		}
		if len(changes) > 0 {
			out = append(out, Outdated{Scope: scope, Label: ScopeLabel(p, scope), Given: c.PolicyVersion, Current: p.Version,
				Changes: changes, Text: ConsentText(p, scope)})
		}
	}
	return out
}

func sortedKeys(m map[string]vault.Consent) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ConsentText is the text shown to consent to a scope under p, written
// from the policy: purpose, items, period and the right to refuse (Act
// 15(2), 17(2), 22-24); for a provision, the recipient, its purpose, the
// items and its retention.
func ConsentText(p *policy.Policy, scope string) string {
	kind, id, _ := strings.Cut(scope, ":")
	if kind == "provision" {
		if pr := p.Provision(id); pr != nil {
			return "[제3자 제공] 제공받는 자: " + pr.Recipient + " / 이용 목적: " + pr.Purpose + " / 보유기간: " + pr.Retention +
				" / 동의를 거부할 권리가 있으며, 거부하시면 해당 서비스를 이용하실 수 없습니다."
		}
		return ""
	}
	pu := p.Purpose(id)
	if pu == nil {
		return ""
	}
	var items, periods []string
	for _, it := range pu.Items {
		if kind != "sensitive" || it.Class == policy.ClassSensitive {
			items = append(items, it.Name)
		}
	}
	for _, r := range pu.Retention {
		periods = append(periods, r.Text)
	}
	refuse := "거부하셔도 서비스 이용에는 제한이 없습니다."
	if pu.Required {
		refuse = "거부하시면 서비스를 이용하실 수 없습니다."
	}
	return "[" + ScopeLabel(p, scope) + "] 목적: " + pu.Description + " / 항목: " + strings.Join(items, ", ") +
		" / 보유기간: " + strings.Join(periods, ", ") + " / 동의를 거부할 권리가 있으며, " + refuse
}

// Reconsents lists the signed-in subject's consents that the policy in
// force needs again, with what changed.
func (s *Service) Reconsents(ctx context.Context, actor vault.Actor, service string) ([]Outdated, error) {
	p, err := s.policy(service)
	if err != nil {
		return nil, err
	}
	cs, err := s.cfg.Vault.Consents(ctx, vault.Request{Actor: actor, Service: service, Subject: actor.ID})
	if err != nil {
		return nil, err
	}
	out := outdated(s.cfg.Policies, p, cs)
	if out == nil {
		out = []Outdated{}
	}
	return out, nil
}

// Reconsent records the subject's consent, under the version in force, to
// each named scope that needs it again, with the text Reconsents showed;
// a scope that needs no new consent is invalid and nothing is written.
func (s *Service) Reconsent(ctx context.Context, actor vault.Actor, service string, scopes []string) ([]Outdated, error) {
	need, err := s.Reconsents(ctx, actor, service)
	if err != nil {
		return nil, err
	}
	var give []Outdated
	for _, sc := range scopes {
		i := slices.IndexFunc(need, func(o Outdated) bool { return o.Scope == sc })
		if i < 0 {
			return nil, invalid("unknown_consent", "consent %q does not need to be given again", sc)
		}
		give = append(give, need[i])
	}
	if len(give) == 0 {
		return nil, invalid("unknown_consent", "name the consents to give again")
	}
	for _, o := range give {
		c := vault.Consent{Scope: o.Scope, Channel: vault.ChannelWeb, Text: o.Text}
		if _, err := s.cfg.Vault.Give(ctx, vault.Request{Actor: actor, Service: service, Subject: actor.ID}, c); err != nil {
			return nil, err
		}
	}
	return s.Reconsents(ctx, actor, service)
}

// noticeReconsents, once per policy version newly in force, notifies every
// subject whose consents it makes insufficient, through the outbox.
func (s *Service) noticeReconsents(ctx context.Context) error {
	for _, service := range s.cfg.Policies.Services() {
		p, ok := s.cfg.Policies.Current(service, s.now())
		if !ok || len(s.cfg.Policies.Declared(service)) < 2 {
			continue
		}
		err := s.once(ctx, service, NoticeReconsent, p.Version, func() error {
			return s.eachSubject(ctx, service, func(subject string) error {
				cs, err := s.cfg.Vault.Consents(ctx, vault.Request{Actor: carrier, Service: service, Subject: subject})
				if err != nil {
					return err
				}
				out := outdated(s.cfg.Policies, p, cs)
				if len(out) == 0 {
					return nil
				}
				scopes := make([]string, len(out))
				for i, o := range out {
					scopes[i] = o.Scope
				}
				return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
					return s.notify(ctx, tx, service, subject, NoticeReconsent, p.Version, map[string]any{"version": p.Version, "scopes": scopes})
				})
			})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
