package audit

import (
	"context"

	"jikimi/errs"
)

// Entries returns the entries with from <= seq <= to, oldest first, decoded
// from their canonical encodings (what a rights request, a console or a test
// reads; Verify is what checks them).
func (l *Log) Entries(ctx context.Context, from, to int64) ([]Entry, error) {
	if from < 1 || to < from {
		return nil, errs.E(errs.Invalid, "audit: want 1 <= from <= to")
	}
	s, err := scanEntries(ctx, l.sql.Reader(), from-1, to)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for s.next() {
		e, err := s.r.decoded()
		if err != nil {
			s.close()
			return nil, err
		}
		out = append(out, e)
	}
	return out, s.close()
}

// Last returns the newest entry; not_found when the log is empty.
func (l *Log) Last(ctx context.Context) (Entry, error) {
	head, err := readHead(ctx, l.sql.Reader())
	if err != nil {
		return Entry{}, err
	}
	if head.seq == 0 {
		return Entry{}, errs.E(errs.NotFound, "audit: the log is empty")
	}
	es, err := l.Entries(ctx, head.seq, head.seq)
	if err != nil || len(es) != 1 {
		return Entry{}, errs.E(errs.Internal, "audit: read the newest entry")
	}
	return es[0], nil
}
