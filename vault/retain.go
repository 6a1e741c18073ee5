package vault

import (
	"context"
	"slices"
	"time"

	"jikimi/errs"
	"jikimi/policy"
)

// Retain says how a new record is kept: the retention rule of its purpose,
// the case it belongs to, and, under a rule destroyed at once unless the
// subject consents to keep it (keep_with_consent), the period consented to.
type Retain struct {
	Rule string
	Case string        // opaque ID grouping one case's records (an application); events may name it
	Keep policy.Period // one of the rule's keep_with_consent periods; zero: destroyed at once
}

// PutRetained is Put with the record's case and consented keeping period.
func (v *Vault) PutRetained(ctx context.Context, r Request, k Retain, values map[string]string) (string, error) {
	r.Items = itemsOf(r.Items, values)
	if r.Items == nil {
		return "", errs.E(errs.Invalid, "vault: the record's items must be named and match its values")
	}
	v.resolve(&r)
	if err := checkRetainAhead(r, k); err != nil {
		return "", err
	}
	r.keep = !k.Keep.IsZero()
	id, err := v.newRecordID()
	if err != nil {
		return "", err
	}
	err = v.do(ctx, r, func(t *txn) (int, error) {
		return 1, v.insertRecord(ctx, t, r, id, k, values)
	})
	return id, err
}

// checkRetainAhead refuses a malformed Retain before any decision, as bad
// input rather than an access attempt: the keep consent the decision asks
// for must not hide that the rule offers no such keeping. A request the
// policy does not know is left to the decision, which logs its denial.
func checkRetainAhead(r Request, k Retain) error {
	if r.pu == nil {
		return nil
	}
	rr := r.pu.Rule(k.Rule)
	if rr == nil {
		return errs.E(errs.Invalid, "vault: purpose %q has no retention rule %q", r.Purpose, k.Rule)
	}
	return checkRetain(rr, k)
}

// checkRetain validates k against the rule it names.
func checkRetain(rr *policy.Retention, k Retain) error {
	if !validCase(k.Case) {
		return errs.E(errs.Invalid, "vault: a case is an opaque ID of at most 64 letters, digits, '.', '_' or '-'")
	}
	if k.Keep.IsZero() {
		return nil
	}
	if shape, _ := rr.Shape(); shape != policy.ShapeImmediateKeep {
		return errs.E(errs.Invalid, "vault: retention rule %q offers no keeping with consent", rr.ID)
	}
	if !slices.Contains(rr.KeepWithConsent, k.Keep) {
		return errs.E(errs.Invalid, "vault: retention rule %q does not offer keeping for %s", rr.ID, k.Keep)
	}
	return nil
}

func validCase(s string) bool {
	if len(s) > 64 {
		return false
	}
	for _, c := range s {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// dueFacts are what a record's due date is computed from.
type dueFacts struct {
	created, updated time.Time
	keep             policy.Period
	// event answers when a named event happened to the record; nil, or
	// false, while it has not.
	event func(name string) (time.Time, bool)
}

// dueOf is the one computation of a record's next retention date, used on
// insert, on events, on changes of a draft and on a new policy version: its
// destruction, or, under a rule kept separately (분리보관), its move into
// separate storage, which is when the rule's clock starts. ok is false while
// the rule waits for an event that has not happened.
func dueOf(r *policy.Retention, f dueFacts) (time.Time, bool) {
	if shape, _ := r.Shape(); shape == policy.ShapePeriodUntil {
		return soonerOf(r, f), true
	}
	start, ok := clockStart(r, f)
	if !ok {
		return time.Time{}, false
	}
	switch shape, _ := r.Shape(); shape {
	case policy.ShapePeriod:
		if separates(r) {
			return start, true
		}
		return r.Period.AddTo(start), true
	case policy.ShapeImmediateKeep:
		return f.keep.AddTo(start), true
	}
	return start, true // until an event, or immediate
}

// soonerOf is the due date under a period from collection that an event
// ends sooner: the period's end, or the event if it happened before.
func soonerOf(r *policy.Retention, f dueFacts) time.Time {
	due := r.Period.AddTo(f.created)
	if f.event != nil {
		if at, ok := f.event(r.Until); ok && at.Before(due) {
			return at
		}
	}
	return due
}

// clockStart is when the rule's clock starts: collection, the last change of
// a draft, or the event the rule names.
func clockStart(r *policy.Retention, f dueFacts) (time.Time, bool) {
	switch ev := waitsFor(r); ev {
	case "", "collection":
		return f.created, true
	case "draft_changed":
		return f.updated, true
	default:
		if f.event == nil {
			return time.Time{}, false
		}
		return f.event(ev)
	}
}

// waitsFor is the event a rule's clock starts at; "" for collection.
func waitsFor(r *policy.Retention) string {
	if r.Until != "" {
		return r.Until
	}
	return r.After
}

// separates reports whether records under r are moved into separate storage
// when its clock starts and kept there for its period.
func separates(r *policy.Retention) bool {
	shape, _ := r.Shape()
	return r.Method == "separate" && r.Separate != nil && shape == policy.ShapePeriod
}

// keptUntil is when a separately kept record is destroyed.
func keptUntil(r *policy.Retention, keptFrom time.Time) time.Time {
	return r.Period.AddTo(keptFrom)
}

// micros is t in Unix microseconds, or nil for "no date".
func micros(t time.Time, ok bool) any {
	if !ok {
		return nil
	}
	return t.UnixMicro()
}

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }
