package audit

import (
	"bytes"
	"context"
	"math"

	"jikimi/errs"
)

// OfSubject calls fn with every entry about one subject (an opaque ID),
// oldest first: what a rights request's access answer (열람) shows as
// "who accessed my data". The log has no index by subject yet, so this
// walks the whole log, decoding only the entries whose bytes hold the ID.
func (l *Log) OfSubject(ctx context.Context, subject string, fn func(Entry) error) error {
	if subject == "" {
		return errs.E(errs.Invalid, "audit: OfSubject needs a subject")
	}
	s, err := scanEntries(ctx, l.sql.Reader(), 0, math.MaxInt64)
	if err != nil {
		return err
	}
	id := []byte(subject)
	for s.next() {
		if !bytes.Contains(s.r.entry, id) {
			continue
		}
		e, err := s.r.decoded()
		if err != nil {
			s.close()
			return err
		}
		if e.Subject != subject {
			continue
		}
		if err := fn(e); err != nil {
			s.close()
			return err
		}
	}
	return s.close()
}
