package audit

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"jikimi/errs"
	"jikimi/store"
)

func (e *env) ofSubject(t testing.TB, subject string) []int64 {
	t.Helper()
	var seqs []int64
	err := e.log.OfSubject(ctx, subject, func(x Entry) error {
		if x.Subject != subject {
			t.Fatalf("entry %d is %s's", x.Seq, x.Subject)
		}
		seqs = append(seqs, x.Seq)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return seqs
}

// subjectLog appends, in single entries and in batches, entries of s_0..s_4
// and some with no subject; it returns s_3's sequence numbers.
func subjectLog(t *testing.T, e *env) []int64 {
	var want []int64
	seq := int64(0)
	add := func(es ...Entry) {
		e.append(t, es...)
		for _, x := range es {
			seq++
			if x.Subject == "s_3" {
				want = append(want, seq)
			}
		}
	}
	none := sample(0)
	none.Subject = ""
	for range 3 {
		add(sample(3))
		add(samples(5)...)
		add(none, sample(3), none)
	}
	far := make([]Entry, 2*nearby)
	for i := range far {
		far[i] = none
	}
	add(far...) // s_3's next entry far from its last: read on its own
	add(sample(3))
	add(samples(maxBatch + 10)...) // two batches, s_3 once
	return want
}

func TestOfSubjectThroughTheIndex(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		want := subjectLog(t, e)
		if got := e.ofSubject(t, "s_3"); !slices.Equal(got, want) {
			t.Fatalf("s_3's entries %v, want %v", got, want)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM audit_subjects WHERE subject = 's_3'`); n != int64(len(want)) {
			t.Fatalf("indexed %d of s_3's entries, want %d", n, len(want))
		}
		if got := e.ofSubject(t, "s_nobody"); len(got) != 0 {
			t.Fatalf("an unknown subject has %v", got)
		}
		// Found through the index, not by reading the log: without its
		// rows, nothing is found.
		e.exec(t, `DELETE FROM audit_subjects WHERE subject = 's_3'`)
		if got := e.ofSubject(t, "s_3"); len(got) != 0 {
			t.Fatalf("found %v without the index", got)
		}
		e.append(t, sample(3))
		if got := e.ofSubject(t, "s_3"); len(got) != 1 || got[0] != e.entries(t) {
			t.Fatalf("the entry appended since: %v", got)
		}
		if err := e.log.OfSubject(ctx, "", func(Entry) error { return nil }); errs.Code(err) != errs.Invalid {
			t.Fatalf("OfSubject(\"\") = %v", err)
		}
	})
}

// IndexSubjects works through the log a chunk at a time and picks up where
// it stopped; entries appended since it ran are read directly.
func TestIndexSubjectsInChunks(t *testing.T) {
	defer func(n int64) { indexChunk = n }(indexChunk)
	indexChunk = 7
	eachDB(t, func(t *testing.T, e *env) {
		want := subjectLog(t, e)
		if err := e.log.IndexSubjects(ctx); err != nil {
			t.Fatal(err)
		}
		if n := e.count(t, `SELECT upto FROM audit_subjects_indexed`); n != e.entries(t) {
			t.Fatalf("indexed up to %d of %d", n, e.entries(t))
		}
		if n := e.count(t, `SELECT COUNT(*) FROM audit_subjects WHERE subject = 's_3'`); n != int64(len(want)) {
			t.Fatalf("indexed %d of s_3's entries, want %d", n, len(want))
		}
		e.append(t, sample(3), sample(3))
		var got []int64
		if err := e.log.tailOf(ctx, e.entries(t)-2, "s_3", func(x Entry) error { got = append(got, x.Seq); return nil }); err != nil || len(got) != 2 {
			t.Fatalf("the tail: %v, %v", got, err)
		}
	})
}

func TestOfSubjectRefusesAWrongIndexRow(t *testing.T) {
	e := newEnv(t, openSQLite)
	e.append(t, sample(1), sample(2))
	e.exec(t, `INSERT INTO audit_subjects (subject, seq) VALUES ('s_1', 2)`)
	if err := e.log.OfSubject(ctx, "s_1", func(Entry) error { return nil }); errs.Code(err) != errs.Internal {
		t.Fatalf("OfSubject over a wrong row = %v", err)
	}
}

func TestPruneDeletesTheIndexRows(t *testing.T) {
	e := newEnv(t, openSQLite)
	pruneLog(t, e)
	e.checkpoint(t)
	if err := e.log.IndexSubjects(ctx); err != nil {
		t.Fatal(err)
	}
	e.prune(t)
	if n := e.count(t, `SELECT COUNT(*) FROM audit_subjects WHERE seq <= 40`); n != 0 {
		t.Fatalf("%d index rows of pruned entries", n)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_subjects`); n != 5 {
		t.Fatalf("%d index rows left, want 5", n)
	}
	if got := e.ofSubject(t, "s_2"); len(got) != 1 || got[0] != 43 {
		t.Fatalf("s_2 after pruning: %v", got)
	}
}

func TestProveEntriesOfASubject(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		want := subjectLog(t, e)
		e.checkpoint(t)
		e.append(t, sample(3)) // newer than the checkpoint: ProveEntries signs one first
		var entries []Entry
		if err := e.log.OfSubject(ctx, "s_3", func(x Entry) error { entries = append(entries, x); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(entries) != len(want)+1 {
			t.Fatalf("%d entries", len(entries))
		}
		cp, proofs, err := e.log.ProveEntries(ctx, entries)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range proofs {
			if err := VerifyInclusion(e.log.Trust(), cp.Note, p.Marshal()); err != nil || p.Seq != entries[i].Seq {
				t.Fatalf("proof of %d: %v", entries[i].Seq, err)
			}
		}
	})
}

// counting counts the statements run through it.
type counting struct {
	store.Querier
	n int
}

func (c *counting) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.Querier.QueryContext(ctx, q, args...)
}

func (c *counting) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	c.n++
	return c.Querier.QueryRowContext(ctx, q, args...)
}

// A person's proofs read what they need in bulk first: proving each entry
// then reads nothing more, entries far apart and in a large batch included.
func TestProofsOfASubjectArePrefetched(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		want := subjectLog(t, e)
		cp := e.checkpoint(t)
		n, err := newNodes(ctx, e.sql.Reader())
		if err != nil {
			t.Fatal(err)
		}
		if err := n.prefetch(ctx, want, uint64(cp.Size)); err != nil {
			t.Fatal(err)
		}
		c := &counting{Querier: e.sql.Reader()}
		n.q = c
		for _, seq := range want {
			p, err := e.log.prove(ctx, c, n, seq, cp)
			if err != nil {
				t.Fatalf("prove %d: %v", seq, err)
			}
			if err := VerifyInclusion(e.log.Trust(), cp.Note, p.Marshal()); err != nil {
				t.Fatalf("proof of %d: %v", seq, err)
			}
		}
		if c.n != 0 {
			t.Fatalf("%d statements while proving %d prefetched entries, want 0", c.n, len(want))
		}
	})
}
