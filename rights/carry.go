package rights

import (
	"context"
	"maps"
	"slices"
	"strings"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/jobs"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/vault"
)

// carrier is the system actor that carries out what a request decides
// (freezes, suspensions, destruction) in the gate, under the request.
var carrier = vault.Actor{Kind: vault.System, ID: "rights", Source: ""}

// purposesOf is the purposes a request concerns: the named ones, else the
// purposes of its named items, else every purpose of the policy.
func purposesOf(p *policy.Policy, r *Request) []string {
	if len(r.Purposes) > 0 {
		return r.Purposes
	}
	var out []string
	for _, ref := range r.Items {
		if pid, _, ok := strings.Cut(ref, "/"); ok && !slices.Contains(out, pid) {
			out = append(out, pid)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, pu := range p.Purposes {
		out = append(out, pu.ID)
	}
	return out
}

// itemsOf is the request's items of one purpose (item IDs).
func itemsOf(r *Request, purpose string) []string {
	var out []string
	for _, ref := range r.Items {
		if pid, id, ok := strings.Cut(ref, "/"); ok && pid == purpose {
			out = append(out, id)
		}
	}
	return out
}

// keptByLaw says whether another law requires a purpose's data kept (a
// retention rule resting on a statute, or kept apart under one): deletion
// is refused for it (Act 36(1)), naming the law.
func keptByLaw(pu *policy.Purpose) []string {
	var laws []string
	for _, rr := range pu.Retention {
		for _, st := range rr.Basis {
			laws = append(laws, st.Law+" "+st.Article)
		}
	}
	return laws
}

// processedByLaw names the statutes a purpose is processed under: its
// processing cannot be suspended on request (Act 37(2)1).
func processedByLaw(pu *policy.Purpose) []string {
	var laws []string
	for _, st := range pu.Basis.Statutes {
		laws = append(laws, st.Law+" "+st.Article)
	}
	return laws
}

// carry does what the officer's answer decides, for the request's kind,
// before its status changes: it suspends or destroys the purposes not
// withheld, resolves correction freezes, and returns purposes it had to
// withhold itself (with their ground) and the references it placed.
func (s *Service) carry(ctx context.Context, officer vault.Actor, p *policy.Policy, r *Request, o Outcome) (withheld []string, reason string, refs []string, told map[string][]string, err error) {
	switch r.Kind {
	case Suspension:
		withheld, reason, refs, err = s.suspend(ctx, p, r, o.Withheld)
	case Deletion:
		withheld, reason, err = s.delete(ctx, p, r, o.Withheld)
	case Correction:
		var changed map[string][]string
		if changed, err = s.resolve(ctx, officer, r, o.Corrections, "corrected"); err == nil {
			told, err = s.recipients(ctx, r, changed)
		}
	}
	return withheld, reason, refs, told, err
}

// suspend stops processing of every purpose of the request but those a
// statute requires (withheld with law_requires) or the officer withheld.
func (s *Service) suspend(ctx context.Context, p *policy.Policy, r *Request, skip []string) ([]string, string, []string, error) {
	var refs []string
	withheld, err := eachPurpose(p, r, skip, processedByLaw, func(id string) error {
		sus, err := s.cfg.Vault.Suspend(ctx, vault.Request{Actor: carrier, Service: r.Service, Purpose: id, Subject: r.Subject})
		if err == nil {
			refs = append(refs, id+":"+sus)
		}
		return err
	})
	if err != nil {
		return nil, "", refs, err
	}
	return withheld, reasonIf(withheld, "law_requires"), refs, nil
}

// delete destroys every purpose of the request but those another law
// requires kept (withheld with kept_by_law) or the officer withheld.
func (s *Service) delete(ctx context.Context, p *policy.Policy, r *Request, skip []string) ([]string, string, error) {
	withheld, err := eachPurpose(p, r, skip, keptByLaw, func(id string) error {
		_, err := s.cfg.Vault.Shred(ctx, vault.Request{Actor: carrier, Service: r.Service, Purpose: id, Subject: r.Subject})
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return withheld, reasonIf(withheld, "kept_by_law"), nil
}

// eachPurpose runs do on every declared purpose of the request but those
// the officer withheld (skip) and those a law holds (law names a statute):
// those it returns, withheld, without running do.
func eachPurpose(p *policy.Policy, r *Request, skip []string, law func(*policy.Purpose) []string, do func(id string) error) ([]string, error) {
	var withheld []string
	for _, id := range purposesOf(p, r) {
		pu := p.Purpose(id)
		switch {
		case pu == nil || slices.Contains(skip, id):
		case len(law(pu)) > 0:
			withheld = append(withheld, id)
		default:
			if err := do(id); err != nil {
				return nil, err
			}
		}
	}
	return withheld, nil
}

func reasonIf(withheld []string, code string) string {
	if len(withheld) == 0 {
		return ""
	}
	return code
}

// CorrectedValues is a corrected value set for one record of the request's
// subject, as the officer (or caseworker) enters it from the request.
type CorrectedValues struct {
	Record string            `json:"record"`
	Values map[string]string `json:"values"`
}

// freeze places a correction freeze on the items named, per purpose, at
// once: the gate then refuses their use and provision (correction_pending).
func (s *Service) freeze(ctx context.Context, r *Request) ([]string, error) {
	var refs []string
	for _, id := range purposesOf(nil, r) {
		cor, err := s.cfg.Vault.RequestCorrection(ctx, vault.Request{Actor: carrier, Service: r.Service, Purpose: id, Subject: r.Subject, Items: itemsOf(r, id)})
		if err != nil {
			return refs, err
		}
		refs = append(refs, id+":"+cor)
	}
	return refs, nil
}

// resolve ends each freeze of a correction request: with the corrected
// values of the officer's corrections for records of that purpose, or
// unchanged (a refusal, or values the subject already corrected), with
// outcome recorded in the gate.
func (s *Service) resolve(ctx context.Context, officer vault.Actor, r *Request, cs []CorrectedValues, outcome string) (map[string][]string, error) {
	changed := map[string][]string{} // purpose -> items given a new value
	for _, ref := range r.refs {
		purpose, cor, _ := strings.Cut(ref, ":")
		req := vault.Request{Actor: officer, Service: r.Service, Purpose: purpose, Subject: r.Subject, Action: vault.Change}
		done := false
		for _, c := range cs {
			if !s.recordOf(ctx, r, purpose, c.Record) || done {
				continue
			}
			for k := range c.Values {
				if !slices.Contains(itemsOf(r, purpose), k) {
					return nil, invalid("unknown_item", "item %q is not one the request asks to correct", k)
				}
			}
			if err := s.cfg.Vault.Correct(ctx, req, cor, c.Record, c.Values, outcome); err != nil {
				return nil, err
			}
			changed[purpose], done = slices.Sorted(maps.Keys(c.Values)), true
		}
		if !done {
			if err := s.cfg.Vault.Correct(ctx, req, cor, "", nil, outcome); err != nil && errs.Code(err) != errs.NotFound {
				return nil, err
			}
		}
	}
	return changed, nil
}

// CorrectionNoticeJob is the outbox job that tells a recipient that data
// it received was corrected (one per request and provision).
const CorrectionNoticeJob = "rights.correction-notice"

// CorrectionNoticeArgs are a correction notice's arguments: the request,
// the recipient's provision and the items as purpose/item (never values).
type CorrectionNoticeArgs struct {
	Request   string   `json:"request"`
	Provision string   `json:"provision"`
	Items     []string `json:"items"`
}

// Kind is CorrectionNoticeJob.
func (CorrectionNoticeArgs) Kind() string { return CorrectionNoticeJob }

// CorrectionRecipient is the connector of a provision's recipient that
// takes correction notices: that the items it received about subject were
// corrected, with their corrected values (item ID -> value), under an
// idempotency key. A refusal no retry can fix is errs.Invalid.
type CorrectionRecipient interface {
	Corrected(ctx context.Context, key, subject string, values map[string]string) error
}

// recipients are the provisions that received any of the changed items,
// from the subject's access log entries: provision -> purpose/item.
func (s *Service) recipients(ctx context.Context, r *Request, changed map[string][]string) (map[string][]string, error) {
	out := map[string][]string{}
	err := s.cfg.History.OfSubject(ctx, r.Subject, func(e audit.Entry) error {
		kind, id, _ := strings.Cut(e.Handler, ":")
		if kind != "partner" || e.Outcome != audit.Allowed || e.Service != r.Service {
			return nil
		}
		for _, it := range e.Items {
			if ref := e.Purpose + "/" + it; slices.Contains(changed[e.Purpose], it) && !slices.Contains(out[id], ref) {
				out[id] = append(out[id], ref)
			}
		}
		return nil
	})
	return out, err
}

// tellRecipients enqueues, in the answer's transaction, a correction
// notice to every recipient that received an old value.
func (s *Service) tellRecipients(ctx context.Context, tx store.Querier, r *Request, to map[string][]string) error {
	for _, provision := range slices.Sorted(maps.Keys(to)) {
		args := CorrectionNoticeArgs{Request: r.ID, Provision: provision, Items: to[provision]}
		if err := s.cfg.Jobs.Insert(ctx, tx, args, &jobs.Opts{Unique: true}); err != nil {
			return errs.WrapIf(err, "rights: enqueue correction notice")
		}
	}
	return nil
}

// TellRecipient is the outbox job that tells a recipient of a correction:
// it reads the corrected values through the gate as that recipient (the
// provision and its consent checked, the read logged as a provision) and
// sends them through the recipient's connector, then records the step in
// the request's history (recipient_told). A recipient the gate no longer
// lets receive (its consent withdrawn, processing suspended) is not told
// (recipient_not_told); one without a connector is left to the officer
// to tell (recipient_to_tell). It is idempotent.
func (s *Service) TellRecipient(ctx context.Context, j *jobs.Job[CorrectionNoticeArgs]) error {
	p := j.Args
	if p.Request == "" || p.Provision == "" {
		return jobs.Permanent(errs.E(errs.Invalid, "rights: a correction notice names its request and recipient"))
	}
	if done, err := s.told(ctx, p.Request, p.Provision); err != nil || done {
		return err
	}
	r, err := s.load(ctx, s.cfg.SQL.Reader(), p.Request)
	if err != nil {
		return jobs.Permanent(err)
	}
	to, ok := s.cfg.Recipients[p.Provision]
	if !ok {
		return s.tellStep(ctx, p, "recipient_to_tell")
	}
	values, err := s.asRecipient(ctx, r, p)
	if errs.Code(err) == errs.NotFound || errs.Code(err) == errs.Forbidden {
		return s.tellStep(ctx, p, "recipient_not_told")
	}
	if err != nil {
		return err
	}
	if err := to.Corrected(ctx, p.Request+"|"+p.Provision, r.Subject, values); err != nil {
		if errs.Code(err) == errs.Invalid {
			return jobs.Permanent(err)
		}
		return err
	}
	return s.tellStep(ctx, p, "recipient_told")
}

// told reports whether the correction notice to provision has its step.
func (s *Service) told(ctx context.Context, request, provision string) (bool, error) {
	var n int
	err := s.cfg.SQL.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM rights_events WHERE request_id = ? AND detail = ?
		AND action IN ('recipient_told', 'recipient_not_told', 'recipient_to_tell')`, request, provision).Scan(&n)
	return n > 0, errs.WrapIf(err, "rights: read steps")
}

func (s *Service) tellStep(ctx context.Context, p CorrectionNoticeArgs, action string) error {
	return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		return event(ctx, tx, p.Request, s.now(), carrier.Handler(), action, p.Provision)
	})
}

// asRecipient reads the corrected items as the provision's recipient.
func (s *Service) asRecipient(ctx context.Context, r *Request, p CorrectionNoticeArgs) (map[string]string, error) {
	byPurpose := map[string][]string{}
	for _, ref := range p.Items {
		purpose, item, _ := strings.Cut(ref, "/")
		byPurpose[purpose] = append(byPurpose[purpose], item)
	}
	values := map[string]string{}
	for _, purpose := range slices.Sorted(maps.Keys(byPurpose)) {
		recs, err := s.cfg.Vault.List(ctx, vault.Request{Actor: vault.Actor{Kind: vault.Partner, ID: p.Provision, Source: "127.0.0.1"},
			Service: r.Service, Purpose: purpose, Subject: r.Subject, Items: byPurpose[purpose], Action: vault.View})
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			for k, v := range rec.Values {
				values[k] = v
			}
		}
	}
	return values, nil
}

// recordOf reports whether record is one of the subject's records of the
// purpose (a system look-up of IDs that reads no value).
func (s *Service) recordOf(ctx context.Context, r *Request, purpose, record string) bool {
	hs, err := s.cfg.Vault.Holdings(ctx, vault.Request{Actor: carrier, Service: r.Service, Subject: r.Subject})
	return err == nil && slices.ContainsFunc(hs, func(h vault.Holding) bool { return h.ID == record && h.Purpose == purpose })
}

// withdraw carries out a consent withdrawal at once: each optional
// consent named (or, when only purposes are named, each one in force of
// them) is withdrawn; a consent the service rests on (a required purpose's)
// is withheld with contract_service: leaving the service is how it ends.
func (s *Service) withdraw(ctx context.Context, p *policy.Policy, r *Request) ([]string, error) {
	scopes := scopesOf(r)
	if len(scopes) == 0 {
		cs, err := s.cfg.Vault.Consents(ctx, vault.Request{Actor: carrier, Service: r.Service, Subject: r.Subject})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			_, id, _ := strings.Cut(c.Scope, ":")
			if c.Withdrawn == nil && slices.Contains(purposesOf(p, r), id) && !slices.Contains(scopes, c.Scope) {
				scopes = append(scopes, c.Scope)
			}
		}
	}
	var withheld []string
	for _, sc := range scopes {
		if required(p, sc) {
			_, id, _ := strings.Cut(sc, ":")
			withheld = appendOnce(withheld, id)
			continue
		}
		if err := s.cfg.Vault.Withdraw(ctx, vault.Request{Actor: carrier, Service: r.Service, Subject: r.Subject}, sc); err != nil && errs.Code(err) != errs.NotFound {
			return nil, err
		}
	}
	return withheld, nil
}

func appendOnce(ss []string, s string) []string {
	if slices.Contains(ss, s) {
		return ss
	}
	return append(ss, s)
}

// scopesOf is the consent scopes a withdrawal names (kept with its items).
func scopesOf(r *Request) []string {
	var out []string
	for _, it := range r.Items {
		if strings.Contains(it, ":") {
			out = append(out, it)
		}
	}
	return out
}

// required: the scope is the consent to a purpose the service rests on.
func required(p *policy.Policy, scope string) bool {
	kind, id, _ := strings.Cut(scope, ":")
	pu := p.Purpose(id)
	return pu != nil && pu.Required && (kind == "purpose" || kind == "sensitive" || kind == "unique")
}

// Consequences says, in Korean, what a consent withdrawal does: per scope,
// what stops, and what refusing costs where the policy declares it.
func Consequences(p *policy.Policy, r *Request) []string {
	if r.Kind != ConsentWithdrawal {
		return nil
	}
	var out []string
	for _, sc := range scopesOf(r) {
		if c, _ := WithdrawalConsequence(p, sc); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// WithdrawalConsequence says, in Korean, what withdrawing the consent of
// scope would do (shown before the citizen withdraws it), and whether the
// service rests on it (then only leaving the service withdraws it).
func WithdrawalConsequence(p *policy.Policy, scope string) (string, bool) {
	kind, id, _ := strings.Cut(scope, ":")
	label := ScopeLabel(p, scope)
	switch {
	case kind == "provision":
		if pr := p.Provision(id); pr != nil {
			return label + ": 철회 즉시 " + pr.Recipient + "에 더 이상 제공되지 않으며, 그 제공으로 받던 서비스(" + pr.Purpose + ")를 이용할 수 없습니다." + orEmpty(" "+pr.RefusalCost), false
		}
		return "", false
	case required(p, scope):
		return label + ": 서비스 제공의 필수 동의이므로 철회하면 서비스를 이용할 수 없습니다. 서비스 탈퇴로 철회하실 수 있습니다.", true
	case kind == "keep":
		return label + ": 철회 즉시 보관하던 정보가 파기됩니다.", false
	}
	cost := ""
	if pu := p.Purpose(id); pu != nil && pu.Consent != nil {
		cost = orEmpty(" " + pu.Consent.RefusalCost)
	}
	return label + ": 철회 즉시 해당 처리가 중단됩니다. 서비스 이용에는 영향이 없습니다." + cost, false
}

func orEmpty(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return s
}

// Kept explains, item by item, why what was withheld from a deletion or
// suspension stays: the law each withheld purpose's data rests on.
type Kept struct {
	Purpose string `json:"purpose"`
	Item    string `json:"item"`
	Law     string `json:"law"`
}

func keptItems(p *policy.Policy, r *Request) []Kept {
	if r.Kind != Deletion && r.Kind != Suspension {
		return nil
	}
	var out []Kept
	for _, id := range r.Withheld {
		pu := p.Purpose(id)
		if pu == nil {
			continue
		}
		laws := keptByLaw(pu)
		if r.Kind == Suspension {
			laws = processedByLaw(pu)
		}
		for _, it := range pu.Items {
			out = append(out, Kept{Purpose: id, Item: it.Name, Law: strings.Join(laws, ", ")})
		}
	}
	return out
}
