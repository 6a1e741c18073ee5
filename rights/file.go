package rights

import (
	"context"
	"slices"
	"strings"

	"jikimi/errs"
	"jikimi/policy"
	"jikimi/store"
	"jikimi/vault"
)

// Filing is a request as it is made: what it asks, of whose data, and who
// asks. The requester is the actor File is called with: the signed-in
// subject (online, in the session they use for the service), or the privacy
// officer recording a request received on paper, by e-mail or by fax.
type Filing struct {
	Service   string
	Subject   string // whose data
	Kind      string
	Purposes  []string // none: every purpose
	Items     []string // purpose/item, or an item ID of the named purposes; none: all their items
	Consents  []string // consent_withdrawal: the ledger scopes withdrawn; none: every consent of the purposes
	ObjectsTo string   // objection: the earlier request whose result is objected to
	Channel   Channel  // "" is online
	As        Requester
	// Verification proves who asks on another's behalf: the representative's
	// verification (checked against the link recorded at sign-up) or the
	// proxy's identity verification (through the identity connector).
	Verification string
	Attorney     *Attorney // a proxy's power of attorney
}

// File records a request and starts its clock. Bad input is invalid and
// writes nothing; a requester without standing is forbidden with a reason
// of its own and writes nothing; a subject the requester may not act for is
// not found, and that attempt is logged as denied.
func (s *Service) File(ctx context.Context, actor vault.Actor, f Filing) (*Request, error) {
	p, err := s.policy(f.Service)
	if err != nil {
		return nil, err
	}
	r, err := s.checkFiling(p, actor, f)
	if err != nil {
		return nil, err
	}
	onBehalf, err := s.standing(ctx, actor, f, r)
	if err != nil {
		return nil, err
	}
	err = s.step(ctx, actor, f.Service, f.Subject, vault.Input, onBehalf, func(tx store.Querier) error {
		if err := s.checkObjection(ctx, tx, r); err != nil {
			return err
		}
		if err := s.insert(ctx, tx, r); err != nil {
			return err
		}
		if onBehalf { // the person is told, through the outbox, that someone asked for them
			body := map[string]string{"request": r.ID, "kind": string(r.Kind), "requester": string(r.Requester)}
			if err := s.notify(ctx, tx, r.Service, r.Subject, NoticeOnBehalf, r.ID, body); err != nil {
				return err
			}
		}
		return event(ctx, tx, r.ID, r.ReceivedAt, actor.Handler(), "filed", string(r.Requester)+"/"+string(r.Channel))
	})
	if err != nil {
		return nil, err
	}
	if err := s.atOnce(ctx, p, r); err != nil {
		return nil, err
	}
	return s.load(ctx, s.cfg.SQL.Reader(), r.ID)
}

// atOnce does what takes effect on filing: a correction freezes the named
// items (the gate refuses their use and provision until it is answered);
// a consent withdrawal is carried out and answered (asking is no harder
// than consenting was, Act 38(4)).
func (s *Service) atOnce(ctx context.Context, p *policy.Policy, r *Request) error {
	switch r.Kind {
	case Correction:
		refs, err := s.freeze(ctx, r)
		if err != nil {
			return err
		}
		return s.settle(ctx, r, `refs = ?`, strings.Join(refs, ","))
	case ConsentWithdrawal:
		withheld, err := s.withdraw(ctx, p, r)
		if err != nil {
			return err
		}
		status, now := Answered, s.now().UnixMicro()
		if len(withheld) > 0 {
			status = PartiallyAnswered
		}
		return s.settle(ctx, r, `status = ?, answered_at = ?, reason = ?, withheld = ?`, status, now, reasonIf(withheld, "contract_service"), strings.Join(withheld, ","))
	}
	return nil
}

// settle updates a request the system carried out, with its history step.
func (s *Service) settle(ctx context.Context, r *Request, set string, args ...any) error {
	return s.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		if _, err := tx.ExecContext(ctx, `UPDATE rights_requests SET `+set+` WHERE id = ?`, append(args, r.ID)...); err != nil {
			return errs.Wrap(errs.Internal, err, "rights: update request")
		}
		return event(ctx, tx, r.ID, s.now(), carrier.Handler(), "carried_out", string(r.Kind))
	})
}

// checkFiling validates everything that needs no storage.
func (s *Service) checkFiling(p *policy.Policy, actor vault.Actor, f Filing) (*Request, error) {
	kind, err := parseKind(f.Kind)
	if err != nil {
		return nil, err
	}
	if f.Subject == "" {
		return nil, invalid("missing_subject", "a request names whose data it concerns")
	}
	r := &Request{ID: newID("rr_"), Service: f.Service, Subject: f.Subject, Kind: kind, Status: Received, Requester: f.As, Channel: f.Channel,
		ObjectsTo: f.ObjectsTo, Attorney: f.Attorney}
	if r.Channel == "" {
		r.Channel = Online
	}
	if r.Requester == "" {
		r.Requester = BySubject
	}
	if err := checkChannel(actor, r.Channel); err != nil {
		return nil, err
	}
	if r.Purposes, r.Items, err = scope(p, f.Purposes, f.Items); err != nil {
		return nil, err
	}
	if err := checkConsents(p, r, f.Consents); err != nil {
		return nil, err
	}
	if kind == Correction && len(r.Items) == 0 {
		return nil, invalid("correction_items", "a correction names the items to correct (purpose/item)")
	}
	if kind == ConsentWithdrawal && len(f.Consents) == 0 && len(r.Purposes) == 0 {
		return nil, invalid("unknown_consent", "a consent withdrawal names the consents or the purposes it withdraws")
	}
	if (kind == Objection) != (f.ObjectsTo != "") {
		return nil, invalid("objection_target", "an objection, and only an objection, names the request it objects to (objects_to)")
	}
	r.ReceivedAt = s.now()
	r.DueAt = DueAt(r.ReceivedAt)
	return r, nil
}

// checkChannel: online requests come from the subject's own session;
// paper, e-mail and fax ones are recorded by the privacy officer.
func checkChannel(actor vault.Actor, ch Channel) error {
	switch {
	case !slices.Contains(channels, ch):
		return invalid("unknown_channel", "unknown channel %q (want online, paper, email or fax)", ch)
	case actor.Kind == vault.Subject && ch != Online:
		return invalid("unknown_channel", "a request made online has the channel online")
	case actor.Kind == vault.Staff && (ch == Online || actor.Role != OfficerRole):
		return forbidden("officer_only", "staff record only requests received on paper, by e-mail or by fax, as the privacy officer")
	case actor.Kind != vault.Subject && actor.Kind != vault.Staff:
		return forbidden("officer_only", "only a subject or the privacy officer files a request")
	}
	return nil
}

// scope resolves the purposes and items a request names against the policy.
func scope(p *policy.Policy, purposes, items []string) ([]string, []string, error) {
	var ps []string
	for _, id := range purposes {
		if p.Purpose(id) == nil {
			return nil, nil, invalid("unknown_purpose", "purpose %q is not declared in the policy in force", id)
		}
		if !slices.Contains(ps, id) {
			ps = append(ps, id)
		}
	}
	var refs []string
	for _, ref := range items {
		it, err := lookupItem(p, ref, ps)
		if err != nil {
			return nil, nil, err
		}
		full := it.Purpose + "/" + it.ID
		if !slices.Contains(refs, full) {
			refs = append(refs, full)
		}
		if len(purposes) > 0 && !slices.Contains(ps, it.Purpose) {
			return nil, nil, invalid("unknown_item", "item %q is not of the named purposes", ref)
		}
	}
	return ps, refs, nil
}

func lookupItem(p *policy.Policy, ref string, purposes []string) (*policy.Item, error) {
	if !strings.Contains(ref, "/") && len(purposes) == 1 {
		ref = purposes[0] + "/" + ref
	}
	it, err := p.LookupItem(ref, "")
	if err != nil {
		return nil, invalid("unknown_item", "item %q is not declared in the policy in force (name it purpose/item when several purposes have it)", ref)
	}
	return it, nil
}

// checkConsents resolves a consent withdrawal's scopes; other kinds name none.
func checkConsents(p *policy.Policy, r *Request, scopes []string) error {
	if r.Kind != ConsentWithdrawal {
		if len(scopes) > 0 {
			return invalid("unknown_consent", "only a consent withdrawal names consents")
		}
		return nil
	}
	for _, sc := range scopes {
		if !validScope(p, sc) {
			return invalid("unknown_consent", "consent %q is not one the policy in force asks", sc)
		}
	}
	r.Items = append(r.Items, scopes...)
	return nil
}

// validScope: purpose:P, optional:P, sensitive:P, unique:P of a purpose based
// on consent, keep:P, or provision:ID of a provision that asks consent.
func validScope(p *policy.Policy, scope string) bool {
	kind, id, _ := strings.Cut(scope, ":")
	if kind == "provision" {
		pr := p.Provision(id)
		return pr != nil && pr.ConsentRequired
	}
	pu := p.Purpose(id)
	return pu != nil && pu.Basis.Consent && slices.Contains([]string{"purpose", "optional", "sensitive", "unique", "keep"}, kind)
}

// checkObjection: an objection's earlier request is the same subject's,
// in the same service, and has a result.
func (s *Service) checkObjection(ctx context.Context, tx store.Querier, r *Request) error {
	if r.Kind != Objection {
		return nil
	}
	parent, err := s.load(ctx, tx, r.ObjectsTo)
	if err != nil || parent.Subject != r.Subject || parent.Service != r.Service {
		return notFound()
	}
	if parent.Status.open() {
		return conflict("no_result_yet", "the request objected to has no result yet")
	}
	return nil
}

// standing checks that a representative or proxy may ask for the subject;
// it answers whether the actor acts on another's behalf.
func (s *Service) standing(ctx context.Context, actor vault.Actor, f Filing, r *Request) (bool, error) {
	switch r.Requester {
	case BySubject:
		return false, nil
	case ByRepresentative:
		return true, s.representative(ctx, f, r)
	case ByProxy:
		return true, s.proxy(ctx, f, r)
	}
	return false, invalid("unknown_requester", "unknown requester %q (want subject, representative or proxy)", r.Requester)
}

func (s *Service) representative(ctx context.Context, f Filing, r *Request) error {
	if f.Verification == "" || s.cfg.Guardians == nil {
		return forbidden("representative_unverified", "a legal representative's request needs a verification of the representative recorded at sign-up")
	}
	minor, err := s.cfg.Guardians.Represents(ctx, f.Service, f.Subject, f.Verification, s.now())
	if c := errs.Code(err); c == errs.NotFound || c == errs.Forbidden || c == errs.Invalid { // no such person, no representative, a wrong or used code
		return forbidden("representative_unverified", "the verification does not prove the legal representative recorded at sign-up")
	}
	if err != nil {
		return err
	}
	if !minor {
		return forbidden("represented_not_minor", "the person is now 14 or older and makes their own requests")
	}
	r.Status, r.requesterRef = Verifying, f.Verification
	return nil
}

func (s *Service) proxy(ctx context.Context, f Filing, r *Request) error {
	a := f.Attorney
	switch {
	case a == nil || len(a.Kinds) == 0 || a.From.IsZero() || a.Until.IsZero() || a.Until.Before(a.From):
		return forbidden("attorney_missing", "a proxy's request needs a power of attorney (위임장, 별지 제11호) with its kinds and period")
	case !slices.Contains(a.Kinds, r.Kind):
		return forbidden("attorney_scope", "the power of attorney does not cover a request of this kind")
	}
	now := s.now()
	if now.Before(a.From) || !now.Before(a.Until.AddDate(0, 0, 1)) {
		return forbidden("attorney_expired", "the power of attorney is not in force today")
	}
	if f.Verification == "" || s.cfg.Identities == nil {
		return forbidden("proxy_unverified", "a proxy's identity is verified through the identity verification service first")
	}
	ref, err := s.cfg.Identities.Verified(ctx, f.Verification)
	if errs.Code(err) == errs.NotFound || errs.Code(err) == errs.Forbidden || errs.Code(err) == errs.Invalid {
		return forbidden("proxy_unverified", "the proxy's identity verification is unknown or expired")
	}
	if err != nil {
		return err
	}
	r.Status, r.requesterRef = Verifying, ref
	return nil
}
