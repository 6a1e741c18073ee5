package vault

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strings"

	"jikimi/audit"
	"jikimi/errs"
	"jikimi/store"
)

// Arrival is one subject registered by Import: the consents they gave, as
// the importing actor records them, and their first records.
type Arrival struct {
	Consents []Consent // Scope, Channel, Text (and Representative, Minor) as Give takes them
	Records  []Arriving
}

// Arriving is one first record of an arriving subject, stored as Put (Key
// "") or as MergeMany's keyed record under KeyedID(subject, Purpose, Key)
// would store it: its items are the keys of Values.
type Arriving struct {
	Purpose string
	Rule    string
	Key     string
	Values  map[string]string
}

// importChunk is how many rows one INSERT of Import's registrations or
// consents stores (10 values a consent: well under SQLite's 32,766).
const importChunk = 500

// Import registers many subjects of r's service at once — a population
// moved from an earlier system — with their consents and first records, in
// one transaction: each registration, consent and record is checked and
// logged as NewSubject, Give and Put would do it, one access-log entry
// each, appended together; each record is decided by the gate on its
// subject's consents as recorded here (a subject registered in this
// transaction has no other facts: no suspension, no correction), and
// sealed under the subject's own data key, created for it. r names the
// actor and the service (r.Subject, r.Purpose and r.Items are unused): a
// system job or staff, since the subjects do not exist yet to act. Anything
// malformed fails the whole import before anything is written; a record the
// gate refuses fails it with nothing written but the refusals' log entries.
// The IDs come back in the arrivals' order.
func (v *Vault) Import(ctx context.Context, r Request, arrivals []Arrival) ([]string, error) {
	if r.Actor.Kind != System && r.Actor.Kind != Staff {
		return nil, deny(ReasonRoleForbidden, "a %s does not import subjects", r.Actor.Kind)
	}
	r.Subject = "import" // validate's check; each entry names its own subject
	r.Action = Input
	if err := validate(r); err != nil {
		return nil, err
	}
	p, err := v.current(r.Service)
	if err != nil {
		return nil, err
	}
	im := &importing{v: v, r: r, now: v.now()}
	for _, a := range arrivals {
		if err := im.arrive(a); err != nil {
			return nil, err
		}
	}
	if len(im.ids) == 0 {
		return nil, errs.E(errs.Invalid, "vault: an import of no subject")
	}
	if len(im.denied) > 0 {
		err := v.cfg.SQL.InTx(ctx, func(tx store.Querier) error { return v.cfg.Log.Append(ctx, tx, im.denied...) })
		if err != nil {
			return nil, err
		}
		return nil, im.denial
	}
	t := &txn{p: p, fresh: map[string][]byte{}}
	err = v.cfg.SQL.InTx(ctx, func(tx store.Querier) error {
		t.tx = tx
		if err := im.register(ctx, tx); err != nil {
			return err
		}
		for _, rec := range im.records {
			if _, ok := t.fresh[keyName(rec.r.Subject, rec.r.Purpose)]; !ok {
				k, err := v.newDataKey(ctx, tx, rec.r.Subject, rec.r.Purpose, []byte("jikimi data key v1|"+keyName(rec.r.Subject, rec.r.Purpose)))
				if err != nil {
					return err
				}
				t.fresh[keyName(rec.r.Subject, rec.r.Purpose)] = k
			}
			t.pu = rec.r.pu
			if _, err := v.insertRows(ctx, t, rec.r, Retain{Rule: rec.rule}, []newRow{{id: rec.id, items: rec.r.Items, values: rec.values}}, ""); err != nil {
				return err
			}
		}
		return v.cfg.Log.Append(ctx, tx, im.entries...)
	})
	if err != nil {
		return nil, err
	}
	return im.ids, nil
}

// importing is one Import being checked and decided before it is written.
type importing struct {
	v        *Vault
	r        Request
	now      int64
	ids      []string
	subjects []any // pd_subjects rows' values
	consents []any // pd_consents rows' values
	records  []arrivingRecord
	entries  []audit.Entry // the access-log entries of everything written
	denied   []audit.Entry // the refusals' entries
	denial   error         // the first refusal
}

type arrivingRecord struct {
	r      Request // decided, resolved: its subject, purpose and items
	id     string
	rule   string
	values map[string]string
}

// arrive checks and decides one arrival.
func (im *importing) arrive(a Arrival) error {
	v, r := im.v, im.r
	id, err := v.newID("sub_")
	if err != nil {
		return err
	}
	im.ids = append(im.ids, id)
	im.subjects = append(im.subjects, id, r.Service, im.now)
	im.entries = append(im.entries, v.entry(Request{Actor: r.Actor, Service: r.Service, Purpose: "registration", Subject: id, Action: Input}, nil, 1))
	pol, err := v.current(r.Service)
	if err != nil {
		return err
	}
	f := &subjectFacts{service: r.Service, correcting: map[string][]string{}}
	for _, c := range a.Consents {
		c.Subject, c.Service = id, r.Service
		if err := validConsent(pol, r.Actor, c); err != nil {
			return err
		}
		cid, err := v.newID("cns_")
		if err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(c.Text))
		var verifiedAt any
		if c.Representative != "" {
			verifiedAt = im.now
		}
		im.consents = append(im.consents, cid, id, r.Service, c.Scope, im.now, c.Channel, pol.Version, hex.EncodeToString(sum[:]), nullable(c.Representative), verifiedAt)
		_, purpose, _ := strings.Cut(c.Scope, ":")
		im.entries = append(im.entries, v.entry(Request{Actor: r.Actor, Service: r.Service, Purpose: purpose, Subject: id, Action: Input}, nil, 1))
		f.consents = append(f.consents, consentRow{scope: c.Scope, version: pol.Version})
	}
	for _, ar := range a.Records {
		req := Request{Actor: r.Actor, Service: r.Service, Purpose: ar.Purpose, Subject: id, Action: Input,
			Items: slices.Sorted(maps.Keys(ar.Values))}
		if len(req.Items) == 0 {
			return errs.E(errs.Invalid, "vault: an empty record in an import")
		}
		v.resolve(&req)
		if err := checkRetainAhead(req, Retain{Rule: ar.Rule}); err != nil {
			return err
		}
		if denied := v.decideOn(&txn{}, req, f, nil); denied != nil {
			im.denied = append(im.denied, v.entry(req, denied, 0))
			if im.denial == nil {
				im.denial = denied
			}
			continue
		}
		rid := KeyedID(id, ar.Purpose, ar.Key)
		if ar.Key == "" {
			if rid, err = v.newRecordID(); err != nil {
				return err
			}
		}
		im.records = append(im.records, arrivingRecord{r: req, id: rid, rule: ar.Rule, values: ar.Values})
		im.entries = append(im.entries, v.entry(req, nil, 1))
	}
	return nil
}

// register stores the registrations and the consents, importChunk rows a statement.
func (im *importing) register(ctx context.Context, tx store.Querier) error {
	if err := insertValues(ctx, tx, `INSERT INTO pd_subjects (id, service, created_at) VALUES `, 3, im.subjects); err != nil {
		return errs.Wrap(errs.Internal, err, "vault: register subjects")
	}
	err := insertValues(ctx, tx, `INSERT INTO pd_consents (id, subject_id, service, scope, given_at, channel, policy_version, text_sha256, representative, rep_verified_at) VALUES `, 10, im.consents)
	return errs.WrapIf(err, "vault: record consents")
}

// insertValues inserts rows of width values each (args holds them one row
// after another), importChunk rows a statement.
func insertValues(ctx context.Context, tx store.Querier, head string, width int, args []any) error {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	for len(args) > 0 {
		n := min(len(args)/width, importChunk)
		q := head + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
		if _, err := tx.ExecContext(ctx, q, args[:n*width]...); err != nil {
			return err
		}
		args = args[n*width:]
	}
	return nil
}
