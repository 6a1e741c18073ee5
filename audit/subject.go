package audit

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"jikimi/errs"
	"jikimi/store"
)

// The audit_subjects table indexes entries by subject, so a person's
// entries are found without reading the log. Appends write its rows in the
// entries' transaction; entries older than the index are indexed once, the
// first time the index is read (audit_subjects_pending).

// maxIndexRows bounds the rows of one index statement.
const maxIndexRows = 500

// subjectRows is the (subject, seq) pairs of ps, the first at seq first.
func subjectRows(first int64, ps []Prepared) (int, []any) {
	var args []any
	for i, p := range ps {
		if p.subject != "" {
			args = append(args, p.subject, first+int64(i))
		}
	}
	return len(args) / 2, args
}

// insertSubjects writes the index rows of ps, the first at seq first.
func insertSubjects(ctx context.Context, tx store.Querier, first int64, ps []Prepared) error {
	n, args := subjectRows(first, ps)
	for start := 0; start < n; start += maxIndexRows {
		k := min(maxIndexRows, n-start)
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_subjects (subject, seq) VALUES `+placeholders(k, 2), args[2*start:2*(start+k)]...); err != nil {
			return errs.Wrap(errs.Internal, err, "audit: index entries by subject")
		}
	}
	return nil
}

// typedPairs is "(?, CAST(? AS BIGINT)), ..." for n rows of a VALUES list,
// whose column types PostgreSQL cannot infer from an INSERT.
func typedPairs(n int) string {
	return strings.TrimSuffix(strings.Repeat("(?, CAST(? AS BIGINT)), ", n), ", ")
}

// OfSubject calls fn with every entry about one subject (an opaque ID),
// oldest first, found through the index: what a rights request's access
// answer (열람) shows as "who accessed my data".
func (l *Log) OfSubject(ctx context.Context, subject string, fn func(Entry) error) error {
	if subject == "" {
		return errs.E(errs.Invalid, "audit: OfSubject needs a subject")
	}
	if err := l.indexPending(ctx); err != nil {
		return err
	}
	seqs, err := readSeqs(ctx, l.sql.Reader(), subject)
	if err != nil {
		return err
	}
	for len(seqs) > 0 {
		// One read covers the seqs that can share a batch with the first.
		n := 1
		for n < len(seqs) && seqs[n] < seqs[0]+maxBatch {
			n++
		}
		if err := l.entriesAt(ctx, seqs[:n], subject, fn); err != nil {
			return err
		}
		seqs = seqs[n:]
	}
	return nil
}

func readSeqs(ctx context.Context, q store.Querier, subject string) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT seq FROM audit_subjects WHERE subject = ? ORDER BY seq`, subject)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "audit: read the subject index")
	}
	defer rows.Close()
	var seqs []int64
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			return nil, errs.Wrap(errs.Internal, err, "audit: read the subject index")
		}
		seqs = append(seqs, seq)
	}
	return seqs, wrapErr(rows.Err(), "audit: read the subject index")
}

// entriesAt calls fn with the entries numbered seqs (ascending, within one
// batch's span), checking each is subject's.
func (l *Log) entriesAt(ctx context.Context, seqs []int64, subject string, fn func(Entry) error) error {
	s, err := scanEntries(ctx, l.sql.Reader(), seqs[0]-1, seqs[len(seqs)-1])
	if err != nil {
		return err
	}
	defer s.close()
	for s.next() {
		if _, found := slices.BinarySearch(seqs, s.r.seq); !found {
			continue
		}
		e, err := s.r.decoded()
		if err != nil {
			return err
		}
		if e.Subject != subject {
			return errs.E(errs.Internal, "audit: the subject index names entry %d, which is another subject's (run jikimi audit verify)", e.Seq)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return s.close()
}

// indexPending indexes, once, the entries appended before the index
// existed.
func (l *Log) indexPending(ctx context.Context) error {
	var upto int64
	err := l.sql.Reader().QueryRowContext(ctx, `SELECT upto FROM audit_subjects_pending`).Scan(&upto)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return errs.Wrap(errs.Internal, err, "audit: read the subject index")
	}
	return l.sql.InTx(ctx, func(tx store.Querier) error {
		// Deleting the marker first makes a concurrent indexer wait, then
		// find nothing to do.
		res, err := tx.ExecContext(ctx, `DELETE FROM audit_subjects_pending`)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "audit: index entries by subject")
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return wrapErr(err, "audit: index entries by subject")
		}
		var ps []Prepared
		first := int64(0)
		s, err := scanEntries(ctx, tx, 0, upto)
		if err != nil {
			return err
		}
		for s.next() {
			e, err := s.r.decoded()
			if err != nil {
				s.close()
				return err
			}
			if first == 0 {
				first = e.Seq
			}
			ps = append(ps, Prepared{subject: e.Subject})
		}
		if err := s.close(); err != nil {
			return err
		}
		return insertSubjects(ctx, tx, first, ps)
	})
}
