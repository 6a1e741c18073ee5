package audit

import (
	"bytes"
	"cmp"
	"context"
	"slices"

	"jikimi/errs"
	"jikimi/store"
)

// The audit_subjects table indexes entries by subject, so a person's
// entries are found without reading the log. It is brought up to date in
// bulk (IndexSubjects), off the append and checkpoint paths: by the daily
// run and before it is read. audit_subjects_indexed holds how far it
// reaches; OfSubject reads the few entries past that directly.

// maxIndexRows bounds the rows of one index statement.
const maxIndexRows = 500

// indexChunk is how many entries one indexing transaction reads (a
// variable for tests).
var indexChunk int64 = 50_000

// IndexSubjects brings the subject index up to the chain head, a chunk of
// entries per transaction; each chunk's rows are written sorted by subject,
// so a chunk touches each page of the index once.
func (l *Log) IndexSubjects(ctx context.Context) error {
	for {
		var done bool
		err := l.sql.InTx(ctx, func(tx store.Querier) (err error) {
			done, err = l.indexChunk(ctx, tx)
			return err
		})
		if err != nil || done {
			return err
		}
	}
}

func (l *Log) indexChunk(ctx context.Context, tx store.Querier) (bool, error) {
	var upto int64
	if err := tx.QueryRowContext(ctx, `SELECT upto FROM audit_subjects_indexed WHERE id = 1`+l.forUpdate()).Scan(&upto); err != nil {
		return false, errs.Wrap(errs.Internal, err, "audit: read how far the subject index reaches")
	}
	head, err := readHead(ctx, tx)
	if err != nil {
		return false, err
	}
	end := min(head.seq, upto+indexChunk)
	if end <= upto {
		return true, nil
	}
	var rows []subjectRow
	s, err := scanEntries(ctx, tx, upto, end)
	if err != nil {
		return false, err
	}
	for s.next() {
		if sub := encodedSubject(s.r.entry); len(sub) > 0 {
			rows = append(rows, subjectRow{string(sub), s.r.seq})
		}
	}
	if err := s.close(); err != nil {
		return false, err
	}
	if err := insertSubjects(ctx, tx, rows); err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE audit_subjects_indexed SET upto = ? WHERE id = 1`, end)
	return end == head.seq, errs.WrapIf(err, "audit: record how far the subject index reaches")
}

type subjectRow struct {
	subject string
	seq     int64
}

// insertSubjects writes index rows, sorted by subject first.
func insertSubjects(ctx context.Context, tx store.Querier, rows []subjectRow) error {
	slices.SortFunc(rows, func(a, b subjectRow) int { return cmp.Or(cmp.Compare(a.subject, b.subject), cmp.Compare(a.seq, b.seq)) })
	args := make([]any, 0, 2*maxIndexRows)
	for start := 0; start < len(rows); start += maxIndexRows {
		chunk := rows[start:min(start+maxIndexRows, len(rows))]
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r.subject, r.seq)
		}
		q := `INSERT INTO audit_subjects (subject, seq) VALUES ` + placeholders(len(chunk), 2) + ` ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return errs.Wrap(errs.Internal, err, "audit: index entries by subject")
		}
	}
	return nil
}

// OfSubject calls fn with every entry about one subject (an opaque ID),
// oldest first, found through the index: what a rights request's access
// answer (열람) shows as "who accessed my data".
func (l *Log) OfSubject(ctx context.Context, subject string, fn func(Entry) error) error {
	if subject == "" {
		return errs.E(errs.Invalid, "audit: OfSubject needs a subject")
	}
	if err := l.IndexSubjects(ctx); err != nil {
		return err
	}
	q := l.sql.Reader()
	var indexed int64 // read first: indexing meanwhile only moves entries into the index
	if err := q.QueryRowContext(ctx, `SELECT upto FROM audit_subjects_indexed WHERE id = 1`).Scan(&indexed); err != nil {
		return errs.Wrap(errs.Internal, err, "audit: read how far the subject index reaches")
	}
	seqs, err := readSeqs(ctx, q, subject, indexed)
	if err != nil {
		return err
	}
	for len(seqs) > 0 {
		// One read covers the seqs near the first, within a batch's span:
		// what lies between two of them is read too, and in a busy log
		// that is other people's entries, so a read spans no wide gap.
		n := 1
		for n < len(seqs) && seqs[n] < seqs[0]+maxBatch && seqs[n]-seqs[n-1] <= nearby {
			n++
		}
		if err := l.entriesAt(ctx, seqs[:n], subject, fn); err != nil {
			return err
		}
		seqs = seqs[n:]
	}
	return l.tailOf(ctx, indexed, subject, fn)
}

// nearby is the widest gap between two of a subject's entries that one
// read of the log spans (reading the entries between); farther apart, each
// is read on its own.
const nearby = 64

func readSeqs(ctx context.Context, q store.Querier, subject string, upTo int64) ([]int64, error) {
	return store.Column[int64](ctx, q, "audit: read the subject index", `SELECT seq FROM audit_subjects WHERE subject = ? AND seq <= ? ORDER BY seq`, subject, upTo)
}

// entriesAt calls fn with the entries numbered seqs (ascending, within one
// batch's span), checking each is subject's.
func (l *Log) entriesAt(ctx context.Context, seqs []int64, subject string, fn func(Entry) error) error {
	return l.walkSubject(ctx, seqs[0]-1, seqs[len(seqs)-1], subject, func(r *row) (bool, error) {
		_, found := slices.BinarySearch(seqs, r.seq)
		if found && string(encodedSubject(r.entry)) != subject {
			return false, errs.E(errs.Internal, "audit: the subject index names entry %d, which is another subject's (run jikimi audit verify)", r.seq)
		}
		return found, nil
	}, fn)
}

// tailOf calls fn with subject's entries appended since the index was
// brought up to date, a moment ago.
func (l *Log) tailOf(ctx context.Context, after int64, subject string, fn func(Entry) error) error {
	id := []byte(subject)
	return l.walkSubject(ctx, after, 1<<62, subject, func(r *row) (bool, error) {
		return bytes.Equal(encodedSubject(r.entry), id), nil
	}, fn)
}

// walkSubject calls fn with the decoded entries in (after, upTo] that pick
// chooses.
func (l *Log) walkSubject(ctx context.Context, after, upTo int64, subject string, pick func(*row) (bool, error), fn func(Entry) error) error {
	s, err := scanEntries(ctx, l.sql.Reader(), after, upTo)
	if err != nil {
		return err
	}
	defer s.close()
	for s.next() {
		ok, err := pick(&s.r)
		if err != nil || !ok {
			if err != nil {
				return err
			}
			continue
		}
		e, err := s.r.decoded()
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return s.close()
}
