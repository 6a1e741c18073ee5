package vault

import (
	"context"
	"errors"
	"testing"

	"jikimi/errs"
	"jikimi/errs/errstest"
	"jikimi/store"
)

// Then runs inside the access's transaction: its writes commit with the
// access, its failure rolls the access back, and a denial never runs it.
func TestThenSharesTheTransaction(t *testing.T) {
	drivers(t, func(t *testing.T, e *env) {
		sql := e.st.SQL()
		if err := sql.InTx(ctx, func(tx store.Querier) error {
			_, err := tx.ExecContext(ctx, `CREATE TABLE then_marks (subject TEXT NOT NULL)`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		subject, _ := e.weighed(t)
		mark := func(ctx context.Context, tx store.Querier) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO then_marks (subject) VALUES (?)`, subject)
			return err
		}
		marks := func() int {
			var n int
			if err := sql.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM then_marks`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		r := healthReq(self(subject), subject, Input)
		r.Then = mark
		if _, err := e.v.Put(ctx, r, "service", map[string]string{"steps": "9000"}); err != nil {
			t.Fatal(err)
		}
		if marks() != 1 {
			t.Fatalf("%d marks after an allowed access, want 1", marks())
		}
		before, head := e.countRecords(t), e.headSeq(t)
		boom := errors.New("boom")
		r.Then = func(context.Context, store.Querier) error { return boom }
		if _, err := e.v.Put(ctx, r, "service", map[string]string{"steps": "9100"}); !errors.Is(err, boom) {
			t.Fatalf("failing Then: %v", err)
		}
		if e.countRecords(t) != before || e.headSeq(t) != head {
			t.Fatal("a failing Then left the record or its log entry behind")
		}
		bare := e.newSubject(t)
		denied := healthReq(self(bare), bare, Input)
		denied.Then = mark
		_, err := e.v.Put(ctx, denied, "service", map[string]string{"steps": "1"})
		errstest.Want(t, err, errs.Forbidden, ReasonConsentMissing)
		if marks() != 1 {
			t.Fatal("Then ran on a denial")
		}
	})
}

func (e *env) headSeq(t *testing.T) int64 {
	t.Helper()
	last, err := e.log.Last(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return last.Seq
}
