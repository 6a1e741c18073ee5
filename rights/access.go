package rights

import (
	"cmp"
	"context"
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"jikimi/audit"
	"jikimi/policy"
	"jikimi/vault"
)

// AccessAnswer is the answer to an access request (열람, Act 35), computed
// from what is stored, read through the gate: every item held by purpose
// with its source, collection date, destruction due date and rule; what is
// kept apart; every consent; every provision to a third party; and every
// access to the person's data recorded in the access log (who by role and
// department, never by name or account).
type AccessAnswer struct {
	Service       string        `json:"service"`
	Controller    string        `json:"controller"`
	PolicyVersion string        `json:"policy_version"`
	Subject       string        `json:"subject"`
	At            time.Time     `json:"generated_at"`
	Purposes      []PurposeHeld `json:"purposes"`
	KeptApart     []KeptApart   `json:"kept_apart"`
	Consents      []ConsentHeld `json:"consents"`
	Provisions    []Provided    `json:"provisions"`
	Accesses      []Accessed    `json:"accesses"`
	Elsewhere     []Ledger      `json:"held_elsewhere"` // a service's own ledgers of the person (points), outside the vault's records
	AccessLog     *LogProof     `json:"access_log"`
}

// LogProof lets the person check, with the log's public key alone, that
// the access log holds every entry listed (jikimi audit verify --checkpoint
// C --public-key K --proof P): the signed checkpoint (with witnesses'
// cosignatures) and one inclusion proof file per entry, in the order of
// Accesses. A proof carries its entry whole, so the opaque handler ID the
// list above leaves out is in it.
type LogProof struct {
	Checkpoint string            `json:"checkpoint"`
	Proofs     []json.RawMessage `json:"proofs"`
}

// Ledger is personal data a service keeps in a ledger of its own rather
// than as gate records (손목닥터 9988's points): what it is, for which
// purpose, and its rows.
type Ledger struct {
	Purpose string      `json:"purpose"`
	Name    string      `json:"name"`
	Rows    []LedgerRow `json:"rows"`
}

// LedgerRow is one row of a ledger.
type LedgerRow struct {
	At    time.Time `json:"at"`
	Label string    `json:"label"`
	Value string    `json:"value"`
}

// LedgerReader reads a service's ledgers of one subject.
type LedgerReader func(ctx context.Context, subject string) ([]Ledger, error)

// PurposeHeld is what is held for one purpose.
type PurposeHeld struct {
	ID      string       `json:"id"`
	Title   string       `json:"title"`
	Records []RecordHeld `json:"records"`
}

// RecordHeld is one stored record with its values.
type RecordHeld struct {
	ID          string     `json:"id"`
	Items       []ItemHeld `json:"items"`
	Source      string     `json:"source"` // subject, device, partner, staff role, system
	SourceLabel string     `json:"source_label"`
	CollectedAt time.Time  `json:"collected_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	DestroyBy   *time.Time `json:"destroy_by,omitempty"` // nil while the rule waits for an event
	Rule        string     `json:"rule"`
	RuleText    string     `json:"rule_text"`
}

// ItemHeld is one item's value.
type ItemHeld struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

// KeptApart is a record kept in separate storage under another law.
type KeptApart struct {
	Purpose     string    `json:"purpose"`
	Serves      string    `json:"serves"`
	Items       []string  `json:"items"`
	SeparatedAt time.Time `json:"separated_at"`
	DestroyBy   time.Time `json:"destroy_by"`
	RuleText    string    `json:"rule_text"`
}

// ConsentHeld is one entry of the consent ledger.
type ConsentHeld struct {
	Scope         string     `json:"scope"`
	Label         string     `json:"label"`
	PolicyVersion string     `json:"policy_version"`
	Channel       string     `json:"channel"`
	GivenAt       time.Time  `json:"given_at"`
	WithdrawnAt   *time.Time `json:"withdrawn_at,omitempty"`
}

// Provided is one provision to a third party, from the access log.
type Provided struct {
	Provision string    `json:"provision"`
	Recipient string    `json:"recipient"`
	Items     []string  `json:"items"`
	At        time.Time `json:"at"`
}

// Accessed is one access to the person's data, from the access log.
type Accessed struct {
	At         time.Time `json:"at"`
	Role       string    `json:"role"`
	Department string    `json:"department"`
	Purpose    string    `json:"purpose"`
	Action     string    `json:"action"`
	Outcome    string    `json:"outcome"`
	Reason     string    `json:"reason,omitempty"`
	Records    int64     `json:"records"`
	Entry      int64     `json:"entry"` // the access log entry, whose proof is in AccessLog
}

// MyData is the access answer for the signed-in subject, at once: self-
// service access needs no officer (the read is logged for the purpose
// rights like any other).
func (s *Service) MyData(ctx context.Context, actor vault.Actor, service string) (*AccessAnswer, error) {
	return s.accessAnswer(ctx, actor, service, actor.ID, vault.View)
}

// accessAnswer reads everything of subject through the gate as actor and
// joins it with the policy and the access log.
func (s *Service) accessAnswer(ctx context.Context, actor vault.Actor, service, subject string, action vault.Action) (*AccessAnswer, error) {
	p, err := s.policy(service)
	if err != nil {
		return nil, err
	}
	d, err := s.cfg.Vault.Disclose(ctx, vault.Request{Actor: actor, Service: service, Purpose: vault.PurposeRights, Subject: subject, Action: action})
	if err != nil {
		return nil, err
	}
	var entries []audit.Entry
	if err := s.cfg.History.OfSubject(ctx, subject, func(e audit.Entry) error {
		if e.Service == service {
			entries = append(entries, e)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	a := &AccessAnswer{Service: service, Controller: p.Controller.Name, PolicyVersion: p.Version, Subject: subject, At: s.now(),
		Purposes: held(p, d.Records, sourcesOf(entries)), KeptApart: apart(p, d.Apart), Consents: consents(p, d.Consents)}
	a.Provisions, a.Accesses, a.Elsewhere = provisions(p, entries), accesses(p, entries), []Ledger{}
	if read := s.cfg.Ledgers[service]; read != nil {
		ls, err := read(ctx, subject)
		if err != nil {
			return nil, err
		}
		a.Elsewhere = append(a.Elsewhere, ls...)
	}
	if a.AccessLog, err = s.logProof(ctx, entries); err != nil {
		return nil, err
	}
	return a, nil
}

// logProof proves the entries against the log's latest checkpoint.
func (s *Service) logProof(ctx context.Context, entries []audit.Entry) (*LogProof, error) {
	cp, proofs, err := s.cfg.History.ProveEntries(ctx, entries)
	if err != nil {
		return nil, err
	}
	lp := &LogProof{Checkpoint: string(cp.Note), Proofs: make([]json.RawMessage, len(proofs))}
	for i, p := range proofs {
		lp.Proofs[i] = p.Marshal()
	}
	return lp, nil
}

func held(p *policy.Policy, recs []*vault.Record, src *sources) []PurposeHeld {
	out := []PurposeHeld{}
	for _, rec := range recs {
		if len(out) == 0 || out[len(out)-1].ID != rec.Purpose {
			ph := PurposeHeld{ID: rec.Purpose, Title: rec.Purpose}
			if pu := p.Purpose(rec.Purpose); pu != nil {
				ph.Title = pu.Title
			}
			out = append(out, ph)
		}
		source := src.of(rec.Purpose, rec.Created, slices.Collect(maps.Keys(rec.Values)))
		rh := RecordHeld{ID: rec.ID, Source: source, SourceLabel: sourceLabel(source), CollectedAt: rec.Created, UpdatedAt: rec.Updated,
			DestroyBy: rec.Due, Rule: rec.Rule, RuleText: ruleText(p, rec.Purpose, rec.Rule)}
		for _, id := range slices.Sorted(maps.Keys(rec.Values)) {
			rh.Items = append(rh.Items, ItemHeld{ID: id, Name: itemName(p, rec.Purpose, id), Value: shown(id, rec.Values[id])})
		}
		out[len(out)-1].Records = append(out[len(out)-1].Records, rh)
	}
	return out
}

// shown is a value as the answer shows it: a password is held only as a
// one-way hash, which is said rather than handed out (a hash that leaves
// could be attacked offline).
func shown(item, value string) string {
	if item == "password" {
		return "(일방향 암호화되어 저장됨)"
	}
	return value
}

func itemName(p *policy.Policy, purpose, item string) string {
	if it, err := p.LookupItem(purpose+"/"+item, ""); err == nil {
		return it.Name
	}
	return item
}

func ruleText(p *policy.Policy, purpose, rule string) string {
	pu := p.Purpose(purpose)
	if pu == nil {
		return rule
	}
	if rr := pu.Rule(rule); rr != nil {
		if rr.Text != "" {
			return rr.Text
		}
		if rr.Until != "" && rr.Period.IsZero() {
			return policy.Events[rr.Until] + " 시까지"
		}
	}
	return rule
}

func apart(p *policy.Policy, as []vault.Apart) []KeptApart {
	out := []KeptApart{}
	for _, a := range as {
		out = append(out, KeptApart{Purpose: a.Purpose, Serves: a.Serves, Items: a.Items, SeparatedAt: a.Separated, DestroyBy: a.Due,
			RuleText: ruleText(p, a.Purpose, a.Rule)})
	}
	return out
}

func consents(p *policy.Policy, cs []vault.Consent) []ConsentHeld {
	out := []ConsentHeld{}
	for _, c := range cs {
		out = append(out, ConsentHeld{Scope: c.Scope, Label: ScopeLabel(p, c.Scope), PolicyVersion: c.PolicyVersion, Channel: c.Channel,
			GivenAt: c.Given, WithdrawnAt: c.Withdrawn})
	}
	return out
}

// ScopeLabel is a consent scope in the citizen's words.
func ScopeLabel(p *policy.Policy, scope string) string {
	kind, id, _ := strings.Cut(scope, ":")
	if kind == "provision" {
		if pr := p.Provision(id); pr != nil {
			return pr.Recipient + " 제3자 제공 동의"
		}
		return scope
	}
	title := id
	if pu := p.Purpose(id); pu != nil {
		title = pu.Title
	}
	return title + " " + map[string]string{"purpose": "수집·이용 동의", "optional": "선택항목 동의", "sensitive": "민감정보 처리 동의",
		"unique": "고유식별정보 처리 동의", "keep": "보관 동의"}[kind]
}

// sources tells who put each record in: the handler kind of the access
// log's input entry for the purpose that came with it (the entry is written
// in the record's transaction, stamped at or after the record).
type sources struct{ inputs map[string][]audit.Entry }

func sourcesOf(entries []audit.Entry) *sources {
	s := &sources{inputs: map[string][]audit.Entry{}}
	for _, e := range entries {
		if e.Action == audit.Input && e.Outcome == audit.Allowed && len(e.Items) > 0 {
			s.inputs[e.Purpose] = append(s.inputs[e.Purpose], e)
		}
	}
	for _, es := range s.inputs {
		sort.SliceStable(es, func(i, j int) bool { return es[i].Time.Before(es[j].Time) })
	}
	return s
}

func (s *sources) of(purpose string, created time.Time, items []string) string {
	es := s.inputs[purpose]
	for i := sort.Search(len(es), func(i int) bool { return !es[i].Time.Before(created) }); i < len(es) && es[i].Time.Sub(created) <= time.Minute; i++ {
		if !slices.ContainsFunc(items, func(it string) bool { return slices.Contains(es[i].Items, it) }) {
			continue
		}
		kind, _, _ := strings.Cut(es[i].Handler, ":")
		if kind == "staff" {
			return es[i].Role
		}
		return kind
	}
	return "unknown"
}

func sourceLabel(source string) string {
	return cmp.Or(map[string]string{"subject": "본인", "device": "본인의 기기", "partner": "제휴기관", "system": "시스템(자동 처리)",
		"caseworker": "담당 공무원", "health-operator": "사업 운영 담당자", "counsellor": "건강상담사", "privacy-officer": "개인정보 보호책임자",
		"unknown": "기록 없음"}[source], "직원("+source+")")
}

func provisions(p *policy.Policy, entries []audit.Entry) []Provided {
	out := []Provided{}
	for _, e := range entries {
		kind, id, _ := strings.Cut(e.Handler, ":")
		if kind != "partner" || e.Outcome != audit.Allowed {
			continue
		}
		pv := Provided{Provision: id, Recipient: id, Items: e.Items, At: e.Time}
		if pr := p.Provision(id); pr != nil {
			pv.Recipient = pr.Recipient
		}
		out = append(out, pv)
	}
	return out
}

// accesses lists every entry by role and department: never the handler.
func accesses(p *policy.Policy, entries []audit.Entry) []Accessed {
	out := make([]Accessed, 0, len(entries))
	for _, e := range entries {
		out = append(out, Accessed{At: e.Time, Role: e.Role, Department: department(p, e), Purpose: e.Purpose, Action: string(e.Action),
			Outcome: string(e.Outcome), Reason: e.Reason, Records: e.Records, Entry: e.Seq})
	}
	return out
}

// department names where an access came from: the policy's contact
// department for staff (the privacy officer's own, or the handlers'),
// the recipient for a partner, and the person or system otherwise.
func department(p *policy.Policy, e audit.Entry) string {
	kind, id, _ := strings.Cut(e.Handler, ":")
	switch kind {
	case "subject":
		return "본인"
	case "device":
		return "본인의 기기"
	case "system":
		return "시스템(자동 처리)"
	case "partner":
		if pr := p.Provision(id); pr != nil {
			return pr.Recipient
		}
		return "제3자"
	}
	want := "handler"
	if e.Role == OfficerRole {
		want = "officer"
	}
	for _, c := range p.Controller.Contacts {
		if c.Role == want && c.Department != "" {
			return c.Department
		}
	}
	return p.Controller.Name
}
